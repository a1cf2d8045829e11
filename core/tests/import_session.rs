//! The import conversation the page holds with its web worker, driven here through the same JSON
//! text and coordinate buffer that cross between them, on the real fixtures and registry.

use std::sync::OnceLock;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::date::Day;
use atlas_core::error::DataError;
use atlas_core::import::boundaries::IssueOutcome;
use atlas_core::import::session::{decode, encode, BoundariesLoaded, StationsLoaded};
use atlas_core::import::{
    read_boundaries, BoundaryChoices, BoundaryImport, ColumnMapping, CrsFinding, ImportSession,
    PackedShapes, Phase, Reply, Request, StationChoices, Step,
};
use atlas_core::lang::{Lang, Text};
use geo::{LineString, MultiPolygon, Polygon};

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        Atlas::load_dir(&data).expect("default data loads")
    })
}

fn fixture(kind: &str, name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../tests/fixtures/{kind}/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const TODAY: Day = Day::from_ymd(2026, 11, 23);

/// One round as the page and worker do it: the request as JSON text, the reply as JSON text plus
/// the coordinate buffer.
fn ask(
    session: &mut ImportSession,
    request: Request,
    bytes: Option<Vec<u8>>,
) -> (Reply, Vec<f64>, Vec<Step>) {
    let request: Request = decode("request", &encode(&request)).unwrap();
    let mut steps = Vec::new();
    let (reply, coords) = session.handle(request, bytes, &mut |s| steps.push(s));
    let reply: Reply = decode("reply", &encode(&reply)).unwrap();
    (reply, coords, steps)
}

fn stations(reply: Reply) -> StationsLoaded {
    match reply {
        Reply::Stations(s) => *s,
        other => panic!("expected stations, found {other:?}"),
    }
}

fn boundaries(reply: Reply, coords: &[f64]) -> (BoundariesLoaded, BoundaryImport) {
    match reply {
        Reply::Boundaries(b) => {
            let import = b.clone().into_import(coords).expect("shapes unpack");
            (*b, import)
        }
        other => panic!("expected boundaries, found {other:?}"),
    }
}

fn session() -> ImportSession {
    ImportSession::new(atlas().clone())
}

#[test]
fn a_gbk_table_is_read_joined_and_reported_with_progress() {
    let mut session = session();
    let (reply, coords, steps) = ask(
        &mut session,
        Request::Stations {
            file: "stations_gbk.csv".into(),
            today: TODAY,
            choices: None,
            recipe: None,
            encoding: None,
        },
        Some(fixture("good", "stations_gbk.csv")),
    );
    assert!(coords.is_empty());
    let loaded = stations(reply);
    let report = loaded.outcome.as_ref().expect("joins");
    assert_eq!(report.rows_read, 12);
    assert_eq!(report.joined.len(), 12);
    assert!(report.accounts_for_every_row());
    assert_eq!(loaded.choices.mapping, loaded.guessed);
    assert_eq!(loaded.headers.len(), 8);
    assert_eq!(loaded.examples.len(), 8);
    assert_eq!(loaded.examples[0], ["兴义市", "兴仁市", "普安县"]);
    // Parsing, then joining, each from 0 to its total.
    let phases: Vec<Phase> = steps.iter().map(|s| s.phase).collect();
    let first_join = phases.iter().position(|p| *p == Phase::Joining).unwrap();
    assert!(phases[..first_join].iter().all(|p| *p == Phase::Parsing));
    assert!(phases[first_join..].iter().all(|p| *p == Phase::Joining));
    for phase in [Phase::Parsing, Phase::Joining] {
        let of: Vec<&Step> = steps.iter().filter(|s| s.phase == phase).collect();
        assert_eq!(of.first().unwrap().done, 0);
        assert_eq!(of.last().unwrap().fraction(), Some(1.0), "{phase:?}");
        assert!(of.windows(2).all(|w| w[0].done <= w[1].done));
    }
}

#[test]
fn unguessable_columns_are_refused_until_the_user_maps_them() {
    let mut session = session();
    let (reply, _, _) = ask(
        &mut session,
        Request::Stations {
            file: "unguessable_headers.csv".into(),
            today: TODAY,
            choices: None,
            recipe: None,
            encoding: None,
        },
        Some(fixture("bad", "unguessable_headers.csv")),
    );
    let loaded = stations(reply);
    assert_eq!(loaded.headers, ["字段1", "字段2", "字段3", "字段4"]);
    assert_eq!(loaded.guessed, ColumnMapping::default());
    let message = loaded.outcome.unwrap_err();
    assert!(
        message
            .en
            .starts_with("unguessable_headers.csv, row 1: found no township code column"),
        "{message}"
    );
    assert_eq!(loaded.examples[0][0], "522301001");

    let mapping = ColumnMapping {
        code: Some(0),
        township: Some(1),
        status: Some(2),
        star: Some(3),
        ..ColumnMapping::default()
    };
    let (reply, _, steps) = ask(
        &mut session,
        Request::Remap {
            choices: StationChoices::with_mapping(mapping.clone()),
        },
        None,
    );
    // A remap joins what was read: no parsing again.
    assert!(steps.iter().all(|s| s.phase == Phase::Joining));
    let loaded = stations(reply);
    assert_eq!(loaded.choices.mapping, mapping);
    let report = loaded.outcome.expect("joins once mapped");
    assert_eq!((report.rows_read, report.joined.len()), (4, 4));
    assert_eq!(report.joined[0].1.township.as_str(), "522301001");
    assert!(report.joined[0].1.rating.is_some());
}

#[test]
fn requests_without_their_file_fail_with_a_message() {
    let mut session = session();
    let (reply, _, _) = ask(
        &mut session,
        Request::Remap {
            choices: StationChoices::default(),
        },
        None,
    );
    assert_eq!(
        reply,
        Reply::Failed {
            message: Text::new(
                "没有已读入的站点表可重新匹配",
                "no station table is loaded to join again"
            )
        }
    );
    let (reply, _, _) = ask(
        &mut session,
        Request::Rechoose {
            choices: BoundaryChoices::default(),
        },
        None,
    );
    assert!(matches!(reply, Reply::Failed { .. }));
    let (reply, _, _) = ask(
        &mut session,
        Request::Stations {
            file: "empty.csv".into(),
            today: TODAY,
            choices: None,
            recipe: None,
            encoding: None,
        },
        Some(Vec::new()),
    );
    assert_eq!(
        reply,
        Reply::Failed {
            message: DataError::file("empty.csv", Text::new("文件为空", "the file is empty"))
                .texts()
        }
    );
    // The failed file replaced the last table: a remap now has nothing to join.
    let (reply, _, _) = ask(
        &mut session,
        Request::Remap {
            choices: StationChoices::default(),
        },
        None,
    );
    assert!(matches!(reply, Reply::Failed { .. }));
}

#[test]
fn boundaries_cross_as_packed_shapes_unchanged() {
    let mut session = session();
    let bytes = fixture("boundaries", "good.geojson");
    let (reply, coords, steps) = ask(
        &mut session,
        Request::Boundaries {
            file: "good.geojson".into(),
            choices: BoundaryChoices::default(),
        },
        Some(bytes.clone()),
    );
    let (loaded, import) = boundaries(reply, &coords);
    let direct = read_boundaries("good.geojson", &bytes, None, atlas()).unwrap();
    assert_eq!(import, direct);
    assert_eq!(loaded.import.code_property, "code");
    assert!(loaded.import.code_property_detected);
    // The reply carries no geometry, yet counts what joined.
    assert!(loaded.import.townships.is_empty());
    assert_eq!(
        loaded.import.counts_line(atlas_core::lang::Lang::En),
        "good.geojson: 4 features read, 4 townships joined, 0 rejected; codes from \"code\" (detected)"
    );
    assert_eq!(
        loaded.import.counts_line(atlas_core::lang::Lang::Zh),
        "good.geojson：读取 4 个要素，匹配 4 个乡镇，拒绝 0；代码取自“code”（自动识别）"
    );
    assert!(steps.iter().any(|s| s.phase == Phase::Comparing));
    assert!(steps
        .iter()
        .any(|s| s.phase == Phase::Joining && s.done == 4 && s.total == 4));
}

#[test]
fn the_user_picks_another_code_property() {
    let mut session = session();
    let (reply, coords, _) = ask(
        &mut session,
        Request::Boundaries {
            file: "two_code_properties.geojson".into(),
            choices: BoundaryChoices::default(),
        },
        Some(fixture("boundaries", "two_code_properties.geojson")),
    );
    let (loaded, import) = boundaries(reply, &coords);
    assert_eq!(import.code_property, "XZQDM");
    assert_eq!(import.joined(), 4);
    let keys: Vec<(&str, usize, usize)> = loaded
        .import
        .properties
        .iter()
        .map(|p| (p.key.as_str(), p.codes, p.registry_townships))
        .collect();
    assert_eq!(keys, [("XZQDM", 4, 4), ("adcode", 4, 0), ("name", 0, 0)]);
    assert_eq!(loaded.import.properties[0].example, "522301001000");

    let choose = |key: &str| BoundaryChoices {
        code_property: Some(key.into()),
        ..BoundaryChoices::default()
    };
    let (reply, coords, _) = ask(
        &mut session,
        Request::Rechoose {
            choices: choose("adcode"),
        },
        None,
    );
    let (loaded, import) = boundaries(reply, &coords);
    assert_eq!(loaded.choices, choose("adcode"));
    assert!(!import.code_property_detected);
    assert_eq!((import.joined(), import.rejected()), (0, 4));
    assert!(
        import.report[0]
            .reason
            .en
            .contains("522301 is a 县级 code, not a township"),
        "{}",
        import.report[0]
    );
    let (reply, _, _) = ask(
        &mut session,
        Request::Rechoose {
            choices: choose("nope"),
        },
        None,
    );
    let Reply::Failed { message } = reply else {
        panic!("expected a refusal, found {reply:?}");
    };
    assert!(
        message
            .en
            .starts_with("two_code_properties.geojson: no feature has the property \"nope\""),
        "{message}"
    );
}

#[test]
fn gcj02_and_swapped_files_are_corrected_on_request() {
    let mut session = session();
    // A clear GCJ-02 offset is converted by default, and the report says so.
    let (reply, coords, _) = ask(
        &mut session,
        Request::Boundaries {
            file: "gcj02.geojson".into(),
            choices: BoundaryChoices::default(),
        },
        Some(fixture("boundaries", "gcj02.geojson")),
    );
    let (_, import) = boundaries(reply, &coords);
    let CrsFinding::ConvertedFromGcj02 {
        before: Some(before),
        after: Some(after),
        automatic: true,
        ..
    } = import.crs
    else {
        panic!("expected a conversion by default, found {:?}", import.crs);
    };
    assert!(after.distance_m() < 30.0 && before.distance_m() > 100.0);
    // Kept as it is when the user says so.
    let keep = BoundaryChoices {
        keep_gcj02: true,
        ..BoundaryChoices::default()
    };
    let (reply, coords, _) = ask(&mut session, Request::Rechoose { choices: keep }, None);
    let (_, import) = boundaries(reply, &coords);
    assert!(
        matches!(import.crs, CrsFinding::Gcj02 { clear: true, .. }),
        "{:?}",
        import.crs
    );
    let convert = BoundaryChoices {
        convert_gcj02: true,
        ..BoundaryChoices::default()
    };
    let (reply, coords, _) = ask(&mut session, Request::Rechoose { choices: convert }, None);
    let (_, import) = boundaries(reply, &coords);
    assert!(
        matches!(
            import.crs,
            CrsFinding::ConvertedFromGcj02 {
                automatic: false,
                ..
            }
        ),
        "{:?}",
        import.crs
    );

    let (reply, coords, _) = ask(
        &mut session,
        Request::Boundaries {
            file: "swapped.geojson".into(),
            choices: BoundaryChoices::default(),
        },
        Some(fixture("boundaries", "swapped.geojson")),
    );
    let (_, import) = boundaries(reply, &coords);
    assert!(matches!(import.crs, CrsFinding::SwappedLonLat { .. }));
    let swap = BoundaryChoices {
        swap_lon_lat: true,
        ..BoundaryChoices::default()
    };
    let (reply, coords, _) = ask(&mut session, Request::Rechoose { choices: swap }, None);
    let (_, import) = boundaries(reply, &coords);
    assert!(
        matches!(import.crs, CrsFinding::LonLat { offset: Some(o) } if o.distance_m() < 30.0),
        "{:?}",
        import.crs
    );
    assert!(import
        .report
        .iter()
        .all(|i| i.outcome != IssueOutcome::Rejected));
}

#[test]
fn packed_shapes_keep_holes_and_parts_and_refuse_a_short_buffer() {
    let ring = |pts: &[(f64, f64)]| LineString::from(pts.to_vec());
    let townships = vec![
        (
            RegionCode::parse("522301001").unwrap(),
            MultiPolygon(vec![
                Polygon::new(
                    ring(&[(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 0.0)]),
                    vec![ring(&[(1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 1.0)])],
                ),
                Polygon::new(
                    ring(&[(5.0, 5.0), (6.0, 5.0), (6.0, 6.0), (5.0, 5.0)]),
                    vec![],
                ),
            ]),
        ),
        (
            RegionCode::parse("522301002").unwrap(),
            MultiPolygon(vec![]),
        ),
    ];
    let (shapes, coords) = PackedShapes::pack(&townships);
    assert_eq!(coords.len(), 3 * 4 * 2);
    let shapes: PackedShapes = decode("shapes", &encode(&shapes)).unwrap();
    assert_eq!(shapes.unpack(&coords).unwrap(), townships);
    // One township at a time, from its own range of the buffer, as the page reads them.
    let each = shapes.townships(coords.len()).unwrap();
    assert_eq!(each.len(), 2);
    assert_eq!(
        (each[0].coords.clone(), each[1].coords.clone()),
        (0..24, 24..24)
    );
    for (t, (code, shape)) in each.iter().zip(&townships) {
        assert_eq!((t.code, &t.shape(&coords[t.coords.clone()])), (code, shape));
    }
    assert!(shapes.townships(coords.len() - 2).is_err());
    assert!(shapes.townships(coords.len() + 2).is_err());
    let err = shapes.unpack(&coords[..coords.len() - 2]).unwrap_err();
    assert!(err.contains("ends early"), "{err}");
    let mut longer = coords.clone();
    longer.extend([1.0, 2.0]);
    assert!(shapes.unpack(&longer).is_err());
    assert!(shapes.unpack(&coords[..3]).is_err());
}

#[test]
fn region_codes_from_messages_are_checked() {
    let ok: RegionCode = decode("code", "\"522301001\"").unwrap();
    assert_eq!(ok.as_str(), "522301001");
    let err = decode::<RegionCode>("code", "\"52230100x\"").unwrap_err();
    assert!(
        err.to_string()
            .contains("expected a normalised region code, found \"52230100x\""),
        "{err}"
    );
}

/// The CRS finding of a boundary file read through the session with default choices.
fn default_crs(name: &str) -> (CrsFinding, usize) {
    let mut session = session();
    let (reply, coords, _) = ask(
        &mut session,
        Request::Boundaries {
            file: name.into(),
            choices: BoundaryChoices::default(),
        },
        Some(fixture("boundaries", name)),
    );
    let (_, import) = boundaries(reply, &coords);
    (import.crs.clone(), import.joined())
}

#[test]
fn a_datav_county_file_in_gcj02_is_found_and_converted_and_its_wgs84_twin_is_not() {
    let (crs, joined) = default_crs("qixingguan_datav_gcj02.geojson");
    assert_eq!(joined, 48, "a 12-digit numeric adcode joins every township");
    let CrsFinding::ConvertedFromGcj02 {
        before: Some(before),
        after: Some(after),
        datav: Some(datav),
        automatic: true,
    } = crs
    else {
        panic!("expected a conversion by default, found {crs:?}");
    };
    assert_eq!((datav.features, datav.of), (48, 48));
    // The best fit is GCJ-02's shift at 七星关区 in size and direction.
    assert!(before.residual_from_gcj_m() < 60.0, "{before:?}");
    assert!(before.angle_from_gcj_deg() < 10.0, "{before:?}");
    assert!(after.distance_m() < 30.0, "{after:?}");
    let zh = crs.describe(Lang::Zh);
    assert!(
        zh.contains("已自动转换为 WGS84") && zh.contains("48/48 个要素带有 DataV"),
        "{zh}"
    );
    let en = crs.describe(Lang::En);
    assert!(
        en.contains("converted to WGS84 automatically") && en.contains("best fit"),
        "{en}"
    );

    let (crs, joined) = default_crs("qixingguan_datav_wgs84.geojson");
    assert_eq!(joined, 48);
    assert!(
        matches!(crs, CrsFinding::LonLat { offset: Some(o) } if o.distance_m() < 30.0),
        "the same county in WGS84, DataV's properties and all, is not GCJ-02: {crs:?}"
    );
}

#[test]
fn a_datav_file_of_part_of_a_county_is_found_by_its_best_fit_shift() {
    let (crs, joined) = default_crs("qixingguan_datav_gcj02_part.geojson");
    assert_eq!(joined, 24);
    let CrsFinding::ConvertedFromGcj02 {
        before: Some(before),
        after: Some(after),
        automatic: true,
        ..
    } = crs
    else {
        panic!("expected a conversion by default, found {crs:?}");
    };
    assert!(before.residual_from_gcj_m() < 100.0, "{before:?}");
    assert!(after.distance_m() < 50.0, "{after:?}");
}
