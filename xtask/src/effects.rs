//! `cargo xtask layers`, the page's effects: no `Effect::new` body writes a signal (`.set(…)` or
//! `.update(|…| …)` on it), since a signal written by an effect from other signals is state copied
//! that a memo should derive, or that should be written where the change happens (Leptos's own
//! guidance). Effects write to the DOM, the canvas, the URL and history, or start fetches.
//!
//! Each file is parsed (syn), so a comment or a string is never a write. A write inside a callback
//! an effect hands on (a fetch's failure) counts too, so it is listed with its reason.
//! [`ALLOWED`] lists the writes kept, each with why it is not a copy of state; an entry that no
//! longer matches a write fails as well, so the list stays true.

use std::path::Path;

use anyhow::{Context, Result};
use syn::visit::Visit;

/// The signals an effect may write: (file, the signal as written, why).
pub const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "src/map/view.rs",
        "map.drawn_zoom",
        "the zoom the canvas is drawn at waits for a wheel or drag gesture to rest (a timer), which a memo cannot",
    ),
    (
        "src/map/view.rs",
        "map.restyles",
        "counts the styled maps the canvas has drawn: a record of the drawing, read by tests",
    ),
    (
        "src/map/view.rs",
        "map.first_draw_ms",
        "the clock time of the first drawing on the canvas, read by tests and benchmarks",
    ),
    (
        "src/map/bench.rs",
        "result",
        "the figures measured by drawing on the canvas (`?bench=national`, the `bench` build only)",
    ),
    (
        "src/map/points.rs",
        "points.drawn_px",
        "where the points' canvas drew each station, in CSS pixels: a record of the drawing, read by tests",
    ),
    (
        "src/map/points.rs",
        "announce",
        "the live region speaks each station newly pointed at; the panel, search and the map point at one, and none of them holds the map's live region, which also speaks the keyboard's regions: an announcement of a change, not state read back",
    ),
    (
        "src/import/host.rs",
        "failure",
        "set by the failure callback of the panel's fetch the effect starts, never from a signal",
    ),
];

/// One signal written inside an effect's body.
#[derive(Debug, PartialEq, Eq)]
pub struct Write {
    /// The file, relative to the repository root.
    pub file: String,
    /// The function the effect is made in.
    pub function: String,
    /// The signal as written (`access.zoom`), `…` where it is not a plain path.
    pub signal: String,
    /// `set` or `update`.
    pub method: String,
}

impl std::fmt::Display for Write {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: an effect in fn {} writes the signal `{}` (.{}): derive it with a memo, or write it where the change happens (allowed writes: xtask/src/effects.rs)",
            self.file, self.function, self.signal, self.method
        )
    }
}

/// Every write to a signal inside an `Effect::new` body in the `.rs` files under `root`.
pub fn writes_under(repo: &Path, root: &str) -> Result<Vec<Write>> {
    let mut writes = Vec::new();
    for file in crate::layers::rust_files(&repo.join(root))? {
        let relative = crate::layers::relative_path(repo, &file);
        let source =
            std::fs::read_to_string(&file).with_context(|| format!("reading {relative}"))?;
        writes.extend(writes_in(&relative, &source)?);
    }
    Ok(writes)
}

/// The writes to signals inside `Effect::new` bodies of one file.
pub fn writes_in(file: &str, source: &str) -> Result<Vec<Write>> {
    let parsed = syn::parse_file(source).with_context(|| format!("{file} does not parse"))?;
    let mut finder = Finder {
        file,
        function: Vec::new(),
        in_effect: 0,
        writes: Vec::new(),
    };
    finder.visit_file(&parsed);
    Ok(finder.writes)
}

/// The problems of the page's effects: writes not in [`ALLOWED`], and entries of it that match
/// no write.
pub fn check_repo(repo: &Path, root: &str) -> Result<Vec<String>> {
    Ok(problems(&writes_under(repo, root)?, ALLOWED))
}

/// Writes `allowed` does not list, then entries of `allowed` no write matches.
pub fn problems(writes: &[Write], allowed: &[(&str, &str, &str)]) -> Vec<String> {
    let listed = |w: &Write| {
        allowed
            .iter()
            .any(|(file, signal, _)| w.file == *file && w.signal == *signal)
    };
    let mut problems: Vec<String> = (writes.iter())
        .filter(|w| !listed(w))
        .map(|w| w.to_string())
        .collect();
    for (file, signal, _) in allowed {
        if !writes
            .iter()
            .any(|w| w.file == *file && w.signal == *signal)
        {
            problems.push(format!(
                "xtask/src/effects.rs allows an effect in {file} to write `{signal}`, and none does: remove the entry"
            ));
        }
    }
    problems
}

struct Finder<'a> {
    file: &'a str,
    /// The functions we are in, innermost last.
    function: Vec<String>,
    /// How many `Effect::new` calls we are inside.
    in_effect: usize,
    writes: Vec<Write>,
}

impl Finder<'_> {
    fn in_function<F: FnOnce(&mut Self)>(&mut self, name: String, visit: F) {
        self.function.push(name);
        visit(self);
        self.function.pop();
    }
}

/// `Effect::new` (or a longer path ending in it).
fn is_effect_new(func: &syn::Expr) -> bool {
    let syn::Expr::Path(path) = func else {
        return false;
    };
    let segments: Vec<String> = (path.path.segments.iter())
        .map(|s| s.ident.to_string())
        .collect();
    segments.ends_with(&["Effect".to_string(), "new".to_string()])
}

/// A signal written as a path of fields (`access.zoom`, `result`); `…` for anything else.
fn signal_name(receiver: &syn::Expr) -> String {
    match receiver {
        syn::Expr::Path(p) => (p.path.segments.iter())
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::"),
        syn::Expr::Field(f) => match &f.member {
            syn::Member::Named(name) => format!("{}.{name}", signal_name(&f.base)),
            syn::Member::Unnamed(index) => format!("{}.{}", signal_name(&f.base), index.index),
        },
        syn::Expr::Paren(p) => signal_name(&p.expr),
        _ => "…".to_string(),
    }
}

/// `.set(value)`, or `.update(closure)` (a signal's update takes a closure; a method of the
/// page's own named `update` with no closure is not a signal's).
fn is_signal_write(call: &syn::ExprMethodCall) -> bool {
    match call.method.to_string().as_str() {
        "set" => call.args.len() == 1,
        "update" => matches!(call.args.first(), Some(syn::Expr::Closure(_))),
        _ => false,
    }
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        let name = item.sig.ident.to_string();
        self.in_function(name, |f| syn::visit::visit_item_fn(f, item));
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        let name = item.sig.ident.to_string();
        self.in_function(name, |f| syn::visit::visit_impl_item_fn(f, item));
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        let effect = is_effect_new(&call.func);
        self.in_effect += usize::from(effect);
        syn::visit::visit_expr_call(self, call);
        self.in_effect -= usize::from(effect);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if self.in_effect > 0 && is_signal_write(call) {
            self.writes.push(Write {
                file: self.file.to_string(),
                function: self.function.last().cloned().unwrap_or_default(),
                signal: signal_name(&call.receiver),
                method: call.method.to_string(),
            });
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    // Leptos's `view!` bodies are macros syn does not look into; effects are plain calls.
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The planted example: an effect that copies the focus into a reset of the zoom.
    const PLANTED: &str = r#"
        impl Access {
            pub fn new(state: ViewState) -> Access {
                Effect::new(move |_| {
                    let _ = state.scene.get();
                    access.zoom.set(Zoom::FITTED);
                    access.pointed.update(|p| *p = None);
                });
            }
        }
    "#;

    #[test]
    fn a_planted_effect_that_writes_signals_is_found() {
        let writes = writes_in("src/map/access.rs", PLANTED).unwrap();
        let found: Vec<(&str, &str, &str)> = (writes.iter())
            .map(|w| (w.function.as_str(), w.signal.as_str(), w.method.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("new", "access.zoom", "set"),
                ("new", "access.pointed", "update")
            ]
        );
        let problems = problems(&writes, &[]);
        assert_eq!(problems.len(), 2);
        assert!(problems[0]
            .contains("src/map/access.rs: an effect in fn new writes the signal `access.zoom`"));
    }

    #[test]
    fn writes_outside_effects_and_non_signal_calls_are_not_counted() {
        let source = r#"
            fn handler(zoom: RwSignal<Zoom>, rendered: Rendered, stored: StoredValue<u8>) {
                zoom.set(Zoom::FITTED);
                Effect::new(move |_| {
                    rendered.update();
                    stored.set_value(1);
                    // zoom.set(Zoom::FITTED) in a comment
                    let _ = "zoom.set(Zoom::FITTED)";
                });
            }
        "#;
        assert_eq!(writes_in("src/x.rs", source).unwrap(), []);
    }

    #[test]
    fn a_listed_write_passes_and_a_stale_entry_fails() {
        let writes = writes_in("src/map/access.rs", PLANTED).unwrap();
        let allowed = [
            ("src/map/access.rs", "access.zoom", "why"),
            ("src/map/access.rs", "access.pointed", "why"),
        ];
        assert_eq!(problems(&writes, &allowed), Vec::<String>::new());
        let stale = [("src/map/view.rs", "map.gone", "why")];
        let found = problems(&[], &stale);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("none does"), "{}", found[0]);
    }

    /// The page as it is: every effect's write is one the list allows, and every entry is used.
    #[test]
    fn the_page_effects_write_only_allowed_signals() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let problems = check_repo(repo, "src").unwrap();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
