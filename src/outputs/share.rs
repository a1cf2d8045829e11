//! Sharing a view: the panel with this view's link and an iframe snippet that embeds it, and,
//! inside an embed, the link that opens the full map.

use atlas_core::draw::svg::escape;
use leptos::prelude::*;

use crate::state::view::ViewState;

/// The page's address without its query.
fn page_base() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('?').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

#[component]
pub fn SharePanel(state: ViewState) -> impl IntoView {
    let link = move || {
        // The URL follows the view; read it again whenever the view changes.
        let _ = state.url_state();
        web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default()
    };
    let snippet = move || {
        let mut view = state.url_state();
        view.embed = true;
        view.present = false;
        let src = format!("{}{}", page_base(), view.to_query());
        // The view in words is the map's text alternative: the frame's title names it, the
        // caption says what it shows, for readers who cannot see it (and for everyone).
        let (title, summary) = state
            .styled
            .with(|s| (escape(&s.words.title), escape(&s.words.summary)));
        format!("<figure style=\"margin:0\"><iframe src=\"{src}\" title=\"{title}\" width=\"800\" height=\"600\" style=\"border:0\" loading=\"lazy\"></iframe><figcaption>{summary}</figcaption></figure>")
    };
    view! {
        <div class="share" data-testid="share-panel">
            <label>{move || state.pick("本视图链接", "Link to this view")}
                <input readonly data-testid="share-link" prop:value=link /></label>
            <label>{move || state.pick("嵌入代码（iframe）", "Embed code (iframe)")}
                <textarea readonly rows="3" data-testid="embed-snippet" prop:value=snippet></textarea></label>
        </div>
    }
}

/// In an embed: a link to the same view with the full page around it.
#[component]
pub fn EmbedLink(state: ViewState) -> impl IntoView {
    let href = move || {
        let mut view = state.url_state();
        view.embed = false;
        view.to_query()
    };
    state.embed.then(|| {
        view! {
            <nav aria-label=move || state.pick("完整地图", "Full map")>
                <a class="embed-open" data-testid="embed-open" target="_blank" rel="noopener" href=href>
                    {move || state.pick("打开完整地图 ↗", "Open the full map ↗")}
                </a>
            </nav>
        }
    })
}
