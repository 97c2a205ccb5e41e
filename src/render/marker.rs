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
        for mark in self.style.marks() {
            mark.svg(out, (x, y));
        }
    }

    /// Writes the marker where it is.
    pub fn svg(&self, out: &mut String) {
        self.svg_at(out, self.qx as f64 / 4.0, self.qy as f64 / 4.0);
    }
}

impl MarkerStyle {
    /// The marker's elements, bottom first: what the SVG writes and the PNG
    /// path draws straight away.
    pub fn marks(&self) -> Vec<Mark> {
        let (r, k) = (self.r as f64 / 100.0, self.k as f64 / 100.0);
        let mut marks = Vec::with_capacity(3);
        match self.part {
            MarkerPart::Whole => {
                if self.status == Status::Besieged {
                    marks.push(siege_ring(r, self.challenger, k));
                }
                dot(&mut marks, r, self.status, self.holder, self.challenger, k);
            }
            MarkerPart::Ring => marks.push(siege_ring(r, self.challenger, k)),
            MarkerPart::Dot => dot(&mut marks, r, self.status, self.holder, self.challenger, k),
            MarkerPart::Halo => marks.push(Mark {
                shape: MarkShape::Disc(r),
                fill: Some((Color::hex(colors::CHANGED), 50)),
                stroke: None,
            }),
        }
        marks
    }
}

/// One element of a marker: a disc or half a disc around the marker's
/// centre, filled and/or outlined.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Mark {
    pub shape: MarkShape,
    /// Colour and opacity in hundredths (`None`: not filled).
    pub fill: Option<(Color, u8)>,
    /// Colour, opacity in hundredths and width (`None`: no outline).
    pub stroke: Option<(Color, u8, f64)>,
}

/// A disc, or its left or right half (a contested marker's two colours),
/// by radius.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum MarkShape {
    Disc(f64),
    LeftHalf(f64),
    RightHalf(f64),
}

impl Mark {
    /// Writes the element centred at `(x, y)`.
    fn svg(&self, out: &mut String, (x, y): (f64, f64)) {
        match self.shape {
            MarkShape::Disc(r) => {
                let _ = write!(
                    out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"",
                    n(x),
                    n(y),
                    n(r)
                );
            }
            MarkShape::LeftHalf(r) | MarkShape::RightHalf(r) => {
                let (xs, rs, top, bottom) = (n(x), n(r), n(y - r), n(y + r));
                let sweep = matches!(self.shape, MarkShape::RightHalf(_)) as u8;
                let _ = write!(
                    out,
                    "<path d=\"M{xs} {top}A{rs} {rs} 0 0 {sweep} {xs} {bottom}Z\""
                );
            }
        }
        match self.fill {
            Some((color, opacity)) => {
                let _ = write!(out, " fill=\"{color}\"");
                if opacity < 100 {
                    let _ = write!(out, " fill-opacity=\"{}\"", n(opacity as f64 / 100.0));
                }
            }
            None => out.push_str(" fill=\"none\""),
        }
        if let Some((color, opacity, width)) = self.stroke {
            let _ = write!(out, " stroke=\"{color}\"");
            if opacity < 100 {
                let _ = write!(out, " stroke-opacity=\"{}\"", n(opacity as f64 / 100.0));
            }
            let _ = write!(out, " stroke-width=\"{}\"", n(width));
        }
        out.push_str("/>");
    }
}

/// A besieged marker's ring, in the besieger's colour: it reaches
/// [`RING_REACH`] beyond the marker's radius.
fn siege_ring(r: f64, challenger: Color, k: f64) -> Mark {
    let ring = 2.2 * k;
    Mark {
        shape: MarkShape::Disc(r + ring * 0.9),
        fill: Some((WHITE, 100)),
        stroke: Some((challenger, 100, ring)),
    }
}

/// How far a besieged ring reaches beyond the marker's radius, at scale 1
/// (centred 1.98 px out, 2.2 px wide): the widest look of a marker.
pub(crate) const RING_REACH: f64 = 3.1;

const WHITE: Color = Color::hex("#ffffff");

/// A marker without its siege ring: dot, split dot or hollow dot.
fn dot(marks: &mut Vec<Mark>, r: f64, status: Status, holder: Color, challenger: Color, k: f64) {
    let edge = Some((Color::hex("#1a1a1a"), 60, 0.8 * k));
    match status {
        Status::Unknown => marks.push(Mark {
            shape: MarkShape::Disc(r - 0.6 * k),
            fill: Some((WHITE, 100)),
            stroke: Some((colors::UNKNOWN_COLOR, 100, 1.4 * k)),
        }),
        Status::Held => marks.push(Mark {
            shape: MarkShape::Disc(r),
            fill: Some((holder, 100)),
            stroke: edge,
        }),
        Status::Contested => {
            // Left half the holder, right half the challenger.
            marks.push(Mark {
                shape: MarkShape::LeftHalf(r),
                fill: Some((holder, 100)),
                stroke: None,
            });
            marks.push(Mark {
                shape: MarkShape::RightHalf(r),
                fill: Some((challenger, 100)),
                stroke: None,
            });
            marks.push(Mark {
                shape: MarkShape::Disc(r),
                fill: None,
                stroke: edge,
            });
        }
        Status::Besieged => marks.push(Mark {
            shape: MarkShape::Disc(r - 0.3 * k),
            fill: Some((holder, 100)),
            stroke: edge,
        }),
    }
}
