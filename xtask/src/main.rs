//! Project automation for Coverage Atlas (`cargo xtask <command>`; `cargo xtask --help` lists
//! the commands and their flags):
//!
//! - `serve [--port 8080]`: install missing tools, then `trunk serve --release`
//! - `layers`: the allowed imports between a crate's top-level modules (`layers.toml`), and no
//!   page effect writing a signal (`effects.rs`)
//! - `test`: layering and size checks, purity check, native tests, wasm check, trunk build, browser tests
//!   (node --test tests/e2e/), bundle sizes
//! - `screenshot [--url-query Q] [--out PATH] [--size WxH]`: build dist/ if missing, screenshot
//!   it in headless Chromium
//! - `bench-size`: `trunk build --release` and print wasm/js sizes
//! - `bench-build`: the page with its `bench` feature (`?bench=national`) in `target/dist-bench`
//!
//! Every tool is installed only when missing (or at the wrong version), so a second run
//! goes straight to the work.
//!
//! Kept as one file because every command is a method of one `Xtask` sharing its tools, PATH
//! and timings; the checks with rules of their own are modules (`layers`, `effects`, `tools`).

mod effects;
mod layers;
mod tools;

use anyhow::{bail, Context, Result};
use atlas_core::publish::{Fetched, Manifest, MANIFEST_FILE};
use clap::{CommandFactory, Parser, Subcommand};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TRUNK_VERSION: &str = "0.21.14";
const WASM_BINDGEN_VERSION: &str = "0.2.130";
const WASM_OPT_VERSION: &str = "version 132";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CHROMIUM: &str = "/usr/bin/chromium";
/// Crates that must never reach `atlas-core` (it stays a pure, natively testable crate).
const FORBIDDEN_IN_CORE: &[&str] = &["leptos", "web-sys", "wasm-bindgen", "js-sys"];

/// Project automation for Coverage Atlas: build, serve, test and measure the web app.
///
/// Every tool is installed only when missing (or at the wrong version), so a second run goes
/// straight to the work.
#[derive(Parser)]
#[command(name = "xtask", bin_name = "cargo xtask", version)]
struct Cli {
    /// None: print the help, as a bare `cargo xtask` always has.
    #[command(subcommand)]
    command: Option<Task>,
}

/// The xtask commands.
#[derive(Subcommand)]
enum Task {
    /// Build and serve the app at http://127.0.0.1:PORT/ (`trunk serve --release`)
    Serve {
        /// Port to serve on, on 127.0.0.1
        #[arg(long, short, default_value_t = 8080)]
        port: u16,
    },
    /// All checks: layers, sizes (scripts/long-fns.py), purity, native tests, wasm check, trunk
    /// build, browser tests (node --test tests/e2e/), bundle sizes
    Test,
    /// Which top-level module may use which (layers.toml): fails on an import it does not allow,
    /// a module it does not list, or a cycle; and on a page effect that writes a signal
    Layers,
    /// Screenshot of the built app in headless Chromium (builds dist/ if missing)
    Screenshot {
        /// Query string of the page's URL, e.g. '?region=5223' [default: none]
        #[arg(
            long,
            alias = "query",
            value_name = "Q",
            default_value = "",
            hide_default_value = true
        )]
        url_query: String,
        /// PNG to write, relative to the repository root
        #[arg(
            long,
            short,
            value_name = "PATH",
            default_value = "screenshots/screenshot.png"
        )]
        out: String,
        /// Browser viewport in CSS pixels, width x height
        #[arg(long, value_name = "WxH", default_value = "1280x800")]
        size: String,
    },
    /// Release build and wasm/js sizes (raw and gzip)
    BenchSize,
    /// Release build with the page's `bench` feature into target/dist-bench, for
    /// scripts/bench-browser.mjs (`?bench=national`)
    BenchBuild,
}

/// Runs the command (none prints the help); a failure is one `xtask: error:` message and exit
/// code 1.
fn main() {
    let Some(task) = Cli::parse().command else {
        Cli::command().print_help().expect("help goes to stdout");
        return;
    };
    if let Err(err) = run(task) {
        eprintln!("\nxtask: error: {err:#}");
        std::process::exit(1);
    }
}

/// Dispatches a parsed command to its [`Xtask`] method.
fn run(task: Task) -> Result<()> {
    let x = Xtask::new()?;
    match task {
        Task::Serve { port } => x.serve(port),
        Task::Test => x.test(),
        Task::Layers => x.layers(),
        Task::Screenshot {
            url_query,
            out,
            size,
        } => x.screenshot(&url_query, &out, &size),
        Task::BenchSize => x.bench_size(),
        Task::BenchBuild => x.bench_build(),
    }
}

struct Xtask {
    root: PathBuf,
    cargo: OsString,
    /// PATH for every child: cargo's bin dir and tools/node/node_modules/.bin first.
    path: OsString,
    cargo_bin: PathBuf,
    node_dir: PathBuf,
    started: Instant,
    timings: std::cell::RefCell<Vec<(String, Duration)>>,
}

impl Xtask {
    fn new() -> Result<Self> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask has no parent directory")?
            .to_path_buf();
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
            .context("neither CARGO_HOME nor HOME is set")?;
        let cargo_bin = cargo_home.join("bin");
        let node_dir = root.join("tools").join("node");
        let mut dirs = vec![
            cargo_bin.clone(),
            node_dir.join("node_modules").join(".bin"),
        ];
        if let Some(p) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&p));
        }
        let path = std::env::join_paths(dirs).context("cannot build PATH")?;
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Ok(Xtask {
            root,
            cargo,
            path,
            cargo_bin,
            node_dir,
            started: Instant::now(),
            timings: Default::default(),
        })
    }

    // ----- commands -------------------------------------------------------------------

    fn serve(&self, port: u16) -> Result<()> {
        self.ensure_tools(false)?;
        self.cargo_fetch()?;
        let url = format!("http://127.0.0.1:{port}/");
        step(&format!("trunk serve --release on {url}"));
        println!("\n    Coverage Atlas: {url}\n    (first build takes a minute or two; Ctrl-C to stop)\n");
        let status = self
            .cmd("trunk")
            .args(["serve", "--release", "--address", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .status()
            .context("failed to start trunk")?;
        if !status.success() {
            bail!("trunk serve exited with {status}");
        }
        Ok(())
    }

    fn layers(&self) -> Result<()> {
        step("layers (layers.toml)");
        let problems = layers::check_repo(&self.root)?;
        for problem in &problems {
            eprintln!("  {problem}");
        }
        if !problems.is_empty() {
            bail!("{} import(s) against layers.toml", problems.len());
        }
        println!("  every crate:: import is one layers.toml allows, and it allows no cycle");
        step("effects (xtask/src/effects.rs)");
        let writes = effects::check_repo(&self.root, "src")?;
        for problem in &writes {
            eprintln!("  {problem}");
        }
        if !writes.is_empty() {
            bail!("{} signal write(s) in the page's effects", writes.len());
        }
        println!("  no page effect writes a signal but those effects.rs allows, with why");
        Ok(())
    }

    /// `scripts/long-fns.py`: fails on a function over 150 lines, or a file over 600 lines
    /// without its `//! Kept as one file because ...` line.
    fn sizes(&self) -> Result<()> {
        let output = Command::new("python3")
            .arg("scripts/long-fns.py")
            .args(["core", "src", "cli", "xtask"])
            .current_dir(&self.root)
            .output()
            .context("running python3 scripts/long-fns.py")?;
        let report = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            bail!(
                "scripts/long-fns.py failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        if !report.trim().is_empty() {
            eprint!("{report}");
            bail!("a function over 150 lines or a file over 600 lines without its reason");
        }
        println!("  no function over 150 lines, every file over 600 lines says why");
        Ok(())
    }

    fn test(&self) -> Result<()> {
        self.layers()?;
        self.timed("sizes (scripts/long-fns.py)", || self.sizes())?;
        self.ensure_tools(true)?;
        self.cargo_fetch()?;
        self.timed("purity check (atlas-core)", || self.purity_check())?;
        self.timed("cargo test --workspace", || {
            self.run_ok(
                self.cargo_cmd().args(["test", "--workspace"]),
                "native tests failed",
            )
        })?;
        self.timed("cargo check --target wasm32 -p atlas-core", || {
            self.run_ok(
                self.cargo_cmd()
                    .args(["check", "--target", WASM_TARGET, "-p", "atlas-core"]),
                "atlas-core does not compile for wasm32-unknown-unknown",
            )
        })?;
        self.timed("trunk build --release", || self.trunk_build())?;
        self.timed("browser tests (node --test tests/e2e/)", || {
            std::fs::create_dir_all(self.root.join("screenshots"))?;
            std::fs::create_dir_all(self.root.join("target").join("screenshots"))?;
            self.run_ok(
                self.cmd("node")
                    .args(["--test", "tests/e2e/"])
                    .env("ATLAS_DIST", self.root.join("dist"))
                    .env("CHROMIUM_PATH", CHROMIUM),
                "browser tests failed (failure screenshots: target/screenshots/)",
            )
        })?;
        self.print_sizes()?;
        self.print_timings();
        println!("\nxtask test: all checks passed");
        Ok(())
    }

    fn screenshot(&self, query: &str, out: &str, size: &str) -> Result<()> {
        self.ensure_tools(true)?;
        if !self.root.join("dist").join("index.html").exists() {
            println!("dist/ is missing, building it first");
            self.cargo_fetch()?;
            self.timed("trunk build --release", || self.trunk_build())?;
        }
        step(&format!("screenshot {query:?} -> {out} ({size})"));
        let out_path = self.root.join(out);
        if let Some(dir) = out_path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        self.run_ok(
            self.cmd("node")
                .arg("scripts/screenshot.mjs")
                .arg("--dist")
                .arg(self.root.join("dist"))
                .arg("--url-query")
                .arg(query)
                .arg("--out")
                .arg(&out_path)
                .arg("--size")
                .arg(size)
                .env("CHROMIUM_PATH", CHROMIUM),
            "screenshot failed",
        )?;
        Ok(())
    }

    fn bench_size(&self) -> Result<()> {
        self.ensure_tools(false)?;
        self.cargo_fetch()?;
        self.timed("trunk build --release", || self.trunk_build())?;
        self.print_sizes()?;
        self.print_timings();
        Ok(())
    }

    /// The benchmark build: the shipped page's build with the `bench` feature, kept apart
    /// from dist/ so the browser tests never see it.
    fn bench_build(&self) -> Result<()> {
        self.ensure_tools(false)?;
        self.cargo_fetch()?;
        self.timed("trunk build --release --features bench", || {
            self.trunk_build_with(&["--features", "bench", "--dist", "target/dist-bench"])
        })?;
        self.print_timings();
        Ok(())
    }

    // ----- steps ----------------------------------------------------------------------

    fn purity_check(&self) -> Result<()> {
        let out = self
            .cargo_cmd()
            .args([
                "tree",
                "-p",
                "atlas-core",
                "-e",
                "normal",
                "--prefix",
                "none",
                "--target",
                "all",
            ])
            .stderr(Stdio::inherit())
            .output()
            .context("failed to run cargo tree")?;
        if !out.status.success() {
            bail!("cargo tree -p atlas-core failed");
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let mut bad: Vec<&str> = text
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter(|name| {
                FORBIDDEN_IN_CORE.iter().any(|f| {
                    *name == *f
                        || name.starts_with(&format!("{f}-"))
                        || name.starts_with(&format!("{f}_"))
                })
            })
            .collect();
        bad.sort();
        bad.dedup();
        if !bad.is_empty() {
            bail!(
                "purity check failed: atlas-core depends on web crates: {}\n\
                 (atlas-core must stay free of {}; see `cargo tree -p atlas-core -e normal -i <crate>`)",
                bad.join(", "),
                FORBIDDEN_IN_CORE.join(", ")
            );
        }
        let n = text.lines().filter(|l| !l.trim().is_empty()).count();
        println!(
            "atlas-core: {n} dependency lines, none of {}",
            FORBIDDEN_IN_CORE.join(", ")
        );
        Ok(())
    }

    fn trunk_build(&self) -> Result<()> {
        self.trunk_build_with(&[])
    }

    fn trunk_build_with(&self, extra: &[&str]) -> Result<()> {
        let css = self.root.join("public").join("style.css");
        if !css.exists() {
            std::fs::create_dir_all(css.parent().unwrap())?;
            std::fs::write(&css, "")?;
            println!("created empty {}", css.display());
        }
        self.run_ok(
            self.cmd("trunk").args(["build", "--release"]).args(extra),
            "trunk build --release failed",
        )
    }

    fn cargo_fetch(&self) -> Result<()> {
        self.timed("cargo fetch (trunk builds offline)", || {
            self.run_ok(self.cargo_cmd().arg("fetch"), "cargo fetch failed")
        })
    }

    fn print_sizes(&self) -> Result<()> {
        step("bundle sizes (dist/)");
        let dist = self.root.join("dist");
        let mut files = Vec::new();
        collect_files(&dist, &mut files)?;
        files.sort();
        let mut found = false;
        for f in files {
            let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext != "wasm" && ext != "js" {
                continue;
            }
            found = true;
            let raw = std::fs::metadata(&f)?.len();
            let gz = gzip_size(&f)
                .map(|n| format!("{} gzip", human(n)))
                .unwrap_or_else(|| "gzip n/a".into());
            println!(
                "  {:<48} {:>12} raw  {:>16}",
                f.strip_prefix(&self.root).unwrap_or(&f).display(),
                human(raw),
                gz
            );
        }
        if !found {
            println!("  (no .wasm/.js files in dist/)");
        }
        self.print_first_map_bytes(&dist)
    }

    /// What a visitor fetches before the first map is drawn: the page's wasm, JS and CSS, the
    /// manifest and the data files it says come before the first map (not the import panel,
    /// added after the first map, nor its worker), gzip, against issue G's budget of 600 KB. The files that
    /// follow the first map are listed after it.
    fn print_first_map_bytes(&self, dist: &Path) -> Result<()> {
        // 600 KB as a network counts it: 600,000 bytes.
        const BUDGET_GZIP_BYTES: u64 = 600_000;
        step("bytes before the first map (gzip; budget 600 KB)");
        let mut first: Vec<PathBuf> = Vec::new();
        collect_files(dist, &mut first)?;
        first.retain(|f| {
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
            f.parent() == Some(dist)
                && (name.ends_with(".wasm")
                    || name.ends_with(".js")
                    || name.ends_with(".css")
                    || name == "index.html")
                && !name.starts_with("import-worker")
                && !name.starts_with("import-panel")
                // Fetched when the reader presses the briefing pack's button.
                && !name.starts_with("brief-pdf")
                && name != "sw.js"
        });
        first.sort();
        let data = dist.join("data");
        let manifest_path = data.join(MANIFEST_FILE);
        let manifest_text = std::fs::read_to_string(&manifest_path)
            .with_context(|| format!("{}", manifest_path.display()))?;
        let manifest = Manifest::parse(MANIFEST_FILE, &manifest_text)
            .map_err(|e| anyhow::anyhow!("{}", e.en))?;
        let data_files = |when: Fetched| -> Vec<PathBuf> {
            (manifest.parts_fetched(when).into_iter())
                .map(|kind| data.join(&manifest.files[&kind].path))
                .collect()
        };
        first.push(manifest_path.clone());
        first.extend(data_files(Fetched::BeforeFirstMap));
        let total = self.print_gzip_sizes(&first);
        let verdict = if total <= BUDGET_GZIP_BYTES {
            "within"
        } else {
            "over"
        };
        println!(
            "  total {:>55} gzip ({verdict} the 600 KB budget)",
            human(total)
        );
        println!("  fetched after the first map, replacing the overview:");
        let after = self.print_gzip_sizes(&data_files(Fetched::AfterFirstMap));
        println!("  total {:>55} gzip", human(after));
        Ok(())
    }

    /// Prints each file's gzip size; returns their sum.
    fn print_gzip_sizes(&self, files: &[PathBuf]) -> u64 {
        let mut total = 0;
        for f in files {
            let gz = gzip_size(f).unwrap_or(0);
            total += gz;
            println!(
                "  {:<48} {:>12} gzip",
                f.strip_prefix(&self.root).unwrap_or(f).display(),
                human(gz)
            );
        }
        total
    }

    fn print_timings(&self) {
        println!("\ntimings:");
        for (name, d) in self.timings.borrow().iter() {
            println!("  {:<48} {:>8.1} s", name, d.as_secs_f64());
        }
        println!(
            "  {:<48} {:>8.1} s",
            "total",
            self.started.elapsed().as_secs_f64()
        );
    }

    // ----- helpers --------------------------------------------------------------------

    fn cmd(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.current_dir(&self.root).env("PATH", &self.path);
        c
    }

    fn cargo_cmd(&self) -> Command {
        let mut c = Command::new(&self.cargo);
        c.current_dir(&self.root).env("PATH", &self.path);
        c
    }

    fn run_ok(&self, cmd: &mut Command, what: &str) -> Result<()> {
        println!("$ {}", show(cmd));
        let status = cmd.status().with_context(|| {
            format!(
                "{what}: could not start `{}`",
                cmd.get_program().to_string_lossy()
            )
        })?;
        if !status.success() {
            bail!("{what} ({status})");
        }
        Ok(())
    }

    fn timed(&self, name: &str, f: impl FnOnce() -> Result<()>) -> Result<()> {
        step(name);
        let t = Instant::now();
        let r = f();
        let d = t.elapsed();
        self.timings.borrow_mut().push((name.to_string(), d));
        match &r {
            Ok(()) => println!("--- {name}: ok ({:.1} s)", d.as_secs_f64()),
            Err(_) => println!("--- {name}: FAILED ({:.1} s)", d.as_secs_f64()),
        }
        r.with_context(|| format!("step `{name}` failed"))
    }
}

fn step(name: &str) {
    println!("\n==> {name}");
}

fn show(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        let a = a.to_string_lossy();
        if a.is_empty() || a.contains(|c: char| " ?*[]'\"$&;|<>()".contains(c)) {
            s.push_str(&format!(" '{a}'"));
        } else {
            s.push(' ');
            s.push_str(&a);
        }
    }
    s
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn has(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

fn dpkg_installed(pkg: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", pkg])
        .stderr(Stdio::null())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(true) // no dpkg: not a Debian machine, do not insist
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let p = e?.path();
        if p.is_dir() {
            collect_files(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

fn gzip_size(f: &Path) -> Option<u64> {
    let o = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(f)
        .output()
        .ok()?;
    o.status.success().then_some(o.stdout.len() as u64)
}

fn human(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{n} B ({:.2} MiB)", n as f64 / 1048576.0)
    } else {
        format!("{n} B ({:.1} KiB)", n as f64 / 1024.0)
    }
}
