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

use super::boundaries::{
    convert_gcj02, read_boundaries_with_progress, swap_lon_lat, BoundaryImport,
};
use super::join::{join_stations_with_progress, JoinOptions, JoinReport};
use super::mapping::{guess_mapping, ColumnMapping};
use super::progress::Step;
use super::stations::{read_table_with_progress, RawTable, TableFormat, TextEncoding};

/// What the user chose for a boundary file; each change re-reads the file.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BoundaryChoices {
    /// The property holding township codes; `None` detects it.
    pub code_property: Option<String>,
    /// Read latitude-first coordinates the right way round.
    pub swap_lon_lat: bool,
    /// Convert from GCJ-02 (Amap/DataV) to WGS84.
    pub convert_gcj02: bool,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Request {
    /// A new station table (bytes attached): read it, use `mapping` or guess one, join.
    Stations {
        file: String,
        today: Day,
        mapping: Option<ColumnMapping>,
    },
    /// Join the last table again with other columns.
    Remap { mapping: ColumnMapping },
    /// A new boundary file (bytes attached).
    Boundaries {
        file: String,
        choices: BoundaryChoices,
    },
    /// Read the last boundary file again with other choices.
    Rechoose { choices: BoundaryChoices },
}

/// A station table as read and joined, with what the column-mapping step shows.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StationsLoaded {
    pub file: String,
    pub format: TableFormat,
    pub encoding: Option<TextEncoding>,
    pub headers: Vec<String>,
    /// Per column, up to three distinct values from the first rows, to recognise the column by.
    pub examples: Vec<Vec<String>>,
    pub rows: usize,
    /// What [`guess_mapping`] read from the headers.
    pub guessed: ColumnMapping,
    /// What this join used: the user's choice, else the guess.
    pub mapping: ColumnMapping,
    /// The join, or why the mapping cannot be joined at all (no code or name column, no status
    /// column): the user then picks the columns.
    pub outcome: Result<JoinReport, String>,
}

/// A boundary file as read and joined; the joined townships' coordinates travel beside it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BoundariesLoaded {
    /// Everything but the geometry, which is in `shapes` and the coordinate buffer.
    pub import: BoundaryImport,
    pub choices: BoundaryChoices,
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

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Reply {
    /// The importer has loaded its registry and takes requests.
    Ready,
    Progress(Step),
    Stations(Box<StationsLoaded>),
    Boundaries(Box<BoundariesLoaded>),
    /// The request could not be done; the message names the file.
    Failed {
        message: String,
    },
}

/// Township geometry as counts and one coordinate buffer: per township its polygon count, per
/// polygon its ring count, per ring its point count, all in `counts` in that order; the points
/// are `x, y` pairs in the buffer.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PackedShapes {
    pub codes: Vec<RegionCode>,
    pub counts: Vec<u32>,
}

impl PackedShapes {
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
        let mut counts = self.counts.iter().map(|n| *n as usize);
        let mut next_count = || counts.next().ok_or("shape counts end early");
        let mut points = coords.chunks_exact(2).map(|p| Coord { x: p[0], y: p[1] });
        if !coords.len().is_multiple_of(2) {
            return Err(format!("{} coordinates: not x, y pairs", coords.len()));
        }
        let mut out = Vec::with_capacity(self.codes.len());
        for code in &self.codes {
            let mut polygons = Vec::new();
            for _ in 0..next_count()? {
                let mut rings = Vec::new();
                for _ in 0..next_count()? {
                    let n = next_count()?;
                    let ring: Vec<Coord<f64>> = points.by_ref().take(n).collect();
                    if ring.len() != n {
                        return Err(format!("{code}: the coordinate buffer ends early"));
                    }
                    rings.push(LineString(ring));
                }
                let mut rings = rings.into_iter();
                let exterior = rings.next().unwrap_or_else(|| LineString(Vec::new()));
                polygons.push(Polygon::new(exterior, rings.collect()));
            }
            out.push((code.clone(), MultiPolygon(polygons)));
        }
        if next_count().is_ok() || points.next().is_some() {
            return Err("shape counts and coordinates left over".into());
        }
        Ok(out)
    }
}

/// The importer's state between requests.
pub struct ImportSession {
    atlas: Atlas,
    table: Option<(RawTable, Day)>,
    boundary_file: Option<(String, Vec<u8>)>,
}

impl ImportSession {
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
        let failed = |message: String| (Reply::Failed { message }, Vec::new());
        match request {
            Request::Stations {
                file,
                today,
                mapping,
            } => {
                let Some(bytes) = bytes else {
                    return failed(format!("{file}: no bytes came with the file"));
                };
                // A new file replaces the last, read or not, so a remap never joins an old one.
                self.table = None;
                match read_table_with_progress(&file, &bytes, progress) {
                    Ok(table) => {
                        let mapping = mapping.unwrap_or_else(|| guess_mapping(&table.headers));
                        self.table = Some((table, today));
                        (self.join(mapping, progress), Vec::new())
                    }
                    Err(e) => failed(e.to_string()),
                }
            }
            Request::Remap { mapping } => {
                if self.table.is_none() {
                    return failed("no station table is loaded to join again".into());
                }
                (self.join(mapping, progress), Vec::new())
            }
            Request::Boundaries { file, choices } => {
                let Some(bytes) = bytes else {
                    return failed(format!("{file}: no bytes came with the file"));
                };
                self.boundary_file = Some((file, bytes));
                self.read_boundaries(choices, progress)
            }
            Request::Rechoose { choices } => {
                if self.boundary_file.is_none() {
                    return failed("no boundary file is loaded to read again".into());
                }
                self.read_boundaries(choices, progress)
            }
        }
    }

    fn join(&self, mapping: ColumnMapping, progress: &mut dyn FnMut(Step)) -> Reply {
        let (table, today) = self.table.as_ref().expect("checked by the caller");
        let outcome = join_stations_with_progress(
            table,
            &mapping,
            &self.atlas.divisions,
            &JoinOptions::new(*today),
            progress,
        )
        .map_err(|e| e.to_string());
        Reply::Stations(Box::new(StationsLoaded {
            file: table.file.clone(),
            format: table.format,
            encoding: table.encoding,
            headers: table.headers.clone(),
            examples: column_examples(table),
            rows: table.rows.len(),
            guessed: guess_mapping(&table.headers),
            mapping,
            outcome,
        }))
    }

    fn read_boundaries(
        &self,
        choices: BoundaryChoices,
        progress: &mut dyn FnMut(Step),
    ) -> (Reply, Vec<f64>) {
        let (file, bytes) = self.boundary_file.as_ref().expect("checked by the caller");
        let read = read_boundaries_with_progress(
            file,
            bytes,
            choices.code_property.as_deref(),
            &self.atlas,
            progress,
        );
        match read {
            Ok(mut import) => {
                if choices.swap_lon_lat {
                    swap_lon_lat(&mut import, &self.atlas);
                }
                if choices.convert_gcj02 {
                    convert_gcj02(&mut import, &self.atlas);
                }
                let townships = std::mem::take(&mut import.townships);
                let (shapes, coords) = PackedShapes::pack(&townships);
                drop(townships);
                let loaded = BoundariesLoaded {
                    import,
                    choices,
                    shapes,
                };
                (Reply::Boundaries(Box::new(loaded)), coords)
            }
            Err(e) => (
                Reply::Failed {
                    message: e.to_string(),
                },
                Vec::new(),
            ),
        }
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

pub fn decode<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T, DataError> {
    serde_json::from_str(text)
        .map_err(|e| DataError::file(what, format!("unreadable importer message: {e}")))
}
