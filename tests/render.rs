//! `frontline render`: reference images (resvg style), the SVG's structure,
//! options, and failures that must write nothing.
//!
//! Tests of how a map is drawn belong here; which state a place is in on a
//! date belongs in export.rs, and frame sequences in animate.rs.
//!
//! Reference images live in tests/references/<case>.png, next to the SVG they
//! were rasterised from. A rendered PNG matches when at most 0.1 % of its
//! pixels differ by more than a small tolerance; a mismatch writes the
//! rendered image and a diff image to target/reference-diffs/. Regenerate
//! with `FRONTLINE_UPDATE_REFERENCES=1 cargo test --test tests render::`, then
//! look at every changed image before committing it.

use crate::util::{SMALL, TestDir, decode, frontline, on_small, root};
use std::path::{Path, PathBuf};

/// `frontline render ARGS -o OUT`, which must succeed.
fn render_to(args: &[&str], out: &Path) {
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", out.to_str().unwrap()]);
    frontline(&all).expect_code(0);
}

/// Renders `args` to a PNG and compares it with tests/references/<case>.png.
fn check_reference(case: &str, args: &[&str]) {
    check_image(case, &|out| render_to(args, out));
}

/// Makes a PNG with `make(path)` (and the SVG beside the reference when
/// regenerating) and compares it with tests/references/<case>.png.
pub(crate) fn check_image(case: &str, make: &dyn Fn(&Path)) {
    let dir = TestDir::new();
    let out = dir.join("image.png");
    make(&out);
    let got = std::fs::read(&out).unwrap();
    let reference = root().join("tests/references").join(format!("{case}.png"));
    if std::env::var_os("FRONTLINE_UPDATE_REFERENCES").is_some() {
        std::fs::write(&reference, &got).unwrap();
        let svg = root().join("tests/references").join(format!("{case}.svg"));
        make(&svg);
        return;
    }
    let want = std::fs::read(&reference).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (regenerate with FRONTLINE_UPDATE_REFERENCES=1)",
            reference.display()
        )
    });
    let (a, b) = (decode(&got), decode(&want));
    assert_eq!(
        (a.w, a.h),
        (b.w, b.h),
        "{case}: size differs from the reference"
    );
    let mut differing = 0usize;
    let mut diff = Vec::with_capacity(a.rgb.len());
    for (pa, pb) in a.rgb.chunks_exact(3).zip(b.rgb.chunks_exact(3)) {
        let d = pa
            .iter()
            .zip(pb)
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap();
        if d > 24 {
            differing += 1;
            diff.extend_from_slice(&[255, 0, 0]);
        } else {
            diff.extend(pb.iter().map(|v| 128 + v / 2));
        }
    }
    let allowed = (a.w * a.h) as usize / 1000;
    if differing > allowed {
        let out_dir = root().join("target/reference-diffs");
        std::fs::create_dir_all(&out_dir).unwrap();
        std::fs::write(out_dir.join(format!("{case}.png")), &got).unwrap();
        write_png(&out_dir.join(format!("{case}-diff.png")), a.w, a.h, &diff);
        panic!(
            "{case}: {differing} pixels differ from the reference (at most {allowed} may); see {}",
            out_dir.display()
        );
    }
}

fn write_png(path: &Path, w: u32, h: u32, rgb: &[u8]) {
    let file = std::fs::File::create(path).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.write_header().unwrap().write_image_data(rgb).unwrap();
}

/// [`check_reference`] of the small fixture on `date` at 800×600: case
/// `small-DATE`.
fn check_small_reference(date: &str) {
    check_reference(
        &format!("small-{date}"),
        &[
            "--data", SMALL, "--date", date, "--width", "800", "--height", "600",
        ],
    );
}

#[test]
fn reference_small_fixture() {
    // Place a contested, c (a district) held, d besieged then held: every marker kind.
    check_small_reference("2016-03-10");
}

#[test]
fn reference_small_fixture_before_any_event() {
    check_small_reference("2014-06-01");
}

#[test]
fn reference_bundled_palmyra_retaken() {
    check_reference(
        "syria-2017-03-02",
        &["--date", "2017-03-02", "--changes", "30d"],
    );
}

/// The SVG `frontline render ARGS` draws.
fn render_svg(args: &[&str]) -> String {
    let dir = TestDir::new();
    let out = dir.join("map.svg");
    render_to(args, &out);
    std::fs::read_to_string(out).unwrap()
}

/// The SVG `render` draws of the small fixture on `date`, with `args`.
fn small_svg(date: &str, args: &[&str]) -> String {
    let mut all = vec!["--data", SMALL, "--date", date];
    all.extend_from_slice(args);
    render_svg(&all)
}

/// The `<g class="place …">` start tag of a place.
fn place_tag<'a>(svg: &'a str, id: &str) -> &'a str {
    let needle = format!("data-id=\"{id}\" data-name");
    let at = svg
        .find(&needle)
        .unwrap_or_else(|| panic!("no place {id} in the SVG"));
    let start = svg[..at].rfind("<g class=\"place").unwrap();
    let end = at + svg[at..].find('>').unwrap();
    &svg[start..=end]
}

/// The elements drawn for a place (up to the end of its group).
fn place_body<'a>(svg: &'a str, id: &str) -> &'a str {
    let tag = place_tag(svg, id);
    let start = svg.find(tag).unwrap() + tag.len();
    let end = start + svg[start..].find("</g>").unwrap();
    &svg[start..end]
}

#[test]
fn svg_has_one_group_per_layer() {
    let svg = small_svg("2016-03-20", &[]);
    for id in [
        "basemap",
        "places",
        "labels",
        "legend",
        "title",
        "footer",
        "scale-bar",
    ] {
        assert!(svg.contains(&format!("<g id=\"{id}\"")), "no layer {id}");
    }
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1600\" height=\"1200\"")
    );
    assert!(svg.trim_end().ends_with("</svg>"));
}

#[test]
fn places_carry_their_state_and_holder_colour() {
    let svg = small_svg("2015-05-01", &[]);
    let a = place_tag(&svg, "a");
    assert!(
        a.contains("data-controller=\"x\"")
            && a.contains("data-status=\"contested\"")
            && a.contains("data-challenger=\"y\""),
        "{a}"
    );
    assert!(a.contains("data-since=\"2015-05-01\""), "{a}");
    // Contested: split between the holder's red and the challenger's blue.
    let body = place_body(&svg, "a");
    assert!(
        body.contains("fill=\"#ff0000\"") && body.contains("fill=\"#0000ff\""),
        "{body}"
    );
    // Place 7 is unknown: a hollow grey marker.
    let seven = place_tag(&svg, "7");
    assert!(
        seven.contains("data-status=\"unknown\"") && seven.contains("data-controller=\"\""),
        "{seven}"
    );
    assert!(place_body(&svg, "7").contains("fill=\"#ffffff\""));
}

#[test]
fn besieged_is_a_ring_of_the_besiegers_colour() {
    let svg = render_svg(&[
        "--data",
        SMALL,
        "--events",
        "tests/fixtures/events/besieged.csv",
        "--date",
        "2015-02-01",
    ]);
    let a = place_tag(&svg, "a");
    assert!(
        a.contains("data-status=\"besieged\"") && a.contains("data-challenger=\"y\""),
        "{a}"
    );
    // The marker: the holder's red dot, and beneath every dot (in the
    // siege-rings group) a ring stroked in the besieger's blue around it.
    let body = place_body(&svg, "a");
    assert!(body.contains("fill=\"#ff0000\""), "{body}");
    let rings = &svg[svg.find("<g id=\"siege-rings\">").unwrap()..];
    let rings = &rings[..rings.find("</g>").unwrap()];
    let (dot, ring) = (circles(body)[0], circles(rings)[0]);
    assert!(rings.contains("stroke=\"#0000ff\""), "{rings}");
    assert_eq!((dot.0, dot.1), (ring.0, ring.1));
    assert!(ring.2 > dot.2);
    // The area (c): a dashed outline in the besieger's colour over the holder's fill.
    let c = place_body(&svg, "c");
    assert!(
        c.contains("stroke=\"#0000ff\"")
            && c.contains("stroke-dasharray")
            && c.contains("fill=\"#ff0000\""),
        "{c}"
    );
    assert!(svg.contains("Besieged (ring: besieger)"));
}

#[test]
fn legend_lists_the_forces_present_with_counts() {
    let svg = small_svg("2015-02-15", &[]);
    // x holds a; y only challenges it: both are present.
    let legend = &svg[svg.find("<g id=\"legend\"").unwrap()..];
    let legend = &legend[..legend.find("<g id=\"title\"").unwrap_or(legend.len())];
    // Each force's name, then its count in the column of counts.
    let count_after = |name: &str| -> String {
        let at = legend
            .find(&format!(">{name}</text>"))
            .unwrap_or_else(|| panic!("{name} not in the legend: {legend}"));
        let rest = &legend[at..];
        let mark = "class=\"count\">";
        let count = &rest[rest.find(mark).expect("a count") + mark.len()..];
        count[..count.find('<').unwrap()].to_string()
    };
    assert_eq!(count_after("Force X"), "1", "{legend}");
    assert_eq!(count_after("Force Y"), "0", "{legend}");
    // Before any event nobody is present.
    let early = small_svg("2014-12-31", &[]);
    let legend = &early[early.find("<g id=\"legend\"").unwrap()..];
    assert!(!legend.contains("Force X"));
}

#[test]
fn the_title_writes_the_date_for_people() {
    let svg = small_svg("2016-03-02", &[]);
    assert!(svg.contains(">2 March 2016</text>"));
    assert!(svg.contains("Small test dataset"));
    assert!(svg.contains(">Built on 9 events.</text>"));
}

#[test]
fn a_narrow_canvas_gets_one_footer_line_cut_short() {
    // Too narrow for the attribution and the event count side by side: one
    // line, smaller, ending in an ellipsis (this once looped for ever).
    let svg = render_svg(&["--date", "2017-03-02", "--width", "600", "--height", "450"]);
    let footer = &svg[svg.find("<g id=\"footer\"").unwrap()..];
    let line = &footer[footer.find("id=\"events\">").unwrap() + 12..];
    let line = &line[..line.find("</text>").unwrap()];
    // The count is that of the bundled events on or before the date.
    let events = std::fs::read_to_string(root().join("geodata/syria/events.csv")).unwrap();
    let upto = events
        .lines()
        .skip(1)
        .filter(|l| format!("{}-01-01", &l[..l.find(',').unwrap()])[..10] <= *"2017-03-02")
        .count();
    // Written for people: 1,013, not 1013 (this test missed it while the
    // bundled count stayed under a thousand).
    let grouped = frontline::words::thousands(upto as u64);
    assert!(
        line.starts_with(&format!("Built on {grouped} events.")),
        "{line}"
    );
    assert!(line.ends_with('…'), "{line}");
}

#[test]
fn a_date_before_every_event_is_a_map_of_unknowns_with_a_notice() {
    let svg = small_svg("2010-01-01", &[]);
    assert!(svg.contains("No event on or before this date"));
    assert_eq!(svg.matches("data-status=\"unknown\"").count(), 4);
}

#[test]
fn no_labels_and_palette_and_changes() {
    let plain = small_svg("2016-03-20", &[]);
    assert!(plain.contains(">Ālif</text>"), "labels by default");
    let bare = small_svg("2016-03-20", &["--no-labels"]);
    assert!(!bare.contains(">Ālif</text>"));
    let cb = small_svg("2016-03-20", &["--palette", "colorblind"]);
    assert!(!place_body(&cb, "d").contains("#ff0000") && place_body(&cb, "d").contains("#d55e00"));
    // d was taken by x on 2016-03-15 from nobody: not "changed hands"; a changed hands on 2015-05-01.
    let changes = small_svg("2015-05-10", &["--changes", "30d"]);
    let halos = &changes[changes.find("<g id=\"changes\">").unwrap()..];
    let halos = &halos[..halos.find("</g>").unwrap()];
    assert_eq!(halos.matches("<circle").count(), 1, "{halos}");
    assert!(changes.contains("Changed hands in the last 30 days"));
    // One day is "the last day", not "the last 1 days" (issue 12, plurals).
    let one = small_svg("2015-04-01", &["--changes", "1d"]);
    assert!(one.contains("Changed hands in the last day<"), "{one}");
    assert!(!one.contains("1 days"));
}

/// "Who held each of 1 places": the subtitle's count agrees with its noun.
#[test]
fn one_place_is_singular_in_the_subtitle() {
    let dir = TestDir::with_dataset("small");
    // As a gazetteer, only the places events name are drawn: here one.
    dir.write("events.csv", "date,place,force\n2015-01-01,a,x\n")
        .write("frontline.toml", "gazetteer = true\n");
    let out = dir.on_own_data("render", &["--date", "2015-02-01", "-o", "m.svg"]);
    out.expect_code(0);
    let svg = dir.read("m.svg");
    assert!(
        svg.contains("Who held each of 1 place,"),
        "{}",
        out.describe()
    );
}

#[test]
fn format_follows_the_extension_and_default_path() {
    let dir = TestDir::with_dataset("small");
    dir.on_own_data("render", &["--date", "2016-03-20", "-o", "m.svg"])
        .expect_code(0);
    assert!(dir.read("m.svg").starts_with("<svg"));
    dir.on_own_data(
        "render",
        &["--date", "2016-03-20", "--width", "400", "--height", "300"],
    )
    .expect_code(0);
    let name = PathBuf::from("output").join(format!(
        "{}-2016-03-20.png",
        dir.path().file_name().unwrap().to_string_lossy()
    ));
    let bytes = std::fs::read(dir.join(name.to_str().unwrap())).expect("default output file");
    let img = decode(&bytes);
    assert_eq!((img.w, img.h), (400, 300));
    dir.on_own_data(
        "render",
        &[
            "--date",
            "2016-03-20",
            "--width",
            "400",
            "--height",
            "300",
            "--scale",
            "2",
            "-o",
            "hi.png",
        ],
    )
    .expect_code(0);
    let img = decode(&std::fs::read(dir.join("hi.png")).unwrap());
    assert_eq!((img.w, img.h), (800, 600));
}

#[test]
fn failures_write_nothing() {
    let dir = TestDir::with_dataset("small");
    let bad_date = dir.on_own_data("render", &["--date", "2016-02-30", "-o", "m.png"]);
    bad_date.expect_code(2);
    dir.write("events.csv", "date,place,force\n2015-01-01,Nowhere,x\n");
    let bad_data = dir.on_own_data("render", &["--date", "2016-03-01", "-o", "m.png"]);
    bad_data.expect_code(1);
    assert!(
        bad_data
            .stderr
            .contains("events.csv:2: place \"Nowhere\" matches no place"),
        "{}",
        bad_data.stderr
    );
    let bad_bbox = dir.on_own_data(
        "render",
        &[
            "--date",
            "2016-03-01",
            "--bbox",
            "40,30,35,37",
            "-o",
            "m.png",
        ],
    );
    bad_bbox.expect_code(2);
    assert!(!dir.join("m.png").exists());
    assert!(
        dir.entries().iter().all(|e| !e.ends_with(".tmp")),
        "{:?}",
        dir.entries()
    );
}

#[test]
fn bbox_changes_the_extent() {
    let wide = small_svg("2016-03-20", &[]);
    let zoomed = small_svg("2016-03-20", &["--bbox", "35.5,33.5,36.5,34.5"]);
    // Only place a lies inside the zoomed extent.
    assert!(wide.contains("data-id=\"d\" data-name"));
    assert!(
        zoomed.contains("data-id=\"a\" data-name") && !zoomed.contains("data-id=\"d\" data-name")
    );
}

#[test]
fn a_scale_out_of_range_names_the_flag() {
    // 0.0001 drew a 1×1 PNG with exit 0 (issue 13, kind 10).
    for bad in ["0", "-1", "8.5", "two", "0.0001", "0.09"] {
        let flag = format!("--scale={bad}");
        let out = on_small("render", &["--date", "2016-03-20", &flag]);
        out.expect_code(2);
        assert!(
            out.stderr.contains("--scale") && out.stderr.contains("at least 0.1 and at most 8"),
            "{bad}: {}",
            out.describe()
        );
    }
}

#[test]
fn reference_bundled_zones() {
    check_reference(
        "syria-2017-03-02-zones",
        &["--date", "2017-03-02", "--zones"],
    );
}

/// The `<g id="zones">` group of an SVG.
fn zones_group(svg: &str) -> &str {
    let start = svg.find("<g id=\"zones\">").expect("a zones layer");
    let len = svg[start..].find("</g>").expect("its end");
    &svg[start..start + len]
}

/// A force's colour as a zone shows it: 35 % over the focus land (#fbfaf6),
/// opaque, so that cells of one force meet without seams.
fn zone_fill(force: &str) -> String {
    use frontline::dataset::Color;
    let c = Color::parse(force).unwrap();
    format!(
        "fill=\"{}\"",
        c.over(Color::parse("#fbfaf6").unwrap(), 0.35)
    )
}

#[test]
fn zones_fill_cells_in_the_holders_colour_beneath_the_places_with_fronts() {
    let svg = render_svg(&["--date", "2017-03-02", "--zones"]);
    let zones = zones_group(&svg);
    // Zones, then the basemap's water and boundaries, then the fronts, then the places.
    let at = |what: &str| svg.find(what).unwrap_or_else(|| panic!("no {what}"));
    assert!(at("<g id=\"zones\">") < at("<g id=\"basemap-lines\">"));
    assert!(at("<g id=\"basemap-lines\">") < at("<g id=\"fronts\">"));
    assert!(at("<g id=\"fronts\">") < at("<g id=\"places\""));
    assert!(
        at("<g id=\"basemap-lines\">") > at("<g id=\"basemap\">"),
        "the ground stays under the zones"
    );
    // Raqqa (geonames 172955) was the Islamic State's (#2b2b2b) in March 2017.
    let raqqa = zones
        .lines()
        .find(|l| l.contains("data-place=\"172955\""))
        .expect("a cell for Raqqa");
    assert!(raqqa.contains(&zone_fill("#2b2b2b")), "{raqqa}");
    // Aleppo's government (#d7191c) cells, and front lines.
    assert!(zones.contains(&zone_fill("#d7191c")));
    let fronts = &svg[at("<g id=\"fronts\">")..at("<g id=\"places\"")];
    assert!(
        fronts.matches("stroke=\"#333333\"").count() > 10,
        "few front lines"
    );
    // The legend gives areas.
    assert!(svg.contains("class=\"area\""), "no areas in the legend");
    assert!(
        svg.contains(" km\u{b2} \u{b7} "),
        "no km\u{b2} in the legend"
    );
}

#[test]
fn no_zones_without_the_flag_and_no_zones_overrides_the_toml() {
    assert!(!render_svg(&["--date", "2017-03-02"]).contains("id=\"zones\""));
    let dir = TestDir::new();
    let data = dir.join("data");
    std::fs::create_dir(&data).unwrap();
    for f in std::fs::read_dir(root().join(SMALL)).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, data.join(f.file_name().unwrap())).unwrap();
    }
    let toml = data.join("frontline.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("zones = true\n{text}")).unwrap();
    let d = data.to_str().unwrap();
    let with = render_svg(&["--data", d, "--date", "2016-03-10"]);
    assert!(
        with.contains("<g id=\"zones\">"),
        "zones = true in the toml"
    );
    let without = render_svg(&["--data", d, "--date", "2016-03-10", "--no-zones"]);
    assert!(!without.contains("id=\"zones\""), "--no-zones");
}

#[test]
fn a_zone_reach_out_of_range_names_the_flag() {
    for bad in ["0", "-5", "km"] {
        let flag = format!("--zone-reach={bad}");
        let out = on_small("render", &["--date", "2016-03-20", "--zones", &flag]);
        out.expect_code(2);
        assert!(
            out.stderr.contains("--zone-reach"),
            "{bad}: {}",
            out.describe()
        );
    }
}

/// The circles `(cx, cy, r)` of an SVG fragment.
fn circles(svg: &str) -> Vec<(f64, f64, f64)> {
    let attr = |el: &str, name: &str| -> f64 {
        let at = el.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        el[at..at + el[at..].find('"').unwrap()].parse().unwrap()
    };
    svg.split("<circle")
        .skip(1)
        .map(|el| (attr(el, "cx"), attr(el, "cy"), attr(el, "r")))
        .collect()
}

#[test]
fn damascus_is_drawn_over_its_suburbs_and_siege_rings_beneath_every_dot() {
    // 2016-06-01: Darayya, Yarmouk, Madaya and Eastern Ghouta besieged
    // around the capital.
    let svg = render_svg(&["--date", "2016-06-01"]);
    let markers = &svg[svg.find("<g id=\"place-markers\">").unwrap()..];
    let markers = &markers[..markers.find("<g id=\"labels\">").unwrap()];
    // The rings come first, each in the besieger's colour, before any dot.
    let rings_at = markers.find("<g id=\"siege-rings\">").unwrap();
    let first_place = markers.find("<g class=\"place").unwrap();
    assert!(rings_at < first_place);
    let rings = circles(&markers[rings_at..first_place]);
    assert!(rings.len() >= 4, "{rings:?}");
    // Nothing drawn after Damascus's dot touches it.
    let damascus = place_tag(&svg, "170654");
    let after = &markers[markers.find(damascus).unwrap() + damascus.len()..];
    let (dx, dy, dr) = circles(&after[..after.find("</g>").unwrap()])[0];
    let later = circles(&after[after.find("</g>").unwrap()..]);
    for (x, y, r) in later {
        assert!(
            ((x - dx).powi(2) + (y - dy).powi(2)).sqrt() >= r + dr,
            "a marker at ({x}, {y}) is drawn over Damascus ({dx}, {dy})"
        );
    }
    // And it did not get there by being alone: suburbs' markers touch it.
    let before = circles(&markers[first_place..markers.find(damascus).unwrap()]);
    assert!(
        before
            .iter()
            .any(|&(x, y, r)| ((x - dx).powi(2) + (y - dy).powi(2)).sqrt() < r + dr),
        "no marker touches Damascus's: the test shows nothing"
    );
}
