//! The pieces both imports show the same way: the drop zone with its file picker, a job's
//! progress bar with Cancel or its error line, and a CSV download link.

use atlas_core::import::decode::ASKS_FOR_ENCODING;
use atlas_core::import::{Phase, Step, TextEncoding};
use atlas_core::lang::{Lang, Text};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::job::{ImportJob, JobKind, JobState};

/// A label that takes a file by drop or by its picker (`data-testid` `<kind>-file`).
#[component]
pub fn DropZone(
    kind: JobKind,
    lang: RwSignal<Lang>,
    /// What the zone says, in each language.
    zh: &'static str,
    en: &'static str,
    accept: &'static str,
    on_file: Callback<web_sys::File>,
    /// The user reaches for a file: the file dialog opens or a file is dragged in.
    on_reach: Callback<()>,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    view! {
        <label class="drop" class:dragging=move || dragging.get()
            on:click=move |_| on_reach.run(())
            on:dragenter=move |_| on_reach.run(())
            on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                dragging.set(false);
                if let Some(file) = dropped_file(&ev) { on_file.run(file) }
            }>
            <span>{move || if lang.get() == Lang::Zh { zh } else { en }}</span>
            <input type="file" data-testid=format!("{}-file", kind.key()) accept=accept
                on:change=move |ev| if let Some(file) = chosen_file(&ev) { on_file.run(file) } />
        </label>
    }
}

/// What a job shows between its drop zone and its report: the bar while it runs, the message
/// when it failed, nothing otherwise.
#[component]
pub fn JobStatus(job: ImportJob, lang: RwSignal<Lang>) -> impl IntoView {
    #[derive(Clone, PartialEq)]
    enum Shown {
        Nothing,
        Bar,
        Error(Text),
    }
    // Only a change of what is shown rebuilds it: progress steps update the one bar, so its
    // Cancel button stays put under the pointer.
    let shown = Memo::new(move |_| match job.state() {
        JobState::Running { .. } => Shown::Bar,
        JobState::Failed(message) => Shown::Error(message),
        JobState::Idle | JobState::Done | JobState::Cancelled => Shown::Nothing,
    });
    let key = job.kind().key();
    move || match shown.get() {
        Shown::Nothing => ().into_any(),
        Shown::Bar => view! { <ProgressBar job lang /> }.into_any(),
        Shown::Error(message) => {
            let asks = message.en.contains(ASKS_FOR_ENCODING);
            view! {
                <p class="import-error" role="alert" data-testid=format!("{key}-error")>{move || message.get(lang.get()).to_string()}</p>
                {asks.then(|| view! { <EncodingChoice job lang /> })}
            }
            .into_any()
        }
    }
}

/// The encodings a station file can be read again in, offered under a message that asks.
#[component]
fn EncodingChoice(job: ImportJob, lang: RwSignal<Lang>) -> impl IntoView {
    let zh = move || lang.get() == Lang::Zh;
    let options = TextEncoding::CHOICES.map(|(key, encoding)| {
        view! { <option value=key>{move || encoding_label(encoding, lang.get())}</option> }
    });
    view! {
        <label class="import-encoding">
            {move || if zh() { "按此编码重新读取：" } else { "Read the file again as: " }}
            <select data-testid="stations-encoding" on:change=move |ev| {
                let key = event_target_value(&ev);
                let chosen = TextEncoding::CHOICES.iter().find(|(k, _)| *k == key);
                if let Some((_, encoding)) = chosen { job.reread_as(*encoding) }
            }>
                <option value="" selected>{move || if zh() { "（选择编码）" } else { "(choose an encoding)" }}</option>
                {options}
            </select>
        </label>
    }
}

fn encoding_label(encoding: TextEncoding, lang: Lang) -> String {
    match (encoding, lang) {
        (TextEncoding::Gb18030, Lang::Zh) => "GBK/GB18030（简体）".into(),
        (TextEncoding::Big5, Lang::Zh) => "Big5（繁體）".into(),
        (TextEncoding::Utf8Replacing, Lang::Zh) => "UTF-8，其余字节记为 �".into(),
        (encoding, _) => encoding.to_string(),
    }
}

/// A running job's file, phase and share done, with a Cancel button.
#[component]
fn ProgressBar(job: ImportJob, lang: RwSignal<Lang>) -> impl IntoView {
    let running = Memo::new(move |_| match job.state() {
        JobState::Running { file, step, .. } => Some((file, step)),
        _ => None,
    });
    let step = move || running.get().and_then(|(_, step)| step);
    let zh = move || lang.get() == Lang::Zh;
    view! {
        <div class="import-progress" role="status" data-testid=format!("{}-progress", job.kind().key())
            data-phase=move || step().map(|s| format!("{:?}", s.phase).to_lowercase())>
            <span class="what">{move || running.get().map(|(file, step)| format!("{file}: {}", progress_text(step, lang.get())))}</span>
            <progress max="1" value=move || step().and_then(|s| s.fraction()).map(|f| f.to_string())
                aria-label=move || if zh() { "导入进度" } else { "Import progress" }></progress>
            <button type="button" data-testid="import-cancel" on:click=move |_| job.cancel()>
                {move || if zh() { "取消" } else { "Cancel" }}
            </button>
        </div>
    }
}

/// A link that downloads `csv` (with a BOM, so spreadsheet programs read it as UTF-8).
#[component]
pub fn CsvDownload(
    test_id: &'static str,
    file_name: &'static str,
    csv: String,
    lang: RwSignal<Lang>,
    zh: &'static str,
    en: &'static str,
) -> impl IntoView {
    let href = data_href("text/csv", &format!("\u{feff}{csv}"));
    view! {
        <a data-testid=test_id download=file_name href=href>
            {move || if lang.get() == Lang::Zh { zh } else { en }}
        </a>
    }
}

/// A `data:` address holding `text` as UTF-8, for a download link.
pub fn data_href(mime: &str, text: &str) -> String {
    format!(
        "data:{mime};charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(text))
    )
}

fn progress_text(step: Option<Step>, lang: Lang) -> String {
    let Some(step) = step else {
        return "…".into();
    };
    let label = step.phase.label(lang);
    match (step.phase, step.fraction()) {
        (Phase::Reading, _) => format!(
            "{label} {:.1} / {:.1} MB",
            step.done as f64 / 1_048_576.0,
            step.total as f64 / 1_048_576.0
        ),
        (_, Some(f)) => format!("{label} {:.0}%", f * 100.0),
        (_, None) => format!("{label} …"),
    }
}

/// The file an `<input type=file>` change event carries, if any.
fn chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    input.files()?.get(0)
}

fn dropped_file(ev: &web_sys::DragEvent) -> Option<web_sys::File> {
    ev.data_transfer()?.files()?.get(0)
}
