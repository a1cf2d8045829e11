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
}

#[derive(serde::Deserialize)]
struct DivisionRow {
    code: String,
    name: String,
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
            if divisions.names.insert(code.clone(), row.name).is_some() {
                return Err(DataError::row(
                    file_name,
                    row_number,
                    format!("code {code} appears twice"),
                ));
            }
        }
        divisions.count_townships();
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

    /// The official name (`兴义市`); `全国` for the nation; `None` for a code not in the registry.
    /// Township names repeat across the country: use [`Divisions::qualified_name`] to tell them
    /// apart.
    pub fn name(&self, code: &RegionCode) -> Option<&str> {
        if code.level() == Level::Nation {
            return Some("全国");
        }
        self.names.get(code).map(String::as_str)
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
            if let Some(name) = self.name(&r) {
                // 市辖区 / 省直辖县级行政区划 are statistical groupings, not names people use.
                if !(r.level() == Level::Prefecture && (name == "市辖区" || name.contains("直辖")))
                {
                    parts.push(name.to_string());
                }
            }
            region = r.parent();
        }
        parts.join(" · ")
    }
}
