//! The bundled dataset (geodata/syria) on 2 March 2017.

use super::*;
use chrono::NaiveDate;
use geo::Contains;

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
            ds.force(zone.key.holder).id,
            zone.key.status,
            zone.key.challenger,
            zone.cells.len(),
            zone.area_km2
        );
    }
    for f in &z.fronts {
        eprintln!(
            "  front {}-{}: {:.0} km in {} lines",
            ds.force(f.a).id,
            ds.force(f.b).id,
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
        let a = geodesic_km2(&g);
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

/// Draws the bundled data's zones on 2 March 2017 to PNGs beside the build
/// (adaptive reach and fixed 60 km), for looking at:
/// `cargo test --lib zones::tests::bundled::picture -- --ignored`.
#[test]
#[ignore]
fn picture() {
    let (ds, tl) = bundled();
    let states = tl.states_on(NaiveDate::from_ymd_opt(2017, 3, 2).unwrap());
    for (name, o) in [
        ("adaptive", ZoneOptions::default()),
        ("fixed60", ZoneOptions::fixed(60.0)),
    ] {
        let cells = Cells::build(&ds, &o).unwrap();
        let z = cells.zones(&states);
        let (x0, y0, x1, y1) = (35.4, 28.7, 48.9, 37.7);
        let k = 100.0;
        let c = (33.0f64).to_radians().cos();
        let (w, h) = (((x1 - x0) * k * c) as u32, ((y1 - y0) * k) as u32);
        let px = |p: Coord| ((p.x - x0) * k * c, (y1 - p.y) * k);
        let path = |mp: &MultiPolygon| {
            let mut d = String::new();
            for poly in mp {
                for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                    for (i, p) in ring.coords().enumerate() {
                        let (x, y) = px(*p);
                        d += &format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" });
                    }
                    d += "Z";
                }
            }
            d
        };
        let mut svg = format!(
            "<svg xmlns='http://www.w3.org/2000/svg' width='{w}' height='{h}'><rect width='100%' height='100%' fill='#cfe3f0'/><path d='{}' fill='#f4f1ea' stroke='#888' fill-rule='evenodd'/>",
            path(cells.region())
        );
        for zone in &z.zones {
            let g = cells.dissolve(&zone.cells);
            let color = ds.force(zone.key.holder).color;
            let stroke = match (zone.key.status, zone.key.challenger) {
                (Status::Held, _) | (_, None) => "none".to_string(),
                (_, Some(c)) => ds.force(c).color.to_string(),
            };
            svg += &format!(
                "<path d='{}' fill='{color}' fill-opacity='0.75' stroke='{stroke}' stroke-width='3' fill-rule='evenodd'/>",
                path(&g)
            );
        }
        for f in &z.fronts {
            for l in &f.geometry {
                let d: String = l
                    .coords()
                    .enumerate()
                    .map(|(i, p)| {
                        let (x, y) = px(*p);
                        format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" })
                    })
                    .collect();
                svg += &format!("<path d='{d}' fill='none' stroke='#c00' stroke-width='2'/>");
            }
        }
        for cell in cells.cells() {
            if let Some(p) = cell.site {
                let (x, y) = px(p.0);
                svg += &format!("<circle cx='{x:.1}' cy='{y:.1}' r='2' fill='#000'/>");
            }
        }
        svg += "</svg>";
        let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).unwrap();
        let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).unwrap();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::default(),
            &mut pixmap.as_mut(),
        );
        let out = std::env::temp_dir().join(format!("zones-{name}.png"));
        pixmap.save_png(&out).unwrap();
        eprintln!("{}", out.display());
    }
}
