use coverage_atlas::load;

mod app;
mod baked;
mod bench;
mod briefing;
mod chunks;
mod correction;
mod deadline;
mod export;
mod import_host;
mod legend;
mod map;
mod map_access;
mod map_preview;
mod map_view;
mod open_data;
mod panels;
mod presentation;
mod search;
mod share;
mod state;
mod table;
mod toolbar;
mod view_state;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
