//! The button "下载简报（PDF）" / "Download briefing (PDF)": the A4 briefing pack of the view on
//! show, made by the briefing-pack binary (`src/outputs/brief_pdf.rs`), which is fetched and
//! started on the first press, never in the first load. The line beside the button says what
//! is happening, the file saved, or why the pack could not be made, in the page's language.

use std::cell::{Cell, RefCell};

use atlas_core::data::code::RegionCode;
use atlas_core::date::{Day, Month};
use atlas_core::lang::{Lang, Text};
use coverage_atlas::import::events::{listen_text, send_text};
use coverage_atlas::now_ms;
use coverage_atlas::outputs::brief_link::{
    BriefDone, BriefRequest, DONE_EVENT, REQUEST_EVENT, SCRIPT, WASM,
};
use coverage_atlas::start_detached_app;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where a press stands.
#[derive(Clone, Debug, PartialEq)]
enum Progress {
    Idle,
    Working,
    /// Saved, with the milliseconds from the press.
    Saved {
        done: BriefDone,
        ms: f64,
    },
    Failed(Text),
}

/// What is done with the binary's reply.
type OnDone = Box<dyn Fn(BriefDone)>;

thread_local! {
    /// The binary has been started (it is started once per page).
    static STARTED: Cell<bool> = const { Cell::new(false) };
    /// Where the binary's reply goes: the button pressed last.
    static ON_DONE: RefCell<Option<OnDone>> = const { RefCell::new(None) };
}

/// The button and its status line.
#[component]
pub fn BriefButton(
    focus: RwSignal<RegionCode>,
    month: RwSignal<Option<Month>>,
    lang: RwSignal<Lang>,
    today: Day,
) -> impl IntoView {
    let progress = RwSignal::new(Progress::Idle);
    let press = move |_| {
        if progress.get_untracked() == Progress::Working {
            return;
        }
        progress.set(Progress::Working);
        let started_ms = now_ms();
        ON_DONE.with_borrow_mut(|slot| {
            *slot = Some(Box::new(move |done| {
                progress.set(match done {
                    BriefDone::Failed(text) => Progress::Failed(text),
                    done => Progress::Saved {
                        done,
                        ms: now_ms() - started_ms,
                    },
                })
            }))
        });
        let request = BriefRequest {
            focus: focus.get_untracked(),
            month: month.get_untracked(),
            today,
            lang: lang.get_untracked(),
        };
        spawn_local(async move {
            match start_once().await {
                Ok(()) => send_text(REQUEST_EVENT, &request.encode()),
                Err(why) => progress.set(Progress::Failed(unavailable(&why))),
            }
        });
    };
    let label = move || {
        lang.get()
            .pick("下载简报（PDF）", "Download briefing (PDF)")
    };
    let status = move || status_line(&progress.get(), lang.get());
    let state = move || match progress.get() {
        Progress::Idle => "idle",
        Progress::Working => "working",
        Progress::Saved { .. } => "saved",
        Progress::Failed(_) => "failed",
    };
    let figure = move |pick: fn(&BriefDone, f64) -> String| match progress.get() {
        Progress::Saved { done, ms } => pick(&done, ms),
        _ => String::new(),
    };
    let pages = move || figure(|d, _| saved(d).map_or(0, |s| s.0).to_string());
    let bytes = move || figure(|d, _| saved(d).map_or(0, |s| s.1).to_string());
    let fetched = move || figure(|d, _| saved(d).map_or(0, |s| s.2).to_string());
    let ms = move || figure(|_, ms| format!("{ms:.0}"));
    let alert = move || matches!(progress.get(), Progress::Failed(_)).then_some("alert");
    view! {
        <button data-testid="brief-pdf" class="brief-pdf" on:click=press
            disabled=move || progress.get() == Progress::Working>{label}</button>
        <span class="brief-status" data-testid="brief-status" data-state=state role=alert
            aria-live="polite" data-pages=pages data-bytes=bytes data-fetched-bytes=fetched
            data-ms=ms>{status}</span>
    }
}

/// Pages, bytes and bytes fetched of a saved pack.
fn saved(done: &BriefDone) -> Option<(usize, usize, usize)> {
    match done {
        BriefDone::Saved {
            pages,
            bytes,
            fetched_bytes,
            ..
        } => Some((*pages, *bytes, *fetched_bytes)),
        BriefDone::Failed(_) => None,
    }
}

fn status_line(progress: &Progress, lang: Lang) -> String {
    match progress {
        Progress::Idle => String::new(),
        Progress::Working => lang
            .pick("正在生成简报……", "Making the briefing pack…")
            .to_string(),
        Progress::Saved {
            done: BriefDone::Saved {
                pages, file_name, ..
            },
            ..
        } => match lang {
            Lang::Zh => format!("已保存 {file_name}（{pages} 页）"),
            Lang::En => format!("Saved {file_name} ({pages} pages)"),
        },
        Progress::Saved { .. } => String::new(),
        Progress::Failed(text) => text.get(lang).to_string(),
    }
}

/// Fetches and starts the binary the first time; its replies go to the button pressed last.
async fn start_once() -> Result<(), String> {
    if STARTED.get() {
        return Ok(());
    }
    start_detached_app(SCRIPT, WASM).await?;
    STARTED.set(true);
    listen_text(DONE_EVENT, |detail| {
        let done = BriefDone::decode(&detail);
        ON_DONE.with_borrow(|slot| {
            if let Some(on_done) = slot {
                on_done(done)
            }
        });
    });
    Ok(())
}

/// The binary could not be fetched or started.
fn unavailable(why: &str) -> Text {
    Text::new(
        format!("简报程序（{SCRIPT}）未能加载，无法生成简报 PDF：{why}"),
        format!(
            "The briefing pack ({SCRIPT}) could not be loaded, so the PDF cannot be made: {why}"
        ),
    )
}
