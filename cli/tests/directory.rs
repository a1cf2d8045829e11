//! `atlas publish` with a station table that carries a directory: one file per province,
//! listed in the manifest with its hash, readable by the same checks a page uses, with no
//! import step, and with the personal columns left out by default.

mod common;

use common::{atlas_bin, ok, tmp, TODAY};

use atlas_core::data::code::RegionCode;
use atlas_core::data::directory::{read_directory_file, PhoneKind};
use atlas_core::data::station_index::read_station_index;
use atlas_core::publish::{Manifest, MANIFEST_FILE};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");

#[test]
fn publish_writes_each_provinces_directory_without_personal_columns() {
    let out = tmp("published-directory");
    let stations = format!("{FIXTURES}/directory/qixingguan_amap_bom.csv");
    let boundaries = format!("{FIXTURES}/boundaries/qixingguan_datav_wgs84.geojson");
    let out_arg = out.display().to_string();
    let run = atlas_bin(&[
        "publish",
        "--lang",
        "en",
        "--today",
        TODAY,
        "--out",
        &out_arg,
        "--stations",
        &stations,
        "--boundaries",
        &boundaries,
    ]);
    ok(&run);
    let data = out.join("data");
    let text = std::fs::read_to_string(data.join(MANIFEST_FILE)).unwrap();
    let manifest = Manifest::parse(MANIFEST_FILE, &text).unwrap();
    assert_eq!(manifest.version, 4);
    let guizhou = RegionCode::parse("52").unwrap();
    assert_eq!(manifest.directory.keys().collect::<Vec<_>>(), [&guizhou]);
    let entry = &manifest.directory[&guizhou];
    assert!(entry.path.starts_with("directory-52-"), "{}", entry.path);
    let bytes = std::fs::read(data.join(&entry.path)).unwrap();
    let checked = entry.check(&bytes).unwrap();
    let text = std::str::from_utf8(checked).unwrap();
    let stations = read_directory_file(&entry.path, text, &guizhou).unwrap();
    // 47 listed (one 在建), 43 with a point (four misplaced, listed in the import's report).
    assert_eq!(stations.len(), 47);
    assert_eq!(stations.iter().filter(|s| s.point.is_some()).count(), 43);
    // 负责人 and 负责人手机 are private by default; the withheld mobile of row 31 too.
    assert!(stations.iter().all(|s| s.contact.is_empty()));
    assert!(!text.contains("某"), "a contact's name is in the file");
    let phones = stations.iter().flat_map(|s| &s.phones);
    assert!(phones.clone().all(|p| p.kind != PhoneKind::Mobile));
    assert!(!text.contains("\"139"), "a mobile number is in the file");
    // The address with markup is kept as text, as written.
    assert!(stations.iter().any(|s| s.address.starts_with("<img src=x")));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("Directory 52"), "{stdout}");

    // The search index lists every station of the directory by name and address, and no
    // phone, hours or contact.
    let index = manifest.station_index.as_ref().expect("a station index");
    assert!(index.path.starts_with("station-index-"), "{}", index.path);
    let bytes = std::fs::read(data.join(&index.path)).unwrap();
    let text = std::str::from_utf8(index.check(&bytes).unwrap()).unwrap();
    let indexed = read_station_index(&index.path, text).unwrap();
    assert_eq!(indexed.len(), stations.len());
    assert!(indexed
        .iter()
        .zip(&stations)
        .all(|(i, s)| (&i.township, i.row, &i.name, &i.address)
            == (&s.township, s.row, &s.name, &s.address)));
    assert!(!text.contains("0857") && !text.contains("\"139"), "{text}");
    assert!(stdout.contains("Station index"), "{stdout}");
    println!(
        "station index: {} bytes for {} stations ({} per 1,000)",
        index.bytes,
        indexed.len(),
        index.bytes * 1000 / indexed.len() as u64
    );
}

/// `atlas publish` of the directory fixture into a fresh folder; its path.
fn published(name: &str) -> std::path::PathBuf {
    let out = tmp(name);
    let stations = format!("{FIXTURES}/directory/qixingguan_amap_bom.csv");
    let boundaries = format!("{FIXTURES}/boundaries/qixingguan_datav_wgs84.geojson");
    let out_arg = out.display().to_string();
    ok(&atlas_bin(&[
        "publish",
        "--today",
        TODAY,
        "--out",
        &out_arg,
        "--stations",
        &stations,
        "--boundaries",
        &boundaries,
    ]));
    out
}

#[test]
fn render_points_and_stats_read_the_published_directory() {
    let site = published("published-directory-points");
    let data = site.display().to_string();
    let svg_path = site.join("county.svg");
    let svg_arg = svg_path.display().to_string();
    let render = |extra: &[&str]| {
        let mut args = vec![
            "render", "--today", TODAY, "--data", &data, "--region", "520502",
        ];
        args.extend(extra);
        args.extend(["--out", &svg_arg]);
        atlas_bin(&args)
    };
    ok(&render(&["--points"]));
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let group = &svg[svg
        .find(r#"<g class="stations">"#)
        .expect("a stations layer")..];
    let group = &group[..group.find("</g></g>").unwrap()];
    // A halo and a disc for each of the 43 placed stations.
    assert_eq!(group.matches("<circle ").count(), 86);
    ok(&render(&[]));
    let plain = std::fs::read_to_string(&svg_path).unwrap();
    assert!(
        !plain.contains(r#"class="stations""#),
        "no points unless asked"
    );

    let stats = |format: &str| {
        let run = atlas_bin(&[
            "stats", "--today", TODAY, "--data", &data, "--region", "520502", "--format", format,
        ]);
        ok(&run);
        String::from_utf8(run.stdout).unwrap()
    };
    let csv = stats("stations-csv");
    assert_eq!(
        csv.lines().count(),
        48,
        "a header and the 47 listed stations"
    );
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .starts_with("township_code,township,name,address,phone,tel"));
    assert!(
        !csv.contains("负责人") && !csv.contains(",139"),
        "no personal column"
    );
    let geojson: serde_json::Value = serde_json::from_str(&stats("geojson")).unwrap();
    let features = geojson["features"].as_array().unwrap();
    let stations: Vec<_> = (features.iter())
        .filter(|f| f["properties"]["kind"] == "station")
        .collect();
    assert_eq!(stations.len(), 47);
    let points = stations.iter().filter(|f| f["geometry"]["type"] == "Point");
    assert_eq!(points.count(), 43);
}

#[test]
fn render_points_without_a_directory_says_so() {
    let out = tmp("points-without-directory").join("x.svg");
    let run = atlas_bin(&[
        "render",
        "--today",
        TODAY,
        "--lang",
        "en",
        "--region",
        "520502",
        "--points",
        "--out",
        &out.display().to_string(),
    ]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("--points: no station directory"),
        "{stderr}"
    );
}
