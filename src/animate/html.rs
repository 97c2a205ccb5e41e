//! `--html`: one self-contained file that plays the sequence offline, with a
//! date slider, play/pause, speed, arrow keys, the date in large type, the
//! changes of each frame with their sources, and what a place is on hover.
//!
//! The frames are the SVG itself, not pictures: the head (`<svg>`, defs) and
//! the basemap are stored once; each frame stores only its dynamic layers,
//! and those line by line through a table of distinct lines (a place's line
//! changes only when its state does), each frame as "copy N lines from the
//! previous frame / take line K". The file is written as frames arrive (one
//! `FL.add(...)` call each) and the viewer rebuilds a frame's layers by
//! joining its lines. No network: no CDN, no fonts, no fetch.

use super::frame::{ChangeRow, FrameOut, Output};
use super::options::Options;
use crate::dataset::Dataset;
use crate::dataset::dates::human;
use crate::error::{Error, Result};
use crate::output::AtomicFile;
use crate::render::MapRenderer;
use crate::timeline::PlaceState;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// The viewer page; `/*FL-DATA*/` is where the data goes.
const TEMPLATE: &str = include_str!("viewer.html");
const DATA_MARK: &str = "/*FL-DATA*/";
/// At most this many changes are listed for one frame (the count is always given).
const MAX_CHANGES: usize = 400;

/// Writes the viewer as frames arrive.
pub(crate) struct Html {
    out: AtomicFile,
    /// Distinct lines seen so far, and their index.
    lines: HashMap<String, u32>,
    prev: Vec<u32>,
    events: Vec<(Option<String>, Option<String>)>,
}

/// JSON that is safe inside a `<script>` element.
fn script_json(v: &Value) -> String {
    serde_json::to_string(v)
        .expect("JSON")
        .replace("</", "<\\/")
        .replace("<!--", "\\u003c!--")
}

fn state_json(s: &PlaceState) -> Value {
    json!([
        s.holder.map_or(-1, |h| h.get() as i64),
        s.status.as_str(),
        s.challenger.map_or(-1, |h| h.get() as i64)
    ])
}

impl Html {
    /// Starts the file: the page, then the data that every frame shares.
    pub fn open(
        path: &Path,
        options: &Options,
        dataset: &Dataset,
        renderer: &MapRenderer,
    ) -> Result<Html> {
        let mut w = Html {
            out: AtomicFile::with_capacity(path, 1 << 20)?,
            lines: HashMap::new(),
            prev: Vec::new(),
            events: dataset
                .events
                .iter()
                .map(|e| {
                    let text = |t: Option<&str>| t.map(str::to_string);
                    (text(dataset.source(e)), text(dataset.note(e)))
                })
                .collect(),
        };
        let (before, _) = TEMPLATE.split_once(DATA_MARK).expect("viewer template");
        let title = dataset.title();
        let (width, height) = renderer.size();
        let meta = json!({
            "title": title,
            "width": width,
            "height": height,
            "frames": options.dates.len(),
            "delay": options.delay_ms,
            "head": renderer.head_svg(),
            "base": renderer.base_svg(),
            "forces": dataset.forces.iter().enumerate().map(|(i, f)| json!({
                "id": f.id,
                "name": f.name,
                "color": renderer.colors().get(i).copied().unwrap_or(f.color).to_string(),
            })).collect::<Vec<_>>(),
            "places": dataset.places.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            "stats": chart_data(options, dataset, renderer),
        });
        let page = before.replace("{{TITLE}}", &html_escape(&title));
        let r = (|| -> std::io::Result<()> {
            w.out.write_all(page.as_bytes())?;
            writeln!(w.out, "FL.start({});", script_json(&meta))
        })();
        r.map_err(|e| Error::io(path, e))?;
        Ok(w)
    }
}

impl Output for Html {
    fn frame(&mut self, f: &FrameOut) -> Result<()> {
        let dynamic = f.dynamic.as_deref().unwrap_or("");
        let mut new_lines: Vec<&str> = Vec::new();
        let mut idx: Vec<u32> = Vec::new();
        for line in dynamic.split('\n') {
            let next = self.lines.len() as u32;
            let i = *self.lines.entry(line.to_string()).or_insert_with(|| {
                new_lines.push(line);
                next
            });
            idx.push(i);
        }
        // Ops: K >= 0 takes line K; -N copies N lines from the previous frame, in place.
        let mut ops: Vec<i64> = Vec::new();
        let mut run = 0i64;
        for (pos, &i) in idx.iter().enumerate() {
            if self.prev.get(pos) == Some(&i) {
                run += 1;
            } else {
                if run > 0 {
                    ops.push(-run);
                    run = 0;
                }
                ops.push(i as i64);
            }
        }
        if run > 0 {
            ops.push(-run);
        }
        // Latest first: what made this frame differ from the last one.
        let mut rows: Vec<&ChangeRow> = f.changes.iter().collect();
        rows.sort_by_key(|c| std::cmp::Reverse(c.date));
        let changes: Vec<Value> = rows
            .into_iter()
            .take(MAX_CHANGES)
            .map(|c| {
                let (source, note) = self
                    .events
                    .get(c.event as usize)
                    .cloned()
                    .unwrap_or((None, None));
                json!([
                    c.place.get(),
                    state_json(&c.from),
                    state_json(&c.to),
                    c.date.to_string(),
                    source,
                    note
                ])
            })
            .collect();
        let record = json!({
            "d": f.date.to_string(),
            "h": human(f.date),
            "n": new_lines,
            "x": ops,
            "c": changes,
            "m": f.changes.len(),
        });
        self.prev = idx;
        writeln!(self.out, "FL.add({});", script_json(&record))
            .map_err(|e| Error::io(self.out.path(), e))
    }

    /// Ends the page and moves it into place.
    fn finish(mut self: Box<Self>) -> Result<()> {
        let (_, after) = TEMPLATE.split_once(DATA_MARK).expect("viewer template");
        self.out
            .write_all(after.as_bytes())
            .map_err(|e| Error::io(self.out.path(), e))?;
        self.out.commit()
    }
}

/// The figures of every frame for the chart under the slider: area held
/// when the maps draw zones, else places held (docs/animate.md).
fn chart_data(options: &Options, dataset: &Dataset, renderer: &MapRenderer) -> Value {
    let cells = renderer.cells();
    let stats = crate::stats::compute(dataset, renderer.timeline(), &options.dates, cells);
    let mut v = crate::stats::stats_json(dataset, &stats);
    v["measure"] = json!(if cells.is_some() { "area" } else { "places" });
    v
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
