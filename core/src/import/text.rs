//! Text normalisation shared by header guessing and name joins.

/// Full-width ASCII (`５`, `Ａ`, `（`) to half-width and the ideographic space to a space.
pub fn half_width(raw: &str) -> String {
    raw.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Half-width, no whitespace (ASCII or CJK), ASCII lower case, and `街道办事处` / `街道办` read
/// as `街道`: the form in which two spellings of one name compare equal.
pub fn normalise_name(raw: &str) -> String {
    let mut s: String = half_width(raw)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{FEFF}')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    for long in ["街道办事处", "街道办"] {
        if let Some(stem) = s.strip_suffix(long) {
            s = format!("{stem}街道");
            break;
        }
    }
    s
}

/// The normalised name without its township suffix (`万峰林街道` → `万峰林`, `敬南镇` → `敬南`,
/// `黄草办事处` → `黄草`), so that suffix variants (乡 become 镇, 镇 become 街道, a suffix left
/// off) can be found. Never empty when the name is not.
pub fn name_key(raw: &str) -> String {
    let s = normalise_name(raw);
    for suffix in ["街道", "办事处", "镇", "乡"] {
        if let Some(stem) = s.strip_suffix(suffix) {
            if !stem.is_empty() {
                return stem.to_string();
            }
        }
    }
    s
}

/// The 55 minority nationalities as 民族乡 names carry them, longest first so that 东乡 is not
/// read as 乡 and 维吾尔 before anything shorter.
const NATIONALITIES: &[&str] = &[
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

/// The township name as people say it: [`name_key`] without a 民族乡's nationalities
/// (`千溪彝族苗族白族乡` → `千溪`, `阴底彝族苗族白族乡` → `阴底`, `XX民族乡` → `XX`), which is how
/// bureaus and residents write them. Other names are their [`name_key`]. Never empty when the
/// name is not.
pub fn short_key(raw: &str) -> String {
    let mut stem = name_key(raw);
    while let Some(before_zu) = stem.strip_suffix('族') {
        let shorter = ["各", "民"]
            .iter()
            .chain(NATIONALITIES)
            .find_map(|n| before_zu.strip_suffix(n))
            .filter(|rest| !rest.is_empty());
        match shorter {
            Some(rest) => stem = rest.to_string(),
            None => break,
        }
    }
    stem
}

/// The county name without its level suffix (`兴义市` → `兴义`, `普安县` → `普安`).
pub fn county_key(raw: &str) -> String {
    let s = normalise_name(raw);
    for suffix in ["自治县", "自治旗", "县", "市", "区", "旗"] {
        if let Some(stem) = s.strip_suffix(suffix) {
            if !stem.is_empty() {
                return stem.to_string();
            }
        }
    }
    s
}

/// Levenshtein distance over characters (not bytes), for near-miss suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_normalise() {
        assert_eq!(half_width("５２２３０１００８"), "522301008");
        assert_eq!(normalise_name(" 万峰林 街道 "), "万峰林街道");
        assert_eq!(normalise_name("万峰林街道办事处"), "万峰林街道");
        assert_eq!(name_key("万峰林街道"), "万峰林");
        assert_eq!(name_key("敬南镇"), "敬南");
        assert_eq!(name_key("镇"), "镇");
        assert_eq!(name_key("猪场坪乡"), name_key("猪场坪镇"));
        assert_eq!(name_key("黄草办事处"), "黄草");
        assert_eq!(name_key("猪场坪　乡"), "猪场坪");
        assert_eq!(county_key("兴义市"), "兴义");
        assert_eq!(short_key("千溪彝族苗族白族乡"), "千溪");
        assert_eq!(short_key("阿市苗族彝族乡"), "阿市");
        assert_eq!(short_key("千溪乡"), "千溪");
        assert_eq!(
            short_key("东乡族乡"),
            "东乡族",
            "a nationality alone is the name"
        );
        assert_eq!(
            short_key("三江侗族自治县"),
            "三江侗族自治县",
            "not a township"
        );
        assert_eq!(short_key("万峰林街道"), "万峰林");
        assert_eq!(edit_distance("万峰林", "万峰林街道"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
