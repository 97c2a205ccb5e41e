//! Any bytes read as the file must end in values or problems, never a panic
//! or a hang (see src/fuzzing.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = frontline::fuzzing::basemap_geojson(data);
});
