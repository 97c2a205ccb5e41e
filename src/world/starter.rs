//! `frontline init`: a starter dataset of three small files that `render`
//! draws at once: two forces, two events naming the two largest towns of
//! the dataset's countries (from the gazetteer, so no places.geojson is
//! needed), and a frontline.toml with the title and the countries.

use super::gazetteer::Gazetteer;

/// The starter files, as (file name, contents), in the order they are written.
pub fn starter_files(countries: &[String], title: &str) -> Vec<(&'static str, String)> {
    let towns = largest_towns(countries);
    let forces = "id,name,color,aliases\n\
                  a,Side A,#1f6fd1,First side\n\
                  b,Side B,#d7191c,Second side\n"
        .to_string();
    let events = format!(
        "date,place,force,status,source,note\n\
         2024-01-01,{},a,held,,\"example row: replace with your events (place: a town name, or geonames:<id>)\"\n\
         2024-02-01,{},b,held,,example row\n",
        towns[0], towns[1]
    );
    let countries_line = if countries.is_empty() {
        "# countries = [\"UA\"]   # ISO codes: the map's focus, where town names are looked up\n"
            .to_string()
    } else {
        let quoted: Vec<String> = countries.iter().map(|c| format!("{c:?}")).collect();
        format!(
            "# ISO codes: the map's focus, and where town names are looked up\ncountries = [{}]\n",
            quoted.join(", ")
        )
    };
    let toml = format!(
        "title = {title:?}\n{countries_line}\
         attribution = \"Places: GeoNames (CC BY 4.0). Borders: Natural Earth.\"\n"
    );
    vec![
        ("forces.csv", forces),
        ("events.csv", events),
        ("frontline.toml", toml),
    ]
}

/// The two most populous places of `countries` (of the world when empty):
/// by name when the name reaches that place, else as `geonames:<id>`.
fn largest_towns(countries: &[String]) -> [String; 2] {
    let gazetteer = Gazetteer::new(countries);
    let entries = gazetteer.largest_first();
    let reference = |i: usize| -> String {
        let Some(e) = entries.get(i) else {
            return format!("Town {}", i + 1);
        };
        let found = gazetteer.find(&[e.name.as_str()]);
        let others = found.get(e.name.as_str()).map_or(0, |c| {
            c.iter()
                .filter(|o| o.geonameid != e.geonameid && o.population * 10 > e.population)
                .count()
        });
        if others == 0 && !e.name.contains([',', '"']) {
            e.name.clone()
        } else {
            e.id()
        }
    };
    [reference(0), reference(1)]
}
