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
//!   self-intersections (reported), code (parsed, township level, in the registry, unique);
//! - per data set: projected coordinates (refused, naming the feature and the likely CRS),
//!   swapped longitude/latitude (reported, [`swap_lon_lat`] on request) and a GCJ-02 offset
//!   measured against the shipped county outlines ([`convert_gcj02`] on request).
//!
//! The stages, one file each: `report` (what an import gives back, in words), `codes` (which
//! property holds the code, and what it joins to), `geometry` (the per-feature checks), `crs`
//! (the coordinates as a whole) and `gcj02` (the datum transform).

mod codes;
mod crs;
mod gcj02;
mod geometry;
mod report;

use std::collections::HashMap;

use geo::MultiPolygon;
use serde_json::Value;

use crate::data::atlas::Atlas;
use crate::data::code::RegionCode;
use crate::error::DataError;

use super::features::{features_from_tree, RawFeature, RawGeometry};
use super::geojson::GeoDocument;
use super::progress::{ignore, Phase, Step, Ticker};

pub use codes::CODE_PROPERTY_CANDIDATES;
pub use crs::{convert_gcj02, likely_projected_crs, measure_offset, swap_lon_lat};
pub use gcj02::{gcj02_to_wgs84, wgs84_to_gcj02};
pub use report::{
    BoundaryImport, BoundaryIssue, CodeProperty, CrsFinding, GeometryChecks, IssueOutcome, Offset,
};

use codes::{choose_code_property, code_properties, join_code, label, Rejection};
use crs::{assess_crs, check_projected};
use geometry::repair;

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
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|e| DataError::file(file, format!("not UTF-8 text ({e}); GeoJSON is UTF-8")))?;
    // The parse has no steps of its own: the bar shows it as under way, of unknown length.
    progress(Step {
        phase: Phase::Parsing,
        done: 0,
        total: 0,
    });
    let (features, declared_crs) = parse_features(file, text)?;
    check_projected(file, &features, declared_crs.as_deref())?;
    let properties = code_properties(&features, atlas);
    let (key, detected) = choose_code_property(file, &features, &properties, code_property)?;

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
        checks: GeometryChecks::default(),
    };
    join_features(&mut import, features, atlas, progress);

    let comparing = Ticker::start(progress, Phase::Comparing, 1);
    import.crs = assess_crs(&import.townships, atlas);
    comparing.finish();
    Ok(import)
}

/// The features and the CRS name the file declares, if any.
///
/// GeoJSON goes straight into coordinates; TopoJSON, and files that are neither, go through a
/// JSON tree (TopoJSON is compact, and the others get their messages from it).
fn parse_features(file: &str, text: &str) -> Result<(Vec<RawFeature>, Option<String>), DataError> {
    let typed = serde_json::from_str::<GeoDocument>(text)
        .ok()
        .and_then(GeoDocument::into_features);
    if let Some(read) = typed {
        return Ok(read);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        DataError::file(
            file,
            format!("not valid JSON ({e}); expected GeoJSON or TopoJSON"),
        )
    })?;
    let features = features_from_tree(file, text, &value)?;
    let declared_crs = value
        .pointer("/crs/properties/name")
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok((features, declared_crs))
}

/// Joins every feature by `import.code_property`, in file order, reporting [`Phase::Joining`].
fn join_features(
    import: &mut BoundaryImport,
    features: Vec<RawFeature>,
    atlas: &Atlas,
    progress: &mut dyn FnMut(Step),
) {
    let key = import.code_property.clone();
    let mut seen: HashMap<RegionCode, usize> = HashMap::new();
    let mut ticker = Ticker::start(progress, Phase::Joining, features.len() as u64);
    for (i, feature) in features.into_iter().enumerate() {
        ticker.tick(i as u64);
        join_feature(import, i + 1, feature, &key, atlas, &mut seen);
    }
    ticker.finish();
}

/// Joins feature `n` (1-based) as a township, with a report line per repair or warning, or
/// rejects it with one line saying why. `seen` holds the feature each code was first joined from.
fn join_feature(
    import: &mut BoundaryImport,
    n: usize,
    feature: RawFeature,
    key: &str,
    atlas: &Atlas,
    seen: &mut HashMap<RegionCode, usize>,
) {
    let label = label(n, &feature.properties);
    let issue = |value: String, reason: String, suggestion, outcome| BoundaryIssue {
        feature: n,
        label: label.clone(),
        value,
        reason,
        suggestion,
        outcome,
    };
    let mut notes = Vec::new();
    match checked_township(feature, key, atlas, seen, &mut import.checks, &mut notes) {
        Ok((code, geometry)) => {
            for (outcome, reason) in notes {
                import
                    .report
                    .push(issue(code.to_string(), reason, None, outcome));
            }
            seen.insert(code.clone(), n);
            import.joined_features.push((n, code.clone()));
            import.townships.push((code, geometry));
        }
        Err((value, reason, suggestion)) => {
            import
                .report
                .push(issue(value, reason, suggestion, IssueOutcome::Rejected));
        }
    }
}

/// The feature's township code and repaired geometry, in the order of the checks: geometry type,
/// code, duplicate code, geometry left after repair. Repairs and warnings go to `notes`, which
/// count only if the feature is joined.
fn checked_township(
    feature: RawFeature,
    key: &str,
    atlas: &Atlas,
    seen: &HashMap<RegionCode, usize>,
    checks: &mut GeometryChecks,
    notes: &mut Vec<(IssueOutcome, String)>,
) -> Result<(RegionCode, MultiPolygon<f64>), Rejection> {
    let polygons = match feature.geometry {
        RawGeometry::Polygons(p) => p,
        RawGeometry::Other(kind) => {
            checks.wrong_type += 1;
            return Err((
                kind.clone(),
                format!("{kind} geometry: a township boundary must be a Polygon or MultiPolygon"),
                None,
            ));
        }
        RawGeometry::Malformed(why) => {
            return Err((String::new(), format!("unreadable geometry: {why}"), None));
        }
    };
    let code = join_code(&feature.properties, key, atlas)?;
    if let Some(first) = seen.get(&code) {
        return Err((
            code.to_string(),
            format!("duplicate code {code}: feature {first} has it too"),
            Some("merge the two features or correct one code".into()),
        ));
    }
    match repair(polygons, checks, notes) {
        Some(geometry) => Ok((code, geometry)),
        None => {
            checks.empty += 1;
            Err((
                code.to_string(),
                "empty geometry: no polygon with at least 3 distinct points".into(),
                None,
            ))
        }
    }
}
