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

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use geo::orient::Direction;
use geo::{BoundingRect, Coord, LineString, MultiPolygon, Orient, Polygon, Rect, Validation};
use serde_json::{Map, Value};

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::error::DataError;

use super::features::{features_from_tree, RawFeature, RawGeometry};
use super::geojson::GeoDocument;
use super::progress::{ignore, Phase, Step, Ticker};

/// Property keys tried, in this order of preference, when the user names none.
pub const CODE_PROPERTY_CANDIDATES: [&str; 16] = [
    "code", "adcode", "PAC", "gb", "XZQDM", "xzqdm", "ZLDWDM", "zldwdm", "XZDM", "xzdm", "CODE",
    "Code", "ADCODE", "GB", "id", "ID",
];

/// Property keys that may hold a feature's name (for labels and suggestions).
const NAME_PROPERTIES: [&str; 8] = [
    "name", "NAME", "Name", "XZQMC", "xzqmc", "ZLDWMC", "名称", "XZMC",
];

/// What became of the feature a [`BoundaryIssue`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum IssueOutcome {
    /// Not joined; the feature is not among [`BoundaryImport::townships`].
    Rejected,
    /// Joined after a repair the reason describes.
    Repaired,
    /// Joined as it is, with a problem the user should look at.
    Warning,
}

/// One line of the report: a rejected feature, or a joined one with a repair or warning.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BoundaryIssue {
    /// 1-based position of the feature in the file (TopoJSON: across all objects).
    pub feature: usize,
    /// `#3 黄草街道`: position and name, as the file has it.
    pub label: String,
    /// The value the reason is about (the code, the geometry type, a coordinate).
    pub value: String,
    pub reason: String,
    pub suggestion: Option<String>,
    pub outcome: IssueOutcome,
}

impl fmt::Display for BoundaryIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "feature {}: {}", self.label, self.reason)?;
        if let Some(s) = &self.suggestion {
            write!(f, " ({s})")?;
        }
        Ok(())
    }
}

/// Tallies of the geometry checks over all features.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GeometryChecks {
    /// Rings whose last point was not their first; closed.
    pub rings_closed: usize,
    /// Rings wound against RFC 7946; reversed.
    pub rings_reoriented: usize,
    /// Degenerate rings (fewer than 3 distinct points) dropped.
    pub rings_dropped: usize,
    /// Features whose polygons cross themselves; joined with a warning.
    pub self_intersecting: usize,
    /// Features with no polygon left; rejected.
    pub empty: usize,
    /// Features of another geometry type (Point, LineString, …); rejected.
    pub wrong_type: usize,
}

/// A systematic offset of imported townships from the shipped county outlines.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Offset {
    /// Imported minus shipped, in metres (east, north), averaged over the counties compared.
    pub east_m: f64,
    pub north_m: f64,
    /// What the GCJ-02 transform would shift these places by (east, north), in metres.
    pub gcj_east_m: f64,
    pub gcj_north_m: f64,
    /// Counties whose imported townships cover their whole shipped outline.
    pub counties: usize,
}

impl Offset {
    pub fn distance_m(&self) -> f64 {
        self.east_m.hypot(self.north_m)
    }

    pub fn gcj_distance_m(&self) -> f64 {
        self.gcj_east_m.hypot(self.gcj_north_m)
    }

    /// How far the measured offset is from the GCJ-02 shift, in metres.
    pub fn residual_from_gcj_m(&self) -> f64 {
        (self.east_m - self.gcj_east_m).hypot(self.north_m - self.gcj_north_m)
    }

    /// The offset looks like GCJ-02: 50–1000 m, and within 30% (or 60 m) of the GCJ shift.
    pub fn looks_like_gcj02(&self) -> bool {
        let d = self.distance_m();
        (50.0..=1000.0).contains(&d)
            && self.residual_from_gcj_m() <= (0.3 * self.gcj_distance_m()).max(60.0)
    }
}

/// What the coordinates look like as a whole.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum CrsFinding {
    /// Longitude/latitude consistent with WGS84 / CGCS2000. `offset` is the comparison with the
    /// shipped county outlines, `None` when no county was covered fully enough to compare.
    LonLat { offset: Option<Offset> },
    /// Longitude/latitude shifted like GCJ-02 (Amap, DataV): [`convert_gcj02`] undoes it.
    Gcj02 { offset: Offset },
    /// Latitude first: `points` of `of` points look swapped. [`swap_lon_lat`] swaps them.
    SwappedLonLat { points: usize, of: usize },
    /// Converted from GCJ-02 to WGS84 on request; `before` was the offset measured, `after` is
    /// the offset measured again once converted.
    ConvertedFromGcj02 {
        before: Option<Offset>,
        after: Option<Offset>,
    },
}

impl fmt::Display for CrsFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(crate::lang::Lang::En))
    }
}

impl CrsFinding {
    /// The finding in the reader's language, with the offsets measured.
    pub fn describe(&self, lang: crate::lang::Lang) -> String {
        let zh = lang == crate::lang::Lang::Zh;
        match self {
            CrsFinding::LonLat { offset: None } if zh => {
                "经纬度（按 WGS84/CGCS2000；没有完整覆盖的区县可供比对）".into()
            }
            CrsFinding::LonLat { offset: None } => {
                "longitude/latitude (WGS84/CGCS2000 assumed; no county fully covered to compare)"
                    .into()
            }
            CrsFinding::LonLat { offset: Some(o) } if zh => format!(
                "经纬度，WGS84/CGCS2000：与内置县界相差 {:.0} 米（比对 {} 个区县）",
                o.distance_m(),
                o.counties
            ),
            CrsFinding::LonLat { offset: Some(o) } => format!(
                "longitude/latitude, WGS84/CGCS2000: {:.0} m from the shipped outlines of {} counties",
                o.distance_m(),
                o.counties
            ),
            CrsFinding::Gcj02 { offset: o } if zh => format!(
                "疑似 GCJ-02（高德/DataV）坐标：相对内置县界{}移 {:.0} 米、{}移 {:.0} 米（共 {:.0} 米；GCJ-02 在此处偏移 {:.0} 米）——请转换为 WGS84",
                if o.east_m >= 0.0 { "东" } else { "西" },
                o.east_m.abs(),
                if o.north_m >= 0.0 { "北" } else { "南" },
                o.north_m.abs(),
                o.distance_m(),
                o.gcj_distance_m()
            ),
            CrsFinding::Gcj02 { offset: o } => format!(
                "looks like GCJ-02 (Amap/DataV): shifted {:.0} m {}, {:.0} m {} of the shipped \
                 outlines ({:.0} m in all; GCJ-02 shifts {:.0} m here) — convert to WGS84",
                o.east_m.abs(),
                if o.east_m >= 0.0 { "east" } else { "west" },
                o.north_m.abs(),
                if o.north_m >= 0.0 { "north" } else { "south" },
                o.distance_m(),
                o.gcj_distance_m()
            ),
            CrsFinding::SwappedLonLat { points, of } if zh => format!(
                "经纬度似乎颠倒（{of} 个点中 {points} 个纬度在前）——请交换"
            ),
            CrsFinding::SwappedLonLat { points, of } => format!(
                "latitude and longitude look swapped ({points} of {of} points have latitude first) \
                 — swap them"
            ),
            CrsFinding::ConvertedFromGcj02 { before, after } => {
                let metres = |o: &Option<Offset>| o.map(|o| o.distance_m());
                match (zh, metres(before), metres(after)) {
                    (true, Some(b), Some(a)) => {
                        format!("已由 GCJ-02 转换为 WGS84：与内置县界相差 {a:.0} 米，转换前 {b:.0} 米")
                    }
                    (true, Some(b), None) => format!("已由 GCJ-02 转换为 WGS84（转换前偏移 {b:.0} 米）"),
                    (true, None, Some(a)) => {
                        format!("已由 GCJ-02 转换为 WGS84：与内置县界相差 {a:.0} 米")
                    }
                    (true, None, None) => "已由 GCJ-02 转换为 WGS84".into(),
                    (false, Some(b), Some(a)) => format!(
                        "converted from GCJ-02 to WGS84: {a:.0} m from the shipped outlines, {b:.0} m before"
                    ),
                    (false, Some(b), None) => {
                        format!("converted from GCJ-02 to WGS84 (offset before: {b:.0} m)")
                    }
                    (false, None, Some(a)) => {
                        format!("converted from GCJ-02 to WGS84: {a:.0} m from the shipped outlines")
                    }
                    (false, None, None) => "converted from GCJ-02 to WGS84".into(),
                }
            }
        }
    }
}

/// The result of [`read_boundaries`]. Invariant: `features_read == townships.len() + rejected()`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BoundaryImport {
    pub file: String,
    /// The property the codes were read from.
    pub code_property: String,
    /// True when the property was detected, not given by the user.
    pub code_property_detected: bool,
    /// Every property of the features, best code candidate first, for the user to choose from.
    pub properties: Vec<CodeProperty>,
    pub features_read: usize,
    /// Not serialised: between worker and page it travels as [`super::session::PackedShapes`].
    #[serde(skip)]
    pub townships: Vec<(RegionCode, MultiPolygon<f64>)>,
    /// The 1-based feature number and code of each joined township, in the order of
    /// `townships` (kept when the geometry is not, so a report can list every feature).
    pub joined_features: Vec<(usize, RegionCode)>,
    /// In feature order; a rejected feature has exactly one `Rejected` line.
    pub report: Vec<BoundaryIssue>,
    pub crs: CrsFinding,
    pub checks: GeometryChecks,
}

impl BoundaryImport {
    /// Townships joined. Counted from `joined_features`, which a reply from the worker keeps
    /// when its geometry travels apart.
    pub fn joined(&self) -> usize {
        self.joined_features.len()
    }

    /// "towns.geojson: 4 features read, 4 townships joined, 0 rejected; codes from "code" (detected)".
    pub fn counts_line(&self, lang: crate::lang::Lang) -> String {
        let (file, read, joined, rejected, key) = (
            &self.file,
            self.features_read,
            self.joined(),
            self.rejected(),
            &self.code_property,
        );
        let detected = self.code_property_detected;
        match lang {
            crate::lang::Lang::Zh => format!(
                "{file}：读取 {read} 个要素，匹配 {joined} 个乡镇，拒绝 {rejected}；代码取自“{key}”{}",
                if detected { "（自动识别）" } else { "" }
            ),
            crate::lang::Lang::En => format!(
                "{file}: {read} features read, {joined} townships joined, {rejected} rejected; codes from \"{key}\"{}",
                if detected { " (detected)" } else { "" }
            ),
        }
    }

    pub fn rejected(&self) -> usize {
        self.report
            .iter()
            .filter(|i| i.outcome == IssueOutcome::Rejected)
            .count()
    }

    /// Report lines about feature `n` (1-based).
    pub fn issues_for(&self, n: usize) -> impl Iterator<Item = &BoundaryIssue> {
        self.report.iter().filter(move |i| i.feature == n)
    }

    /// One line per feature read and per remark, in feature order:
    /// `feature,outcome,code,label,reason,suggestion`, outcome being `joined`, `repaired`,
    /// `warning` or `rejected`. For download next to the upload.
    pub fn to_csv(&self) -> String {
        let mut lines: Vec<(usize, &str, String, String, String, String)> = Vec::new();
        for (n, code) in &self.joined_features {
            if self.issues_for(*n).next().is_none() {
                let empty = String::new;
                lines.push((*n, "joined", code.to_string(), empty(), empty(), empty()));
            }
        }
        for issue in &self.report {
            let outcome = match issue.outcome {
                IssueOutcome::Rejected => "rejected",
                IssueOutcome::Repaired => "repaired",
                IssueOutcome::Warning => "warning",
            };
            lines.push((
                issue.feature,
                outcome,
                issue.value.clone(),
                issue.label.clone(),
                issue.reason.clone(),
                issue.suggestion.clone().unwrap_or_default(),
            ));
        }
        lines.sort_by_key(|l| l.0);
        let mut writer = csv::Writer::from_writer(Vec::new());
        let _ = writer.write_record([
            "feature",
            "outcome",
            "code",
            "label",
            "reason",
            "suggestion",
        ]);
        for (n, outcome, code, label, reason, suggestion) in &lines {
            let _ = writer.write_record([
                n.to_string().as_str(),
                outcome,
                code,
                label,
                reason,
                suggestion,
            ]);
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// How well one property of the features works as the township code, for the user's choice.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CodeProperty {
    pub key: String,
    /// Features that have the property.
    pub present: usize,
    /// Features whose value parses as a region code of any level.
    pub codes: usize,
    /// Features whose value is a township of the registry.
    pub registry_townships: usize,
    /// The first feature's value, as an example.
    pub example: String,
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
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|e| DataError::file(file, format!("not UTF-8 text ({e}); GeoJSON is UTF-8")))?;
    // The parse has no steps of its own: the bar shows it as under way, of unknown length.
    progress(Step {
        phase: Phase::Parsing,
        done: 0,
        total: 0,
    });
    // GeoJSON goes straight into coordinates; TopoJSON, and files that are neither, go through
    // a JSON tree (TopoJSON is compact, and the others get their messages from it).
    let typed = serde_json::from_str::<GeoDocument>(text)
        .ok()
        .and_then(GeoDocument::into_features);
    let (features, declared_crs) = match typed {
        Some(read) => read,
        None => {
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
            (features, declared_crs)
        }
    };

    check_projected(file, &features, declared_crs.as_deref())?;
    let properties = code_properties(&features, atlas);
    let (key, detected) = match code_property {
        Some(key) => {
            if !properties.iter().any(|p| p.key == key) {
                return Err(DataError::file(
                    file,
                    format!(
                        "no feature has the property {key:?}; properties found: {}",
                        property_keys(&features).join(", ")
                    ),
                ));
            }
            (key.to_string(), false)
        }
        None => (detect_code_property(file, &features, &properties)?, true),
    };

    let mut import = BoundaryImport {
        file: file.to_string(),
        code_property: key.clone(),
        code_property_detected: detected,
        properties,
        features_read: features.len(),
        townships: Vec::new(),
        joined_features: Vec::new(),
        report: Vec::new(),
        crs: CrsFinding::LonLat { offset: None },
        checks: GeometryChecks::default(),
    };
    let mut seen: HashMap<RegionCode, usize> = HashMap::new();
    let mut ticker = Ticker::start(progress, Phase::Joining, features.len() as u64);
    for (i, feature) in features.into_iter().enumerate() {
        ticker.tick(i as u64);
        let n = i + 1;
        let label = label(n, &feature.properties);
        let issue = |value: String, reason: String, suggestion, outcome| BoundaryIssue {
            feature: n,
            label: label.clone(),
            value,
            reason,
            suggestion,
            outcome,
        };
        let polygons = match feature.geometry {
            RawGeometry::Polygons(p) => p,
            RawGeometry::Other(kind) => {
                import.checks.wrong_type += 1;
                import.report.push(issue(
                    kind.clone(),
                    format!(
                        "{kind} geometry: a township boundary must be a Polygon or MultiPolygon"
                    ),
                    None,
                    IssueOutcome::Rejected,
                ));
                continue;
            }
            RawGeometry::Malformed(why) => {
                import.report.push(issue(
                    String::new(),
                    format!("unreadable geometry: {why}"),
                    None,
                    IssueOutcome::Rejected,
                ));
                continue;
            }
        };
        let code = match join_code(&feature.properties, &key, atlas) {
            Ok(code) => code,
            Err((value, reason, suggestion)) => {
                import
                    .report
                    .push(issue(value, reason, suggestion, IssueOutcome::Rejected));
                continue;
            }
        };
        if let Some(first) = seen.get(&code) {
            import.report.push(issue(
                code.to_string(),
                format!("duplicate code {code}: feature {first} has it too"),
                Some("merge the two features or correct one code".into()),
                IssueOutcome::Rejected,
            ));
            continue;
        }
        let mut notes = Vec::new();
        let geometry = match repair(polygons, &mut import.checks, &mut notes) {
            Some(g) => g,
            None => {
                import.checks.empty += 1;
                import.report.push(issue(
                    code.to_string(),
                    "empty geometry: no polygon with at least 3 distinct points".into(),
                    None,
                    IssueOutcome::Rejected,
                ));
                continue;
            }
        };
        for (outcome, reason) in notes {
            import
                .report
                .push(issue(code.to_string(), reason, None, outcome));
        }
        seen.insert(code.clone(), n);
        import.joined_features.push((n, code.clone()));
        import.townships.push((code, geometry));
    }
    ticker.finish();

    let comparing = Ticker::start(progress, Phase::Comparing, 1);
    import.crs = assess_crs(&import.townships, atlas);
    comparing.finish();
    Ok(import)
}

fn property_keys(features: &[RawFeature]) -> Vec<String> {
    let mut keys: Vec<String> = features
        .iter()
        .flat_map(|f| f.properties.keys().cloned())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

fn label(n: usize, properties: &Map<String, Value>) -> String {
    NAME_PROPERTIES
        .iter()
        .find_map(|k| properties.get(*k).and_then(Value::as_str))
        .map(|name| format!("#{n} {name}"))
        .unwrap_or_else(|| format!("#{n}"))
}

/// A property value as a code string: strings trimmed, integers written out.
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => n
            .as_u64()
            .map(|u| u.to_string())
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 1e15)
                    .map(|f| format!("{f:.0}"))
            })
            .or_else(|| Some(n.to_string())),
        _ => None,
    }
}

/// Every property key with how many features' values are codes and registry townships; best
/// candidate first (most registry townships, then most codes, then [`CODE_PROPERTY_CANDIDATES`]
/// order, then name).
fn code_properties(features: &[RawFeature], atlas: &Atlas) -> Vec<CodeProperty> {
    let mut by_key: BTreeMap<&str, CodeProperty> = BTreeMap::new();
    for feature in features {
        for (key, value) in &feature.properties {
            let entry = by_key.entry(key).or_insert_with(|| CodeProperty {
                key: key.clone(),
                present: 0,
                codes: 0,
                registry_townships: 0,
                example: value_text(value).unwrap_or_else(|| value.to_string()),
            });
            entry.present += 1;
            if let Some(code) = value_text(value).and_then(|t| RegionCode::parse(&t).ok()) {
                entry.codes += 1;
                if code.level() == Level::Township && atlas.divisions.contains(&code) {
                    entry.registry_townships += 1;
                }
            }
        }
    }
    let rank = |key: &str| {
        CODE_PROPERTY_CANDIDATES
            .iter()
            .position(|c| *c == key)
            .unwrap_or(CODE_PROPERTY_CANDIDATES.len())
    };
    let mut list: Vec<CodeProperty> = by_key.into_values().collect();
    list.sort_by(|a, b| {
        (b.registry_townships, b.codes)
            .cmp(&(a.registry_townships, a.codes))
            .then_with(|| rank(&a.key).cmp(&rank(&b.key)))
            .then_with(|| a.key.cmp(&b.key))
    });
    list
}

fn detect_code_property(
    file: &str,
    features: &[RawFeature],
    properties: &[CodeProperty],
) -> Result<String, DataError> {
    match properties.first().filter(|p| p.codes > 0) {
        Some(best) => Ok(best.key.clone()),
        None => Err(DataError::file(
            file,
            format!(
                "no property holds region codes (9 or 12 digits, or 156 + 6 digits); tried {}; \
                 properties found: {}",
                CODE_PROPERTY_CANDIDATES.join(", "),
                property_keys(features).join(", ")
            ),
        )),
    }
}

type Rejection = (String, String, Option<String>);

fn join_code(
    properties: &Map<String, Value>,
    key: &str,
    atlas: &Atlas,
) -> Result<RegionCode, Rejection> {
    let raw = match properties.get(key).and_then(value_text) {
        Some(t) if !t.is_empty() => t,
        _ => {
            return Err((
                String::new(),
                format!("no value in the code property {key:?}"),
                None,
            ))
        }
    };
    let code = RegionCode::parse(&raw).map_err(|e| (raw.clone(), e.to_string(), None))?;
    let divisions = &atlas.divisions;
    if code.level() != Level::Township {
        let suggestion = (code.level() == Level::County && divisions.contains(&code)).then(|| {
            format!(
                "{} has {} townships with 9-digit codes starting {code}",
                divisions.qualified_name(&code),
                divisions.township_count(&code)
            )
        });
        return Err((
            raw,
            format!(
                "{code} is a {} code, not a township (9 or 12 digits)",
                code.level().name_zh()
            ),
            suggestion,
        ));
    }
    if !divisions.contains(&code) {
        let county = code.ancestor_at(Level::County).unwrap_or_default();
        let suggestion = if divisions.contains(&county) {
            let names: Vec<&str> = NAME_PROPERTIES
                .iter()
                .filter_map(|k| properties.get(*k).and_then(Value::as_str))
                .collect();
            divisions
                .at_level(&county, Level::Township)
                .find(|c| divisions.name(c).is_some_and(|n| names.contains(&n)))
                .map(|c| format!("did you mean {} ({c})?", divisions.name(c).unwrap_or("")))
                .or_else(|| {
                    Some(format!(
                        "{} lists {} townships",
                        divisions.qualified_name(&county),
                        divisions.township_count(&county)
                    ))
                })
        } else {
            None
        };
        return Err((
            raw,
            format!("{code} is not a township in the 2023 registry"),
            suggestion,
        ));
    }
    Ok(code)
}

// ── geometry checks ─────────────────────────────────────────────────────────────────────────

/// Closes rings, drops degenerate ones, orients rings to RFC 7946 and reports
/// self-intersections. `None` when no polygon is left.
/// What is wrong with a polygon, worded as geo's validation words it. geo checks a ring against
/// itself pair by pair, quadratic in its vertices: a surveyed township of 5,000 vertices took
/// seconds. Rings are checked here with geo's sweep ([`geo::Intersections`]) under the same rule
/// (two edges may meet only end to start); geo's own validation runs only for polygons with holes,
/// for the checks between rings.
fn polygon_problems(polygon: &Polygon<f64>) -> Vec<String> {
    if !polygon.interiors().is_empty() {
        return polygon
            .validation_errors()
            .into_iter()
            .map(|e| e.to_string())
            .collect();
    }
    if ring_crosses_itself(polygon.exterior()) {
        vec!["exterior ring has a self-intersection".to_string()]
    } else {
        Vec::new()
    }
}

/// An edge of a ring, as the sweep sees it.
#[derive(Clone, Copy)]
struct Edge(geo::Line<f64>);

impl geo::algorithm::sweep::Cross for Edge {
    type Scalar = f64;

    fn line(&self) -> geo::Line<f64> {
        self.0
    }
}

/// True when two edges of the ring meet other than end to start (geo's rule for a ring).
fn ring_crosses_itself(ring: &LineString<f64>) -> bool {
    geo::Intersections::from_iter(ring.lines().map(Edge)).any(|(a, b, _)| {
        let (a, b) = (a.0, b.0);
        a.start != b.end && a.end != b.start
    })
}

fn repair(
    polygons: Vec<Vec<Vec<Coord<f64>>>>,
    checks: &mut GeometryChecks,
    notes: &mut Vec<(IssueOutcome, String)>,
) -> Option<MultiPolygon<f64>> {
    let (mut closed, mut dropped, mut reoriented) = (0, 0, 0);
    let mut out = Vec::new();
    for rings in polygons {
        let mut kept: Vec<LineString<f64>> = Vec::new();
        for (r, mut ring) in rings.into_iter().enumerate() {
            if ring.len() >= 2 && ring.first() != ring.last() {
                ring.push(ring[0]);
                closed += 1;
            }
            let mut distinct = ring.clone();
            distinct.dedup();
            if distinct.len() < 4 {
                dropped += 1;
                if r == 0 {
                    kept.clear();
                    break;
                }
                continue;
            }
            let exterior = r == 0;
            let ccw = signed_area(&ring) > 0.0;
            if ccw != exterior {
                ring.reverse();
                reoriented += 1;
            }
            kept.push(LineString(ring));
        }
        let mut rings = kept.into_iter();
        if let Some(exterior) = rings.next() {
            out.push(Polygon::new(exterior, rings.collect()));
        }
    }
    checks.rings_closed += closed;
    checks.rings_dropped += dropped;
    checks.rings_reoriented += reoriented;
    if closed > 0 {
        notes.push((
            IssueOutcome::Repaired,
            format!("{closed} unclosed ring(s): closed by repeating the first point"),
        ));
    }
    if dropped > 0 {
        notes.push((
            IssueOutcome::Repaired,
            format!("{dropped} degenerate ring(s) with fewer than 3 distinct points dropped"),
        ));
    }
    if reoriented > 0 {
        notes.push((
            IssueOutcome::Repaired,
            format!(
                "{reoriented} ring(s) wound the wrong way: reversed (exterior counterclockwise, \
                 holes clockwise, RFC 7946)"
            ),
        ));
    }
    if out.is_empty() {
        return None;
    }
    let geometry = MultiPolygon(out);
    let problems: Vec<String> = geometry.0.iter().flat_map(polygon_problems).collect();
    if !problems.is_empty() {
        checks.self_intersecting += 1;
        notes.push((
            IssueOutcome::Warning,
            format!(
                "invalid polygon, not repaired: {} — fix it in GIS software",
                problems.join("; ")
            ),
        ));
    }
    Some(geometry)
}

fn signed_area(ring: &[Coord<f64>]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum::<f64>()
        / 2.0
}

// ── coordinate checks ───────────────────────────────────────────────────────────────────────

fn all_points(features: &[RawFeature]) -> impl Iterator<Item = (usize, Coord<f64>)> + '_ {
    features
        .iter()
        .enumerate()
        .filter_map(|(i, f)| match &f.geometry {
            RawGeometry::Polygons(p) => Some((i, p)),
            _ => None,
        })
        .flat_map(|(i, p)| p.iter().flatten().flatten().map(move |c| (i, *c)))
}

/// Refuses projected coordinates, naming the first feature and the likely CRS.
fn check_projected(
    file: &str,
    features: &[RawFeature],
    declared_crs: Option<&str>,
) -> Result<(), DataError> {
    let Some((i, c)) = all_points(features).find(|(_, c)| c.x.abs() > 360.0 || c.y.abs() > 360.0)
    else {
        return Ok(());
    };
    let mut crs = likely_projected_crs(c);
    if let Some(declared) = declared_crs {
        crs = format!("{declared} as the file declares (from the numbers: {crs})");
    }
    Err(DataError::feature(
        file,
        label(i + 1, &features[i].properties),
        format!(
            "coordinates are projected metres, not longitude/latitude (x = {}, y = {}): likely \
             {crs}; reproject to longitude/latitude (CGCS2000 EPSG:4490 or WGS84 EPSG:4326) \
             before loading",
            readable_number(c.x),
            readable_number(c.y)
        ),
    ))
}

/// A coordinate as a person reads it: as written when it is of a sane size, in exponent form
/// when a broken file gives one of hundreds of digits.
fn readable_number(v: f64) -> String {
    if v.abs() < 1e12 {
        v.to_string()
    } else {
        format!("{v:.3e}")
    }
}

/// A description of the projected CRS a coordinate in metres most likely belongs to.
pub fn likely_projected_crs(c: Coord<f64>) -> String {
    let (x, y) = (c.x, c.y);
    let china_northing = (1_500_000.0..6_500_000.0).contains(&y);
    if x >= 10_000_000.0 && china_northing {
        let zone = (x / 1_000_000.0).floor() as i64;
        let easting = x - zone as f64 * 1_000_000.0;
        if (25..=45).contains(&zone) {
            return format!(
                "CGCS2000 3-degree Gauss-Krüger zone {zone} (central meridian {}°E, zone number \
                 prefixed, false easting 500000, EPSG:{}; easting in zone {easting:.0} m)",
                zone * 3,
                4513 + zone - 25
            );
        }
        if (13..=23).contains(&zone) {
            return format!(
                "CGCS2000 6-degree Gauss-Krüger zone {zone} (central meridian {}°E, zone number \
                 prefixed, false easting 500000, EPSG:{})",
                zone * 6 - 3,
                4491 + zone - 13
            );
        }
    }
    if (7_000_000.0..16_000_000.0).contains(&x) && china_northing {
        return "Web Mercator (EPSG:3857)".into();
    }
    if (0.0..1_000_000.0).contains(&x) && china_northing {
        return "Gauss-Krüger without zone number (false easting 500000; CGCS2000 EPSG:4534–4554 \
                for 3-degree zones or EPSG:4502–4512 for 6-degree; the central meridian must come \
                from the data's documentation), or UTM"
            .into();
    }
    "a projected coordinate system in metres (not recognised)".into()
}

fn in_china_lonlat(c: Coord<f64>) -> bool {
    (73.0..=136.0).contains(&c.x) && (3.0..=54.0).contains(&c.y)
}

fn in_china_latlon(c: Coord<f64>) -> bool {
    (18.0..=54.0).contains(&c.x) && (73.0..=136.0).contains(&c.y)
}

fn assess_crs(townships: &[(RegionCode, MultiPolygon<f64>)], atlas: &Atlas) -> CrsFinding {
    let points = townships
        .iter()
        .flat_map(|(_, g)| g.0.iter())
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|r| r.0.iter().copied());
    let (mut swapped, mut normal, mut of) = (0, 0, 0);
    for c in points {
        of += 1;
        if in_china_lonlat(c) {
            normal += 1;
        } else if in_china_latlon(c) || c.y.abs() > 90.0 {
            swapped += 1;
        }
    }
    if swapped > normal {
        return CrsFinding::SwappedLonLat {
            points: swapped,
            of,
        };
    }
    match measure_offset(townships, atlas) {
        Some(offset) if offset.looks_like_gcj02() => CrsFinding::Gcj02 { offset },
        offset => CrsFinding::LonLat { offset },
    }
}

/// Metres per degree of longitude and latitude at `lat`.
fn metres_per_degree(lat: f64) -> (f64, f64) {
    (111_320.0 * lat.to_radians().cos(), 110_574.0)
}

/// The offset of the imported townships from the shipped county outlines: per county whose
/// imported townships span its whole outline (bounding boxes within 15% in size), the shift of
/// the bounding-box centre, averaged. `None` when no county qualifies.
pub fn measure_offset(
    townships: &[(RegionCode, MultiPolygon<f64>)],
    atlas: &Atlas,
) -> Option<Offset> {
    let mut boxes: BTreeMap<RegionCode, Rect<f64>> = BTreeMap::new();
    for (code, geometry) in townships {
        let (Some(county), Some(rect)) =
            (code.ancestor_at(Level::County), geometry.bounding_rect())
        else {
            continue;
        };
        boxes
            .entry(county)
            .and_modify(|b| *b = crate::shape::scene::rect_union(*b, rect))
            .or_insert(rect);
    }
    let mut sum = [0.0; 4];
    let mut counties = 0;
    for (county, imported) in boxes {
        let Some(shipped) = atlas
            .county_outline_lonlat(&county)
            .and_then(|o| o.bounding_rect())
        else {
            continue;
        };
        let similar = |a: f64, b: f64| b > 0.0 && (a / b - 1.0).abs() <= 0.15;
        if !similar(imported.width(), shipped.width())
            || !similar(imported.height(), shipped.height())
        {
            continue;
        }
        let (ci, cs) = (imported.center(), shipped.center());
        let (mx, my) = metres_per_degree(cs.y);
        let (gx, gy) = wgs84_to_gcj02(cs.x, cs.y);
        sum[0] += (ci.x - cs.x) * mx;
        sum[1] += (ci.y - cs.y) * my;
        sum[2] += (gx - cs.x) * mx;
        sum[3] += (gy - cs.y) * my;
        counties += 1;
    }
    (counties > 0).then(|| {
        let n = counties as f64;
        Offset {
            east_m: sum[0] / n,
            north_m: sum[1] / n,
            gcj_east_m: sum[2] / n,
            gcj_north_m: sum[3] / n,
            counties,
        }
    })
}

fn map_coords(import: &mut BoundaryImport, f: impl Fn(Coord<f64>) -> Coord<f64>) {
    for (_, geometry) in &mut import.townships {
        let polygons = std::mem::take(&mut geometry.0);
        geometry.0 = polygons
            .into_iter()
            .map(|p| {
                let (exterior, interiors) = p.into_inner();
                let ring = |r: LineString<f64>| LineString(r.0.into_iter().map(&f).collect());
                Polygon::new(ring(exterior), interiors.into_iter().map(ring).collect())
            })
            .collect();
    }
}

/// Swaps x and y of every joined township (latitude-first data), re-orients the rings and
/// measures the CRS again.
pub fn swap_lon_lat(import: &mut BoundaryImport, atlas: &Atlas) {
    map_coords(import, |c| Coord { x: c.y, y: c.x });
    for (_, geometry) in &mut import.townships {
        *geometry = geometry.orient(Direction::Default);
    }
    import.crs = assess_crs(&import.townships, atlas);
}

/// Converts every joined township from GCJ-02 to WGS84 ([`gcj02_to_wgs84`]) and measures the
/// offset from the shipped outlines again.
pub fn convert_gcj02(import: &mut BoundaryImport, atlas: &Atlas) {
    map_coords(import, |c| {
        let (x, y) = gcj02_to_wgs84(c.x, c.y);
        Coord { x, y }
    });
    let before = match &import.crs {
        CrsFinding::Gcj02 { offset } => Some(*offset),
        CrsFinding::LonLat { offset } => *offset,
        _ => None,
    };
    let after = measure_offset(&import.townships, atlas);
    import.crs = CrsFinding::ConvertedFromGcj02 { before, after };
}

// ── GCJ-02 ──────────────────────────────────────────────────────────────────────────────────

const GCJ_A: f64 = 6_378_245.0;
const GCJ_EE: f64 = 0.006_693_421_622_965_943;

/// Outside this box GCJ-02 leaves coordinates unchanged.
fn outside_china(lon: f64, lat: f64) -> bool {
    !(72.004..=137.8347).contains(&lon) || !(0.8293..=55.8271).contains(&lat)
}

fn transform_lat(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn transform_lon(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

/// The public GCJ-02 forward transform (WGS84 → GCJ-02), `(lon, lat)` in degrees.
pub fn wgs84_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    use std::f64::consts::PI;
    if outside_china(lon, lat) {
        return (lon, lat);
    }
    let d_lat = transform_lat(lon - 105.0, lat - 35.0);
    let d_lon = transform_lon(lon - 105.0, lat - 35.0);
    let rad = lat / 180.0 * PI;
    let magic = 1.0 - GCJ_EE * rad.sin() * rad.sin();
    let sqrt_magic = magic.sqrt();
    let d_lat = (d_lat * 180.0) / ((GCJ_A * (1.0 - GCJ_EE)) / (magic * sqrt_magic) * PI);
    let d_lon = (d_lon * 180.0) / (GCJ_A / sqrt_magic * rad.cos() * PI);
    (lon + d_lon, lat + d_lat)
}

/// GCJ-02 → WGS84 by iterating the forward transform (eviltransform's exact inverse): converges
/// to well under a centimetre.
pub fn gcj02_to_wgs84(lon: f64, lat: f64) -> (f64, f64) {
    if outside_china(lon, lat) {
        return (lon, lat);
    }
    let (mut x, mut y) = (lon, lat);
    for _ in 0..30 {
        let (gx, gy) = wgs84_to_gcj02(x, y);
        let (dx, dy) = (gx - lon, gy - lat);
        x -= dx;
        y -= dy;
        if dx.abs() < 1e-10 && dy.abs() < 1e-10 {
            break;
        }
    }
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcj_round_trip() {
        let (gx, gy) = wgs84_to_gcj02(104.9, 25.1);
        assert!((gx - 104.9).abs() > 1e-4);
        let (x, y) = gcj02_to_wgs84(gx, gy);
        assert!((x - 104.9).abs() < 1e-8 && (y - 25.1).abs() < 1e-8);
        assert_eq!(wgs84_to_gcj02(2.35, 48.85), (2.35, 48.85));
    }

    #[test]
    fn projected_crs_names_zone() {
        let s = likely_projected_crs(Coord {
            x: 35_468_934.0,
            y: 2_802_959.0,
        });
        assert!(s.contains("zone 35") && s.contains("EPSG:4523"), "{s}");
    }
}

#[cfg(test)]
mod ring_tests {
    use super::*;
    use geo::Validation;

    fn ring(points: &[(f64, f64)]) -> LineString<f64> {
        LineString::from(points.to_vec())
    }

    #[test]
    fn the_sweep_agrees_with_geo_on_rings() {
        let cases = [
            // square, bow-tie, a ring touching itself at a vertex, a spike back along an edge
            ring(&[(0., 0.), (2., 0.), (2., 2.), (0., 2.), (0., 0.)]),
            ring(&[(0., 0.), (2., 2.), (2., 0.), (0., 2.), (0., 0.)]),
            ring(&[
                (0., 0.),
                (4., 0.),
                (2., 2.),
                (4., 4.),
                (0., 4.),
                (2., 2.),
                (0., 0.),
            ]),
            ring(&[(0., 0.), (4., 0.), (4., 4.), (4., 2.), (0., 4.), (0., 0.)]),
            ring(&[(0., 0.), (4., 0.), (4., 4.), (2., -1.), (0., 4.), (0., 0.)]),
        ];
        for (i, r) in cases.iter().enumerate() {
            let polygon = Polygon::new(r.clone(), vec![]);
            let geo_says: Vec<String> = polygon
                .validation_errors()
                .into_iter()
                .map(|e| e.to_string())
                .collect();
            assert_eq!(polygon_problems(&polygon), geo_says, "case {i}");
        }
        assert_eq!(readable_number(35_500_000.5), "35500000.5");
        assert_eq!(readable_number(-2.1768e94), "-2.177e94");
        let crossing: Vec<bool> = cases.iter().map(ring_crosses_itself).collect();
        assert_eq!(crossing, [false, true, true, true, true]);
    }
}
