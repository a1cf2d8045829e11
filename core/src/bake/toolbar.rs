//! The toolbar's box in a baked page: the app's bar above the map (`src/panels/toolbar.rs`:
//! the up button, search, the present, share and language buttons beside the breadcrumbs, then
//! the map settings) written with the same elements and classes, so the same CSS gives it the
//! same size at every width, and the baked map sits where the app's map will. Nothing in it can
//! be used before the app takes over, so it is reserved, not shown: `baked-reserve` hides it
//! (`visibility: hidden` keeps the box), and it is hidden from assistive technology and the
//! keyboard.

use std::fmt::Write;

use crate::draw::svg::escape;
use crate::lang::Lang;
use crate::style::classify::{MapMode, Scheme};
use crate::style::view::View;

/// What reserved elements carry: hidden, out of the tab order, inert.
const RESERVED: &str = r#"aria-hidden="true" tabindex="-1" disabled="""#;

/// The buttons and search box the app adds to the breadcrumbs' row, after its `</ol>`.
pub(super) fn nav_reserve(out: &mut String, lang: Lang) {
    let _ = write!(
        out,
        r#"<button class="up baked-reserve" {RESERVED}>{}</button><div class="search baked-reserve" aria-hidden="true"><input type="search" {RESERVED} placeholder="{}" /></div><button class="tool baked-reserve" {RESERVED}>{}</button><button class="tool baked-reserve" {RESERVED}>{}</button><button class="lang baked-reserve" {RESERVED}>{}</button>"#,
        lang.pick("↑ 上一级", "↑ Up"),
        lang.pick(
            "搜索地区、拼音、代码或站点地址",
            "Search region, pinyin, code or station address"
        ),
        lang.pick("演示模式", "Present"),
        lang.pick("分享/嵌入", "Share / embed"),
        lang.pick("English", "中文"),
    );
}

/// The map settings under the breadcrumbs: the mode buttons, the bins and the time slider.
pub(super) fn controls_reserve(out: &mut String, view: &View) {
    let lang = view.lang;
    out.push_str(
        r#"<section class="controls baked-reserve" aria-hidden="true"><div class="modes">"#,
    );
    for mode in MapMode::ALL {
        let active = if mode == view.mode { " active" } else { "" };
        let _ = write!(
            out,
            r#"<button class="{active}" {RESERVED}>{}</button>"#,
            escape(mode.title(lang))
        );
    }
    let hidden = if view.mode == MapMode::Coverage {
        ""
    } else {
        " hidden"
    };
    let _ = write!(
        out,
        r#"</div><label class="scheme{hidden}">{}<select {RESERVED}>"#,
        lang.pick("分段 ", "Bins ")
    );
    for scheme in Scheme::ALL {
        let selected = if scheme == view.scheme {
            r#" selected="""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<option{selected}>{}</option>"#,
            escape(scheme.label(lang))
        );
    }
    let when = match view.month {
        Some(month) => month.label(),
        None => lang
            .pick("最新（含未注明日期）", "latest (incl. undated)")
            .to_string(),
    };
    let _ = write!(
        out,
        r#"</select></label><div class="time"><button class="play" {RESERVED}>▶</button><input type="range" {RESERVED} /><span class="time-label">{}</span></div></section>"#,
        escape(&match lang {
            Lang::Zh => format!("截至 {when}"),
            Lang::En => format!("as of {when}"),
        })
    );
}
