//! The language of everything the atlas writes for people: labels, legends, summaries, reports.
//! Chinese first, since the readers are Chinese bureaus and citizens; English for everyone else.

/// The language a view, figure or report is written in; `"zh"` or `"en"` in JSON (the page's
/// messages to its import panel).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
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

/// A message for people in both languages, chosen when shown: reports and errors are made once
/// (in the worker, the CLI or a test) and shown in whichever language the page or `--lang` asks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Text {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The message in Chinese and in English.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }

    /// Neither language has any text.
    pub fn is_empty(&self) -> bool {
        self.zh.is_empty() && self.en.is_empty()
    }

    /// Both messages with `f` applied, e.g. to add a prefix in each language.
    pub fn map(&self, f: impl Fn(Lang, &str) -> String) -> Text {
        Text::new(f(Lang::Zh, &self.zh), f(Lang::En, &self.en))
    }
}

/// English, as logs and assertions read it; people see [`Text::get`] in their language.
impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

/// Text the same in both languages: a name, a number, a value quoted from a file, or a message
/// about the shipped data files, which only their maintainers see.
impl From<String> for Text {
    fn from(same: String) -> Text {
        Text::new(same.clone(), same)
    }
}

/// As `From<String>`.
impl From<&str> for Text {
    fn from(same: &str) -> Text {
        Text::from(same.to_string())
    }
}
