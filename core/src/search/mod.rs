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
//!
//! `build` makes the index from the registry, `query` ranks the hits of a query, `stem` strips
//! the admin suffixes and ethnic groups people leave out; `stations` finds a station of the
//! directory by its name or address.

mod build;
pub mod pinyin;
mod query;
pub mod stations;
mod stem;
#[cfg(all(test, feature = "pinyin"))]
mod tests;

use crate::data::code::{Level, RegionCode};
pub use pinyin::PinyinTable;

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

/// One region found, with how it matched.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SearchHit {
    /// The region's code.
    pub code: RegionCode,
    /// Its name in the registry.
    pub name: String,
    /// The name with its parents, e.g. "万峰林街道 · 兴义市 · 黔西南布依族苗族自治州 · 贵州省", so
    /// duplicate township names can be told apart.
    pub qualified_name: String,
    /// The region's level.
    pub level: Level,
    /// How it matched the query.
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

/// Every region of a registry, ready to be found by code, name or pinyin.
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

impl SearchIndex {
    /// Regions in the index.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the index holds no region.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The code of entry `index`, as text.
    fn code_str(&self, index: usize) -> &str {
        self.code_of(&self.entries[index])
    }

    /// The code of an entry, as text.
    fn code_of(&self, e: &Entry) -> &str {
        &self.codes[e.code_at as usize..e.code_at as usize + usize::from(e.code_len)]
    }

    /// The code of entry `index`.
    fn code(&self, index: usize) -> RegionCode {
        RegionCode::from_normalised(self.code_str(index)).expect("copied from a normalised code")
    }

    /// The level of entry `index`, told by its code's length.
    fn level(&self, index: usize) -> Level {
        Level::from_code_len(usize::from(self.entries[index].code_len))
            .expect("copied from a normalised code")
    }

    /// The name of entry `index`.
    fn name(&self, index: usize) -> &str {
        let e = &self.entries[index];
        &self.names[e.name_at as usize..(e.name_at + e.name_len) as usize]
    }

    /// The entry of a normalised code, by binary search (entries are in code order).
    fn position(&self, code: &str) -> Option<usize> {
        let at = self.entries.partition_point(|e| self.code_of(e) < code);
        (at < self.entries.len() && self.code_str(at) == code).then_some(at)
    }

    /// The same text as [`crate::data::divisions::Divisions::qualified_name`] (a test holds them equal), computed from the
    /// index's own names so the index does not borrow or copy the registry.
    fn qualified_name(&self, code: &RegionCode) -> String {
        let mut parts = Vec::new();
        let mut region = Some(code.clone());
        while let Some(r) = region {
            if r.level() == Level::Nation {
                break;
            }
            // Groupings (not found by name) repeat their parent's name: leave them out.
            if let Some(index) = self
                .position(r.as_str())
                .filter(|&i| self.entries[i].by_name)
            {
                parts.push(self.name(index));
            }
            region = r.parent();
        }
        parts.join(" · ")
    }
}
