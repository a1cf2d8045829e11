//! The loaded default (or user) data set: registry, outlines, facts and stations, plus the report
//! of everything that did not fit, so nothing is dropped without the user seeing it.

use crate::sort;
use std::sync::Arc;

use geo::MultiPolygon;

use crate::data::code::{Level, RegionCode};
use crate::data::divisions::Divisions;
use crate::data::model::{CoveredCount, ReportedFigure, Station, Target};
use crate::data::seed::{parse_facts, Facts};
use crate::data::shapes::{Detail, Outlines, ShapeStore};
use crate::data::topo::Topology;
use crate::error::DataError;
use crate::lang::{Lang, Text};
use crate::projection::{Albers, Km, LonLat};

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
    /// Every region shape, projected once and shared: outlines, and each township's shape at
    /// each level of detail (a publication's chunks and the user's own file both go there).
    shapes: ShapeStore,
    /// The file the user's own township boundaries came from, named in the figure's sources.
    own_boundaries_file: Option<String>,
    /// What did not fit, for the user to see: regions outside the registry, counties with no
    /// outline, reported totals that disagree with the registry.
    pub notes: Vec<DataNote>,
    /// Who publishes the data and on what terms; the shipped default until a published folder
    /// says otherwise.
    pub publisher: super::publisher::Publisher,
}

pub use crate::data::shapes::PublishedCells;

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
        let mut outlines = Outlines::default();
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
                            format!("{object} #{}", outlines.projected.len()),
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
                        let km = projection.project_shape(LonLat(&feature.geometry));
                        outlines.unlisted_provinces.push(km);
                    }
                    continue;
                }
                let km = projection.project_shape(LonLat(&feature.geometry));
                outlines.projected.insert(code.clone(), km);
                if level == Level::County {
                    (outlines.counties_lonlat).insert(code, LonLat(feature.geometry));
                }
            }
        }
        let atlas_without_notes = Atlas {
            divisions: Arc::new(divisions),
            figures,
            targets,
            stations: Vec::new(),
            shapes: ShapeStore::new(projection, outlines),
            own_boundaries_file: None,
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
            .filter(|county| self.shapes.outline(county).is_none())
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
    pub fn outline(&self, code: &RegionCode) -> Option<&Km> {
        self.shapes.outline(code).map(Arc::as_ref)
    }

    /// Every region shape of the atlas, for the scene to share.
    pub fn shapes(&self) -> &ShapeStore {
        &self.shapes
    }

    /// The projection every shape was put through ([`Albers::china`]).
    pub fn projection(&self) -> &Albers {
        self.shapes.projection()
    }

    /// Province outlines with no registry entry (Taiwan, Hong Kong, Macao), projected.
    pub fn unlisted_provinces(&self) -> &[Arc<Km>] {
        self.shapes.unlisted_provinces()
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

    /// The projected (Albers, km) official boundary of a township at `detail`
    /// ([`ShapeStore::township`]): the user's own file's, else a publication's; `None` means
    /// the township is drawn as a schematic cell, or not at all.
    pub fn township_outline(&self, code: &RegionCode, detail: Detail) -> Option<&Km> {
        self.shapes.township(code, detail).map(Arc::as_ref)
    }

    /// Adds official township boundaries (lon/lat, WGS84) in place of schematic cells, keeping
    /// those loaded before: one province's chunk of a published folder at a time.
    pub fn add_township_outlines(&mut self, townships: &[(RegionCode, MultiPolygon<f64>)]) {
        self.shapes
            .add_official(Detail::ProvinceSimplified, townships);
    }

    /// Adds official township boundaries (lon/lat) at full detail, drawn in views of a
    /// prefecture or deeper: one prefecture's chunk of a published folder at a time.
    pub fn add_township_detail(&mut self, townships: &[(RegionCode, MultiPolygon<f64>)]) {
        self.shapes.add_official(Detail::Official, townships);
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
            .filter(|_| self.shapes.has_own())
    }

    /// Takes the user's own official township boundaries (lon/lat, WGS84), drawn before
    /// schematic cells and before a publication's boundaries of the same townships. Replaces
    /// the user's file loaded before; an empty slice goes back to the publication's boundaries
    /// and schematic cells.
    pub fn set_township_outlines(&mut self, townships: &[(RegionCode, MultiPolygon<f64>)]) {
        self.shapes.set_own(townships);
    }

    /// [`Atlas::set_township_outlines`] from townships made one at a time, each projected and
    /// dropped as it comes, so a whole file's lon/lat shapes are never held beside the
    /// projected ones.
    pub fn set_township_outlines_each<G: std::borrow::Borrow<MultiPolygon<f64>>>(
        &mut self,
        townships: impl IntoIterator<Item = (RegionCode, G)>,
    ) {
        self.shapes.set_own_each(townships);
    }

    /// Adds the schematic cells of a published chunk (lon/lat, a cell per township code) beside
    /// the chunk's `official` boundaries, at its `detail` ([`ShapeStore::add_schematic_cells`]):
    /// a county's cells are taken when there is exactly one for each of its townships in the
    /// registry, or one for each township the chunk's official boundaries leave out of it; the
    /// counties left out are returned, for the reader's message.
    pub fn add_schematic_cells(
        &mut self,
        detail: Detail,
        cells: &[(RegionCode, MultiPolygon<f64>)],
        official: &[(RegionCode, MultiPolygon<f64>)],
    ) -> Vec<RegionCode> {
        (self.shapes).add_schematic_cells(&self.divisions, detail, cells, official)
    }

    /// The published schematic cells of `county` (projected), one per township in the
    /// registry's order, when its chunk has been added.
    pub fn schematic_cells(&self, county: &RegionCode) -> Option<&PublishedCells> {
        self.shapes.schematic_cells(county)
    }

    /// A county's outline in lon/lat degrees, unprojected: schematic township cells are cut on
    /// the ground so that their areas are fair, then projected.
    pub fn county_outline_lonlat(&self, code: &RegionCode) -> Option<&LonLat> {
        self.shapes.county_outline_lonlat(code)
    }

    /// Registry regions with an outline (provinces, prefectures and counties; the unlisted
    /// provinces and township boundaries not included).
    pub fn outline_count(&self) -> usize {
        self.shapes.outline_count()
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
