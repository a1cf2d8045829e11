//! The import recipe in the page: load one (before or after the table), and download the
//! choices in effect as one, so the next import of the same table asks nothing.

use std::rc::Rc;

use atlas_core::import::session::StationsLoaded;
use atlas_core::import::ImportRecipe;
use atlas_core::lang::{Lang, Text};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::job::{Choices, ImportJob};
use super::widgets::data_href;

/// A recipe the user loaded, with the name of its file.
pub type LoadedRecipe = Option<(String, ImportRecipe)>;

/// "Load a recipe" and, once a table is joined, "download the recipe".
#[component]
pub fn RecipeBar(
    job: ImportJob,
    recipe: RwSignal<LoadedRecipe, LocalStorage>,
    loaded: Signal<Option<Rc<StationsLoaded>>, LocalStorage>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    let problem = RwSignal::new(None::<Text>);
    let on_change = move |ev: web_sys::Event| {
        let Some(file) = chosen_file(&ev) else { return };
        leptos::task::spawn_local(async move {
            let name = file.name();
            match read_recipe(&file).await {
                Ok(r) => {
                    problem.set(None);
                    apply_to_loaded(&r, loaded.get_untracked(), job, problem);
                    recipe.set(Some((name, r)));
                }
                Err(message) => problem.set(Some(message)),
            }
        });
    };
    let zh = move || lang.get() == Lang::Zh;
    let download = move || {
        let loaded = loaded.get()?;
        loaded.outcome.as_ref().ok()?;
        let recipe = ImportRecipe::from_choices(&loaded.file, &loaded.headers, &loaded.choices);
        let name = format!("{}.recipe.json", stem(&loaded.file));
        Some(view! {
            <a data-testid="recipe-download" download=name href=data_href("application/json", &recipe.to_json())>
                {if zh() { "下载导入方案（JSON）" } else { "Download the import recipe (JSON)" }}
            </a>
        })
    };
    let status = move || {
        recipe.get().map(|(name, _)| {
            if zh() {
                format!("已载入导入方案 {name}：下一个站点表将按它匹配")
            } else {
                format!("Recipe {name} loaded: the next station table is joined with it")
            }
        })
    };
    view! {
        <div class="recipe" data-testid="recipe">
            <label class="recipe-load">
                <span>{move || if zh() { "载入导入方案…" } else { "Load an import recipe…" }}</span>
                <input type="file" accept=".json,application/json" data-testid="recipe-file" on:change=on_change />
            </label>
            " "{download}
            <p class="recipe-status" data-testid="recipe-status">{status}</p>
            {move || problem.get().map(|p| view! {
                <p class="import-error" role="alert" data-testid="recipe-error">{p.get(lang.get()).to_string()}</p>
            })}
        </div>
    }
}

/// A recipe loaded after the table: join the table with it now, or say why it does not fit.
fn apply_to_loaded(
    recipe: &ImportRecipe,
    loaded: Option<Rc<StationsLoaded>>,
    job: ImportJob,
    problem: RwSignal<Option<Text>>,
) {
    let Some(loaded) = loaded else { return };
    match recipe.choices_for(&loaded.headers) {
        Ok(choices) => job.rerun(Choices::Stations(choices)),
        Err(message) => problem.set(Some(message)),
    }
}

async fn read_recipe(file: &web_sys::File) -> Result<ImportRecipe, Text> {
    let name = file.name();
    // Checked before reading: a recipe is small, and a large file is not one.
    ImportRecipe::check_size(&name, file.size() as usize)?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| {
            Text::new(
                format!("{name}：无法读取"),
                format!("{name}: could not be read"),
            )
        })?;
    ImportRecipe::parse(&name, text.as_bytes())
}

fn stem(file: &str) -> &str {
    file.rsplit_once('.').map_or(file, |(stem, _)| stem)
}

fn chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0);
    // The same recipe can be chosen again after a change.
    input.set_value("");
    file
}
