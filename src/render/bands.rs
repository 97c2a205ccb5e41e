//! The bands above and below the map: the title (dataset, what the map
//! shows, the date) and the footer (attribution, how many events).

use super::base::MapBase;
use super::scene::{Anchor, Scene, TITLE_GROUP, TextItem, TextStyle};
use super::style::colors;
use super::svg::{n, thousands};
use super::text::Metrics;
use crate::dataset::Dataset;
use crate::dataset::dates::human;
use crate::words::count;
use chrono::NaiveDate;

/// The title band: the dataset's title, what the map shows, and the date in large type.
pub(crate) fn write_title(base: &MapBase, dataset: &Dataset, date: NaiveDate, out: &mut Scene) {
    let k = base.style.k;
    let t = base.layout.title;
    let shown = base.places.iter().filter(|s| s.visible).count();
    let no_events = base.events_until(date) == 0;
    let subtitle = if no_events {
        "No event on or before this date: every place is shown as unknown.".to_string()
    } else {
        format!(
            "Who held each of {}, by the last report on or before this date",
            count(shown, "place")
        )
    };
    out.open(format!("{TITLE_GROUP}>"));
    out.band(title_band(base));
    let at = |x: f64, y: f64| ((x * k).round() as i32, (y * k).round() as i32);
    let (x, y) = at(22.0, 34.0);
    out.text(TextItem {
        x,
        y,
        text: dataset.title(),
        style: TextStyle::new(24.0 * k, true, Anchor::Start, colors::INK, 0.0),
        attrs: String::new(),
    });
    let (x, y) = at(22.0, 58.0);
    let fill = if no_events {
        "#b3261e"
    } else {
        colors::MUTED_INK
    };
    out.text(TextItem {
        x,
        y,
        text: subtitle,
        style: TextStyle::new(14.0 * k, false, Anchor::Start, fill, 0.0),
        attrs: String::new(),
    });
    out.text(TextItem {
        x: (t.w - 22.0 * k).round() as i32,
        y: (50.0 * k).round() as i32,
        text: human(date),
        style: TextStyle::new(34.0 * k, true, Anchor::End, colors::INK, 0.0),
        attrs: "id=\"date\"".to_string(),
    });
    out.close();
}

/// The footer: the attribution on the left, and on the right how many
/// events the map is built on. The two are separate texts, so a frame of an
/// animation draws only the count anew. A canvas too narrow for both side by
/// side gets one line, smaller, cut short if it must.
pub(crate) fn write_footer(base: &MapBase, dataset: &Dataset, date: NaiveDate, out: &mut Scene) {
    let k = base.style.k;
    let f = base.layout.footer;
    let events = base.events_until(date);
    // The date is the title's; the footer says how much the map rests on.
    let built = format!(
        "Built on {} event{}.",
        thousands(events),
        crate::words::plural(events)
    );
    let mut credit = String::new();
    if let Some(a) = &dataset.config.attribution {
        credit.push_str(a.trim());
        if !a.trim().ends_with(['.', '!', '?']) {
            credit.push('.');
        }
        credit.push(' ');
    }
    credit.push_str("Made with frontline.");
    let room = f.w - 44.0 * k;
    let metrics = Metrics::get();
    let size = 11.0 * k;
    let y = (f.y + f.h * 0.68).round() as i32;
    let style =
        |size: f64, anchor: Anchor| TextStyle::new(size, false, anchor, colors::MUTED_INK, 0.0);
    out.open("<g id=\"footer\">");
    out.band(footer_band(base));
    let gap = 24.0 * k;
    if metrics.width(&credit, size, false) + gap + metrics.width(&built, size, false) <= room {
        out.text(TextItem {
            x: (22.0 * k).round() as i32,
            y,
            text: credit,
            style: style(size, Anchor::Start),
            attrs: String::new(),
        });
        out.text(TextItem {
            x: (f.w - 22.0 * k).round() as i32,
            y,
            text: built,
            style: style(size, Anchor::End),
            attrs: "id=\"events\"".to_string(),
        });
    } else {
        // One line, down to 3/4 of the size, then cut short.
        let mut line = format!("{built} {credit}");
        let width = metrics.width(&line, size, false);
        let size = (size * room / width).clamp(size * 0.75, size);
        while metrics.width(&line, size, false) > room && line.chars().count() > 12 {
            if line.ends_with('…') {
                line.pop();
            }
            line.pop();
            while line.ends_with(' ') {
                line.pop();
            }
            line.push('…');
        }
        out.text(TextItem {
            x: (22.0 * k).round() as i32,
            y,
            text: line,
            style: style(size, Anchor::Start),
            attrs: "id=\"events\"".to_string(),
        });
    }
    out.close();
}

/// The white band under the title, with its rule: it covers what spills
/// out of the top of the map.
pub(crate) fn title_band(base: &MapBase) -> String {
    let t = base.layout.title;
    format!(
        "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n<line x1=\"0\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>\n",
        n(t.w),
        n(t.h),
        n(t.w),
        n(t.h - 0.5),
        n(t.h - 0.5),
        colors::FOCUS_BORDER,
        n(base.style.k)
    )
}

/// The white band under the footer: it covers what spills out of the bottom.
pub(crate) fn footer_band(base: &MapBase) -> String {
    let f = base.layout.footer;
    format!(
        "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n",
        n(f.y),
        n(f.w),
        n(f.h)
    )
}
