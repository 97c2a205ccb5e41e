#!/usr/bin/env python3
"""Tests of build_geodata.py's own checks (run with the build's venv, which has
shapely):

    target/geodata-build/venv/bin/python tools/test_build_geodata.py
"""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_geodata as bg  # noqa: E402
from shapely.geometry import box  # noqa: E402

HEADER = "id,name,kind,lat,lon,country,admin1,wikidata,aliases,position_from\n"
GOVS = [{"country": "SY", "name": "Idlib", "geom": box(36.0, 35.0, 37.0, 36.0)}]
PLACES = [{"id": "1", "name": "Idlib", "lon": 36.5, "lat": 35.5}]


def extra(rows):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as fh:
        fh.write(HEADER + "".join(r + "\n" for r in rows))
    try:
        return bg.load_extra_places(fh.name, GOVS, PLACES)
    finally:
        os.unlink(fh.name)


class ExtraPlaces(unittest.TestCase):
    def test_a_good_row_keeps_where_its_position_comes_from(self):
        (p,) = extra(["fuah,al-Fuah,town,35.98,36.70,SY,Idlib,,Foua|Fua,Wikipedia infobox"])
        self.assertEqual((p["id"], p["admin1"], p["cands"]), ("fuah", "Idlib", ["Foua", "Fua"]))
        self.assertIn("Wikipedia infobox", p["origin"]["source"])

    def test_outside_its_governorate_is_refused_with_the_line(self):
        with self.assertRaisesRegex(SystemExit, r"csv:2 \(x\).*outside Idlib"):
            extra(["x,X,town,34.0,36.5,SY,Idlib,,,here"])

    def test_an_unknown_governorate_is_refused(self):
        with self.assertRaisesRegex(SystemExit, "no governorate 'Hama'"):
            extra(["x,X,town,35.5,36.2,SY,Hama,,,here"])

    def test_on_top_of_another_place_is_refused(self):
        with self.assertRaisesRegex(SystemExit, r"csv:3 \(b\): on top of A"):
            extra(["a,A,town,35.2,36.2,SY,Idlib,,,here", "b,B,town,35.205,36.2,SY,Idlib,,,here"])


class NewsNames(unittest.TestCase):
    def test_one_plain_style(self):
        for geonames, news in [("‘Ayn ‘Īsá", "Ayn Isa"), ("Ar Raqqah", "al-Raqqah"),
                               ("Qal‘at al Maḑīq", "Qalat al-Madiq"), ("Qeładize", "Qeladize"),
                               ("Nahiyat al Fuhud", "al-Fuhud"), ("Tallbīsah", "Tallbisah")]:
            self.assertEqual(bg.news_name(geonames), news)


if __name__ == "__main__":
    unittest.main()
