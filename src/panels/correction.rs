//! "报告数据有误": from the region's panel, a reader says what is wrong with the figure shown,
//! what it should be, with an evidence link and an optional contact. The page makes the record
//! (the core's `Correction`: region, figure as shown, source, permalink) and offers it as an
//! e-mail to the contact the publisher names and as a JSON or CSV file; nothing goes to a server.
//! Everything the reader typed is shown as text only (the evidence link is never made a link).

use atlas_core::data::code::{Level, RegionCode};
use atlas_core::open::correction::{Correction, ReaderReport};
use atlas_core::open::table::figure_shown;
use leptos::prelude::*;

use crate::outputs::open_data::{permalink, save_text};
use crate::state::view::ViewState;

/// The record of `report` against the region on show, made now.
fn make_record(state: ViewState, code: &RegionCode, report: &ReaderReport) -> Correction {
    let month = state.month.get_untracked();
    let link = permalink(state);
    state.coverage.with_untracked(|coverage| {
        state.atlas.with_untracked(|atlas| {
            Correction::new(atlas, coverage, code, month, report, &link, state.today)
        })
    })
}

/// One labelled field of the form, bound to `value`.
fn text_field(
    state: ViewState,
    value: RwSignal<String>,
    testid: &'static str,
    kind: &'static str,
    zh: &'static str,
    en: &'static str,
) -> impl IntoView {
    view! {
        <label>{move || state.pick(zh, en)}
            <input type=kind data-testid=testid maxlength="2000" prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) /></label>
    }
}

/// The record as the reader will send it: every value as text.
fn preview(state: ViewState, record: &Correction) -> impl IntoView {
    let lang = state.lang.get_untracked();
    view! { <pre class="correction-preview" data-testid="correction-preview">{record.body(lang)}</pre> }
}

/// Where the report goes: the publisher's address, or a note that it names none.
fn send_links(state: ViewState, record: &Correction) -> impl IntoView {
    let lang = state.lang.get_untracked();
    let contact = state
        .atlas
        .with_untracked(|a| a.publisher.contact_email.clone())
        .filter(|c| !c.trim().is_empty());
    let publisher = state
        .atlas
        .with_untracked(|a| a.publisher.name(lang).to_string());
    let json = record.clone();
    let csv = record.clone();
    let mail = contact.map(|email| {
        let href = record.mailto(&email, lang);
        view! {
            <a class="mailto" data-testid="correction-mailto" href=href>
                {move || state.pick("用电子邮件发送给发布者：", "E-mail it to the publisher: ")}{email.clone()}
            </a>
        }
    });
    let no_contact = mail.is_none().then(|| {
        let text = match lang {
            atlas_core::lang::Lang::Zh => format!("发布者（{publisher}）未提供更正联系方式。请下载下面的记录，通过发布者公布的渠道提交。"),
            atlas_core::lang::Lang::En => format!("The publisher ({publisher}) names no contact for corrections. Download the record below and send it through the publisher's own channels."),
        };
        view! { <p class="no-contact" data-testid="correction-no-contact">{text}</p> }
    });
    view! {
        {mail}
        {no_contact}
        <div class="open-buttons">
            <button data-testid="correction-json" on:click=move |_| save_text(&json.to_json(), &json.file_name("json"), "application/json")>
                {move || state.pick("下载记录（JSON）", "Download the record (JSON)")}</button>
            <button data-testid="correction-csv" on:click=move |_| save_text(&csv.to_csv(), &csv.file_name("csv"), "text/csv;charset=utf-8")>
                {move || state.pick("下载记录（CSV）", "Download the record (CSV)")}</button>
        </div>
    }
}

/// Counts the changes of the report's subject: a new number each time another region is chosen,
/// the same number while it stays (a memo, so nothing is written when the subject changes).
fn subject_turn(state: ViewState) -> Memo<u32> {
    let turns = Memo::new(move |prev: Option<&(RegionCode, u32)>| {
        let code = state.subject();
        match prev {
            Some((was, n)) if *was == code => (code, *n),
            Some((_, n)) => (code, n + 1),
            None => (code, 0),
        }
    });
    Memo::new(move |_| turns.with(|(_, n)| *n))
}

/// The button under the region's panel and the form it opens.
#[component]
pub fn CorrectionForm(state: ViewState) -> impl IntoView {
    let open = RwSignal::new(false);
    let what = RwSignal::new(String::new());
    let should = RwSignal::new(String::new());
    let evidence = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    // A report is about one region: a record made for an earlier subject is not shown, so
    // choosing another region (even choosing back) starts over.
    let turn = subject_turn(state);
    let record = RwSignal::new(None::<(u32, Correction)>);
    let subject_line = move || {
        let code = state.subject();
        let (name, figure) = state.coverage.with(|coverage| {
            state.atlas.with(|a| {
                let name = a.divisions.name(&code).unwrap_or("").to_string();
                (name, figure_shown(a, coverage, &code))
            })
        });
        let as_of = if figure.as_of.is_empty() {
            String::new()
        } else {
            format!(" · {} {}", state.pick("截至", "as of"), figure.as_of)
        };
        format!("{name} {code} · {}{as_of}", figure.counts())
    };
    let make = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let report = ReaderReport {
            what_is_wrong: what.get_untracked(),
            should_be: should.get_untracked(),
            evidence_url: evidence.get_untracked(),
            contact: contact.get_untracked(),
        };
        let made = make_record(state, &state.subject(), &report);
        record.set(Some((turn.get_untracked(), made)));
    };
    let made = move || {
        record
            .get()
            .filter(|(made_in, _)| *made_in == turn.get())
            .map(|(_, r)| view! { {preview(state, &r)} {send_links(state, &r)} })
    };
    // The country's figure is a sum of the regions': a report names one region.
    let is_nation = move || state.subject().level() == Level::Nation;
    view! {
        <div class="correction" data-testid="correction">
            <Show when=is_nation>
                <p class="hint" data-testid="report-hint">{move || state.pick(
                    "发现数字有误？请先在地图或表格中选择该地区，再点“报告数据有误”。",
                    "A figure looks wrong? Select its region on the map or in the table, then “Report a wrong figure”.",
                )}</p>
            </Show>
            <Show when=move || !is_nation()>
            <button class="report-wrong" data-testid="report-wrong" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || state.pick("报告数据有误", "Report a wrong figure")}
            </button>
            </Show>
            <Show when=move || open.get() && !is_nation()>
                <form class="correction-form" data-testid="correction-form" on:submit=make>
                    <p class="about" data-testid="correction-about">{move || state.pick("关于：", "About: ")}{subject_line}</p>
                    <label>{move || state.pick("哪里有误（必填）", "What is wrong (required)")}
                        <textarea data-testid="correction-what" rows="3" required maxlength="2000" prop:value=move || what.get()
                            on:input=move |ev| what.set(event_target_value(&ev))></textarea></label>
                    {text_field(state, should, "correction-should", "text", "应为", "What it should be")}
                    {text_field(state, evidence, "correction-evidence", "url", "证据链接（通知、报道）", "Evidence link (a notice, an article)")}
                    {text_field(state, contact, "correction-contact", "text", "您的联系方式（可选）", "Your contact (optional)")}
                    <button type="submit" data-testid="correction-make">{move || state.pick("生成报告", "Make the report")}</button>
                    {made}
                </form>
            </Show>
        </div>
    }
}
