//! `atlas stats` and `atlas corrections`: the open data of a view, made by the core's `open`
//! module from the same styled map as the web page's downloads (so the bytes are the same), and
//! the correction records readers filed from the page, listed against the current data.

use anyhow::{bail, Result};
use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::lang::Lang;
use atlas_core::open::correction::{check_file, Checked, Standing};
use atlas_core::open::features::view_geojson_with_stations;
use atlas_core::open::stations::{station_rows, stations_csv};
use atlas_core::open::table::{open_rows, rows_csv, rows_json, CsvFlavour};
use atlas_core::shape::scene::SchematicCache;
use atlas_core::style::view::{coverage_as_of, style_view, View};

use crate::args::{CorrectionsArgs, Format, StatsArgs};
use crate::{load_with_user_files, read_input, region, today};

/// `atlas stats`: the view's table (CSV, JSON) or regions (GeoJSON) on stdout.
pub fn stats(args: &StatsArgs) -> Result<()> {
    let today = today(args.sources.today);
    let (atlas, imported) = load_with_user_files(&args.sources)?;
    let lang: Lang = args.sources.lang.into();
    let directory = crate::directory::directory_of(&args.sources, &imported)?;
    let view = View {
        focus: region(&atlas, args.scope.region.as_deref())?,
        mode: args.mode,
        scheme: args.scheme.into(),
        month: args.scope.date,
        today,
        lang,
    };
    let map = style_view(&atlas, &view, &mut SchematicCache::default());
    let rows = open_rows(&atlas, &map, lang);
    let stations = station_rows(&atlas, &map.scene.focus, &directory);
    let flavour = if args.bom {
        CsvFlavour::Excel
    } else {
        CsvFlavour::Plain
    };
    let out = match args.format {
        Format::Csv => rows_csv(&rows, flavour),
        Format::Json => rows_json(&rows),
        Format::Geojson => view_geojson_with_stations(&atlas, &map, &rows, &stations),
        Format::StationsCsv => stations_csv(&stations, flavour),
    };
    write_stdout(&out)
}

/// Writes to stdout; a reader that stopped reading (`| head`) is not an error.
fn write_stdout(text: &str) -> Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// `atlas corrections FILE...`: every record, open or changed, then every file or record that
/// could not be read or names no known region (and exit 1 if there was one); a bad record
/// stops only itself.
pub fn corrections(args: &CorrectionsArgs) -> Result<()> {
    let lang: Lang = args.sources.lang.into();
    let (atlas, _) = load_with_user_files(&args.sources)?;
    let coverage = coverage_as_of(&atlas, None);
    let mut checked = Vec::new();
    let mut problems = Vec::new();
    for path in &args.files {
        let (file, bytes) = read_input(path)?;
        let file_check = check_file(&atlas, &coverage, &file, &bytes);
        checked.extend(file_check.checked);
        problems.extend(file_check.problems.iter().map(|p| p.text(lang)));
    }
    print_checked(&atlas, &checked, lang);
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}

/// The records, each with where it stands and what the reader wrote (as plain text).
fn print_checked(atlas: &Atlas, checked: &[Checked], lang: Lang) {
    let open = checked
        .iter()
        .filter(|c| c.standing == Standing::Open)
        .count();
    let changed = checked.len() - open;
    match lang {
        Lang::Zh => println!(
            "{} 条更正记录：{open} 条待处理，{changed} 条的数字已变",
            checked.len()
        ),
        Lang::En => println!(
            "{} correction records: {open} open, {changed} changed since",
            checked.len()
        ),
    }
    for c in checked {
        let r = &c.correction;
        let standing = match &c.standing {
            Standing::Open => lang
                .pick(
                    "待处理：仍显示所报告的数字",
                    "open: the figure reported is still shown",
                )
                .to_string(),
            Standing::Changed { now } => match lang {
                Lang::Zh => format!(
                    "数字已变：现为 {}，截至 {}，来源 {}",
                    now.counts(),
                    now.as_of,
                    now.source_id
                ),
                Lang::En => format!(
                    "changed: now {} as of {}, source {}",
                    now.counts(),
                    now.as_of,
                    now.source_id
                ),
            },
        };
        // The registry's name, not the record's: the code was checked against the registry.
        let name = RegionCode::parse(&r.region_code)
            .ok()
            .and_then(|code| atlas.divisions.name(&code).map(str::to_string))
            .unwrap_or_else(|| one_line(&r.region_name));
        println!(
            "{} #{} {} {name}: {standing}",
            c.file, c.record, r.region_code
        );
        let shown = r.shown();
        let lines = [
            (
                "显示的数字",
                "shown",
                format!(
                    "{} ({} · {})",
                    shown.counts(),
                    r.shown_as_of,
                    r.shown_source_id
                ),
            ),
            ("哪里有误", "what is wrong", r.what_is_wrong.clone()),
            ("应为", "should be", r.should_be.clone()),
            ("证据", "evidence", r.evidence_url.clone()),
            ("联系方式", "contact", r.contact.clone()),
            ("提交", "filed", format!("{} {}", r.filed_on, r.permalink)),
        ];
        for (zh, en, value) in lines {
            if !value.trim().is_empty() {
                println!(
                    "  {}{}{}",
                    lang.pick(zh, en),
                    lang.pick("：", ": "),
                    one_line(&value)
                );
            }
        }
    }
}

/// A reader's text on one line: line breaks and other control characters as spaces, so a
/// record cannot forge lines of the listing or send terminal escapes.
fn one_line(text: &str) -> String {
    let shown: String = (text.chars().take(ONE_LINE_CHARS))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let more = text.chars().count().saturating_sub(ONE_LINE_CHARS);
    if more > 0 {
        format!("{shown}… (+{more} characters)")
    } else {
        shown
    }
}

/// The most of one field a listing prints: a reader's text runs to a few sentences, and a field
/// of megabytes (a pasted file, a hostile record) must not fill the terminal.
const ONE_LINE_CHARS: usize = 400;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_field_is_cut_and_says_how_much_more_there_is() {
        let field = "错".repeat(100_000) + "\n";
        let line = one_line(&field);
        assert!(
            line.ends_with("… (+99601 characters)"),
            "{}",
            &line[line.len() - 40..]
        );
        assert_eq!(line.chars().filter(|c| *c == '错').count(), ONE_LINE_CHARS);
        assert_eq!(one_line("a\nb"), "a b");
    }
}
