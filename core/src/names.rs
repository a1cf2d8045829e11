//! The one rule for stripping a region name down to what people call it: a suffix (县, 镇,
//! 自治州…) or a nationality (彝族, 布依族…) comes off only while at least [`MIN_STEM_CHARS`]
//! characters remain, so 和县 stays 和县 and 内蒙古自治区 becomes 内蒙古, never 内. The import's
//! name keys (`import/text.rs`) and search's stems (`search/stem.rs`) both strip through here;
//! each keeps its own list of suffixes, since a bureau's spelling and a searcher's differ.
//! A leaf: it imports nothing of the crate.

/// The fewest characters a stripped name keeps: a one-character stem (和, 萧, 沛) names too
/// many places to be a key.
pub const MIN_STEM_CHARS: usize = 2;

/// True when `stem` is long enough to stand for a name ([`MIN_STEM_CHARS`]).
pub fn is_stem(stem: &str) -> bool {
    stem.chars().nth(MIN_STEM_CHARS - 1).is_some()
}

/// `name` without the first of `suffixes` (in their order) it ends in that leaves a stem
/// ([`is_stem`]), with that suffix; `None` when none does.
pub fn strip_suffix<'n>(
    name: &'n str,
    suffixes: &[&'static str],
) -> Option<(&'n str, &'static str)> {
    suffixes.iter().find_map(|suffix| {
        name.strip_suffix(suffix)
            .filter(|stem| is_stem(stem))
            .map(|stem| (stem, *suffix))
    })
}

/// `name` without one trailing nationality written with 族 (`千溪彝族苗族白族` → `千溪彝族苗族`),
/// or, when `bare` is set, a nationality of more than one character without 族
/// (`博尔塔拉蒙古` → `博尔塔拉`, as before 自治州); `None` when none comes off leaving a stem.
pub fn strip_nationality(name: &str, bare: bool) -> Option<&str> {
    NATIONALITIES.iter().find_map(|group| {
        let with_zu = name.strip_suffix('族').and_then(|s| s.strip_suffix(group));
        let without = (bare && group.chars().count() > 1)
            .then(|| name.strip_suffix(group))
            .flatten();
        with_zu.or(without).filter(|stem| is_stem(stem))
    })
}

/// The 55 minority nationalities as 民族乡 names carry them, longest first so that 东乡 is not
/// read as 乡 and 维吾尔 before anything shorter.
pub const NATIONALITIES: &[&str] = &[
    "柯尔克孜",
    "乌孜别克",
    "维吾尔",
    "哈萨克",
    "塔吉克",
    "塔塔尔",
    "俄罗斯",
    "鄂温克",
    "鄂伦春",
    "达斡尔",
    "蒙古",
    "土家",
    "布依",
    "朝鲜",
    "哈尼",
    "傈僳",
    "拉祜",
    "东乡",
    "纳西",
    "景颇",
    "仫佬",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "德昂",
    "保安",
    "裕固",
    "独龙",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    "高山",
    "回",
    "藏",
    "苗",
    "彝",
    "壮",
    "满",
    "侗",
    "瑶",
    "白",
    "傣",
    "黎",
    "佤",
    "畲",
    "水",
    "土",
    "羌",
    "布朗",
    "怒",
    "京",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suffix_comes_off_only_leaving_two_characters() {
        const COUNTY: [&str; 3] = ["自治县", "县", "市"];
        assert_eq!(strip_suffix("和县", &COUNTY), None);
        assert_eq!(strip_suffix("兴义市", &COUNTY), Some(("兴义", "市")));
        assert_eq!(
            strip_suffix("三江侗族自治县", &COUNTY),
            Some(("三江侗族", "自治县"))
        );
        assert_eq!(strip_suffix("县", &COUNTY), None);
    }

    #[test]
    fn a_nationality_comes_off_only_leaving_two_characters() {
        assert_eq!(
            strip_nationality("千溪彝族苗族白族", false),
            Some("千溪彝族苗族")
        );
        assert_eq!(strip_nationality("博尔塔拉蒙古", false), None);
        assert_eq!(strip_nationality("博尔塔拉蒙古", true), Some("博尔塔拉"));
        // 回 is one character: never stripped bare (and here it would leave one character).
        assert_eq!(strip_nationality("东回族", false), None);
        assert_eq!(strip_nationality("太平高山", false), None);
    }

    #[test]
    fn the_list_holds_the_55_nationalities_once_each() {
        let unique: std::collections::BTreeSet<&str> = NATIONALITIES.iter().copied().collect();
        assert_eq!((NATIONALITIES.len(), unique.len()), (55, 55));
    }
}
