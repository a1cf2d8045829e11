//! Which column holds what. [`guess_mapping`] reads Chinese and English headers; the user can
//! override any field before joining.

use std::sync::OnceLock;

use super::text::normalise_name;

/// Column indices into [`super::RawTable::headers`]; `None` where the table has no such column.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ColumnMapping {
    /// Township code in any spelling [`crate::data::code::RegionCode::parse`] accepts.
    pub code: Option<usize>,
    /// Township name, joined within the county when there is no usable code.
    pub township: Option<usize>,
    /// County name or code, to tell apart townships of the same name.
    pub county: Option<usize>,
    /// The station's own name; where the cell is empty or there is no column, the station takes
    /// its township's registry name.
    pub station_name: Option<usize>,
    /// Build status (planned, built, operating, closed, no station). Required: without it the
    /// join refuses the mapping, since coverage cannot be read from the rows.
    pub status: Option<usize>,
    /// A second status column saying whether the station runs (是否实体化运营, 是否运营) beside
    /// a first one saying whether it stands (是否挂牌, 是否建成): yes makes the row operating,
    /// no keeps it at most built, an empty cell leaves the first column's status.
    #[serde(default)]
    pub operating: Option<usize>,
    /// Star rating (1–5 stars or 优秀); an empty cell, or no column, means not rated.
    pub star: Option<usize>,
    /// Network tier (指导中心, 总站, 社工站, 社工室); an empty cell, or no column, means a
    /// township station, the only tier that counts toward coverage.
    pub tier: Option<usize>,
    /// Open date; an empty cell means not given, a date after the join's `today` makes the row
    /// invalid.
    pub opened: Option<usize>,
}

/// One field of a [`ColumnMapping`], for the page's column step and the CLI's `--column`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Field {
    /// [`ColumnMapping::code`]: the township code.
    Code,
    /// [`ColumnMapping::township`]: the township name.
    Township,
    /// [`ColumnMapping::county`]: the county, to tell namesake townships apart.
    County,
    /// [`ColumnMapping::station_name`]: the station's own name.
    StationName,
    /// [`ColumnMapping::status`]: the build status, the one field a join cannot do without.
    Status,
    /// [`ColumnMapping::operating`]: whether the station runs, beside the status.
    Operating,
    /// [`ColumnMapping::star`]: the star rating.
    Star,
    /// [`ColumnMapping::tier`]: the network tier.
    Tier,
    /// [`ColumnMapping::opened`]: the open date.
    Opened,
}

impl Field {
    /// Every field, in the order the page's column step lists them and `--column` errors name
    /// them.
    pub const ALL: [Field; 9] = [
        Field::Code,
        Field::Township,
        Field::County,
        Field::StationName,
        Field::Status,
        Field::Operating,
        Field::Star,
        Field::Tier,
        Field::Opened,
    ];

    /// The name used in URLs, test ids and `--column key=…`.
    pub fn key(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::Township => "township",
            Field::County => "county",
            Field::StationName => "station",
            Field::Status => "status",
            Field::Operating => "operating",
            Field::Star => "star",
            Field::Tier => "tier",
            Field::Opened => "opened",
        }
    }

    /// The field whose [`Field::key`] is exactly `key` (lower case, as written); `None` for any
    /// other text.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The field's name in `lang`, as the column step's pickers show it.
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        use crate::lang::Lang::{En, Zh};
        match (self, lang) {
            (Field::Code, Zh) => "乡镇代码",
            (Field::Code, En) => "Township code",
            (Field::Township, Zh) => "乡镇名称",
            (Field::Township, En) => "Township name",
            (Field::County, Zh) => "区县",
            (Field::County, En) => "County",
            (Field::StationName, Zh) => "站点名称",
            (Field::StationName, En) => "Station name",
            (Field::Status, Zh) => "状态",
            (Field::Status, En) => "Status",
            (Field::Operating, Zh) => "是否运营",
            (Field::Operating, En) => "Operating (yes/no)",
            (Field::Star, Zh) => "星级",
            (Field::Star, En) => "Star rating",
            (Field::Tier, Zh) => "层级",
            (Field::Tier, En) => "Tier",
            (Field::Opened, Zh) => "建站时间",
            (Field::Opened, En) => "Open date",
        }
    }
}

impl ColumnMapping {
    /// The column `field` is mapped to; `None` when it is unmapped.
    pub fn get(&self, field: Field) -> Option<usize> {
        *self.slot(field)
    }

    /// Maps `field` to `column`; a column serves one field only, so another field holding that
    /// column lets go of it.
    pub fn set(&mut self, field: Field, column: Option<usize>) {
        if column.is_some() {
            for other in Field::ALL {
                if other != field && self.get(other) == column {
                    *self.slot_mut(other) = None;
                }
            }
        }
        *self.slot_mut(field) = column;
    }

    /// Applies one choice written `field=column`: the column by its 1-based number or its header
    /// text, or nothing (`star=`) to leave the field unmapped. The CLI's `--column`.
    pub fn apply_choice(&mut self, choice: &str, headers: &[String]) -> Result<(), String> {
        let keys = || {
            Field::ALL
                .iter()
                .map(|f| f.key())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (key, column) = choice.split_once('=').ok_or_else(|| {
            format!(
                "expected FIELD=COLUMN (fields: {}), found {choice:?}",
                keys()
            )
        })?;
        let field = Field::from_key(key.trim())
            .ok_or_else(|| format!("unknown field {key:?}: expected one of {}", keys()))?;
        let column = column.trim();
        let index = if column.is_empty() {
            None
        } else if let Some(i) = headers.iter().position(|h| h == column) {
            Some(i)
        } else {
            match column.parse::<usize>() {
                Ok(n) if (1..=headers.len()).contains(&n) => Some(n - 1),
                _ => {
                    return Err(format!(
                        "no column {column:?}: the header has {} columns: {}",
                        headers.len(),
                        headers
                            .iter()
                            .enumerate()
                            .map(|(i, h)| format!("{} {h:?}", i + 1))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                }
            }
        };
        self.set(field, index);
        Ok(())
    }

    fn slot(&self, field: Field) -> &Option<usize> {
        match field {
            Field::Code => &self.code,
            Field::Township => &self.township,
            Field::County => &self.county,
            Field::StationName => &self.station_name,
            Field::Status => &self.status,
            Field::Operating => &self.operating,
            Field::Star => &self.star,
            Field::Tier => &self.tier,
            Field::Opened => &self.opened,
        }
    }

    fn slot_mut(&mut self, field: Field) -> &mut Option<usize> {
        match field {
            Field::Code => &mut self.code,
            Field::Township => &mut self.township,
            Field::County => &mut self.county,
            Field::StationName => &mut self.station_name,
            Field::Status => &mut self.status,
            Field::Operating => &mut self.operating,
            Field::Star => &mut self.star,
            Field::Tier => &mut self.tier,
            Field::Opened => &mut self.opened,
        }
    }
}

/// Header spellings per field, compared after [`normalise_name`] (half-width, no spaces, lower
/// case) and with `_` and `-` removed.
const CODE: &[&str] = &[
    "乡镇代码",
    "乡镇(街道)代码",
    "乡镇街道代码",
    "统计用区划代码",
    "区划代码",
    "行政区划代码",
    "代码",
    "code",
    "townshipcode",
    "towncode",
    "adcode",
];
const TOWNSHIP: &[&str] = &[
    "乡镇名称",
    "乡镇(街道)",
    "乡镇(街道)名称",
    "乡镇(街道)办事处",
    "街道(乡镇)",
    "乡镇街道名称",
    "乡(镇、街道)",
    "乡镇街道",
    "乡镇",
    "所属乡镇",
    "街道",
    "街道名称",
    "所属街道",
    "township",
    "townshipname",
    "town",
    "name",
];
const COUNTY: &[&str] = &[
    "县",
    "区县",
    "县区",
    "县(市、区)",
    "县(市,区)",
    "县(市、区)名称",
    "所属县(市、区)",
    "区(县)",
    "县(区)",
    "区县名称",
    "县(市区)",
    "县市区",
    "所属县",
    "所属区县",
    "county",
    "countyname",
    "district",
];
const STATION_NAME: &[&str] = &[
    "站点名称",
    "社工站名称",
    "站点",
    "站名",
    "stationname",
    "station",
];
const STATUS: &[&str] = &[
    "状态",
    "建设状态",
    "建设情况",
    "建设进度",
    "建设运营情况",
    "站点建设情况",
    "运营状态",
    "运营情况",
    "运行状态",
    "运行情况",
    "站点状态",
    "是否建成",
    "是否建站",
    "是否建成社工站",
    "是否挂牌",
    "status",
    "stationstatus",
    "constructionstatus",
    "buildstatus",
    "operatingstatus",
    "operationstatus",
];
/// A yes/no column saying whether the station runs, beside one saying whether it stands.
const OPERATING: &[&str] = &[
    "是否实体化运营",
    "是否实体化运行",
    "是否实体运营",
    "是否运营",
    "是否已运营",
    "是否正常运营",
    "是否投入运营",
    "是否运行",
    "是否投入使用",
    "实体化运营",
    "operating",
    "isoperating",
];
const STAR: &[&str] = &[
    "星级",
    "星级评定",
    "星级评定结果",
    "评定星级",
    "评定等级",
    "评估等次",
    "评估等级",
    "等次",
    "评级",
    "等级",
    "star",
    "stars",
    "rating",
    "starrating",
    "starlevel",
];
const TIER: &[&str] = &["层级", "站点层级", "类型", "站点类型", "tier", "type"];
const OPENED: &[&str] = &[
    "建站时间",
    "开站日期",
    "建成时间",
    "建成日期",
    "挂牌时间",
    "挂牌日期",
    "运营时间",
    "投入运营时间",
    "成立时间",
    "开站时间",
    "opendate",
    "opened",
    "dateopened",
    "openingdate",
    "establisheddate",
    "dateestablished",
    "operationdate",
    "startdate",
    "date",
];

fn header_key(raw: &str) -> String {
    normalise_name(raw).replace(['_', '-'], "")
}

/// The candidate headers of each field as keys, in [`guess_mapping`]'s order (most specific
/// first), made once: a header is checked on every title line above it, and normalising every
/// candidate on each check cost more than reading the table.
fn candidate_keys() -> &'static [Vec<String>; 9] {
    static KEYS: OnceLock<[Vec<String>; 9]> = OnceLock::new();
    KEYS.get_or_init(|| {
        [
            CODE,
            STATION_NAME,
            COUNTY,
            TOWNSHIP,
            OPERATING,
            STATUS,
            STAR,
            TIER,
            OPENED,
        ]
        .map(|candidates| candidates.iter().map(|c| header_key(c)).collect())
    })
}

/// Guesses each field's column from the header text; the first matching column wins, and a
/// column is used for one field only.
pub fn guess_mapping(headers: &[String]) -> ColumnMapping {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut taken = vec![false; keys.len()];
    // Most specific first, so that "name" does not take a station-name column first.
    let [code, station_name, county, township, operating, status, star, tier, opened] =
        candidate_keys().each_ref().map(|wanted| {
            let index = keys
                .iter()
                .enumerate()
                .find(|(i, k)| !taken[*i] && wanted.contains(k))
                .map(|(i, _)| i)?;
            taken[index] = true;
            Some(index)
        });
    ColumnMapping {
        code,
        township,
        county,
        station_name,
        status,
        operating,
        star,
        tier,
        opened,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn county_bureau_headers() {
        let m = guess_mapping(&headers(&[
            "序号",
            "县（市、区）",
            "乡镇（街道）",
            "建设情况",
            "星级评定",
            "挂牌时间",
        ]));
        assert_eq!(
            (m.county, m.township, m.status, m.star, m.opened),
            (Some(1), Some(2), Some(3), Some(4), Some(5))
        );
        let m = guess_mapping(&headers(&["所属乡镇", "是否建成", "评估等次", "建成时间"]));
        assert_eq!(
            (m.township, m.status, m.star, m.opened),
            (Some(0), Some(1), Some(2), Some(3))
        );
        let m = guess_mapping(&headers(&["乡镇", "是否挂牌", "是否实体化运营", "星级"]));
        assert_eq!((m.status, m.operating, m.star), (Some(1), Some(2), Some(3)));
        let m = guess_mapping(&headers(&["乡镇", "是否建成", "是否运营"]));
        assert_eq!((m.status, m.operating), (Some(1), Some(2)));
        let m = guess_mapping(&headers(&["乡镇（街道）名称", "运行状态", "等级"]));
        assert_eq!((m.township, m.status, m.star), (Some(0), Some(1), Some(2)));
    }

    #[test]
    fn chinese_headers() {
        let m = guess_mapping(&headers(&[
            "序号",
            "区县",
            "乡镇（街道）",
            "乡镇（街道）代码",
            "站点名称",
            "建设状态",
            "星级",
            "层级",
            "建站时间",
        ]));
        assert_eq!(
            m,
            ColumnMapping {
                code: Some(3),
                township: Some(2),
                county: Some(1),
                station_name: Some(4),
                status: Some(5),
                operating: None,
                star: Some(6),
                tier: Some(7),
                opened: Some(8),
            }
        );
    }

    #[test]
    fn a_column_serves_one_field() {
        let mut m = guess_mapping(&headers(&["乡镇代码", "状态", "星级"]));
        assert_eq!((m.code, m.status, m.star), (Some(0), Some(1), Some(2)));
        m.set(Field::Star, Some(1));
        assert_eq!((m.status, m.star), (None, Some(1)));
        m.set(Field::Status, None);
        assert_eq!(m.get(Field::Star), Some(1));
        for f in Field::ALL {
            assert_eq!(Field::from_key(f.key()), Some(f));
        }
        assert_eq!(Field::from_key("nope"), None);
    }

    #[test]
    fn choices_by_number_header_or_nothing() {
        let h = headers(&["字段1", "字段2", "字段3"]);
        let mut m = ColumnMapping::default();
        m.apply_choice("code=1", &h).unwrap();
        m.apply_choice("status=字段3", &h).unwrap();
        assert_eq!((m.code, m.status), (Some(0), Some(2)));
        m.apply_choice("status=", &h).unwrap();
        assert_eq!(m.status, None);
        assert_eq!(
            m.apply_choice("code=4", &h).unwrap_err(),
            "no column \"4\": the header has 3 columns: 1 \"字段1\", 2 \"字段2\", 3 \"字段3\""
        );
        assert!(m
            .apply_choice("colour=1", &h)
            .unwrap_err()
            .starts_with("unknown field \"colour\": expected one of code, township,"));
        assert!(m
            .apply_choice("code", &h)
            .unwrap_err()
            .starts_with("expected FIELD=COLUMN"));
    }

    #[test]
    fn english_headers_as_other_exports_write_them() {
        let m = guess_mapping(&headers(&[
            "County",
            "Township",
            "Station status",
            "Star rating",
            "Opening date",
        ]));
        assert_eq!(
            (m.county, m.township, m.status, m.star, m.opened),
            (Some(0), Some(1), Some(2), Some(3), Some(4))
        );
    }

    #[test]
    fn english_headers() {
        let m = guess_mapping(&headers(&[
            "Township_Code",
            "Name",
            "County",
            "Station Name",
            "Status",
            "Star",
            "Open Date",
        ]));
        assert_eq!(m.code, Some(0));
        assert_eq!(m.township, Some(1));
        assert_eq!(m.county, Some(2));
        assert_eq!(m.station_name, Some(3));
        assert_eq!(m.status, Some(4));
        assert_eq!(m.star, Some(5));
        assert_eq!(m.tier, None);
        assert_eq!(m.opened, Some(6));
    }
}
