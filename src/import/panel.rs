//! The import panel, a wasm module of its own. The page loads it after its first map
//! (`src/import/host.rs`), so the import UI's code, about a sixth of the page's, is not among the
//! bytes a visitor waits for before seeing the map. It mounts into the page's `#import-panel`
//! element, loads the published atlas for its reports (the files are in the browser's cache by
//! then), runs the import worker, and hands what it joins to the page as events
//! (`coverage_atlas::import::events`).

mod form;
mod importer;

use std::rc::Rc;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::model::Station;
use atlas_core::lang::{Lang, Text};
use coverage_atlas::import::events::{listen_for_lang, send, send_boundaries, PanelMessage};
use coverage_atlas::loading::load::load_published_atlas;
use coverage_atlas::update_atlas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use form::{DataImport, JoinedShapes};

/// The element of the page the panel mounts into.
const ROOT_ID: &str = "import-panel";

fn main() {
    console_error_panic_hook::set_once();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(ROOT_ID))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(root) = root {
        leptos::mount::mount_to(root, ImportPanel).forget();
    }
}

/// The panel: the page's language (followed through [`PanelMessage::Lang`]), the atlas its
/// reports read, and the import itself once the atlas is in.
#[component]
fn ImportPanel() -> impl IntoView {
    let lang = RwSignal::new(Lang::Zh);
    listen_for_lang(move |page_lang| lang.set(page_lang));
    send(&PanelMessage::PanelReady);
    let loaded = RwSignal::new_local(None::<Result<Rc<Atlas>, Text>>);
    spawn_local(async move {
        loaded.set(Some(load_published_atlas().await.map(Rc::new)));
    });
    move || {
        match loaded.get() {
        None => view! {
            <section class="import" data-testid="import-loading" aria-busy="true" aria-label="Import your own data">
                <p>{move || if lang.get() == Lang::Zh { "正在准备导入工具…" } else { "Preparing the import…" }}</p>
            </section>
        }
        .into_any(),
        Some(Err(message)) => view! {
            <section class="import" data-testid="import-failed" aria-label="Import your own data">
                <p role="alert">{move || message.get(lang.get()).to_string()}</p>
            </section>
        }
        .into_any(),
        Some(Ok(atlas)) => importer_for(atlas, lang).into_any(),
    }
    }
}

/// The import UI on `atlas`: the stations it joins go into the panel's own atlas (its reports
/// compare the table with the published figures), and stations and boundaries to the page.
fn importer_for(atlas: Rc<Atlas>, lang: RwSignal<Lang>) -> impl IntoView {
    let atlas = RwSignal::new_local(atlas);
    let on_loaded = Callback::new(move |stations: Vec<Station>| {
        send(&PanelMessage::Stations {
            stations: stations.clone(),
        });
        update_atlas(atlas, |a| a.stations = stations);
    });
    // The panel's own atlas takes no township shapes: its reports do not draw them, and the
    // coordinates go on to the page as the worker sent them.
    let on_boundaries =
        Callback::new(move |(shapes, coords): JoinedShapes| send_boundaries(shapes, &coords));
    let today = coverage_atlas::today();
    view! { <DataImport atlas lang today on_loaded on_boundaries /> }
}
