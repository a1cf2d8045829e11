//! Answering a query: the hits of its kind (digits, letters or characters), ranked by one
//! sortable key, the best `limit` of them kept.

use crate::data::code::{Level, RegionCode};
use crate::sort;

use super::{Entry, MatchKind, SearchHit, SearchIndex};

/// Ranking tiers, finer than `MatchKind` where a kind has exact and prefix grades.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Code,
    CodePrefix,
    Exact,
    Prefix,
    Substring,
    PinyinExact,
    PinyinPrefix,
    InitialsExact,
    InitialsPrefix,
}

impl Tier {
    /// The kind of match a hit of this tier reports.
    fn kind(self) -> MatchKind {
        match self {
            Tier::Code => MatchKind::Code,
            Tier::CodePrefix => MatchKind::CodePrefix,
            Tier::Exact => MatchKind::Exact,
            Tier::Prefix => MatchKind::Prefix,
            Tier::Substring => MatchKind::Substring,
            Tier::PinyinExact | Tier::PinyinPrefix => MatchKind::Pinyin,
            Tier::InitialsExact | Tier::InitialsPrefix => MatchKind::PinyinInitials,
        }
    }
}

/// (tier, level, name length in characters, entry index): the whole ranking in one sortable key.
type Candidate = (Tier, Level, usize, usize);

impl SearchIndex {
    /// At most `limit` hits, best first. An empty or blank query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        let query = normalise_query(query);
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut candidates = if query.bytes().all(|b| b.is_ascii_digit()) {
            self.code_candidates(&query)
        } else if query.bytes().all(|b| b.is_ascii_lowercase()) {
            self.pinyin_candidates(&query)
        } else {
            self.name_candidates(&query)
        };
        // Only the best `limit` need sorting: a one-character query can match thousands of names.
        if candidates.len() > limit {
            candidates.select_nth_unstable(limit - 1);
            candidates.truncate(limit);
        }
        sort::sort(&mut candidates);
        candidates
            .into_iter()
            .map(|(tier, level, _, index)| {
                let code = self.code(index);
                SearchHit {
                    qualified_name: self.qualified_name(&code),
                    code,
                    name: self.name(index).to_string(),
                    level,
                    matched: tier.kind(),
                }
            })
            .collect()
    }

    /// The sort key of entry `index` found at `tier`.
    fn candidate(&self, tier: Tier, index: usize) -> Candidate {
        (
            tier,
            self.level(index),
            self.name(index).chars().count(),
            index,
        )
    }

    /// Hits of a query of digits: the code it spells, then the codes it begins.
    fn code_candidates(&self, digits: &str) -> Vec<Candidate> {
        let exact = RegionCode::parse(digits)
            .ok()
            .and_then(|code| self.position(code.as_str()));
        // Partial spellings of the longer forms: "1565223" (GB code behind the 156 country
        // prefix) and "5223010080" (a 12-digit statistical code being typed).
        let mut prefixes = vec![digits];
        if let Some(gb) = digits.strip_prefix("156").filter(|gb| !gb.is_empty()) {
            prefixes.push(gb);
        }
        if digits.len() > 9 && digits[9..].bytes().all(|b| b == b'0') {
            prefixes.push(&digits[..9]);
        }
        let mut indexes: Vec<usize> = prefixes
            .into_iter()
            .flat_map(|prefix| {
                let start = self.entries.partition_point(|e| self.code_of(e) < prefix);
                (start..self.entries.len())
                    .take_while(move |&i| self.code_str(i).starts_with(prefix))
            })
            .filter(|&i| Some(i) != exact)
            .collect();
        sort::sort(&mut indexes);
        indexes.dedup();
        // Code order within a level, not name length: a code list reads in code order.
        exact
            .map(|i| (Tier::Code, self.level(i), 0, i))
            .into_iter()
            .chain(
                indexes
                    .into_iter()
                    .map(|i| (Tier::CodePrefix, self.level(i), 0, i)),
            )
            .collect()
    }

    /// The entry whose text in a haystack covers byte `at`, given each entry's start there.
    fn entry_at(&self, at: usize, start: impl Fn(&Entry) -> u32) -> usize {
        self.entries.partition_point(|e| start(e) as usize <= at) - 1
    }

    /// Hits of a query of characters: names equal to it (or to their stem), beginning with it,
    /// containing it, and the short forms of autonomous regions.
    fn name_candidates(&self, query: &str) -> Vec<Candidate> {
        let mut found = Vec::new();
        let mut last = None;
        for (at, _) in self.names.match_indices(query) {
            let i = self.entry_at(at, |e| e.name_at);
            if last == Some(i) {
                continue;
            }
            last = Some(i);
            let e = &self.entries[i];
            if !e.by_name {
                continue;
            }
            let tier = if at != e.name_at as usize {
                Tier::Substring
            } else if query.len() == e.name_len as usize || query.len() == e.stem_len as usize {
                Tier::Exact
            } else {
                Tier::Prefix
            };
            found.push(self.candidate(tier, i));
        }
        found.extend(self.short_form_candidates(query));
        found
    }

    /// "黔西南州", "凉山州": the stem plus the last character of an autonomous region's suffix,
    /// which is how the press writes these names. The stem begins the name, so a prefix scan for
    /// the query less its last character finds them.
    fn short_form_candidates(&self, query: &str) -> Vec<Candidate> {
        let mut found = Vec::new();
        if let Some(last_char) = query.chars().last() {
            let base = &query[..query.len() - last_char.len_utf8()];
            if !base.is_empty() {
                for (at, _) in self.names.match_indices(&format!("\n{base}")) {
                    let i = self.entry_at(at + 1, |e| e.name_at);
                    let e = &self.entries[i];
                    let suffix = &self.name(i)[e.stem_len as usize..];
                    let short_form = e.stem_len as usize == base.len()
                        && suffix
                            .strip_suffix(last_char)
                            .is_some_and(|before| before.ends_with("自治"));
                    if e.by_name && short_form {
                        found.push(self.candidate(Tier::Exact, i));
                    }
                }
            }
        }
        found
    }

    /// Hits of a query of Latin letters: names whose pinyin or initials it is or begins.
    fn pinyin_candidates(&self, query: &str) -> Vec<Candidate> {
        let needle = format!("\n{query}");
        let mut found: Vec<(usize, Tier)> = Vec::new();
        for (at, _) in self.pinyin.match_indices(&needle) {
            let i = self.entry_at(at + 1, |e| e.pinyin_at);
            let e = &self.entries[i];
            let exact =
                query.len() == e.pinyin_len as usize || query.len() == e.stem_pinyin_len as usize;
            found.push((
                i,
                if exact {
                    Tier::PinyinExact
                } else {
                    Tier::PinyinPrefix
                },
            ));
        }
        for (at, _) in self.initials.match_indices(&needle) {
            let i = self.entry_at(at + 1, |e| e.initials_at);
            let e = &self.entries[i];
            let exact = query.len() == e.initials_len as usize
                || query.len() == e.stem_initials_len as usize;
            found.push((
                i,
                if exact {
                    Tier::InitialsExact
                } else {
                    Tier::InitialsPrefix
                },
            ));
        }
        // A name found both ways keeps its better tier.
        sort::sort(&mut found);
        found.dedup_by_key(|(i, _)| *i);
        found
            .into_iter()
            .filter(|&(i, _)| self.entries[i].by_name)
            .map(|(i, tier)| self.candidate(tier, i))
            .collect()
    }
}

/// Full-width forms to ASCII, ASCII letters to lower case, whitespace and pinyin apostrophes
/// dropped: "５２２３", "5223 01", "Wan Feng Lin" and "xi'an" are typed as people type them.
pub(super) fn normalise_query(query: &str) -> String {
    query
        .chars()
        .filter_map(|c| {
            let c = match u32::from(c) {
                // U+FF01..=U+FF5E are the full-width twins of U+0021..=U+007E.
                code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
                _ => c,
            };
            match c {
                '\'' | '’' => None,
                c if c.is_whitespace() => None,
                c => Some(c.to_ascii_lowercase()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_normalised() {
        assert_eq!(normalise_query(" ５２２３ "), "5223");
        assert_eq!(normalise_query("万峰林\u{3000}街道"), "万峰林街道");
        assert_eq!(normalise_query("Wan Feng Lin"), "wanfenglin");
        assert_eq!(normalise_query("Ｘｉ'an"), "xian");
    }
}
