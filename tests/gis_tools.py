"""What real GIS tools see in frontline's files (tests/formats.rs).

GDAL (through pyogrio) and DuckDB read the files frontline writes; this
script prints what they read as JSON, so the Rust tests compare it with the
GeoJSON export. It also writes places files with GDAL for the tests of
`--places FILE.gpkg|.shp|.fgb`.

    gis_tools.py gdal FILE             features as GDAL reads them
    gis_tools.py duckdb FILE           rows of a GeoParquet file, and its `geo` metadata
    gis_tools.py held FILE DATE        places held per force on DATE in a GeoParquet timeline
    gis_tools.py write IN OUT DRIVER [CRS]   a GeoJSON file converted by GDAL
"""

import json
import math
import sys


def plain(value):
    """A property value as JSON: dates as YYYY-MM-DD, numbers as floats."""
    if value is None:
        return None
    kind = type(value).__name__
    if kind in ("datetime64", "date", "datetime", "Timestamp"):
        return None if str(value) == "NaT" else str(value)[:10]
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, str):
        return value
    number = float(value)
    return None if math.isnan(number) else number


def gdal(path):
    import pyogrio.raw

    meta, _fids, geometry, fields = pyogrio.raw.read(path)
    names = list(meta["fields"])
    out = []
    for i, wkb in enumerate(geometry):
        props = {n: plain(fields[k][i]) for k, n in enumerate(names)}
        out.append({"properties": props, "wkb": bytes(wkb).hex()})
    types = dict(zip(names, (str(t) for t in meta["dtypes"])))
    print(json.dumps({"crs": meta.get("crs"), "types": types, "features": out}))


def duck(path):
    import duckdb

    con = duckdb.connect()
    geo = con.execute(
        "SELECT decode(value) FROM parquet_kv_metadata(?) WHERE decode(key) = 'geo'", [path]
    ).fetchone()
    cur = con.execute("SELECT * FROM read_parquet(?)", [path])
    names = [d[0] for d in cur.description]
    types = {d[0]: str(d[1]) for d in cur.description}
    out = []
    for row in cur.fetchall():
        props = {n: plain(v) for n, v in zip(names, row) if n != "geometry"}
        out.append({"properties": props, "wkb": bytes(row[names.index("geometry")]).hex()})
    print(json.dumps({"geo": json.loads(geo[0]) if geo else None, "types": types, "features": out}))


def held(path, date):
    import duckdb

    con = duckdb.connect()
    columns = [d[0] for d in con.execute("SELECT * FROM read_parquet(?) LIMIT 0", [path]).description]
    # With zones the timeline also holds cells: count the places only.
    places_only = "layer = 'place' AND" if "layer" in columns else ""
    rows = con.execute(
        f"""SELECT controller, count(*) FROM read_parquet(?)
           WHERE {places_only} start <= CAST(? AS DATE)
             AND ("end" IS NULL OR "end" > CAST(? AS DATE))
           GROUP BY controller ORDER BY controller""",
        [path, date, date],
    ).fetchall()
    print(json.dumps({c: n for c, n in rows}))


# The query of docs/formats.md ("Many conflicts, month by month"): places
# held per force on the first of every month, over several timelines at once.
MONTHLY = """
WITH months AS (
  SELECT CAST(m AS DATE) AS month
  FROM generate_series(CAST(? AS DATE), CAST(? AS DATE), INTERVAL 1 MONTH) AS t(m)
),
places AS (
  SELECT regexp_extract(filename, '([^/]+)\\.parquet$', 1) AS conflict,
         controller, start, "end"
  FROM read_parquet(?, filename = true)
  WHERE controller IS NOT NULL
)
SELECT conflict, month, controller, count(*) AS places
FROM months JOIN places
  ON places.start <= months.month
 AND (places."end" IS NULL OR places."end" > months.month)
GROUP BY ALL
ORDER BY conflict, month, places DESC
"""


def monthly(first, last, *paths):
    import duckdb

    rows = duckdb.connect().execute(MONTHLY, [first, last, list(paths)]).fetchall()
    out = {}
    for conflict, month, controller, n in rows:
        out.setdefault(conflict, {}).setdefault(month.isoformat(), {})[controller] = n
    print(json.dumps(out))


def write(src, dst, driver, crs="EPSG:4326"):
    """Converts a GeoJSON file with GDAL (as `ogr2ogr` would)."""
    import pyogrio.raw

    meta, _fids, geometry, fields = pyogrio.raw.read(src)
    pyogrio.raw.write(
        dst, geometry, fields, meta["fields"], driver=driver, crs=crs,
        geometry_type=meta["geometry_type"], encoding="UTF-8",
    )


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"gdal": gdal, "duckdb": duck, "held": held, "monthly": monthly, "write": write}[command](*args)
