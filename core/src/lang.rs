//! The language of everything the atlas writes for people: labels, legends, summaries, reports.
//! Chinese first, since the readers are Chinese bureaus and citizens; English for everyone else.

/// The language a view, figure or report is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Simplified Chinese (zh-CN), the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// True for Chinese: most call sites choose between two literals.
    pub fn is_zh(self) -> bool {
        self == Lang::Zh
    }

    /// The text in this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// `zh` or `en`, as in URLs and `--lang`.
    pub fn key(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Parses `zh`/`zh-CN`/`cn` or `en`/`en-*`; anything else is `None`.
    pub fn from_key(key: &str) -> Option<Lang> {
        let key = key.trim().to_ascii_lowercase();
        if key == "zh" || key.starts_with("zh-") || key == "cn" {
            Some(Lang::Zh)
        } else if key == "en" || key.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }
}
