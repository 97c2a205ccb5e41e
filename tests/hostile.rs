//! Hostile input and faults (issue 13): sizes that cannot be drawn, huge
//! polygons, broken CSV quoting, outputs onto inputs, text XML cannot carry,
//! absurd thread counts. Each test names the kind it guards; the guarantees
//! are in docs/data-format.md ("What is rejected, and what is never lost").

use crate::util::*;

/// Kind 1: a canvas whose device pixels (width × height × scale²) pass the
/// cap is a usage error naming the sizes and the cap, before anything is
/// allocated or written.
#[test]
fn a_canvas_too_large_to_draw_is_refused() {
    let dir = TestDir::new();
    let big = dir.on_small(
        "render",
        &["--date", "2016-03-20", "--width", "20000", "--height", "20000", "--scale", "1.2", "-o", "big.png"],
    );
    big.expect_code(2);
    assert!(
        big.stderr.contains("24000×24000") && big.stderr.contains("134,217,728"),
        "{}",
        big.describe()
    );
    let animated = dir.on_small(
        "animate",
        &["--from", "2016-03-20", "--to", "2016-03-21", "--width", "12000", "--height", "12000", "--out-dir", "frames"],
    );
    animated.expect_code(2);
    assert!(animated.stderr.contains("12000×12000"), "{}", animated.describe());
    assert!(dir.entries().is_empty(), "{:?}", dir.entries());
    // The largest scale of the default size stays within the cap; and an
    // SVG has no device pixels, so the cap does not apply to it.
    let svg = dir.on_small(
        "render",
        &["--date", "2016-03-20", "--width", "20000", "--height", "20000", "-o", "big.svg"],
    );
    svg.expect_code(0);
}
