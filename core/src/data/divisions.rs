//! The registry of administrative divisions (2023 statistical codes): every region's name and
//! how many townships it holds, which is the denominator of every coverage figure.

use std::collections::{BTreeMap, HashMap};

use crate::data::code::{Level, RegionCode};
use crate::error::DataError;

/// The division registry: every region's name by normalised code, and the townships below each.
/// Codes are kept in order, so the regions inside one are a contiguous range.
#[derive(Clone, Debug, Default)]
pub struct Divisions {
    names: BTreeMap<RegionCode, String>,
    township_counts: HashMap<RegionCode, u32>,
    /// Township counts an overview registry states for its counties in place of their rows.
    stated_township_counts: BTreeMap<RegionCode, u32>,
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

#[derive(serde::Deserialize)]
struct DivisionRow {
    code: String,
    name: String,
    /// Only in an overview registry (see [`Divisions::overview_csv`]): the county's townships,
    /// whose own rows the overview leaves out.
    #[serde(default)]
    townships: Option<u32>,
}

impl Divisions {
    /// Reads `code,name` rows. Every bad row is an error naming the file and row: the registry is
    /// the denominator, so a silently skipped row would falsify every percentage above it.
    pub fn from_csv(file_name: &str, text: &str) -> Result<Divisions, DataError> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut divisions = Divisions::default();
        for (index, row) in reader.deserialize::<DivisionRow>().enumerate() {
            // Row 1 is the header.
            let row_number = index + 2;
            let row = row.map_err(|e| DataError::row(file_name, row_number, e.to_string()))?;
            let code = RegionCode::from_normalised(row.code.trim()).ok_or_else(|| {
                DataError::row(
                    file_name,
                    row_number,
                    format!("expected a 2, 4, 6 or 9-digit code, found {:?}", row.code),
                )
            })?;
            if let Some(count) = row.townships {
                divisions.stated_township_counts.insert(code.clone(), count);
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
        let listed = self.names.keys().filter(|c| c.level() == Level::Township);
        let stated = self.stated_township_counts.iter();
        for (code, count) in listed.map(|c| (c, 1)).chain(stated.map(|(c, n)| (c, *n))) {
            let mut region = Some(code.clone());
            while let Some(r) = region {
                *counts.entry(r.clone()).or_default() += count;
                region = r.parent();
            }
        }
        self.township_counts = counts;
    }

    /// The registry down to counties, each county with its township count in a `townships`
    /// column instead of its township rows: what the first map needs (names for provinces,
    /// prefectures and counties; every percentage's denominator), about 3,400 rows in place of
    /// 44,700. [`Divisions::from_csv`] reads it back with the same counts.
    pub fn overview_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let rows = self
            .names
            .iter()
            .filter(|(c, _)| c.level() < Level::Township);
        let written = writer
            .write_record(["code", "name", "townships"])
            .and_then(|()| {
                rows.into_iter().try_for_each(|(code, name)| {
                    let count = if code.level() == Level::County {
                        self.township_count(code).to_string()
                    } else {
                        String::new()
                    };
                    writer.write_record([code.as_str(), name, &count])
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
}
