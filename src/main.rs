mod app;
mod displays;
mod import;
mod loading;
mod map;
mod outputs;
mod panels;
mod state;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
