use coverage_atlas::load;

mod app;
mod bench;
mod deadline;
mod export;
mod import;
mod importer;
mod map;
mod search;
mod state;
mod table;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
