//! Which column holds what. [`guess_mapping`] reads Chinese and English headers; the user can
//! override any field before joining.

use super::text::normalise_name;

/// Column indices into [`super::RawTable::headers`]; `None` where the table has no such column.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ColumnMapping {
    /// Township code in any spelling [`crate::code::RegionCode::parse`] accepts.
    pub code: Option<usize>,
    /// Township name, joined within the county when there is no usable code.
    pub township: Option<usize>,
    /// County name or code, to tell apart townships of the same name.
    pub county: Option<usize>,
    pub station_name: Option<usize>,
    pub status: Option<usize>,
    pub star: Option<usize>,
    pub tier: Option<usize>,
    pub opened: Option<usize>,
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
    "乡镇街道",
    "乡镇",
    "所属乡镇",
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
const STATUS: &[&str] = &["状态", "建设状态", "运营状态", "站点状态", "status"];
const STAR: &[&str] = &[
    "星级",
    "星级评定",
    "评级",
    "等级",
    "star",
    "stars",
    "rating",
];
const TIER: &[&str] = &["层级", "站点层级", "类型", "站点类型", "tier", "type"];
const OPENED: &[&str] = &[
    "建站时间",
    "开站日期",
    "建成时间",
    "建成日期",
    "成立时间",
    "开站时间",
    "opendate",
    "opened",
    "dateopened",
    "date",
];

fn header_key(raw: &str) -> String {
    normalise_name(raw).replace(['_', '-'], "")
}

/// Guesses each field's column from the header text; the first matching column wins, and a
/// column is used for one field only.
pub fn guess_mapping(headers: &[String]) -> ColumnMapping {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut taken = vec![false; keys.len()];
    let mut find = |candidates: &[&str]| -> Option<usize> {
        let index = keys
            .iter()
            .enumerate()
            .find(|(i, k)| !taken[*i] && candidates.iter().any(|c| header_key(c) == **k))
            .map(|(i, _)| i)?;
        taken[index] = true;
        Some(index)
    };
    // Most specific first, so that "name" does not take a station-name column first.
    let code = find(CODE);
    let station_name = find(STATION_NAME);
    let county = find(COUNTY);
    let township = find(TOWNSHIP);
    let status = find(STATUS);
    let star = find(STAR);
    let tier = find(TIER);
    let opened = find(OPENED);
    ColumnMapping {
        code,
        township,
        county,
        station_name,
        status,
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
                star: Some(6),
                tier: Some(7),
                opened: Some(8),
            }
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
