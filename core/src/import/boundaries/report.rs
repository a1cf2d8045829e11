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

    /// The offset looks like GCJ-02 by itself: of its size and direction, the difference from
    /// the GCJ-02 shift at most a third of that shift (or 60 m), which bounds both the size
    /// (within a third) and the direction (within about 20°), and at least 50 m.
    pub fn looks_like_gcj02(&self) -> bool {
        self.distance_m() >= 50.0
            && self.residual_from_gcj_m() <= (self.gcj_distance_m() / 3.0).max(60.0)
    }

    /// The offset lies nearer the GCJ-02 shift than no shift at all: with the DataV/Amap
    /// properties, enough to judge the file GCJ-02.
    pub fn nearer_gcj02_than_none(&self) -> bool {
        self.residual_from_gcj_m() < self.distance_m()
    }

    /// The angle between the measured offset and the GCJ-02 shift, in degrees (0–180).
    pub fn angle_from_gcj_deg(&self) -> f64 {
        let a = self.north_m.atan2(self.east_m) - self.gcj_north_m.atan2(self.gcj_east_m);
        let a = a.to_degrees().rem_euclid(360.0);
        if a > 180.0 {
            360.0 - a
        } else {
            a
        }
    }
}

/// How many features carry the properties of DataV / Amap boundary files (a numeric `adcode`
/// with `level`, `parent`, `center`…), which are in GCJ-02.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DataVSignature {
    /// Features with the signature.
    pub features: usize,
    /// Features in the file.
    pub of: usize,
}

/// What the coordinates look like as a whole.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum CrsFinding {
    /// Longitude/latitude consistent with WGS84 / CGCS2000.
    LonLat {
        /// The comparison with the shipped county outlines, `None` when no county could be
        /// measured.
        offset: Option<Offset>,
    },
    /// Longitude/latitude shifted like GCJ-02 (Amap, DataV): [`super::convert_gcj02`] undoes it.
    /// Seen only when the user chose to keep the coordinates as they are: a clear finding is
    /// converted by default.
    Gcj02 {
        /// The best-fit shift from the shipped county outlines, `None` when not measured.
        offset: Option<Offset>,
        /// The file's DataV/Amap properties, if it has them.
        datav: Option<DataVSignature>,
        /// The evidence is clear enough to convert without asking.
        clear: bool,
    },
    /// Latitude first. [`super::swap_lon_lat`] swaps them.
    SwappedLonLat {
        /// Points that look swapped.
        points: usize,
        /// Points in all.
        of: usize,
    },
    /// Converted from GCJ-02 to WGS84, by default on a clear finding or on request.
    ConvertedFromGcj02 {
        /// The offset measured before converting.
        before: Option<Offset>,
        /// The offset measured again once converted.
        after: Option<Offset>,
        /// The file's DataV/Amap properties, if it has them.
        #[serde(default)]
        datav: Option<DataVSignature>,
        /// Converted because the evidence was clear, not because the user asked.
        #[serde(default)]
        automatic: bool,
    },
}

impl CrsFinding {
    /// GCJ-02 with evidence clear enough to convert by default.
    pub fn is_clear_gcj02(&self) -> bool {
        matches!(self, CrsFinding::Gcj02 { clear: true, .. })
    }
}

/// The evidence for GCJ-02 in words: the best-fit shift against the GCJ-02 offset there (size
/// and direction), and the DataV/Amap properties.
fn gcj02_evidence(offset: Option<&Offset>, datav: Option<&DataVSignature>, zh: bool) -> String {
    let compass = |east: f64, north: f64| {
        if zh {
            format!(
                "{}移 {:.0} 米、{}移 {:.0} 米",
                if east >= 0.0 { "东" } else { "西" },
                east.abs(),
                if north >= 0.0 { "北" } else { "南" },
                north.abs()
            )
        } else {
            format!(
                "{:.0} m {}, {:.0} m {}",
                east.abs(),
                if east >= 0.0 { "east" } else { "west" },
                north.abs(),
                if north >= 0.0 { "north" } else { "south" }
            )
        }
    };
    let mut parts = Vec::new();
    if let Some(o) = offset {
        parts.push(if zh {
            format!(
                "与内置县界的最佳拟合偏移为{}（共 {:.0} 米，比对 {} 个区县），GCJ-02 在此处的偏移为{}（{:.0} 米），方向相差 {:.0}°",
                compass(o.east_m, o.north_m),
                o.distance_m(),
                o.counties,
                compass(o.gcj_east_m, o.gcj_north_m),
                o.gcj_distance_m(),
                o.angle_from_gcj_deg()
            )
        } else {
            format!(
                "the best fit to the shipped county outlines is {} ({:.0} m, {} counties compared); GCJ-02 shifts {} ({:.0} m) here, {:.0}° apart",
                compass(o.east_m, o.north_m),
                o.distance_m(),
                o.counties,
                compass(o.gcj_east_m, o.gcj_north_m),
                o.gcj_distance_m(),
                o.angle_from_gcj_deg()
            )
        });
    }
    if let Some(d) = datav {
        parts.push(if zh {
            format!(
                "{}/{} 个要素带有 DataV/高德的属性（数字 adcode 及 level、parent、center 等）",
                d.features, d.of
            )
        } else {
            format!(
                "{} of {} features carry DataV/Amap properties (a numeric adcode with level, parent, center…)",
                d.features, d.of
            )
        });
    }
    parts.join(if zh { "；" } else { "; " })
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
            CrsFinding::Gcj02 { offset, datav, .. } => {
                describe_gcj02(offset.as_ref(), datav.as_ref(), zh)
            }
            CrsFinding::SwappedLonLat { points, of } if zh => {
                format!("经纬度似乎颠倒（{of} 个点中 {points} 个纬度在前）——请交换")
            }
            CrsFinding::SwappedLonLat { points, of } => format!(
                "latitude and longitude look swapped ({points} of {of} points have latitude first) \
                 — swap them"
            ),
            CrsFinding::ConvertedFromGcj02 {
                before,
                after,
                datav,
                automatic,
            } => describe_converted(before, after, datav.as_ref(), *automatic, zh),
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

/// [`CrsFinding::Gcj02`] in words, with its evidence.
fn describe_gcj02(o: Option<&Offset>, datav: Option<&DataVSignature>, zh: bool) -> String {
    let evidence = gcj02_evidence(o, datav, zh);
    if zh {
        format!("GCJ-02（高德/DataV）坐标：{evidence}——未转换（按您的选择）；勾选“由 GCJ-02 转换”可转换为 WGS84")
    } else {
        format!("GCJ-02 (Amap/DataV) coordinates: {evidence} — not converted (your choice); tick “Convert from GCJ-02” to convert them to WGS84")
    }
}

/// [`CrsFinding::ConvertedFromGcj02`] in words: why (automatically, with the evidence, or on
/// request) and the offset after, where measured.
fn describe_converted(
    before: &Option<Offset>,
    after: &Option<Offset>,
    datav: Option<&DataVSignature>,
    automatic: bool,
    zh: bool,
) -> String {
    let evidence = gcj02_evidence(before.as_ref(), datav, zh);
    let after = after.map(|o| o.distance_m());
    match (zh, automatic) {
        (true, true) => format!(
            "判断为 GCJ-02（高德/DataV）坐标，已自动转换为 WGS84。依据：{evidence}{}。如文件实为 WGS84，取消勾选“由 GCJ-02 转换”",
            after.map(|a| format!("；转换后与内置县界相差 {a:.0} 米")).unwrap_or_default()
        ),
        (false, true) => format!(
            "judged GCJ-02 (Amap/DataV) and converted to WGS84 automatically. Evidence: {evidence}{}. If the file is WGS84, untick “Convert from GCJ-02”",
            after.map(|a| format!("; {a:.0} m from the shipped outlines once converted")).unwrap_or_default()
        ),
        (true, false) => format!(
            "已按您的选择由 GCJ-02 转换为 WGS84{}{}",
            after.map(|a| format!("：与内置县界相差 {a:.0} 米")).unwrap_or_default(),
            before.map(|b| format!("，转换前 {:.0} 米", b.distance_m())).unwrap_or_default()
        ),
        (false, false) => format!(
            "converted from GCJ-02 to WGS84 as you asked{}{}",
            after.map(|a| format!(": {a:.0} m from the shipped outlines")).unwrap_or_default(),
            before.map(|b| format!(", {:.0} m before", b.distance_m())).unwrap_or_default()
        ),
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
    /// The file's DataV/Amap properties, if it has them: evidence for GCJ-02.
    #[serde(default)]
    pub datav: Option<DataVSignature>,
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
