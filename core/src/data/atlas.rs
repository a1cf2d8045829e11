//! The loaded default (or user) data set: registry, outlines, facts and stations, plus the report
//! of everything that did not fit, so nothing is dropped without the user seeing it.

use std::collections::HashMap;

use geo::MultiPolygon;

use crate::data::code::{Level, RegionCode};
use crate::data::divisions::Divisions;
use crate::data::model::{CoveredCount, ReportedFigure, Station, Target};
use crate::data::seed::{parse_facts, Facts};
use crate::data::topo::Topology;
use crate::error::DataError;
use crate::shape::projection::Albers;

/// The shipped files, by name and text, so errors can name the file.
pub struct DataFiles<'a> {
    pub divisions: (&'a str, &'a str),
    pub outlines: (&'a str, &'a str),
    pub facts: (&'a str, &'a str),
}

/// Something the user should know about the data: not fatal, never hidden.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct DataNote {
    pub file: String,
    pub code: String,
    pub message: String,
}

#[derive(Clone)]
pub struct Atlas {
    pub divisions: Divisions,
    pub figures: Vec<ReportedFigure>,
    pub targets: Vec<Target>,
    pub stations: Vec<Station>,
    /// Projected (Albers, km) outlines of provinces, prefectures and counties.
    outlines: HashMap<RegionCode, MultiPolygon<f64>>,
    /// Province outlines with no registry entry (Taiwan, Hong Kong, Macao), projected.
    pub unlisted_provinces: Vec<MultiPolygon<f64>>,
    /// County outlines in lon/lat: schematic cells are laid out on the ground, then projected.
    county_outlines_lonlat: HashMap<RegionCode, MultiPolygon<f64>>,
    pub projection: Albers,
    /// Official township boundaries a user loaded (projected), replacing schematic cells.
    township_outlines: HashMap<RegionCode, MultiPolygon<f64>>,
    pub notes: Vec<DataNote>,
}

/// Object names in the outlines file, coarsest first.
pub const OUTLINE_OBJECTS: [(&str, Level); 3] = [
    ("provinces", Level::Province),
    ("prefectures", Level::Prefecture),
    ("counties", Level::County),
];

/// File names of a data set in one folder, as shipped in `data/`.
pub const DIVISIONS_FILE: &str = "divisions.csv";
pub const OUTLINES_FILE: &str = "outlines.topojson";
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
        })
    }

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
        for (object, level) in OUTLINE_OBJECTS {
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
                        message: format!(
                            "{name} {code} is not in the division registry: drawn as context without figures"
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
            divisions,
            figures,
            targets,
            stations: Vec::new(),
            outlines,
            unlisted_provinces,
            county_outlines_lonlat,
            projection,
            township_outlines: HashMap::new(),
            notes: Vec::new(),
        };
        notes.extend(atlas_without_notes.check_outlines(outline_file));
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
                message: format!(
                    "{} has no outline: its {} townships are counted but not drawn",
                    self.divisions.qualified_name(county),
                    self.divisions.township_count(county)
                ),
            })
            .collect()
    }

    /// Where a reported figure and the 2023 registry disagree, say so next to the figure.
    fn check_facts(&self, facts_file: &str) -> Vec<DataNote> {
        let mut notes = Vec::new();
        for figure in &self.figures {
            for region in &figure.regions {
                let note = |message: String| DataNote {
                    file: facts_file.to_string(),
                    code: region.to_string(),
                    message: format!("row {}: {message}", figure.row),
                };
                if !self.divisions.contains(region) {
                    notes.push(note(format!(
                        "{} {region} is not in the division registry",
                        figure.region_name
                    )));
                    continue;
                }
                let registry = self.divisions.township_count(region);
                if let (Some(CoveredCount::Count(_)), Some(total)) =
                    (figure.townships_covered, figure.townships_total)
                {
                    if total != registry {
                        notes.push(note(format!(
                            "{} reported {total} townships; the 2023 registry lists {registry}",
                            figure.region_name
                        )));
                    }
                }
            }
        }
        notes
    }

    pub fn outline(&self, code: &RegionCode) -> Option<&MultiPolygon<f64>> {
        self.outlines.get(code)
    }

    pub fn township_outline(&self, code: &RegionCode) -> Option<&MultiPolygon<f64>> {
        self.township_outlines.get(code)
    }

    /// Takes official township boundaries (lon/lat, WGS84) in place of schematic cells.
    pub fn set_township_outlines(&mut self, townships: &[(RegionCode, MultiPolygon<f64>)]) {
        self.township_outlines = townships
            .iter()
            .map(|(code, g)| (code.clone(), self.projection.project_multipolygon(g)))
            .collect();
    }

    pub fn county_outline_lonlat(&self, code: &RegionCode) -> Option<&MultiPolygon<f64>> {
        self.county_outlines_lonlat.get(code)
    }

    pub fn outline_count(&self) -> usize {
        self.outlines.len()
    }

    /// Figures that speak of `code` itself, newest first (undated last).
    pub fn figures_for(&self, code: &RegionCode) -> Vec<(usize, &ReportedFigure)> {
        let mut found: Vec<_> = self
            .figures
            .iter()
            .enumerate()
            .filter(|(_, f)| f.regions.contains(code))
            .collect();
        found.sort_by_key(|(_, f)| std::cmp::Reverse(f.as_of.date.map(|d| d.first_day())));
        found
    }

    pub fn targets_for(&self, code: &RegionCode) -> Vec<&Target> {
        self.targets.iter().filter(|t| &t.region == code).collect()
    }
}
