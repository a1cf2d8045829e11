//! Find a station of the directory by its name or address: a citizen types the street they
//! live on, or the station's name as a sign or a leaflet gives it.
//!
//! Ranked like the regions: the name equal to the query, then names that begin with it, then
//! names that contain it, then addresses that contain it; within a tier shorter names first,
//! then the order the stations were given in. Query and texts are normalised alike (full-width
//! forms, case, spaces: `query::normalise_query`). A query of digits alone is a region code
//! (`SearchIndex::search`), never a house number.
//!
//! The same search runs over a province's directory entries read so far and over the
//! publication's station index (`data::station_index`), which holds every station's name and
//! address: both are [`StationText`].

use crate::data::code::RegionCode;
use crate::data::directory::DirectoryEntry;
use crate::data::station_index::IndexedStation;
use crate::sort;

use super::query::normalise_query;

/// How a station matched; hits are ordered by this first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum StationMatch {
    /// The query is the station's name.
    Name,
    /// The name begins with the query.
    NamePrefix,
    /// The name contains the query.
    NameSubstring,
    /// The address contains the query.
    Address,
}

/// One station found.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct StationHit {
    /// Its township.
    pub township: RegionCode,
    /// Its row in the directory's file: with the township, which station it is.
    pub row: usize,
    /// Its name.
    pub name: String,
    /// Its address (empty when not given).
    pub address: String,
    /// How it matched.
    pub matched: StationMatch,
}

/// What search reads of a station: which it is, and its name and address.
pub trait StationText {
    /// Its township.
    fn township(&self) -> &RegionCode;
    /// Its row in the directory.
    fn row(&self) -> usize;
    /// Its name.
    fn name(&self) -> &str;
    /// Its address (empty when not given).
    fn address(&self) -> &str;
}

impl StationText for DirectoryEntry {
    fn township(&self) -> &RegionCode {
        &self.township
    }
    fn row(&self) -> usize {
        self.row
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn address(&self) -> &str {
        &self.address
    }
}

impl StationText for IndexedStation {
    fn township(&self) -> &RegionCode {
        &self.township
    }
    fn row(&self) -> usize {
        self.row
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn address(&self) -> &str {
        &self.address
    }
}

/// At most `limit` stations of `stations` whose name or address holds `query`, best first.
/// A blank query, or one of digits only, finds none.
pub fn search_stations<'a, S: StationText + 'a>(
    stations: impl IntoIterator<Item = &'a S>,
    query: &str,
    limit: usize,
) -> Vec<StationHit> {
    let query = normalise_query(query);
    if query.is_empty() || limit == 0 || query.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let mut found: Vec<(StationMatch, usize, usize, &S)> = Vec::new();
    for (order, station) in stations.into_iter().enumerate() {
        if let Some(matched) = match_of(station, &query) {
            found.push((matched, station.name().chars().count(), order, station));
        }
    }
    sort::sort_by_key(&mut found, |&(matched, name_chars, order, _)| {
        (matched, name_chars, order)
    });
    found
        .into_iter()
        .take(limit)
        .map(|(matched, _, _, s)| StationHit {
            township: s.township().clone(),
            row: s.row(),
            name: s.name().to_string(),
            address: s.address().to_string(),
            matched,
        })
        .collect()
}

/// How `station` matches a normalised query, if it does.
fn match_of(station: &impl StationText, query: &str) -> Option<StationMatch> {
    let name = normalise_query(station.name());
    if name == query {
        Some(StationMatch::Name)
    } else if name.starts_with(query) {
        Some(StationMatch::NamePrefix)
    } else if name.contains(query) {
        Some(StationMatch::NameSubstring)
    } else if normalise_query(station.address()).contains(query) {
        Some(StationMatch::Address)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn station(row: usize, name: &str, address: &str) -> DirectoryEntry {
        DirectoryEntry {
            township: RegionCode::parse("520502001").unwrap(),
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

    #[test]
    fn names_come_before_addresses_and_digits_alone_find_nothing() {
        let stations = [
            station(3, "洪山街道社会工作服务站", "七星关区市西路 12 号"),
            station(
                4,
                "市西街道社会工作服务站",
                "七星关区市西街道1号便民服务中心二楼",
            ),
            station(5, "市西站", "洪山路"),
        ];
        let hits = search_stations(&stations, "市西", 10);
        let rows: Vec<(usize, StationMatch)> = hits.iter().map(|h| (h.row, h.matched)).collect();
        assert_eq!(
            rows,
            [
                (5, StationMatch::NamePrefix),
                (4, StationMatch::NamePrefix),
                (3, StationMatch::Address)
            ]
        );
        assert_eq!(
            search_stations(&stations, "市西站", 10)[0].matched,
            StationMatch::Name
        );
        // Spaces and full-width digits as people type them.
        let hits = search_stations(&stations, "市西路１２号", 10);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].row, 3);
        assert!(search_stations(&stations, "12", 10).is_empty());
        assert!(search_stations(&stations, "  ", 10).is_empty());
        assert_eq!(search_stations(&stations, "街道", 1).len(), 1);
    }

    #[test]
    fn the_index_is_searched_as_the_directory_is() {
        let stations = [
            station(3, "洪山街道社会工作服务站", "七星关区市西路 12 号"),
            station(4, "市西街道社会工作服务站", "市西街道1号便民服务中心二楼"),
        ];
        let json = crate::data::station_index::station_index_json(&stations);
        let index = crate::data::station_index::read_station_index("i.json", &json).unwrap();
        for query in ["市西", "1号便民", "洪山街道社会工作服务站", "12"] {
            assert_eq!(
                search_stations(&index, query, 10),
                search_stations(&stations, query, 10),
                "{query}"
            );
        }
        assert_eq!(search_stations(&index, "1号便民", 10)[0].row, 4);
    }

    #[test]
    fn an_address_with_markup_is_matched_as_text() {
        let stations = [station(7, "站", "<img src=x onerror=alert(1)>中心路")];
        let hits = search_stations(&stations, "<img", 5);
        assert_eq!(hits[0].address, "<img src=x onerror=alert(1)>中心路");
    }
}
