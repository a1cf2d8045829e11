//! What a boundary import gives back: the joined townships, one report line per rejected or
//! remarked feature, the tallies of the geometry checks, and the coordinate finding, with their
//! texts for the page, the CLI and the downloadable report.

use std::fmt;

use geo::MultiPolygon;

use crate::data::code::RegionCode;
use crate::lang::{Lang, Text};

/// What became of the feature a [`BoundaryIssue`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum IssueOutcome {
    /// Not joined; the feature is not among [`BoundaryImport::townships`].
    Rejected,
    /// Joined after a repair the reason describes.
    Repaired,
    /// Joined as it is, with a problem the user should look at.
    Warning,
    /// Joined to the township the user accepted from a suggestion (the file's own code is not
    /// a registry township).
    Accepted,
}

impl IssueOutcome {
    /// The outcome as the CSV report's `outcome` column writes it.
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            IssueOutcome::Rejected => lang.pick("已拒绝", "rejected"),
            IssueOutcome::Repaired => lang.pick("已修复", "repaired"),
            IssueOutcome::Warning => lang.pick("警告", "warning"),
            IssueOutcome::Accepted => lang.pick("已采纳建议", "accepted"),
        }
    }
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
    /// What is wrong, or what was repaired, in words.
    pub reason: Text,
    /// What the user probably meant or should do, when there is a likely answer.
    pub suggestion: Option<Text>,
    /// The registry township the suggestion names, for the user to accept (see
    /// [`super::BoundaryOptions::accepted`]).
    #[serde(default)]
    pub suggested_code: Option<RegionCode>,
    /// Whether the feature was rejected, repaired or joined with a warning.
    pub outcome: IssueOutcome,
    /// A routine repair most features of some files need (rings wound against RFC 7946,
    /// reversed): [`BoundaryImport::report_lines`] counts these in one line.
    #[serde(default)]
    pub routine: bool,
}

impl BoundaryIssue {
    /// The line in `lang`: the feature, the reason and, in brackets, the suggestion.
    pub fn text(&self, lang: Lang) -> String {
        let suggestion = |open: &str, close: &str| {
            self.suggestion
                .as_ref()
                .map(|s| format!("{open}{}{close}", s.get(lang)))
                .unwrap_or_default()
        };
        match lang {
            Lang::Zh => format!(
                "要素 {}：{}{}",
                self.label,
                self.reason.zh,
                suggestion("（", "）")
            ),
            Lang::En => format!(
                "feature {}: {}{}",
                self.label,
                self.reason.en,
                suggestion(" (", ")")
            ),
        }
    }
}

/// English, as logs and assertions read it; people see [`BoundaryIssue::text`].
impl fmt::Display for BoundaryIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
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
    /// Imported minus shipped, northward, in metres.
    pub north_m: f64,
    /// What the GCJ-02 transform would shift these places by (east, north), in metres.
    pub gcj_east_m: f64,
    /// What the GCJ-02 transform would shift these places by northward, in metres.
    pub gcj_north_m: f64,
    /// Counties whose imported townships cover their whole shipped outline.
    pub counties: usize,
}

impl Offset {
    /// The measured offset's length, in metres.
    pub fn distance_m(&self) -> f64 {
        self.east_m.hypot(self.north_m)
    }

    /// The length of the GCJ-02 shift at these places, in metres.
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
    /// Longitude/latitude consistent with WGS84 / CGCS2000.
    LonLat {
        /// The comparison with the shipped county outlines, `None` when no county was covered
        /// fully enough to compare.
        offset: Option<Offset>,
    },
    /// Longitude/latitude shifted like GCJ-02 (Amap, DataV): [`super::convert_gcj02`] undoes it.
    Gcj02 {
        /// The offset measured from the shipped county outlines.
        offset: Offset,
    },
    /// Latitude first. [`super::swap_lon_lat`] swaps them.
    SwappedLonLat {
        /// Points that look swapped.
        points: usize,
        /// Points in all.
        of: usize,
    },
    /// Converted from GCJ-02 to WGS84 on request.
    ConvertedFromGcj02 {
        /// The offset measured before converting.
        before: Option<Offset>,
        /// The offset measured again once converted.
        after: Option<Offset>,
    },
}

impl fmt::Display for CrsFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

impl CrsFinding {
    /// The finding in the reader's language, with the offsets measured.
    pub fn describe(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            CrsFinding::LonLat { offset } => describe_lonlat(offset.as_ref(), zh),
            CrsFinding::Gcj02 { offset } => describe_gcj02(offset, zh),
            CrsFinding::SwappedLonLat { points, of } if zh => {
                format!("经纬度似乎颠倒（{of} 个点中 {points} 个纬度在前）——请交换")
            }
            CrsFinding::SwappedLonLat { points, of } => format!(
                "latitude and longitude look swapped ({points} of {of} points have latitude first) \
                 — swap them"
            ),
            CrsFinding::ConvertedFromGcj02 { before, after } => {
                describe_converted(before, after, zh)
            }
        }
    }
}

/// [`CrsFinding::LonLat`] in words.
fn describe_lonlat(offset: Option<&Offset>, zh: bool) -> String {
    match offset {
        None if zh => "经纬度（按 WGS84/CGCS2000；没有完整覆盖的区县可供比对）".into(),
        None => {
            "longitude/latitude (WGS84/CGCS2000 assumed; no county fully covered to compare)".into()
        }
        Some(o) if zh => format!(
            "经纬度，WGS84/CGCS2000：与内置县界相差 {:.0} 米（比对 {} 个区县）",
            o.distance_m(),
            o.counties
        ),
        Some(o) => format!(
            "longitude/latitude, WGS84/CGCS2000: {:.0} m from the shipped outlines of {} counties",
            o.distance_m(),
            o.counties
        ),
    }
}

/// [`CrsFinding::Gcj02`] in words, with the compass directions of the shift.
fn describe_gcj02(o: &Offset, zh: bool) -> String {
    if zh {
        format!(
                "疑似 GCJ-02（高德/DataV）坐标：相对内置县界{}移 {:.0} 米、{}移 {:.0} 米（共 {:.0} 米；GCJ-02 在此处偏移 {:.0} 米）——请转换为 WGS84",
                if o.east_m >= 0.0 { "东" } else { "西" },
                o.east_m.abs(),
                if o.north_m >= 0.0 { "北" } else { "南" },
                o.north_m.abs(),
                o.distance_m(),
                o.gcj_distance_m()
            )
    } else {
        format!(
            "looks like GCJ-02 (Amap/DataV): shifted {:.0} m {}, {:.0} m {} of the shipped \
                 outlines ({:.0} m in all; GCJ-02 shifts {:.0} m here) — convert to WGS84",
            o.east_m.abs(),
            if o.east_m >= 0.0 { "east" } else { "west" },
            o.north_m.abs(),
            if o.north_m >= 0.0 { "north" } else { "south" },
            o.distance_m(),
            o.gcj_distance_m()
        )
    }
}

/// [`CrsFinding::ConvertedFromGcj02`] in words: the offsets before and after, where measured.
fn describe_converted(before: &Option<Offset>, after: &Option<Offset>, zh: bool) -> String {
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

/// The result of [`super::read_boundaries`]. Invariant: `features_read == townships.len() + rejected()`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BoundaryImport {
    /// The file name, as the messages give it.
    pub file: String,
    /// The property the codes were read from.
    pub code_property: String,
    /// True when the property was detected, not given by the user.
    pub code_property_detected: bool,
    /// Every property of the features, best code candidate first, for the user to choose from.
    pub properties: Vec<CodeProperty>,
    /// Features in the file (TopoJSON: across all objects).
    pub features_read: usize,
    /// Not serialised: between worker and page it travels as [`crate::import::session::PackedShapes`].
    #[serde(skip)]
    pub townships: Vec<(RegionCode, MultiPolygon<f64>)>,
    /// The 1-based feature number and code of each joined township, in the order of
    /// `townships` (kept when the geometry is not, so a report can list every feature).
    pub joined_features: Vec<(usize, RegionCode)>,
    /// In feature order; a rejected feature has exactly one `Rejected` line.
    pub report: Vec<BoundaryIssue>,
    /// What the coordinates look like as a whole.
    pub crs: CrsFinding,
    /// Tallies of the geometry checks over all features.
    pub checks: GeometryChecks,
}

impl BoundaryImport {
    /// Townships joined. Counted from `joined_features`, which a reply from the worker keeps
    /// when its geometry travels apart.
    pub fn joined(&self) -> usize {
        self.joined_features.len()
    }

    /// The report as lines for a person: every rejection and warning on its own line, while a
    /// routine repair that most features of a file need (rings wound against RFC 7946, reversed)
    /// is one line with a count, so it does not bury the line that matters. The per-feature
    /// detail stays in [`BoundaryImport::to_csv`].
    pub fn report_lines(&self, lang: Lang) -> Vec<String> {
        let rewound = self.report.iter().filter(|i| i.routine).count();
        let mut lines: Vec<String> = self
            .report
            .iter()
            .filter(|i| !i.routine)
            .map(|i| i.text(lang))
            .collect();
        if rewound > 0 {
            lines.push(match lang {
                Lang::Zh => format!(
                    "{rewound}个要素的环方向与 RFC 7946 相反，已反转（常规修复；逐个要素见 CSV 报告）"
                ),
                Lang::En => format!(
                    "{rewound} features had rings wound against RFC 7946: reversed (a routine repair; each feature is in the CSV report)"
                ),
            });
        }
        lines
    }

    /// "towns.geojson: 4 features read, 4 townships joined, 0 rejected; codes from "code" (detected)".
    pub fn counts_line(&self, lang: Lang) -> String {
        let (file, read, joined, rejected, key) = (
            &self.file,
            self.features_read,
            self.joined(),
            self.rejected(),
            &self.code_property,
        );
        let detected = self.code_property_detected;
        match lang {
            Lang::Zh => format!(
                "{file}：读取 {read} 个要素，匹配 {joined} 个乡镇，拒绝 {rejected}；代码取自“{key}”{}",
                if detected { "（自动识别）" } else { "" }
            ),
            Lang::En => format!(
                "{file}: {read} features read, {joined} townships joined, {rejected} rejected; codes from \"{key}\"{}",
                if detected { " (detected)" } else { "" }
            ),
        }
    }

    /// Rejected features with a township suggestion, by feature number: what "accept all"
    /// adds to [`super::BoundaryOptions::accepted`].
    pub fn acceptable(&self) -> std::collections::BTreeMap<usize, RegionCode> {
        self.report
            .iter()
            .filter(|i| i.outcome == IssueOutcome::Rejected)
            .filter_map(|i| Some((i.feature, i.suggested_code.clone()?)))
            .collect()
    }

    /// Features rejected: one `Rejected` line each.
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
    /// `feature,outcome,code,label,reason,suggestion` (in Chinese `要素,结果,代码,名称,原因,建议`),
    /// outcome being `joined`, `repaired`, `warning`, `accepted` or `rejected` (已匹配, 已修复,
    /// 警告, 已采纳建议, 已拒绝). For download next to the upload.
    pub fn to_csv(&self, lang: Lang) -> String {
        let mut lines: Vec<(usize, &str, String, String, String, String)> = Vec::new();
        for (n, code) in &self.joined_features {
            if self.issues_for(*n).next().is_none() {
                let empty = String::new;
                let joined = lang.pick("已匹配", "joined");
                lines.push((*n, joined, code.to_string(), empty(), empty(), empty()));
            }
        }
        for issue in &self.report {
            lines.push((
                issue.feature,
                issue.outcome.word(lang),
                issue.value.clone(),
                issue.label.clone(),
                issue.reason.get(lang).to_string(),
                issue
                    .suggestion
                    .as_ref()
                    .map(|s| s.get(lang).to_string())
                    .unwrap_or_default(),
            ));
        }
        lines.sort_by_key(|l| l.0);
        let mut writer = csv::Writer::from_writer(Vec::new());
        let _ = writer.write_record(match lang {
            Lang::Zh => ["要素", "结果", "代码", "名称", "原因", "建议"],
            Lang::En => [
                "feature",
                "outcome",
                "code",
                "label",
                "reason",
                "suggestion",
            ],
        });
        for (n, outcome, code, label, reason, suggestion) in &lines {
            let _ = crate::csv_cell::write_guarded(
                &mut writer,
                [
                    n.to_string().as_str(),
                    outcome,
                    code,
                    label,
                    reason,
                    suggestion,
                ],
            );
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// How well one property of the features works as the township code, for the user's choice.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CodeProperty {
    /// The property's name.
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
