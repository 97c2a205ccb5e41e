//! resvg with the embedded fonts: the one way SVG becomes pixels here.

use crate::error::{Error, Result};
use crate::render::text;
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

/// usvg options with the embedded fonts only.
pub fn usvg_options() -> usvg::Options<'static> {
    let mut options = usvg::Options {
        font_family: text::FAMILY.to_string(),
        fontdb: text::fontdb(),
        ..usvg::Options::default()
    };
    options.languages = vec!["en".to_string()];
    options
}

/// Parses an SVG document and draws it over `pixmap`.
pub fn draw(svg: &str, options: &usvg::Options, scale: f32, pixmap: &mut Pixmap) -> Result<()> {
    let tree = usvg::Tree::from_str(svg, options)
        .map_err(|e| Error::Render(format!("internal SVG error: {e}")))?;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(())
}

/// The error of a lock whose holder panicked (a drawing thread).
pub(crate) fn poisoned() -> Error {
    Error::Render("a drawing thread panicked".into())
}
