//! The import as a conversation, so it can run away from the page's main thread: the page sends
//! a [`Request`] (with the file's bytes when it names a new file), the importer answers with
//! [`Step`]s while it works and one [`Reply`] at the end. In the page the importer is a web
//! worker holding an [`ImportSession`]; in tests it is the value itself. Everything that crosses
//! is serde data, except the coordinates of loaded boundaries, which travel as one flat buffer
//! ([`PackedShapes`]) so a province of townships is not written out as JSON text.
//!
//! The session keeps the last table and the last boundary file, so a changed column or code
//! property is a new join of what was read, not a new upload.

use geo::{Coord, LineString, MultiPolygon, Polygon};

use crate::data::atlas::Atlas;
use crate::data::code::RegionCode;
use crate::date::Day;
use crate::error::DataError;
use crate::lang::Text;

use super::boundaries::{
    convert_gcj02, read_boundaries_with_options, reject_misplaced, swap_lon_lat, BoundaryImport,
    BoundaryOptions,
};
use super::directory::{read_directory, DirectoryImport};
use super::join::{join_stations_with_progress, JoinOptions, JoinReport};
use super::mapping::{guess_mapping, ColumnMapping};
use super::progress::Step;
use super::recipe::{ImportRecipe, StationChoices};
use super::stations::{read_table_as, RawTable, TableFormat, TextEncoding};

/// What the user chose for a boundary file; each change re-reads the file.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BoundaryChoices {
    /// The property holding township codes; `None` detects it.
    pub code_property: Option<String>,
    /// Read latitude-first coordinates the right way round.
    pub swap_lon_lat: bool,
    /// Convert from GCJ-02 (Amap/DataV) to WGS84, whatever the file looks like.
    pub convert_gcj02: bool,
    /// Keep the coordinates as they are even when they clearly are GCJ-02 (which is otherwise
    /// converted by default).
    #[serde(default)]
    pub keep_gcj02: bool,
    /// Township suggestions the user accepted, by 1-based feature number.
    #[serde(default)]
    pub accepted: std::collections::BTreeMap<usize, RegionCode>,
}

/// What the page (or the CLI, or a test) asks the importer to do. A request that names a new file
/// comes with its bytes; `Remap` and `Rechoose` reuse what the session kept and fail when it
/// holds nothing. A station file that cannot be read leaves no table to remap; a boundary file
/// is kept even when reading it fails, so other choices can be tried on it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Request {
    /// A new station table (bytes attached): read it, join it with `choices`, else with what
    /// `recipe` says for its header, else with columns guessed from the header.
    Stations {
        /// The file's name: messages and the stations' source cite it; it is not opened.
        file: String,
        /// The day the join takes as today: open dates after it make a row invalid. Sent by
        /// the caller, not read from a clock, so the CLI (`--today`) and tests can fix it.
        today: Day,
        /// The columns, value meanings and accepted suggestions to join with. The page sends
        /// its user's choices when it resends the file to a worker started since (after a
        /// cancel or a crash).
        choices: Option<StationChoices>,
        /// An import recipe the user loaded: used when `choices` is `None`. A recipe that does
        /// not fit the header is reported ([`StationsLoaded::recipe_problem`]) and the columns
        /// are guessed instead.
        recipe: Option<Box<ImportRecipe>>,
        /// The text encoding the user chose for a CSV (`None` detects it): after a message
        /// that asked, such as GBK or Big5, or UTF-8 with other bytes as `�`.
        #[serde(default)]
        encoding: Option<TextEncoding>,
    },
    /// Join the last table again with other choices (columns, value meanings, accepted
    /// suggestions), without reading the file again.
    Remap {
        /// The whole set of choices; the join keeps the `today` the table came with.
        choices: StationChoices,
    },
    /// A new boundary file (bytes attached).
    Boundaries {
        /// The file's name, as messages and the report give it; it is not opened.
        file: String,
        /// How to read it: code property, axis order, datum.
        choices: BoundaryChoices,
    },
    /// Read the last boundary file again with other choices.
    Rechoose {
        /// The whole set of choices for the new read, not just the one that changed.
        choices: BoundaryChoices,
    },
}

/// A station table as read and joined, with what the column-mapping step shows.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StationsLoaded {
    /// The file's name, as the request gave it.
    pub file: String,
    /// What the bytes were read as (a CSV with its delimiter, XLSX or JSON).
    pub format: TableFormat,
    /// How a CSV's text was decoded; `None` for XLSX and JSON.
    pub encoding: Option<TextEncoding>,
    /// The header row's cells in column order; the mappings' column indices point into it.
    pub headers: Vec<String>,
    /// Per column, up to three distinct values from the first rows, to recognise the column by.
    pub examples: Vec<Vec<String>>,
    /// Data rows read, blank rows not counted (the join report counts those apart).
    pub rows: usize,
    /// What [`guess_mapping`] read from the headers.
    pub guessed: ColumnMapping,
    /// What this join used: the user's choices, else the recipe's, else the guessed columns.
    pub choices: StationChoices,
    /// Why the recipe sent with the file could not be used for it, if it could not.
    #[serde(default)]
    pub recipe_problem: Option<Text>,
    /// The join, or why the mapping cannot be joined at all (no code or name column, no status
    /// column): the user then picks the columns.
    pub outcome: Result<JoinReport, Text>,
    /// The station directory of the joined rows, with its report; `None` when the table has no
    /// directory column or the join failed. Its points are checked against the township
    /// boundaries of the last boundary file read in this session, if any.
    #[serde(default)]
    pub directory: Option<DirectoryImport>,
}

/// A boundary file as read and joined; the joined townships' coordinates travel beside it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BoundariesLoaded {
    /// Everything but the geometry, which is in `shapes` and the coordinate buffer.
    pub import: BoundaryImport,
    /// The choices this read used, so the page shows the ones in effect.
    pub choices: BoundaryChoices,
    /// The joined townships' codes and shape counts; their coordinates are the reply's buffer.
    pub shapes: PackedShapes,
}

impl BoundariesLoaded {
    /// The import with its townships put back together from the coordinate buffer.
    pub fn into_import(self, coords: &[f64]) -> Result<BoundaryImport, String> {
        let mut import = self.import;
        import.townships = self.shapes.unpack(coords)?;
        if import.townships.len() != import.joined_features.len() {
            return Err(format!(
                "{}: {} shapes came back for {} joined townships",
                import.file,
                import.townships.len(),
                import.joined_features.len()
            ));
        }
        Ok(import)
    }
}

/// What the importer sends back: any number of [`Reply::Progress`] while it works, then exactly
/// one other reply per request, in the order the requests came. The page's worker sends `Ready`
/// once before any request, or `Failed` instead when it cannot load its registry.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Reply {
    /// The importer has loaded its registry and takes requests.
    Ready,
    /// How far the work under way has got (the worker's start-up too); more replies follow.
    Progress(Step),
    /// The answer to [`Request::Stations`] or [`Request::Remap`], even when the columns cannot
    /// be joined (then its `outcome` says why). Boxed: it is far larger than the other replies.
    Stations(Box<StationsLoaded>),
    /// The answer to [`Request::Boundaries`] or [`Request::Rechoose`]; the only reply with a
    /// coordinate buffer beside it.
    Boundaries(Box<BoundariesLoaded>),
    /// The request could not be done; the message names the file.
    Failed {
        /// Shown to the user in the page's language. A `Remap` or `Rechoose` with nothing
        /// loaded names no file.
        message: Text,
    },
}

/// Township geometry as counts and one coordinate buffer: per township its polygon count, per
/// polygon its ring count, per ring its point count, all in `counts` in that order; the points
/// are `x, y` pairs in the buffer.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PackedShapes {
    /// The townships' codes, one per township, in the order their counts come (for a boundary
    /// reply, the order of [`BoundaryImport::joined_features`]).
    pub codes: Vec<RegionCode>,
    /// Polygon, ring and point counts, nested per township as above; a ring's points include
    /// its closing point, so every coordinate comes back as it went.
    pub counts: Vec<u32>,
}

impl PackedShapes {
    /// Flattens `townships` into counts and a buffer of `x, y` (longitude, latitude) pairs, the
    /// exterior ring of each polygon before its holes; [`PackedShapes::unpack`] undoes it.
    pub fn pack(townships: &[(RegionCode, MultiPolygon<f64>)]) -> (PackedShapes, Vec<f64>) {
        let mut shapes = PackedShapes::default();
        let mut coords = Vec::new();
        for (code, geometry) in townships {
            shapes.codes.push(code.clone());
            shapes.counts.push(geometry.0.len() as u32);
            for polygon in &geometry.0 {
                shapes.counts.push(1 + polygon.interiors().len() as u32);
                for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                    shapes.counts.push(ring.0.len() as u32);
                    coords.extend(ring.0.iter().flat_map(|c| [c.x, c.y]));
                }
            }
        }
        (shapes, coords)
    }

    /// The townships again; an error when the counts and the buffer disagree.
    pub fn unpack(&self, coords: &[f64]) -> Result<Vec<(RegionCode, MultiPolygon<f64>)>, String> {
        let townships = self.townships(coords.len())?;
        Ok((townships.iter())
            .map(|t| (t.code.clone(), t.shape(&coords[t.coords.clone()])))
            .collect())
    }

    /// Where each township lies in a coordinate buffer of `coords_len` numbers, checked against
    /// the counts before any is read: a reader that copies one township's coordinates at a time
    /// (the page, from the panel's typed array) never holds the whole buffer, and never half a
    /// file's shapes when the buffer and the counts disagree.
    pub fn townships(&self, coords_len: usize) -> Result<Vec<PackedTownship<'_>>, String> {
        if !coords_len.is_multiple_of(2) {
            return Err(format!("{coords_len} coordinates: not x, y pairs"));
        }
        let mut out = Vec::with_capacity(self.codes.len());
        let (mut at, mut point) = (0usize, 0usize);
        let next_count = |at: &mut usize| {
            let n = self.counts.get(*at).ok_or("shape counts end early")?;
            *at += 1;
            Ok::<usize, String>(*n as usize)
        };
        for code in &self.codes {
            let (first_count, first_point) = (at, point);
            for _ in 0..next_count(&mut at)? {
                for _ in 0..next_count(&mut at)? {
                    point += next_count(&mut at)?;
                }
            }
            if point * 2 > coords_len {
                return Err(format!("{code}: the coordinate buffer ends early"));
            }
            out.push(PackedTownship {
                code,
                counts: &self.counts[first_count..at],
                coords: first_point * 2..point * 2,
            });
        }
        if at != self.counts.len() || point * 2 != coords_len {
            return Err("shape counts and coordinates left over".into());
        }
        Ok(out)
    }
}

/// One township of [`PackedShapes`]: its code, its own counts, and the range of the coordinate
/// buffer its points take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackedTownship<'a> {
    /// The township's code.
    pub code: &'a RegionCode,
    /// Its polygon count, then per polygon its ring count and each ring's point count.
    counts: &'a [u32],
    /// Its coordinates in the whole buffer: `x, y` pairs.
    pub coords: std::ops::Range<usize>,
}

impl PackedTownship<'_> {
    /// The township's shape from its own coordinates (the buffer's [`PackedTownship::coords`]
    /// range, `x, y` pairs), checked to fit by [`PackedShapes::townships`].
    pub fn shape(&self, coords: &[f64]) -> MultiPolygon<f64> {
        debug_assert_eq!(coords.len(), self.coords.len());
        let mut counts = self.counts.iter().map(|n| *n as usize);
        let mut points = coords.chunks_exact(2).map(|p| Coord { x: p[0], y: p[1] });
        let polygons = (0..counts.next().unwrap_or(0))
            .map(|_| {
                let rings = counts.next().unwrap_or(0);
                let mut rings = (0..rings).map(|_| {
                    let n = counts.next().unwrap_or(0);
                    LineString(points.by_ref().take(n).collect())
                });
                let exterior = rings.next().unwrap_or_else(|| LineString(Vec::new()));
                Polygon::new(exterior, rings.collect())
            })
            .collect();
        MultiPolygon(polygons)
    }
}

/// The importer's state between requests.
pub struct ImportSession {
    atlas: Atlas,
    table: Option<(RawTable, Day)>,
    boundary_file: Option<(String, Vec<u8>)>,
}

impl ImportSession {
    /// A session that joins against `atlas` (its division registry, and its county outlines for
    /// boundary checks) and holds no file yet, so `Remap` and `Rechoose` fail until one is read.
    pub fn new(atlas: Atlas) -> ImportSession {
        ImportSession {
            atlas,
            table: None,
            boundary_file: None,
        }
    }

    /// Answers one request. `bytes` are the file's for [`Request::Stations`] and
    /// [`Request::Boundaries`]; the reply's
    /// coordinate buffer is empty unless it is [`Reply::Boundaries`].
    pub fn handle(
        &mut self,
        request: Request,
        bytes: Option<Vec<u8>>,
        progress: &mut dyn FnMut(Step),
    ) -> (Reply, Vec<f64>) {
        let failed = |message: Text| (Reply::Failed { message }, Vec::new());
        let no_bytes = |file: &str| {
            failed(Text::new(
                format!("{file}：文件没有随请求送达"),
                format!("{file}: no bytes came with the file"),
            ))
        };
        match request {
            Request::Stations {
                file,
                today,
                choices,
                recipe,
                encoding,
            } => {
                let Some(bytes) = bytes else {
                    return no_bytes(&file);
                };
                // A new file replaces the last, read or not, so a remap never joins an old one.
                self.table = None;
                match read_table_as(&file, &bytes, encoding, progress) {
                    Ok(table) => {
                        let (choices, recipe_problem) =
                            first_choices(&table, choices, recipe.map(|r| *r));
                        self.table = Some((table, today));
                        (self.join(choices, recipe_problem, progress), Vec::new())
                    }
                    Err(e) => failed(e.texts()),
                }
            }
            Request::Remap { choices } => {
                if self.table.is_none() {
                    return failed(Text::new(
                        "没有已读入的站点表可重新匹配",
                        "no station table is loaded to join again",
                    ));
                }
                (self.join(choices, None, progress), Vec::new())
            }
            Request::Boundaries { file, choices } => {
                let Some(bytes) = bytes else {
                    return no_bytes(&file);
                };
                self.boundary_file = Some((file, bytes));
                self.read_boundaries(choices, progress)
            }
            Request::Rechoose { choices } => {
                if self.boundary_file.is_none() {
                    return failed(Text::new(
                        "没有已读入的边界文件可重新读取",
                        "no boundary file is loaded to read again",
                    ));
                }
                self.read_boundaries(choices, progress)
            }
        }
    }

    fn join(
        &self,
        choices: StationChoices,
        recipe_problem: Option<Text>,
        progress: &mut dyn FnMut(Step),
    ) -> Reply {
        let (table, today) = self.table.as_ref().expect("checked by the caller");
        let options = JoinOptions {
            values: choices.values.clone(),
            accepted: choices.accepted.clone(),
            refused: choices.refused.clone(),
            ..JoinOptions::new(*today)
        };
        let outcome = join_stations_with_progress(
            table,
            &choices.mapping,
            &self.atlas.divisions,
            &options,
            progress,
        )
        .map_err(|e| e.texts());
        let directory = outcome.as_ref().ok().and_then(|report| {
            read_directory(
                table,
                &choices.mapping,
                report,
                &choices.directory,
                &self.atlas,
            )
        });
        Reply::Stations(Box::new(StationsLoaded {
            file: table.file.clone(),
            format: table.format,
            encoding: table.encoding,
            headers: table.headers.clone(),
            examples: column_examples(table),
            rows: table.rows.len(),
            guessed: guess_mapping(&table.headers),
            choices,
            recipe_problem,
            outcome,
            directory,
        }))
    }

    fn read_boundaries(
        &mut self,
        choices: BoundaryChoices,
        progress: &mut dyn FnMut(Step),
    ) -> (Reply, Vec<f64>) {
        let (file, bytes) = self.boundary_file.as_ref().expect("checked by the caller");
        let options = BoundaryOptions {
            code_property: choices.code_property.clone(),
            accepted: choices.accepted.clone(),
        };
        let read = read_boundaries_with_options(file, bytes, &options, &self.atlas, progress);
        match read {
            Ok(mut import) => {
                if choices.swap_lon_lat {
                    swap_lon_lat(&mut import, &self.atlas);
                }
                // A clear GCJ-02 finding is converted unless the user chose to keep it.
                let automatic = !choices.keep_gcj02 && import.crs.is_clear_gcj02();
                if choices.convert_gcj02 || automatic {
                    convert_gcj02(&mut import, &self.atlas, !choices.convert_gcj02);
                }
                if choices.swap_lon_lat || choices.convert_gcj02 || automatic {
                    // The coordinates moved: check each township's place again.
                    reject_misplaced(&mut import, &self.atlas);
                }
                let townships = std::mem::take(&mut import.townships);
                // The directory's points are checked against these from now on.
                self.atlas.set_township_outlines(&townships);
                let (shapes, coords) = PackedShapes::pack(&townships);
                drop(townships);
                let loaded = BoundariesLoaded {
                    import,
                    choices,
                    shapes,
                };
                (Reply::Boundaries(Box::new(loaded)), coords)
            }
            Err(e) => (Reply::Failed { message: e.texts() }, Vec::new()),
        }
    }
}

/// The choices a new table is first joined with: the caller's, else the recipe's for this
/// header, else columns guessed from the header (with why the recipe did not fit, if it did not).
fn first_choices(
    table: &RawTable,
    choices: Option<StationChoices>,
    recipe: Option<ImportRecipe>,
) -> (StationChoices, Option<Text>) {
    if let Some(choices) = choices {
        return (choices, None);
    }
    let guessed = || StationChoices::with_mapping(guess_mapping(&table.headers));
    match recipe.map(|r| r.choices_for(&table.headers)) {
        None => (guessed(), None),
        Some(Ok(choices)) => (choices, None),
        Some(Err(problem)) => (guessed(), Some(problem)),
    }
}

/// Up to three distinct non-empty values per column, from the first rows.
fn column_examples(table: &RawTable) -> Vec<Vec<String>> {
    (0..table.headers.len())
        .map(|column| {
            let mut seen: Vec<String> = Vec::new();
            for row in table.rows.iter().take(200) {
                let cell = row.cell(column);
                if !cell.is_empty() && !seen.iter().any(|s| s == cell) {
                    seen.push(cell.chars().take(40).collect());
                    if seen.len() == 3 {
                        break;
                    }
                }
            }
            seen
        })
        .collect()
}

/// The page's message text for a request or reply, and back. Errors name what did not parse.
pub fn encode<T: serde::Serialize>(message: &T) -> String {
    serde_json::to_string(message).expect("import messages are plain data")
}

/// Reads a request or reply from its message text. `what` names the message in the error
/// (`"request"`, `"the importer's reply"`), since the text carries no file name.
pub fn decode<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T, DataError> {
    serde_json::from_str(text)
        .map_err(|e| DataError::file(what, format!("unreadable importer message: {e}")))
}
