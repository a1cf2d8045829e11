//! `atlas publish`: a bureau's data becomes a published folder that any static web server can
//! serve: `data/manifest.json` and content files named by their SHA-256 (see
//! `atlas_core::publish`), written after the same import the page runs, and refused
//! when anything did not join unless `--allow-unjoined`.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use atlas_core::data::atlas::{Atlas, DataFiles, DIVISIONS_FILE, FACTS_FILE, OUTLINES_FILE};
use atlas_core::data::code::RegionCode;
use atlas_core::data::publisher::Publisher;
use atlas_core::lang::{Lang, Text};
use atlas_core::publish::{
    overview_outlines, stations_json, township_chunks, Manifest, PartFile, PartKind, MANIFEST_FILE,
};
use atlas_core::search::PinyinTable;
use atlas_core::shape::schematic::{cells_of_counties, gap_cells_of_counties};

use crate::args::PublishArgs;
use crate::bake::bake_site;
use crate::data::DataSource;
use crate::{import_user_files, today, Imported};

/// Runs `atlas publish`.
pub fn publish(args: &PublishArgs) -> Result<()> {
    let lang: Lang = args.sources.lang.into();
    let source = DataSource::of(args.sources.data.as_deref());
    let mut base = source.base_texts(lang)?;
    if let Some(path) = &args.facts {
        base.facts =
            std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    }
    // Loading checks the facts against the registry before anything is written.
    let atlas = Atlas::load(&DataFiles {
        divisions: (DIVISIONS_FILE, &base.divisions),
        outlines: (OUTLINES_FILE, &base.outlines),
        facts: (FACTS_FILE, &base.facts),
        overview: false,
    })
    .map_err(|e| anyhow!("{}", e.text(lang)))?;
    let imported = import_user_files(&atlas, &args.sources)?;
    let notes = unjoined_notes(&imported, args, lang)?;
    let stations: Option<Vec<_>> = match imported.stations.as_ref().map(|s| &s.outcome) {
        Some(Ok(report)) => Some(report.joined.iter().map(|(_, s)| s.clone()).collect()),
        _ => None,
    };
    // The first map of the country is drawn from the overview; the search's pinyin is read
    // from its own file (the page carries no pinyin table).
    let overview_outlines = overview_outlines(OUTLINES_FILE, &base.outlines)
        .map_err(|e| anyhow!("{}", e.text(lang)))?;
    let mut parts: BTreeMap<PartKind, Vec<u8>> = BTreeMap::from([
        (PartKind::Divisions, base.divisions.into_bytes()),
        (PartKind::Outlines, base.outlines.into_bytes()),
        (PartKind::Facts, base.facts.into_bytes()),
        (
            PartKind::DivisionsOverview,
            atlas.divisions.overview_csv().into_bytes(),
        ),
        (PartKind::OutlinesOverview, overview_outlines.into_bytes()),
        (
            PartKind::Pinyin,
            PinyinTable::for_divisions(&atlas.divisions)
                .to_text()
                .into_bytes(),
        ),
    ]);
    if let Some(stations) = &stations {
        parts.insert(PartKind::Stations, stations_json(stations).into_bytes());
    }
    let official = imported
        .boundaries
        .as_ref()
        .map_or(&[][..], |b| b.townships.as_slice());
    let official_counties: HashSet<RegionCode> = official
        .iter()
        .filter_map(|(code, _)| code.parent())
        .collect();
    // Counties with no official boundary get cells from their whole outline; those the file
    // covers in part, cells for the townships it lacks, cut from the rest of the outline.
    let mut cells = cells_of_counties(&atlas, &official_counties);
    cells.extend(gap_cells_of_counties(&atlas, official));
    let chunks: BTreeMap<RegionCode, Vec<u8>> = township_chunks(&atlas, official, &cells)
        .into_iter()
        .map(|(province, text)| (province, text.into_bytes()))
        .collect();
    let publisher = read_publisher(args)?;
    let fonts = pack_fonts(&parts, &publisher, &notes)?;
    let mut manifest = Manifest::new(
        publisher,
        today(args.sources.today),
        parts
            .iter()
            .map(|(kind, bytes)| (*kind, PartFile::of(*kind, bytes)))
            .collect(),
    );
    manifest.notes = notes;
    let directory = crate::directory::directory_files(&imported);
    manifest.directory = (directory.iter())
        .map(|(province, (entry, _))| (province.clone(), entry.clone()))
        .collect();
    let station_index = crate::directory::station_index_file(&imported);
    manifest.station_index = station_index.as_ref().map(|(entry, _)| entry.clone());
    manifest.townships = chunks
        .iter()
        .map(|(province, bytes)| (province.clone(), PartFile::township_chunk(province, bytes)))
        .collect();
    if let Some(app) = &args.app {
        copy_app(app, &args.out)?;
    }
    // The page shell (Trunk's or --app's) is what the first views are baked into.
    manifest.baked_pages = args.out.join("index.html").is_file();
    manifest.brief_fonts = (fonts.iter())
        .map(|(weight, (entry, _))| (weight.clone(), entry.clone()))
        .collect();
    crate::directory::write_directory(&args.out.join("data"), &directory, station_index.as_ref())?;
    crate::brief_font::write_brief_fonts(&args.out.join("data"), &fonts)?;
    write_data(&args.out.join("data"), &manifest, &parts, &chunks)?;
    let names = manifest
        .files
        .iter()
        .map(|(kind, file)| (format!("{kind:?}"), file));
    let chunk_names = (manifest.townships.iter()).map(|(r, file)| (format!("Townships {r}"), file));
    let directory_names =
        (manifest.directory.iter()).map(|(r, file)| (format!("Directory {r}"), file));
    let font_names = (manifest.brief_fonts.iter()).map(|(w, file)| (format!("Font {w}"), file));
    let index_names = (manifest.station_index.iter()).map(|file| ("Station index".into(), file));
    let all_names = names
        .chain(chunk_names)
        .chain(directory_names)
        .chain(index_names);
    for (name, file) in all_names.chain(font_names) {
        println!("{name:<13} {:>10} bytes  data/{}", file.bytes, file.path);
    }
    println!(
        "published {} to {}",
        MANIFEST_FILE,
        args.out.join("data").display()
    );
    let (today, site_url) = (today(args.sources.today), args.site_url.as_deref());
    if let Some(baked) = bake_site(&args.out, today, lang, site_url, !args.no_images)? {
        println!(
            "baked {} pages ({} bytes of index.html) in {} ms",
            baked.pages, baked.index_bytes, baked.elapsed_ms
        );
    }
    Ok(())
}

/// The page's briefing-pack font, cut to what the pack can show of this publication: its
/// registry, facts, publisher and notes. Empty, with a line saying so, when the system has no
/// Noto Sans CJK SC (the page then says the pack cannot be made).
fn pack_fonts(
    parts: &BTreeMap<PartKind, Vec<u8>>,
    publisher: &Publisher,
    notes: &[Text],
) -> Result<crate::brief_font::BriefFonts> {
    let mut texts: Vec<String> = [PartKind::Divisions, PartKind::Facts]
        .iter()
        .filter_map(|kind| parts.get(kind))
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    texts.push(serde_json::to_string(publisher)?);
    texts.extend(notes.iter().map(|n| format!("{}{}", n.zh, n.en)));
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let fonts = crate::brief_font::brief_fonts(&texts)?;
    if fonts.is_none() {
        eprintln!(
            "no Noto Sans CJK SC among the system fonts (apt-get install fonts-noto-cjk): \
             published without the page's briefing-pack font, so the page cannot make the pack"
        );
    }
    Ok(fonts.unwrap_or_default())
}

/// The publisher from `--publisher`, else the sample data's.
fn read_publisher(args: &PublishArgs) -> Result<Publisher> {
    let Some(path) = &args.publisher else {
        return Ok(Publisher::shipped());
    };
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    serde_json::from_str(&text).with_context(|| {
        format!(
            "{}: not a publisher file (expected name, source, licence…, see docs/published-data.md)",
            path.display()
        )
    })
}

/// The manifest's notes on rows and features that did not join; an error (with the reports
/// written to `--out/reports`) unless `--allow-unjoined`.
fn unjoined_notes(imported: &Imported, args: &PublishArgs, lang: Lang) -> Result<Vec<Text>> {
    let mut notes = Vec::new();
    let reports = &args.reports;
    if let Some(loaded) = &imported.stations {
        let report = loaded
            .outcome
            .as_ref()
            .map_err(|message| anyhow!("{}", message.get(lang)))?;
        let bad = report.unmatched.len() + report.duplicates.len() + report.invalid.len();
        if bad > 0 {
            std::fs::create_dir_all(reports)?;
            std::fs::write(reports.join("join-report.csv"), report.to_csv(lang))?;
            notes.push(Text::new(
                format!(
                    "{}：{} 行中有 {bad} 行未匹配，未发布",
                    report.file, report.rows_read
                ),
                format!(
                    "{}: {bad} of {} rows did not join and are not published",
                    report.file, report.rows_read
                ),
            ));
        }
    }
    if let Some(import) = &imported.boundaries {
        let rejected = import.rejected();
        if rejected > 0 {
            std::fs::create_dir_all(reports)?;
            std::fs::write(reports.join("boundary-report.csv"), import.to_csv(lang))?;
            notes.push(Text::new(
                format!(
                    "{}：{} 个要素中有 {rejected} 个被拒绝，未发布",
                    import.file, import.features_read
                ),
                format!(
                    "{}: {rejected} of {} features were rejected and are not published",
                    import.file, import.features_read
                ),
            ));
        }
    }
    if !notes.is_empty() && !args.allow_unjoined {
        let list: Vec<&str> = notes.iter().map(|n| n.get(lang)).collect();
        bail!(
            "{}{}{} {}",
            list.join(lang.pick("；", "; ")),
            lang.pick("；", "; "),
            lang.pick("报告已写入", "the reports are in"),
            reports.display()
        );
    }
    Ok(notes)
}

/// Writes the content files and then the manifest (last, so a reader never finds a manifest
/// naming files not yet written). Old content files of the folder are left: a visitor whose
/// page still holds the previous manifest can finish loading.
fn write_data(
    dir: &Path,
    manifest: &Manifest,
    parts: &BTreeMap<PartKind, Vec<u8>>,
    chunks: &BTreeMap<RegionCode, Vec<u8>>,
) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
    let files = parts
        .iter()
        .map(|(kind, bytes)| (&manifest.files[kind], bytes))
        .chain(
            chunks
                .iter()
                .map(|(p, bytes)| (&manifest.townships[p], bytes)),
        );
    for (file, bytes) in files {
        let path = dir.join(&file.path);
        std::fs::write(&path, bytes).with_context(|| format!("{}", path.display()))?;
    }
    let path = dir.join(MANIFEST_FILE);
    std::fs::write(&path, manifest.to_json()).with_context(|| format!("{}", path.display()))
}

/// Copies the built page into `out`, without its own `data/` folder (the published data is
/// written there).
fn copy_app(app: &Path, out: &Path) -> Result<()> {
    if !app.join("index.html").is_file() {
        bail!(
            "{}: no index.html; build the page first (trunk build --release writes dist/)",
            app.display()
        );
    }
    copy_dir(app, out, true)
}

fn copy_dir(from: &Path, to: &Path, top: bool) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("{}", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("{}", from.display()))? {
        let entry = entry?;
        let path = entry.path();
        if top && entry.file_name() == "data" {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&path, &target, false)?;
        } else {
            std::fs::copy(&path, &target).with_context(|| format!("{}", path.display()))?;
        }
    }
    Ok(())
}
