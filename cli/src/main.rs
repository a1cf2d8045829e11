//! `atlas`: Coverage Atlas on the command line. Print-ready map figures (SVG, PNG), the coverage
//! and deadline table of a region's children, and the data notes of the loaded data.
//!
//! ```text
//! atlas render --region 5223 [--mode coverage|rating|deadline] [--scheme fixed|quantile|equal]
//!              [--date 2023-12] [--lang zh|en] [--title T] [--subtitle S] [--review-number N]
//!              [--size 1920x1080 | --a4 [--dpi 300]] [--today 2026-11-23] --out fig.svg|fig.png
//! atlas stats [--region 52] [--date 2023-12] [--format csv|json] [--today YYYY-MM-DD]
//! atlas validate [--stations FILE [--report OUT.csv]] [--boundaries FILE [--boundary-report OUT.csv]]
//! ```
//! Every command takes `--data DIR` (default: the repository's `data/`, or `$ATLAS_DATA`) and a
//! bureau's own files: `--stations FILE [--column FIELD=COLUMN]…` and `--boundaries FILE
//! [--code-property KEY] [--convert-gcj02] [--swap-lon-lat]`, read through the same import
//! session the page's worker runs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, bail, Context, Result};
use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::{Level, RegionCode};
use atlas_core::date::{Day, Month};
use atlas_core::draw::figure::{build_figure_with, FigureOptions};
use atlas_core::import::session::StationsLoaded;
use atlas_core::import::{
    BoundaryChoices, BoundaryImport, ImportSession, Phase, Reply, Request, Step,
};
use atlas_core::lang::Lang;
use atlas_core::measure::coverage::{compute_coverage, AsOfFilter, Basis, Coverage};
use atlas_core::measure::progress::{deadline_board, fmt_pace};
use atlas_core::style::classify::{MapMode, Scheme};

const DEFAULT_DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data");

const USAGE: &str = "usage:
  atlas render --region CODE [--mode coverage|rating|deadline] [--scheme fixed|quantile|equal]
               [--date YYYY-MM] [--lang zh|en] [--title T] [--subtitle S] [--review-number N]
               [--size WxH | --a4 [--dpi 300]] [--today YYYY-MM-DD] --out FILE.svg|FILE.png
  atlas stats [--region CODE] [--date YYYY-MM] [--format csv|json] [--today YYYY-MM-DD]
  atlas validate [--stations FILE [--report OUT.csv]] [--boundaries FILE [--boundary-report OUT.csv]]
                 [--today YYYY-MM-DD]
every command: --data DIR (default: the repository's data/, or $ATLAS_DATA)
  and your own files: --stations FILE [--column FIELD=COLUMN]...  (fields: code, township, county,
                        station, status, star, tier, opened; COLUMN: 1-based number or header)
                      --boundaries FILE [--code-property KEY] [--convert-gcj02] [--swap-lon-lat]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("atlas: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `--flag value` pairs and bare `--switch`es after the command. A flag given twice keeps both
/// values (`--column`); [`Args::get`] gives the last.
struct Args {
    values: HashMap<String, Vec<String>>,
    switches: Vec<String>,
}

const SWITCHES: [&str; 4] = ["--a4", "--help", "--convert-gcj02", "--swap-lon-lat"];

/// The flags of a bureau's own files, which every command takes.
const USER_FILES: [&str; 6] = [
    "--stations",
    "--column",
    "--boundaries",
    "--code-property",
    "--convert-gcj02",
    "--swap-lon-lat",
];

impl Args {
    fn parse(raw: &[String], allowed: &[&str]) -> Result<Args> {
        let mut values = HashMap::new();
        let mut switches = Vec::new();
        let mut it = raw.iter();
        while let Some(flag) = it.next() {
            if SWITCHES.contains(&flag.as_str()) && allowed.contains(&flag.as_str()) {
                switches.push(flag.clone());
                continue;
            }
            if !allowed.contains(&flag.as_str()) {
                bail!("unknown argument {flag:?}\n{USAGE}");
            }
            let value = it
                .next()
                .ok_or_else(|| anyhow!("{flag} needs a value\n{USAGE}"))?;
            values
                .entry(flag.clone())
                .or_insert_with(Vec::new)
                .push(value.clone());
        }
        Ok(Args { values, switches })
    }

    fn get(&self, flag: &str) -> Option<&str> {
        self.values
            .get(flag)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    fn all(&self, flag: &str) -> &[String] {
        self.values.get(flag).map_or(&[], Vec::as_slice)
    }

    fn has(&self, switch: &str) -> bool {
        self.switches.iter().any(|s| s == switch)
    }
}

fn run(args: &[String]) -> Result<()> {
    let Some((command, rest)) = args.split_first() else {
        bail!("no command\n{USAGE}");
    };
    let with_user_files = |flags: &[&'static str]| -> Vec<&'static str> {
        flags.iter().chain(&USER_FILES).copied().collect()
    };
    match command.as_str() {
        "render" => render(&Args::parse(
            rest,
            &with_user_files(&[
                "--data",
                "--region",
                "--mode",
                "--scheme",
                "--date",
                "--lang",
                "--title",
                "--subtitle",
                "--review-number",
                "--size",
                "--a4",
                "--dpi",
                "--today",
                "--out",
            ]),
        )?),
        "stats" => stats(&Args::parse(
            rest,
            &with_user_files(&["--data", "--region", "--date", "--format", "--today"]),
        )?),
        "validate" => validate(&Args::parse(
            rest,
            &with_user_files(&["--data", "--report", "--boundary-report", "--today"]),
        )?),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command {other:?}\n{USAGE}"),
    }
}

fn data_dir(args: &Args) -> PathBuf {
    args.get("--data")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("ATLAS_DATA").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA))
}

fn load(dir: &Path) -> Result<Atlas> {
    Atlas::load_dir(dir).map_err(|e| anyhow!("{e}"))
}

/// A bureau's own files as the import read them: what the page shows after an upload.
#[derive(Default)]
struct Imported {
    stations: Option<StationsLoaded>,
    boundaries: Option<BoundaryImport>,
}

/// Prints each phase of a long import to stderr when it is a terminal.
fn progress_printer() -> impl FnMut(Step) {
    use std::io::IsTerminal;
    let shown = std::io::stderr().is_terminal();
    let mut last: Option<Phase> = None;
    move |step: Step| {
        if shown && last != Some(step.phase) {
            eprintln!("{}…", step.phase.label(Lang::En));
            last = Some(step.phase);
        }
    }
}

fn read_input(path: &str) -> Result<(String, Vec<u8>)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {path}"))?;
    let name = Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned());
    Ok((name, bytes))
}

/// Reads `--stations` and `--boundaries` through an [`ImportSession`], as the page's worker
/// does, applying `--column` choices to the guessed mapping and the boundary choices.
fn import_user_files(atlas: &Atlas, args: &Args) -> Result<Imported> {
    let (stations_path, boundaries_path) = (args.get("--stations"), args.get("--boundaries"));
    if stations_path.is_none() && boundaries_path.is_none() {
        return Ok(Imported::default());
    }
    let mut session = ImportSession::new(atlas.clone());
    let mut progress = progress_printer();
    let mut imported = Imported::default();
    if let Some(path) = stations_path {
        let (file, bytes) = read_input(path)?;
        let today = today(args.get("--today"))?;
        let request = Request::Stations {
            file,
            today,
            mapping: None,
        };
        let mut loaded = stations_reply(session.handle(request, Some(bytes), &mut progress).0)?;
        if !args.all("--column").is_empty() {
            let mut mapping = loaded.mapping.clone();
            for choice in args.all("--column") {
                mapping
                    .apply_choice(choice, &loaded.headers)
                    .map_err(|e| anyhow!("--column {choice}: {e}"))?;
            }
            let remap = Request::Remap { mapping };
            loaded = stations_reply(session.handle(remap, None, &mut progress).0)?;
        }
        imported.stations = Some(loaded);
    }
    if let Some(path) = boundaries_path {
        let (file, bytes) = read_input(path)?;
        let choices = BoundaryChoices {
            code_property: args.get("--code-property").map(str::to_string),
            swap_lon_lat: args.has("--swap-lon-lat"),
            convert_gcj02: args.has("--convert-gcj02"),
        };
        let request = Request::Boundaries { file, choices };
        let (reply, coords) = session.handle(request, Some(bytes), &mut progress);
        imported.boundaries = Some(match reply {
            Reply::Boundaries(loaded) => loaded.into_import(&coords).map_err(|e| anyhow!(e))?,
            Reply::Failed { message } => bail!("{message}"),
            other => bail!("unexpected importer reply {other:?}"),
        });
    }
    Ok(imported)
}

fn stations_reply(reply: Reply) -> Result<StationsLoaded> {
    match reply {
        Reply::Stations(loaded) => Ok(*loaded),
        Reply::Failed { message } => bail!("{message}"),
        other => bail!("unexpected importer reply {other:?}"),
    }
}

/// The columns as read, for a message that asks the user to choose them.
fn columns_hint(loaded: &StationsLoaded) -> String {
    let columns: Vec<String> = loaded
        .headers
        .iter()
        .zip(&loaded.examples)
        .enumerate()
        .map(|(i, (h, e))| format!("  {} {h:?}: {}", i + 1, e.join(", ")))
        .collect();
    format!(
        "choose the columns with --column FIELD=COLUMN (e.g. --column code=1 --column status=3); the file's columns:\n{}",
        columns.join("\n")
    )
}

/// The atlas with the user's files in it: their stations replace the shipped ones, their
/// boundaries replace the schematic cells. One line per file goes to stderr.
fn load_with_user_files(args: &Args) -> Result<(Atlas, Imported)> {
    let mut atlas = load(&data_dir(args))?;
    let imported = import_user_files(&atlas, args)?;
    if let Some(loaded) = &imported.stations {
        match &loaded.outcome {
            Ok(report) => {
                eprintln!("{}", report.counts_line(Lang::En));
                atlas.stations = report.joined.iter().map(|(_, s)| s.clone()).collect();
            }
            Err(message) => bail!("{message}\n{}", columns_hint(loaded)),
        }
    }
    if let Some(import) = &imported.boundaries {
        eprintln!("{}", boundary_counts_line(import));
        atlas.set_township_outlines(&import.townships);
    }
    Ok((atlas, imported))
}

fn boundary_counts_line(import: &BoundaryImport) -> String {
    format!("{}; {}", import.counts_line(Lang::En), import.crs)
}

fn region(atlas: &Atlas, raw: Option<&str>) -> Result<RegionCode> {
    let Some(raw) = raw else {
        return Ok(RegionCode::nation());
    };
    let code = RegionCode::parse(raw).map_err(|e| anyhow!("bad region code {raw:?}: {e}"))?;
    if code.level() != Level::Nation && !atlas.divisions.contains(&code) {
        bail!("unknown region code {raw}: not in the division registry");
    }
    Ok(code)
}

fn month(raw: Option<&str>) -> Result<Option<Month>> {
    let Some(raw) = raw else { return Ok(None) };
    Month::parse(raw)
        .map(Some)
        .ok_or_else(|| anyhow!("bad --date {raw:?}: expected YYYY-MM"))
}

/// `--today YYYY-MM-DD`, else today by the system clock (UTC).
fn today(raw: Option<&str>) -> Result<Day> {
    match raw {
        Some(raw) => {
            Day::parse(raw).ok_or_else(|| anyhow!("bad --today {raw:?}: expected YYYY-MM-DD"))
        }
        None => {
            let secs = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            Ok(Day::from_days_since_epoch((secs / 86_400) as i64))
        }
    }
}

fn lang(raw: Option<&str>) -> Result<Lang> {
    match raw.unwrap_or("zh") {
        "zh" => Ok(Lang::Zh),
        "en" => Ok(Lang::En),
        other => bail!("bad --lang {other:?}: expected zh or en"),
    }
}

/// Pixel size: `--size WxH`, or A4 landscape at `--dpi` (default 300: 3508×2480).
fn size(args: &Args) -> Result<(u32, u32)> {
    if args.has("--a4") {
        if args.get("--size").is_some() {
            bail!("--size and --a4 exclude each other");
        }
        let dpi: f64 = match args.get("--dpi") {
            Some(raw) => raw
                .parse()
                .ok()
                .filter(|d: &f64| *d >= 10.0 && *d <= 1200.0)
                .ok_or_else(|| anyhow!("bad --dpi {raw:?}: expected 10 to 1200"))?,
            None => 300.0,
        };
        let px = |mm: f64| (mm / 25.4 * dpi).round() as u32;
        return Ok((px(297.0), px(210.0)));
    }
    if args.get("--dpi").is_some() {
        bail!("--dpi only goes with --a4");
    }
    match args.get("--size") {
        None => Ok((1920, 1080)),
        Some(raw) => raw
            .split_once(['x', 'X'])
            .and_then(|(w, h)| Some((w.parse::<u32>().ok()?, h.parse::<u32>().ok()?)))
            .filter(|(w, h)| (16..=20_000).contains(w) && (16..=20_000).contains(h))
            .ok_or_else(|| anyhow!("bad --size {raw:?}: expected WxH, e.g. 1920x1080")),
    }
}

fn render(args: &Args) -> Result<()> {
    let out = args
        .get("--out")
        .ok_or_else(|| anyhow!("render needs --out FILE.svg or FILE.png"))?;
    let png = match Path::new(out).extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("png") => true,
        Some(e) if e.eq_ignore_ascii_case("svg") => false,
        _ => bail!("--out {out:?}: the file must end in .svg or .png"),
    };
    let mode = match args.get("--mode") {
        None => MapMode::Coverage,
        Some(raw) => MapMode::from_key(raw)
            .ok_or_else(|| anyhow!("bad --mode {raw:?}: expected coverage, rating or deadline"))?,
    };
    let scheme = match args.get("--scheme") {
        None => Scheme::Fixed,
        Some(raw) => Scheme::from_key(raw)
            .ok_or_else(|| anyhow!("bad --scheme {raw:?}: expected fixed, quantile or equal"))?,
    };
    let (width_px, height_px) = size(args)?;
    let lang = lang(args.get("--lang"))?;
    let month = month(args.get("--date"))?;
    let today = today(args.get("--today"))?;
    let (atlas, _) = load_with_user_files(args)?;
    let focus = region(&atlas, args.get("--region"))?;
    let opts = FigureOptions {
        title: args.get("--title").unwrap_or_default().to_string(),
        subtitle: args.get("--subtitle").unwrap_or_default().to_string(),
        width_px,
        height_px,
        lang,
        as_of_label: String::new(),
        map_review_number: args.get("--review-number").map(str::to_string),
        source_line: None,
    };
    let svg = build_figure_with(&atlas, &focus, mode, scheme, month, today, &opts);
    let bytes = if png {
        to_png(&svg, width_px, height_px)?
    } else {
        svg.into_bytes()
    };
    std::fs::write(out, bytes).with_context(|| format!("writing {out}"))?;
    Ok(())
}

/// Rasterises the figure with resvg at its own pixel size, on the system's fonts.
fn to_png(svg: &str, width: u32, height: u32) -> Result<Vec<u8>> {
    use resvg::{tiny_skia, usvg};
    let mut options = usvg::Options {
        font_family: "Noto Sans CJK SC".to_string(),
        ..usvg::Options::default()
    };
    options.fontdb_mut().load_system_fonts();
    let tree = usvg::Tree::from_str(svg, &options).context("parsing the figure SVG")?;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| anyhow!("cannot allocate a {width}×{height} image"))?;
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap.encode_png().context("encoding PNG")
}

fn basis_key(coverage: &Coverage) -> &'static str {
    match coverage {
        Coverage::Known { basis, .. } => match basis {
            Basis::TownshipDetail => "township_detail",
            Basis::ReportedTotal { .. } => "reported_total",
            Basis::Aggregate {
                includes_reported: true,
            } => "aggregate_incl_reported",
            Basis::Aggregate { .. } => "aggregate",
        },
        Coverage::Partial { .. } => "partial",
        Coverage::NoData { .. } => "no_data",
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn stats(args: &Args) -> Result<()> {
    let format = args.get("--format").unwrap_or("csv");
    if format != "csv" && format != "json" {
        bail!("bad --format {format:?}: expected csv or json");
    }
    let month = month(args.get("--date"))?;
    let today = today(args.get("--today"))?;
    let (atlas, _) = load_with_user_files(args)?;
    let focus = region(&atlas, args.get("--region"))?;
    let table = compute_coverage(
        &atlas.divisions,
        &atlas.figures,
        &atlas.stations,
        AsOfFilter::for_month(month),
    );
    let board = deadline_board(&atlas, today);
    let header = [
        "code",
        "name",
        "covered",
        "total",
        "pct",
        "basis",
        "as_of",
        "source",
        "deadline_status",
        "required_pace_per_month",
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for child in atlas.divisions.children(&focus) {
        let name = atlas.divisions.name(child).unwrap_or_default().to_string();
        let coverage = table.get(child);
        let (covered, total, pct) = match coverage {
            Some(c @ Coverage::Known { covered, total, .. }) => (
                covered.to_string(),
                total.to_string(),
                c.pct().map(|p| format!("{p:.1}")).unwrap_or_default(),
            ),
            Some(Coverage::Partial {
                covered_at_least,
                total,
                ..
            }) => (
                format!(">={covered_at_least}"),
                total.to_string(),
                String::new(),
            ),
            Some(Coverage::NoData { total }) => (String::new(), total.to_string(), String::new()),
            None => (
                String::new(),
                atlas.divisions.township_count(child).to_string(),
                String::new(),
            ),
        };
        let (as_of, source) = match coverage {
            Some(Coverage::Known {
                basis: Basis::ReportedTotal { figure },
                ..
            }) => {
                let f = &atlas.figures[*figure];
                (f.as_of.to_string(), format!("article {}", f.source.id))
            }
            _ => (String::new(), String::new()),
        };
        let assessment = board.iter().find(|a| &a.region == child);
        rows.push(vec![
            child.to_string(),
            name,
            covered,
            total,
            pct,
            coverage.map(basis_key).unwrap_or("no_data").to_string(),
            as_of,
            source,
            assessment
                .map(|a| a.status.label(Lang::En).replace(' ', "_"))
                .unwrap_or_default(),
            assessment
                .and_then(|a| a.required_pace_per_month)
                .map(fmt_pace)
                .unwrap_or_default(),
        ]);
    }
    let mut out = String::new();
    if format == "csv" {
        out.push_str(&header.join(","));
        out.push('\n');
        for row in &rows {
            let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
            out.push_str(&fields.join(","));
            out.push('\n');
        }
    } else {
        let items: Vec<serde_json::Value> = rows
            .iter()
            .map(|row| {
                serde_json::Value::Object(
                    header
                        .iter()
                        .zip(row)
                        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
                        .collect(),
                )
            })
            .collect();
        out = serde_json::to_string_pretty(&items)?;
        out.push('\n');
    }
    print!("{out}");
    Ok(())
}

/// Data notes of the loaded data; with `--stations FILE`, the join report of a bureau's station
/// table (every row joined or listed), optionally written as CSV with `--report OUT.csv`; with
/// `--boundaries FILE`, the boundary report (every feature joined or listed), as CSV with
/// `--boundary-report OUT.csv`. Exits non-zero when any row or feature did not join cleanly.
fn validate(args: &Args) -> Result<()> {
    let dir = data_dir(args);
    let dir = dir.canonicalize().unwrap_or(dir);
    let atlas = load(&dir)?;
    println!(
        "{}: {} regions, {} outlines, {} figures, {} targets, {} stations",
        dir.display(),
        atlas.divisions.len(),
        atlas.outline_count(),
        atlas.figures.len(),
        atlas.targets.len(),
        atlas.stations.len()
    );
    println!("{} data notes:", atlas.notes.len());
    for note in &atlas.notes {
        println!("  {} {}: {}", note.file, note.code, note.message);
    }
    let imported = import_user_files(&atlas, args)?;
    let mut problems = Vec::new();
    if let Some(loaded) = &imported.stations {
        let report = match &loaded.outcome {
            Ok(report) => report,
            Err(message) => bail!("{message}\n{}", columns_hint(loaded)),
        };
        println!("{}", report.counts_line(Lang::En));
        for message in report.messages() {
            println!("  {message}");
        }
        println!("{}", report.gaps_line(Lang::En, 10));
        if let Some(out) = args.get("--report") {
            std::fs::write(out, report.to_csv()).with_context(|| format!("writing {out}"))?;
        }
        let bad = report.unmatched.len() + report.duplicates.len() + report.invalid.len();
        if bad > 0 {
            problems.push(format!(
                "{bad} of {} rows in {} did not join cleanly",
                report.rows_read, report.file
            ));
        }
    }
    if let Some(import) = &imported.boundaries {
        println!("{}", boundary_counts_line(import));
        for issue in &import.report {
            println!("  {issue}");
        }
        if let Some(out) = args.get("--boundary-report") {
            std::fs::write(out, import.to_csv()).with_context(|| format!("writing {out}"))?;
        }
        if import.rejected() > 0 {
            problems.push(format!(
                "{} of {} features in {} were rejected",
                import.rejected(),
                import.features_read,
                import.file
            ));
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("; "));
    }
    Ok(())
}
