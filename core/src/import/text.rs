//! Text normalisation shared by header guessing and name joins.

use crate::names::{self, NATIONALITIES};

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

/// The suffixes of a township's kind, as [`name_key`] strips them.
const TOWNSHIP_SUFFIXES: [&str; 4] = ["街道", "办事处", "镇", "乡"];

/// The suffixes of a county's kind, as [`county_key`] strips them.
const COUNTY_SUFFIXES: [&str; 6] = ["自治县", "自治旗", "县", "市", "区", "旗"];

/// The normalised name without its township suffix (`万峰林街道` → `万峰林`, `敬南镇` → `敬南`,
/// `黄草办事处` → `黄草`), so that suffix variants (乡 become 镇, 镇 become 街道, a suffix left
/// off) can be found. Stripped by the one rule of [`crate::names`]: at least two characters stay
/// (`高镇` stays `高镇`).
pub fn name_key(raw: &str) -> String {
    without_suffix(normalise_name(raw), &TOWNSHIP_SUFFIXES)
}

fn without_suffix(name: String, suffixes: &[&'static str]) -> String {
    if let Some((stem, _)) = names::strip_suffix(&name, suffixes) {
        return stem.to_string();
    }
    name
}

/// The township name as people say it: [`name_key`] without a 民族乡's nationalities
/// (`千溪彝族苗族白族乡` → `千溪`, `阴底彝族苗族白族乡` → `阴底`, `XX民族乡` → `XX`), which is how
/// bureaus and residents write them. Other names are their [`name_key`]. At least two characters
/// stay ([`crate::names`]).
pub fn short_key(raw: &str) -> String {
    let mut stem = name_key(raw);
    while let Some(before_zu) = stem.strip_suffix('族') {
        let shorter = ["各", "民"]
            .iter()
            .chain(NATIONALITIES)
            .find_map(|n| before_zu.strip_suffix(n))
            .filter(|rest| names::is_stem(rest));
        match shorter {
            Some(rest) => stem = rest.to_string(),
            None => break,
        }
    }
    stem
}

/// The county name without its level suffix (`兴义市` → `兴义`, `普安县` → `普安`); `和县` stays
/// `和县` ([`crate::names`]: a one-character stem names too many places).
pub fn county_key(raw: &str) -> String {
    without_suffix(normalise_name(raw), &COUNTY_SUFFIXES)
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
        assert_eq!(county_key("和县"), "和县", "one character is no key");
        assert_eq!(name_key("高镇"), "高镇");
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
