//! The bundled dataset (geodata/syria): clean under `check`, big enough to
//! make a meaningful map, and true to the seed article's facts (the AFP
//! report geodata/README.md names).
//!
//! Tests that need the bundled data rather than a fixture belong here.

use crate::util::frontline;
use serde_json::Value;

fn export(date: &str) -> Value {
    let out = frontline(&["export", "--date", date]);
    out.expect_code(0);
    serde_json::from_str(&out.stdout).expect("GeoJSON")
}

fn props<'a>(fc: &'a Value, id: &str) -> &'a Value {
    let f = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no place {id}"));
    &f["properties"]
}

#[test]
fn check_is_clean() {
    let out = frontline(&["check"]);
    out.expect_code(0);
    assert!(out.stdout.trim().is_empty(), "warnings: {}", out.stdout);
    assert!(
        out.stderr.contains("no errors, 0 warnings"),
        "{}",
        out.stderr
    );
}

#[test]
fn enough_events_over_enough_places_each_with_a_source() {
    let text =
        std::fs::read_to_string(crate::util::root().join("geodata/syria/events.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut places = std::collections::HashSet::new();
    let mut rows = 0;
    for r in reader.records() {
        let r = r.unwrap();
        rows += 1;
        places.insert(r[1].to_string());
        assert!(!r[4].trim().is_empty(), "row {rows} has no source");
        assert!(
            !r[4].contains("http"),
            "row {rows}: no URLs were to be invented"
        );
    }
    assert!(
        rows >= 550 && places.len() >= 300,
        "{rows} events over {} places",
        places.len()
    );
}

#[test]
fn palmyra_follows_the_seed_article() {
    let palmyra = "163808";
    let on = |d: &str| {
        let fc = export(d);
        let p = props(&fc, palmyra).clone();
        (
            p["controller"].as_str().unwrap_or("").to_string(),
            p["since"].as_str().unwrap_or("").to_string(),
        )
    };
    assert_eq!(on("2015-05-20").0, "sag");
    assert_eq!(on("2015-05-21"), ("isil".into(), "2015-05-21".into()));
    assert_eq!(on("2016-03-27"), ("sag".into(), "2016-03-27".into()));
    assert_eq!(on("2016-12-11"), ("isil".into(), "2016-12-11".into()));
    let fc = export("2017-03-02");
    let p = props(&fc, palmyra);
    assert_eq!(p["name"], "Palmyra");
    assert_eq!(p["controller"], "sag");
    assert_eq!(p["since"], "2017-03-02");
    assert!(
        p["source"].as_str().unwrap().starts_with("Firstpost/AFP"),
        "{}",
        p["source"]
    );
    // The same day: Mosul under assault by the Iraqi government, Raqqa still Islamic State's,
    // and Aleppo wholly the government's since December 2016.
    let mosul = props(&fc, "99072");
    assert_eq!(
        (
            mosul["controller"].as_str(),
            mosul["status"].as_str(),
            mosul["challenger"].as_str()
        ),
        (Some("isil"), Some("contested"), Some("iraq"))
    );
    assert_eq!(props(&fc, "172955")["controller"], "isil");
    let aleppo = props(&fc, "170063");
    assert_eq!(
        (aleppo["controller"].as_str(), aleppo["status"].as_str()),
        (Some("sag"), Some("held"))
    );
}

#[test]
fn names_and_aliases_resolve_as_people_write_them() {
    let dir = crate::util::TestDir::new();
    dir.write("events.csv", "date,place,force\n2017-03-02,Tadmur,Syrian army\n2017-03-02, palmyra ,ISIS\n2017-03-02,Kobani,YPG\n2017-03-02,Al Bab,TFSA\n");
    let data = crate::util::root().join("geodata/syria");
    let out = frontline(&[
        "check",
        "--data",
        data.to_str().unwrap(),
        "--events",
        dir.join("events.csv").to_str().unwrap(),
    ]);
    out.expect_code(0);
}

/// The README's `diff --from 2016-12-01 --to 2017-03-02`: Palmyra, lost on
/// 11 December and retaken on 2 March, is the same on both dates, so only
/// `--all` lists it (retaken on 2017-03-02, government on both ends).
#[test]
fn the_readme_diff_shows_palmyra_with_all() {
    let run = |all: bool| {
        let mut args = vec![
            "diff",
            "--from",
            "2016-12-01",
            "--to",
            "2017-03-02",
            "--format",
            "json",
        ];
        if all {
            args.push("--all");
        }
        let out = frontline(&args);
        out.expect_code(0);
        out.json()
    };
    let palmyra = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "163808")
            .cloned()
    };
    assert_eq!(palmyra(&run(false)), None);
    let p = palmyra(&run(true)).expect("Palmyra is listed with --all");
    assert_eq!(
        (&p["from_controller"], &p["to_controller"], &p["date"]),
        (
            &Value::from("sag"),
            &Value::from("sag"),
            &Value::from("2017-03-02")
        )
    );
}

/// (holder, status, challenger) of place `id` on `date`.
fn state(fc: &Value, id: &str) -> (String, String, String) {
    let p = props(fc, id);
    let s = |k: &str| p[k].as_str().unwrap_or("").to_string();
    (s("controller"), s("status"), s("challenger"))
}

fn held(by: &str) -> (String, String, String) {
    (by.into(), "held".into(), String::new())
}

/// The bundled events as (date, place, force, status, source, note) rows.
fn bundled_events() -> Vec<csv::StringRecord> {
    let text =
        std::fs::read_to_string(crate::util::root().join("geodata/syria/events.csv")).unwrap();
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .collect()
}

/// The problems issue 15's fact-check found, each pinned to a date on
/// either side of the corrected event.
#[test]
fn the_fact_checks_known_problems_stay_fixed() {
    let (deir, rastan, talbiseh, houla, afrin, quneitra) =
        ("170794", "172946", "163779", "168668", "174186", "173334");
    // The rebels' half of Deir ez-Zor, 2012 to 14 July 2014.
    let fc = export("2013-06-01");
    assert_eq!(
        state(&fc, deir),
        ("sag".into(), "contested".into(), "opp".into())
    );
    assert_eq!(state(&fc, quneitra), held("sag"));
    let fc = export("2014-07-13");
    assert_eq!(state(&fc, deir).2, "opp");
    assert_eq!(state(&export("2014-07-14"), deir).2, "isil");
    // Quneitra changed hands in 2014 and 2018.
    assert_eq!(state(&export("2015-01-01"), quneitra), held("opp"));
    assert_eq!(state(&export("2018-07-26"), quneitra), held("sag"));
    // The northern Homs pocket went back to the government in mid-May 2018, not on the 1st.
    let fc = export("2018-05-15");
    for place in [rastan, talbiseh, houla] {
        assert_eq!(state(&fc, place), held("opp"), "{place} on 2018-05-15");
    }
    let fc = export("2018-05-16");
    for place in [rastan, talbiseh, houla] {
        assert_eq!(state(&fc, place), held("sag"), "{place} on 2018-05-16");
    }
    // Afrin: the operation began in January, the town was reached in March.
    assert_eq!(state(&export("2018-02-15"), afrin), held("sdf"));
    assert_eq!(state(&export("2018-03-14"), afrin).2, "tfsa");
    // Khan Shaykhun's 2014 capture comes from a 2014 report, and is dated to the day.
    let khan = "168325";
    assert_eq!(state(&export("2014-05-26"), khan), held("opp"));
    for r in bundled_events() {
        if &r[1] == khan && r[0].starts_with("2014") {
            assert!(
                r[4].contains("2014"),
                "Khan Shaykhun's 2014 source: {}",
                &r[4]
            );
        }
    }
}

/// al-Nusra under any of its names is coded by the rule in geodata/README.md:
/// `opp` (inside rebel coalitions) before HTS was formed on 28 January 2017.
#[test]
fn al_nusra_is_coded_by_date() {
    for r in bundled_events() {
        let effective = format!("{}-01-01", &r[0]);
        if &r[2] == "hts" {
            assert!(
                effective.as_str()[..10] >= *"2017-01-28",
                "{} {}: hts before HTS existed",
                &r[0],
                &r[1]
            );
        }
    }
}

/// Every tracked place starts the range with a documented holder (issue 15,
/// "Beginnings"): its first event is a `held` event on the first day, with a
/// source, so no place is `unknown` on any date of the range.
#[test]
fn every_place_begins_held_on_the_first_day() {
    let rows = bundled_events();
    let first_day = rows.iter().map(|r| r[0].to_string()).min().unwrap();
    assert_eq!(first_day, "2011-03-15");
    let mut seen = std::collections::HashSet::new();
    for r in &rows {
        if seen.insert(r[1].to_string()) {
            assert_eq!(
                (&r[0], &r[3]),
                (first_day.as_str(), "held"),
                "place {} begins with {:?}",
                &r[1],
                r
            );
            assert!(!r[4].trim().is_empty());
        }
    }
    let fc = export(&first_day);
    for f in fc["features"].as_array().unwrap() {
        if seen.contains(f["id"].as_str().unwrap()) {
            assert_ne!(f["properties"]["status"], "unknown", "{}", f["id"]);
        }
    }
}

/// Issue 12: the shown name of every bundled place is in one plain English
/// news style, with no diacritics and no ayn or hamza marks ("Ayn Issa", not
/// "‘Ayn ‘Īsá"); GeoNames' forms stay reachable as aliases.
#[test]
fn bundled_names_are_plain_and_geonames_forms_still_resolve() {
    let text =
        std::fs::read_to_string(crate::util::root().join("geodata/syria/places.geojson")).unwrap();
    let fc: Value = serde_json::from_str(&text).unwrap();
    for f in fc["features"].as_array().unwrap() {
        let name = f["properties"]["name"].as_str().unwrap();
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || " -().".contains(c)),
            "place {}: name {name:?} is not plain",
            f["id"]
        );
    }
    // GeoNames' own spellings, as earlier datasets and imports wrote them.
    let dir = crate::util::TestDir::new();
    dir.write(
        "events.csv",
        "date,place,force\n2015-01-01,‘Ayn ‘Īsá,ISIS\n2015-01-01,Tallbīsah,FSA\n2015-01-01,Dārat ‘Izzah,FSA\n",
    );
    let data = crate::util::root().join("geodata/syria");
    let out = frontline(&[
        "check",
        "--data",
        data.to_str().unwrap(),
        "--events",
        dir.join("events.csv").to_str().unwrap(),
    ]);
    out.expect_code(0);
}

/// Issue 15: places missing from GeoNames come from tools/extra_places.csv,
/// each with a note on where its position comes from.
#[test]
fn extra_places_are_merged_with_their_provenance() {
    let text =
        std::fs::read_to_string(crate::util::root().join("geodata/syria/places.geojson")).unwrap();
    let fc: Value = serde_json::from_str(&text).unwrap();
    let baghuz = props(&fc, "baghuz");
    assert_eq!(baghuz["admin1"], "Deir ez-Zor");
    assert!(
        baghuz["source"]
            .as_str()
            .unwrap()
            .contains("extra_places.csv")
    );
}

/// Issue 15, Iraq and Syria's centre and south: changes of hands take effect
/// on the day the cited report gives, not on the 1st of a month-only date
/// nor at an "as of" date long after. Each row: place, the day before and the
/// day of the change, "holder status [challenger]" on each.
#[test]
fn iraq_and_the_south_change_hands_on_the_reported_day() {
    let cases = [
        // Rastan, al-Qusayr, Zabadani: rebel-held from 2012, not "by mid-2012"
        (
            "172946",
            "2012-01-31",
            "sag contested opp",
            "2012-02-01",
            "opp held",
        ),
        (
            "173322",
            "2012-07-10",
            "sag contested opp",
            "2012-07-11",
            "opp held",
        ),
        ("172059", "2012-01-17", "sag held", "2012-01-18", "opp held"),
        (
            "170892",
            "2012-11-08",
            "sag held",
            "2012-11-09",
            "opp besieged sag",
        ),
        // Eastern Ghouta: the siege from 7 April 2013; the falls of 2014 and 2018
        (
            "170592",
            "2013-04-06",
            "opp held",
            "2013-04-07",
            "opp besieged sag",
        ),
        // Mleiha: the army inside the besieged town from 3 May 2014, taken on 14 August
        (
            "173434",
            "2014-05-02",
            "opp besieged sag",
            "2014-05-03",
            "opp contested sag",
        ),
        (
            "173434",
            "2014-08-13",
            "opp contested sag",
            "2014-08-14",
            "sag held",
        ),
        (
            "168713",
            "2018-03-16",
            "opp besieged sag",
            "2018-03-17",
            "sag held",
        ),
        (
            "169372",
            "2018-03-30",
            "opp besieged sag",
            "2018-03-31",
            "sag held",
        ),
        (
            "jobar",
            "2018-03-30",
            "sag contested opp",
            "2018-03-31",
            "sag held",
        ),
        // Hama and Qalamoun
        (
            "170044",
            "2016-08-28",
            "sag held",
            "2016-08-29",
            "sag contested opp",
        ),
        (
            "170044",
            "2016-08-29",
            "sag contested opp",
            "2016-08-30",
            "opp held",
        ),
        ("170044", "2017-04-22", "opp held", "2017-04-23", "sag held"),
        ("166640", "2014-01-31", "sag held", "2014-02-01", "opp held"),
        ("163915", "2017-04-15", "opp held", "2017-04-16", "sag held"),
        // Centre and south, later pass: days from dated reports, and
        // "as of" holdings where the day of the takeover is not recorded
        ("168668", "2012-05-24", "sag held", "2012-05-25", "opp held"),
        ("163596", "2018-05-15", "opp held", "2018-05-16", "sag held"),
        ("163270", "2016-08-29", "sag held", "2016-08-30", "opp held"),
        (
            "163270",
            "2017-04-24",
            "opp contested sag",
            "2017-04-25",
            "sag held",
        ),
        (
            "170817",
            "2016-05-18",
            "opp besieged sag",
            "2016-05-19",
            "sag held",
        ),
        (
            "166251",
            "2012-06-25",
            "sag held",
            "2012-06-26",
            "sag contested opp",
        ),
        ("166251", "2016-10-12", "opp held", "2016-10-13", "sag held"),
        (
            "qaboun",
            "2013-07-14",
            "sag held",
            "2013-07-15",
            "opp contested sag",
        ),
        (
            "qaboun",
            "2017-05-14",
            "opp contested sag",
            "2017-05-15",
            "sag held",
        ),
        (
            "barzeh",
            "2017-05-28",
            "opp besieged sag",
            "2017-05-29",
            "sag held",
        ),
        (
            "172829",
            "2016-05-20",
            "sag held",
            "2016-05-21",
            "isil held",
        ),
        (
            "162803",
            "2017-08-31",
            "isil held",
            "2017-09-01",
            "sag held",
        ),
        (
            "saqba",
            "2018-03-16",
            "opp besieged sag",
            "2018-03-17",
            "sag held",
        ),
        (
            "zamalka",
            "2018-03-30",
            "opp besieged sag",
            "2018-03-31",
            "sag held",
        ),
        (
            "170797",
            "2013-11-27",
            "sag contested opp",
            "2013-11-28",
            "sag held",
        ),
        // Daraa: Kafr Shams in 2015; the July 2018 surrenders on their day, not the 1st
        ("168634", "2015-04-06", "sag held", "2015-04-07", "opp held"),
        ("166365", "2018-07-17", "opp held", "2018-07-18", "sag held"),
        ("169375", "2018-07-11", "opp held", "2018-07-12", "sag held"),
        (
            "163330",
            "2018-07-25",
            "isil held",
            "2018-07-26",
            "sag held",
        ),
        (
            "172829",
            "2018-07-29",
            "isil held",
            "2018-07-30",
            "sag held",
        ),
        // Iraq: June 2014, Amirli's siege, Hammam al-Alil, Hawija, October 2017
        (
            "390188",
            "2014-06-09",
            "iraq held",
            "2014-06-10",
            "isil held",
        ),
        (
            "6765385",
            "2014-06-20",
            "iraq held",
            "2014-06-21",
            "isil held",
        ),
        (
            "saadiya",
            "2014-06-12",
            "iraq held",
            "2014-06-13",
            "isil held",
        ),
        (
            "amirli",
            "2014-08-30",
            "iraq besieged isil",
            "2014-08-31",
            "iraq held",
        ),
        // Hammam al-Alil: stormed on 5 November 2016, declared taken on the 7th
        (
            "hammam_alil",
            "2016-11-04",
            "isil held",
            "2016-11-05",
            "isil contested iraq",
        ),
        (
            "hammam_alil",
            "2016-11-06",
            "isil contested iraq",
            "2016-11-07",
            "iraq held",
        ),
        (
            "98697",
            "2017-10-09",
            "isil held",
            "2017-10-10",
            "iraq held",
        ),
        (
            "jalawla",
            "2017-10-16",
            "krg held",
            "2017-10-17",
            "iraq held",
        ),
        ("94591", "2017-10-16", "krg held", "2017-10-17", "iraq held"),
        (
            "bashiqa",
            "2017-10-16",
            "krg held",
            "2017-10-17",
            "iraq held",
        ),
        (
            "bashiqa",
            "2016-10-22",
            "isil held",
            "2016-10-23",
            "isil besieged krg",
        ),
        (
            "96309",
            "2016-05-01",
            "iraq besieged isil",
            "2016-05-02",
            "iraq held",
        ),
        // Palmyra's days in May 2015: Islamic State in part of the town, pushed out, back again
        (
            "163808",
            "2015-05-15",
            "sag held",
            "2015-05-16",
            "sag contested isil",
        ),
        (
            "163808",
            "2015-05-16",
            "sag contested isil",
            "2015-05-17",
            "sag held",
        ),
        (
            "163808",
            "2015-05-19",
            "sag held",
            "2015-05-20",
            "sag contested isil",
        ),
        // Islamic State back inside Palmyra a day before it fell (December 2016), and the army
        // inside it a day before the declared recapture (March 2017)
        (
            "163808",
            "2016-12-09",
            "sag held",
            "2016-12-10",
            "sag contested isil",
        ),
        (
            "163808",
            "2017-02-28",
            "isil held",
            "2017-03-01",
            "isil contested sag",
        ),
        // Qara from the Qalamoun offensive's first day; al-Sukhnah entered on 5 August 2017
        (
            "166111",
            "2013-11-14",
            "opp held",
            "2013-11-15",
            "opp contested sag",
        ),
        (
            "172425",
            "2017-08-04",
            "isil held",
            "2017-08-05",
            "isil contested sag",
        ),
        // al-Nabk and Yabroud fought over inside before they fell (Qalamoun, 2013-2014)
        (
            "173193",
            "2013-11-30",
            "opp held",
            "2013-12-01",
            "opp contested sag",
        ),
        (
            "162627",
            "2014-03-13",
            "opp held",
            "2014-03-14",
            "opp contested sag",
        ),
    ];
    let words = |s: &str| {
        let w: Vec<&str> = s.split(' ').collect();
        let challenger = w.get(2).copied().unwrap_or("");
        (w[0].to_string(), w[1].to_string(), challenger.to_string())
    };
    let mut maps = std::collections::HashMap::new();
    let mut on_day = |date: &str, place: &str| {
        let fc = maps.entry(date.to_string()).or_insert_with(|| export(date));
        state(fc, place)
    };
    for (place, before, was, on, is) in cases {
        assert_eq!(on_day(before, place), words(was), "{place} on {before}");
        assert_eq!(on_day(on, place), words(is), "{place} on {on}");
    }
}
