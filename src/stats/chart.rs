//! `stats --chart`: one measure over time, a line per force in its colour,
//! drawn with plotters' SVG backend; the PNG is that SVG drawn by resvg with
//! the maps' embedded fonts, so both look the same.
//!
//! Layout, as a news chart: a bold title and a line saying the dates, a
//! legend row under them (drawn here and measured with the real font, since
//! plotters without a font crate only guesses text widths), then the plot
//! with light horizontal grid lines, round-date ticks and the measure on the
//! y axis; the dataset's attribution at the foot.

use super::axis::DateAxis;
use super::formats::grouped;
use super::{Measure, Stats};
use crate::dataset::Dataset;
use crate::dataset::dates::human;
use crate::error::{Error, Result};
use crate::render::raster::{draw, encode_png, usvg_options};
use crate::render::text::{FAMILY, Metrics};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use resvg::tiny_skia::{Color as SkColor, Pixmap};

/// The chart's size in pixels: 16:9, as an article's figure.
pub const SIZE: (u32, u32) = (1200, 675);
const INK: RGBColor = RGBColor(34, 34, 34);
const MUTED: RGBColor = RGBColor(100, 100, 100);
const GRID: RGBColor = RGBColor(225, 225, 225);
const LEFT: i32 = 24;
const TITLE_PX: f64 = 28.0;
const TEXT_PX: f64 = 17.0;

/// A force's line: its colour, its name and its (date, value) points.
type Series<'a> = (RGBColor, &'a str, Vec<(chrono::NaiveDate, f64)>);

fn render_error(e: impl std::fmt::Display) -> Error {
    Error::Render(format!("chart: {e}"))
}

/// `1234567` as `1.2M`, `35000` as `35k`.
fn short(v: f64) -> String {
    let a = v.abs();
    let trim = |s: String| s.trim_end_matches(".0").to_string();
    if a >= 1e6 {
        trim(format!("{:.1}", v / 1e6)) + "M"
    } else if a >= 1e3 {
        trim(format!("{:.1}", v / 1e3)) + "k"
    } else {
        format!("{v:.0}")
    }
}

/// The y axis's tick label.
fn tick_label(measure: Measure, v: f64) -> String {
    match measure {
        Measure::Places => format!("{v:.0}"),
        Measure::Population => short(v),
        Measure::Area => grouped(v.max(0.0).round() as u64),
    }
}

/// The chart of `measure` as an SVG document. Forces that hold nothing on
/// any date have no line and no legend entry.
pub fn chart_svg(dataset: &Dataset, stats: &Stats, measure: Measure) -> Result<String> {
    let (Some(first), Some(last)) = (stats.dates.first(), stats.dates.last()) else {
        return Err(render_error("no dates to draw"));
    };
    // (colour, name, points) of each force with something to show.
    let series: Vec<Series> = (0..dataset.forces.len())
        .filter_map(|i| {
            let points: Vec<_> = stats
                .dates
                .iter()
                .filter_map(|d| Some((d.date, measure.value(&d.forces[i])?)))
                .collect();
            points.iter().any(|p| p.1 > 0.0).then(|| {
                let force = &dataset.forces[i];
                let [r, g, b] = force.color.rgb;
                (RGBColor(r, g, b), force.name.as_str(), points)
            })
        })
        .collect();
    let top = series
        .iter()
        .flat_map(|s| s.2.iter().map(|p| p.1))
        .fold(0.0f64, f64::max);
    let y_max = if top > 0.0 { top * 1.08 } else { 1.0 };

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(render_error)?;
        let font = |px: f64| (FAMILY, px).into_font();
        let title = format!("{}, by force", measure.axis_label());
        root.draw(&Text::new(
            title,
            (LEFT, 16),
            font(TITLE_PX)
                .style(FontStyle::Bold)
                .color(&INK)
                .pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .map_err(render_error)?;
        let dates = if first.date == last.date {
            format!("{} · {}", dataset.title(), human(first.date))
        } else {
            format!(
                "{} · {} to {}, {} dates",
                dataset.title(),
                human(first.date),
                human(last.date),
                stats.dates.len()
            )
        };
        root.draw(&Text::new(
            dates,
            (LEFT, 54),
            font(TEXT_PX)
                .color(&MUTED)
                .pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .map_err(render_error)?;

        // The legend: a thick dash and the name, wrapped to the width.
        let metrics = Metrics::get();
        let (mut x, mut y) = (LEFT, 92);
        for (color, name, _) in &series {
            let w = 30 + metrics.width(name, TEXT_PX, false).ceil() as i32 + 22;
            if x > LEFT && x + w > SIZE.0 as i32 - LEFT {
                x = LEFT;
                y += 26;
            }
            root.draw(&PathElement::new(
                vec![(x, y), (x + 22, y)],
                color.stroke_width(5),
            ))
            .map_err(render_error)?;
            root.draw(&Text::new(
                name.to_string(),
                (x + 30, y),
                font(TEXT_PX)
                    .color(&INK)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(render_error)?;
            x += w;
        }
        let plot_top = y as u32 + 22;
        let foot = 30;
        let (_, below) = root.split_vertically(plot_top);
        let (plot, footer) = below.split_vertically(SIZE.1 - plot_top - foot);
        if let Some(a) = &dataset.config.attribution {
            footer
                .draw(&Text::new(
                    a.clone(),
                    (LEFT, 8),
                    font(13.0)
                        .color(&MUTED)
                        .pos(Pos::new(HPos::Left, VPos::Top)),
                ))
                .map_err(render_error)?;
        }

        let axis = DateAxis::new(first.date, last.date);
        let y_labels = match measure {
            Measure::Places => (y_max.floor() as usize + 1).clamp(2, 7),
            _ => 7,
        };
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(LEFT as u32 - 8)
            .margin_right(36)
            .margin_top(6)
            .x_label_area_size(40)
            .y_label_area_size(96)
            .build_cartesian_2d(axis.clone(), 0.0..y_max)
            .map_err(render_error)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_max_light_lines(0)
            .bold_line_style(GRID.stroke_width(1))
            .axis_style(MUTED.stroke_width(1))
            .y_labels(y_labels)
            .x_label_formatter(&|d| axis.label(d))
            .y_label_formatter(&|v| tick_label(measure, *v))
            .y_desc(measure.axis_label())
            .label_style(font(15.0).color(&INK))
            .axis_desc_style(font(TEXT_PX).color(&MUTED))
            .draw()
            .map_err(render_error)?;
        for (color, _, points) in &series {
            chart
                .draw_series(LineSeries::new(
                    points.iter().copied(),
                    color.stroke_width(3),
                ))
                .map_err(render_error)?;
            if points.len() == 1 {
                chart
                    .draw_series(points.iter().map(|&p| Circle::new(p, 5, color.filled())))
                    .map_err(render_error)?;
            }
        }
        root.present().map_err(render_error)?;
    }
    Ok(svg)
}

/// The chart as PNG: the SVG drawn by resvg on white with the embedded fonts.
pub fn chart_png(svg: &str) -> Result<Vec<u8>> {
    let mut pixmap = Pixmap::new(SIZE.0, SIZE.1).ok_or_else(|| render_error("no pixmap"))?;
    pixmap.fill(SkColor::WHITE);
    draw(svg, &usvg_options(), 1.0, &mut pixmap)?;
    encode_png(&pixmap)
}
