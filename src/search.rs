//! Search box: Chinese name, pinyin or code; duplicate names show their county and prefecture.

use std::rc::Rc;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::lang::Lang;
use atlas_core::search::{SearchHit, SearchIndex};
use leptos::prelude::*;

#[component]
pub fn SearchBox(
    atlas: RwSignal<Rc<Atlas>, LocalStorage>,
    lang: RwSignal<Lang>,
    on_pick: Callback<RegionCode>,
) -> impl IntoView {
    // Built on first use, not at load: most visits never search.
    let index = StoredValue::new_local(None::<Rc<SearchIndex>>);
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let hits = move || -> Vec<SearchHit> {
        let q = query.get();
        if q.trim().is_empty() {
            return Vec::new();
        }
        let idx = match index.get_value() {
            Some(i) => i,
            None => {
                let built = Rc::new(atlas.with_untracked(|a| SearchIndex::new(&a.divisions)));
                index.set_value(Some(built.clone()));
                built
            }
        };
        idx.search(&q, 12)
    };
    let pick = move |code: RegionCode| {
        query.set(String::new());
        active.set(0);
        on_pick.run(code);
    };
    view! {
        <div class="search" role="search">
            <input type="search" data-testid="search"
                placeholder=move || if lang.get() == Lang::Zh { "搜索地区名称、拼音或代码" } else { "Search name, pinyin or code" }
                aria-label="Search regions"
                prop:value=move || query.get()
                on:input=move |ev| { query.set(event_target_value(&ev)); active.set(0); }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    let list = hits();
                    match ev.key().as_str() {
                        "ArrowDown" => { ev.prevent_default(); active.update(|a| *a = (*a + 1).min(list.len().saturating_sub(1))); }
                        "ArrowUp" => { ev.prevent_default(); active.update(|a| *a = a.saturating_sub(1)); }
                        "Enter" => if let Some(hit) = list.get(active.get_untracked()) { pick(hit.code.clone()) },
                        "Escape" => query.set(String::new()),
                        _ => {}
                    }
                } />
            <ul class="search-results" role="listbox" hidden=move || query.get().trim().is_empty()>
                {move || {
                    let list = hits();
                    if list.is_empty() {
                        return view! { <li class="empty">{if lang.get() == Lang::Zh { "无匹配" } else { "no match" }}</li> }.into_any();
                    }
                    list.into_iter().enumerate().map(|(i, hit)| {
                        let code = hit.code.clone();
                        view! {
                            <li role="option" data-testid="search-result" data-code=hit.code.to_string()
                                aria-selected=move || (active.get() == i).to_string()
                                on:mousedown=move |ev| { ev.prevent_default(); pick(code.clone()) }>
                                <strong>{hit.name.clone()}</strong>
                                <small>{format!(" {} · {}", hit.code, hit.qualified_name)}</small>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
        </div>
    }
}
