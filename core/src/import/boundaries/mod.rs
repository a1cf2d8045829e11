//! Official township boundaries loaded by a bureau: GeoJSON or TopoJSON, joined to the registry
//! by a code property, with every feature either joined or listed in the report.
//!
//! ```text
//! bytes ──read_boundaries──▶ BoundaryImport { townships, report, crs, checks }
//!                               └─ convert_gcj02 / swap_lon_lat on the user's request
//! ```
//!
//! Checks, each repaired or reported, never silent:
//! - per feature: geometry type (Polygon/MultiPolygon only), empty geometry (rejected), unclosed
//!   rings (closed), winding (normalised to RFC 7946: exterior counterclockwise),
//!   self-intersections (reported), code (parsed, township level, in the registry, unique; a
//!   code that does not join gets the county's one township of the feature's name as a
//!   suggestion, which the user may accept: [`BoundaryOptions::accepted`]);
//! - per data set: projected coordinates (refused, naming the feature and the likely CRS),
//!   swapped longitude/latitude (reported, [`swap_lon_lat`] on request) and a GCJ-02 offset
//!   measured against the shipped county outlines ([`convert_gcj02`] on request);
//! - per township, once the axis order and datum are decided: coordinates beyond ±180/±90 and
//!   a centre more than [`OUTSIDE_COUNTY_LIMIT_KM`] outside its county's outline (rejected,
//!   naming the point or the distance and the county: [`reject_misplaced`]).
//!
//! The stages, one file each: `report` (what an import gives back, in words), `codes` (which
//! property holds the code, and what it joins to), `geometry` (the per-feature checks), `crs`
//! (the coordinates as a whole), `place` (each township where a township can be) and `gcj02`
//! (the datum transform).
//!
//! Every reason, suggestion, finding and report line is a [`crate::lang::Text`] or takes a
//! [`crate::lang::Lang`]: the page shows them in its language, the CLI in `--lang`'s.

mod codes;
mod crs;
mod fit;
mod gcj02;
mod geometry;
mod place;
mod report;
mod rings;

use std::collections::{BTreeMap, HashMap};

use geo::MultiPolygon;
use serde_json::{Map, Value};

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::error::DataError;
use crate::lang::Text;
use crate::limits::Limit;

use super::features::{features_from_tree, topology_features, RawFeature, RawGeometry};
use super::geojson::GeoDocument;
use super::progress::{ignore, Phase, Step, Ticker};

pub use codes::CODE_PROPERTY_CANDIDATES;
pub use crs::{convert_gcj02, judge_crs, likely_projected_crs, measure_offset, swap_lon_lat};
pub use gcj02::{gcj02_to_wgs84, wgs84_to_gcj02};
pub use place::{reject_misplaced, OUTSIDE_COUNTY_LIMIT_KM};
pub use report::{
    BoundaryImport, BoundaryIssue, CodeProperty, CrsFinding, DataVSignature, GeometryChecks,
    IssueOutcome, Offset,
};

use codes::{choose_code_property, code_properties, join_code, label, Rejection};
use crs::{check_projected, datav_signature};
use geometry::{repair, Note};

/// The choices a boundary file is read with, beyond the file itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BoundaryOptions {
    /// The property the codes are read from; `None` detects it.
    pub code_property: Option<String>,
    /// Suggestions the user accepted: 1-based feature number (as [`BoundaryIssue::feature`])
    /// to the registry township it joins to ([`BoundaryIssue::suggested_code`]). Used only for
    /// a feature whose own code does not join; such a feature is joined with an
    /// [`IssueOutcome::Accepted`] line.
    #[serde(default)]
    pub accepted: BTreeMap<usize, RegionCode>,
}

/// Reads GeoJSON (FeatureCollection, Feature, bare Polygon/MultiPolygon) or TopoJSON (every
/// object), picks the code property (`code_property`, else the key whose values are registry
/// townships for most features), checks geometry and coordinates and joins to the registry.
///
/// Errors: the bytes are not JSON, not GeoJSON/TopoJSON, no property holds codes, or the
/// coordinates are projected (the message names the feature and the likely CRS).
pub fn read_boundaries(
    file: &str,
    bytes: &[u8],
    code_property: Option<&str>,
    atlas: &Atlas,
) -> Result<BoundaryImport, DataError> {
    read_boundaries_with_progress(file, bytes, code_property, atlas, &mut ignore)
}

/// [`read_boundaries`], reporting [`Phase::Parsing`], [`Phase::Joining`] (features) and
/// [`Phase::Comparing`] steps.
pub fn read_boundaries_with_progress(
    file: &str,
    bytes: &[u8],
    code_property: Option<&str>,
    atlas: &Atlas,
    progress: &mut dyn FnMut(Step),
) -> Result<BoundaryImport, DataError> {
    let options = BoundaryOptions {
        code_property: code_property.map(str::to_string),
        accepted: BTreeMap::new(),
    };
    read_boundaries_with_options(file, bytes, &options, atlas, progress)
}

/// [`read_boundaries_with_progress`] with every choice in `options`, the accepted suggestions
/// among them.
pub fn read_boundaries_with_options(
    file: &str,
    bytes: &[u8],
    options: &BoundaryOptions,
    atlas: &Atlas,
    progress: &mut dyn FnMut(Step),
) -> Result<BoundaryImport, DataError> {
    let text = utf8_text(file, bytes)?;
    // The parse has no steps of its own: the bar shows it as under way, of unknown length.
    progress(Step {
        phase: Phase::Parsing,
        done: 0,
        total: 0,
    });
    let (features, declared_crs) = parse_features(file, text)?;
    check_projected(file, &features, declared_crs.as_deref())?;
    let properties = code_properties(&features, atlas);
    let asked = options.code_property.as_deref();
    let (key, detected) = choose_code_property(file, &features, &properties, asked)?;

    let mut import = BoundaryImport {
        file: file.to_string(),
        code_property: key,
        code_property_detected: detected,
        properties,
        features_read: features.len(),
        townships: Vec::new(),
        joined_features: Vec::new(),
        report: Vec::new(),
        crs: CrsFinding::LonLat { offset: None },
        datav: datav_signature(&features),
        checks: GeometryChecks::default(),
    };
    join_features(&mut import, features, &options.accepted, atlas, progress);

    let comparing = Ticker::start(progress, Phase::Comparing, 1);
    import.crs = judge_crs(&import.townships, atlas, import.datav);
    // Whether a township is where it can be depends on the axis order just decided; what it
    // rejects no longer counts towards that decision.
    if reject_misplaced(&mut import, atlas) > 0 {
        import.crs = judge_crs(&import.townships, atlas, import.datav);
    }
    comparing.finish();
    Ok(import)
}

/// The file as text, without a byte-order mark.
fn utf8_text<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, DataError> {
    std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(|e| {
        DataError::file(
            file,
            Text::new(
                format!("不是 UTF-8 文本（{e}）；GeoJSON 须为 UTF-8 编码"),
                format!("not UTF-8 text ({e}); GeoJSON is UTF-8"),
            ),
        )
    })
}

/// What a boundary file holds as read, before any check or join: [`read_boundaries`]'s first
/// step on its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FeaturesRead {
    /// Features of any geometry.
    pub features: usize,
    /// Polygons, over the features of polygon geometry.
    pub polygons: usize,
    /// Rings, over those polygons.
    pub rings: usize,
    /// Positions, over those rings.
    pub positions: usize,
}

/// Reads a GeoJSON or TopoJSON file's features as [`read_boundaries`] does, and counts them,
/// without the registry: the readers alone, which the fuzz targets call on every case (a join
/// costs a thousand times the read of a small file).
pub fn read_features(file: &str, bytes: &[u8]) -> Result<FeaturesRead, DataError> {
    let (features, _) = parse_features(file, utf8_text(file, bytes)?)?;
    let mut read = FeaturesRead {
        features: features.len(),
        ..FeaturesRead::default()
    };
    for feature in &features {
        if let RawGeometry::Polygons(polygons) = &feature.geometry {
            read.polygons += polygons.len();
            read.rings += polygons.iter().map(Vec::len).sum::<usize>();
            read.positions += polygons.iter().flatten().map(Vec::len).sum::<usize>();
        }
    }
    Ok(read)
}

/// The features and the CRS name the file declares, if any.
///
/// GeoJSON goes straight into coordinates; TopoJSON, and files that are neither, go through a
/// JSON tree (TopoJSON is compact, and the others get their messages from it).
fn parse_features(file: &str, text: &str) -> Result<(Vec<RawFeature>, Option<String>), DataError> {
    if is_topology(text) {
        return Ok((topology_features(file, text)?, None));
    }
    let typed = serde_json::from_str::<GeoDocument>(text)
        .ok()
        .and_then(GeoDocument::into_features);
    if let Some(read) = typed {
        return Ok(read);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        DataError::file(
            file,
            Text::new(
                format!("不是有效的 JSON（{e}）；应为 GeoJSON 或 TopoJSON"),
                format!("not valid JSON ({e}); expected GeoJSON or TopoJSON"),
            ),
        )
    })?;
    let features = features_from_tree(file, text, &value)?;
    let declared_crs = value
        .pointer("/crs/properties/name")
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok((features, declared_crs))
}

/// True when `text` is a JSON object whose `"type"` is `"Topology"`, found without building a
/// tree of the document (the other keys are skipped as they are read).
fn is_topology(text: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Kind<'a> {
        #[serde(rename = "type", borrow)]
        kind: Option<std::borrow::Cow<'a, str>>,
    }
    serde_json::from_str::<Kind>(text).is_ok_and(|k| k.kind.as_deref() == Some("Topology"))
}

/// Joins every feature by `import.code_property` (or its accepted code), in file order,
/// reporting [`Phase::Joining`].
fn join_features(
    import: &mut BoundaryImport,
    features: Vec<RawFeature>,
    accepted: &BTreeMap<usize, RegionCode>,
    atlas: &Atlas,
    progress: &mut dyn FnMut(Step),
) {
    let key = import.code_property.clone();
    let mut seen: HashMap<RegionCode, usize> = HashMap::new();
    let mut ticker = Ticker::start(progress, Phase::Joining, features.len() as u64);
    for (i, feature) in features.into_iter().enumerate() {
        ticker.tick(i as u64);
        let n = i + 1;
        let join = Join {
            key: &key,
            accepted: accepted.get(&n),
            atlas,
        };
        join_feature(import, n, feature, &join, &mut seen);
    }
    ticker.finish();
}

/// What a feature is joined by: the code property, the code the user accepted for it, the
/// registry.
struct Join<'a> {
    key: &'a str,
    accepted: Option<&'a RegionCode>,
    atlas: &'a Atlas,
}

/// Joins feature `n` (1-based) as a township, with a report line per repair or warning, or
/// rejects it with one line saying why. `seen` holds the feature each code was first joined from.
fn join_feature(
    import: &mut BoundaryImport,
    n: usize,
    feature: RawFeature,
    join: &Join,
    seen: &mut HashMap<RegionCode, usize>,
) {
    let label = label(n, &feature.properties);
    let mut notes = Vec::new();
    match checked_township(feature, join, seen, &mut import.checks, &mut notes) {
        Ok((code, geometry)) => {
            for note in notes {
                import.report.push(BoundaryIssue {
                    feature: n,
                    label: label.clone(),
                    value: code.to_string(),
                    reason: note.reason,
                    suggestion: None,
                    suggested_code: None,
                    outcome: note.outcome,
                    routine: note.routine,
                });
            }
            seen.insert(code.clone(), n);
            import.joined_features.push((n, code.clone()));
            import.townships.push((code, geometry));
        }
        Err(rejection) => import.report.push(BoundaryIssue {
            feature: n,
            label,
            value: rejection.value,
            reason: rejection.reason,
            suggestion: rejection.suggestion,
            suggested_code: rejection.suggested_code,
            outcome: IssueOutcome::Rejected,
            routine: false,
        }),
    }
}

/// Refuses a feature with a polygon of more holes than [`Limit::PolygonHoles`], before its
/// geometry is checked: the checks cost at least the holes' count.
fn within_hole_budget(polygons: &[Vec<Vec<geo::Coord<f64>>>]) -> Result<(), Box<Rejection>> {
    let holes = polygons.iter().map(|rings| rings.len().saturating_sub(1));
    let most = holes.max().unwrap_or(0) as u64;
    Limit::PolygonHoles
        .check(most)
        .map_err(|message| Rejection::new(String::new(), message))
}

/// The feature's code, or the code the user accepted for it when its own does not join (with
/// an [`IssueOutcome::Accepted`] note saying so).
fn feature_code(
    properties: &Map<String, Value>,
    join: &Join,
    notes: &mut Vec<Note>,
) -> Result<RegionCode, Box<Rejection>> {
    let own = join_code(properties, join.key, join.atlas);
    let (Err(rejection), Some(accepted)) = (&own, join.accepted) else {
        return own;
    };
    let divisions = &join.atlas.divisions;
    if accepted.level() != Level::Township || !divisions.contains(accepted) {
        return own;
    }
    let name = divisions.name(accepted).unwrap_or_default();
    let raw = &rejection.value;
    notes.push(Note {
        outcome: IssueOutcome::Accepted,
        reason: Text::new(
            format!("已采纳建议：文件中的代码“{raw}”改按 {name}（{accepted}）匹配"),
            format!("accepted suggestion: the file's code {raw:?} joined as {name} ({accepted})"),
        ),
        routine: false,
    });
    Ok(accepted.clone())
}

/// The feature's township code and repaired geometry, in the order of the checks: geometry type,
/// code, duplicate code, geometry left after repair. Repairs and warnings go to `notes`, which
/// count only if the feature is joined.
fn checked_township(
    feature: RawFeature,
    join: &Join,
    seen: &HashMap<RegionCode, usize>,
    checks: &mut GeometryChecks,
    notes: &mut Vec<Note>,
) -> Result<(RegionCode, MultiPolygon<f64>), Box<Rejection>> {
    let RawFeature {
        properties,
        geometry,
    } = feature;
    let polygons = match geometry {
        RawGeometry::Polygons(p) => p,
        RawGeometry::Other(kind) if kind == "no geometry" || kind == "null" => {
            checks.empty += 1;
            let what = if kind == "null" {
                ("“geometry” 为 null", "\"geometry\" is null")
            } else {
                ("缺少 “geometry”", "it has no \"geometry\" member")
            };
            return Err(Rejection::new(
                kind.as_str(),
                Text::new(
                    format!("要素没有几何（{}）：没有可画的乡镇边界", what.0),
                    format!(
                        "the feature has no shape ({}): no township boundary to draw",
                        what.1
                    ),
                ),
            ));
        }
        RawGeometry::Other(kind) => {
            checks.wrong_type += 1;
            return Err(Rejection::new(
                kind.as_str(),
                Text::new(
                    format!("几何类型为 {kind}：乡镇边界须为 Polygon 或 MultiPolygon"),
                    format!(
                        "{kind} geometry: a township boundary must be a Polygon or MultiPolygon"
                    ),
                ),
            ));
        }
        RawGeometry::Malformed(why) => {
            return Err(Rejection::new(
                "",
                Text::new(
                    format!("几何无法读取：{}", why.zh),
                    format!("unreadable geometry: {}", why.en),
                ),
            ));
        }
    };
    within_hole_budget(&polygons)?;
    let code = feature_code(&properties, join, notes)?;
    if let Some(first) = seen.get(&code) {
        let mut duplicate = Rejection::new(
            code.to_string(),
            Text::new(
                format!("代码 {code} 重复：要素 {first} 也用此代码"),
                format!("duplicate code {code}: feature {first} has it too"),
            ),
        );
        duplicate.suggestion = Some(Text::new(
            "请合并这两个要素，或更正其中一个的代码",
            "merge the two features or correct one code",
        ));
        return Err(duplicate);
    }
    match repair(polygons, checks, notes) {
        Some(geometry) => Ok((code, geometry)),
        None => {
            checks.empty += 1;
            Err(Rejection::new(
                code.to_string(),
                Text::new(
                    "几何为空：没有至少含 3 个不同点的多边形",
                    "empty geometry: no polygon with at least 3 distinct points",
                ),
            ))
        }
    }
}
