//! The name people search for: a registry name without its admin suffix and ethnic groups,
//! stripped by the one rule of [`crate::names`].

use crate::names;

/// Admin suffixes, longest first so 自治州 wins over 州-less shorter ones. Only suffixes that name
/// the kind of region: 开发区, 农场 and 林场 names are kept whole because their "stem" is not what
/// people call them.
const SUFFIXES: [&str; 22] = [
    "特别行政区",
    "街道办事处",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "民族乡",
    "民族镇",
    "办事处",
    "街道",
    "新区",
    "林区",
    "地区",
    "苏木",
    "省",
    "市",
    "县",
    "区",
    "旗",
    "盟",
    "镇",
    "乡",
];

/// The name people search for: 黔西南布依族苗族自治州 → 黔西南, 万峰林街道 → 万峰林,
/// 农丰满族锡伯族镇 → 农丰. At least two characters are always kept ([`crate::names`]), so 和县 stays 和县 and
/// 内蒙古自治区 stays 内蒙古 rather than becoming 内.
pub(super) fn stem(name: &str) -> &str {
    let Some((mut stem, suffix)) = names::strip_suffix(name, &SUFFIXES) else {
        return name;
    };
    // A group without 族 is stripped only before 自治…: 高山镇 and 保安镇 are ordinary towns.
    let bare_groups = suffix.starts_with("自治");
    // Strip trailing ethnic groups one at a time: 积石山保安族东乡族撒拉族 → 积石山. Most stems
    // (镇, 乡, 街道) end in neither, and skipping the 55-group scan for them halves the build.
    while stem.ends_with('族') || bare_groups {
        match names::strip_nationality(stem, bare_groups) {
            Some(shorter) => stem = shorter,
            None => break,
        }
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_admin_suffixes_and_ethnic_groups() {
        for (name, want) in [
            ("黔西南布依族苗族自治州", "黔西南"),
            ("万峰林街道", "万峰林"),
            ("万峰林场", "万峰林场"),
            ("兴义市", "兴义"),
            ("贵州省", "贵州"),
            ("内蒙古自治区", "内蒙古"),
            ("新疆维吾尔自治区", "新疆"),
            ("广西壮族自治区", "广西"),
            ("博尔塔拉蒙古自治州", "博尔塔拉"),
            ("克孜勒苏柯尔克孜自治州", "克孜勒苏"),
            ("积石山保安族东乡族撒拉族自治县", "积石山"),
            ("农丰满族锡伯族镇", "农丰"),
            ("浦东新区", "浦东"),
            ("神农架林区", "神农架"),
            ("和县", "和县"),
            ("矿区", "矿区"),
            ("保定白沟新城", "保定白沟新城"),
            ("太平高山镇", "太平高山"),
            ("沙后所满族镇", "沙后所"),
        ] {
            assert_eq!(stem(name), want, "{name}");
        }
    }
}
