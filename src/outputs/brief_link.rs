//! What the page and its briefing-pack binary (`src/outputs/brief_pdf.rs`, fetched when the
//! reader first asks for the pack) say to each other, as window events with a string detail:
//! the page asks for the pack of a view ([`BriefRequest`]) once the binary has started (it
//! listens from its `main`); the binary says whether the PDF was saved or why not
//! ([`BriefDone`]), in both languages. In the library,
//! so both binaries read and write the same format.

use atlas_core::data::code::RegionCode;
use atlas_core::date::{Day, Month};
use atlas_core::lang::{Lang, Text};

/// The page asks for a pack: detail [`BriefRequest::encode`].
pub const REQUEST_EVENT: &str = "atlas-brief-request";
/// The binary saved the PDF or could not: detail [`BriefDone::encode`].
pub const DONE_EVENT: &str = "atlas-brief-done";

/// The binary's script and wasm as Trunk writes them into the site (fixed names).
pub const SCRIPT: &str = "brief-pdf.js";
/// See [`SCRIPT`].
pub const WASM: &str = "brief-pdf_bg.wasm";

/// Between the fields of a detail: no region code, date, language or message holds it.
const SEP: char = '\u{1f}';

/// The view a pack is made for.
#[derive(Clone, Debug, PartialEq)]
pub struct BriefRequest {
    /// The region on show.
    pub focus: RegionCode,
    /// The month on show; `None` for the latest figures.
    pub month: Option<Month>,
    /// The day deadlines are judged on.
    pub today: Day,
    /// The page's language.
    pub lang: Lang,
}

impl BriefRequest {
    /// `focus␟month␟today␟lang`, the nation and the latest month as empty fields.
    pub fn encode(&self) -> String {
        let month = self.month.map(|m| m.label()).unwrap_or_default();
        let (focus, today, lang) = (self.focus.as_str(), self.today, self.lang.key());
        format!("{focus}{SEP}{month}{SEP}{today}{SEP}{lang}")
    }

    /// The request [`encode`](Self::encode) wrote, or `None`.
    pub fn decode(detail: &str) -> Option<BriefRequest> {
        let mut fields = detail.split(SEP);
        let focus = match fields.next()? {
            "" => RegionCode::nation(),
            code => RegionCode::parse(code).ok()?,
        };
        let month = match fields.next()? {
            "" => None,
            m => Some(Month::parse(m)?),
        };
        let today = Day::parse(fields.next()?)?;
        let lang = Lang::from_key(fields.next()?)?;
        Some(BriefRequest {
            focus,
            month,
            today,
            lang,
        })
    }
}

/// How a request ended.
#[derive(Clone, Debug, PartialEq)]
pub enum BriefDone {
    /// The PDF was handed to the browser to save as `file_name`.
    Saved {
        /// Its pages.
        pages: usize,
        /// Its size.
        bytes: usize,
        /// What it is saved as: region and date.
        file_name: String,
        /// Bytes the binary fetched for it (the atlas's files not counted: the page fetched
        /// them first and the browser has them).
        fetched_bytes: usize,
    },
    /// It could not be made, and why.
    Failed(Text),
}

impl BriefDone {
    /// `saved␟pages␟bytes␟file␟fetched` or `failed␟zh␟en`.
    pub fn encode(&self) -> String {
        match self {
            BriefDone::Saved {
                pages,
                bytes,
                file_name,
                fetched_bytes,
            } => format!("saved{SEP}{pages}{SEP}{bytes}{SEP}{file_name}{SEP}{fetched_bytes}"),
            BriefDone::Failed(text) => format!("failed{SEP}{}{SEP}{}", text.zh, text.en),
        }
    }

    /// What [`encode`](Self::encode) wrote; anything else is a failure saying so.
    pub fn decode(detail: &str) -> BriefDone {
        let fields: Vec<&str> = detail.split(SEP).collect();
        match fields.as_slice() {
            ["saved", pages, bytes, file_name, fetched] => {
                match (pages.parse(), bytes.parse(), fetched.parse()) {
                    (Ok(pages), Ok(bytes), Ok(fetched_bytes)) => BriefDone::Saved {
                        pages,
                        bytes,
                        file_name: file_name.to_string(),
                        fetched_bytes,
                    },
                    _ => unreadable(detail),
                }
            }
            ["failed", zh, en] => BriefDone::Failed(Text::new(*zh, *en)),
            _ => unreadable(detail),
        }
    }
}

fn unreadable(detail: &str) -> BriefDone {
    BriefDone::Failed(Text::new(
        format!("简报程序的回复无法读取：{detail}"),
        format!("The briefing pack's reply could not be read: {detail}"),
    ))
}

/// The file a pack is saved as, named by region and date: `简报-5223-黔西南布依族苗族自治州-2026-12-07.pdf`.
pub fn file_name(code: &RegionCode, name: &str, today: Day, lang: Lang) -> String {
    let code = if code.as_str().is_empty() {
        "china"
    } else {
        code.as_str()
    };
    let word = lang.pick("简报", "brief");
    let name: String = name
        .chars()
        .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .collect();
    format!("{word}-{code}-{name}-{today}.pdf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_replies_read_back() {
        let request = BriefRequest {
            focus: RegionCode::parse("5223").unwrap(),
            month: Month::parse("2026-05"),
            today: Day::from_ymd(2026, 12, 7),
            lang: Lang::En,
        };
        assert_eq!(BriefRequest::decode(&request.encode()), Some(request));
        let nation = BriefRequest {
            focus: RegionCode::nation(),
            month: None,
            today: Day::from_ymd(2026, 12, 7),
            lang: Lang::Zh,
        };
        assert_eq!(BriefRequest::decode(&nation.encode()), Some(nation));
        let saved = BriefDone::Saved {
            pages: 5,
            bytes: 123,
            file_name: "简报-52-贵州省-2026-12-07.pdf".into(),
            fetched_bytes: 9,
        };
        assert_eq!(BriefDone::decode(&saved.encode()), saved);
        let failed = BriefDone::Failed(Text::new("字体", "font"));
        assert_eq!(BriefDone::decode(&failed.encode()), failed);
        assert!(matches!(
            BriefDone::decode("nonsense"),
            BriefDone::Failed(_)
        ));
    }

    #[test]
    fn the_file_is_named_by_region_and_date() {
        let code = RegionCode::parse("52").unwrap();
        let day = Day::from_ymd(2026, 12, 7);
        assert_eq!(
            file_name(&code, "贵州省", day, Lang::Zh),
            "简报-52-贵州省-2026-12-07.pdf"
        );
        let nation = RegionCode::nation();
        assert_eq!(
            file_name(&nation, "China", day, Lang::En),
            "brief-china-China-2026-12-07.pdf"
        );
    }
}
