//! `frontline render`: the map of one date.

use super::args::{ImageFormat, RenderArgs};
use super::load;
use super::out_file::format_of;
use frontline::output::write_bytes;
use frontline::render::{MapRenderer, Rasterizer};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(args: RenderArgs) -> anyhow::Result<ExitCode> {
    let named = match &args.output {
        Some(path) => format_of(
            "-o",
            path,
            &[("png", ImageFormat::Png), ("svg", ImageFormat::Svg)],
            args.format,
        )?,
        None => None,
    };
    let format = named.or(args.format).unwrap_or(ImageFormat::Png);
    if format == ImageFormat::Png {
        // A size that cannot be drawn is the command line's mistake: said
        // before any data is read.
        args.look.device_size()?;
    }
    let (dataset, timeline) = load(&args.data)?;
    let path = args.output.clone().unwrap_or_else(|| {
        let ext = if format == ImageFormat::Svg {
            "svg"
        } else {
            "png"
        };
        PathBuf::from("output").join(format!("{}-{}.{ext}", dataset.sources.name(), args.date))
    });
    let renderer = MapRenderer::new(&dataset, &timeline, args.look.options(&dataset.config))?;
    if renderer.places_in_view() == 0 {
        // Not an error: a map of an area is still a map (exit 0); but an
        // empty one with no word looks like a failure (issue 13, kind 9).
        say!(
            "frontline: warning: no place of the dataset lies in the map's extent; the map says so (check --bbox)"
        );
    }
    let bytes = match format {
        ImageFormat::Svg => renderer.svg(args.date).into_bytes(),
        ImageFormat::Png => {
            let raster = Rasterizer::new(&renderer, args.look.scale)?;
            raster.png(&renderer, args.date, &timeline.states_on(args.date))?
        }
    };
    write_bytes(&path, &bytes)?;
    super::wrote(&path.display().to_string());
    super::leave(renderer);
    super::leave((timeline, dataset));
    Ok(ExitCode::SUCCESS)
}
