#!/usr/bin/env python3
"""Build the light country/admin1 outline layer the map draws (src/warlog/data/web/outlines.geojson).

Usage:
    .venv/bin/python scripts/build_web_outlines.py [--country ML] [--cell 0.1] [--out src/warlog/data/web]

The shipped gazetteer has points, not polygons, so the borders are approximate: a grid of cells over the
country and its neighbours, each cell given to the nearest gazetteer place (country, admin1), and a line
drawn wherever two neighbouring cells fall in different countries or admin1 regions. Cells far from every
place, and cells in the Atlantic (west of the westernmost place of their latitude, or south of the
southernmost of their longitude), belong to nobody and draw no line, so coasts are not drawn. Lines are
chained and simplified (Douglas-Peucker). Input: the shipped gazetteer only (GeoNames, CC BY 4.0).
Needs numpy and scipy (`pip install -e '.[build]'`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree

REPO = Path(__file__).resolve().parents[1]
GAZETTEER = REPO / "src" / "warlog" / "data" / "gazetteer"


def read_places() -> tuple[np.ndarray, list[str], list[str]]:
    coords, countries, admin1 = [], [], []
    with gzip.open(GAZETTEER / "places.tsv.gz", "rt", encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        ix = {c: i for i, c in enumerate(header)}
        for line in f:
            row = line.rstrip("\n").split("\t")
            if not row[ix["latitude"]] or not row[ix["longitude"]]:
                continue
            coords.append((float(row[ix["longitude"]]), float(row[ix["latitude"]])))
            countries.append(row[ix["country_code"]])
            admin1.append(row[ix["admin1_code"]] or row[ix["country_code"]])
    return np.array(coords), countries, admin1


def read_countries() -> dict[str, tuple[str, list[str]]]:
    out = {}
    for line in (GAZETTEER / "countries.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        code, name, neighbours, _aliases = line.split("\t")
        out[code] = (name, [n for n in neighbours.split(",") if n])
    return out


def admin_names() -> dict[str, str]:
    """admin1/admin2 code -> display name (admin.tsv.gz, or admin.tsv in older gazetteers)."""
    gz = GAZETTEER / "admin.tsv.gz"
    text = (gzip.open(gz, "rt", encoding="utf-8").read() if gz.exists()
            else (GAZETTEER / "admin.tsv").read_text(encoding="utf-8"))
    out = {}
    for line in text.splitlines()[1:]:
        code, name = line.split("\t")[:2]
        out[code] = name
    return out


def chain(segments: list[tuple[tuple[int, int], tuple[int, int]]]) -> list[list[tuple[int, int]]]:
    """Join unit edges (grid vertices) into polylines."""
    adj: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (a, b) in enumerate(segments):
        adj[a].append(i)
        adj[b].append(i)
    used = [False] * len(segments)
    lines = []
    # start at ends (vertex degree != 2) first, then close the remaining loops
    starts = [v for v, es in adj.items() if len(es) != 2] + list(adj)
    for start in starts:
        for first in adj[start]:
            if used[first]:
                continue
            line = [start]
            edge, here = first, start
            while edge is not None:
                used[edge] = True
                a, b = segments[edge]
                here = b if a == here else a
                line.append(here)
                nxt = [e for e in adj[here] if not used[e]]
                edge = nxt[0] if len(adj[here]) == 2 and nxt else None
            lines.append(line)
    return lines


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    if len(points) < 3:
        return points
    a, b = np.array(points[0]), np.array(points[-1])
    pts = np.array(points[1:-1])
    ab = b - a
    norm = np.hypot(*ab)
    if norm == 0:
        d = np.hypot(*(pts - a).T)
    else:
        d = np.abs(ab[0] * (pts[:, 1] - a[1]) - ab[1] * (pts[:, 0] - a[0])) / norm
    i = int(np.argmax(d))
    if d[i] <= tol:
        return [points[0], points[-1]]
    left = simplify(points[: i + 2], tol)
    return left[:-1] + simplify(points[i + 1:], tol)


def _land(coords: np.ndarray, xs: np.ndarray, ys: np.ndarray, cell: float, margin: float = 0.3,
          band: float = 0.6) -> np.ndarray:
    """Cells not in the ocean, for West Africa's coasts: a cell is land unless it lies farther west than the
    westernmost place of its latitude band, or farther south than the southernmost place of its longitude
    band (by more than `margin` degrees). Bands are `band` degrees wide, so a gap between places does
    not open a false sea."""
    mask = np.ones((len(ys), len(xs)), dtype=bool)
    for j, y in enumerate(ys):
        near = coords[np.abs(coords[:, 1] - y) <= band]
        if len(near):
            mask[j, xs < near[:, 0].min() - margin] = False
    for i, x in enumerate(xs):
        near = coords[np.abs(coords[:, 0] - x) <= band]
        if len(near):
            mask[ys < near[:, 1].min() - margin, i] = False
    return mask


def build(country: str, cell: float, reach: float) -> dict:
    coords, countries, admin1 = read_places()
    info = read_countries()
    names = admin_names()
    focus = {country, *info[country][1]}
    inside = np.array([c in focus for c in countries])
    lo = coords[inside].min(axis=0) - 1.0
    hi = coords[inside].max(axis=0) + 1.0
    xs = np.arange(lo[0], hi[0], cell) + cell / 2
    ys = np.arange(lo[1], hi[1], cell) + cell / 2
    gx, gy = np.meshgrid(xs, ys)
    # nearest place in a locally flat projection (longitude shrunk by cos(latitude))
    k = np.cos(np.radians(coords[:, 1].mean()))
    tree = cKDTree(np.column_stack([coords[:, 0] * k, coords[:, 1]]))
    dist, idx = tree.query(np.column_stack([gx.ravel() * k, gy.ravel()]))
    region_ids = {r: i for i, r in enumerate(sorted(set(admin1)))}
    region = np.array([region_ids[admin1[i]] for i in idx]).reshape(gx.shape)
    cc_ids = {c: i for i, c in enumerate(sorted(set(countries)))}
    ccs = np.array([cc_ids[countries[i]] for i in idx]).reshape(gx.shape)
    known = (dist <= reach).reshape(gx.shape) & _land(coords, xs, ys, cell)
    focus_ids = {cc_ids[c] for c in focus if c in cc_ids}
    in_focus = np.isin(ccs, list(focus_ids))

    edges: dict[str, list] = {"country": [], "admin1": []}
    ny, nx = region.shape
    # vertical borders: between (j, i) and (j, i+1) -> vertex (i+1, j)..(i+1, j+1)
    for axis in (0, 1):
        a = (slice(None), slice(None, -1)) if axis == 1 else (slice(None, -1), slice(None))
        b = (slice(None), slice(1, None)) if axis == 1 else (slice(1, None), slice(None))
        both = known[a] & known[b] & (in_focus[a] | in_focus[b])
        diff_country = both & (ccs[a] != ccs[b])
        diff_region = both & (ccs[a] == ccs[b]) & (region[a] != region[b]) & in_focus[a]
        for kind, mask in (("country", diff_country), ("admin1", diff_region)):
            for j, i in zip(*np.nonzero(mask)):
                if axis == 1:
                    edges[kind].append(((i + 1, j), (i + 1, j + 1)))
                else:
                    edges[kind].append(((i, j + 1), (i + 1, j + 1)))

    def lonlat(v: tuple[int, int]) -> tuple[float, float]:
        return (round(float(lo[0] + v[0] * cell), 2), round(float(lo[1] + v[1] * cell), 2))

    features = []
    for kind, segs in edges.items():
        lines = []
        for line in chain(segs):
            pts = simplify([lonlat(v) for v in line], cell * 0.75)
            if len(pts) >= 2:
                lines.append([list(p) for p in pts])
        features.append({"type": "Feature", "properties": {"kind": kind},
                         "geometry": {"type": "MultiLineString", "coordinates": lines}})
    # a label point per focus country and admin1 region: the mean of its cells
    for code, rid in sorted(region_ids.items()):
        cc = code.split(".")[0]
        if cc not in focus or "." not in code:
            continue
        mask = (region == rid) & known
        if mask.sum() < 4:
            continue
        features.append({"type": "Feature", "properties": {"kind": "label-admin1", "code": code,
                                                           "name": names.get(code, code)},
                         "geometry": {"type": "Point", "coordinates": [round(float(gx[mask].mean()), 2),
                                                                       round(float(gy[mask].mean()), 2)]}})
    for cc in sorted(focus):
        if cc not in cc_ids:
            continue
        mask = (ccs == cc_ids[cc]) & known
        features.append({"type": "Feature", "properties": {"kind": "label-country", "code": cc,
                                                           "name": info[cc][0]},
                         "geometry": {"type": "Point", "coordinates": [round(float(gx[mask].mean()), 2),
                                                                       round(float(gy[mask].mean()), 2)]}})
    return {"type": "FeatureCollection",
            "bbox": [round(float(v), 2) for v in (*lo, *hi)],
            "properties": {"about": f"Approximate borders of {info[country][0]} and its neighbours and their "
                                    f"admin1 regions, drawn on a {cell} degree grid from GeoNames places "
                                    "(CC BY 4.0, https://www.geonames.org) by scripts/build_web_outlines.py; "
                                    "not survey borders; coasts are not drawn."},
            "features": features}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--country", default="ML")
    ap.add_argument("--cell", type=float, default=0.1, help="grid cell in degrees")
    ap.add_argument("--reach", type=float, default=4.0,
                    help="cells farther than this (degrees) from any place draw nothing")
    ap.add_argument("--out", type=Path, default=REPO / "src" / "warlog" / "data" / "web")
    args = ap.parse_args(argv)
    data = build(args.country, args.cell, args.reach)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "outlines.geojson"
    path.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size // 1024} KiB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
