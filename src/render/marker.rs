//! Place markers as values: what decides a marker's pixels (its look) kept
//! apart from where it goes, so the PNG path draws each look once; and the
//! one function that writes a marker's SVG (map and legend alike).

use super::style::colors;
use super::svg::n;
use crate::dataset::Color;

const BLACK: Color = Color::hex("#000000");
use crate::timeline::Status;
use std::fmt::Write;

/// A place marker. The centre is on a quarter-pixel grid: fine enough that
/// no one sees it, coarse enough that each look is drawn once per frame set.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MarkerItem {
    /// Centre in quarter pixels.
    pub qx: i64,
    pub qy: i64,
    pub style: MarkerStyle,
}

/// Everything that decides a marker's pixels, apart from where it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct MarkerStyle {
    /// Radius in hundredths of a pixel.
    pub r: u32,
    pub status: Status,
    pub holder: Color,
    pub challenger: Color,
    /// The canvas scale factor in hundredths (line widths follow it).
    pub k: u32,
    /// Which part of the marker this item draws.
    pub part: MarkerPart,
}

/// The parts of a marker that are drawn apart: on the map every besieged
/// ring goes beneath every dot, so that a besieged suburb's ring never
/// covers the city's own dot beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum MarkerPart {
    /// The whole marker, ring and dot (the legend, and markers without a ring).
    Whole,
    /// A besieged marker's ring only.
    Ring,
    /// A besieged marker's dot only.
    Dot,
    /// The "changed hands lately" halo beneath a place, rather than a marker.
    Halo,
}

impl MarkerItem {
    /// A marker at a position in pixels.
    pub fn new(
        x: f64,
        y: f64,
        r: f64,
        status: Status,
        holder: Color,
        challenger: Color,
        k: f64,
    ) -> MarkerItem {
        MarkerItem {
            qx: (x * 4.0).round() as i64,
            qy: (y * 4.0).round() as i64,
            style: MarkerStyle {
                r: (r * 100.0).round() as u32,
                status,
                holder,
                challenger,
                k: (k * 100.0).round() as u32,
                part: MarkerPart::Whole,
            },
        }
    }

    /// The halo drawn beneath a place that changed hands lately.
    pub fn halo(x: f64, y: f64, r: f64, k: f64) -> MarkerItem {
        MarkerItem::new(x, y, r, Status::Unknown, BLACK, BLACK, k).part(MarkerPart::Halo)
    }

    /// A besieged marker's ring alone, in the besieger's colour.
    pub fn siege_ring(x: f64, y: f64, r: f64, challenger: Color, k: f64) -> MarkerItem {
        MarkerItem::new(x, y, r, Status::Besieged, BLACK, challenger, k).part(MarkerPart::Ring)
    }

    /// The same marker drawing only `part` of itself.
    pub fn part(mut self, part: MarkerPart) -> MarkerItem {
        self.style.part = part;
        self
    }

    /// Writes the marker's elements at `(x, y)` pixels.
    pub fn svg_at(&self, out: &mut String, x: f64, y: f64) {
        let s = &self.style;
        let (r, k) = (s.r as f64 / 100.0, s.k as f64 / 100.0);
        match s.part {
            MarkerPart::Whole => {
                write_marker(out, (x, y), r, s.status, s.holder, s.challenger, k);
            }
            MarkerPart::Ring => write_siege_ring(out, (x, y), r, s.challenger, k),
            MarkerPart::Dot => write_dot(out, (x, y), r, s.status, s.holder, s.challenger, k),
            MarkerPart::Halo => {
                let _ = write!(
                    out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" fill-opacity=\"0.5\"/>",
                    n(x),
                    n(y),
                    n(r),
                    colors::CHANGED
                );
            }
        }
    }

    /// Writes the marker where it is.
    pub fn svg(&self, out: &mut String) {
        self.svg_at(out, self.qx as f64 / 4.0, self.qy as f64 / 4.0);
    }
}

/// One marker: dot, split dot, ringed dot or hollow dot (the legend draws them too).
pub(crate) fn write_marker(
    out: &mut String,
    at: (f64, f64),
    r: f64,
    status: Status,
    holder: Color,
    challenger: Color,
    k: f64,
) {
    if status == Status::Besieged {
        write_siege_ring(out, at, r, challenger, k);
    }
    write_dot(out, at, r, status, holder, challenger, k);
}

/// A besieged marker's ring, in the besieger's colour: it reaches
/// [`RING_REACH`] beyond the marker's radius.
fn write_siege_ring(out: &mut String, (x, y): (f64, f64), r: f64, challenger: Color, k: f64) {
    let ring = 2.2 * k;
    let _ = write!(
        out,
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#ffffff\" stroke=\"{challenger}\" stroke-width=\"{}\"/>",
        n(x),
        n(y),
        n(r + ring * 0.9),
        n(ring),
    );
}

/// How far a besieged ring reaches beyond the marker's radius, at scale 1
/// (centred 1.98 px out, 2.2 px wide): the widest look of a marker.
pub(crate) const RING_REACH: f64 = 3.1;

/// A marker without its siege ring.
fn write_dot(
    out: &mut String,
    (x, y): (f64, f64),
    r: f64,
    status: Status,
    holder: Color,
    challenger: Color,
    k: f64,
) {
    let edge = n(0.8 * k);
    match status {
        Status::Unknown => {
            let _ = write!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"{}\"/>",
                n(x),
                n(y),
                n(r - 0.6 * k),
                colors::UNKNOWN,
                n(1.4 * k)
            );
        }
        Status::Held => {
            let _ = write!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{holder}\" stroke=\"#1a1a1a\" stroke-opacity=\"0.6\" stroke-width=\"{edge}\"/>",
                n(x),
                n(y),
                n(r)
            );
        }
        Status::Contested => {
            // Left half the holder, right half the challenger.
            let (top, bottom) = (n(y - r), n(y + r));
            let (xs, rs) = (n(x), n(r));
            let _ = write!(
                out,
                "<path d=\"M{xs} {top}A{rs} {rs} 0 0 0 {xs} {bottom}Z\" fill=\"{holder}\"/><path d=\"M{xs} {top}A{rs} {rs} 0 0 1 {xs} {bottom}Z\" fill=\"{challenger}\"/><circle cx=\"{xs}\" cy=\"{}\" r=\"{rs}\" fill=\"none\" stroke=\"#1a1a1a\" stroke-opacity=\"0.6\" stroke-width=\"{edge}\"/>",
                n(y)
            );
        }
        Status::Besieged => {
            let _ = write!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{holder}\" stroke=\"#1a1a1a\" stroke-opacity=\"0.6\" stroke-width=\"{edge}\"/>",
                n(x),
                n(y),
                n(r - 0.3 * k)
            );
        }
    }
}
