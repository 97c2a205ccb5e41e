use super::*;
use crate::dataset::{Sources, bundled_data_dir};
use crate::timeline::Timeline;
use chrono::NaiveDate;
use geo::{Contains, Validation};

fn bundled() -> (Dataset, Timeline) {
    let ds = Dataset::load(&Sources::from_dir(bundled_data_dir())).unwrap();
    let tl = Timeline::new(&ds);
    (ds, tl)
}

fn force(ds: &Dataset, id: &str) -> u32 {
    ds.forces.iter().position(|f| f.id == id).unwrap() as u32
}

fn place(ds: &Dataset, name: &str) -> u32 {
    ds.places.iter().position(|p| p.name == name).unwrap() as u32
}

#[test]
fn bundled_2017_03_02() {
    let (ds, tl) = bundled();
    let t = std::time::Instant::now();
    let cells = Cells::build(&ds, &ZoneOptions::default()).unwrap();
    let built = t.elapsed();
    let states = tl.states_on(NaiveDate::from_ymd_opt(2017, 3, 2).unwrap());
    let t = std::time::Instant::now();
    let z = cells.zones(&states);
    let zoned = t.elapsed();
    eprintln!(
        "cells {} links {} region {:.0} km2 unassigned {:.0} built {built:?} zones {zoned:?}",
        cells.cells().len(),
        cells.links().len(),
        z.region_area_km2,
        z.unassigned_area_km2
    );
    for zone in &z.zones {
        eprintln!(
            "  {} {:?} {:?}: {} cells {:.0} km2",
            ds.forces[zone.key.holder as usize].id,
            zone.key.status,
            zone.key.challenger,
            zone.cells.len(),
            zone.area_km2
        );
    }
    for f in &z.fronts {
        eprintln!(
            "  front {}-{}: {:.0} km in {} lines",
            ds.forces[f.a as usize].id,
            ds.forces[f.b as usize].id,
            f.length_km,
            f.geometry.0.len()
        );
    }
    // Syria ≈ 185,180 km², Iraq ≈ 438,317 km².
    let expect = 185_180.0 + 438_317.0;
    assert!(
        (z.region_area_km2 - expect).abs() / expect < 0.03,
        "region {}",
        z.region_area_km2
    );
    let isil = force(&ds, "isil");
    let sdf = force(&ds, "sdf");
    let zone_of = |p: u32| {
        z.zones
            .iter()
            .find(|zone| {
                zone.cells
                    .iter()
                    .any(|&c| cells.cells()[c as usize].places.contains(&p))
            })
            .map(|zone| zone.key.holder)
    };
    assert_eq!(zone_of(place(&ds, "Raqqa")), Some(isil));
    assert_eq!(zone_of(place(&ds, "Mayadin")), Some(isil));
    assert_eq!(zone_of(place(&ds, "Abu Kamal")), Some(isil));
    // Deir ez-Zor itself was a government enclave besieged by IS (2014–2017).
    let sag = force(&ds, "sag");
    let deir_zone = z.zones.iter().find(|zone| {
        zone.cells.iter().any(|&c| {
            cells.cells()[c as usize]
                .places
                .contains(&place(&ds, "Deir ez-Zor"))
        })
    });
    assert_eq!(
        deir_zone.map(|zone| zone.key),
        Some(ZoneKey {
            holder: sag,
            status: Status::Besieged,
            challenger: Some(isil)
        })
    );
    let t = std::time::Instant::now();
    let mut total = 0.0;
    let mut geoms = Vec::new();
    for zone in &z.zones {
        let g = cells.dissolve(&zone.cells);
        assert!(g.is_valid(), "{:?}", g.validation_errors());
        let a = g.geodesic_area_unsigned() / 1e6;
        assert!(
            (a - zone.area_km2).abs() <= 1e-4 * zone.area_km2.max(1.0),
            "dissolved {a} vs {}",
            zone.area_km2
        );
        total += a;
        geoms.push(g);
    }
    eprintln!("dissolve all zones {:?}", t.elapsed());
    // IS holds one band along the Euphrates: Raqqa's and Mayadin's cells
    // are in one piece of its zone (around the besieged Deir ez-Zor).
    let is_zone = z
        .zones
        .iter()
        .position(|zone| zone.key.holder == isil && zone.key.status == Status::Held)
        .unwrap();
    let pt = |name: &str| ds.places[place(&ds, name) as usize].geometry.clone();
    let (Geometry::Point(raqqa), Geometry::Point(deir)) = (pt("Raqqa"), pt("Mayadin")) else {
        panic!()
    };
    let piece = geoms[is_zone]
        .iter()
        .find(|p| p.contains(&raqqa))
        .expect("Raqqa in IS's zone");
    assert!(piece.contains(&deir), "Raqqa and Mayadin in one piece");
    // The SDF holds the north-east: its zone's centre is north and east of Raqqa.
    let sdf_zone = z.zones.iter().find(|zone| zone.key.holder == sdf).unwrap();
    assert!(sdf_zone.area_km2 > 10_000.0);
    let c = geo::Centroid::centroid(
        &geoms[z
            .zones
            .iter()
            .position(|zone| zone.key.holder == sdf)
            .unwrap()],
    )
    .unwrap();
    assert!(c.x() > 39.0 && c.y() > 36.0, "SDF centroid {c:?}");
    assert!(total <= z.region_area_km2 * 1.0001);
}
