//! Building the index: one pass over the registry into three flat haystacks.

use std::borrow::Cow;

use crate::data::code::{Level, RegionCode};
use crate::data::divisions::Divisions;

use super::pinyin::PinyinTable;
use super::stem::stem;
use super::{Entry, SearchIndex};

/// Offsets are stored as u32: the haystacks of the 44,703-region registry are under 2 MB.
fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("search index text exceeds 4 GiB")
}

impl SearchIndex {
    /// The index of every region of `divisions` but the nation, in code order, with the pinyin
    /// of each name read from `pinyin` (an empty table: no pinyin matches).
    pub fn new(divisions: &Divisions, pinyin: &PinyinTable) -> SearchIndex {
        let mut index = SearchIndex {
            entries: Vec::with_capacity(divisions.len()),
            codes: String::with_capacity(divisions.len() * 8),
            names: String::with_capacity(divisions.len() * 16 + 1),
            pinyin: String::with_capacity(divisions.len() * 24 + 1),
            initials: String::with_capacity(divisions.len() * 6 + 1),
        };
        index.names.push('\n');
        index.pinyin.push('\n');
        index.initials.push('\n');
        for code in divisions.within(&RegionCode::nation()) {
            if let Some(name) = divisions
                .name(code)
                .filter(|_| code.level() != Level::Nation)
            {
                index.push(code, name, !divisions.is_grouping(code), pinyin);
            }
        }
        index
    }

    /// Appends one region: its code, its name (line breaks made spaces) and the name's pinyin
    /// and initials, noting where the stem ends in each.
    fn push(&mut self, code: &RegionCode, name: &str, by_name: bool, table: &PinyinTable) {
        let code_at = offset(self.codes.len());
        self.codes.push_str(code.as_str());
        // A line break in a (user-supplied) name would split it in the haystack.
        let name: Cow<str> = if name.contains(['\n', '\r']) {
            Cow::Owned(name.replace(['\n', '\r'], " "))
        } else {
            Cow::Borrowed(name)
        };
        let stem_len = stem(&name).len();
        let (name_at, pinyin_at, initials_at) = (
            offset(self.names.len()),
            offset(self.pinyin.len()),
            offset(self.initials.len()),
        );
        let (mut stem_pinyin_len, mut stem_initials_len) = (None, None);
        for (at, c) in name.char_indices() {
            if at == stem_len {
                stem_pinyin_len = Some(self.pinyin.len() - pinyin_at as usize);
                stem_initials_len = Some(self.initials.len() - initials_at as usize);
            }
            push_pinyin(c, table, &mut self.pinyin, &mut self.initials);
        }
        let pinyin_len = self.pinyin.len() - pinyin_at as usize;
        let initials_len = self.initials.len() - initials_at as usize;
        self.names.push_str(&name);
        self.entries.push(Entry {
            code_at,
            code_len: u8::try_from(code.as_str().len()).expect("codes have at most 9 digits"),
            name_at,
            name_len: offset(name.len()),
            stem_len: offset(stem_len),
            by_name,
            pinyin_at,
            pinyin_len: offset(pinyin_len),
            stem_pinyin_len: offset(stem_pinyin_len.unwrap_or(pinyin_len)),
            initials_at,
            initials_len: offset(initials_len),
            stem_initials_len: offset(stem_initials_len.unwrap_or(initials_len)),
        });
        self.names.push('\n');
        self.pinyin.push('\n');
        self.initials.push('\n');
    }
}

/// Appends the toneless pinyin of `c` (ü as `v`) and its first letter; ASCII letters and digits
/// stand for themselves, other characters for nothing.
fn push_pinyin(c: char, table: &PinyinTable, pinyin: &mut String, initials: &mut String) {
    match table.reading(c) {
        Some(p) => {
            pinyin.push_str(p);
            initials.extend(p.chars().next());
        }
        None if c.is_ascii_alphanumeric() => {
            let c = c.to_ascii_lowercase();
            pinyin.push(c);
            initials.push(c);
        }
        None => {}
    }
}
