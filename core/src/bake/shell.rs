//! A baked page is the built page (Trunk's `index.html`, the shell that loads the app) with the
//! view written into it: its `<title>`, description and share-preview tags in the head, and the
//! baked view first in the body. Both are fenced by comments, so baking the same shell again
//! (`atlas publish --app dist` on a folder already baked) replaces them instead of adding more.

use super::{image_file, page_file, BakedPage, IMAGE_HEIGHT_PX, IMAGE_WIDTH_PX};
use crate::draw::svg::escape;
use crate::lang::Text;

/// The id of the element holding the baked view; the app replaces it when it has drawn.
pub const BAKED_ID: &str = "baked";

const HEAD_START: &str = "<!-- baked-head -->";
const HEAD_END: &str = "<!-- /baked-head -->";
const BODY_START: &str = "<!-- baked -->";
const BODY_END: &str = "<!-- /baked -->";

/// Why a shell could not take a baked view.
pub type ShellError = Text;

/// `shell` with `page` written into it. `site_url` (`https://example.gov.cn/atlas/`) makes the
/// canonical address and the share image absolute, as Open Graph readers want them; without it
/// the image is named relative to the page and no canonical link is written. `image`: whether
/// the share preview was written (no tag names a missing file).
pub fn into_shell(
    shell: &str,
    page: &BakedPage,
    site_url: Option<&str>,
    image: bool,
) -> Result<String, ShellError> {
    let mut html = strip(&strip(shell, HEAD_START, HEAD_END), BODY_START, BODY_END);
    html = without_title(&html);
    let head_at = html.find("</head>").ok_or_else(|| missing("</head>"))?;
    html.insert_str(head_at, &head(page, site_url, image));
    let body_tag = html.find("<body").ok_or_else(|| missing("<body>"))?;
    let body_at = html[body_tag..]
        .find('>')
        .map(|i| body_tag + i + 1)
        .ok_or_else(|| missing("<body>"))?;
    html.insert_str(body_at, &format!("{BODY_START}{}{BODY_END}", page.body));
    Ok(html)
}

fn missing(tag: &str) -> ShellError {
    Text::new(
        format!("index.html：没有 {tag}，无法写入预生成的地图（请先构建页面）"),
        format!("index.html: no {tag} to write the baked map into (build the page first)"),
    )
}

/// `html` without the section between `start` and `end` (markers included), if there is one.
fn strip(html: &str, start: &str, end: &str) -> String {
    match (html.find(start), html.find(end)) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &html[..a], &html[b + end.len()..]),
        _ => html.to_string(),
    }
}

/// The shell's own `<title>`, removed: the baked head brings the view's.
fn without_title(html: &str) -> String {
    match (html.find("<title>"), html.find("</title>")) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &html[..a], &html[b + "</title>".len()..]),
        _ => html.to_string(),
    }
}

/// The head's view-specific tags.
fn head(page: &BakedPage, site_url: Option<&str>, image: bool) -> String {
    let base = site_url.map(|url| {
        if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        }
    });
    let absolute = |file: String| format!("{}{file}", base.as_deref().unwrap_or(""));
    let (title, description) = (escape(&page.title), escape(&page.description));
    let mut out = format!(
        r#"{HEAD_START}<title>{title}</title><meta name="description" content="{description}" /><meta property="og:type" content="website" /><meta property="og:title" content="{title}" /><meta property="og:description" content="{description}" />"#
    );
    if image {
        out.push_str(&format!(
            r#"<meta property="og:image" content="{}" /><meta property="og:image:width" content="{IMAGE_WIDTH_PX}" /><meta property="og:image:height" content="{IMAGE_HEIGHT_PX}" /><meta name="twitter:card" content="summary_large_image" />"#,
            escape(&absolute(image_file(&page.code)))
        ));
    }
    if base.is_some() {
        // The country's address is the site's own, not its index.html.
        let file = page_file(&page.code);
        let url = escape(&absolute(if file == "index.html" {
            String::new()
        } else {
            file
        }));
        out.push_str(&format!(
            r#"<link rel="canonical" href="{url}" /><meta property="og:url" content="{url}" />"#
        ));
    }
    out.push_str(HEAD_END);
    out
}
