//! The station directory: what a citizen needs to find and reach their station (name, address,
//! telephone, opening hours, social workers, services, and a point on the map), read from the
//! same table as the statuses. It runs after the join, on the joined rows, so a 合计 row, a 注：
//! line or a title line above the header is already accounted for by the join's report.
//!
//! ```text
//! RawTable + JoinReport ──read_directory──▶ DirectoryImport (entries + report)
//!   mapping.rs: which column is which      coords.rs: the cells as a point
//!   phone.rs:   office line or mobile      datum.rs:  WGS84 / GCJ-02 / BD-09
//!   privacy.rs: what is published          place.rs:  the datum judged, each point checked
//! ```

mod coords;
pub mod datum;
pub mod mapping;
pub mod phone;
pub mod place;
pub mod privacy;
mod recipe;

use std::collections::{BTreeMap, HashMap};

use crate::data::atlas::Atlas;
use crate::data::model::StationStatus;
use crate::lang::{Lang, Text};

use super::join::{JoinReport, ReportRow};
use super::mapping::ColumnMapping;
use super::stations::{RawRow, RawTable};

pub use crate::data::directory::DirectoryEntry;
pub use coords::{read_one, read_two, CellPoint, ReadPoint};
pub use datum::Datum;
pub use mapping::{guess_directory_mapping, header_datum, DirectoryField, DirectoryMapping};
pub use phone::{read_phone, read_phones, Phone, PhoneKind};
pub use place::{judge_datum, DatumBasis, DatumFinding, DatumFit};
pub use privacy::ColumnPrivacy;
pub use recipe::DirectoryRecipe;

/// What the publisher chose for the directory; the defaults guess the columns, publish what is
/// the station's and keep what is a person's.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DirectoryChoices {
    /// The directory's columns; `None` guesses them from the header.
    #[serde(default)]
    pub mapping: Option<DirectoryMapping>,
    /// Columns published or kept private by choice, by header text.
    #[serde(default)]
    pub public: BTreeMap<String, bool>,
    /// The coordinates' datum by choice; `None` judges it.
    #[serde(default)]
    pub datum: Option<Datum>,
}

/// The directory read from a table, with its report.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DirectoryImport {
    /// The table's file name.
    pub file: String,
    /// The columns used.
    pub mapping: DirectoryMapping,
    /// The publication decision of each phone or personal column.
    pub privacy: Vec<ColumnPrivacy>,
    /// The datum decision; `None` when the table has no coordinate column.
    pub datum: Option<DatumFinding>,
    /// One entry per joined row of a built or operating station, in file order.
    pub entries: Vec<DirectoryEntry>,
    /// Joined rows left out of the directory: the station is planned, closed or absent.
    pub not_open: usize,
    /// Points not placed (unreadable, at 0,0, swapped, outside the township or county).
    pub misplaced: Vec<ReportRow>,
    /// Phone cells, or parts of them, that are not telephone numbers.
    pub bad_phones: Vec<ReportRow>,
    /// Mobile numbers withheld from a published office-line column.
    pub withheld: Vec<ReportRow>,
    /// Other remarks: a social-worker count that is not a number, an address with markup.
    pub notes: Vec<ReportRow>,
}

/// Reads the directory of the joined rows of `table`. `None` when the table has no directory
/// column. `atlas` gives the county outlines and any loaded township boundaries.
pub fn read_directory(
    table: &RawTable,
    join_mapping: &ColumnMapping,
    report: &JoinReport,
    choices: &DirectoryChoices,
    atlas: &Atlas,
) -> Option<DirectoryImport> {
    let mapping = (choices.mapping.clone())
        .unwrap_or_else(|| guess_directory_mapping(&table.headers, join_mapping));
    if mapping.is_empty() {
        return None;
    }
    let rows: HashMap<usize, &RawRow> = table.rows.iter().map(|r| (r.row, r)).collect();
    let open: Vec<(&RawRow, &crate::data::model::Station)> = (report.joined.iter())
        .filter(|(_, s)| matches!(s.status, StationStatus::Built | StationStatus::Operating))
        .filter_map(|(row, s)| Some((*rows.get(row)?, s)))
        .collect();
    let mut out = DirectoryImport {
        file: table.file.clone(),
        mapping: mapping.clone(),
        privacy: Vec::new(),
        datum: None,
        entries: Vec::new(),
        not_open: report.joined.len() - open.len(),
        misplaced: Vec::new(),
        bad_phones: Vec::new(),
        withheld: Vec::new(),
        notes: Vec::new(),
    };
    out.privacy = decide_privacy(table, &mapping, &open, choices);
    let published = |field| {
        (out.privacy.iter())
            .find(|p| p.field == field)
            .map(|p| (p.published, p.chosen))
    };
    let phone_column = published(DirectoryField::Phone);
    let contact_phone_column = published(DirectoryField::ContactPhone);
    let contact_column = published(DirectoryField::Contact);
    let mut candidates = Vec::new();
    for (raw, station) in &open {
        let cell = |field| mapping.get(field).map_or("", |c| raw.cell(c));
        let mut entry = DirectoryEntry {
            township: station.township.clone(),
            row: raw.row,
            name: station.name.clone(),
            address: cell(DirectoryField::Address).to_string(),
            phones: Vec::new(),
            hours: cell(DirectoryField::Hours).to_string(),
            social_workers: None,
            services: services(cell(DirectoryField::Services)),
            point: None,
            contact: String::new(),
        };
        if let Some((true, chosen)) = phone_column {
            out.take_phones(&mut entry, cell(DirectoryField::Phone), chosen);
        }
        if let Some((true, _)) = contact_phone_column {
            out.take_phones(&mut entry, cell(DirectoryField::ContactPhone), true);
        }
        if let Some((true, _)) = contact_column {
            entry.contact = cell(DirectoryField::Contact).to_string();
        }
        out.read_count(&mut entry, cell(DirectoryField::SocialWorkers));
        out.note_markup(&entry);
        match read_point(&mapping, raw) {
            CellPoint::Missing => {}
            CellPoint::Point(p) => candidates.push(place::Candidate {
                row: raw.row,
                township: station.township.clone(),
                lon: p.lon,
                lat: p.lat,
            }),
            CellPoint::Swapped(p) => out.misplaced.push(out.row(
                raw.row,
                &format!("{}, {}", p.lon, p.lat),
                Text::new(
                    format!("经度和纬度像是填反了（经度列为 {}，是纬度），未标注", p.lon),
                    format!(
                        "longitude and latitude look swapped (the longitude column holds {}, a latitude): not placed",
                        p.lon
                    ),
                ),
            )),
            CellPoint::Unreadable(why) => out.misplaced.push(out.row(raw.row, "", why)),
        }
        out.entries.push(entry);
    }
    if has_coordinates(&mapping) {
        let header = header_datum(&table.headers, &mapping);
        let finding = judge_datum(&candidates, atlas, header, choices.datum);
        out.place_points(&candidates, &finding, atlas);
        out.datum = Some(finding);
    }
    Some(out)
}

fn has_coordinates(mapping: &DirectoryMapping) -> bool {
    mapping.get(DirectoryField::LonLat).is_some()
        || (mapping.get(DirectoryField::Longitude).is_some()
            && mapping.get(DirectoryField::Latitude).is_some())
}

/// The row's coordinate cells as a point: the one-cell column first, else the two columns.
fn read_point(mapping: &DirectoryMapping, raw: &RawRow) -> CellPoint {
    if let Some(c) = mapping.get(DirectoryField::LonLat) {
        let point = read_one(raw.cell(c));
        if point != CellPoint::Missing {
            return point;
        }
    }
    match (
        mapping.get(DirectoryField::Longitude),
        mapping.get(DirectoryField::Latitude),
    ) {
        (Some(lon), Some(lat)) => read_two(raw.cell(lon), raw.cell(lat)),
        _ => CellPoint::Missing,
    }
}

/// The privacy decision of each phone or personal column the mapping uses.
fn decide_privacy(
    table: &RawTable,
    mapping: &DirectoryMapping,
    open: &[(&RawRow, &crate::data::model::Station)],
    choices: &DirectoryChoices,
) -> Vec<ColumnPrivacy> {
    let fields = [
        DirectoryField::Phone,
        DirectoryField::Contact,
        DirectoryField::ContactPhone,
    ];
    fields
        .into_iter()
        .filter_map(|field| {
            let column = mapping.get(field)?;
            let header = table.headers.get(column)?;
            let cells: Vec<&str> = open.iter().map(|(r, _)| r.cell(column)).collect();
            Some(privacy::decide(field, header, &cells, &choices.public))
        })
        .collect()
}

/// The services of a cell, one per item: split on 、，；/ and line breaks.
fn services(cell: &str) -> Vec<String> {
    cell.split(['、', ',', '，', ';', '；', '/', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A head count as bureaus write it: `3`, `3人`, `3 名`, `三人`, `无`.
pub fn read_count(cell: &str) -> Option<u32> {
    let s = cell
        .trim()
        .trim_end_matches(['人', '名', '个', '位'])
        .trim();
    if ["无", "0", "零"].contains(&s) {
        return Some(0);
    }
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    const DIGITS: &str = "一二三四五六七八九";
    let digit = |c: char| DIGITS.chars().position(|d| d == c).map(|i| i as u32 + 1);
    let chars: Vec<char> = s.chars().collect();
    match chars[..] {
        ['两'] => Some(2),
        ['十'] => Some(10),
        [c] => digit(c),
        ['十', c] => digit(c).map(|d| 10 + d),
        [t, '十'] => digit(t).map(|t| t * 10),
        [t, '十', c] => Some(digit(t)? * 10 + digit(c)?),
        _ => None,
    }
}

impl DirectoryImport {
    fn row(&self, row: usize, value: &str, reason: Text) -> ReportRow {
        ReportRow {
            file: self.file.clone(),
            row,
            value: value.to_string(),
            reason,
            suggestion: None,
            accept: None,
        }
    }

    /// Adds the cell's numbers to `entry`: mobiles only when `mobiles_too` (the column was
    /// chosen), else each is listed as withheld; what is not a number is reported.
    fn take_phones(&mut self, entry: &mut DirectoryEntry, cell: &str, mobiles_too: bool) {
        let read = read_phones(cell);
        for phone in read.phones {
            if phone.kind == PhoneKind::Mobile && !mobiles_too {
                let masked = mask(&phone.shown);
                self.withheld.push(self.row(
                    entry.row,
                    &masked,
                    Text::new(
                        format!("手机号 {masked} 像是个人电话，未公开"),
                        format!("the mobile number {masked} looks like a person's: withheld"),
                    ),
                ));
            } else {
                entry.phones.push(phone);
            }
        }
        for part in read.not_phones {
            self.bad_phones.push(self.row(
                entry.row,
                &part,
                Text::new(
                    format!("“{part}”不是电话号码"),
                    format!("{part:?} is not a telephone number"),
                ),
            ));
        }
    }

    fn read_count(&mut self, entry: &mut DirectoryEntry, cell: &str) {
        if cell.trim().is_empty() {
            return;
        }
        entry.social_workers = read_count(cell);
        if entry.social_workers.is_none() {
            self.notes.push(self.row(
                entry.row,
                cell,
                Text::new(
                    format!("驻站社工人数“{cell}”不是人数，未列出"),
                    format!("the social workers {cell:?} is not a head count: not listed"),
                ),
            ));
        }
    }

    fn note_markup(&mut self, entry: &DirectoryEntry) {
        if entry.address.contains(['<', '>']) {
            self.notes.push(self.row(
                entry.row,
                &entry.address,
                Text::new(
                    "地址中含有 < 或 >，按文字保留（显示时转义）",
                    "the address holds < or >: kept as text (escaped wherever shown)",
                ),
            ));
        }
    }

    fn place_points(
        &mut self,
        candidates: &[place::Candidate],
        finding: &DatumFinding,
        atlas: &Atlas,
    ) {
        let by_row: HashMap<usize, usize> = (self.entries.iter().enumerate())
            .map(|(i, e)| (e.row, i))
            .collect();
        for c in candidates {
            match place::place(c, finding.datum, atlas) {
                Ok((lon, lat)) => {
                    if let Some(i) = by_row.get(&c.row) {
                        self.entries[*i].point = Some([round6(lon), round6(lat)]);
                    }
                }
                Err((why, (lon, lat))) => {
                    let value = format!("{}, {}", c.lon, c.lat);
                    self.misplaced
                        .push(self.row(c.row, &value, why.text(lon, lat)));
                }
            }
        }
        self.misplaced.sort_by_key(|r| r.row);
    }

    /// Entries with a placed point.
    pub fn placed(&self) -> usize {
        self.entries.iter().filter(|e| e.point.is_some()).count()
    }

    /// The report in `lang`: the counts, the datum decision, each column's publication, then
    /// every row listed.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let mut lines = vec![match lang {
            Lang::Zh => format!(
                "{}：站点名录 {} 个（{} 个已标注坐标，{} 个坐标未标注）；{} 行为规划、停运或未建站，不列入名录",
                self.file,
                self.entries.len(),
                self.placed(),
                self.misplaced.len(),
                self.not_open
            ),
            Lang::En => format!(
                "{}: {} stations in the directory ({} placed on the map, {} points not placed); {} rows planned, closed or without a station, not listed",
                self.file,
                self.entries.len(),
                self.placed(),
                self.misplaced.len(),
                self.not_open
            ),
        }];
        if let Some(d) = &self.datum {
            lines.push(d.text().get(lang).to_string());
        }
        lines.extend(self.privacy.iter().map(|p| p.reason.get(lang).to_string()));
        for list in [
            &self.misplaced,
            &self.bad_phones,
            &self.withheld,
            &self.notes,
        ] {
            lines.extend(list.iter().map(|r| r.line(lang)));
        }
        lines
    }
}

/// A mobile number with its middle four digits hidden, as a report that may be shared shows it.
fn mask(shown: &str) -> String {
    let digits: Vec<char> = shown.chars().filter(char::is_ascii_digit).collect();
    let n = digits.len();
    if n < 8 {
        return "*".repeat(n);
    }
    let head: String = digits[n - 11.min(n)..n - 8].iter().collect();
    let tail: String = digits[n - 4..].iter().collect();
    format!("{head}****{tail}")
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_counts() {
        for (cell, n) in [
            ("3", 3),
            ("3人", 3),
            ("3 名", 3),
            ("三人", 3),
            ("两名", 2),
            ("十二", 12),
            ("二十", 20),
            ("无", 0),
        ] {
            assert_eq!(read_count(cell), Some(n), "{cell}");
        }
        assert_eq!(read_count("若干"), None);
        assert_eq!(read_count("3-4"), None);
    }

    #[test]
    fn masked_mobiles_and_services() {
        assert_eq!(mask("138 0851 1234"), "138****1234");
        assert_eq!(mask("+86 13808511234"), "138****1234");
        assert_eq!(
            services("老年人关爱、困境儿童帮扶；社会救助\n心理疏导"),
            ["老年人关爱", "困境儿童帮扶", "社会救助", "心理疏导"]
        );
    }
}
