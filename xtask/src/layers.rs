//! `cargo xtask layers`: which top-level module of a crate may `use` which, from `layers.toml`
//! at the repository root. Every `crate::…` path in every `.rs` file under a section's root is
//! found by parsing the file (syn), so comments, doc links and strings are not imports. A path
//! from module `a` to module `b` fails unless `b` is in `a`'s allow list; a module with no
//! entry fails; and the allow lists themselves must hold no cycle, except a set of modules a
//! section names in `allow_cycle` (a known circle, kept only until it is removed).
//!
//! A module is the first segment after `crate::`: a file `x.rs` or a folder `x/` directly under
//! the root. `super::` inside a module stays inside it, so only `crate::` paths are checked;
//! `lib.rs` and `main.rs` (the crate root, which declares every module) are not.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use syn::visit::Visit;

/// One section of `layers.toml`.
#[derive(Debug, serde::Deserialize)]
pub struct Section {
    /// The crate's source folder, relative to the repository root.
    pub root: String,
    /// Each module and the modules it may use.
    #[serde(default)]
    pub allow: BTreeMap<String, Vec<String>>,
    /// Sets of modules allowed to use each other for now (a circle being removed).
    #[serde(default)]
    pub allow_cycle: Vec<Vec<String>>,
}

/// One import that breaks the rules, or a rule that does.
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    /// `file` (in module `from`) uses module `to`, which `from` may not.
    NotAllowed {
        /// The file, relative to the repository root.
        file: String,
        /// The module the file is in.
        from: String,
        /// The module it uses.
        to: String,
    },
    /// A module with files but no entry in the allow table.
    Unlisted(String),
    /// The allow lists form this cycle.
    Cycle(Vec<String>),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::NotAllowed { file, from, to } => write!(
                f,
                "{file}: module `{from}` uses `crate::{to}`, which layers.toml does not allow (add it to [*.allow] {from} only if {to} is below {from})"
            ),
            Problem::Unlisted(module) => {
                write!(f, "module `{module}` has no entry in layers.toml's allow table")
            }
            Problem::Cycle(modules) => write!(
                f,
                "layers.toml allows a cycle: {}",
                modules.join(" -> ")
            ),
        }
    }
}

/// Reads `layers.toml` under `repo` and checks each section; the problems of all sections.
pub fn check_repo(repo: &Path) -> Result<Vec<String>> {
    let path = repo.join("layers.toml");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let sections: BTreeMap<String, Section> = toml::from_str(&text)
        .with_context(|| format!("{} is not a layers file", path.display()))?;
    let mut problems = Vec::new();
    for (name, section) in &sections {
        let files = rust_files(&repo.join(&section.root))?;
        let mut sources = Vec::new();
        for file in files {
            let relative = relative_path(repo, &file);
            let under_root = file.strip_prefix(repo.join(&section.root)).unwrap_or(&file);
            let Some(module) = module_of(under_root) else {
                continue;
            };
            let source =
                std::fs::read_to_string(&file).with_context(|| format!("reading {relative}"))?;
            sources.push(SourceFile {
                path: relative,
                module,
                source,
            });
        }
        let found =
            check_section(section, &sources).with_context(|| format!("[{name}] in layers.toml"))?;
        problems.extend(found.iter().map(|p| format!("[{name}] {p}")));
    }
    Ok(problems)
}

/// One `.rs` file of a section, with the module it belongs to.
pub struct SourceFile {
    /// For messages.
    pub path: String,
    /// The top-level module (the first component under the root).
    pub module: String,
    /// The file's text.
    pub source: String,
}

/// The problems of one section's files against its rules; an error when a file does not parse.
pub fn check_section(section: &Section, files: &[SourceFile]) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    let modules: BTreeSet<&str> = files.iter().map(|f| f.module.as_str()).collect();
    for module in &modules {
        if !section.allow.contains_key(*module) {
            problems.push(Problem::Unlisted(module.to_string()));
        }
    }
    for file in files {
        let used =
            crate_modules_used(&file.source).with_context(|| format!("parsing {}", file.path))?;
        // An unlisted module is reported once, above, not once per import.
        let Some(allowed) = section.allow.get(&file.module) else {
            continue;
        };
        for to in used {
            let ok = to == file.module || !modules.contains(to.as_str()) || allowed.contains(&to);
            if !ok {
                problems.push(Problem::NotAllowed {
                    file: file.path.clone(),
                    from: file.module.clone(),
                    to,
                });
            }
        }
    }
    problems.extend(cycles(section).into_iter().map(Problem::Cycle));
    Ok(problems)
}

/// The module a file under the root belongs to: `x.rs` and `x/…` are `x`; the crate root
/// (`lib.rs`, `main.rs`) and anything not Rust belong to none.
fn module_of(under_root: &Path) -> Option<String> {
    let mut components = under_root.components();
    let first = components.next()?.as_os_str().to_str()?;
    let nested = components.next().is_some();
    if nested {
        return Some(first.to_string());
    }
    let module = first.strip_suffix(".rs")?;
    (!matches!(module, "lib" | "main")).then(|| module.to_string())
}

/// Every `.rs` file under `dir`, sorted.
/// Every `.rs` file under `dir`, sorted (the layers check and the effects check walk the same files).
pub(crate) fn rust_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// `file` as a path under `repo`, as the checks' messages name it.
pub(crate) fn relative_path(repo: &Path, file: &Path) -> String {
    file.strip_prefix(repo)
        .unwrap_or(file)
        .display()
        .to_string()
}

/// The top-level modules a file's code names through `crate::` (in `use` trees and paths).
fn crate_modules_used(source: &str) -> Result<BTreeSet<String>> {
    let file = syn::parse_file(source)?;
    let mut visitor = CratePaths::default();
    visitor.visit_file(&file);
    Ok(visitor.modules)
}

#[derive(Default)]
struct CratePaths {
    modules: BTreeSet<String>,
}

impl<'ast> Visit<'ast> for CratePaths {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        if let syn::UseTree::Path(path) = &item.tree {
            if path.ident == "crate" {
                self.use_tree_heads(&path.tree);
            }
        }
        syn::visit::visit_item_use(self, item);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let mut segments = path.segments.iter();
        if let (Some(first), Some(second)) = (segments.next(), segments.next()) {
            if first.ident == "crate" {
                self.modules.insert(second.ident.to_string());
            }
        }
        syn::visit::visit_path(self, path);
    }
}

impl CratePaths {
    /// The first segments of a `use crate::…` tree: `a` of `a::b`, `a` and `b` of `{a, b::c}`.
    fn use_tree_heads(&mut self, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(path) => {
                self.modules.insert(path.ident.to_string());
            }
            syn::UseTree::Name(name) => {
                self.modules.insert(name.ident.to_string());
            }
            syn::UseTree::Rename(rename) => {
                self.modules.insert(rename.ident.to_string());
            }
            syn::UseTree::Group(group) => group.items.iter().for_each(|t| self.use_tree_heads(t)),
            syn::UseTree::Glob(_) => {}
        }
    }
}

/// The cycles of the allow graph, each once, leaving out any whose modules are all in one of
/// the section's `allow_cycle` sets.
fn cycles(section: &Section) -> Vec<Vec<String>> {
    let excepted: Vec<BTreeSet<&str>> = (section.allow_cycle.iter())
        .map(|set| set.iter().map(String::as_str).collect())
        .collect();
    let mut found = Vec::new();
    let mut seen_sets: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    for start in section.allow.keys() {
        let mut path = vec![start.clone()];
        walk(section, start, &mut path, &mut |cycle: &[String]| {
            let set: BTreeSet<String> = cycle.iter().cloned().collect();
            let is_excepted = excepted
                .iter()
                .any(|ex| set.iter().all(|m| ex.contains(m.as_str())));
            if !is_excepted && seen_sets.insert(set) {
                found.push(cycle.to_vec());
            }
        });
    }
    found
}

/// Depth-first from the last module of `path`, calling `on_cycle` with each path that returns
/// to its first module (simple paths only, so it ends on any graph of this size).
fn walk(
    section: &Section,
    start: &str,
    path: &mut Vec<String>,
    on_cycle: &mut dyn FnMut(&[String]),
) {
    let last = path.last().cloned().unwrap_or_default();
    for next in section.allow.get(&last).into_iter().flatten() {
        if next == start {
            let mut cycle = path.clone();
            cycle.push(next.clone());
            on_cycle(&cycle);
        } else if !path.contains(next) {
            path.push(next.clone());
            walk(section, start, path, on_cycle);
            path.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(toml_text: &str) -> Section {
        toml::from_str(toml_text).unwrap()
    }

    fn file(module: &str, source: &str) -> SourceFile {
        SourceFile {
            path: format!("src/{module}.rs"),
            module: module.into(),
            source: source.into(),
        }
    }

    const RULES: &str = r#"
        root = "src"
        [allow]
        lang = []
        data = ["lang"]
        style = ["data", "lang"]
    "#;

    #[test]
    fn imports_down_the_layers_pass() {
        let files = [
            file("lang", "pub struct Text;"),
            file(
                "data",
                "use crate::lang::Text; fn f() -> crate::lang::Text { Text }",
            ),
            file(
                "style",
                "use crate::{data, lang::Text}; use super::x; // crate::nothing",
            ),
        ];
        assert_eq!(check_section(&section(RULES), &files).unwrap(), []);
    }

    #[test]
    fn an_upward_import_fails_and_names_the_file() {
        let files = [
            file("lang", "pub struct Text;"),
            file("data", "fn f() { let _ = crate::style::paint(); }"),
            file("style", "pub fn paint() {}"),
        ];
        let problems = check_section(&section(RULES), &files).unwrap();
        assert_eq!(
            problems,
            [Problem::NotAllowed {
                file: "src/data.rs".into(),
                from: "data".into(),
                to: "style".into(),
            }]
        );
        // Inside a `use` group too.
        let grouped = [
            file("lang", "use crate::{data::X, style};"),
            file("data", ""),
            file("style", ""),
        ];
        let problems = check_section(&section(RULES), &grouped).unwrap();
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn a_cycle_in_the_rules_fails_unless_it_is_a_known_exception() {
        let circular = section(
            r#"
            root = "src"
            [allow]
            data = ["shape"]
            shape = ["data"]
            lang = []
        "#,
        );
        let problems = check_section(&circular, &[]).unwrap();
        assert_eq!(
            problems,
            [Problem::Cycle(vec![
                "data".into(),
                "shape".into(),
                "data".into()
            ])]
        );
        let excepted = section(
            r#"
            root = "src"
            allow_cycle = [["data", "shape"]]
            [allow]
            data = ["shape"]
            shape = ["data"]
        "#,
        );
        assert_eq!(check_section(&excepted, &[]).unwrap(), []);
    }

    #[test]
    fn a_module_without_rules_fails() {
        let files = [file("lang", ""), file("extra", "use crate::lang::Text;")];
        let problems = check_section(&section(RULES), &files).unwrap();
        assert_eq!(problems, [Problem::Unlisted("extra".into())]);
    }

    #[test]
    fn a_file_belongs_to_its_first_folder_and_the_root_to_none() {
        assert_eq!(
            module_of(Path::new("import/stations/csv.rs")).as_deref(),
            Some("import")
        );
        assert_eq!(module_of(Path::new("lang.rs")).as_deref(), Some("lang"));
        assert_eq!(module_of(Path::new("lib.rs")), None);
    }
}
