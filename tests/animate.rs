//! `frontline animate` (docs/animate.md): the frame dates of each
//! step kind and their file names; that frames whose places did not change
//! are not drawn again (yet carry their own date); the GIF, APNG and HTML
//! outputs; `--resume`; command-line errors; that nothing partial is left
//! behind (failures, Ctrl-C); and the HTML viewer in a real browser
//! (headless Chromium through ChromeDriver: the client is webdriver.rs; the
//! test skips without them unless FRONTLINE_REQUIRE_BROWSER=1).
//!
//! Tests of `animate` and of what it writes belong here; what one map looks
//! like belongs in render.rs (a frame is checked against `render`'s map).
//!
//! Frames are small (400×300) to keep the suite fast in debug builds.

use crate::util::*;
use crate::webdriver::{ARROW_LEFT, ARROW_RIGHT, Browser, file_url};
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

const SMALL_SIZE: [&str; 4] = ["--width", "400", "--height", "300"];

/// `frontline animate --data tests/fixtures/small` at 400×300 with `args`.
fn animate(args: &[&str]) -> Output {
    let mut all = vec!["animate", "--data", SMALL];
    all.extend_from_slice(&SMALL_SIZE);
    all.extend_from_slice(args);
    frontline(&all)
}

/// [`animate`] of the dates from `from` to `to` by `step`, with `extra`
/// arguments, writing frames into `out`.
fn frames(from: &str, to: &str, step: &str, extra: &[&str], out: &Path) -> Output {
    let mut all = vec!["--from", from, "--to", to, "--step", step];
    all.extend_from_slice(extra);
    all.extend_from_slice(&["--out-dir", out.to_str().unwrap()]);
    animate(&all)
}

/// Writes to `path` the map `render` draws for `date` with the frames' data
/// and size (the small fixture at 400×300), to compare a frame with.
fn render_like_frames(date: &str, path: &Path) {
    let mut args = vec!["--date", date];
    args.extend_from_slice(&SMALL_SIZE);
    args.extend_from_slice(&["-o", path.to_str().unwrap()]);
    on_small("render", &args).expect_code(0);
}

/// (maps drawn, maps reused) from the summary line on stderr.
fn drawn_reused(out: &Output) -> (usize, usize) {
    let line = out
        .stderr
        .lines()
        .find(|l| l.contains(" drawn, ") && l.contains(" reused"))
        .unwrap_or_else(|| panic!("no summary line\n{}", out.describe()));
    let number_before = |word: &str| -> usize {
        let at = line.find(word).unwrap();
        line[..at]
            .trim_end()
            .rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    (
        number_before(if line.contains(" maps drawn") {
            " maps drawn"
        } else {
            " map drawn"
        }),
        number_before(" reused"),
    )
}

/// Decodes a PNG file to RGB(A) bytes and its size.
fn decode_png(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(path).unwrap()));
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn dates(list: &[&str], ext: &str) -> Vec<String> {
    list.iter().map(|d| format!("{d}.{ext}")).collect()
}

#[test]
fn daily_frames_are_pngs_named_by_date() {
    let dir = TestDir::new();
    let out = dir.join("frames");
    frames("2015-01-30", "2015-02-02", "1d", &[], &out).expect_code(0);
    assert_eq!(
        entries(&out),
        dates(
            &["2015-01-30", "2015-01-31", "2015-02-01", "2015-02-02"],
            "png"
        )
    );
    for name in entries(&out) {
        let (w, h, _) = decode_png(&out.join(&name));
        assert_eq!((w, h), (400, 300), "{name}");
    }
}

#[test]
fn weekly_monthly_and_event_steps() {
    let dir = TestDir::new();
    let run = |sub: &str, from: &str, to: &str, step: &str| -> Vec<String> {
        let out = dir.join(sub);
        frames(from, to, step, &["--format", "svg"], &out).expect_code(0);
        entries(&out)
    };
    // Up to --to, which is on a step here.
    assert_eq!(
        run("w", "2015-01-01", "2015-01-29", "7d"),
        dates(
            &[
                "2015-01-01",
                "2015-01-08",
                "2015-01-15",
                "2015-01-22",
                "2015-01-29"
            ],
            "svg"
        )
    );
    assert_eq!(
        run("2w", "2015-01-01", "2015-02-11", "2w"),
        dates(
            &["2015-01-01", "2015-01-15", "2015-01-29", "2015-02-11"],
            "svg"
        )
    );
    // Months keep the day of --from, clamped to shorter months; --to gets
    // a frame though it is not on a step (issue 12).
    assert_eq!(
        run("m", "2015-01-31", "2015-06-15", "1m"),
        dates(
            &[
                "2015-01-31",
                "2015-02-28",
                "2015-03-31",
                "2015-04-30",
                "2015-05-31",
                "2015-06-15"
            ],
            "svg"
        )
    );
    // One frame per date on which some state changed, within the range.
    assert_eq!(
        run("e", "2015-01-15", "2016-12-31", "event"),
        dates(
            &[
                "2015-02-01",
                "2015-03-01",
                "2015-04-01",
                "2015-05-01",
                "2016-01-01",
                "2016-03-15",
                "2016-12-31"
            ],
            "svg"
        )
    );
}

#[test]
fn frames_are_the_maps_of_their_dates() {
    // SVG frames are exactly what `render` writes for the same date.
    let dir = TestDir::new();
    let out = dir.join("f");
    frames("2015-03-30", "2015-04-02", "1d", &["--format", "svg"], &out).expect_code(0);
    for date in ["2015-03-30", "2015-03-31", "2015-04-01", "2015-04-02"] {
        let single = dir.join(&format!("r-{date}.svg"));
        render_like_frames(date, &single);
        assert_eq!(
            fs::read_to_string(out.join(format!("{date}.svg"))).unwrap(),
            fs::read_to_string(&single).unwrap(),
            "{date}"
        );
    }
}

#[test]
fn unchanged_maps_are_not_drawn_again_but_dates_are() {
    // No place changes from 2015-05-01 to 2016-01-01, and by July nothing
    // is "recent" any more: one map, then only the date overlay per frame.
    let dir = TestDir::new();
    let out = dir.join("f");
    let run = frames("2015-07-01", "2015-07-06", "1d", &[], &out);
    run.expect_code(0);
    assert_eq!(drawn_reused(&run), (1, 5), "{}", run.describe());
    let files = entries(&out);
    assert_eq!(files.len(), 6);
    // Every frame carries its own date: no two frames are the same picture...
    let pixels: Vec<Vec<u8>> = files.iter().map(|f| decode_png(&out.join(f)).2).collect();
    for i in 1..pixels.len() {
        assert_ne!(
            pixels[i - 1],
            pixels[i],
            "{} equals the frame before",
            files[i]
        );
    }
    // ...and each is exactly the map `render` draws for that date, though
    // animate drew only what changed since the frame before.
    for (name, px) in files.iter().zip(&pixels) {
        let date = name.trim_end_matches(".png");
        let single = dir.join(&format!("r-{date}.png"));
        render_like_frames(date, &single);
        let (_, _, want) = decode_png(&single);
        assert_eq!(want.len(), px.len());
        let worst = want
            .iter()
            .zip(px)
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap();
        assert_eq!(worst, 0, "{name} differs from render by {worst}");
    }

    // A change in the range means a new map.
    let run = frames("2015-03-30", "2015-04-02", "1d", &[], &dir.join("g"));
    run.expect_code(0);
    assert_eq!(drawn_reused(&run), (2, 2), "{}", run.describe());
}

/// A GIF frame's (left, top, width, height, delay).
type GifFrame = (u16, u16, u16, u16, u16);

/// A GIF's global palette, frames and looping.
fn gif_frames(path: &Path) -> (Vec<u8>, Vec<GifFrame>, gif::Repeat) {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    let mut decoder = options
        .read_info(fs::File::open(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let palette = decoder.global_palette().unwrap().to_vec();
    let mut frames = Vec::new();
    while let Some(f) = decoder.read_next_frame().unwrap() {
        frames.push((f.left, f.top, f.width, f.height, f.delay));
    }
    (palette, frames, decoder.repeat())
}

#[test]
fn gif_apng_and_html_have_every_frame() {
    let dir = TestDir::new();
    let gif_path = dir.join("out/anim.gif");
    let apng_path = dir.join("out/anim.png");
    let html_path = dir.join("out/view.html");
    let run = animate(&[
        "--from",
        "2015-01-01",
        "--to",
        "2015-06-01",
        "--step",
        "1m",
        "--no-frames",
        "--gif",
        gif_path.to_str().unwrap(),
        "--apng",
        apng_path.to_str().unwrap(),
        "--html",
        html_path.to_str().unwrap(),
        "--delay",
        "300ms",
        "--hold",
        "2s",
    ]);
    run.expect_code(0);
    let all = [
        "2015-01-01",
        "2015-02-01",
        "2015-03-01",
        "2015-04-01",
        "2015-05-01",
        "2015-06-01",
    ];
    // GIF: one frame per date, looping, the last held longer; the first is
    // whole, the others only what changed.
    let (palette, frames, repeat) = gif_frames(&gif_path);
    assert_eq!(frames.len(), all.len());
    assert_eq!(repeat, gif::Repeat::Infinite);
    assert_eq!(frames[0].0..frames[0].3, 0..300);
    assert_eq!((frames[0].2, frames[0].3), (400, 300));
    assert!(frames[..5].iter().all(|f| f.4 == 30), "{frames:?}");
    assert_eq!(frames[5].4, 200);
    // The force colours are in the palette exactly.
    let colours: Vec<&[u8]> = palette.chunks(3).collect();
    for c in [[0xff, 0, 0], [0, 0, 0xff]] {
        assert!(colours.contains(&&c[..]), "{c:?} not in the GIF palette");
    }
    // APNG: as many frames.
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(&apng_path).unwrap()));
    let reader = decoder.read_info().unwrap();
    let actl = reader.info().animation_control.expect("an animated PNG");
    assert_eq!(actl.num_frames as usize, all.len());
    assert_eq!(actl.num_plays, 0);
    // HTML: every frame date, self-contained.
    let html = fs::read_to_string(&html_path).unwrap();
    for d in all {
        assert!(html.contains(&format!("\"d\":\"{d}\"")), "{d} missing");
    }
    assert!(html.contains("data-controller"), "places carry their state");
    for remote in ["<script src", "<link", "@import", "url(http", "fetch("] {
        assert!(
            !html.contains(remote),
            "the viewer loads something: {remote}"
        );
    }
    // Nothing but the outputs: no temporary files, no frame folder.
    assert_eq!(
        entries(&dir.join("out")),
        ["anim.gif", "anim.png", "view.html"]
    );
}

#[test]
fn resume_keeps_complete_frames_and_redoes_broken_ones() {
    for ext in ["png", "svg"] {
        let dir = TestDir::new();
        let out = dir.join("f");
        let days = |extra: &[&str]| frames("2015-01-01", "2015-01-05", "1d", extra, &out);
        days(&["--format", ext]).expect_code(0);
        let complete = fs::read(out.join(format!("2015-01-03.{ext}"))).unwrap();
        // A truncated frame (as if the disk filled up), and a missing one.
        let broken = out.join(format!("2015-01-03.{ext}"));
        fs::write(&broken, &complete[..complete.len() - 10]).unwrap();
        fs::remove_file(out.join(format!("2015-01-05.{ext}"))).unwrap();
        // Date a kept frame back, so a rewrite would show.
        let kept = out.join(format!("2015-01-02.{ext}"));
        let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        fs::File::options()
            .write(true)
            .open(&kept)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let run = days(&["--format", ext, "--resume"]);
        run.expect_code(0);
        assert!(
            run.stderr.contains("wrote 2 frames") && run.stderr.contains("3 complete ones kept"),
            "{}",
            run.describe()
        );
        // Redone whole (it may have been drawn as a reused map before: the
        // date overlay can differ by a shade of anti-aliasing).
        let redone = fs::read(&broken).unwrap();
        if ext == "svg" {
            assert!(redone == complete, "the broken SVG frame is not redone");
        } else {
            let again = dir.join("again.png");
            fs::write(&again, &complete).unwrap();
            let (a, b) = (decode_png(&broken).2, decode_png(&again).2);
            let worst = a.iter().zip(&b).map(|(x, y)| x.abs_diff(*y)).max();
            assert!(
                a.len() == b.len() && worst <= Some(8),
                "the broken PNG frame is not redone"
            );
        }
        assert!(out.join(format!("2015-01-05.{ext}")).exists());
        assert_eq!(
            fs::metadata(&kept).unwrap().modified().unwrap(),
            old,
            "{ext}: a complete frame was rewritten"
        );
    }
}

#[test]
fn command_line_mistakes_exit_2_and_write_nothing() {
    let dir = TestDir::new();
    let out = dir.join("f");
    let o = out.to_str().unwrap();
    for args in [
        vec!["--from", "2015-02-01", "--to", "2015-01-01", "--out-dir", o],
        vec![
            "--from",
            "2015-01-01",
            "--to",
            "2015-02-01",
            "--step",
            "3x",
            "--out-dir",
            o,
        ],
        vec![
            "--from",
            "2015-01-01",
            "--to",
            "2015-02-01",
            "--step",
            "0d",
            "--out-dir",
            o,
        ],
        // No state changes in the range: no event frame.
        vec![
            "--from",
            "2015-06-01",
            "--to",
            "2015-12-01",
            "--step",
            "event",
            "--out-dir",
            o,
        ],
        vec!["--from", "2015-01-01", "--to", "2015-02-01", "--no-frames"],
        vec![
            "--from",
            "2015-01-01",
            "--to",
            "2015-02-01",
            "--delay",
            "fast",
            "--out-dir",
            o,
        ],
    ] {
        let run = animate(&args);
        run.expect_code(2);
        assert!(!out.exists(), "{args:?} wrote {}", out.display());
    }
    let run = animate(&["--from", "2015-02-01", "--to", "2015-01-01"]);
    assert!(
        run.stderr
            .contains("--to 2015-01-01 is before --from 2015-02-01"),
        "{}",
        run.describe()
    );
}

/// The file names in a folder, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn shards_draw_the_frames_of_one_run_and_from_frames_joins_them() {
    let dir = TestDir::new();
    let (whole, shards) = (dir.join("whole"), dir.join("shards"));
    let range = ["2015-01-01", "2016-03-20", "3w"];
    let (gif, apng) = (dir.join("whole.gif"), dir.join("whole.png"));
    frames(
        range[0],
        range[1],
        range[2],
        &[
            "--gif",
            gif.to_str().unwrap(),
            "--apng",
            apng.to_str().unwrap(),
        ],
        &whole,
    )
    .expect_code(0);
    // Three shards into one folder: every third frame each.
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let run = frames(range[0], range[1], range[2], &["--shard", &shard], &shards);
        run.expect_code(0);
        let mine = names_in(&shards).len();
        assert!(
            mine > 0 && run.stderr.contains(&format!("shard {k}/3")),
            "{}",
            run.describe()
        );
    }
    let names = names_in(&whole);
    assert_eq!(names.len(), 23, "{names:?}");
    assert_eq!(names_in(&shards), names);
    for n in &names {
        assert!(
            fs::read(whole.join(n)).unwrap() == fs::read(shards.join(n)).unwrap(),
            "frame {n} of the shards differs from the whole run's"
        );
    }
    // Joined: the same GIF and APNG, byte for byte, as the run that drew them.
    let join = |outputs: &[&str]| {
        let mut args = vec!["--from", range[0], "--to", range[1], "--step", range[2]];
        args.extend(["--from-frames", shards.to_str().unwrap()]);
        args.extend_from_slice(outputs);
        animate(&args)
    };
    let (joined_gif, joined_apng) = (dir.join("joined.gif"), dir.join("joined.png"));
    join(&[
        "--gif",
        joined_gif.to_str().unwrap(),
        "--apng",
        joined_apng.to_str().unwrap(),
    ])
    .expect_code(0);
    assert!(
        fs::read(&gif).unwrap() == fs::read(&joined_gif).unwrap(),
        "GIFs differ"
    );
    assert!(
        fs::read(&apng).unwrap() == fs::read(&joined_apng).unwrap(),
        "APNGs differ"
    );
    // A shard missing: the join names the first frame it lacks and writes nothing.
    fs::remove_file(shards.join(&names[4])).unwrap();
    let lost = dir.join("lost.gif");
    let run = join(&["--gif", lost.to_str().unwrap()]);
    run.expect_code(1);
    assert!(
        run.stderr.contains(&format!(
            "{}: no such frame file (were all the shards drawn into this folder",
            shards.join(&names[4]).display()
        )),
        "{}",
        run.describe()
    );
    assert!(!lost.exists());
    // Frames of another size are refused by name.
    let mut other_size = vec![
        "animate", "--data", SMALL, "--width", "300", "--height", "300",
    ];
    other_size.extend(["--from", range[0], "--to", range[1], "--step", range[2]]);
    other_size.extend(["--out-dir", shards.to_str().unwrap()]);
    frontline(&other_size).expect_code(0);
    let run = join(&["--gif", lost.to_str().unwrap()]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("the frame is 300×300 pixels and this map 400×300"),
        "{}",
        run.describe()
    );
}

#[test]
fn shard_and_from_frames_mistakes_exit_2() {
    let dir = TestDir::new();
    let o = dir.join("f");
    let o = o.to_str().unwrap();
    let g = dir.join("a.gif");
    let g = g.to_str().unwrap();
    for (args, says) in [
        (vec!["--shard", "0/2", "--out-dir", o], "is not a shard K/N"),
        (vec!["--shard", "3/2", "--out-dir", o], "is not a shard K/N"),
        (
            vec!["--shard", "1/2", "--gif", g],
            "--shard draws frame files only",
        ),
        (vec!["--from-frames", dir.path_str()], "name at least one"),
        (
            vec!["--from-frames", dir.path_str(), "--gif", g, "--out-dir", o],
            "cannot go with --out-dir",
        ),
        (
            vec!["--from-frames", "no-such-folder", "--gif", g],
            "is not a folder of frames",
        ),
    ] {
        let run = animate(&args);
        run.expect_code(2);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.describe());
        assert!(
            !dir.join("f").exists() && !dir.join("a.gif").exists(),
            "{args:?} wrote"
        );
    }
}

#[test]
fn mp4_without_ffmpeg_is_a_clear_error() {
    let dir = TestDir::new();
    let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["animate", "--data"])
        .arg(root().join(SMALL))
        .args(["--from", "2015-01-01", "--to", "2015-02-01", "--mp4"])
        .arg(dir.join("a.mp4"))
        .env("PATH", dir.path())
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ffmpeg"), "{stderr}");
    assert!(dir.entries().is_empty(), "{:?}", dir.entries());
}

/// With ffmpeg on the PATH (optional, not installed by tools/test), `--mp4`
/// writes an MP4 file; without it, see the test above.
#[test]
fn mp4_with_ffmpeg_when_there_is_one() {
    let on_path = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("ffmpeg").is_file()));
    if !on_path {
        eprintln!(
            "ffmpeg is not on the PATH: --mp4 is checked by mp4_without_ffmpeg_is_a_clear_error"
        );
        return;
    }
    let dir = TestDir::new();
    let mp4 = dir.join("a.mp4");
    on_small(
        "animate",
        &[
            "--height",
            "300",
            "--from",
            "2015-01-01",
            "--to",
            "2015-01-05",
            "--step",
            "1d",
            "--no-frames",
            "--mp4",
            mp4.to_str().unwrap(),
            "--width",
            "401", // odd: padded to even for H.264
        ],
    )
    .expect_code(0);
    let bytes = fs::read(&mp4).unwrap();
    assert_eq!(&bytes[4..8], b"ftyp", "not an MP4 file");
    assert_eq!(dir.entries(), ["a.mp4"], "no temporary file left");
}

#[test]
fn bad_data_writes_nothing() {
    let dir = TestDir::with_dataset("small");
    dir.put("events.csv", "tests/fixtures/bad/events-errors.csv");
    let run = dir.on_own_data(
        "animate",
        &[
            "--from",
            "2015-01-01",
            "--to",
            "2015-02-01",
            "--out-dir",
            "frames",
            "--gif",
            "a.gif",
            "--html",
            "a.html",
        ],
    );
    run.expect_code(1);
    assert!(!dir.join("frames").exists());
    assert!(!dir.join("a.gif").exists() && !dir.join("a.html").exists());
    assert!(
        dir.entries().iter().all(|e| !e.starts_with(".frontline")),
        "{:?}",
        dir.entries()
    );
}

/// Ctrl-C stops the run: exit 130, complete frames only, no temporary files.
#[test]
fn ctrl_c_leaves_only_complete_frames() {
    interrupted_by("-INT");
}

/// SIGTERM (what `timeout`, systemd and CI send) is handled like Ctrl-C
/// (issue 13, kind 8): it used to kill the run, leaving temporary files.
#[test]
fn sigterm_leaves_only_complete_frames() {
    interrupted_by("-TERM");
}

/// SIGHUP (a closed terminal or SSH session) too: docs/data-format.md
/// promises all three signals end a run the same way.
#[test]
fn sighup_leaves_only_complete_frames() {
    interrupted_by("-HUP");
}

/// Starts a long animation, sends `signal` once frames appear, and checks
/// that only complete frames remain.
fn interrupted_by(signal: &str) {
    let dir = TestDir::new();
    let out = dir.join("f");
    let child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["animate", "--data"])
        .arg(root().join(SMALL))
        .args(SMALL_SIZE)
        .args([
            "--from",
            "2000-01-01",
            "--to",
            "2030-01-01",
            "--step",
            "1d",
            "-q",
            "-j",
            "2",
        ])
        .arg("--out-dir")
        .arg(&out)
        .arg("--gif")
        .arg(dir.join("a.gif"))
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the first frames, then interrupt.
    let started = std::time::Instant::now();
    while !out.exists() || entries(&out).len() < 3 {
        assert!(started.elapsed().as_secs() < 60, "no frames after a minute");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let result = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(130), "{stderr}");
    let frames = entries(&out);
    // The message counts the frame files left, all complete.
    let told = format!(
        "frontline: interrupted: {} complete frame file{} written, nothing partial left",
        frames.len(),
        if frames.len() == 1 { "" } else { "s" }
    );
    assert!(stderr.contains(&told), "{stderr}");
    assert!(frames.len() < 10958, "it finished before the interrupt");
    for f in &frames {
        assert!(
            f.ends_with(".png") && !f.starts_with('.'),
            "left behind: {f}"
        );
        let bytes = fs::read(out.join(f)).unwrap();
        assert!(
            bytes.ends_with(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]),
            "{f} incomplete"
        );
    }
    assert_eq!(dir.entries(), ["f"], "no GIF and no temporary file");
}

/// The viewer's records, one JSON object per `FL.add(…)` line, in order.
fn viewer_frames(html: &str) -> Vec<serde_json::Value> {
    html.lines()
        .filter_map(|l| l.strip_prefix("FL.add(")?.strip_suffix(");"))
        .map(|j| serde_json::from_str(j).expect("a frame record"))
        .collect()
}

/// Issue 12: a viewer opened from a date inside the war listed every earlier
/// change as news of its first frame, each "from unknown". The first frame
/// lists only what changed on its own date, from the place's real state.
#[test]
fn html_first_frame_lists_only_its_own_date() {
    let dir = TestDir::new();
    let html = dir.join("view.html");
    frontline(&[
        "animate",
        "--from",
        "2015-01-26",
        "--to",
        "2015-03-26",
        "--step",
        "1m",
        "--no-frames",
        "--html",
        html.to_str().unwrap(),
        "--width",
        "400",
        "--height",
        "300",
        "-q",
    ])
    .expect_code(0);
    let frames = viewer_frames(&fs::read_to_string(&html).unwrap());
    assert_eq!(frames.len(), 3);
    let first = &frames[0];
    let rows = first["c"].as_array().unwrap();
    assert_eq!(first["m"].as_u64(), Some(rows.len() as u64));
    assert!(!rows.is_empty(), "Kobani was retaken on 26 January 2015");
    for row in rows {
        assert_eq!(
            row[3], "2015-01-26",
            "an earlier change listed as news: {row}"
        );
        assert_ne!(
            row[1][1], "unknown",
            "a known place shown as from unknown: {row}"
        );
    }
    // Kobani: from Islamic State's contested hold to the SDF's.
    let places = |html: &str| -> Vec<String> {
        let meta = html
            .lines()
            .find_map(|l| l.strip_prefix("FL.start(")?.strip_suffix(");"))
            .unwrap();
        let meta: serde_json::Value = serde_json::from_str(meta).unwrap();
        meta["places"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect()
    };
    let names = places(&fs::read_to_string(&html).unwrap());
    let kobani = rows
        .iter()
        .find(|r| names[r[0].as_u64().unwrap() as usize].starts_with("Ko"))
        .unwrap_or_else(|| panic!("Kobani not among {rows:?}"));
    assert_eq!(kobani[1][1], "contested");
    assert_eq!(kobani[2][1], "held");
}

/// The HTML viewer in headless Chromium, driven through ChromeDriver: the
/// arrow key and the slider change the date shown, hovering a place shows
/// who holds it. A screenshot goes to tests/output/animate-viewer.png for a
/// person to look at.
#[test]
fn html_viewer_works_in_a_browser() {
    if !Browser::available_for("animate::html_viewer_works_in_a_browser") {
        return;
    }
    let dir = TestDir::new();
    let html = dir.join("viewer.html");
    // The bundled dataset, a year by month: SVG only, so quick to write.
    frontline(&[
        "animate",
        "--from",
        "2015-01-01",
        "--to",
        "2015-12-01",
        "--step",
        "1m",
        "--no-frames",
        "--html",
        html.to_str().unwrap(),
        "--width",
        "1000",
        "--height",
        "750",
        "-q",
    ])
    .expect_code(0);

    let mut b = Browser::start();
    b.open(&html);
    let date = |b: &mut Browser| b.text("#fl-date");
    assert_eq!(date(&mut b), "1 January 2015");
    assert_eq!(b.text("#fl-counter"), "1 / 12");
    // The first frame lists only its own date's changes (issue 12): before,
    // every place known by then was listed, each "unknown → …".
    let first = b.text("#fl-changes");
    assert!(!first.contains("unknown"), "{first}");
    assert!(first.lines().count() < 20, "{first}");

    b.press(ARROW_RIGHT);
    assert_eq!(date(&mut b), "1 February 2015");
    b.press(ARROW_RIGHT);
    b.press(ARROW_LEFT);
    assert_eq!(date(&mut b), "1 February 2015");

    // The slider: a click near its right end goes to the last months.
    b.click_at("#fl-slider", 0.98);
    assert_eq!(date(&mut b), "1 December 2015");
    b.press(ARROW_LEFT); // the slider has the focus: its own arrow keys
    assert_eq!(date(&mut b), "1 November 2015");
    // (The title is upper case on screen.)
    let title = b.text("#fl-changes-title").to_lowercase();
    assert!(title.starts_with("changes since 1 october 2015"), "{title}");

    // The changes of the frame list their sources; URLs become links.
    let changes = b.text("#fl-changes");
    assert!(
        changes.contains("Source:") || changes.contains("No place changed"),
        "{changes}"
    );

    // Hovering a place says who holds it.
    b.hover_first("#fl-map g.place");
    let info = b.text("#fl-info");
    assert!(
        info.contains("Held by") && info.contains("Status"),
        "{info}"
    );

    // The chart under the slider marks the current frame (November) and
    // hovering it shows that date's figures.
    assert_eq!(
        b.text("#fl-chart-title").to_lowercase(),
        "places held, by force"
    );
    let marked = b.attribute("#fl-chart-now", "data-frame");
    assert_eq!(marked, "10");
    b.hover_first("#fl-chart-svg");
    let tip = b.text("#fl-chart-tip");
    assert!(
        tip.contains("Islamic State:") && tip.contains("places"),
        "{tip}"
    );
    let shot = root().join("tests/output/animate-viewer-chart.png");
    fs::create_dir_all(shot.parent().unwrap()).unwrap();
    fs::write(&shot, b.screenshot()).unwrap();

    // Deep links: #date= picks the frame on or before the date.
    b.open_url(&format!("{}#date=2015-07-15", file_url(&html)));
    assert_eq!(date(&mut b), "1 July 2015");

    let shot = root().join("tests/output/animate-viewer.png");
    fs::create_dir_all(shot.parent().unwrap()).unwrap();
    fs::write(&shot, b.screenshot()).unwrap();
}

/// The viewer's map box as four numbers (its SVG viewBox).
fn view_box(b: &mut Browser) -> [f64; 4] {
    let text = b.attribute("#fl-map svg", "viewBox");
    let v: Vec<f64> = text
        .split_whitespace()
        .map(|t| t.parse().unwrap())
        .collect();
    v.try_into().unwrap_or_else(|v| panic!("viewBox {v:?}"))
}

/// Issue 12, the viewer: the map zooms (wheel, buttons) and pans (drag),
/// staying vector (so labels stay crisp), and a reset goes back to the whole
/// map; under the slider, year ticks and event marks jump to their frames.
/// A screenshot goes to tests/output/animate-viewer-zoom.png.
#[test]
fn viewer_zooms_pans_and_jumps_by_the_sliders_ticks() {
    if !Browser::available_for("animate::viewer_zooms_pans_and_jumps_by_the_sliders_ticks") {
        return;
    }
    let dir = TestDir::new();
    let html = dir.join("viewer.html");
    frontline(&[
        "animate",
        "--from",
        "2014-06-01",
        "--to",
        "2016-06-01",
        "--step",
        "1m",
        "--no-frames",
        "--html",
        html.to_str().unwrap(),
        "--width",
        "1000",
        "--height",
        "750",
        "-q",
    ])
    .expect_code(0);
    let frames = viewer_frames(&fs::read_to_string(&html).unwrap());
    let mut b = Browser::start();
    b.open(&html);

    // Zoom: the wheel over the map narrows the viewBox; the map stays SVG
    // (no raster image to blur).
    let home = view_box(&mut b);
    // Damascus and Homs: their markers and Damascus's label, on screen.
    const DAMASCUS: &str = "#place-markers g.place[data-id='170654']";
    const HOMS: &str = "#place-markers g.place[data-id='169577']";
    const LABEL: &str = "#labels text[data-id='170654']";
    let centre = |r: [f64; 4]| (r[0] + r[2] / 2.0, r[1] + r[3] / 2.0);
    let apart = |b: &mut Browser| {
        let (d, h) = (centre(b.rect(DAMASCUS)), centre(b.rect(HOMS)));
        (d.0 - h.0).hypot(d.1 - h.1)
    };
    let (marker, label, distance) = (b.rect(DAMASCUS), b.rect(LABEL), apart(&mut b));
    b.wheel("#fl-map svg", -400);
    let zoomed = view_box(&mut b);
    assert!(zoomed[2] < home[2] * 0.8, "{home:?} -> {zoomed:?}");
    assert!(
        (zoomed[2] / zoomed[3] - home[2] / home[3]).abs() < 1e-3,
        "aspect kept"
    );
    // Places spread apart with the zoom; markers and labels grow much less
    // (at most to the size the map was drawn for), together, the label
    // beside its marker.
    let k = home[2] / zoomed[2];
    let spread = apart(&mut b);
    assert!(spread > distance * k * 0.9, "{distance} -> {spread} at {k}");
    let (marker2, label2) = (b.rect(DAMASCUS), b.rect(LABEL));
    let grown = marker2[2] / marker[2];
    assert!(grown < 0.7 * k, "marker {marker:?} -> {marker2:?} at {k}");
    assert!(
        (label2[3] / label[3] / grown - 1.0).abs() < 0.15,
        "{label:?} -> {label2:?}"
    );
    let gap = |m: [f64; 4], l: [f64; 4]| l[0] - (m[0] + m[2]);
    let (g1, g2) = (gap(marker, label), gap(marker2, label2));
    assert!(
        (g1 * grown - g2).abs() < 4.0,
        "label {g1} px from its marker, then {g2}"
    );
    // Pan: a drag to the right shows what lies to the left.
    b.drag("#fl-map svg", 120, 0);
    let panned = view_box(&mut b);
    assert!(panned[0] < zoomed[0] - 1.0, "{zoomed:?} -> {panned:?}");
    assert_eq!(panned[2], zoomed[2]);
    // The view is kept from frame to frame; the button zooms too; reset restores.
    b.press(ARROW_RIGHT);
    assert_eq!(view_box(&mut b), panned);
    b.click("#fl-zoom-in");
    assert!(view_box(&mut b)[2] < panned[2]);
    let shot = root().join("tests/output/animate-viewer-zoom.png");
    fs::create_dir_all(shot.parent().unwrap()).unwrap();
    fs::write(&shot, b.screenshot()).unwrap();
    b.click("#fl-zoom-reset");
    assert_eq!(view_box(&mut b), home);
    // Pinch: two fingers moving apart zoom in.
    b.pinch("#fl-map svg", 60, 240);
    let pinched = view_box(&mut b);
    assert!(pinched[2] < home[2] * 0.6, "{home:?} -> {pinched:?}");
    b.click("#fl-zoom-reset");

    // Ticks: 2015 and 2016 are labelled and go to their first frame.
    b.click("#fl-ticks .year[data-year='2016']");
    assert_eq!(b.text("#fl-date"), "1 January 2016");
    b.click("#fl-ticks .year[data-year='2015']");
    assert_eq!(b.text("#fl-date"), "1 January 2015");
    // Event marks: one per frame with changes, each a jump to its frame.
    let with_changes: Vec<usize> = (0..frames.len())
        .filter(|&i| !frames[i]["c"].as_array().unwrap().is_empty())
        .collect();
    let last = *with_changes.last().expect("some frame has changes");
    b.click(&format!("#fl-ticks .ev[data-frame='{last}']"));
    assert_eq!(
        b.text("#fl-counter"),
        format!("{} / {}", last + 1, frames.len())
    );
    let title = b.text("#fl-changes-title").to_lowercase();
    assert!(title.starts_with("changes since"), "{title}");
    assert!(!b.text("#fl-changes").contains("No place changed"));
}

#[test]
fn frames_drawn_over_each_other_equal_the_maps_render_draws() {
    // The bundled dataset through a busy half-year, fortnightly, with
    // highlights, on two workers: every frame is drawn over the previous
    // one on its worker's canvas, and must still be exactly `render`'s map.
    frames_equal_render(&["--width", "640", "--height", "480", "--changes", "30d"]);
}

#[test]
fn zones_frames_drawn_over_each_other_equal_the_maps_render_draws() {
    frames_equal_render(&["--width", "640", "--height", "480", "--zones"]);
}

/// Animates the bundled dataset from January to June 2016 fortnightly on
/// two workers with `look`, and compares each frame with `render`'s map.
fn frames_equal_render(look: &[&str]) {
    let dir = TestDir::new();
    let out = dir.join("f");
    let mut args = vec![
        "animate",
        "--from",
        "2016-01-01",
        "--to",
        "2016-06-30",
        "--step",
        "14d",
        "--jobs",
        "2",
        "--out-dir",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(look);
    let run = frontline(&args);
    run.expect_code(0);
    let (drawn, _) = drawn_reused(&run);
    assert!(drawn >= 5, "{}", run.describe());
    let files = entries(&out);
    // 13 fortnights from 1 January, and 30 June (--to) itself.
    assert_eq!(files.len(), 14);
    for name in &files {
        let date = name.trim_end_matches(".png");
        let single = dir.join(&format!("r-{date}.png"));
        let mut args = vec!["render", "--date", date, "-o", single.to_str().unwrap()];
        args.extend_from_slice(look);
        frontline(&args).expect_code(0);
        assert!(
            decode_png(&out.join(name)).2 == decode_png(&single).2,
            "{name} differs from the map render draws"
        );
    }
}
