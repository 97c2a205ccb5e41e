//! The sequence outputs a run asks for. This is where they are chosen: a new
//! output is a file implementing [`Output`] and one line here.

use super::apng::Apng;
use super::frame::Output;
use super::gif_file::Gif;
use super::html::Html;
use super::options::Options;
use super::palette::Palette;
use super::video::Video;
use crate::dataset::Dataset;
use crate::error::Result;
use crate::render::MapRenderer;

/// Opens the outputs `options` asks for (temporary files until each is
/// finished), in the order frames are given to them. `size` is in device
/// pixels; the GIF is written only with its `palette`.
pub(crate) fn open(
    options: &Options,
    dataset: &Dataset,
    renderer: &MapRenderer,
    size: (u32, u32),
    palette: Option<&Palette>,
) -> Result<Vec<Box<dyn Output>>> {
    let mut outputs: Vec<Box<dyn Output>> = Vec::new();
    if let (Some(path), Some(palette)) = (&options.gif, palette) {
        outputs.push(Box::new(Gif::open(path, options, size, palette)?));
    }
    if let Some(path) = &options.apng {
        outputs.push(Box::new(Apng::open(path, options, size)?));
    }
    if let Some(path) = &options.mp4 {
        outputs.push(Box::new(Video::open(path, options, size)?));
    }
    if let Some(path) = &options.html {
        outputs.push(Box::new(Html::open(path, options, dataset, renderer)?));
    }
    Ok(outputs)
}
