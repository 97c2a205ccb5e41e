//! `frontline places [--data DIR] [-o FILE]`: the resolved places as a places.geojson.

use super::args::PlacesArgs;
use super::load;
use super::out_file::{GEOJSON, check_single};
use frontline::Error;
use frontline::words::count;
use std::process::ExitCode;

pub fn run(args: PlacesArgs) -> anyhow::Result<ExitCode> {
    if let Some(path) = &args.output {
        check_single("-o", path, GEOJSON)?;
    }
    let (dataset, _) = load(&args.data)?;
    let path = match args.output.clone() {
        Some(p) => p,
        None => {
            let p = dataset.sources.dir.join("places.geojson");
            // The user's own file is never replaced unasked.
            if p.exists() {
                return Err(Error::Usage(format!(
                    "{} exists; name another file with -o (the places found in the gazetteer have ids geonames:<id>)",
                    p.display()
                ))
                .into());
            }
            p
        }
    };
    frontline::output::write_bytes(
        &path,
        frontline::export::places_collection(&dataset).as_bytes(),
    )?;
    super::wrote(&format!(
        "{} ({})",
        path.display(),
        count(dataset.places.len(), "place")
    ));
    Ok(ExitCode::SUCCESS)
}
