//! The `atlas` command line as clap derives it: one struct per command, the flags every command
//! shares written once and flattened in, and the values checked as they are read so a command
//! starts only with arguments it can use. The doc comments are the `--help` texts.

use std::path::PathBuf;

use atlas_core::date::{Day, Month};
use atlas_core::lang::Lang;
use atlas_core::style::classify::{MapMode, Scheme};
use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Coverage Atlas on the command line: print-ready map figures (SVG, PNG), the coverage and
/// deadline table of a region's children, and the data notes of the loaded data.
///
/// Every command reads the shipped data directory (--data) and, when given, a bureau's own
/// station table (--stations) and township boundaries (--boundaries), through the same import
/// the web page runs.
#[derive(Parser, Debug)]
#[command(
    name = "atlas",
    version,
    args_override_self = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The things `atlas` does.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Draw a region's map figure with title, legend, as-of date and sources, as SVG or PNG
    Render(RenderArgs),
    /// Write an A4 briefing pack as vector PDF: the map with the headline figures and verdict,
    /// the deadline board of the regions within, a progress chart for each one at risk or
    /// overdue, and the sources, data notes, as-of date, publisher and 审图号
    Brief(BriefArgs),
    /// Print the table of a region's view (one row per region the map fills: coverage, class,
    /// ratings, deadline status, as-of and source) as CSV or JSON, or its regions as GeoJSON;
    /// the same bytes as the web page's downloads
    Stats(StatsArgs),
    /// Print the data notes of the data directory, and the join report of a bureau's own files;
    /// fails when a station row or boundary feature did not join cleanly
    Validate(ValidateArgs),
    /// Write a published data set (and, with --app, the whole site): the data, a bureau's
    /// joined stations and official boundaries, and a manifest, for any static web server;
    /// refuses when a station row or boundary feature did not join, unless --allow-unjoined
    Publish(PublishArgs),
    /// List correction records that readers filed from the web page (JSON or CSV) against the
    /// current data: still open, or changed by a newer figure since
    Corrections(CorrectionsArgs),
}

/// `atlas publish`.
#[derive(Args, Debug)]
pub struct PublishArgs {
    /// The folder to write: DIR/data (manifest.json and content files named by their hash),
    /// and with --app the site around it
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The built page to publish with the data (`trunk build --release` writes it to dist/);
    /// copied into --out without its own data/ folder
    #[arg(long, value_name = "DIR")]
    pub app: Option<PathBuf>,
    /// Reported figures and targets to publish instead of the data's own (the columns of
    /// data/seed-facts.csv)
    #[arg(long, value_name = "FILE.csv")]
    pub facts: Option<PathBuf>,
    /// Who publishes the data: a JSON file with name, source, licence, review_number,
    /// contact_email, homepage, as_of (docs/published-data.md) [default: the sample data's]
    #[arg(long, value_name = "FILE.json")]
    pub publisher: Option<PathBuf>,
    /// Publish although station rows or boundary features did not join; the manifest's notes
    /// say how many
    #[arg(long)]
    pub allow_unjoined: bool,
    /// Where the join and boundary reports go when anything did not join (kept out of --out,
    /// which is served to the public)
    #[arg(long, value_name = "DIR", default_value = "atlas-reports")]
    pub reports: PathBuf,
    /// The address the site is served at (https://example.gov.cn/atlas/), for the baked pages'
    /// canonical links and absolute share-preview images; without it the images are named
    /// relative to each page
    #[arg(long, value_name = "URL")]
    pub site_url: Option<String>,
    /// Bake the pages without their share-preview PNGs (og/*.png)
    #[arg(long)]
    pub no_images: bool,
    #[command(flatten)]
    pub sources: Sources,
}

/// `atlas render`.
#[derive(Args, Debug)]
pub struct RenderArgs {
    #[command(flatten)]
    pub scope: Scope,
    /// What the map colours: township station coverage, star rating, or progress towards the
    /// full-coverage deadline
    #[arg(long, default_value = "coverage", value_parser = mode_parser())]
    pub mode: MapMode,
    /// How coverage percentages are binned into colour classes
    #[arg(long, value_enum, default_value_t = SchemeArg::Fixed)]
    pub scheme: SchemeArg,
    /// Title line at the top of the figure [default: none]
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub title: Option<String>,
    /// Subtitle line under the title [default: none]
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub subtitle: Option<String>,
    /// Map review number (审图号) printed in the footer, e.g. GS(2024)0001
    #[arg(long, value_name = "NUMBER", allow_hyphen_values = true)]
    pub review_number: Option<String>,
    /// Figure size in pixels, width x height, each 16 to 20000 [default: 1920x1080]
    #[arg(long, value_name = "WxH", value_parser = parse_size, conflicts_with = "a4")]
    pub size: Option<(u32, u32)>,
    /// A4 landscape (297 x 210 mm) at --dpi instead of --size
    #[arg(long)]
    pub a4: bool,
    /// Dots per inch for --a4, 10 to 1200 [default: 300, i.e. 3508x2480 pixels]
    #[arg(long, value_name = "DPI", value_parser = parse_dpi, requires = "a4")]
    pub dpi: Option<f64>,
    /// The figure to write: FILE.svg; FILE.png rasterised at the figure's pixel size; or FILE.pdf,
    /// vector PDF with text as text and its fonts embedded as subsets (one page, the figure's
    /// size at 96 pixels an inch, A4 landscape with --a4)
    #[arg(long, value_name = "FILE", value_parser = parse_figure_path)]
    pub out: FigurePath,
    /// Draw the station directory's stations as points (a county or township view): the
    /// directory of --stations, else of a published --data folder
    #[arg(long)]
    pub points: bool,
    #[command(flatten)]
    pub sources: Sources,
}

/// `atlas brief`.
#[derive(Args, Debug)]
pub struct BriefArgs {
    #[command(flatten)]
    pub scope: Scope,
    /// The pack to write, FILE.pdf
    #[arg(long, value_name = "FILE.pdf", value_parser = parse_pdf_path)]
    pub out: PathBuf,
    #[command(flatten)]
    pub sources: Sources,
}

/// `atlas stats`.
#[derive(Args, Debug)]
pub struct StatsArgs {
    #[command(flatten)]
    pub scope: Scope,
    /// Output on stdout: CSV with a header row, a JSON array of objects keyed by the same
    /// column names, or a GeoJSON FeatureCollection (WGS84 lon/lat) with them as properties
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Start the CSV with a UTF-8 byte-order mark, so Excel reads the Chinese names correctly
    /// (the page's "CSV for Excel")
    #[arg(long)]
    pub bom: bool,
    /// The map mode whose classes the `class` columns give
    #[arg(long, default_value = "coverage", value_parser = mode_parser())]
    pub mode: MapMode,
    /// How coverage percentages are binned into the `class` columns
    #[arg(long, value_enum, default_value_t = SchemeArg::Fixed)]
    pub scheme: SchemeArg,
    #[command(flatten)]
    pub sources: Sources,
}

/// `atlas corrections`.
#[derive(Args, Debug)]
pub struct CorrectionsArgs {
    /// Correction records as the web page downloads them (correction-*.json or .csv); a file
    /// may hold several (a JSON array, or CSV rows under one header)
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub sources: Sources,
}

/// `atlas validate`.
#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Write the join report of --stations as CSV here: one line per row read
    #[arg(long, value_name = "OUT.csv")]
    pub report: Option<PathBuf>,
    /// Write the boundary report of --boundaries as CSV here: one line per feature read
    #[arg(long, value_name = "OUT.csv")]
    pub boundary_report: Option<PathBuf>,
    /// Write the import recipe of --stations here: the columns, value meanings and accepted
    /// suggestions this join used, for --recipe next time and for the web page
    #[arg(long, value_name = "OUT.json")]
    pub write_recipe: Option<PathBuf>,
    /// List every data note of the loaded data after your own files' reports (by default they
    /// are summed up in one line when --stations or --boundaries is given)
    #[arg(long)]
    pub all_notes: bool,
    #[command(flatten)]
    pub sources: Sources,
}

/// Which region and month `render` and `stats` look at.
#[derive(Args, Debug)]
pub struct Scope {
    /// Region code: 2 digits for a province, 4 for a prefecture, 6 for a county, 9 for a
    /// township (e.g. 52, 5223, 522301) [default: the whole country]
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,
    /// Figures dated up to the end of this month, YYYY-MM (e.g. 2023-12) [default: the latest]
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub date: Option<Month>,
}

/// What every command reads: the data directory, the day it counts from, a bureau's own files.
#[derive(Args, Debug)]
#[command(next_help_heading = "Data")]
pub struct Sources {
    /// Data directory (division registry, outlines, figures, targets, stations) [default: the
    /// repository's data/]
    #[arg(long, value_name = "DIR", env = "ATLAS_DATA")]
    pub data: Option<PathBuf>,
    /// The day deadlines are assessed on and station rows are dated against, YYYY-MM-DD
    /// [default: today by the system clock, UTC]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub today: Option<Day>,
    /// Language of the figure's labels, legend and notes, and of the import reports (counts,
    /// messages, report CSV headers)
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
    #[command(flatten)]
    pub files: UserFiles,
}

/// A bureau's own files, read through the import session the web page's worker runs: their
/// stations replace the shipped ones, their boundaries the schematic township cells.
#[derive(Args, Debug)]
#[command(next_help_heading = "Your own files")]
pub struct UserFiles {
    /// A station table: CSV (UTF-8, GBK, Big5 or UTF-16), XLSX or a JSON array, one row per
    /// township station
    #[arg(long, value_name = "FILE")]
    pub stations: Option<PathBuf>,
    /// The text encoding of a CSV --stations, where detection asks: utf8, gbk, big5, utf16le,
    /// utf16be, or utf8-replace (UTF-8 with bytes of another encoding read as �)
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding)]
    pub encoding: Option<atlas_core::import::TextEncoding>,
    /// Which column of --stations holds a field, where the guess is wrong or missing; repeat
    /// for several. FIELD: code, township, county, station, status, star, tier, opened.
    /// COLUMN: 1-based number or header text; empty (star=) leaves the field unmapped
    #[arg(long, value_name = "FIELD=COLUMN")]
    pub column: Vec<String>,
    /// An import recipe (JSON, as the web page downloads it or `validate --write-recipe`
    /// writes it): the columns of --stations by header, the meanings of its own status and
    /// rating words, and accepted township suggestions. --column choices apply after it
    #[arg(long, value_name = "FILE.json")]
    pub recipe: Option<PathBuf>,
    /// Accept every township suggestion of the join of --stations and of --boundaries (乡→镇
    /// renames, suffix changes, a code's township found by name), as the page's "accept all";
    /// the reports list each one
    #[arg(long)]
    pub accept_suggestions: bool,
    /// Township boundaries: GeoJSON (FeatureCollection, Feature, Polygon, MultiPolygon) or
    /// TopoJSON, in longitude/latitude
    #[arg(long, value_name = "FILE")]
    pub boundaries: Option<PathBuf>,
    /// The feature property of --boundaries that holds the township code [default: the key
    /// whose values are registry codes]
    #[arg(long, value_name = "KEY")]
    pub code_property: Option<String>,
    /// Convert --boundaries from GCJ-02 (Amap, DataV) to WGS84 [default: converted when the
    /// file clearly is GCJ-02: its best-fit shift from the county outlines is GCJ-02's, or it
    /// has DataV/Amap properties; the report says which]
    #[arg(long, conflicts_with = "keep_gcj02")]
    pub convert_gcj02: bool,
    /// Keep --boundaries coordinates as they are even when they look like GCJ-02
    #[arg(long)]
    pub keep_gcj02: bool,
    /// Read --boundaries coordinates as latitude first and swap them
    #[arg(long)]
    pub swap_lon_lat: bool,
}

/// `--mode`: every [`MapMode`] by its key, straight from `MapMode::ALL`, so a new map mode
/// reaches the command line without a change here.
fn mode_parser() -> impl clap::builder::TypedValueParser<Value = MapMode> {
    clap::builder::PossibleValuesParser::new(MapMode::ALL.map(MapMode::key))
        .map(|key| MapMode::from_key(&key).expect("a listed key"))
}

/// `--scheme`: clap's spelling of [`Scheme`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemeArg {
    /// The policy goal's milestones: none, under a quarter, half, three quarters, full
    Fixed,
    /// Classes of equal region counts
    Quantile,
    /// Classes of equal width between the lowest and highest value
    Equal,
}

impl From<SchemeArg> for Scheme {
    /// The core's scheme for the one named on the command line.
    fn from(scheme: SchemeArg) -> Scheme {
        match scheme {
            SchemeArg::Fixed => Scheme::Fixed,
            SchemeArg::Quantile => Scheme::Quantile,
            SchemeArg::Equal => Scheme::EqualInterval,
        }
    }
}

/// `--lang`: clap's spelling of [`Lang`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Chinese
    Zh,
    /// English
    En,
}

impl From<LangArg> for Lang {
    /// The core's language for the one named on the command line.
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// `stats --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Comma-separated, header first
    Csv,
    /// Pretty-printed array of objects
    Json,
    /// GeoJSON FeatureCollection (RFC 7946), one feature per row, then the station
    /// directory's stations in the region as Point features
    Geojson,
    /// The station directory's stations in the region, CSV, header first (the page's
    /// "stations CSV")
    StationsCsv,
}

/// `render --out`: the path, and whether its extension asks for PNG rather than SVG.
#[derive(Clone, Debug)]
pub struct FigurePath {
    pub path: PathBuf,
    pub format: FigureFormat,
}

/// What `--out` is written as, by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureFormat {
    Svg,
    Png,
    Pdf,
}

/// Checks `--out` ends in .svg, .png or .pdf before any work, so a long render never ends
/// unwritable.
fn parse_figure_path(raw: &str) -> Result<FigurePath, String> {
    let path = PathBuf::from(raw);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let format = match ext.to_ascii_lowercase().as_str() {
        "png" => FigureFormat::Png,
        "svg" => FigureFormat::Svg,
        "pdf" => FigureFormat::Pdf,
        _ => return Err("the file must end in .svg, .png or .pdf".to_string()),
    };
    Ok(FigurePath { path, format })
}

/// Checks `--out` of `brief` ends in .pdf.
fn parse_pdf_path(raw: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(raw);
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("pdf") => Ok(path),
        _ => Err("the file must end in .pdf".to_string()),
    }
}

/// `--size WxH` (or `WXH`), each side 16 to 20000 pixels.
fn parse_encoding(raw: &str) -> Result<atlas_core::import::TextEncoding, String> {
    let choices = atlas_core::import::TextEncoding::CHOICES;
    (choices
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(raw)))
    .map(|(_, encoding)| *encoding)
    .ok_or_else(|| {
        let keys: Vec<&str> = choices.iter().map(|(key, _)| *key).collect();
        format!("expected one of {}, found {raw:?}", keys.join(", "))
    })
}

fn parse_size(raw: &str) -> Result<(u32, u32), String> {
    raw.split_once(['x', 'X'])
        .and_then(|(w, h)| Some((w.parse::<u32>().ok()?, h.parse::<u32>().ok()?)))
        .filter(|(w, h)| (16..=20_000).contains(w) && (16..=20_000).contains(h))
        .ok_or_else(|| "expected WxH, e.g. 1920x1080".to_string())
}

/// `--dpi`, 10 to 1200: below that nothing is legible, above it the image outgrows memory.
fn parse_dpi(raw: &str) -> Result<f64, String> {
    raw.parse()
        .ok()
        .filter(|d: &f64| (10.0..=1200.0).contains(d))
        .ok_or_else(|| "expected 10 to 1200".to_string())
}

/// `--date YYYY-MM` as the core's [`Month`].
fn parse_month(raw: &str) -> Result<Month, String> {
    Month::parse(raw).ok_or_else(|| "expected YYYY-MM".to_string())
}

/// `--today YYYY-MM-DD` as the core's [`Day`].
fn parse_day(raw: &str) -> Result<Day, String> {
    Day::parse(raw).ok_or_else(|| "expected YYYY-MM-DD".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Catches a misconfigured derive (duplicate flags, bad defaults) without running a command.
    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    /// The clap names must stay the core's keys, which the page's URLs use too.
    #[test]
    fn value_names_are_the_core_keys() {
        let name =
            |v: Option<clap::builder::PossibleValue>| v.expect("visible").get_name().to_string();
        for scheme in SchemeArg::value_variants() {
            assert_eq!(
                name(scheme.to_possible_value()),
                Scheme::from(*scheme).key()
            );
        }
        for lang in LangArg::value_variants() {
            assert_eq!(name(lang.to_possible_value()), Lang::from(*lang).key());
        }
        assert_eq!(Scheme::ALL.len(), SchemeArg::value_variants().len());
    }
}
