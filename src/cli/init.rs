//! `frontline init DIR [--countries UA,RU] [--title ...]`: a starter dataset.

use super::args::InitArgs;
use frontline::Error;
use std::process::ExitCode;

pub fn run(args: InitArgs) -> anyhow::Result<ExitCode> {
    let known = frontline::world::country_names();
    let mut countries = Vec::new();
    for c in &args.countries {
        let code = c.trim().to_ascii_uppercase();
        if !known.iter().any(|(k, _)| *k == code) {
            return Err(Error::Usage(format!(
                "--countries: {c:?} is not a country code of the world basemap (ISO 3166-1 alpha-2, e.g. UA, RU, SY)"
            ))
            .into());
        }
        if !countries.contains(&code) {
            countries.push(code);
        }
    }
    let title = args.title.clone().unwrap_or_else(|| {
        let canonical = std::path::absolute(&args.dir).unwrap_or_else(|_| args.dir.clone());
        canonical.file_name().map_or_else(
            || "frontline".to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    });
    let files = frontline::world::starter_files(&countries, &title);
    // Nothing is overwritten: a folder that already holds a dataset file is left as it is.
    let taken: Vec<String> = files
        .iter()
        .map(|(name, _)| args.dir.join(name))
        .chain(["places.geojson", "basemap.geojson"].map(|n| args.dir.join(n)))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !taken.is_empty() {
        return Err(Error::Usage(format!(
            "{} already holds a dataset ({}); init writes only into a new or empty folder",
            args.dir.display(),
            taken.join(", ")
        ))
        .into());
    }
    for (name, contents) in &files {
        frontline::output::write_bytes(&args.dir.join(name), contents.as_bytes())?;
    }
    super::wrote(&format!(
        "{}: {}\nnext: edit events.csv, then `frontline render --data {} --date 2024-02-01`",
        args.dir.display(),
        files.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
        args.dir.display()
    ));
    Ok(ExitCode::SUCCESS)
}
