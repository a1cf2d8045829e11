#!/usr/bin/env python3
"""Builds the hostile and large inputs of the memory budgets (core/src/limits.rs) into a folder,
so scripts/bench-memory.sh can run the CLI on them. Nothing here is committed output: the files
are made on each run (some are hundreds of MB).

    scripts/hostile_inputs.py OUT_DIR hostile        # the crafted cases of issue 29
    scripts/hostile_inputs.py OUT_DIR hostile xlsx wide holes arcs   # only these groups
    scripts/hostile_inputs.py OUT_DIR sized 1 10 100 # CSV, XLSX, GeoJSON, TopoJSON of N MB

Every station row names a real township of the shipped registry (data/divisions.csv), so the
join does its full work; boundary features are squares around real townships' places.
"""

import json
import os
import sys
import zipfile

HEADER = ["统计用区划代码", "乡镇名称", "状态", "星级", "开站日期"]


def townships():
    """Codes and names of the registry's townships (9-digit codes)."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = []
    with open(os.path.join(here, "..", "data", "divisions.csv"), encoding="utf-8") as f:
        header = f.readline().strip().split(",")
        code_at, name_at = header.index("code"), header.index("name")
        for line in f:
            cells = line.rstrip("\n").split(",")
            if len(cells[code_at]) == 9:
                out.append((cells[code_at], cells[name_at]))
    return out


def xlsx(path, shared, sheet_rows, dimension="A1"):
    """A minimal real workbook: `shared` strings and the sheet's <row> XML (an iterable)."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0"?><sst xmlns="{ns}">'.encode())
            for s in shared:
                f.write(b"<si><t>")
                f.write(s.encode() if isinstance(s, str) else s)
                f.write(b"</t></si>")
            f.write(b"</sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0"?><worksheet xmlns="{ns}"><dimension ref="{dimension}"/><sheetData>'.encode())
            for row in sheet_rows:
                f.write(row.encode())
            f.write(b"</sheetData></worksheet>")


def col(c):
    name = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        name = chr(65 + r) + name
    return name


def header_row():
    cells = "".join(f'<c r="{col(i)}1" t="s"><v>{i}</v></c>' for i in range(len(HEADER)))
    return f'<row r="1">{cells}</row>'


def station_xlsx(out):
    """The two workbooks: one 90M-character shared string in 200,000 cells; a cell at XFD1048576."""
    code, name = townships()[0]
    # One shared string of 90 million characters referenced by 200,000 cells.
    rows = (
        f'<row r="{r}"><c r="A{r}"><v>{code}</v></c><c r="B{r}" t="s"><v>5</v></c></row>'
        for r in range(2, 200_002)
    )
    xlsx(os.path.join(out, "shared-string-90M.xlsx"), HEADER + [b"x" * 90_000_000], [header_row(), *rows])
    # One extra cell at XFD1048576.
    stray = f'<row r="2"><c r="A2"><v>{code}</v></c><c r="B2" t="s"><v>5</v></c></row>'
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    xlsx(os.path.join(out, "cell-at-XFD1048576.xlsx"), HEADER + [name], [header_row(), stray, far], "A1:XFD1048576")


def wide_tables(out):
    """A CSV of 1,000,000 columns, and a JSON table whose one object has 1,000,000 keys."""
    code, name = townships()[0]
    with open(os.path.join(out, "columns-1M.csv"), "w") as f:
        f.write(",".join(HEADER + [f"c{i}" for i in range(1_000_000)]) + "\n")
        f.write(f"{code},{name},运营\n")
    keys = {f"k{i}": i for i in range(1_000_000)}
    keys.update({"code": code, "name": name})
    with open(os.path.join(out, "keys-1M.json"), "w") as f:
        json.dump([keys], f)


LON, LAT = 104.9, 25.09


def square(x, y, s):
    return [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]


def polygon_feature(code, rings):
    return {"type": "Feature", "properties": {"code": code}, "geometry": {"type": "Polygon", "coordinates": rings}}


def holes(out):
    """One polygon with 200,000 holes; a township of 40,000 vertices with one hole (an enclave)."""
    import math
    code, _ = townships()[0]
    lon, lat = LON, LAT
    inner = [square(lon + (i % 400) * 0.0002, lat + (i // 400) * 0.0002, 0.0001)[::-1] for i in range(200_000)]
    outer = square(lon - 0.01, lat - 0.01, 0.2)
    with open(os.path.join(out, "holes-200k.geojson"), "w") as f:
        json.dump({"type": "FeatureCollection", "features": [polygon_feature(code, [outer] + inner)]}, f)
    n = 40_000
    wiggly = [[lon + 0.05 * math.cos(2 * math.pi * i / n) * (1 + 0.01 * (i % 2)), lat + 0.05 * math.sin(2 * math.pi * i / n)] for i in range(n)]
    wiggly.append(wiggly[0])
    with open(os.path.join(out, "vertices-40k-one-hole.geojson"), "w") as f:
        json.dump({"type": "FeatureCollection", "features": [polygon_feature(code, [wiggly, square(lon, lat, 0.001)[::-1]])]}, f)


def arc_references(out):
    """A TopoJSON ring that references one arc 2,000,000 times; 300,000 rings of one arc."""
    code, _ = townships()[0]
    arc = [[0, 0], [1000, 0], [0, 1000], [-1000, 0], [0, -1000]]
    topo = lambda arcs: {
        "type": "Topology",
        "transform": {"scale": [0.00001, 0.00001], "translate": [LON, LAT]},
        "arcs": [arc],
        "objects": {"t": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": arcs, "properties": {"code": code}}]}},
    }
    with open(os.path.join(out, "arc-refs-2M.topojson"), "w") as f:
        json.dump(topo([[0] * 2_000_000]), f)
    with open(os.path.join(out, "rings-300k.topojson"), "w") as f:
        json.dump(topo([[0]] * 300_000), f)


def long_tables(out):
    """A 247 MB station CSV (under the page's 250 MB limit) and a million-row 20 MB one."""
    code, name = townships()[0]
    for label, rows_wanted, size in [("247MB", None, 247_000_000), ("1M-rows", 1_000_000, None)]:
        with open(os.path.join(out, f"stations-{label}.csv"), "w", encoding="utf-8") as f:
            f.write(",".join(HEADER) + "\n")
            line = f"{code},{name},运营\n" if rows_wanted else f"{code}000,{name},运营,三星,2023-12-31\n"
            count = rows_wanted or size // len(line.encode())
            f.write(line * count)


# The hostile inputs by group, in the order `hostile` builds them all.
HOSTILE = {
    "xlsx": station_xlsx,
    "wide": wide_tables,
    "holes": holes,
    "arcs": arc_references,
    "long": long_tables,
    # Published folders: a manifest naming /dev/zero, ../../../../etc/passwd, a FIFO, and one
    # with 1,000,000 township chunks (made from the CLI's own publication: $ATLAS, else the release build).
    "published": lambda out: published(out, townships()),
}


def published(out, towns):
    import subprocess
    here = os.path.dirname(os.path.abspath(__file__))
    base = os.path.join(out, "published")
    if not os.path.exists(os.path.join(base, "manifest.json")):
        atlas = os.environ.get("ATLAS") or os.path.join(here, "..", "target", "release", "atlas")
        subprocess.run([atlas, "publish", "--out", os.path.join(out, "site")], check=True, stdout=subprocess.DEVNULL)
        os.rename(os.path.join(out, "site", "data"), base)
    manifest = json.load(open(os.path.join(base, "manifest.json")))
    for case, path in [("dev-zero", "/dev/zero"), ("etc-passwd", "../../../../etc/passwd"), ("fifo", "fifo")]:
        folder = os.path.join(out, f"manifest-{case}")
        os.makedirs(folder, exist_ok=True)
        for entry in manifest["files"].values():
            target = os.path.join(folder, entry["path"])
            if not os.path.exists(target):
                os.link(os.path.join(base, entry["path"]), target)
        m = json.loads(json.dumps(manifest))
        m["files"]["facts"]["path"] = path
        m["files"]["facts"]["bytes"] = 1 << 40 if case == "dev-zero" else m["files"]["facts"]["bytes"]
        if case == "fifo" and not os.path.exists(os.path.join(folder, "fifo")):
            os.mkfifo(os.path.join(folder, "fifo"))
        json.dump(m, open(os.path.join(folder, "manifest.json"), "w"))
    folder = os.path.join(out, "manifest-entries-1M")
    os.makedirs(folder, exist_ok=True)
    m = json.loads(json.dumps(manifest))
    entry = {"path": "none.topojson", "bytes": 1, "sha256": "0" * 64}
    m["townships"] = {f"{52 + i // 10**8:02d}{i % 10**8:08d}"[:12]: entry for i in range(1_000_000)}
    json.dump(m, open(os.path.join(folder, "manifest.json"), "w"))


def sized(out, megabytes):
    towns = townships()
    target = megabytes * 1_000_000
    # CSV
    path = os.path.join(out, f"stations-{megabytes}MB.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(HEADER) + "\n")
        i = 0
        while f.tell() < target:
            code, name = towns[i % len(towns)]
            f.write(f"{code}000,{name},运营,三星,2023-12-31\n")
            i += 1
    # XLSX: the same rows, the names as shared strings (as Excel writes them).
    rows_needed = i
    names = sorted({n for _, n in towns})
    index = {n: len(HEADER) + k for k, n in enumerate(names)}
    status = len(HEADER) + len(names)
    def rows():
        yield header_row()
        for r in range(rows_needed):
            code, name = towns[r % len(towns)]
            n = r + 2
            yield (f'<row r="{n}"><c r="A{n}"><v>{code}000</v></c><c r="B{n}" t="s"><v>{index[name]}</v></c>'
                   f'<c r="C{n}" t="s"><v>{status}</v></c><c r="E{n}"><v>45291</v></c></row>')
    xlsx(os.path.join(out, f"stations-{megabytes}MB.xlsx"), HEADER + names + ["运营"], rows())
    # GeoJSON: townships as squares of many vertices, until the size is reached.
    path = os.path.join(out, f"boundaries-{megabytes}MB.geojson")
    features = []
    size = 0
    k = 0
    import math
    while size < target and k < len(towns):
        code, _ = towns[k]
        x, y = 100 + (k % 300) * 0.1, 20 + (k // 300) * 0.1
        ring = [[round(x + 0.05 + 0.045 * math.cos(2 * math.pi * j / 400), 6), round(y + 0.05 + 0.045 * math.sin(2 * math.pi * j / 400), 6)] for j in range(400)]
        ring.append(ring[0])
        features.append({"type": "Feature", "properties": {"code": code}, "geometry": {"type": "Polygon", "coordinates": [ring]}})
        size += 400 * 24
        k += 1
    with open(path, "w") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f)
    # TopoJSON: rings of 1,200 vertices as quantized, delta-encoded arcs (about 9 bytes a point).
    arcs, geometries = [], []
    for k, (code, _) in enumerate(towns):
        if len(arcs) * 1200 * 9 >= target:
            break
        x, y = (k % 300) * 10000, (k // 300) * 10000
        q = [[round(x + 5000 + 4500 * math.cos(2 * math.pi * j / 1200)), round(y + 5000 + 4500 * math.sin(2 * math.pi * j / 1200))] for j in range(1200)]
        q.append(q[0])
        delta = [q[0]] + [[b[0] - a[0], b[1] - a[1]] for a, b in zip(q, q[1:])]
        geometries.append({"type": "Polygon", "arcs": [[len(arcs)]], "properties": {"code": code}})
        arcs.append(delta)
    with open(os.path.join(out, f"boundaries-{megabytes}MB.topojson"), "w") as f:
        json.dump({"type": "Topology", "transform": {"scale": [1e-5, 1e-5], "translate": [100, 20]},
                   "arcs": arcs, "objects": {"townships": {"type": "GeometryCollection", "geometries": geometries}}}, f)


if __name__ == "__main__":
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    if sys.argv[2] == "hostile":
        for group in sys.argv[3:] or HOSTILE:
            HOSTILE[group](out)
    else:
        for mb in sys.argv[3:]:
            sized(out, int(mb))
