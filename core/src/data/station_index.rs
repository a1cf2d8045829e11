//! The station search index: every station of a publication's directory by its name and
//! address, with its township and row, in one small file (`station-index-<hash>.json`) the page
//! fetches on the first search input. A citizen on the country view can so find their station by
//! the street they live on before any province's directory is fetched; picking it opens the
//! township, whose province's directory then shows the station.
//!
//! The file: `{"format": "coverage-atlas-station-index", "stations": [[township, row, name,
//! address]…]}`, in township then row order, only what search matches and shows (the phones,
//! hours and points stay in the province's directory file).

use crate::data::code::{Level, RegionCode};
use crate::data::directory::DirectoryEntry;
use crate::lang::Text;
use crate::limits::Limit;

/// What a station index file says it is.
pub const STATION_INDEX_FORMAT: &str = "coverage-atlas-station-index";

/// One station as the index lists it: which it is (township and row, as in its province's
/// directory file) and the texts search matches.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(
    from = "(RegionCode, usize, String, String)",
    into = "(RegionCode, usize, String, String)"
)]
pub struct IndexedStation {
    /// Its township.
    pub township: RegionCode,
    /// Its row in the directory (the key, with the township, of its directory entry).
    pub row: usize,
    /// Its name.
    pub name: String,
    /// Its address; empty when not given.
    pub address: String,
}

impl From<(RegionCode, usize, String, String)> for IndexedStation {
    fn from((township, row, name, address): (RegionCode, usize, String, String)) -> Self {
        IndexedStation {
            township,
            row,
            name,
            address,
        }
    }
}

impl From<IndexedStation> for (RegionCode, usize, String, String) {
    fn from(s: IndexedStation) -> Self {
        (s.township, s.row, s.name, s.address)
    }
}

impl From<&DirectoryEntry> for IndexedStation {
    fn from(e: &DirectoryEntry) -> Self {
        IndexedStation {
            township: e.township.clone(),
            row: e.row,
            name: e.name.clone(),
            address: e.address.clone(),
        }
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexFile {
    format: String,
    stations: Vec<IndexedStation>,
}

/// The index file of `entries` (every province's), in township then row order.
pub fn station_index_json(entries: &[DirectoryEntry]) -> String {
    let mut stations: Vec<IndexedStation> = entries.iter().map(IndexedStation::from).collect();
    crate::sort::sort_by(&mut stations, |a, b| {
        (a.township.as_str(), a.row).cmp(&(b.township.as_str(), b.row))
    });
    let file = IndexFile {
        format: STATION_INDEX_FORMAT.into(),
        stations,
    };
    serde_json::to_string(&file).expect("an index is plain data")
}

/// Reads a station index file (already checked against its manifest entry), checking that it
/// is one, every station's code a township's and its texts within the cell limit. Errors name
/// the file and the station.
pub fn read_station_index(file: &str, text: &str) -> Result<Vec<IndexedStation>, Text> {
    let parsed: IndexFile = serde_json::from_str(text).map_err(|e| {
        Text::new(
            format!("{file}：不是站点搜索索引（{e}）"),
            format!("{file}: not a station search index ({e})"),
        )
    })?;
    if parsed.format != STATION_INDEX_FORMAT {
        return Err(Text::new(
            format!(
                "{file}：应为站点搜索索引（{STATION_INDEX_FORMAT}），实为 {:?}",
                parsed.format
            ),
            format!(
                "{file}: expected a station search index ({STATION_INDEX_FORMAT}), found {:?}",
                parsed.format
            ),
        ));
    }
    for s in &parsed.stations {
        check_station(file, s)?;
    }
    Ok(parsed.stations)
}

fn check_station(file: &str, s: &IndexedStation) -> Result<(), Text> {
    let at = |zh: String, en: String| {
        Text::new(
            format!("{file}，站点“{}”：{zh}", s.name),
            format!("{file}, station {:?}: {en}", s.name),
        )
    };
    if s.township.level() != Level::Township {
        return Err(at(
            format!("{} 不是乡镇代码", s.township),
            format!("{} is not a township's code", s.township),
        ));
    }
    for t in [&s.name, &s.address] {
        Limit::CellChars
            .check(t.chars().count() as u64)
            .map_err(|m| at(m.zh.clone(), m.en.clone()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(township: &str, row: usize, name: &str, address: &str) -> DirectoryEntry {
        DirectoryEntry {
            township: RegionCode::parse(township).unwrap(),
            row,
            name: name.into(),
            address: address.into(),
            phones: Vec::new(),
            hours: "周一至周五".into(),
            social_workers: Some(2),
            services: vec!["社会救助".into()],
            point: Some([105.3, 27.3]),
            contact: "张三".into(),
        }
    }

    #[test]
    fn the_index_keeps_name_address_and_key_in_township_order_and_nothing_else() {
        let entries = [
            entry("530102001", 9, "昆明站", "<b>人民路</b>"),
            entry("520502001", 4, "市西街道社会工作服务站", "市西街道1号"),
        ];
        let json = station_index_json(&entries);
        assert!(!json.contains("张三") && !json.contains("周一"), "{json}");
        let read = read_station_index("i.json", &json).unwrap();
        assert_eq!(
            read.iter()
                .map(|s| (s.township.as_str(), s.row))
                .collect::<Vec<_>>(),
            [("520502001", 4), ("530102001", 9)]
        );
        assert_eq!(read[1].address, "<b>人民路</b>");
        assert!(json.contains(r#"["520502001",4,"市西街道社会工作服务站","市西街道1号"]"#));
    }

    #[test]
    fn a_file_that_is_not_an_index_or_names_no_township_is_refused_by_name() {
        let err = read_station_index("i.json", "{\"format\":\"x\",\"stations\":[]}").unwrap_err();
        assert!(
            err.en.contains("i.json: expected a station search index"),
            "{err}"
        );
        let county =
            station_index_json(&[entry("520502001", 1, "站", "")]).replace("520502001", "520502");
        let err = read_station_index("i.json", &county).unwrap_err();
        assert!(err.en.contains("520502 is not a township's code"), "{err}");
        let err = read_station_index("i.json", "[]").unwrap_err();
        assert!(err.zh.contains("不是站点搜索索引"), "{err}");
    }
}
