//! Official township boundaries on the fixtures in tests/fixtures/boundaries (made from the real
//! 兴义市 522301 outline and township codes by make_boundary_fixtures.py).
//!
//! Kept as one file because every test reads the same cached boundary fixtures (`OnceLock`)
//! of 兴义市, made once per run.

use std::sync::OnceLock;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::error::DataError;
use atlas_core::import::boundaries::{
    convert_gcj02, gcj02_to_wgs84, measure_offset, read_boundaries, read_boundaries_with_options,
    swap_lon_lat, wgs84_to_gcj02, BoundaryImport, BoundaryOptions, CrsFinding, IssueOutcome,
};
use atlas_core::lang::Lang;
use geo::{Coord, MultiPolygon};

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        Atlas::load_dir(&data).expect("default data loads")
    })
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../tests/fixtures/boundaries/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load(name: &str) -> BoundaryImport {
    let import = read_boundaries(name, &fixture(name), None, atlas())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_counts(&import);
    import
}

/// Every feature is joined or rejected, exactly once.
fn assert_counts(import: &BoundaryImport) {
    assert_eq!(
        import.features_read,
        import.joined() + import.rejected(),
        "{}: {:#?}",
        import.file,
        import.report
    );
    for n in 1..=import.features_read {
        let rejected = import
            .issues_for(n)
            .filter(|i| i.outcome == IssueOutcome::Rejected)
            .count();
        assert!(rejected <= 1, "feature {n} rejected {rejected} times");
    }
}

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn codes(import: &BoundaryImport) -> Vec<&str> {
    import.townships.iter().map(|(c, _)| c.as_str()).collect()
}

const FOUR: [&str; 4] = ["522301001", "522301002", "522301003", "522301004"];

fn points(g: &MultiPolygon<f64>) -> Vec<Coord<f64>> {
    g.0.iter().flat_map(|p| p.exterior().0.clone()).collect()
}

fn metres(a: Coord<f64>, b: Coord<f64>) -> f64 {
    let dx = (a.x - b.x) * 111_320.0 * a.y.to_radians().cos();
    let dy = (a.y - b.y) * 110_574.0;
    dx.hypot(dy)
}

#[test]
fn good_geojson_joins_cleanly_and_matches_the_county() {
    let import = load("good.geojson");
    assert_eq!(import.features_read, 4);
    assert_eq!(codes(&import), FOUR);
    assert!(import.report.is_empty(), "{:#?}", import.report);
    assert_eq!(import.code_property, "code");
    assert!(import.code_property_detected);
    match &import.crs {
        CrsFinding::LonLat { offset: Some(o) } => {
            assert_eq!(o.counties, 1);
            assert!(o.distance_m() < 30.0, "{o:?}");
            assert!(!o.looks_like_gcj02());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn good_topojson_detects_xzqdm() {
    let import = load("good.topojson");
    assert_eq!(codes(&import), FOUR);
    assert_eq!(import.code_property, "XZQDM");
    assert!(import.code_property_detected);
    assert!(import.report.is_empty(), "{:#?}", import.report);
    assert!(matches!(import.crs, CrsFinding::LonLat { offset: Some(_) }));
    // Same shapes as the GeoJSON.
    let geojson = load("good.geojson");
    assert_eq!(import.townships, geojson.townships);
}

#[test]
fn twelve_digit_pac_is_detected_and_joined() {
    let import = load("code_in_PAC_12digit.geojson");
    assert_eq!(import.code_property, "PAC");
    assert!(import.code_property_detected);
    assert_eq!(codes(&import), FOUR);
    assert!(import.report.is_empty());
}

#[test]
fn explicit_code_property_is_used() {
    let import = read_boundaries(
        "code_in_PAC_12digit.geojson",
        &fixture("code_in_PAC_12digit.geojson"),
        Some("id"),
        atlas(),
    )
    .unwrap();
    assert_counts(&import);
    assert!(!import.code_property_detected);
    assert_eq!(import.joined(), 0);
    assert_eq!(import.rejected(), 4);
    let err = read_boundaries(
        "good.geojson",
        &fixture("good.geojson"),
        Some("nope"),
        atlas(),
    )
    .unwrap_err();
    assert!(err
        .to_string()
        .contains("no feature has the property \"nope\""));
}

#[test]
fn gcj02_offset_is_detected_and_converted_back() {
    let mut import = load("gcj02.geojson");
    assert_eq!(codes(&import), FOUR);
    let offset = match &import.crs {
        CrsFinding::Gcj02 {
            offset: Some(offset),
            datav: None,
            clear: true,
        } => *offset,
        other => panic!("expected GCJ-02, found {other:?}"),
    };
    eprintln!("gcj02.geojson: {offset:?}");
    // The best-fit shift is the GCJ shift at 兴义 (≈ 247 m E, 340 m S) within 50 m, in size and
    // direction.
    assert!(offset.residual_from_gcj_m() < 50.0, "{offset:?}");
    assert!(offset.angle_from_gcj_deg() < 10.0, "{offset:?}");
    assert!((100.0..700.0).contains(&offset.distance_m()), "{offset:?}");
    assert!(import.crs.to_string().contains("GCJ-02"));
    let zh = import.crs.describe(Lang::Zh);
    assert!(
        zh.starts_with("GCJ-02（高德/DataV）坐标：与内置县界的最佳拟合偏移为东移"),
        "{zh}"
    );
    assert!(zh.contains("南移"), "{zh}");
    let en = import.crs.to_string();
    assert!(
        en.contains(" m east, ") && en.contains(" m south ("),
        "{en}"
    );

    convert_gcj02(&mut import, atlas(), false);
    let CrsFinding::ConvertedFromGcj02 {
        before: Some(_),
        after: Some(reported_after),
        automatic: false,
        ..
    } = import.crs
    else {
        panic!("expected a conversion with offsets, found {:?}", import.crs);
    };
    let after = measure_offset(&import.townships, atlas()).unwrap();
    eprintln!("after conversion: {after:?}");
    assert!(after.distance_m() < 30.0, "{after:?}");
    assert_eq!(reported_after, after);
    assert!(
        import
            .crs
            .to_string()
            .contains("m from the shipped outlines"),
        "{}",
        import.crs
    );
    let good = load("good.geojson");
    for ((c1, g1), (c2, g2)) in import.townships.iter().zip(&good.townships) {
        assert_eq!(c1, c2);
        for (a, b) in points(g1).into_iter().zip(points(g2)) {
            assert!(metres(a, b) < 10.0, "{c1}: {a:?} vs {b:?}");
        }
    }
}

#[test]
fn gcj_inverse_is_exact_to_a_centimetre() {
    for (lon, lat) in [
        (104.9, 25.08),
        (116.39, 39.9),
        (121.47, 31.23),
        (87.6, 43.8),
    ] {
        let (gx, gy) = wgs84_to_gcj02(lon, lat);
        let shift = metres(Coord { x: gx, y: gy }, Coord { x: lon, y: lat });
        assert!((100.0..1000.0).contains(&shift), "{shift}");
        let (x, y) = gcj02_to_wgs84(gx, gy);
        assert!(metres(Coord { x, y }, Coord { x: lon, y: lat }) < 0.01);
    }
}

#[test]
fn swapped_coordinates_are_reported_and_swapped_on_request() {
    let mut import = load("swapped.geojson");
    assert_eq!(codes(&import), FOUR);
    assert!(
        matches!(import.crs, CrsFinding::SwappedLonLat { points, of } if points == of),
        "{:?}",
        import.crs
    );
    assert!(import.crs.to_string().contains("swapped"));
    swap_lon_lat(&mut import, atlas());
    let good = load("good.geojson");
    assert_eq!(import.townships, good.townships);
    assert!(matches!(import.crs, CrsFinding::LonLat { offset: Some(_) }));
}

#[test]
fn projected_coordinates_are_refused_naming_feature_and_crs() {
    let err = read_boundaries(
        "projected.geojson",
        &fixture("projected.geojson"),
        None,
        atlas(),
    )
    .unwrap_err();
    let DataError::Feature { feature, .. } = &err else {
        panic!("{err}");
    };
    assert_eq!(feature, "#1 黄草街道");
    let message = err.to_string();
    assert!(message.contains("projected metres"), "{message}");
    assert!(
        message.contains("Gauss-Krüger zone 35") && message.contains("EPSG:4523"),
        "{message}"
    );
}

#[test]
fn unclosed_ring_is_closed_and_noted() {
    let import = load("unclosed.geojson");
    assert_eq!(codes(&import), FOUR);
    assert_eq!(import.checks.rings_closed, 1);
    let issue = import.issues_for(1).next().expect("a note on feature 1");
    assert_eq!(issue.outcome, IssueOutcome::Repaired);
    assert!(issue.reason.en.contains("unclosed ring"), "{issue}");
    // Closed, it is the good ring again.
    assert_eq!(import.townships, load("good.geojson").townships);
}

#[test]
fn clockwise_ring_is_reversed_and_noted() {
    let import = load("winding.geojson");
    assert_eq!(import.checks.rings_reoriented, 1);
    let issue = import.issues_for(2).next().expect("a note on feature 2");
    assert_eq!(issue.outcome, IssueOutcome::Repaired);
    assert!(issue.reason.en.contains("wound the wrong way"), "{issue}");
    assert_eq!(import.townships, load("good.geojson").townships);
}

#[test]
fn routine_winding_repairs_collapse_into_one_line_and_stay_in_the_csv() {
    // Every feature of the file wound clockwise, as some exporters write them.
    let text = std::fs::read_to_string(format!(
        "{}/../tests/fixtures/boundaries/good.geojson",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    for feature in doc["features"].as_array_mut().unwrap() {
        for ring in feature["geometry"]["coordinates"].as_array_mut().unwrap() {
            ring.as_array_mut().unwrap().reverse();
        }
    }
    let import = read_boundaries(
        "clockwise.geojson",
        doc.to_string().as_bytes(),
        None,
        atlas(),
    )
    .expect("reads");
    assert_eq!(import.checks.rings_reoriented, 4);
    assert_eq!(import.report.len(), 4, "one repair per feature");
    let lines = import.report_lines(Lang::En);
    assert_eq!(
        lines,
        ["4 features had rings wound against RFC 7946: reversed (a routine repair; each feature is in the CSV report)"]
    );
    let zh = import.report_lines(Lang::Zh);
    assert!(zh[0].starts_with("4个要素的环方向"), "{zh:?}");
    assert_eq!(
        import
            .to_csv(Lang::En)
            .matches("wound the wrong way")
            .count(),
        4
    );
    // A rejection keeps its own line beside the collapsed repairs.
    let mixed = load("selfintersect.geojson");
    assert!(mixed
        .report_lines(Lang::En)
        .iter()
        .any(|l| l.contains("self")));
}

#[test]
fn bow_tie_is_reported_as_self_intersecting() {
    let import = load("selfintersect.geojson");
    assert_eq!(import.joined(), 4);
    assert_eq!(import.checks.self_intersecting, 1);
    let issues: Vec<_> = import.issues_for(3).collect();
    assert!(
        issues.iter().any(|i| i.outcome == IssueOutcome::Warning
            && i.reason.en.contains("self-intersection")
            && i.value == "522301003"),
        "{issues:#?}"
    );
    assert_eq!(
        import.report.len(),
        issues.len(),
        "only feature 3 is reported"
    );
}

#[test]
fn unknown_code_is_rejected_with_a_name_suggestion() {
    let import = load("unknown_code.geojson");
    assert_eq!(codes(&import), &FOUR[..3]);
    assert_eq!(import.rejected(), 1);
    let issue = &import.report[0];
    assert_eq!(issue.feature, 4);
    assert_eq!(issue.value, "522301999");
    assert!(issue
        .reason
        .en
        .contains("not a township in the 2023 registry"));
    // The feature's name is 丰都街道, whose real code is 522301004.
    let suggestion = issue.suggestion.as_ref().expect("a suggestion");
    assert_eq!(suggestion.en, "did you mean 丰都街道 (522301004)?");
    assert_eq!(suggestion.zh, "是否为 丰都街道（522301004）？");
    assert_eq!(issue.suggested_code, Some(code("522301004")));
    assert_eq!(issue.reason.zh, "522301999 不是 2023 年区划名录中的乡镇");
    assert_eq!(
        issue.text(Lang::Zh),
        "要素 #4 丰都街道：522301999 不是 2023 年区划名录中的乡镇（是否为 丰都街道（522301004）？）"
    );
}

#[test]
fn point_feature_is_rejected() {
    let import = load("point_feature.geojson");
    assert_eq!(import.features_read, 5);
    assert_eq!(codes(&import), FOUR);
    assert_eq!(import.checks.wrong_type, 1);
    let issue = &import.report[0];
    assert_eq!((issue.feature, issue.outcome), (5, IssueOutcome::Rejected));
    assert!(issue.reason.en.starts_with("Point geometry"), "{issue}");
}

#[test]
fn not_json_is_a_file_error() {
    let err = read_boundaries(
        "not_json.geojson",
        &fixture("not_json.geojson"),
        None,
        atlas(),
    )
    .unwrap_err();
    assert!(matches!(err, DataError::File { .. }));
    assert!(err.to_string().contains("not valid JSON"), "{err}");
}

#[test]
fn empty_duplicate_and_county_level_features_are_rejected() {
    let text = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"code":"522301001"},"geometry":{"type":"Polygon","coordinates":[]}},
      {"type":"Feature","properties":{"code":"522301002"},"geometry":{"type":"Polygon","coordinates":[[[104.9,25.1],[104.91,25.1],[104.9,25.1]]]}},
      {"type":"Feature","properties":{"code":"522301003"},"geometry":{"type":"Polygon","coordinates":[[[104.9,25.1],[104.91,25.1],[104.91,25.11],[104.9,25.1]]]}},
      {"type":"Feature","properties":{"code":"522301003"},"geometry":{"type":"Polygon","coordinates":[[[104.9,25.1],[104.91,25.1],[104.91,25.11],[104.9,25.1]]]}},
      {"type":"Feature","properties":{"code":"156522301"},"geometry":{"type":"Polygon","coordinates":[[[104.9,25.1],[104.91,25.1],[104.91,25.11],[104.9,25.1]]]}},
      {"type":"Feature","properties":{"code":null},"geometry":null}
    ]}"#;
    let import = read_boundaries("inline.geojson", text.as_bytes(), None, atlas()).unwrap();
    assert_counts(&import);
    assert_eq!(import.features_read, 6);
    assert_eq!(codes(&import), ["522301003"]);
    assert_eq!(import.checks.empty, 3, "the null geometry is empty too");
    let reasons: Vec<String> = import.report.iter().map(|i| i.to_string()).collect();
    assert!(reasons[0].contains("#1: empty geometry"), "{reasons:#?}");
    assert!(reasons[1].contains("#2: empty geometry"), "{reasons:#?}");
    assert!(reasons[2].contains("duplicate code 522301003: feature 3"));
    assert!(reasons[3].contains("522301 is a 县级 code, not a township"));
    assert!(
        reasons[4].contains("the feature has no shape (\"geometry\" is null)"),
        "{reasons:#?}"
    );
    // No county fully covered: nothing to compare.
    assert_eq!(import.crs, CrsFinding::LonLat { offset: None });
    assert_eq!(code("522301003"), import.townships[0].0);
}

#[test]
fn single_feature_and_bare_geometry() {
    let feature = r#"{"type":"Feature","properties":{"adcode":522301001},"geometry":{"type":"MultiPolygon","coordinates":[[[[104.9,25.1],[104.91,25.1],[104.91,25.11],[104.9,25.1]]]]}}"#;
    let import = read_boundaries("f.geojson", feature.as_bytes(), None, atlas()).unwrap();
    assert_eq!(import.code_property, "adcode");
    assert_eq!(codes(&import), ["522301001"]);

    let bare = r#"{"type":"Polygon","coordinates":[[[104.9,25.1],[104.91,25.1],[104.91,25.11],[104.9,25.1]]]}"#;
    let err = read_boundaries("g.geojson", bare.as_bytes(), None, atlas()).unwrap_err();
    assert!(err.to_string().contains("no property holds region codes"));
}

#[test]
fn declared_crs_is_named_when_refusing_projected_data() {
    let text = r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4545"}},"features":[
      {"type":"Feature","properties":{"code":"522301001"},"geometry":{"type":"Polygon","coordinates":[[[468934.2,2802959.7],[469934.2,2802959.7],[469934.2,2803959.7],[468934.2,2802959.7]]]}}
    ]}"#;
    let err = read_boundaries("cgcs.geojson", text.as_bytes(), None, atlas()).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("EPSG::4545 as the file declares"),
        "{message}"
    );
    assert!(message.contains("without zone number"), "{message}");
}

#[test]
fn two_code_like_properties_pick_the_township_one() {
    let import = load("two_code_properties.geojson");
    assert_eq!(import.code_property, "XZQDM");
    assert_eq!(codes(&import), FOUR);
    let county = read_boundaries(
        "two_code_properties.geojson",
        &fixture("two_code_properties.geojson"),
        Some("adcode"),
        atlas(),
    )
    .unwrap();
    assert_counts(&county);
    assert_eq!(county.rejected(), 4);
    assert_eq!(
        county.report[0].reason.en,
        "522301 is a 县级 code, not a township (9 or 12 digits)"
    );
}

#[test]
fn markup_in_names_stays_text_in_the_report() {
    let import = load("html_names.geojson");
    assert_eq!(import.joined(), 3);
    let rejected = import
        .report
        .iter()
        .find(|i| i.outcome == IssueOutcome::Rejected)
        .unwrap();
    assert_eq!(
        rejected.label,
        "#4 <img src=x onerror=\"document.title='pwned'\">丰都街道"
    );
}

#[test]
fn every_boundary_fixture_is_covered_by_the_readme() {
    let readme = String::from_utf8(fixture("README.md")).unwrap();
    let dir = format!(
        "{}/../tests/fixtures/boundaries",
        env!("CARGO_MANIFEST_DIR")
    );
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with("json") {
            assert!(
                readme.contains(&format!("`{name}`")),
                "{name} not in README.md"
            );
        }
    }
}

#[test]
fn the_boundary_report_lists_every_feature() {
    let import = load("point_feature.geojson");
    let csv = import.to_csv(Lang::En);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "feature,outcome,code,label,reason,suggestion");
    assert_eq!(lines[1], "1,joined,522301001,,,");
    assert!(lines[5].starts_with("5,rejected,Point,#5 "), "{}", lines[5]);
    assert_eq!(lines.len(), 1 + import.features_read);

    let repaired = load("unclosed.geojson");
    let csv = repaired.to_csv(Lang::En);
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("1,repaired,522301001,#1 黄草街道,1 unclosed ring"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 1 + repaired.features_read);
}

#[test]
fn a_renamed_township_gets_its_new_name_and_code_as_a_suggestion_to_accept() {
    let import = load("renamed_township.geojson");
    assert_eq!(codes(&import), &FOUR[..3]);
    let issue = &import.report[0];
    assert_eq!((issue.feature, issue.outcome), (4, IssueOutcome::Rejected));
    assert_eq!(issue.value, "522301203");
    assert_eq!(issue.label, "#4 猪场坪乡");
    // 猪场坪乡 became 猪场坪镇 (522301118): the same name but for its suffix.
    assert_eq!(issue.suggested_code, Some(code("522301118")));
    let suggestion = issue.suggestion.as_ref().expect("a suggestion");
    assert!(
        suggestion
            .en
            .starts_with("did you mean 猪场坪镇 (522301118)?"),
        "{suggestion}"
    );
    assert!(
        suggestion.zh.starts_with("是否为 猪场坪镇（522301118）？"),
        "{}",
        suggestion.zh
    );

    // Accepting it joins the feature to 522301118, with a line saying so.
    let options = BoundaryOptions {
        code_property: None,
        accepted: [(4, code("522301118"))].into(),
    };
    let accepted = read_boundaries_with_options(
        "renamed_township.geojson",
        &fixture("renamed_township.geojson"),
        &options,
        atlas(),
        &mut |_| {},
    )
    .unwrap();
    assert_counts(&accepted);
    assert_eq!(
        codes(&accepted),
        ["522301001", "522301002", "522301003", "522301118"]
    );
    assert_eq!(accepted.rejected(), 0);
    let line = accepted.issues_for(4).next().expect("a line on feature 4");
    assert_eq!(line.outcome, IssueOutcome::Accepted);
    assert_eq!(line.value, "522301118");
    assert_eq!(
        line.reason.en,
        "accepted suggestion: the file's code \"522301203\" joined as 猪场坪镇 (522301118)"
    );
    assert_eq!(
        line.reason.zh,
        "已采纳建议：文件中的代码“522301203”改按 猪场坪镇（522301118）匹配"
    );
    assert_eq!(
        accepted.townships[3].1,
        load("good.geojson").townships[3].1,
        "the feature's own geometry"
    );
    let csv = accepted.to_csv(Lang::Zh);
    assert!(
        csv.lines()
            .nth(4)
            .unwrap()
            .starts_with("4,已采纳建议,522301118,#4 猪场坪乡,已采纳建议："),
        "{csv}"
    );

    // An accepted code is not forced on a feature whose own code joins.
    let stale = BoundaryOptions {
        code_property: None,
        accepted: [(1, code("522301118"))].into(),
    };
    let good = read_boundaries_with_options(
        "good.geojson",
        &fixture("good.geojson"),
        &stale,
        atlas(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(codes(&good), FOUR);
    assert!(good.report.is_empty());
}

#[test]
fn name_suggestions_normalise_spelling_and_need_exactly_one_township() {
    // A county's code where the township's is wanted, the name in full-width spacing: the
    // county's one township of that name is suggested.
    let square = r#"[[104.9,25.1],[104.91,25.1],[104.91,25.11],[104.9,25.1]]"#;
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[
      {{"type":"Feature","properties":{{"code":"522301","name":"猪场坪\u3000乡"}},"geometry":{{"type":"Polygon","coordinates":[{square}]}}}},
      {{"type":"Feature","properties":{{"code":"522301998","name":"不存在乡"}},"geometry":{{"type":"Polygon","coordinates":[{square}]}}}},
      {{"type":"Feature","properties":{{"code":"522301997"}},"geometry":{{"type":"Polygon","coordinates":[{square}]}}}}
    ]}}"#
    );
    let import = read_boundaries("names.geojson", text.as_bytes(), None, atlas()).unwrap();
    assert_counts(&import);
    let [county, unknown, nameless] = &import.report[..] else {
        panic!("{:#?}", import.report);
    };
    assert_eq!(county.suggested_code, Some(code("522301118")));
    assert_eq!(
        county.reason.zh,
        "522301 是县级代码，不是乡镇代码（应为 9 位或 12 位）"
    );
    // No township of that name: the county's township count, nothing to accept.
    assert_eq!(unknown.suggested_code, None);
    let hint = unknown.suggestion.as_ref().expect("a count");
    assert!(
        hint.en.contains("lists") && hint.zh.contains("共有"),
        "{hint:?}"
    );
    assert_eq!(nameless.suggested_code, None);
}

#[test]
fn boundary_messages_read_in_chinese() {
    // The routine repair's collapsed line.
    let winding = load("winding.geojson");
    assert_eq!(
        winding.report_lines(Lang::Zh),
        ["1个要素的环方向与 RFC 7946 相反，已反转（常规修复；逐个要素见 CSV 报告）"]
    );
    assert!(winding.report[0].routine);
    assert_eq!(
        winding.report[0].reason.zh,
        "1 个环方向错误：已反转（外环逆时针、内环顺时针，RFC 7946）"
    );
    // A repair that is not routine keeps its own line.
    let unclosed = load("unclosed.geojson");
    assert_eq!(
        unclosed.report_lines(Lang::Zh),
        ["要素 #1 黄草街道：1 个环未闭合：已补上与起点相同的终点"]
    );
    let bowtie = load("selfintersect.geojson");
    let warning = bowtie
        .report
        .iter()
        .find(|i| i.outcome == IssueOutcome::Warning)
        .expect("a warning");
    assert_eq!(
        warning.reason.zh,
        "多边形无效，未修复：外环自相交——请在 GIS 软件中修正"
    );
    // The report CSV's header and outcome words.
    let csv = load("point_feature.geojson").to_csv(Lang::Zh);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "要素,结果,代码,名称,原因,建议");
    assert_eq!(lines[1], "1,已匹配,522301001,,,");
    assert!(
        lines[5].starts_with("5,已拒绝,Point,#5 ")
            && lines[5].contains("几何类型为 Point：乡镇边界须为 Polygon 或 MultiPolygon"),
        "{}",
        lines[5]
    );
    // A CRS refusal names the feature and the likely projection in Chinese.
    let err = read_boundaries(
        "projected.geojson",
        &fixture("projected.geojson"),
        None,
        atlas(),
    )
    .unwrap_err();
    let zh = err.text(Lang::Zh);
    assert!(
        zh.starts_with("projected.geojson，要素#1 黄草街道：坐标为投影坐标（米），不是经纬度"),
        "{zh}"
    );
    assert!(
        zh.contains("高斯-克吕格投影第 35 带") && zh.contains("EPSG:4523"),
        "{zh}"
    );
    // A feature without a code, and a file that is not JSON.
    let text = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"code":"522301001"},"geometry":{"type":"Polygon","coordinates":[[[104.9,25.1],[104.91,25.1],[104.91,25.11],[104.9,25.1]]]}},
      {"type":"Feature","properties":{"name":"无代码"},"geometry":{"type":"Polygon","coordinates":[[[104.9,25.1],[104.91,25.1],[104.91,25.11],[104.9,25.1]]]}}
    ]}"#;
    let import = read_boundaries("inline.geojson", text.as_bytes(), None, atlas()).unwrap();
    assert_eq!(
        import.report_lines(Lang::Zh),
        ["要素 #2 无代码：代码属性“code”没有值"]
    );
    let err = read_boundaries(
        "not_json.geojson",
        &fixture("not_json.geojson"),
        None,
        atlas(),
    )
    .unwrap_err();
    assert!(
        err.text(Lang::Zh)
            .starts_with("not_json.geojson：不是有效的 JSON（"),
        "{}",
        err.text(Lang::Zh)
    );
}
