//! Installing what the commands need, only when it is missing or at the wrong version: the
//! wasm target, Trunk and wasm-bindgen-cli (cargo install), node tools (npm ci in tools/node),
//! and Debian's Chromium with CJK fonts for the browser tests.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use super::{
    dpkg_installed, has, is_root, step, Xtask, CHROMIUM, TRUNK_VERSION, WASM_BINDGEN_VERSION,
    WASM_OPT_VERSION, WASM_TARGET,
};

impl Xtask {
    pub(crate) fn ensure_tools(&self, browser: bool) -> Result<()> {
        self.timed("ensure tools", || {
            self.ensure_wasm_target()?;
            self.ensure_cargo_tool(
                "trunk",
                TRUNK_VERSION,
                &["install", "--locked", &format!("trunk@{TRUNK_VERSION}")],
            )?;
            // Not --locked: wasm-bindgen-cli's own lock file does not build on current rustc.
            self.ensure_cargo_tool(
                "wasm-bindgen",
                WASM_BINDGEN_VERSION,
                &[
                    "install",
                    "wasm-bindgen-cli",
                    "--version",
                    WASM_BINDGEN_VERSION,
                ],
            )?;
            self.check_lock_wasm_bindgen();
            self.ensure_node()?;
            self.ensure_node_modules()?;
            if browser {
                self.ensure_browser()?;
            }
            Ok(())
        })
    }

    fn ensure_wasm_target(&self) -> Result<()> {
        let installed = Command::new("rustup")
            .args(["target", "list", "--installed"])
            .output();
        match installed {
            Ok(o)
                if String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .any(|l| l.trim() == WASM_TARGET) =>
            {
                println!("ok: rust target {WASM_TARGET}");
                Ok(())
            }
            Ok(_) => {
                step(&format!("rustup target add {WASM_TARGET}"));
                self.run_ok(
                    Command::new("rustup").args(["target", "add", WASM_TARGET]),
                    "rustup target add failed",
                )
            }
            Err(_) => {
                println!(
                    "warning: rustup not found; assuming the {WASM_TARGET} target is installed"
                );
                Ok(())
            }
        }
    }

    /// Installs `bin` with `cargo <install_args>` unless `bin --version` reports `version`.
    fn ensure_cargo_tool(&self, bin: &str, version: &str, install_args: &[&str]) -> Result<()> {
        let current = self.tool_version(bin);
        if let Some(v) = &current {
            if v.split_whitespace()
                .any(|w| w.trim_start_matches('v') == version)
            {
                println!("ok: {v}");
                return Ok(());
            }
        }
        match &current {
            Some(v) => step(&format!(
                "{bin}: found `{v}`, need {version}; cargo {}",
                install_args.join(" ")
            )),
            None => step(&format!(
                "{bin} not found; cargo {} (takes minutes)",
                install_args.join(" ")
            )),
        }
        let mut args: Vec<&str> = install_args.to_vec();
        if current.is_some() {
            args.push("--force");
        }
        let t = Instant::now();
        self.run_ok(
            self.cargo_cmd()
                .args(&args)
                .arg("--root")
                .arg(self.cargo_bin.parent().unwrap()),
            &format!("installing {bin} {version} failed"),
        )?;
        self.timings
            .borrow_mut()
            .push((format!("install {bin} {version}"), t.elapsed()));
        match self.tool_version(bin) {
            Some(v) if v.contains(version) => {
                println!("ok: {v}");
                Ok(())
            }
            other => {
                bail!("after install, `{bin} --version` reports {other:?}, expected {version}")
            }
        }
    }

    fn tool_version(&self, bin: &str) -> Option<String> {
        let o = self
            .cmd(bin)
            .arg("--version")
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if !o.status.success() {
            return None;
        }
        Some(String::from_utf8_lossy(&o.stdout).trim().to_string())
    }

    /// Warns when Cargo.lock and the pinned wasm-bindgen-cli version drift apart.
    fn check_lock_wasm_bindgen(&self) {
        let Ok(lock) = std::fs::read_to_string(self.root.join("Cargo.lock")) else {
            return;
        };
        let mut lines = lock.lines();
        while let Some(l) = lines.next() {
            if l.trim() == "name = \"wasm-bindgen\"" {
                if let Some(v) = lines
                    .next()
                    .and_then(|v| v.trim().strip_prefix("version = \""))
                {
                    let v = v.trim_end_matches('"');
                    if v != WASM_BINDGEN_VERSION {
                        println!(
                            "warning: Cargo.lock has wasm-bindgen {v}, but xtask installs wasm-bindgen-cli \
                             {WASM_BINDGEN_VERSION} (Trunk.toml [tools] must match too)"
                        );
                    }
                }
            }
        }
    }

    fn ensure_node(&self) -> Result<()> {
        if let Some(v) = self.tool_version("node") {
            let major: u32 = v
                .trim_start_matches('v')
                .split('.')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            if major >= 18 && self.tool_version("npm").is_some() {
                println!("ok: node {v}");
                return Ok(());
            }
            if major < 18 {
                bail!("node {v} is too old: the browser tests need node >= 18 (node:test, fetch)");
            }
        }
        if is_root() && has("apt-get") {
            step("node/npm not found; apt-get install nodejs npm");
            self.apt_install(&["nodejs", "npm"])?;
            return Ok(());
        }
        bail!("node >= 18 and npm are required (e.g. `apt-get install nodejs npm`)")
    }

    /// `npm ci` in tools/node unless node_modules already matches package-lock.json.
    fn ensure_node_modules(&self) -> Result<()> {
        let lock = std::fs::read(self.node_dir.join("package-lock.json"))
            .context("tools/node/package-lock.json is missing")?;
        let modules = self.node_dir.join("node_modules");
        let stamp = modules.join(".xtask-package-lock.json");
        let wasm_opt_ok = self
            .tool_version("wasm-opt")
            .map(|v| v.contains(WASM_OPT_VERSION))
            .unwrap_or(false);
        let fresh = std::fs::read(&stamp).map(|s| s == lock).unwrap_or(false)
            && modules
                .join("playwright-core")
                .join("package.json")
                .exists()
            && wasm_opt_ok;
        if fresh {
            println!("ok: tools/node/node_modules (wasm-opt {WASM_OPT_VERSION}, playwright-core)");
            return Ok(());
        }
        step("npm ci in tools/node (binaryen wasm-opt, playwright-core)");
        self.run_ok(
            self.cmd("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&self.node_dir),
            "npm ci in tools/node failed",
        )?;
        match self.tool_version("wasm-opt") {
            Some(v) if v.contains(WASM_OPT_VERSION) => println!("ok: {v}"),
            other => bail!(
                "tools/node/node_modules/.bin/wasm-opt reports {other:?}, expected {WASM_OPT_VERSION} \
                 (Trunk.toml pins wasm_opt = \"version_132\")"
            ),
        }
        std::fs::write(&stamp, &lock)?;
        Ok(())
    }

    fn ensure_browser(&self) -> Result<()> {
        let mut missing = Vec::new();
        if !Path::new(CHROMIUM).exists() {
            missing.push("chromium");
        }
        if !Path::new("/usr/bin/chromedriver").exists() {
            missing.push("chromium-driver");
        }
        if !dpkg_installed("fonts-noto-cjk") {
            missing.push("fonts-noto-cjk");
        }
        // pdftotext, pdffonts, pdfinfo and pdftoppm read the briefing pack back in the tests.
        if !dpkg_installed("poppler-utils") {
            missing.push("poppler-utils");
        }
        if missing.is_empty() {
            println!("ok: {CHROMIUM}, chromedriver, fonts-noto-cjk, poppler-utils");
            return Ok(());
        }
        if is_root() && has("apt-get") {
            step(&format!("apt-get install {}", missing.join(" ")));
            let t = Instant::now();
            self.apt_install(&missing)?;
            self.timings
                .borrow_mut()
                .push(("apt-get install browser".into(), t.elapsed()));
            if !Path::new(CHROMIUM).exists() {
                bail!("{CHROMIUM} still missing after apt-get install chromium");
            }
            return Ok(());
        }
        if Path::new(CHROMIUM).exists() {
            println!(
                "warning: missing {} (screenshots may lack Chinese glyphs); run as root to install",
                missing.join(", ")
            );
            return Ok(());
        }
        bail!(
            "{CHROMIUM} is missing and we are not root: \
             run `sudo apt-get install -y chromium chromium-driver fonts-noto-cjk`"
        )
    }

    fn apt_install(&self, pkgs: &[&str]) -> Result<()> {
        self.run_ok(
            Command::new("apt-get")
                .arg("update")
                .env("DEBIAN_FRONTEND", "noninteractive"),
            "apt-get update failed",
        )?;
        self.run_ok(
            Command::new("apt-get")
                .args(["install", "-y", "--no-install-recommends"])
                .args(pkgs)
                .env("DEBIAN_FRONTEND", "noninteractive")
                .stdin(Stdio::null()),
            "apt-get install failed",
        )
    }
}
