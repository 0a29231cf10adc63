#!/usr/bin/env python3
"""Converts Natural Earth's country outlines (the npm package world-atlas 2.0.2,
countries-110m.json, TopoJSON) ONCE into data/map/world-110m.tsv, the outlines
the world map of deployments is drawn from (src/render/map.c). Run by hand, never
at build or test time:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/map/world_atlas.py package/countries-110m.json > data/map/world-110m.tsv

Each line: ISO 3166-1 alpha-2 code (lower case; "-" when Natural Earth gives the
outline no ISO number), the outline's name as Natural Earth gives it, and an SVG
path in an equirectangular projection (x = longitude + 180, y = 90 - latitude,
times SCALE; Antarctica left out). Numeric codes become alpha-2 through Debian's
iso-codes (/usr/share/iso-codes/json/iso_3166-1.json).
"""
import json
import sys

SCALE = 2.5  # 360 degrees -> 900 units wide
ISO = "/usr/share/iso-codes/json/iso_3166-1.json"


def main(path):
    topo = json.load(open(path, encoding="utf-8"))
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    # delta-decoded, de-quantised arcs in degrees
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indexes):
        pts = []
        for i in indexes:
            a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            pts.extend(a if not pts else a[1:])
        return pts

    alpha2 = {c["numeric"]: c["alpha_2"].lower() for c in json.load(open(ISO, encoding="utf-8"))["3166-1"]}
    out = sys.stdout
    out.write("# Natural Earth 1:110m Admin 0 countries (public domain), via npm world-atlas 2.0.2 "
              "(countries-110m.json); converted by scripts/map/world_atlas.py. Columns: code, name, SVG path "
              "(equirectangular, x = (lon + 180) * %g, y = (90 - lat) * %g).\n" % (SCALE, SCALE))
    for g in topo["objects"]["countries"]["geometries"]:
        name = g["properties"]["name"]
        if name == "Antarctica":
            continue
        cc = alpha2.get(g.get("id", ""), "-")
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        d = []
        for poly in polys:
            for r in poly:
                pts = ring(r)
                # a ring across the antimeridian (Russia, Fiji): its points on the far side are
                # moved by 360 degrees to its own side, the part past the map's edge clipped
                if any(abs(b[0] - a[0]) > 180 for a, b in zip(pts, pts[1:])):
                    side = 1 if sum(p[0] for p in pts) > 0 else -1
                    pts = [(lon + 360 if side > 0 and lon < 0 else lon - 360 if side < 0 and lon > 0 else lon, lat)
                           for lon, lat in pts]
                # points closer than half a unit to the last one add nothing at this size
                last = None
                seg = []
                for lon, lat in pts:
                    p = (round((lon + 180) * SCALE, 1), round((90 - lat) * SCALE, 1))
                    if last and abs(p[0] - last[0]) < 0.5 and abs(p[1] - last[1]) < 0.5:
                        continue
                    seg.append(p)
                    last = p
                if len(seg) < 3:
                    continue
                d.append("M" + "L".join("%g %g" % p for p in seg) + "Z")
        if d:
            out.write("%s\t%s\t%s\n" % (cc, name, "".join(d)))


if __name__ == "__main__":
    main(sys.argv[1])
