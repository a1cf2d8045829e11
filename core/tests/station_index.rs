//! The station search index as a published part (`data::station_index`, the manifest's
//! optional `station_index`): built from a directory, named and checked by its hash, read back
//! and searched; a version-4 manifest without it still reads, and one with it round-trips.

use std::collections::BTreeMap;

use atlas_core::data::code::RegionCode;
use atlas_core::data::directory::DirectoryEntry;
use atlas_core::data::publisher::Publisher;
use atlas_core::data::station_index::{read_station_index, station_index_json};
use atlas_core::date::Day;
use atlas_core::publish::{Manifest, PartFile, PartKind};
use atlas_core::search::stations::{search_stations, StationMatch};

fn entry(township: &str, row: usize, name: &str, address: &str) -> DirectoryEntry {
    DirectoryEntry {
        township: RegionCode::parse(township).unwrap(),
        row,
        name: name.into(),
        address: address.into(),
        phones: Vec::new(),
        hours: String::new(),
        social_workers: None,
        services: Vec::new(),
        point: None,
        contact: String::new(),
    }
}

fn manifest() -> Manifest {
    let mut files = BTreeMap::new();
    for kind in [PartKind::Divisions, PartKind::Outlines, PartKind::Facts] {
        files.insert(kind, PartFile::of(kind, b"x"));
    }
    Manifest::new(Publisher::shipped(), Day::from_ymd(2026, 12, 7), files)
}

#[test]
fn the_index_is_named_by_its_hash_checked_read_and_searched() {
    let directory = [
        entry(
            "520502001",
            3,
            "市西街道社会工作服务站",
            "七星关区市西街道1号便民服务中心二楼",
        ),
        entry(
            "520502002",
            4,
            "洪山街道社会工作服务站",
            "七星关区洪山路 8 号",
        ),
        entry("530102001", 5, "华山街道社工站", "五华区华山西路"),
    ];
    let bytes = station_index_json(&directory).into_bytes();
    let file = PartFile::station_index(&bytes);
    assert!(file.path.starts_with("station-index-") && file.path.ends_with(".json"));
    let text = std::str::from_utf8(file.check(&bytes).unwrap()).unwrap();
    let index = read_station_index(&file.path, text).unwrap();
    assert_eq!(index.len(), 3);
    let hits = search_stations(&index, "市西街道1号便民", 8);
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].township.as_str(), hits[0].row), ("520502001", 3));
    assert_eq!(hits[0].matched, StationMatch::Address);
    assert_eq!(
        search_stations(&index, "社工站", 8)[0].township.as_str(),
        "530102001"
    );

    let mut changed = bytes.clone();
    let at = changed.len() - 4;
    changed[at] ^= 1;
    let err = file.check(&changed).unwrap_err();
    assert!(err.to_string().contains(&file.path), "{err}");
    assert!(file.check(&bytes[..bytes.len() - 1]).is_err());
}

#[test]
fn a_manifest_without_the_index_reads_and_one_with_it_round_trips() {
    let without = manifest();
    let json = without.to_json();
    assert!(!json.contains("station_index"), "{json}");
    let back = Manifest::parse("manifest.json", &json).unwrap();
    assert_eq!(back.station_index, None);

    let mut with = manifest();
    with.station_index = Some(PartFile::station_index(b"{}"));
    let back = Manifest::parse("manifest.json", &with.to_json()).unwrap();
    assert_eq!(back, with);

    let mut outside = manifest();
    outside.station_index = Some(PartFile {
        path: "../index.json".into(),
        bytes: 2,
        sha256: "0".repeat(64),
    });
    let err = Manifest::parse("manifest.json", &outside.to_json()).unwrap_err();
    assert!(err.to_string().contains("../index.json"), "{err}");
}
