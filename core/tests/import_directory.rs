//! The station directory read from the fixtures of `tests/fixtures/directory/` through the
//! import session the page's worker, the CLI and these tests all run: each datum converted back
//! to the truth within 10 m, the misplaced points listed, personal columns kept private by
//! default and published by choice, on the real registry and county outlines.

use std::collections::HashMap;
use std::sync::OnceLock;

use atlas_core::data::atlas::Atlas;
use atlas_core::date::Day;
use atlas_core::import::directory::{
    Datum, DatumBasis, DirectoryField, DirectoryImport, PhoneKind,
};
use atlas_core::import::session::{decode, encode, StationsLoaded};
use atlas_core::import::{
    BoundaryChoices, ImportRecipe, ImportSession, Reply, Request, StationChoices,
};
use atlas_core::lang::Lang;

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

/// The truth: township code → WGS84 (lon, lat).
fn truth() -> HashMap<String, (f64, f64)> {
    let text = String::from_utf8(fixture("directory", "truth.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].to_string(),
                (f[2].parse().unwrap(), f[3].parse().unwrap()),
            )
        })
        .collect()
}

fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let mx = 111_320.0 * a.1.to_radians().cos();
    ((a.0 - b.0) * mx).hypot((a.1 - b.1) * 110_574.0)
}

/// A session with the 七星关区 township boundaries loaded (or not), then the table, through
/// the same JSON text the page's worker reads and writes.
fn load(file: &str, with_boundaries: bool, choices: Option<StationChoices>) -> StationsLoaded {
    let mut session = ImportSession::new(atlas().clone());
    let mut ask = |request: Request, bytes: Vec<u8>| {
        let request: Request = decode("request", &encode(&request)).unwrap();
        let (reply, _) = session.handle(request, Some(bytes), &mut |_| {});
        decode::<Reply>("reply", &encode(&reply)).unwrap()
    };
    if with_boundaries {
        let reply = ask(
            Request::Boundaries {
                file: "qixingguan_datav_wgs84.geojson".into(),
                choices: BoundaryChoices::default(),
            },
            fixture("boundaries", "qixingguan_datav_wgs84.geojson"),
        );
        assert!(matches!(reply, Reply::Boundaries(_)), "{reply:?}");
    }
    let reply = ask(
        Request::Stations {
            file: file.into(),
            today: TODAY,
            choices,
            recipe: None,
            encoding: None,
        },
        fixture("directory", file),
    );
    match reply {
        Reply::Stations(s) => *s,
        other => panic!("expected stations, found {other:?}"),
    }
}

fn directory(loaded: &StationsLoaded) -> &DirectoryImport {
    loaded.directory.as_ref().expect("a directory is read")
}

/// Every placed point within 10 m of the truth; returns how many were placed.
fn assert_near_truth(d: &DirectoryImport) -> usize {
    let truth = truth();
    let mut placed = 0;
    for e in d.entries.iter() {
        let Some([lon, lat]) = e.point else { continue };
        let t = truth[e.township.as_str()];
        let off = metres((lon, lat), t);
        assert!(
            off < 10.0,
            "row {} {}: {off:.1} m from the truth",
            e.row,
            e.name
        );
        placed += 1;
    }
    placed
}

fn rows(list: &[atlas_core::import::ReportRow]) -> Vec<usize> {
    list.iter().map(|r| r.row).collect()
}

#[test]
fn amap_points_are_converted_and_the_misplaced_listed() {
    let loaded = load("qixingguan_amap_bom.csv", true, None);
    let report = loaded.outcome.as_ref().unwrap();
    assert_eq!(report.joined.len(), 48);
    assert_eq!(report.summary_rows.len() + report.note_rows.len(), 2);
    let d = directory(&loaded);
    let datum = d.datum.as_ref().unwrap();
    assert_eq!(
        (datum.datum, datum.basis),
        (Datum::Gcj02, DatumBasis::Measured),
        "{}",
        datum.text()
    );
    assert!(datum.township_outlines);
    // 48 joined, one 在建: 47 listed; rows are file rows (title line 1, header 2).
    assert_eq!((d.entries.len(), d.not_open), (47, 1));
    // Swapped (row 7), 0,0 (row 11), in 兴义市 (row 15), a neighbour's point (row 19).
    assert_eq!(
        rows(&d.misplaced),
        [7, 11, 15, 19],
        "{:#?}",
        d.lines(Lang::En)
    );
    let reasons: Vec<&str> = d.misplaced.iter().map(|r| r.reason.en.as_str()).collect();
    assert!(reasons[0].contains("look swapped"), "{}", reasons[0]);
    assert!(reasons[1].contains("at 0,0"), "{}", reasons[1]);
    assert!(
        reasons[2].contains("km outside its county"),
        "{}",
        reasons[2]
    );
    assert!(
        reasons[3].contains("outside its township's boundary"),
        "{}",
        reasons[3]
    );
    assert_eq!(assert_near_truth(d), 43);
    // The markup stays text, noted; a phone that is not one is reported; the mobile beside an
    // office line is withheld.
    let markup = d.entries.iter().find(|e| e.row == 23).unwrap();
    assert!(markup
        .address
        .starts_with("<img src=x onerror=\"alert(1)\">"));
    assert_eq!(rows(&d.notes), [23, 39]);
    assert_eq!(rows(&d.bad_phones), [27]);
    assert_eq!(d.bad_phones[0].value, "见公示栏");
    assert_eq!(rows(&d.withheld), [31]);
    assert!(
        !d.withheld[0].value.contains("0028"),
        "masked: {}",
        d.withheld[0].value
    );
    let row31 = d.entries.iter().find(|e| e.row == 31).unwrap();
    assert_eq!(row31.phones.len(), 1);
    assert_eq!(row31.phones[0].kind, PhoneKind::Office);
    // Personal columns private by default, the office line public.
    let privacy: Vec<(DirectoryField, bool)> =
        d.privacy.iter().map(|p| (p.field, p.published)).collect();
    assert_eq!(
        privacy,
        [
            (DirectoryField::Phone, true),
            (DirectoryField::Contact, false),
            (DirectoryField::ContactPhone, false)
        ]
    );
    assert!(d.entries.iter().all(|e| e.contact.is_empty()));
    assert!(d
        .entries
        .iter()
        .flat_map(|e| &e.phones)
        .all(|p| p.kind != PhoneKind::Mobile));
    let first = &d.entries[0];
    assert_eq!(
        (
            first.name.as_str(),
            first.hours.as_str(),
            first.social_workers,
            first.services.len()
        ),
        (
            "市西街道社会工作服务站",
            "周一至周五 9:00-17:00",
            Some(2),
            3
        )
    );
    assert_eq!(first.phones[0].tel, "+868578220000");
}

#[test]
fn without_township_boundaries_the_counties_check() {
    let loaded = load("qixingguan_amap_bom.csv", false, None);
    let d = directory(&loaded);
    let datum = d.datum.as_ref().unwrap();
    assert_eq!(
        (datum.datum, datum.basis),
        (Datum::Gcj02, DatumBasis::Measured),
        "{}",
        datum.text()
    );
    assert!(!datum.township_outlines);
    // The neighbour's point is inside the county: without official township boundaries it is
    // placed (a schematic cell cannot misplace it), the rest as before.
    assert_eq!(rows(&d.misplaced), [7, 11, 15]);
    let placed = assert_near_truth_except(d, 19);
    assert_eq!(placed, 44);
}

/// As [`assert_near_truth`], skipping the row placed at another township's point.
fn assert_near_truth_except(d: &DirectoryImport, skip: usize) -> usize {
    let truth = truth();
    let mut placed = 0;
    for e in d.entries.iter().filter(|e| e.point.is_some()) {
        placed += 1;
        if e.row == skip {
            continue;
        }
        let [lon, lat] = e.point.unwrap();
        assert!(
            metres((lon, lat), truth[e.township.as_str()]) < 10.0,
            "row {}",
            e.row
        );
    }
    placed
}

#[test]
fn baidu_points_in_one_cell_either_way_round() {
    let loaded = load("qixingguan_baidu_gb18030.csv", true, None);
    let d = directory(&loaded);
    let datum = d.datum.as_ref().unwrap();
    assert_eq!(
        (datum.datum, datum.basis),
        (Datum::Bd09, DatumBasis::Measured),
        "{}",
        datum.text()
    );
    assert_eq!(d.entries.len(), 48);
    // 0,0 (row 8) and 见地图 (row 12).
    assert_eq!(rows(&d.misplaced), [8, 12], "{:#?}", d.lines(Lang::En));
    assert_eq!(assert_near_truth(d), 46);
    // 联系人 and 联系人电话 private; 服务热线 public, with 12345 as a hotline.
    assert!(d
        .privacy
        .iter()
        .all(|p| p.published == (p.field == DirectoryField::Phone)));
    assert_eq!(d.entries[0].phones[0].kind, PhoneKind::Hotline);
    assert_eq!(d.entries[0].social_workers, Some(2));
}

#[test]
fn unlabelled_points_are_judged_by_where_they_fall() {
    let gcj = load("qixingguan_unlabelled_gcj02.csv", true, None);
    let d = directory(&gcj);
    let datum = d.datum.as_ref().unwrap();
    assert_eq!(
        (datum.datum, datum.basis),
        (Datum::Gcj02, DatumBasis::Measured),
        "{}",
        datum.text()
    );
    assert_eq!(assert_near_truth(d), 48);
    assert!(d.misplaced.is_empty());

    let gps = load("qixingguan_gps.xlsx", true, None);
    let d = directory(&gps);
    let datum = d.datum.as_ref().unwrap();
    assert_eq!(
        (datum.datum, datum.basis),
        (Datum::Wgs84, DatumBasis::Measured),
        "{}",
        datum.text()
    );
    assert_eq!(assert_near_truth(d), 48, "{:#?}", d.lines(Lang::En));
}

#[test]
fn without_boundaries_the_county_outlines_still_tell() {
    let loaded = load("qixingguan_unlabelled_gcj02.csv", false, None);
    let datum = directory(&loaded).datum.clone().unwrap();
    // 4 of the 48 points leave the county when read in either wrong datum.
    assert_eq!(
        (datum.datum, datum.basis),
        (Datum::Gcj02, DatumBasis::Measured),
        "{}",
        datum.text()
    );
    let inside: Vec<usize> = datum.fits.iter().map(|f| f.inside).collect();
    assert_eq!(inside, [44, 48, 44]);
}

/// One station: too few points to measure, so the header decides, or nothing does.
fn one_station(header_lon: &str, header_lat: &str) -> DirectoryImport {
    let (lon, lat) = truth()["520502001"];
    let (blon, blat) = Datum::Bd09.from_wgs84(lon, lat);
    let csv = format!(
        "区县,乡镇,状态,{header_lon},{header_lat}\n七星关区,市西街道,运营,{blon:.6},{blat:.6}\n"
    );
    let mut session = ImportSession::new(atlas().clone());
    let request = Request::Stations {
        file: "one.csv".into(),
        today: TODAY,
        choices: None,
        recipe: None,
        encoding: None,
    };
    let (reply, _) = session.handle(request, Some(csv.into_bytes()), &mut |_| {});
    let Reply::Stations(loaded) = reply else {
        panic!("{reply:?}")
    };
    loaded.directory.unwrap()
}

#[test]
fn the_header_decides_when_the_points_cannot() {
    let d = one_station("百度经度", "百度纬度");
    let datum = d.datum.as_ref().unwrap();
    assert_eq!(
        (datum.datum, datum.basis),
        (Datum::Bd09, DatumBasis::Header)
    );
    assert!(
        datum.text().en.contains("from the header \"百度经度\""),
        "{}",
        datum.text()
    );
    let [lon, lat] = d.entries[0].point.unwrap();
    assert!(metres((lon, lat), truth()["520502001"]) < 10.0);

    let d = one_station("经度", "纬度");
    let datum = d.datum.as_ref().unwrap();
    assert_eq!(
        (datum.datum, datum.basis),
        (Datum::Wgs84, DatumBasis::Guessed)
    );
    assert!(
        datum.text().en.contains("cannot be told"),
        "{}",
        datum.text()
    );
}

#[test]
fn the_publisher_chooses_and_the_recipe_keeps_it() {
    let first = load("qixingguan_amap_bom.csv", true, None);
    let mut choices = first.choices.clone();
    choices.directory.public.insert("负责人手机".into(), true);
    choices.directory.public.insert("负责人".into(), true);
    choices.directory.datum = Some(Datum::Bd09);
    let recipe = ImportRecipe::from_choices("qixingguan_amap_bom.csv", &first.headers, &choices);
    let json = recipe.to_json();
    assert!(
        json.contains("\"负责人手机\": true") && json.contains("\"datum\": \"bd09\""),
        "{json}"
    );
    let again = ImportRecipe::parse("r.json", json.as_bytes())
        .unwrap()
        .choices_for(&first.headers)
        .unwrap();
    let loaded = load("qixingguan_amap_bom.csv", true, Some(again));
    let d = directory(&loaded);
    let datum = d.datum.as_ref().unwrap();
    assert_eq!(
        (datum.datum, datum.basis),
        (Datum::Bd09, DatumBasis::Chosen)
    );
    assert!(datum.text().en.contains("as chosen"));
    assert!(d.privacy.iter().all(|p| p.published));
    assert_eq!(d.entries[0].contact, "王某");
    assert!(d.entries[0]
        .phones
        .iter()
        .any(|p| p.kind == PhoneKind::Mobile));
    // Read as BD-09, the GCJ-02 points move by some 700 m: many leave their townships, listed.
    assert!(d.misplaced.len() > 10, "{}", d.misplaced.len());
    let lines = d.lines(Lang::Zh);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("“负责人手机”列按导入方案公开")),
        "{lines:#?}"
    );
}

#[test]
fn points_that_contradict_the_header_win_and_the_report_says_so() {
    let text = String::from_utf8(fixture("directory", "qixingguan_unlabelled_gcj02.csv")).unwrap();
    let relabelled = text.replacen("经度,纬度", "百度经度,百度纬度", 1);
    let mut session = ImportSession::new(atlas().clone());
    let request = Request::Stations {
        file: "relabelled.csv".into(),
        today: TODAY,
        choices: None,
        recipe: None,
        encoding: None,
    };
    let (reply, _) = session.handle(request, Some(relabelled.into_bytes()), &mut |_| {});
    let Reply::Stations(loaded) = reply else {
        panic!("{reply:?}")
    };
    let d = loaded.directory.unwrap();
    let datum = d.datum.unwrap();
    assert_eq!(
        (datum.datum, datum.basis),
        (Datum::Gcj02, DatumBasis::Measured)
    );
    assert!(
        datum
            .text()
            .en
            .contains("the header \"百度经度\" says BD-09 (Baidu), but the points do not fall so"),
        "{}",
        datum.text()
    );
}
