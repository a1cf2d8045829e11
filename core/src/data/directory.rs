//! The station directory as plain data: one entry per station a citizen can visit, with the
//! telephone numbers published, as the import makes it (`crate::import::directory`) and a
//! published folder carries it, one file per province (`directory-52-<hash>.json`). The page
//! reads it without the import's code.
//!
//! The file: `{"format": "coverage-atlas-directory", "province": "52", "stations": [entry…]}`,
//! every entry's township inside the province, its point (if any) a WGS84 longitude/latitude.

use crate::data::code::{Level, RegionCode};
use crate::lang::Text;
use crate::limits::Limit;

/// What a directory file says it is.
pub const DIRECTORY_FORMAT: &str = "coverage-atlas-directory";

/// What kind of number a phone is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    /// A fixed line with its area code (0 + 2–3 digits), or a local 7–8 digit number.
    Office,
    /// A service hotline: 400/800 numbers and the 5-digit public service numbers (12345, 96…).
    Hotline,
    /// A mobile number, 1[3-9] and nine digits: a person's, not an office's.
    Mobile,
}

/// One telephone number.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Phone {
    /// As the table writes it, trimmed: what the page shows.
    pub shown: String,
    /// For a `tel:` link: `+86` and the digits for fixed lines and mobiles (the trunk 0
    /// dropped), the digits alone for 5-digit service numbers, an extension after `,` (a
    /// pause, which phones dial after the call connects).
    pub tel: String,
    /// What kind of number it is.
    pub kind: PhoneKind,
}

/// One station as the directory lists it. Text is kept as the table writes it: whoever shows
/// it escapes it (an address may hold `<`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DirectoryEntry {
    /// The township the join gave the row.
    pub township: RegionCode,
    /// The row in the file.
    pub row: usize,
    /// The station's name (the join's).
    pub name: String,
    /// The address; empty when not given.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address: String,
    /// The published telephone numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    /// Opening hours as written; empty when not given.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hours: String,
    /// Social workers posted at the station.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_workers: Option<u32>,
    /// The services, one per item of the cell.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// WGS84 longitude and latitude, degrees to six places (0.1 m); `None` when the table
    /// gives none or the point was not placed (the report says why).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<[f64; 2]>,
    /// The contact person, only when the publisher chose to publish that column.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub contact: String,
}

/// A province's directory file as written.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectoryFile {
    /// Always [`DIRECTORY_FORMAT`].
    pub format: String,
    /// The province's 2-digit code.
    pub province: RegionCode,
    /// Its stations, in township-code order, then row order.
    pub stations: Vec<DirectoryEntry>,
}

/// The entries of `entries` grouped by province, each group in township and row order.
pub fn by_province(
    entries: &[DirectoryEntry],
) -> std::collections::BTreeMap<RegionCode, Vec<DirectoryEntry>> {
    let mut out: std::collections::BTreeMap<RegionCode, Vec<DirectoryEntry>> =
        std::collections::BTreeMap::new();
    for e in entries {
        if let Some(province) = e.township.ancestor_at(Level::Province) {
            out.entry(province).or_default().push(e.clone());
        }
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| (a.township.as_str(), a.row).cmp(&(b.township.as_str(), b.row)));
    }
    out
}

/// An OpenStreetMap link at a WGS84 `[lon, lat]` point, zoomed to streets (16): a map a citizen
/// can open on any phone, with no key and no tracking of ours. Six places, as the file keeps.
pub fn map_href([lon, lat]: [f64; 2]) -> String {
    format!("https://www.openstreetmap.org/?mlat={lat:.6}&mlon={lon:.6}#map=16/{lat:.6}/{lon:.6}")
}

/// A province's directory file.
pub fn directory_json(province: &RegionCode, stations: &[DirectoryEntry]) -> String {
    let file = DirectoryFile {
        format: DIRECTORY_FORMAT.into(),
        province: province.clone(),
        stations: stations.to_vec(),
    };
    serde_json::to_string(&file).expect("a directory is plain data")
}

/// Reads a province's directory file, checking that it is one, of `province`, with every
/// station a township of it, its point a longitude/latitude and its texts within the cell
/// limit. Errors name the file and the station.
pub fn read_directory_file(
    file: &str,
    text: &str,
    province: &RegionCode,
) -> Result<Vec<DirectoryEntry>, Text> {
    let parsed: DirectoryFile = serde_json::from_str(text).map_err(|e| {
        Text::new(
            format!("{file}：不是站点名录文件（{e}）"),
            format!("{file}: not a station directory file ({e})"),
        )
    })?;
    if parsed.format != DIRECTORY_FORMAT || &parsed.province != province {
        return Err(Text::new(
            format!(
                "{file}：应为 {province} 的站点名录（{DIRECTORY_FORMAT}），实为 {} 的 {:?}",
                parsed.province, parsed.format
            ),
            format!(
                "{file}: expected the station directory ({DIRECTORY_FORMAT}) of {province}, found {:?} of {}",
                parsed.format, parsed.province
            ),
        ));
    }
    for e in &parsed.stations {
        check_entry(file, province, e)?;
    }
    Ok(parsed.stations)
}

fn check_entry(file: &str, province: &RegionCode, e: &DirectoryEntry) -> Result<(), Text> {
    let at = |zh: String, en: String| {
        Text::new(
            format!("{file}，站点“{}”：{zh}", e.name),
            format!("{file}, station {:?}: {en}", e.name),
        )
    };
    let in_province = e.township.level() == Level::Township
        && e.township.ancestor_at(Level::Province).as_ref() == Some(province);
    if !in_province {
        return Err(at(
            format!("{} 不是 {province} 的乡镇", e.township),
            format!("{} is not a township of {province}", e.township),
        ));
    }
    if let Some([lon, lat]) = e.point {
        if !(lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0) {
            return Err(at(
                format!("坐标 {lon}, {lat} 不是经纬度"),
                format!("the point {lon}, {lat} is not a longitude/latitude"),
            ));
        }
    }
    let texts = [&e.name, &e.address, &e.hours, &e.contact]
        .into_iter()
        .chain(e.services.iter())
        .chain(e.phones.iter().flat_map(|p| [&p.shown, &p.tel]));
    for t in texts {
        Limit::CellChars
            .check(t.chars().count() as u64)
            .map_err(|m| at(m.zh.clone(), m.en.clone()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_href_puts_latitude_first_as_openstreetmap_reads_it() {
        assert_eq!(
            map_href([105.305, 27.3]),
            "https://www.openstreetmap.org/?mlat=27.300000&mlon=105.305000#map=16/27.300000/105.305000"
        );
    }

    fn entry(township: &str, point: Option<[f64; 2]>) -> DirectoryEntry {
        DirectoryEntry {
            township: RegionCode::parse(township).unwrap(),
            row: 3,
            name: "市西街道社工站".into(),
            address: "<b>七星关区</b>".into(),
            phones: vec![Phone {
                shown: "0857-8220000".into(),
                tel: "+868578220000".into(),
                kind: PhoneKind::Office,
            }],
            hours: String::new(),
            social_workers: Some(2),
            services: vec!["社会救助".into()],
            point,
            contact: String::new(),
        }
    }

    #[test]
    fn a_province_file_round_trips_and_is_checked() {
        let guizhou = RegionCode::parse("52").unwrap();
        let stations = vec![entry("520502001", Some([105.38, 27.75]))];
        let json = directory_json(&guizhou, &stations);
        assert!(
            !json.contains("\"hours\""),
            "empty fields are left out: {json}"
        );
        assert_eq!(
            read_directory_file("d.json", &json, &guizhou).unwrap(),
            stations
        );
        let yunnan = RegionCode::parse("53").unwrap();
        let err = read_directory_file("d.json", &json, &yunnan).unwrap_err();
        assert!(err.en.contains("expected the station directory"), "{err}");
        let stray = directory_json(&guizhou, &[entry("530102001", None)]);
        let err = read_directory_file("d.json", &stray, &guizhou).unwrap_err();
        assert!(
            err.en.contains("530102001 is not a township of 52"),
            "{err}"
        );
        let far = directory_json(&guizhou, &[entry("520502001", Some([200.0, 27.0]))]);
        assert!(read_directory_file("d.json", &far, &guizhou).is_err());
        let grouped = by_province(&[entry("530102001", None), entry("520502001", None)]);
        assert_eq!(
            grouped.keys().map(|k| k.as_str()).collect::<Vec<_>>(),
            ["52", "53"]
        );
    }
}
