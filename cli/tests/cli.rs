//! The `atlas` binary end to end on the shipped data.
//!
//! Kept as one file because its tests share one set of fixtures and helpers (`common`) and each runs
//! the binary as a user would, one command after another; split by command, each file would
//! repeat the same setup.

mod common;

use common::{atlas, atlas_bin, ok, tmp, today, TODAY};

use std::process::Output;

use atlas_core::data::code::RegionCode;
use atlas_core::date::Month;
use atlas_core::draw::figure::{build_figure, build_figure_with, FigureOptions};
use atlas_core::lang::Lang;
use atlas_core::style::classify::{MapMode, Scheme};

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn render_svg_is_build_figure_byte_for_byte() {
    let out = tmp("5223.svg");
    let output = atlas_bin(&[
        "render",
        "--region",
        "5223",
        "--today",
        TODAY,
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&output);
    let expected = build_figure(
        atlas(),
        &RegionCode::parse("5223").unwrap(),
        MapMode::Coverage,
        Scheme::Fixed,
        None,
        Lang::Zh,
        today(),
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);

    // With every option.
    let out = tmp("5223-deadline.svg");
    let output = atlas_bin(&[
        "render",
        "--region",
        "5223",
        "--mode",
        "deadline",
        "--scheme",
        "quantile",
        "--date",
        "2023-12",
        "--lang",
        "en",
        "--title",
        "Qianxinan <deadline>",
        "--subtitle",
        "a & b",
        "--review-number",
        "GS(2024)0001",
        "--size",
        "1280x720",
        "--today",
        TODAY,
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&output);
    let expected = build_figure_with(
        atlas(),
        &RegionCode::parse("5223").unwrap(),
        MapMode::Deadline,
        Scheme::Quantile,
        Some(Month::new(2023, 12)),
        today(),
        &FigureOptions {
            title: "Qianxinan <deadline>".into(),
            subtitle: "a & b".into(),
            width_px: 1280,
            height_px: 720,
            lang: Lang::En,
            map_review_number: Some("GS(2024)0001".into()),
            ..FigureOptions::default()
        },
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
}

#[test]
fn render_png_has_the_requested_size() {
    let out = tmp("5223.png");
    let output = atlas_bin(&[
        "render",
        "--region",
        "5223",
        "--size",
        "800x450",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&output);
    assert_eq!(png_size(&std::fs::read(&out).unwrap()), (800, 450));

    let out = tmp("5223-a4.png");
    let output = atlas_bin(&[
        "render",
        "--region",
        "5223",
        "--a4",
        "--dpi",
        "100",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&output);
    assert_eq!(png_size(&std::fs::read(&out).unwrap()), (1169, 827));
}

#[test]
fn a4_at_300_dpi_is_3508_by_2480() {
    let out = tmp("a4.svg");
    ok(&atlas_bin(&[
        "render",
        "--region",
        "5223",
        "--a4",
        "--out",
        out.to_str().unwrap(),
    ]));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(
        svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" width="3508" height="2480""#)
    );
}

#[test]
fn bad_region_fails_naming_it() {
    for args in [
        vec!["render", "--region", "9999", "--out", "never.svg"],
        vec!["stats", "--region", "9999"],
        vec!["stats", "--region", "52x"],
    ] {
        let output = atlas_bin(&args);
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(args[2]), "{args:?}: {stderr}");
    }
    assert!(!std::path::Path::new("never.svg").exists());
}

#[test]
fn bad_arguments_fail() {
    for args in [
        vec!["render", "--region", "5223"],
        vec!["render", "--region", "5223", "--out", "x.gif"],
        vec!["render", "--mode", "stars", "--out", "x.svg"],
        vec!["render", "--size", "big", "--out", "x.svg"],
        vec!["stats", "--format", "xml"],
        vec!["frobnicate"],
        vec![],
    ] {
        assert!(!atlas_bin(&args).status.success(), "{args:?}");
    }
}

#[test]
fn validate_prints_the_data_notes() {
    let output = atlas_bin(&["validate", "--lang", "en"]);
    ok(&output);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(&format!("{} data notes", atlas().notes.len())),
        "{text}"
    );
    for note in &atlas().notes {
        assert!(text.contains(&note.message.en), "{}", note.message);
    }
    let zh = String::from_utf8(atlas_bin(&["validate"]).stdout).unwrap();
    assert!(
        zh.contains(&format!("{} 条数据说明：", atlas().notes.len())),
        "{zh}"
    );
    let missing = atlas_bin(&["validate", "--data", "/nonexistent"]);
    assert!(!missing.status.success());
}

#[test]
fn validate_puts_the_users_report_first_and_the_shipped_notes_in_one_line() {
    let stations = format!("{FIXTURES}/good/stations_gbk.csv");
    let args = [
        "validate",
        "--lang",
        "en",
        "--stations",
        &stations,
        "--today",
        TODAY,
    ];
    let out = atlas_bin(&args);
    ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("stations_gbk.csv: 12 rows read"),
        "the user's report comes first: {text}"
    );
    let n = atlas().notes.len();
    assert_eq!(
        lines.last().copied(),
        Some(format!("The data used (built-in default data) has {n} more data notes; --all-notes lists them").as_str()),
        "{text}"
    );
    assert!(
        lines.len() < 40,
        "no shipped notes listed: {} lines",
        lines.len()
    );
    let mut all = args.to_vec();
    all.push("--all-notes");
    let listed = String::from_utf8(atlas_bin(&all).stdout).unwrap();
    assert!(listed.contains(&format!("{n} data notes:")), "{listed}");
    assert!(
        listed.find("12 rows read") < listed.find("data notes:"),
        "{listed}"
    );
}

#[test]
fn validate_says_a_report_flag_without_its_file_writes_nothing() {
    let report = tmp("never-written.csv");
    for (flag, input, lang, said) in [
        (
            "--report",
            "--stations",
            "en",
            "no --stations was given, so nothing was written",
        ),
        (
            "--write-recipe",
            "--stations",
            "zh",
            "未给出 --stations，未写出任何文件",
        ),
        (
            "--boundary-report",
            "--boundaries",
            "en",
            "no --boundaries was given",
        ),
    ] {
        let out = atlas_bin(&["validate", "--lang", lang, flag, report.to_str().unwrap()]);
        assert!(!out.status.success(), "{flag}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(said) && stderr.contains(flag),
            "{flag} {input}: {stderr}"
        );
        assert!(!report.exists());
    }
}

#[test]
fn validate_prints_the_join_report_and_fails_on_bad_rows() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");
    let report = tmp("join-report.csv");
    let bad = atlas_bin(&[
        "validate",
        "--lang",
        "en",
        "--stations",
        &format!("{fixtures}/bad/mixed.csv"),
        "--report",
        report.to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert!(
        !bad.status.success(),
        "rows that did not join make validate fail"
    );
    let out = String::from_utf8_lossy(&bad.stdout);
    assert!(
        out.contains("mixed.csv: 6 rows read, 2 joined, 1 unmatched, 1 duplicates, 2 invalid"),
        "{out}"
    );
    assert!(
        out.contains("mixed.csv, row 5: star rating \"7\" is out of range"),
        "{out}"
    );
    let csv = std::fs::read_to_string(&report).unwrap();
    // One line per row read, plus the header: nothing dropped.
    assert_eq!(csv.lines().count(), 1 + 6, "{csv}");
    assert!(String::from_utf8_lossy(&bad.stderr)
        .contains("4 of 6 rows in mixed.csv did not join cleanly"));

    let good = atlas_bin(&[
        "validate",
        "--lang",
        "en",
        "--stations",
        &format!("{fixtures}/good/stations_gbk.csv"),
        "--today",
        TODAY,
    ]);
    ok(&good);
    assert!(String::from_utf8_lossy(&good.stdout).contains("12 rows read, 12 joined, 0 unmatched"));
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");

#[test]
fn validate_asks_for_columns_it_cannot_guess_and_takes_them() {
    let file = format!("{FIXTURES}/bad/unguessable_headers.csv");
    let refused = atlas_bin(&[
        "validate",
        "--lang",
        "en",
        "--stations",
        &file,
        "--today",
        TODAY,
    ]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("found no township code column") && err.contains("--column FIELD=COLUMN"),
        "{err}"
    );
    assert!(
        err.contains("  1 \"字段1\": 522301001, 522301008, 522301100"),
        "{err}"
    );
    let mapped = atlas_bin(&[
        "validate",
        "--lang",
        "en",
        "--stations",
        &file,
        "--column",
        "code=1",
        "--column",
        "township=字段2",
        "--column",
        "status=3",
        "--column",
        "star=4",
        "--today",
        TODAY,
    ]);
    ok(&mapped);
    assert!(String::from_utf8_lossy(&mapped.stdout)
        .contains("unguessable_headers.csv: 4 rows read, 4 joined, 0 unmatched"));
    let bad_choice = atlas_bin(&[
        "validate",
        "--lang",
        "en",
        "--stations",
        &file,
        "--column",
        "code=9",
    ]);
    assert!(String::from_utf8_lossy(&bad_choice.stderr)
        .contains("--column code=9: no column \"9\": the header has 4 columns"));
}

#[test]
fn validate_prints_the_boundary_report_and_fails_on_rejected_features() {
    let report = tmp("boundary-report.csv");
    let bad = atlas_bin(&[
        "validate",
        "--boundaries",
        &format!("{FIXTURES}/boundaries/html_names.geojson"),
        "--boundary-report",
        report.to_str().unwrap(),
    ]);
    assert!(!bad.status.success());
    // Chinese unless --lang en: the counts, each message, the CSV's header.
    let out = String::from_utf8_lossy(&bad.stdout);
    assert!(
        out.contains("html_names.geojson：读取 4 个要素，匹配 3 个乡镇，拒绝 1"),
        "{out}"
    );
    assert!(
        out.contains("522301999 不是 2023 年区划名录中的乡镇"),
        "{out}"
    );
    assert!(String::from_utf8_lossy(&bad.stderr)
        .contains("html_names.geojson 的 4 个要素中有 1 个被拒绝"));
    let csv = std::fs::read_to_string(&report).unwrap();
    assert_eq!(csv.lines().count(), 1 + 4, "{csv}");
    assert!(csv.starts_with("要素,结果,代码,名称,原因,建议"), "{csv}");
    let english = atlas_bin(&[
        "validate",
        "--lang",
        "en",
        "--boundaries",
        &format!("{FIXTURES}/boundaries/html_names.geojson"),
    ]);
    assert!(String::from_utf8_lossy(&english.stdout)
        .contains("html_names.geojson: 4 features read, 3 townships joined, 1 rejected"));
    assert!(String::from_utf8_lossy(&english.stderr)
        .contains("1 of 4 features in html_names.geojson were rejected"));

    let converted = atlas_bin(&[
        "validate",
        "--boundaries",
        &format!("{FIXTURES}/boundaries/gcj02.geojson"),
        "--convert-gcj02",
        "--lang",
        "en",
    ]);
    ok(&converted);
    assert!(String::from_utf8_lossy(&converted.stdout)
        .contains("converted from GCJ-02 to WGS84 as you asked: 0 m from the shipped outlines"));
    // A DataV file in GCJ-02 is converted without the flag, saying why, in both languages.
    let datav = format!("{FIXTURES}/boundaries/qixingguan_datav_gcj02.geojson");
    let automatic = atlas_bin(&["validate", "--boundaries", &datav, "--lang", "en"]);
    ok(&automatic);
    let out = String::from_utf8_lossy(&automatic.stdout);
    assert!(
        out.contains("judged GCJ-02 (Amap/DataV) and converted to WGS84 automatically. Evidence: the best fit")
            && out.contains("48 of 48 features carry DataV/Amap properties"),
        "{out}"
    );
    let zh = atlas_bin(&["validate", "--boundaries", &datav]);
    assert!(String::from_utf8_lossy(&zh.stdout)
        .contains("判断为 GCJ-02（高德/DataV）坐标，已自动转换为 WGS84"));
    let kept = atlas_bin(&[
        "validate",
        "--boundaries",
        &datav,
        "--keep-gcj02",
        "--lang",
        "en",
    ]);
    assert!(String::from_utf8_lossy(&kept.stdout).contains("not converted (your choice)"));
    let twin = format!("{FIXTURES}/boundaries/qixingguan_datav_wgs84.geojson");
    let wgs84 = atlas_bin(&["validate", "--boundaries", &twin, "--lang", "en"]);
    assert!(String::from_utf8_lossy(&wgs84.stdout).contains("longitude/latitude, WGS84/CGCS2000"));
    let picked = atlas_bin(&[
        "validate",
        "--boundaries",
        &format!("{FIXTURES}/boundaries/two_code_properties.geojson"),
        "--code-property",
        "adcode",
        "--lang",
        "en",
    ]);
    assert!(String::from_utf8_lossy(&picked.stdout)
        .contains("0 townships joined, 4 rejected; codes from \"adcode\";"));
}

#[test]
fn render_draws_a_bureaus_own_boundaries_and_stations() {
    let boundaries = format!("{FIXTURES}/boundaries/good.geojson");
    let stations = format!("{FIXTURES}/good/stations_gbk.csv");
    let out = tmp("522301-own.svg");
    let output = atlas_bin(&[
        "render",
        "--region",
        "522301",
        "--mode",
        "rating",
        "--boundaries",
        &boundaries,
        "--stations",
        &stations,
        "--today",
        TODAY,
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("stations_gbk.csv：读取12行，已匹配12"),
        "{stderr}"
    );
    assert!(
        stderr.contains("good.geojson：读取 4 个要素，匹配 4 个乡镇"),
        "{stderr}"
    );

    let mut own = atlas().clone();
    let bytes = std::fs::read(&boundaries).unwrap();
    let import =
        atlas_core::import::read_boundaries("good.geojson", &bytes, None, atlas()).unwrap();
    own.set_township_outlines(&import.townships);
    // The figure's source line names the user's own files.
    own.set_own_boundaries_file(Some("good.geojson".into()));
    let (_, _, report) = atlas_core::import::import_stations(
        "stations_gbk.csv",
        &std::fs::read(&stations).unwrap(),
        &own.divisions,
        &atlas_core::import::JoinOptions::new(today()),
    )
    .unwrap();
    own.stations = report.joined.into_iter().map(|(_, s)| s).collect();
    let code = RegionCode::parse("522301").unwrap();
    let expected = build_figure(
        &own,
        &code,
        MapMode::Rating,
        Scheme::Fixed,
        None,
        Lang::Zh,
        today(),
    );
    let svg = std::fs::read_to_string(&out).unwrap();
    assert_eq!(svg, expected);
    let shipped = build_figure(
        atlas(),
        &code,
        MapMode::Rating,
        Scheme::Fixed,
        None,
        Lang::Zh,
        today(),
    );
    assert_ne!(svg, shipped, "the bureau's files change the figure");
}

/// stdout of a run that must succeed.
fn stdout_ok(args: &[&str]) -> String {
    let output = atlas_bin(args);
    ok(&output);
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn help_lists_the_commands_and_their_flags() {
    let top = stdout_ok(&["--help"]);
    for word in ["render", "stats", "validate", "corrections", "--version"] {
        assert!(top.contains(word), "{word}: {top}");
    }
    let render = stdout_ok(&["render", "--help"]);
    for word in [
        "--region",
        "--mode",
        "deadline",
        "--scheme",
        "--size <WxH>",
        "--a4",
        "--dpi",
        "--out <FILE>",
        "--data <DIR>",
        "ATLAS_DATA",
        "--today <YYYY-MM-DD>",
        "--stations <FILE>",
        "--column <FIELD=COLUMN>",
        "--swap-lon-lat",
    ] {
        assert!(render.contains(word), "{word}: {render}");
    }
    let stats = stdout_ok(&["stats", "--help"]);
    for word in [
        "--region",
        "--date <YYYY-MM>",
        "--format",
        "json",
        "geojson",
        "--bom",
        "--boundaries",
    ] {
        assert!(stats.contains(word), "{word}: {stats}");
    }
    assert!(!stats.contains("--out"), "stats writes to stdout: {stats}");
    let validate = stdout_ok(&["validate", "--help"]);
    assert!(validate.contains("--boundary-report"), "{validate}");
}

#[test]
fn version_is_the_crate_version() {
    let version = stdout_ok(&["--version"]);
    assert_eq!(
        version.trim(),
        format!("atlas {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn an_unknown_flag_suggests_the_near_one() {
    let output = atlas_bin(&["render", "--regoin", "52", "--out", "never.svg"]);
    assert_eq!(output.status.code(), Some(2), "a usage error");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("'--regoin'"), "{stderr}");
    assert!(
        stderr.contains("similar argument exists: '--region'"),
        "{stderr}"
    );
    assert!(!std::path::Path::new("never.svg").exists());
}

#[test]
fn a_flag_given_twice_keeps_the_last_value() {
    let output = atlas_bin(&[
        "stats", "--region", "9999", "--region", "52", "--today", TODAY,
    ]);
    ok(&output);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.lines().any(|l| l.starts_with("522301,")), "{text}");
}

/// `atlas validate --lang en --today TODAY` with `args` after.
fn validate_en(args: &[&str]) -> Output {
    let mut all = vec!["validate", "--lang", "en", "--today", TODAY];
    all.extend_from_slice(args);
    atlas_bin(&all)
}

fn bureau(name: &str) -> String {
    format!(
        "{}/../tests/fixtures/bureaus/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn a_recipe_joins_a_bureau_table_with_no_questions_and_can_be_written_back() {
    let table = bureau("wangmo_tab_gb18030.txt");
    // Without the recipe: the unknown values are listed with their rows, and the run fails.
    let output = validate_en(&["--stations", &table]);
    assert!(!output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("status \"已投用\": 8 rows (first row 5)"),
        "{stdout}"
    );
    assert!(stdout.contains("rating \"良好\": 4 rows"), "{stdout}");
    // With it: every row joins.
    let written = tmp("wangmo.recipe.json");
    let output = validate_en(&[
        "--stations",
        &table,
        "--recipe",
        &bureau("wangmo.recipe.json"),
        "--write-recipe",
        written.to_str().unwrap(),
    ]);
    ok(&output);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("17 rows read, 16 joined, 0 unmatched, 0 duplicates, 0 invalid"),
        "{stdout}"
    );
    // The recipe written back joins the same way.
    let output = validate_en(&["--stations", &table, "--recipe", written.to_str().unwrap()]);
    ok(&output);
}

#[test]
fn a_row_in_another_encoding_is_named_and_read_on_request() {
    let file = format!("{FIXTURES}/bad/mixed_encoding.csv");
    let refused = validate_en(&["--stations", &file]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("mixed_encoding.csv, row 3: the file is UTF-8 but this row is not"),
        "{stderr}"
    );
    let replaced = validate_en(&["--stations", &file, "--encoding", "utf8-replace"]);
    let stdout = String::from_utf8_lossy(&replaced.stdout);
    assert!(
        stdout.contains("4 rows read, 3 joined, 0 unmatched, 0 duplicates, 1 invalid"),
        "{stdout}"
    );
    let unknown = validate_en(&["--stations", &file, "--encoding", "latin9"]);
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("expected one of utf8, gbk, big5"),
        "{stderr}"
    );
}

#[test]
fn a_recipe_that_does_not_fit_the_table_stops_the_run_naming_the_column() {
    let output = validate_en(&[
        "--stations",
        &bureau("xingyi_gbk.csv"),
        "--recipe",
        &bureau("wangmo.recipe.json"),
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("wangmo.recipe.json: "), "{stderr}");
    assert!(!stderr.contains("--recipe:"), "{stderr}");
    assert!(stderr.contains("status \"建设进度\""), "{stderr}");
    assert!(stderr.contains("star \"评估等次\""), "{stderr}");
}

#[test]
fn accept_suggestions_joins_the_renamed_township() {
    let output = validate_en(&[
        "--stations",
        &bureau("xingyi_gbk.csv"),
        "--accept-suggestions",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("34 rows read, 32 joined, 1 unmatched"),
        "{stdout}"
    );
    assert!(stdout.contains("义龙新区"), "{stdout}");
}

/// The province's township chunk is TopoJSON: one `townships` object, a feature per township
/// with its code, and the borders neighbours share stored once (an arc walked by two townships).
fn assert_published_townships_share_borders(data: &std::path::Path, entry: &serde_json::Value) {
    let path = entry["path"].as_str().unwrap();
    assert!(
        path.starts_with("townships-52-") && path.ends_with(".topojson"),
        "{path}"
    );
    let text = std::fs::read_to_string(data.join(path)).unwrap();
    let topology: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(topology["type"], "Topology");
    assert!(topology["transform"]["scale"].is_array());
    let geometries = topology["objects"]["townships"]["geometries"]
        .as_array()
        .unwrap();
    let code = |g: &serde_json::Value| g["properties"]["code"].as_str().unwrap().to_string();
    let schematic = |g: &&serde_json::Value| g["properties"]["schematic"] == true;
    let official: Vec<String> = (geometries.iter())
        .filter(|g| !schematic(g))
        .map(code)
        .collect();
    assert_eq!(
        official,
        ["522301001", "522301002", "522301003", "522301118"]
    );
    // Every other county of 贵州 has its schematic cells made here; 兴义市, which has official
    // boundaries, has none.
    let cells: Vec<String> = geometries.iter().filter(schematic).map(code).collect();
    assert!(cells.len() > 1_400, "{} cells", cells.len());
    assert!(cells
        .iter()
        .all(|c| c.starts_with("52") && !c.starts_with("522301")));
    let arcs_of = |g: &serde_json::Value| -> std::collections::BTreeSet<i64> {
        let rings = g["arcs"].as_array().unwrap();
        rings
            .iter()
            .flat_map(|ring| ring.as_array().unwrap())
            .map(|r| r.as_i64().unwrap())
            .map(|r| if r < 0 { !r } else { r })
            .collect()
    };
    // 黄草街道 and 兴泰街道 are neighbours in the fixture: their common border is one arc.
    let (first, second) = (arcs_of(&geometries[0]), arcs_of(&geometries[1]));
    assert!(
        first.intersection(&second).next().is_some(),
        "{first:?} {second:?}"
    );
}

/// `atlas publish` of the 兴义市 bureau's fixtures into `out`, with `extra` arguments.
fn publish_args(out: &std::path::Path, reports: &std::path::Path, extra: &[&str]) -> Vec<String> {
    let mut a = vec![
        "publish".to_string(),
        "--lang".into(),
        "en".into(),
        "--today".into(),
        TODAY.into(),
        "--out".into(),
        out.display().to_string(),
        "--reports".into(),
        reports.display().to_string(),
        "--stations".into(),
        bureau("xingyi_gbk.csv"),
        "--recipe".into(),
        format!("{FIXTURES}/publish/xingyi.recipe.json"),
        "--boundaries".into(),
        format!("{FIXTURES}/boundaries/renamed_township.geojson"),
        "--accept-suggestions".into(),
        "--publisher".into(),
        format!("{FIXTURES}/publish/publisher.json"),
    ];
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

#[test]
fn publish_refuses_unjoined_rows_then_writes_a_folder_the_cli_reads() {
    let out = tmp("published");
    let reports = tmp("publish-reports");
    let args = |extra: &[&str]| publish_args(&out, &reports, extra);
    let run = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        atlas_bin(&a)
    };
    let refused = run(args(&[]));
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("1 of 34 rows did not join and are not published"),
        "{stderr}"
    );
    assert!(reports.join("join-report.csv").is_file());
    assert!(!out.join("data/manifest.json").exists());

    ok(&run(args(&["--allow-unjoined"])));
    let data = out.join("data");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["publisher"]["name"]["zh"], "兴义市民政局");
    // The four content parts, the first map's overview of two, and the search's pinyin.
    let mut parts: Vec<&str> = (manifest["files"].as_object().unwrap().keys())
        .map(String::as_str)
        .collect();
    parts.sort_unstable();
    assert_eq!(
        parts,
        [
            "divisions",
            "divisions_overview",
            "facts",
            "outlines",
            "outlines_overview",
            "pinyin",
            "stations"
        ]
    );
    // A chunk for every province: 贵州's with the official boundaries, all with schematic cells;
    // and one for the prefecture with official boundaries, 黔西南州, holding them at full detail.
    let chunks = manifest["townships"].as_object().unwrap();
    assert_eq!(chunks.len(), 32, "{:?}", chunks.keys());
    assert_published_townships_share_borders(&data, &manifest["townships"]["52"]);
    let detail_path = manifest["townships"]["5223"]["path"].as_str().unwrap();
    assert!(detail_path.starts_with("townships-5223-"), "{detail_path}");
    let detail: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data.join(detail_path)).unwrap()).unwrap();
    let detail_codes: Vec<&str> = (detail["objects"]["townships"]["geometries"].as_array())
        .unwrap()
        .iter()
        .map(|g| g["properties"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        detail_codes,
        ["522301001", "522301002", "522301003", "522301118"]
    );
    // The CLI reads the folder it wrote: 28 of 兴义市's 32 townships covered, from the
    // published stations.
    let stats = atlas_bin(&[
        "stats",
        "--data",
        out.to_str().unwrap(),
        "--region",
        "52",
        "--today",
        TODAY,
    ]);
    ok(&stats);
    let stdout = String::from_utf8_lossy(&stats.stdout);
    let csv = stdout.lines().find(|l| l.starts_with("522301,")).unwrap();
    assert!(csv.starts_with("522301,兴义市,28,"), "{csv}");

    // A township chunk changed after publishing is named, and the county is still drawn (from
    // its province's chunk).
    let detail_file = data.join(detail_path);
    let mut bytes = std::fs::read(&detail_file).unwrap();
    bytes[10] ^= 1;
    std::fs::write(&detail_file, bytes).unwrap();
    let svg = out.join("xingyi.svg");
    let render = atlas_bin(&[
        "render",
        "--lang",
        "en",
        "--data",
        out.to_str().unwrap(),
        "--region",
        "522301",
        "--today",
        TODAY,
        "--out",
        svg.to_str().unwrap(),
    ]);
    ok(&render);
    let stderr = String::from_utf8_lossy(&render.stderr);
    assert!(
        stderr.contains(&format!(
            "{detail_path}: SHA-256 does not match the manifest"
        )),
        "{stderr}"
    );
    assert!(std::fs::read_to_string(&svg)
        .unwrap()
        .contains(r#"data-code="522301001""#));

    // A content file changed after publishing is named; without a manifest the folder is refused.
    let stations = data.join(manifest["files"]["stations"]["path"].as_str().unwrap());
    let mut bytes = std::fs::read(&stations).unwrap();
    bytes[10] ^= 1;
    std::fs::write(&stations, bytes).unwrap();
    let damaged = atlas_bin(&["validate", "--lang", "en", "--data", out.to_str().unwrap()]);
    // The stations are optional (the map draws without them), but validating finds them.
    assert!(!damaged.status.success());
    let stderr = String::from_utf8_lossy(&damaged.stderr);
    assert!(
        stderr.contains("SHA-256 does not match the manifest"),
        "{stderr}"
    );
    std::fs::remove_file(data.join("manifest.json")).unwrap();
    let missing = atlas_bin(&["validate", "--lang", "en", "--data", out.to_str().unwrap()]);
    assert!(!missing.status.success());
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains("manifest.json: no published-data manifest"),
        "{stderr}"
    );
}

#[test]
fn output_cut_short_by_its_reader_ends_quietly() {
    use std::process::{Command, Stdio};
    // The reader has gone before `validate` prints its first line (as `atlas validate | head -1`
    // after the first): the print meets a closed pipe.
    let mut child = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(["validate", "--lang", "en"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("atlas runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
}

#[test]
fn render_stats_and_validate_speak_the_language_asked_for() {
    let has_cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    // stats: every label column in English is English.
    let en = stdout_ok(&[
        "stats", "--region", "52", "--mode", "deadline", "--lang", "en", "--today", TODAY,
    ]);
    let mut lines = en.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let labels: Vec<usize> = ["class_label", "deadline_label", "as_of"]
        .iter()
        .map(|c| header.iter().position(|h| h == c).unwrap())
        .collect();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        for i in &labels {
            assert!(!has_cjk(cells[*i]), "{line}");
        }
    }
    assert!(en.contains("deadline passed, no figure"), "{en}");
    // render: the Chinese figure's footer has no English, the English one no Chinese label.
    let render = |lang: &str| {
        let out = tmp(&format!("language-{lang}.svg"));
        let args = [
            "render", "--region", "5223", "--lang", lang, "--today", TODAY,
        ];
        let mut args = args.to_vec();
        args.extend(["--out", out.to_str().unwrap()]);
        stdout_ok(&args);
        std::fs::read_to_string(&out).unwrap()
    };
    let svg_zh = render("zh");
    for english in [
        "Sources:",
        "as of",
        "divisions:",
        "Township cells are schematic",
    ] {
        assert!(!svg_zh.contains(english), "{english} in the Chinese figure");
    }
    assert!(
        svg_zh.contains("来源：报道000《"),
        "the source line is Chinese"
    );
    let svg_en = render("en");
    for chinese in ["来源", "截至", "区划", "示意"] {
        assert!(!svg_en.contains(chinese), "{chinese} in the English figure");
    }
    // validate: the data notes in the language asked for.
    let zh = stdout_ok(&["validate", "--today", TODAY]);
    assert!(zh.contains("不在区划代码中"), "{zh}");
    assert!(!zh.contains("is not in the division registry"), "{zh}");
    let en = stdout_ok(&["validate", "--lang", "en", "--today", TODAY]);
    assert!(!en.contains("不在区划代码中"), "{en}");
}
