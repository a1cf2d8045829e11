//! `atlas`: Coverage Atlas on the command line. Print-ready map figures (SVG, PNG), the coverage
//! and deadline table of a region's children, and the data notes of the loaded data:
//!
//! ```text
//! atlas render --region 5223 --mode deadline --a4 --out fig.png
//! atlas brief --region 52 --out brief.pdf
//! atlas stats --region 52 --format json
//! atlas corrections correction-522301-2026-12-02.json
//! atlas validate --stations own.csv --report join.csv
//! ```
//! Every command takes `--data DIR` (or `$ATLAS_DATA`) and a bureau's own files (`--stations`,
//! `--boundaries`), read through the same import session the page's worker runs. The flags and
//! their formats are in [`args`] and in `atlas --help` / `atlas <command> --help`.
//!
//! Kept as one file because each command's function and the import conversation it runs (stations, boundaries, their
//! reports) read top to bottom as the CLI's one flow; the parts with their own concern are
//! already apart (`args`, `data`, `open`, `pdf`, `publish`).

mod args;
mod bake;
mod brief_font;
mod data;
mod directory;
mod open;
mod pdf;
mod publish;

use std::path::Path;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, bail, Context, Result};
use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::{Level, RegionCode};
use atlas_core::date::Day;
use atlas_core::draw::brief::{brief_pages, brief_title, BriefOptions};
use atlas_core::draw::figure::{build_figure_with, FigureOptions};
use atlas_core::import::session::StationsLoaded;
use atlas_core::import::{
    BoundaryChoices, BoundaryImport, ImportRecipe, ImportSession, JoinReport, Phase, Reply,
    Request, Step, ValueField,
};
use atlas_core::lang::Lang;
use atlas_core::measure::coverage::{compute_coverage, AsOfFilter};
use atlas_core::measure::loaded::loaded_against_reported;
use clap::Parser;

use args::{BriefArgs, Cli, Command, FigureFormat, RenderArgs, Sources, UserFiles, ValidateArgs};
use data::DataSource;

/// Parses the command line (clap prints help, version and usage errors itself, exit 2) and
/// reports a failed command as one `atlas: error:` message with exit code 1.
fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Render(args) => render(args),
        Command::Brief(args) => brief(args),
        Command::Stats(args) => open::stats(args),
        Command::Validate(args) => validate(args),
        Command::Publish(args) => publish::publish(args),
        Command::Corrections(args) => open::corrections(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("atlas: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Rust ignores SIGPIPE, so writing to a reader that has gone (`atlas stats | head -3`) makes
/// `println!` panic; with the signal's default action the process ends quietly instead, as
/// `cat` or `grep` do.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any other thread exists; SIG_DFL is a valid
    // action for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// `--data` (or `$ATLAS_DATA`, clap reads both), else the built-in default; a published
/// folder's optional parts that could not be used are named on stderr.
fn load(sources: &Sources) -> Result<(DataSource, Atlas)> {
    let (source, atlas, problems) = load_noting(sources)?;
    for problem in problems {
        eprintln!("atlas: {problem}");
    }
    Ok((source, atlas))
}

/// [`load`] with the messages of the optional parts that could not be used given back, for
/// `validate`, whose job is to find them.
fn load_noting(sources: &Sources) -> Result<(DataSource, Atlas, Vec<String>)> {
    let source = DataSource::of(sources.data.as_deref());
    let (atlas, problems) = source.load(sources.lang.into())?;
    Ok((source, atlas, problems))
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

/// A user's file and the name the import reports it by (its file name, as on the page).
fn read_input(path: &Path) -> Result<(String, Vec<u8>)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok((name, bytes))
}

/// Reads `--stations` and `--boundaries` through an [`ImportSession`], as the page's worker
/// does, applying `--column` choices to the guessed mapping and the boundary choices.
fn import_user_files(atlas: &Atlas, sources: &Sources) -> Result<Imported> {
    let files = &sources.files;
    if files.stations.is_none() && files.boundaries.is_none() {
        return Ok(Imported::default());
    }
    let mut session = ImportSession::new(atlas.clone());
    let mut progress = progress_printer();
    let mut imported = Imported::default();
    // Boundaries first: the station directory's points are checked against their townships.
    if let Some(path) = &files.boundaries {
        let boundaries = import_boundaries(&mut session, &mut progress, path, files, sources)?;
        imported.boundaries = Some(boundaries);
    }
    if let Some(path) = &files.stations {
        let today = today(sources.today);
        let lang = sources.lang.into();
        let recipe = files
            .recipe
            .as_deref()
            .map(|path| read_recipe(path, lang))
            .transpose()?;
        let asked = StationAsks {
            lang,
            recipe,
            columns: &files.column,
            accept_suggestions: files.accept_suggestions,
            encoding: files.encoding,
            recipe_file: (files.recipe.as_deref())
                .and_then(|p| p.file_name())
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        };
        let stations = import_stations(&mut session, &mut progress, path, today, asked)?;
        imported.stations = Some(stations);
    }
    Ok(imported)
}

/// What the command line asks of a station table beyond reading it.
struct StationAsks<'a> {
    /// The language of messages.
    lang: Lang,
    recipe: Option<ImportRecipe>,
    columns: &'a [String],
    accept_suggestions: bool,
    encoding: Option<atlas_core::import::TextEncoding>,
    /// The recipe's file name, which a message about it starts with.
    recipe_file: String,
}

/// `--recipe`: read and checked before the table, so a wrong file stops the run first.
fn read_recipe(path: &Path, lang: Lang) -> Result<ImportRecipe> {
    let (file, bytes) = read_input(path)?;
    ImportRecipe::parse(&file, &bytes).map_err(|e| anyhow!("{}", e.get(lang)))
}

/// Reads a station table with the recipe's choices (else the guessed columns), then applies
/// the `--column` choices and, with `--accept-suggestions`, every township suggestion: the
/// page's column pickers and "accept all", on the command line.
fn import_stations(
    session: &mut ImportSession,
    progress: &mut dyn FnMut(Step),
    path: &Path,
    today: Day,
    asked: StationAsks,
) -> Result<StationsLoaded> {
    let (file, bytes) = read_input(path)?;
    let request = Request::Stations {
        file,
        today,
        choices: None,
        recipe: asked.recipe.map(Box::new),
        encoding: asked.encoding,
    };
    let lang = asked.lang;
    let mut loaded = stations_reply(session.handle(request, Some(bytes), progress).0, lang)?;
    if let Some(problem) = &loaded.recipe_problem {
        bail!("{}: {}", asked.recipe_file, problem.get(lang));
    }
    if !asked.columns.is_empty() {
        let mut choices = loaded.choices.clone();
        for choice in asked.columns {
            choices
                .mapping
                .apply_choice(choice, &loaded.headers)
                .map_err(|e| anyhow!("--column {choice}: {e}"))?;
        }
        let remap = Request::Remap { choices };
        loaded = stations_reply(session.handle(remap, None, progress).0, lang)?;
    }
    let acceptable = match &loaded.outcome {
        Ok(report) if asked.accept_suggestions => report.acceptable(),
        _ => Vec::new(),
    };
    if !acceptable.is_empty() {
        let mut choices = loaded.choices.clone();
        for accepted in acceptable {
            choices.accept(accepted.clone());
        }
        let remap = Request::Remap { choices };
        loaded = stations_reply(session.handle(remap, None, progress).0, lang)?;
    }
    Ok(loaded)
}

/// Reads a boundary file with the boundary flags and, with `--accept-suggestions`, reads it
/// again with every township suggestion accepted (the page's "accept all").
fn import_boundaries(
    session: &mut ImportSession,
    progress: &mut dyn FnMut(Step),
    path: &Path,
    files: &UserFiles,
    sources: &Sources,
) -> Result<BoundaryImport> {
    let lang: Lang = sources.lang.into();
    let (file, bytes) = read_input(path)?;
    let mut choices = boundary_choices(files);
    let request = Request::Boundaries {
        file,
        choices: choices.clone(),
    };
    let mut import = boundaries_reply(session.handle(request, Some(bytes), progress), lang)?;
    let acceptable = import.acceptable();
    if files.accept_suggestions && !acceptable.is_empty() {
        choices.accepted = acceptable;
        let request = Request::Rechoose { choices };
        import = boundaries_reply(session.handle(request, None, progress), lang)?;
    }
    Ok(import)
}

/// The boundaries out of an importer reply, or the importer's refusal as the error.
fn boundaries_reply((reply, coords): (Reply, Vec<f64>), lang: Lang) -> Result<BoundaryImport> {
    match reply {
        Reply::Boundaries(loaded) => loaded.into_import(&coords).map_err(|e| anyhow!(e)),
        Reply::Failed { message } => bail!("{}", message.get(lang)),
        other => bail!("unexpected importer reply {other:?}"),
    }
}

/// The boundary flags as the importer takes them.
fn boundary_choices(files: &UserFiles) -> BoundaryChoices {
    BoundaryChoices {
        code_property: files.code_property.clone(),
        swap_lon_lat: files.swap_lon_lat,
        convert_gcj02: files.convert_gcj02,
        keep_gcj02: files.keep_gcj02,
        accepted: Default::default(),
    }
}

/// The station table out of an importer reply, or the importer's refusal as the error.
fn stations_reply(reply: Reply, lang: Lang) -> Result<StationsLoaded> {
    match reply {
        Reply::Stations(loaded) => Ok(*loaded),
        Reply::Failed { message } => bail!("{}", message.get(lang)),
        other => bail!("unexpected importer reply {other:?}"),
    }
}

/// The columns as read, for a message that asks the user to choose them.
fn columns_hint(loaded: &StationsLoaded, lang: Lang) -> String {
    let columns: Vec<String> = loaded
        .headers
        .iter()
        .zip(&loaded.examples)
        .enumerate()
        .map(|(i, (h, e))| format!("  {} {h:?}: {}", i + 1, e.join(", ")))
        .collect();
    let ask = lang.pick(
        "请用 --column 字段=列 指定各列（例如 --column code=1 --column status=3）；文件中的列：",
        "choose the columns with --column FIELD=COLUMN (e.g. --column code=1 --column status=3); the file's columns:",
    );
    format!("{ask}\n{}", columns.join("\n"))
}

/// The atlas with the user's files in it: their stations replace the shipped ones, their
/// boundaries replace the schematic cells. One line per file goes to stderr.
fn load_with_user_files(sources: &Sources) -> Result<(Atlas, Imported)> {
    let (_, mut atlas) = load(sources)?;
    let imported = import_user_files(&atlas, sources)?;
    if let Some(loaded) = &imported.stations {
        match &loaded.outcome {
            Ok(report) => {
                eprintln!("{}", report.counts_line(sources.lang.into()));
                atlas.stations = report.joined.iter().map(|(_, s)| s.clone()).collect();
            }
            Err(message) => bail!(
                "{}\n{}",
                message.get(sources.lang.into()),
                columns_hint(loaded, sources.lang.into())
            ),
        }
    }
    if let Some(import) = &imported.boundaries {
        eprintln!("{}", boundary_counts_line(import, sources.lang.into()));
        atlas.set_township_outlines(&import.townships);
        atlas.set_own_boundaries_file(Some(import.file.clone()));
    }
    Ok((atlas, imported))
}

/// The boundary import's counts with the coordinate system it found, the one-line summary both
/// `render` (stderr) and `validate` (stdout) print.
fn boundary_counts_line(import: &BoundaryImport, lang: Lang) -> String {
    format!(
        "{}{}{}",
        import.counts_line(lang),
        lang.pick("；", "; "),
        import.crs.describe(lang)
    )
}

/// `--region`, checked against the loaded registry (a user's files may not change it, but the
/// data directory can); none is the whole country.
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

/// `--today`, else today by the system clock (UTC).
fn today(given: Option<Day>) -> Day {
    given.unwrap_or_else(|| {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Day::from_days_since_epoch((secs / 86_400) as i64)
    })
}

/// Pixel size: `--size WxH` (default 1920×1080), or A4 landscape at `--dpi` (default 300:
/// 3508×2480). Clap already keeps `--size` and `--a4` apart and `--dpi` with `--a4`.
fn size(args: &RenderArgs) -> (u32, u32) {
    if args.a4 {
        let dpi = args.dpi.unwrap_or(300.0);
        let px = |mm: f64| (mm / 25.4 * dpi).round() as u32;
        return (px(297.0), px(210.0));
    }
    args.size.unwrap_or((1920, 1080))
}

/// `atlas render`: the page's figure export, written to `--out` as SVG or PNG.
fn render(args: &RenderArgs) -> Result<()> {
    let (width_px, height_px) = size(args);
    let today = today(args.sources.today);
    let (atlas, imported) = load_with_user_files(&args.sources)?;
    let focus = region(&atlas, args.scope.region.as_deref())?;
    let stations = if args.points {
        let stations = directory::directory_of(&args.sources, &imported)?;
        if stations.is_empty() {
            bail!(
                "--points: {}",
                Lang::from(args.sources.lang).pick(
                    "没有站点名录：请用带名录列的 --stations，或已发布且含名录的 --data 文件夹",
                    "no station directory: give --stations with directory columns, or a published --data folder with one"
                )
            );
        }
        stations
    } else {
        Vec::new()
    };
    let opts = FigureOptions {
        title: args.title.clone().unwrap_or_default(),
        subtitle: args.subtitle.clone().unwrap_or_default(),
        width_px,
        height_px,
        lang: args.sources.lang.into(),
        as_of_label: String::new(),
        map_review_number: args.review_number.clone(),
        source_line: None,
        description: String::new(),
        stations,
    };
    let (mode, scheme) = (args.mode, args.scheme.into());
    let svg = build_figure_with(&atlas, &focus, mode, scheme, args.scope.date, today, &opts);
    let bytes = match args.out.format {
        FigureFormat::Png => to_png(&svg, width_px, height_px)?,
        FigureFormat::Svg => svg.into_bytes(),
        // A4 is drawn at --dpi pixels an inch, so the page is A4; any other size is CSS pixels.
        FigureFormat::Pdf => {
            let dpi = if args.a4 {
                args.dpi.unwrap_or(300.0)
            } else {
                96.0
            };
            pdf::pages_to_pdf(&[svg], dpi as f32, &opts_title(&args.title))?
        }
    };
    let out = &args.out.path;
    std::fs::write(out, bytes).with_context(|| format!("writing {}", out.display()))?;
    Ok(())
}

/// The PDF's document title: the figure's own title when given.
fn opts_title(title: &Option<String>) -> String {
    title
        .clone()
        .unwrap_or_else(|| "Coverage Atlas".to_string())
}

/// `atlas brief`: the A4 briefing pack of a region as one PDF.
fn brief(args: &BriefArgs) -> Result<()> {
    let today = today(args.sources.today);
    let (atlas, _) = load_with_user_files(&args.sources)?;
    let focus = region(&atlas, args.scope.region.as_deref())?;
    let opts = BriefOptions {
        focus,
        month: args.scope.date,
        today,
        lang: args.sources.lang.into(),
    };
    let pages = brief_pages(&atlas, &opts);
    let title = brief_title(&atlas, &opts);
    let bytes = pdf::pages_to_pdf(&pages, 96.0, &title)?;
    let out = &args.out;
    std::fs::write(out, bytes).with_context(|| format!("writing {}", out.display()))?;
    Ok(())
}

/// Rasterises the figure with resvg at its own pixel size, on the system's fonts.
fn to_png(svg: &str, width: u32, height: u32) -> Result<Vec<u8>> {
    use resvg::tiny_skia;
    let tree = pdf::tree(svg)?;
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

/// Data notes of the loaded data; with `--stations FILE`, the join report of a bureau's station
/// table (every row joined or listed), optionally written as CSV with `--report OUT.csv`; with
/// `--boundaries FILE`, the boundary report (every feature joined or listed), as CSV with
/// `--boundary-report OUT.csv`. Exits non-zero when any row or feature did not join cleanly, or
/// an optional part of a published folder could not be used.
fn validate(args: &ValidateArgs) -> Result<()> {
    let lang: Lang = args.sources.lang.into();
    refuse_outputs_without_inputs(args, lang)?;
    // An optional published part that fails its check (a hash, a format) still loads the
    // rest, but validating the folder finds it: it is a problem, and the exit is non-zero.
    let (source, atlas, mut problems) = load_noting(&args.sources)?;
    for problem in &problems {
        eprintln!("atlas: {problem}");
    }
    let own_files =
        args.sources.files.stations.is_some() || args.sources.files.boundaries.is_some();
    // A user's own files come first: the shipped data's notes are one line after their reports.
    if !own_files {
        print_data_notes(&source.describe(lang), &atlas, lang);
    }
    let imported = import_user_files(&atlas, &args.sources)?;
    if let Some(loaded) = &imported.stations {
        problems.extend(report_stations(loaded, args.report.as_deref(), lang)?);
        print_against_published(&atlas, loaded, lang);
        if let Some(out) = &args.write_recipe {
            let recipe = ImportRecipe::from_choices(&loaded.file, &loaded.headers, &loaded.choices);
            std::fs::write(out, recipe.to_json())
                .with_context(|| format!("writing {}", out.display()))?;
        }
    }
    if let Some(import) = &imported.boundaries {
        problems.extend(report_boundaries(
            import,
            args.boundary_report.as_deref(),
            lang,
        )?);
    }
    if own_files && args.all_notes {
        print_data_notes(&source.describe(lang), &atlas, lang);
    } else if own_files {
        println!("{}", notes_summary(&source.describe(lang), &atlas, lang));
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("; "));
    }
    Ok(())
}

/// `--report`, `--boundary-report` and `--write-recipe` write what `--stations` or
/// `--boundaries` make: without them there is nothing to write, and the user is told so rather
/// than left with no file.
fn refuse_outputs_without_inputs(args: &ValidateArgs, lang: Lang) -> Result<()> {
    let files = &args.sources.files;
    let stations = files.stations.is_some();
    let wanted = [
        ("--report", args.report.is_some() && !stations, "--stations"),
        (
            "--write-recipe",
            args.write_recipe.is_some() && !stations,
            "--stations",
        ),
        (
            "--boundary-report",
            args.boundary_report.is_some() && files.boundaries.is_none(),
            "--boundaries",
        ),
    ];
    for (flag, missing, input) in wanted {
        if missing {
            bail!(
                "{}",
                match lang {
                    Lang::Zh => format!("{flag} 写出 {input} 文件的报告；未给出 {input}，未写出任何文件"),
                    Lang::En => format!(
                        "{flag} writes the report of the {input} file; no {input} was given, so nothing was written"
                    ),
                }
            );
        }
    }
    Ok(())
}

/// One line for the loaded data's notes, after a user's own reports.
fn notes_summary(source: &str, atlas: &Atlas, lang: Lang) -> String {
    let n = atlas.notes.len();
    match lang {
        Lang::Zh => format!("所用数据（{source}）另有 {n} 条数据说明；加 --all-notes 列出"),
        Lang::En => {
            format!("The data used ({source}) has {n} more data notes; --all-notes lists them")
        }
    }
}

/// What the data directory holds, and every note its loading made.
fn print_data_notes(source: &str, atlas: &Atlas, lang: Lang) {
    let (regions, outlines) = (atlas.divisions.len(), atlas.outline_count());
    let (figures, targets) = (atlas.figures.len(), atlas.targets.len());
    let stations = atlas.stations.len();
    let notes = atlas.notes.len();
    match lang {
        Lang::Zh => {
            println!("{source}：{regions} 个地区，{outlines} 个轮廓，{figures} 条数字，{targets} 个目标，{stations} 个站点");
            println!("{notes} 条数据说明：");
        }
        Lang::En => {
            println!("{source}: {regions} regions, {outlines} outlines, {figures} figures, {targets} targets, {stations} stations");
            println!("{notes} data notes:");
        }
    }
    for note in &atlas.notes {
        println!("  {} {}: {}", note.file, note.code, note.message.get(lang));
    }
}

/// Prints a station table's join report (and writes it to `--report`); the problem, if any
/// row did not join cleanly. A table whose columns could not be guessed is an error that lists
/// them.
fn report_stations(
    loaded: &StationsLoaded,
    csv_out: Option<&Path>,
    lang: Lang,
) -> Result<Option<String>> {
    let report = match &loaded.outcome {
        Ok(report) => report,
        Err(message) => bail!("{}\n{}", message.get(lang), columns_hint(loaded, lang)),
    };
    println!("{}", report.counts_line(lang));
    for message in report.messages(lang) {
        println!("  {message}");
    }
    print_unknown_values(report, lang);
    println!("{}", report.gaps_line(lang, 10));
    if let Some(directory) = &loaded.directory {
        let mut lines = directory.lines(lang).into_iter();
        println!("{}", lines.next().unwrap_or_default());
        for line in lines {
            println!("  {line}");
        }
    }
    if let Some(out) = csv_out {
        std::fs::write(out, report.to_csv(lang))
            .with_context(|| format!("writing {}", out.display()))?;
    }
    let bad = report.unmatched.len() + report.duplicates.len() + report.invalid.len();
    Ok((bad > 0).then(|| match lang {
        Lang::Zh => format!(
            "{} 的 {} 行中有 {bad} 行未能顺利匹配",
            report.file, report.rows_read
        ),
        Lang::En => format!(
            "{bad} of {} rows in {} did not join cleanly",
            report.rows_read, report.file
        ),
    }))
}

/// Where the joined table and a published figure both describe a region: which one a map of
/// the table uses and how they differ.
fn print_against_published(atlas: &Atlas, loaded: &StationsLoaded, lang: Lang) {
    let Ok(report) = &loaded.outcome else { return };
    let mut with_table = atlas.clone();
    with_table.stations = report.joined.iter().map(|(_, s)| s.clone()).collect();
    let coverage = compute_coverage(
        &with_table.divisions,
        &with_table.figures,
        &with_table.stations,
        AsOfFilter::Latest,
    );
    let notes = loaded_against_reported(&with_table, &coverage);
    if notes.is_empty() {
        return;
    }
    println!(
        "{}",
        lang.pick("与已发布数据对照：", "against the published figures:")
    );
    for note in notes {
        println!("  {} {}", note.region, note.text.get(lang));
    }
}

/// The value step on the command line: each status or rating value nothing could read, with
/// its rows, and how to give it a meaning (a recipe).
fn print_unknown_values(report: &JoinReport, lang: Lang) {
    if report.unknown_values.is_empty() {
        return;
    }
    println!(
        "{}",
        lang.pick(
            "未识别的取值（在导入方案的 status_values / rating_values 中指定含义）：",
            "values not recognised (give them a meaning in the recipe's status_values / rating_values):"
        )
    );
    for value in &report.unknown_values {
        let field = match value.field {
            ValueField::Status => "status",
            ValueField::Rating => "rating",
        };
        match lang {
            Lang::Zh => println!(
                "  {field} {:?}：{} 行（首见第 {} 行）",
                value.value, value.rows, value.first_row
            ),
            Lang::En => println!(
                "  {field} {:?}: {} rows (first row {})",
                value.value, value.rows, value.first_row
            ),
        }
    }
}

/// Prints a boundary file's report (and writes it to `--boundary-report`); the problem, if
/// any feature was rejected.
fn report_boundaries(
    import: &BoundaryImport,
    csv_out: Option<&Path>,
    lang: Lang,
) -> Result<Option<String>> {
    println!("{}", boundary_counts_line(import, lang));
    for line in import.report_lines(lang) {
        println!("  {line}");
    }
    if let Some(out) = csv_out {
        std::fs::write(out, import.to_csv(lang))
            .with_context(|| format!("writing {}", out.display()))?;
    }
    let (rejected, read, file) = (import.rejected(), import.features_read, &import.file);
    Ok((rejected > 0).then(|| match lang {
        Lang::Zh => format!("{file} 的 {read} 个要素中有 {rejected} 个被拒绝"),
        Lang::En => format!("{rejected} of {read} features in {file} were rejected"),
    }))
}
