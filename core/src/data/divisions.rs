//! The registry of administrative divisions (2023 statistical codes): every region's name and
//! how many townships it holds, which is the denominator of every coverage figure.

use std::collections::{BTreeMap, HashMap};

use crate::data::code::{Level, RegionCode};
use crate::data::columns::Columns;
use crate::error::DataError;

/// The division registry: every region's name by normalised code, and the townships below each.
/// Codes are kept in order, so the regions inside one are a contiguous range.
#[derive(Clone, Debug, Default)]
pub struct Divisions {
    names: BTreeMap<RegionCode, String>,
    township_counts: HashMap<RegionCode, u32>,
    /// The name a person uses for each statistical grouping (see [`grouping_name`]).
    grouping_names: HashMap<RegionCode, String>,
}

/// Whether a prefecture-level registry name is a statistical grouping rather than a place:
/// 市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划.
pub fn is_grouping_name(level: Level, registry_name: &str) -> bool {
    level == Level::Prefecture
        && (registry_name == "市辖区" || registry_name == "县" || registry_name.contains("直辖"))
}

/// The name a person uses for a grouping of `parent_name` (the province or municipality): a
/// municipality's 市辖区 is the municipality (`北京市`), its 县 the municipality's counties
/// (`重庆市（县）`, told apart from its districts), a province's directly administered
/// county-level cities `河南省直辖`. `None` for a registry name that is not a grouping.
pub fn grouping_name(level: Level, registry_name: &str, parent_name: &str) -> Option<String> {
    if !is_grouping_name(level, registry_name) {
        return None;
    }
    Some(match registry_name {
        "市辖区" => parent_name.to_string(),
        "县" => format!("{parent_name}（县）"),
        _ => format!("{parent_name}直辖"),
    })
}

/// The last three digits of `townships` (in code order) as ranges: `001-017 020`.
fn township_ranges<'a>(townships: impl Iterator<Item = &'a RegionCode>) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for township in townships {
        let suffix: u32 = township.as_str()[6..].parse().unwrap_or(0);
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == suffix => *end = suffix,
            _ => ranges.push((suffix, suffix)),
        }
    }
    let range = |&(start, end): &(u32, u32)| match start == end {
        true => format!("{start:03}"),
        false => format!("{start:03}-{end:03}"),
    };
    ranges.iter().map(range).collect::<Vec<_>>().join(" ")
}

/// The township codes of `county` that `ranges` (as [`township_ranges`] writes them) names.
fn unnamed_townships(county: &RegionCode, ranges: &str) -> Result<Vec<RegionCode>, String> {
    let suffix = |digits: &str| -> Result<u32, String> {
        (digits.len() == 3)
            .then(|| digits.parse::<u32>().ok())
            .flatten()
            .ok_or_else(|| format!("expected township ranges like 001-017 020, found {ranges:?}"))
    };
    let mut codes = Vec::new();
    for token in ranges.split_whitespace() {
        let (start, end) = match token.split_once('-') {
            Some((start, end)) => (suffix(start)?, suffix(end)?),
            None => (suffix(token)?, suffix(token)?),
        };
        for n in start..=end {
            let code = RegionCode::from_normalised(&format!("{county}{n:03}"))
                .filter(|_| county.level() == Level::County)
                .ok_or_else(|| format!("{county} is not a county: it lists no townships"))?;
            codes.push(code);
        }
    }
    Ok(codes)
}

/// One row of a registry file, as text.
struct DivisionRow {
    code: String,
    name: String,
    /// Only in an overview registry (see [`Divisions::overview_csv`]): the county's townships
    /// as ranges of their last three digits (`001-017 020`), in place of their own rows. `None`
    /// when the file has no such column or the cell is empty.
    townships: Option<String>,
}

impl DivisionRow {
    fn read(row: &Columns) -> Result<DivisionRow, String> {
        Ok(DivisionRow {
            code: row.get("code")?,
            name: row.get("name")?,
            townships: (row.optional("townships"))
                .filter(|cell| !cell.is_empty())
                .map(str::to_string),
        })
    }
}

impl Divisions {
    /// Reads `code,name` rows. Every bad row is an error naming the file and row: the registry is
    /// the denominator, so a silently skipped row would falsify every percentage above it.
    pub fn from_csv(file_name: &str, text: &str) -> Result<Divisions, DataError> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header =
            (reader.headers().cloned()).map_err(|e| DataError::file(file_name, e.to_string()))?;
        let mut divisions = Divisions::default();
        for (index, record) in reader.records().enumerate() {
            // Row 1 is the header.
            let row_number = index + 2;
            let row = (record.map_err(|e| e.to_string()))
                .and_then(|record| DivisionRow::read(&Columns::new(&header, &record)))
                .map_err(|e| DataError::row(file_name, row_number, e))?;
            let code = RegionCode::from_normalised(row.code.trim()).ok_or_else(|| {
                DataError::row(
                    file_name,
                    row_number,
                    format!("expected a 2, 4, 6 or 9-digit code, found {:?}", row.code),
                )
            })?;
            let townships = (row.townships.as_deref())
                .map(|ranges| unnamed_townships(&code, ranges))
                .transpose()
                .map_err(|e| DataError::row(file_name, row_number, e))?;
            for township in townships.into_iter().flatten() {
                divisions.names.insert(township, String::new());
            }
            if divisions.names.insert(code.clone(), row.name).is_some() {
                return Err(DataError::row(
                    file_name,
                    row_number,
                    format!("code {code} appears twice"),
                ));
            }
        }
        divisions.count_townships();
        divisions.name_groupings();
        Ok(divisions)
    }

    fn count_townships(&mut self) {
        let mut counts: HashMap<RegionCode, u32> = HashMap::new();
        for code in self.names.keys().filter(|c| c.level() == Level::Township) {
            let mut region = Some(code.clone());
            while let Some(r) = region {
                *counts.entry(r.clone()).or_default() += 1;
                region = r.parent();
            }
        }
        self.township_counts = counts;
    }

    /// The registry for a first map of the country: provinces, prefectures and counties with
    /// their names, and each county's townships as ranges of their codes' last three digits in a
    /// `townships` column (`001-017 020`), without names. Every measure counts and rolls up the
    /// same townships as with the whole registry (a full-coverage figure covers each of its
    /// townships), in about a tenth of the bytes. [`Divisions::from_csv`] reads it back, the
    /// townships with empty names.
    pub fn overview_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let rows = (self.names.iter()).filter(|(c, _)| c.level() < Level::Township);
        let written = writer
            .write_record(["code", "name", "townships"])
            .and_then(|()| {
                rows.into_iter().try_for_each(|(code, name)| {
                    let townships = if code.level() == Level::County {
                        township_ranges(self.children(code))
                    } else {
                        String::new()
                    };
                    writer.write_record([code.as_str(), name, &townships])
                })
            });
        written.expect("writing CSV to memory cannot fail");
        String::from_utf8(writer.into_inner().unwrap_or_default()).expect("CSV of UTF-8 fields")
    }

    fn name_groupings(&mut self) {
        let mut named = HashMap::new();
        for (code, name) in self.names.iter() {
            let parent = code.parent().and_then(|p| self.names.get(&p));
            if let Some(shown) = parent.and_then(|p| grouping_name(code.level(), name, p)) {
                named.insert(code.clone(), shown);
            }
        }
        self.grouping_names = named;
    }

    /// The name a person uses (`兴义市`): the official name, except that a statistical grouping
    /// is named after its province or municipality (`1101` 市辖区 is `北京市`, see
    /// [`grouping_name`]); `全国` for the nation; `None` for a code not in the registry. Every
    /// table, search hit, tooltip, breadcrumb, export and CLI line shows this name. Township
    /// names repeat across the country: use [`Divisions::qualified_name`] to tell them apart.
    pub fn name(&self, code: &RegionCode) -> Option<&str> {
        if let Some(shown) = self.grouping_names.get(code) {
            return Some(shown);
        }
        self.registry_name(code)
    }

    /// The name as the registry writes it (`市辖区` for `1101`); `全国` for the nation.
    pub fn registry_name(&self, code: &RegionCode) -> Option<&str> {
        if code.level() == Level::Nation {
            return Some("全国");
        }
        self.names.get(code).map(String::as_str)
    }

    /// Whether `code` is a statistical grouping (市辖区, 县, 省直辖县级行政区划…) rather than a
    /// place: search does not find it by name and qualified names leave it out.
    pub fn is_grouping(&self, code: &RegionCode) -> bool {
        self.grouping_names.contains_key(code)
    }

    /// Whether the registry lists `code`; always true for the nation.
    pub fn contains(&self, code: &RegionCode) -> bool {
        code.level() == Level::Nation || self.names.contains_key(code)
    }

    /// Townships the registry lists inside `code` (the township itself counts 1).
    pub fn township_count(&self, code: &RegionCode) -> u32 {
        self.township_counts.get(code).copied().unwrap_or(0)
    }

    /// Regions one level below `code`, in code order.
    pub fn children<'a>(
        &'a self,
        code: &'a RegionCode,
    ) -> impl Iterator<Item = &'a RegionCode> + 'a {
        let child_len = code.level().child().map(Level::code_len);
        self.within(code)
            .filter(move |c| Some(c.as_str().len()) == child_len)
    }

    /// `code` and every region inside it, in code order.
    pub fn within<'a>(&'a self, code: &'a RegionCode) -> impl Iterator<Item = &'a RegionCode> + 'a {
        self.names
            .range(code.clone()..)
            .map(|(c, _)| c)
            .take_while(move |c| c.is_within(code))
    }

    /// Regions at `level` inside `code`.
    pub fn at_level<'a>(
        &'a self,
        code: &'a RegionCode,
        level: Level,
    ) -> impl Iterator<Item = &'a RegionCode> + 'a {
        self.within(code).filter(move |c| c.level() == level)
    }

    /// Rows in the registry: regions of every level, townships included.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when no region is listed.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// "黔西南布依族苗族自治州 · 贵州省": a name with its parents, for duplicate township names.
    pub fn qualified_name(&self, code: &RegionCode) -> String {
        let mut parts = Vec::new();
        let mut region = Some(code.clone());
        while let Some(r) = region {
            if r.level() == Level::Nation {
                break;
            }
            // A grouping repeats its parent's name (北京市 · 北京市): leave it out.
            if let Some(name) = self.name(&r).filter(|_| !self.is_grouping(&r)) {
                parts.push(name.to_string());
            }
            region = r.parent();
        }
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::from_normalised(s).unwrap()
    }

    const CSV: &str = "code,name\n11,北京市\n1101,市辖区\n110101,东城区\n41,河南省\n4190,省直辖县级行政区划\n419001,济源市\n50,重庆市\n5001,市辖区\n5002,县\n500229,城口县\n65,新疆维吾尔自治区\n6590,自治区直辖县级行政区划\n52,贵州省\n5223,黔西南布依族苗族自治州\n";

    #[test]
    fn groupings_take_the_name_a_person_uses_and_keep_their_code() {
        let d = Divisions::from_csv("t.csv", CSV).unwrap();
        assert_eq!(d.name(&code("1101")), Some("北京市"));
        assert_eq!(d.registry_name(&code("1101")), Some("市辖区"));
        assert_eq!(d.name(&code("5001")), Some("重庆市"));
        assert_eq!(d.name(&code("5002")), Some("重庆市（县）"));
        assert_eq!(d.name(&code("4190")), Some("河南省直辖"));
        assert_eq!(d.name(&code("6590")), Some("新疆维吾尔自治区直辖"));
        assert_eq!(d.name(&code("5223")), Some("黔西南布依族苗族自治州"));
        assert!(d.is_grouping(&code("1101")) && !d.is_grouping(&code("11")));
        assert!(!d.is_grouping(&code("5223")));
        // Qualified names leave the grouping out rather than repeat the municipality.
        assert_eq!(d.qualified_name(&code("110101")), "东城区 · 北京市");
        assert_eq!(d.qualified_name(&code("419001")), "济源市 · 河南省");
    }

    #[test]
    fn only_prefecture_level_groupings_are_renamed() {
        // A county or township that happens to be called 县 keeps its name.
        assert_eq!(grouping_name(Level::County, "市辖区", "北京市"), None);
        assert_eq!(grouping_name(Level::Prefecture, "兴义市", "贵州省"), None);
    }

    #[test]
    fn an_overview_lists_townships_as_ranges_and_reads_back_the_same_counts() {
        let csv = "code,name\n52,贵州省\n5223,黔西南州\n522301,兴义市\n\
                   522301001,a\n522301002,b\n522301003,c\n522301007,d\n522301100,e\n";
        let full = Divisions::from_csv("divisions.csv", csv).unwrap();
        let overview = full.overview_csv();
        assert!(
            overview.contains("522301,兴义市,001-003 007 100\n"),
            "{overview}"
        );
        let back = Divisions::from_csv("divisions-overview.csv", &overview).unwrap();
        let county = RegionCode::parse("522301").unwrap();
        assert_eq!(back.township_count(&county), 5);
        assert_eq!(back.township_count(&RegionCode::parse("52").unwrap()), 5);
        assert_eq!(
            back.name(&RegionCode::parse("522301007").unwrap()),
            Some("")
        );
        let bad = "code,name,townships\n522301,兴义市,001-0x3\n";
        let err = Divisions::from_csv("divisions-overview.csv", bad).unwrap_err();
        assert!(err.to_string().contains("row 2"), "{err}");
        assert!(err.to_string().contains("001-017 020"), "{err}");
        let not_county = "code,name,townships\n5223,黔西南州,001\n";
        assert!(Divisions::from_csv("o.csv", not_county).is_err());
    }
}
