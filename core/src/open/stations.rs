//! The station directory of a view as open data: one [`StationRow`] per station inside the
//! view's focus, as CSV (its own file: a station is not a region) and as GeoJSON Point
//! features (WGS84 longitude/latitude) after the regions' features of the view's GeoJSON.
//!
//! Only what the directory publishes is here: the import leaves a person's name or mobile out
//! of the entries unless the publisher chose to publish it (`import::directory::privacy`), so
//! nothing private can reach a download. A station the import did not place keeps its row, with
//! empty coordinates in the CSV and a null geometry in the GeoJSON: it is listed, not dropped.

use geojson::{feature::Id, Feature, Geometry, GeometryValue, JsonObject};

use crate::data::atlas::Atlas;
use crate::data::code::RegionCode;
use crate::data::directory::DirectoryEntry;
use crate::open::table::CsvFlavour;

/// One station, as its CSV row, JSON object and GeoJSON properties.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StationRow {
    /// The township's code.
    pub township_code: String,
    /// The township's name, as the registry gives it.
    pub township: String,
    /// The station's name.
    pub name: String,
    /// Its address.
    pub address: String,
    /// Its published phones as written, `; ` between them.
    pub phone: String,
    /// The same as dialled (`+86…`), `; ` between them.
    pub tel: String,
    /// Opening hours as written.
    pub hours: String,
    /// Social workers posted there; empty when not given.
    pub social_workers: Option<u32>,
    /// Its services, `; ` between them.
    pub services: String,
    /// WGS84 longitude, six decimals; empty when not placed.
    pub lon: Option<f64>,
    /// WGS84 latitude, six decimals; empty when not placed.
    pub lat: Option<f64>,
    /// The contact person, only when the publisher published that column.
    pub contact: String,
}

/// The columns of the stations CSV, in order (also the GeoJSON properties).
pub const STATION_COLUMNS: [&str; 12] = [
    "township_code",
    "township",
    "name",
    "address",
    "phone",
    "tel",
    "hours",
    "social_workers",
    "services",
    "lon",
    "lat",
    "contact",
];

/// The stations of `stations` inside `focus`, in the order given (the page keeps them by
/// township, then row).
pub fn station_rows<'a>(
    atlas: &Atlas,
    focus: &RegionCode,
    stations: impl IntoIterator<Item = &'a DirectoryEntry>,
) -> Vec<StationRow> {
    let joined = |parts: Vec<&str>| parts.join("; ");
    stations
        .into_iter()
        .filter(|s| s.township.is_within(focus))
        .map(|s| StationRow {
            township_code: s.township.to_string(),
            township: atlas
                .divisions
                .name(&s.township)
                .unwrap_or_default()
                .to_string(),
            name: s.name.clone(),
            address: s.address.clone(),
            phone: joined(s.phones.iter().map(|p| p.shown.as_str()).collect()),
            tel: joined(s.phones.iter().map(|p| p.tel.as_str()).collect()),
            hours: s.hours.clone(),
            social_workers: s.social_workers,
            services: joined(s.services.iter().map(String::as_str).collect()),
            lon: s.point.map(|[lon, _]| lon),
            lat: s.point.map(|[_, lat]| lat),
            contact: s.contact.clone(),
        })
        .collect()
}

/// The stations as CSV: header first, RFC 4180 quoting, CRLF line ends, formula cells guarded
/// ([`crate::csv_cell`]), as the regions' CSV.
pub fn stations_csv(rows: &[StationRow], flavour: CsvFlavour) -> String {
    let text = crate::csv_cell::serialize_guarded(rows, &STATION_COLUMNS);
    match flavour {
        CsvFlavour::Excel => format!("\u{feff}{text}"),
        CsvFlavour::Plain => text,
    }
}

/// The stations as GeoJSON Point features: the row's columns as properties and `"kind":
/// "station"` (the regions' features carry none), id `station-<township>-<n>`.
pub fn station_features(rows: &[StationRow]) -> Vec<Feature> {
    rows.iter()
        .enumerate()
        .map(|(n, row)| {
            let mut properties: JsonObject = match serde_json::to_value(row) {
                Ok(serde_json::Value::Object(map)) => map,
                _ => JsonObject::new(),
            };
            properties.insert("kind".into(), "station".into());
            let geometry = row
                .lon
                .zip(row.lat)
                .map(|(lon, lat)| Geometry::new(GeometryValue::new_point([lon, lat])));
            Feature {
                id: Some(Id::String(format!("station-{}-{n}", row.township_code))),
                geometry,
                properties: Some(properties),
                ..Feature::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::directory::{Phone, PhoneKind};

    fn atlas() -> Atlas {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        Atlas::load_dir(&data).unwrap()
    }

    fn station(township: &str, point: Option<[f64; 2]>) -> DirectoryEntry {
        DirectoryEntry {
            township: RegionCode::parse(township).unwrap(),
            row: 3,
            name: "市西街道社会工作服务站".into(),
            address: "=HYPERLINK(\"x\")".into(),
            phones: vec![Phone {
                shown: "0857-8220000".into(),
                tel: "+868578220000".into(),
                kind: PhoneKind::Office,
            }],
            hours: "周一至周五 9:00-17:00".into(),
            social_workers: Some(2),
            services: vec!["社会救助".into(), "养老服务".into()],
            point,
            contact: String::new(),
        }
    }

    #[test]
    fn stations_of_the_focus_become_csv_rows_and_point_features() {
        let atlas = atlas();
        let county = RegionCode::parse("520502").unwrap();
        let stations = [
            station("520502001", Some([105.305, 27.3])),
            station("520502002", None),
            station("522301001", Some([104.9, 25.09])),
        ];
        let rows = station_rows(&atlas, &county, &stations);
        assert_eq!(rows.len(), 2, "the station outside the focus is left out");
        assert_eq!(rows[0].township, "市西街道");
        assert_eq!(rows[0].services, "社会救助; 养老服务");

        let csv = stations_csv(&rows, CsvFlavour::Plain);
        let mut lines = csv.lines();
        assert_eq!(lines.next().unwrap(), STATION_COLUMNS.join(","));
        let first = lines.next().unwrap();
        assert!(
            first.starts_with("520502001,市西街道,市西街道社会工作服务站,"),
            "{first}"
        );
        assert!(
            first.contains("'=HYPERLINK"),
            "a formula is guarded: {first}"
        );
        assert!(first.contains(",105.305,27.3,"), "{first}");
        assert!(lines.next().unwrap().contains(",2,社会救助; 养老服务,,,"));
        assert!(stations_csv(&rows, CsvFlavour::Excel).starts_with('\u{feff}'));

        let features = station_features(&rows);
        let point = features[0].geometry.as_ref().unwrap();
        assert_eq!(point.value, GeometryValue::new_point([105.305, 27.3]));
        let props = features[0].properties.as_ref().unwrap();
        assert_eq!(props["kind"], "station");
        assert_eq!(props["tel"], "+868578220000");
        assert!(
            features[1].geometry.is_none(),
            "not placed: listed, no point"
        );
    }
}
