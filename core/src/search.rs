//! Find a region by name, code or pinyin.
//!
//! The registry has 44,703 regions and many names repeat or nearly repeat (万峰林街道 in 兴义市,
//! 万峰林场 in 潮州), so every hit carries its qualified name and the ranking is explicit:
//!
//! 1. a code typed in any spelling [`RegionCode::parse`] accepts, then codes that begin with the
//!    digits typed;
//! 2. names equal to the query (also the name without its admin suffix: 黔西南 for
//!    黔西南布依族苗族自治州, and the common short form 黔西南州), then names that begin with it,
//!    then names that contain it;
//! 3. for a query of Latin letters, pinyin: full syllables (wanfenglin), then initials (wfl).
//!
//! Within a tier, higher levels come first (a prefecture before the townships that share its
//! name), then shorter names, then code order, so the order never depends on hashing.
//!
//! The index is three flat haystacks (names, pinyin, initials) scanned per query. A substring
//! search needs every name anyway, one scan of ~1 MB of text takes well under a millisecond, and
//! flat text keeps the build (once per data set) to a single pass with no per-character posting
//! lists or per-region strings to allocate.

use std::borrow::Cow;

use pinyin::ToPinyin;

use crate::data::code::{Level, RegionCode};
use crate::data::divisions::Divisions;

/// How a hit matched; hits are ordered by this first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum MatchKind {
    /// The query is this region's code, in any spelling `RegionCode::parse` accepts.
    Code,
    /// The query's digits begin this region's code.
    CodePrefix,
    /// The query is the name, the name without its admin suffix, or, for an autonomous region,
    /// that plus the suffix's last character (黔西南州, 凉山州).
    Exact,
    /// The name begins with the query.
    Prefix,
    /// The name contains the query.
    Substring,
    /// The query is the pinyin of the name (or of the name without its suffix), or begins it.
    Pinyin,
    /// The query is the pinyin initials of the name, or begins them.
    PinyinInitials,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SearchHit {
    pub code: RegionCode,
    pub name: String,
    /// The name with its parents, e.g. "万峰林街道 · 兴义市 · 黔西南布依族苗族自治州 · 贵州省", so
    /// duplicate township names can be told apart.
    pub qualified_name: String,
    pub level: Level,
    pub matched: MatchKind,
}

/// One region. Text lives in the index's shared haystacks; an entry holds offsets into them, so
/// building the index allocates a few large strings instead of several small ones per region.
struct Entry {
    /// Byte range of the code in `SearchIndex::codes`.
    code_at: u32,
    code_len: u8,
    /// Byte offset of the name in `SearchIndex::names` (just after its leading '\n').
    name_at: u32,
    name_len: u32,
    /// Byte length of the name without its admin suffix (`name_len` when nothing is stripped).
    stem_len: u32,
    /// Statistical groupings (市辖区, 省直辖县级行政区划) are found by code but not by name: a
    /// search for "市辖区" listing hundreds of them helps no one.
    by_name: bool,
    pinyin_at: u32,
    pinyin_len: u32,
    stem_pinyin_len: u32,
    initials_at: u32,
    initials_len: u32,
    stem_initials_len: u32,
}

pub struct SearchIndex {
    /// In code order (the registry's order), so a code prefix is a contiguous run and a code is
    /// found by binary search.
    entries: Vec<Entry>,
    /// Every code, back to back.
    codes: String,
    /// "\n名称\n名称\n…\n": one haystack, so a name search is a single substring scan (memchr-fast
    /// natively, and far cheaper than 44k separate `contains` calls in wasm). '\n' never occurs in
    /// a query, so no match spans two names, and "\n" + query finds exactly the prefix matches.
    names: String,
    /// Toneless pinyin of each name, ü written `v` as on pinyin keyboards; same layout.
    pinyin: String,
    /// First letter of each syllable; same layout.
    initials: String,
}

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

/// Offsets are stored as u32: the haystacks of the 44,703-region registry are under 2 MB.
fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("search index text exceeds 4 GiB")
}

impl SearchIndex {
    pub fn new(divisions: &Divisions) -> SearchIndex {
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
                index.push(code, name);
            }
        }
        index
    }

    fn push(&mut self, code: &RegionCode, name: &str) {
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
            push_pinyin(c, &mut self.pinyin, &mut self.initials);
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
            by_name: !(code.level() == Level::Prefecture
                && (name == "市辖区" || name == "县" || name.contains("直辖"))),
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

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

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
        candidates.sort_unstable();
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

    fn code_str(&self, index: usize) -> &str {
        self.code_of(&self.entries[index])
    }

    fn code_of(&self, e: &Entry) -> &str {
        &self.codes[e.code_at as usize..e.code_at as usize + usize::from(e.code_len)]
    }

    fn code(&self, index: usize) -> RegionCode {
        RegionCode::from_normalised(self.code_str(index)).expect("copied from a normalised code")
    }

    fn level(&self, index: usize) -> Level {
        Level::from_code_len(usize::from(self.entries[index].code_len))
            .expect("copied from a normalised code")
    }

    fn name(&self, index: usize) -> &str {
        let e = &self.entries[index];
        &self.names[e.name_at as usize..(e.name_at + e.name_len) as usize]
    }

    fn candidate(&self, tier: Tier, index: usize) -> Candidate {
        (
            tier,
            self.level(index),
            self.name(index).chars().count(),
            index,
        )
    }

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
        indexes.sort_unstable();
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
        // "黔西南州", "凉山州": the stem plus the last character of an autonomous region's
        // suffix, which is how the press writes these names. The stem begins the name, so a
        // prefix scan for the query less its last character finds them.
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
        found.sort_unstable();
        found.dedup_by_key(|(i, _)| *i);
        found
            .into_iter()
            .filter(|&(i, _)| self.entries[i].by_name)
            .map(|(i, tier)| self.candidate(tier, i))
            .collect()
    }

    fn position(&self, code: &str) -> Option<usize> {
        let at = self.entries.partition_point(|e| self.code_of(e) < code);
        (at < self.entries.len() && self.code_str(at) == code).then_some(at)
    }

    /// The same text as [`Divisions::qualified_name`] (a test holds them equal), computed from the
    /// index's own names so the index does not borrow or copy the registry.
    fn qualified_name(&self, code: &RegionCode) -> String {
        let mut parts = Vec::new();
        let mut region = Some(code.clone());
        while let Some(r) = region {
            if r.level() == Level::Nation {
                break;
            }
            if let Some(index) = self.position(r.as_str()) {
                let name = self.name(index);
                if !(r.level() == Level::Prefecture && (name == "市辖区" || name.contains("直辖")))
                {
                    parts.push(name);
                }
            }
            region = r.parent();
        }
        parts.join(" · ")
    }
}

fn push_pinyin(c: char, pinyin: &mut String, initials: &mut String) {
    match c.to_pinyin() {
        Some(p) => {
            // Heteronyms take the crate's most common reading; place names with a special one
            // (六安 Lù'ān) are still found by their characters and code.
            for (i, ch) in p.plain().chars().enumerate() {
                let ch = if ch == 'ü' { 'v' } else { ch };
                pinyin.push(ch);
                if i == 0 {
                    initials.push(ch);
                }
            }
        }
        None if c.is_ascii_alphanumeric() => {
            let c = c.to_ascii_lowercase();
            pinyin.push(c);
            initials.push(c);
        }
        None => {}
    }
}

/// Full-width forms to ASCII, ASCII letters to lower case, whitespace and pinyin apostrophes
/// dropped: "５２２３", "5223 01", "Wan Feng Lin" and "xi'an" are typed as people type them.
fn normalise_query(query: &str) -> String {
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

/// Ethnic groups as they appear in autonomous-region names. Multi-character ones also appear
/// without 族 (博尔塔拉蒙古自治州, 伊犁哈萨克自治州).
const ETHNIC_GROUPS: [&str; 55] = [
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
];

/// The name people search for: 黔西南布依族苗族自治州 → 黔西南, 万峰林街道 → 万峰林,
/// 农丰满族锡伯族镇 → 农丰. At least two characters are always kept, so 和县 stays 和县 and
/// 内蒙古自治区 stays 内蒙古 rather than becoming 内.
fn stem(name: &str) -> &str {
    let keeps_two = |s: &str| s.chars().nth(1).is_some();
    let Some((mut stem, suffix)) = SUFFIXES.iter().find_map(|suffix| {
        name.strip_suffix(suffix)
            .filter(|s| keeps_two(s))
            .map(|s| (s, *suffix))
    }) else {
        return name;
    };
    // A group without 族 is stripped only before 自治…: 高山镇 and 保安镇 are ordinary towns.
    let bare_groups = suffix.starts_with("自治");
    // Strip trailing ethnic groups one at a time: 积石山保安族东乡族撒拉族 → 积石山. Most stems
    // (镇, 乡, 街道) end in neither, and skipping the 55-group scan for them halves the build.
    while stem.ends_with('族') || bare_groups {
        let shorter = ETHNIC_GROUPS.iter().find_map(|group| {
            let with_zu = stem.strip_suffix('族').and_then(|s| s.strip_suffix(group));
            let bare = (bare_groups && group.chars().count() > 1)
                .then(|| stem.strip_suffix(group))
                .flatten();
            with_zu.or(bare).filter(|s| keeps_two(s))
        });
        match shorter {
            Some(shorter) => stem = shorter,
            None => break,
        }
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn divisions() -> &'static Divisions {
        static DIVISIONS: OnceLock<Divisions> = OnceLock::new();
        DIVISIONS.get_or_init(|| {
            let path = format!("{}/../data/divisions.csv", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            Divisions::from_csv("divisions.csv", &text).expect("shipped registry loads")
        })
    }

    fn index() -> &'static SearchIndex {
        static INDEX: OnceLock<SearchIndex> = OnceLock::new();
        INDEX.get_or_init(|| SearchIndex::new(divisions()))
    }

    fn codes(hits: &[SearchHit]) -> Vec<&str> {
        hits.iter().map(|h| h.code.as_str()).collect()
    }

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

    #[test]
    fn queries_are_normalised() {
        assert_eq!(normalise_query(" ５２２３ "), "5223");
        assert_eq!(normalise_query("万峰林\u{3000}街道"), "万峰林街道");
        assert_eq!(normalise_query("Wan Feng Lin"), "wanfenglin");
        assert_eq!(normalise_query("Ｘｉ'an"), "xian");
    }

    #[test]
    fn exact_township_name_comes_first_with_its_county() {
        let hits = index().search("万峰林街道", 10);
        assert_eq!(hits[0].code.as_str(), "522301008");
        assert_eq!(hits[0].name, "万峰林街道");
        assert_eq!(hits[0].level, Level::Township);
        assert_eq!(hits[0].matched, MatchKind::Exact);
        assert_eq!(
            hits[0].qualified_name,
            "万峰林街道 · 兴义市 · 黔西南布依族苗族自治州 · 贵州省"
        );
    }

    #[test]
    fn duplicate_names_are_listed_apart() {
        let hits = index().search("万峰林", 10);
        let street = hits.iter().find(|h| h.code.as_str() == "522301008");
        let farm = hits.iter().find(|h| h.code.as_str() == "445103400");
        let (street, farm) = (street.expect("万峰林街道"), farm.expect("万峰林场"));
        assert_ne!(street.qualified_name, farm.qualified_name);
        assert!(street.qualified_name.contains("兴义市"));
        assert!(
            farm.qualified_name.contains("潮州市"),
            "{}",
            farm.qualified_name
        );
        // The stem matches the street exactly; the farm only begins with the query.
        assert_eq!(hits[0].code.as_str(), "522301008");
        assert_eq!(street.matched, MatchKind::Exact);
        assert_eq!(farm.matched, MatchKind::Prefix);
    }

    #[test]
    fn names_are_found_without_their_suffix() {
        for query in ["黔西南", "黔西南州", "黔西南布依族苗族自治州"] {
            let hits = index().search(query, 5);
            assert_eq!(hits[0].code.as_str(), "5223", "{query}");
            assert_eq!(hits[0].matched, MatchKind::Exact, "{query}");
            assert_eq!(hits[0].qualified_name, "黔西南布依族苗族自治州 · 贵州省");
        }
        assert_eq!(index().search("贵州", 1)[0].code.as_str(), "52");
        assert_eq!(index().search("兴义", 1)[0].code.as_str(), "522301");
        assert_eq!(index().search("凉山州", 1)[0].code.as_str(), "5134");
        // The short form is for autonomous regions only: 兴义县 is no spelling of 兴义市.
        assert!(index().search("兴义县", 5).is_empty());
    }

    #[test]
    fn higher_levels_and_shorter_names_rank_first_among_equals() {
        // 吉林省 and 吉林市 both match exactly without their suffix: the province first.
        let hits = index().search("吉林", 3);
        assert_eq!(codes(&hits)[..2], ["22", "2202"]);
        // Exact before prefix before substring.
        let hits = index().search("青山", 200);
        let kinds: Vec<MatchKind> = hits.iter().map(|h| h.matched).collect();
        let mut sorted = kinds.clone();
        sorted.sort();
        assert_eq!(kinds, sorted);
        assert!(kinds.contains(&MatchKind::Substring), "{kinds:?}");
        for pair in hits.windows(2) {
            if pair[0].matched == pair[1].matched {
                let key = |h: &SearchHit| (h.level, h.name.chars().count());
                assert!(key(&pair[0]) <= key(&pair[1]), "{pair:?}");
            }
        }
    }

    #[test]
    fn codes_match_in_every_spelling() {
        let hits = index().search("5223", 20);
        assert_eq!(hits[0].code.as_str(), "5223");
        assert_eq!(hits[0].matched, MatchKind::Code);
        // Then what the code begins: its counties before their townships.
        assert_eq!(hits[1].code.as_str(), "522301");
        assert!(hits[1..]
            .iter()
            .all(|h| h.matched == MatchKind::CodePrefix && h.code.as_str().starts_with("5223")));
        assert_eq!(hits[9].level, Level::Township);

        for query in ["522301008000", "522301008", "5223010080"] {
            assert_eq!(
                index().search(query, 5)[0].code.as_str(),
                "522301008",
                "{query}"
            );
        }
        for (query, want) in [
            ("156522301", "522301"),
            ("522300", "5223"),
            ("520000", "52"),
        ] {
            let hits = index().search(query, 5);
            assert_eq!(hits[0].code.as_str(), want, "{query}");
            assert_eq!(hits[0].matched, MatchKind::Code, "{query}");
        }
        // A partial code that is no code yet still lists what it begins.
        let hits = index().search("52230", 5);
        assert!(hits.iter().all(|h| h.code.as_str().starts_with("52230")));
        assert!(!hits.is_empty());
        // Municipal groupings are not found by name, but their code still finds them.
        assert_eq!(index().search("5001", 1)[0].code.as_str(), "5001");
        assert!(index()
            .search("市辖区", 5)
            .iter()
            .all(|h| h.name != "市辖区"));
    }

    #[test]
    fn full_width_digits_and_spaces_are_normalised() {
        assert_eq!(index().search("５２２３", 1)[0].code.as_str(), "5223");
        assert_eq!(index().search(" 5223 01 ", 1)[0].code.as_str(), "522301");
        assert_eq!(
            index().search(" 万峰林 街道 ", 1)[0].code.as_str(),
            "522301008"
        );
    }

    #[test]
    fn blank_and_unknown_queries_find_nothing() {
        for query in ["", "   ", "\u{3000}", "\t\n"] {
            assert!(index().search(query, 10).is_empty(), "{query:?}");
        }
        assert!(index().search("不存在的地名", 10).is_empty());
        assert!(index().search("99", 10).is_empty());
        assert!(index().search("5223010089999", 10).is_empty());
        assert!(index().search("xqzjv", 10).is_empty());
        assert!(index().search("万峰林", 0).is_empty());
    }

    #[test]
    fn the_limit_keeps_the_best() {
        let all = index().search("山", 100_000);
        let few = index().search("山", 25);
        assert!(all.len() > 1_000, "{}", all.len());
        assert_eq!(few, all[..25]);
    }

    #[test]
    fn pinyin_finds_names_typed_without_an_input_method() {
        let hits = index().search("wanfenglin", 10);
        assert_eq!(hits[0].code.as_str(), "522301008");
        assert_eq!(hits[0].matched, MatchKind::Pinyin);
        assert!(codes(&hits).contains(&"445103400"), "{hits:?}");

        let hits = index().search("wfl", 50);
        assert!(codes(&hits).contains(&"522301008"), "{hits:?}");
        assert!(codes(&hits).contains(&"445103400"), "{hits:?}");
        assert!(hits.iter().all(|h| h.matched == MatchKind::PinyinInitials));

        assert_eq!(index().search("qianxinan", 1)[0].code.as_str(), "5223");
        assert_eq!(index().search("QianXiNan", 1)[0].code.as_str(), "5223");
        assert_eq!(index().search("qxn", 1)[0].code.as_str(), "5223");
        assert_eq!(index().search("guizhou", 1)[0].code.as_str(), "52");
        assert_eq!(index().search("xingyi", 1)[0].code.as_str(), "522301");
    }

    /// The haystack scan against a plain filter over every registry name.
    #[test]
    fn name_search_finds_every_name_containing_the_query() {
        let d = divisions();
        let groupings = |code: &RegionCode, name: &str| {
            code.level() == Level::Prefecture
                && (name == "市辖区" || name == "县" || name.contains("直辖"))
        };
        let nation = RegionCode::nation();
        let sample: Vec<&RegionCode> = d.within(&nation).step_by(1499).collect();
        for (n, code) in sample.into_iter().enumerate() {
            let name: Vec<char> = d.name(code).unwrap().chars().collect();
            // Two or three characters: one-character queries (镇) list half the registry, which
            // only slows the test down.
            let len = (2 + n % 2).min(name.len());
            let from = n % (name.len() + 1 - len);
            let query: String = name[from..from + len].iter().collect();
            let hits = index().search(&query, usize::MAX);
            let mut found: Vec<&str> = codes(&hits);
            found.sort_unstable();
            let want: Vec<&str> = d
                .within(&nation)
                .filter(|c| {
                    let name = d.name(c).unwrap();
                    name.contains(query.as_str()) && !groupings(c, name)
                })
                .map(|c| c.as_str())
                .collect();
            let extra: Vec<&SearchHit> = hits
                .iter()
                .filter(|h| want.binary_search(&h.code.as_str()).is_err())
                .collect();
            assert!(
                extra.iter().all(|h| h.matched == MatchKind::Exact),
                "{query}: {extra:?}"
            );
            assert!(
                want.iter().all(|c| found.binary_search(c).is_ok()),
                "{query}"
            );
        }
    }

    #[test]
    fn pinyin_search_finds_every_name_the_pinyin_begins() {
        let index = index();
        for query in ["xing", "wanf", "qxn", "lv", "a"] {
            let hits = index.search(query, usize::MAX);
            let want: Vec<&str> = (0..index.len())
                .filter(|&i| {
                    let e = &index.entries[i];
                    let at = |start: u32, len: u32| start as usize..(start + len) as usize;
                    e.by_name
                        && (index.pinyin[at(e.pinyin_at, e.pinyin_len)].starts_with(query)
                            || index.initials[at(e.initials_at, e.initials_len)].starts_with(query))
                })
                .map(|i| index.code_str(i))
                .collect();
            let mut found = codes(&hits);
            found.sort_unstable();
            assert_eq!(found, want, "{query}");
        }
    }

    #[test]
    fn qualified_names_match_the_registry() {
        let d = divisions();
        for code in d.within(&RegionCode::nation()).step_by(97) {
            assert_eq!(
                index().qualified_name(code),
                d.qualified_name(code),
                "{code}"
            );
        }
        assert_eq!(index().len(), d.len());
    }
}
