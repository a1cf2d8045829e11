//! The loaded default (or user) data set: registry, outlines, facts and stations, plus the report
//! of everything that did not fit, so nothing is dropped without the user seeing it.

use crate::sort;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use geo::MultiPolygon;

use crate::data::code::{Level, RegionCode};
use crate::data::divisions::Divisions;
use crate::data::model::{CoveredCount, ReportedFigure, Station, Target};
use crate::data::seed::{parse_facts, Facts};
use crate::data::topo::Topology;
use crate::error::DataError;
use crate::lang::{Lang, Text};
use crate::shape::projection::Albers;

/// The shipped files, by name and text, so errors can name the file.
pub struct DataFiles<'a> {
    /// (file name, CSV text) of the division registry, `code,name` rows.
    pub divisions: (&'a str, &'a str),
    /// (file name, TopoJSON text) of the province, prefecture and county outlines (lon/lat).
    pub outlines: (&'a str, &'a str),
    /// (file name, CSV text) of the reported figures and targets.
    pub facts: (&'a str, &'a str),
    /// True for the overview a published folder draws its first map from: the registry down
    /// to counties (their townships listed without names) and outlines of provinces and prefectures only. Its
    /// missing counties are not reported; the full files follow and replace it.
    pub overview: bool,
}

/// Something the user should know about the data: not fatal, never hidden.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct DataNote {
    /// The file the note is about.
    pub file: String,
    /// The region code concerned, as text (a code outside the registry is still shown).
    pub code: String,
    /// A full sentence for the user in both languages, naming the region and what it loses
    /// (e.g. "counted but not drawn"); facts notes start with the row.
    pub message: Text,
}

/// Everything the later stages read: the registry, the reported figures, targets and stations,
/// projected outlines, and the notes on what did not fit. Built once by [`Atlas::load`]; a
/// bureau's stations and township boundaries are added afterwards.
#[derive(Clone)]
pub struct Atlas {
    /// The 2023 registry: names and township counts, the denominator of every percentage.
    /// (The registry and the outlines never change once loaded, so they are shared: the page
    /// clones the atlas to add a province's townships, and a clone must not copy them.)
    pub divisions: Arc<Divisions>,
    /// Reported region-level figures, in file order; other stages refer to them by index.
    pub figures: Vec<ReportedFigure>,
    /// Full-coverage targets, one per region a target row names.
    pub targets: Vec<Target>,
    /// Individually known stations from a bureau's table; empty until one is imported.
    pub stations: Vec<Station>,
    /// Projected (Albers, km) outlines of provinces, prefectures and counties.
    outlines: Arc<HashMap<RegionCode, MultiPolygon<f64>>>,
    /// Province outlines with no registry entry (Taiwan, Hong Kong, Macao), projected.
    pub unlisted_provinces: Vec<MultiPolygon<f64>>,
    /// County outlines in lon/lat: schematic cells are laid out on the ground, then projected.
    county_outlines_lonlat: Arc<HashMap<RegionCode, MultiPolygon<f64>>>,
    /// The projection every outline was put through ([`Albers::china`]); loaded township
    /// boundaries and schematic cells go through the same one.
    pub projection: Albers,
    /// Official township boundaries from a publication (projected), replacing schematic cells,
    /// simplified for a province's view.
    township_outlines: HashMap<RegionCode, Arc<MultiPolygon<f64>>>,
    /// The same boundaries at full detail, from a publication's prefecture chunks, for views of
    /// a prefecture or deeper ([`Atlas::township_outline`]).
    township_detail: HashMap<RegionCode, Arc<MultiPolygon<f64>>>,
    /// Official township boundaries from the user's own file (the page's import, the CLI's
    /// `--boundaries`), drawn before a publication's at every level: the user is checking them.
    own_townships: HashMap<RegionCode, Arc<MultiPolygon<f64>>>,
    /// The file they came from, named in the figure's sources.
    own_boundaries_file: Option<String>,
    /// Schematic township cells made when the data was published (projected), by county, in
    /// the registry's township order: the page reads them instead of computing them.
    /// (`Arc`, so that an atlas can be shared between threads as before.)
    schematic_cells: HashMap<RegionCode, PublishedCells>,
    /// What did not fit, for the user to see: regions outside the registry, counties with no
    /// outline, reported totals that disagree with the registry.
    pub notes: Vec<DataNote>,
    /// Who publishes the data and on what terms; the shipped default until a published folder
    /// says otherwise.
    pub publisher: super::publisher::Publisher,
}

/// A county's schematic cells as published (projected), one per township in the registry's
/// order.
pub type PublishedCells = Arc<Vec<MultiPolygon<f64>>>;

/// Object names in the outlines file, coarsest first.
pub const OUTLINE_OBJECTS: [(&str, Level); 3] = [
    ("provinces", Level::Province),
    ("prefectures", Level::Prefecture),
    ("counties", Level::County),
];

/// File names of a data set in one folder, as shipped in `data/`.
///
/// This one is the division registry: `code,name` rows, 2/4/6/9-digit normalised codes.
pub const DIVISIONS_FILE: &str = "divisions.csv";
/// The outlines file of a data folder: TopoJSON with the objects of [`OUTLINE_OBJECTS`].
pub const OUTLINES_FILE: &str = "outlines.topojson";
/// The facts file of a data folder: reported figures and targets, one article statement a row.
pub const FACTS_FILE: &str = "seed-facts.csv";

impl Atlas {
    /// Loads the three files of a data folder (the shipped `data/`, or a bureau's own copy).
    pub fn load_dir(dir: &std::path::Path) -> Result<Atlas, DataError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path)
                .map_err(|e| DataError::file(&path.display().to_string(), e.to_string()))
        };
        let (divisions, outlines, facts) = (
            read(DIVISIONS_FILE)?,
            read(OUTLINES_FILE)?,
            read(FACTS_FILE)?,
        );
        Atlas::load(&DataFiles {
            divisions: (DIVISIONS_FILE, &divisions),
            outlines: (OUTLINES_FILE, &outlines),
            facts: (FACTS_FILE, &facts),
            overview: false,
        })
    }

    /// Builds the atlas from file texts (the wasm page has no folder to read). Any bad row or
    /// feature is an error; outlines outside the registry (Taiwan, Hong Kong, Macao) and facts
    /// that disagree with the registry are kept and reported in [`Atlas::notes`].
    pub fn load(files: &DataFiles) -> Result<Atlas, DataError> {
        let divisions = Divisions::from_csv(files.divisions.0, files.divisions.1)?;
        let Facts { figures, targets } = parse_facts(files.facts.0, files.facts.1)?;
        let projection = Albers::china();
        let (outline_file, outline_text) = files.outlines;
        let topology = Topology::parse(outline_file, outline_text)?;
        let mut notes = Vec::new();
        let mut outlines = HashMap::new();
        let mut unlisted_provinces = Vec::new();
        let mut county_outlines_lonlat = HashMap::new();
        let levels = OUTLINE_OBJECTS
            .into_iter()
            .filter(|(_, level)| !files.overview || *level < Level::County);
        for (object, level) in levels {
            for feature in topology.features(outline_file, object)? {
                let raw_code = match feature.properties.get("code") {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(serde_json::Value::Number(n)) => n.to_string(),
                    _ => {
                        return Err(DataError::feature(
                            outline_file,
                            format!("{object} #{}", outlines.len()),
                            "expected a \"code\" property",
                        ))
                    }
                };
                // The file stores normalised codes whose length gives the level; parsing them as
                // GB codes would misread counties like 东莞 441900 as prefectures.
                let code = RegionCode::from_normalised(&raw_code)
                    .filter(|c| c.level() == level)
                    .ok_or_else(|| {
                        DataError::feature(
                            outline_file,
                            format!("{object} {raw_code}"),
                            format!(
                                "expected a {}-digit {} code, found {raw_code:?}",
                                level.code_len(),
                                level.name_en()
                            ),
                        )
                    })?;
                if !divisions.contains(&code) {
                    // Taiwan, Hong Kong and Macao are outside the statistical registry but belong
                    // on a map of China: drawn as context, without coverage figures.
                    let name = feature
                        .properties
                        .get("name")
                        .and_then(|v| v.as_str())
                        .unwrap_or("?");
                    notes.push(DataNote {
                        file: outline_file.to_string(),
                        code: code.to_string(),
                        message: Text::new(
                            format!("{name} {code} 不在区划代码中：仅作底图绘制，不含数据"),
                            format!(
                                "“{name}” {code} is not in the division registry: drawn as context without figures"
                            ),
                        ),
                    });
                    if level == Level::Province {
                        unlisted_provinces.push(projection.project_multipolygon(&feature.geometry));
                    }
                    continue;
                }
                outlines.insert(
                    code.clone(),
                    projection.project_multipolygon(&feature.geometry),
                );
                if level == Level::County {
                    county_outlines_lonlat.insert(code, feature.geometry);
                }
            }
        }
        let atlas_without_notes = Atlas {
            divisions: Arc::new(divisions),
            figures,
            targets,
            stations: Vec::new(),
            outlines: Arc::new(outlines),
            unlisted_provinces,
            county_outlines_lonlat: Arc::new(county_outlines_lonlat),
            projection,
            township_outlines: HashMap::new(),
            township_detail: HashMap::new(),
            own_townships: HashMap::new(),
            own_boundaries_file: None,
            schematic_cells: HashMap::new(),
            notes: Vec::new(),
            publisher: super::publisher::Publisher::shipped(),
        };
        if !files.overview {
            notes.extend(atlas_without_notes.check_outlines(outline_file));
        }
        notes.extend(atlas_without_notes.check_facts(files.facts.0));
        Ok(Atlas {
            notes,
            ..atlas_without_notes
        })
    }

    /// Counties with townships but no outline cannot be drawn: list each with what it loses.
    fn check_outlines(&self, outline_file: &str) -> Vec<DataNote> {
        self.divisions
            .at_level(&RegionCode::nation(), Level::County)
            .filter(|county| !self.outlines.contains_key(*county))
            .filter(|county| self.divisions.township_count(county) > 0)
            .map(|county| DataNote {
                file: outline_file.to_string(),
                code: county.to_string(),
                message: Text::new(
                    format!(
                        "{} 无轮廓：其{}个乡镇计入统计，但不绘制",
                        self.divisions.qualified_name(county),
                        self.divisions.township_count(county)
                    ),
                    format!(
                        "{} has no outline: its {} townships are counted but not drawn",
                        self.divisions.qualified_name(county),
                        self.divisions.township_count(county)
                    ),
                ),
            })
            .collect()
    }

    /// Where a reported figure and the 2023 registry disagree, say so next to the figure.
    fn check_facts(&self, facts_file: &str) -> Vec<DataNote> {
        let mut notes = Vec::new();
        for figure in &self.figures {
            for region in &figure.regions {
                let note = |message: Text| DataNote {
                    file: facts_file.to_string(),
                    code: region.to_string(),
                    message: message.map(|lang, m| match lang {
                        Lang::Zh => format!("第{}行：{m}", figure.row),
                        Lang::En => format!("row {}: {m}", figure.row),
                    }),
                };
                let name = &figure.region_name;
                if !self.divisions.contains(region) {
                    notes.push(note(Text::new(
                        format!("{name} {region} 不在区划代码中"),
                        format!("{name} {region} is not in the division registry"),
                    )));
                    continue;
                }
                let registry = self.divisions.township_count(region);
                if let (Some(CoveredCount::Count(_)), Some(total)) =
                    (figure.townships_covered, figure.townships_total)
                {
                    if total != registry {
                        notes.push(note(Text::new(
                            format!("{name}报告{total}个乡镇；2023年区划代码列有{registry}个"),
                            format!(
                                "{name} reported {total} townships; the 2023 registry lists {registry}"
                            ),
                        )));
                    }
                }
            }
        }
        notes
    }

    /// The projected (Albers, km) outline of a province, prefecture or county; `None` for
    /// townships, the nation, and regions the outlines file lacks (some 市辖区 groupings).
    pub fn outline(&self, code: &RegionCode) -> Option<&MultiPolygon<f64>> {
        self.outlines.get(code)
    }

    /// True when `other` gives every measure (coverage, ratings, the deadline board: all of
    /// `measure/`) the same inputs as this atlas: the same registry, figures, targets and
    /// stations. Shapes added since (a published township chunk) change no measure, so a reader
    /// need not count again.
    pub fn same_measure_inputs(&self, other: &Atlas) -> bool {
        Arc::ptr_eq(&self.divisions, &other.divisions)
            && self.figures == other.figures
            && self.targets == other.targets
            && self.stations == other.stations
    }

    /// The projected (Albers, km) official boundary of a township: the user's own file's, else
    /// a publication's; `None` means the township is drawn as a schematic cell, or not at all.
    /// With `detail` (a view of a prefecture or deeper) a publication's is the full-detail one
    /// where its prefecture chunk gave one, else the one simplified for the province's view.
    pub fn township_outline(&self, code: &RegionCode, detail: bool) -> Option<&MultiPolygon<f64>> {
        let published_detail = || self.township_detail.get(code).filter(|_| detail);
        (self.own_townships.get(code))
            .or_else(published_detail)
            .or_else(|| self.township_outlines.get(code))
            .map(Arc::as_ref)
    }

    /// Adds official township boundaries (lon/lat, WGS84) in place of schematic cells, keeping
    /// those loaded before: one province's chunk of a published folder at a time.
    pub fn add_township_outlines(&mut self, townships: &[(RegionCode, MultiPolygon<f64>)]) {
        let projected = self.projected(townships);
        self.township_outlines.extend(projected);
    }

    /// Adds official township boundaries (lon/lat) at full detail, drawn in views of a
    /// prefecture or deeper: one prefecture's chunk of a published folder at a time.
    pub fn add_township_detail(&mut self, townships: &[(RegionCode, MultiPolygon<f64>)]) {
        let projected = self.projected(townships);
        self.township_detail.extend(projected);
    }

    fn projected(
        &self,
        townships: &[(RegionCode, MultiPolygon<f64>)],
    ) -> Vec<(RegionCode, Arc<MultiPolygon<f64>>)> {
        (townships.iter())
            .map(|(code, g)| {
                (
                    code.clone(),
                    Arc::new(self.projection.project_multipolygon(g)),
                )
            })
            .collect()
    }

    /// Names the file the user's own township boundaries came from, for the figure's source
    /// line (`None` when they are taken away).
    pub fn set_own_boundaries_file(&mut self, file: Option<String>) {
        self.own_boundaries_file = file;
    }

    /// The file the user's own township boundaries came from, when there are any.
    pub fn own_boundaries_file(&self) -> Option<&str> {
        self.own_boundaries_file
            .as_deref()
            .filter(|_| !self.own_townships.is_empty())
    }

    /// Takes the user's own official township boundaries (lon/lat, WGS84), drawn before
    /// schematic cells and before a publication's boundaries of the same townships. Replaces
    /// the user's file loaded before; an empty slice goes back to the publication's boundaries
    /// and schematic cells.
    pub fn set_township_outlines(&mut self, townships: &[(RegionCode, MultiPolygon<f64>)]) {
        self.own_townships = self.projected(townships).into_iter().collect();
    }

    /// Adds the schematic cells of a published chunk (lon/lat, a cell per township code). A
    /// county's cells are taken only when there is exactly one for each of its townships in
    /// the registry; the counties left out are returned, for the reader's message.
    pub fn add_schematic_cells(
        &mut self,
        cells: &[(RegionCode, MultiPolygon<f64>)],
    ) -> Vec<RegionCode> {
        let mut by_county: BTreeMap<RegionCode, HashMap<&RegionCode, &MultiPolygon<f64>>> =
            BTreeMap::new();
        let mut refused = Vec::new();
        for (code, cell) in cells {
            match code.parent().filter(|_| code.level() == Level::Township) {
                Some(county) => {
                    by_county.entry(county).or_default().insert(code, cell);
                }
                None => refused.push(code.clone()),
            }
        }
        for (county, mut cells) in by_county {
            let townships: Vec<&RegionCode> =
                self.divisions.at_level(&county, Level::Township).collect();
            let ordered: Option<Vec<MultiPolygon<f64>>> = (townships.iter())
                .map(|t| cells.remove(t))
                .map(|cell| cell.map(|c| self.projection.project_multipolygon(c)))
                .collect();
            match ordered {
                Some(ordered) if cells.is_empty() && !ordered.is_empty() => {
                    self.schematic_cells.insert(county, Arc::new(ordered));
                }
                _ => refused.push(county),
            }
        }
        refused
    }

    /// The published schematic cells of `county` (projected), one per township in the
    /// registry's order, when its chunk has been added.
    pub fn schematic_cells(&self, county: &RegionCode) -> Option<&PublishedCells> {
        self.schematic_cells.get(county)
    }

    /// A county's outline in lon/lat degrees, unprojected: schematic township cells are cut on
    /// the ground so that their areas are fair, then projected.
    pub fn county_outline_lonlat(&self, code: &RegionCode) -> Option<&MultiPolygon<f64>> {
        self.county_outlines_lonlat.get(code)
    }

    /// Registry regions with an outline (provinces, prefectures and counties; the unlisted
    /// provinces and township boundaries not included).
    pub fn outline_count(&self) -> usize {
        self.outlines.len()
    }

    /// Figures that speak of `code` itself, newest first (undated last), each with its index in
    /// [`Atlas::figures`]. A figure about a parent or child region is not included.
    pub fn figures_for(&self, code: &RegionCode) -> Vec<(usize, &ReportedFigure)> {
        let mut found: Vec<_> = self
            .figures
            .iter()
            .enumerate()
            .filter(|(_, f)| f.regions.contains(code))
            .collect();
        sort::sort_by_key(&mut found, |(_, f)| {
            std::cmp::Reverse(f.as_of.date.map(|d| d.first_day()))
        });
        found
    }

    /// Targets set for `code` itself, in file order; a parent's target is not included.
    pub fn targets_for(&self, code: &RegionCode) -> Vec<&Target> {
        self.targets.iter().filter(|t| &t.region == code).collect()
    }
}
