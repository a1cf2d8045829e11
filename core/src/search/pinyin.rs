//! Toneless pinyin of the characters a registry's names use.
//!
//! Search matches names typed in pinyin (`wanfenglin`, `wfl`). The `pinyin` crate's table covers
//! every CJK character, about 200 KB of static data; a registry's names use some 3,000 of them.
//! So the table is made once, when the data is published (`atlas publish`, with the crate, behind
//! the `pinyin` feature), written as a small file of its own, and read by the page when search
//! is first used: the page's wasm carries no pinyin data at all.
//!
//! The file is text, one reading a line: the reading, a space, and every character read so,
//! e.g. `zhen 镇真振`. Readings are toneless, `ü` written `v`, lines in reading order.

use std::collections::BTreeMap;

use crate::lang::Text;

/// The pinyin reading of each character of a set of names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PinyinTable {
    readings: BTreeMap<char, String>,
}

impl PinyinTable {
    /// A table with no readings: search still finds names by characters and codes.
    pub fn empty() -> PinyinTable {
        PinyinTable::default()
    }

    /// The crate's reading of every character of `names`. Heteronyms take the crate's most
    /// common reading; place names with a special one (六安 Lù'ān) are still found by their
    /// characters and code.
    #[cfg(feature = "pinyin")]
    pub fn for_names<'a>(names: impl IntoIterator<Item = &'a str>) -> PinyinTable {
        use pinyin::ToPinyin;
        let mut readings = BTreeMap::new();
        for c in names.into_iter().flat_map(str::chars) {
            if readings.contains_key(&c) {
                continue;
            }
            if let Some(p) = c.to_pinyin() {
                readings.insert(c, p.plain().replace('ü', "v"));
            }
        }
        PinyinTable { readings }
    }

    /// The crate's reading of every character of the names of `divisions`, as search shows them.
    #[cfg(feature = "pinyin")]
    pub fn for_divisions(divisions: &crate::data::divisions::Divisions) -> PinyinTable {
        let nation = crate::data::code::RegionCode::nation();
        PinyinTable::for_names(divisions.within(&nation).filter_map(|c| divisions.name(c)))
    }

    /// The toneless reading of `c`, `None` when the table has none.
    pub fn reading(&self, c: char) -> Option<&str> {
        self.readings.get(&c).map(String::as_str)
    }

    /// Characters with a reading.
    pub fn len(&self) -> usize {
        self.readings.len()
    }

    /// True when no character has a reading.
    pub fn is_empty(&self) -> bool {
        self.readings.is_empty()
    }

    /// The file's text (see the module docs); the same table gives the same bytes.
    pub fn to_text(&self) -> String {
        let mut by_reading: BTreeMap<&str, String> = BTreeMap::new();
        for (c, reading) in &self.readings {
            by_reading.entry(reading).or_default().push(*c);
        }
        by_reading
            .into_iter()
            .map(|(reading, chars)| format!("{reading} {chars}\n"))
            .collect()
    }

    /// Reads the file's text; a line that is not `reading characters` is an error naming
    /// `file` and the line, in both languages.
    pub fn parse(file: &str, text: &str) -> Result<PinyinTable, Text> {
        let mut readings = BTreeMap::new();
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let parsed = line
                .split_once(' ')
                .filter(|(reading, chars)| {
                    !reading.is_empty()
                        && reading.chars().all(|c| c.is_ascii_lowercase())
                        && !chars.is_empty()
                })
                .ok_or_else(|| {
                    Text::new(
                        format!("{file} 第 {} 行：应为“拼音 汉字”，实为 {line:?}", index + 1),
                        format!(
                            "{file} line {}: expected \"reading characters\", found {line:?}",
                            index + 1
                        ),
                    )
                })?;
            let (reading, chars) = parsed;
            for c in chars.chars().filter(|c| !c.is_whitespace()) {
                readings.insert(c, reading.to_string());
            }
        }
        Ok(PinyinTable { readings })
    }
}

#[cfg(all(test, feature = "pinyin"))]
mod tests {
    use super::*;

    #[test]
    fn a_table_round_trips_through_its_text() {
        let table = PinyinTable::for_names(["万峰林街道", "绿化乡", "兴义市"]);
        assert_eq!(table.reading('万'), Some("wan"));
        assert_eq!(table.reading('绿'), Some("lv"), "ü is written v");
        assert_eq!(table.reading('A'), None);
        let text = table.to_text();
        assert!(text.contains("xing 兴\n"), "{text}");
        assert_eq!(PinyinTable::parse("pinyin.txt", &text), Ok(table));
    }

    #[test]
    fn a_line_that_is_not_a_reading_is_named() {
        let err = PinyinTable::parse("pinyin-0a.txt", "wan 万\n万峰林\n").unwrap_err();
        assert!(err.en.contains("pinyin-0a.txt line 2"), "{}", err.en);
        assert!(err.zh.contains("第 2 行"), "{}", err.zh);
        assert!(PinyinTable::parse("p.txt", "Wan 万").is_err());
    }
}
