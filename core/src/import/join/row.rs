//! One row's township: by code, read generously (full-width digits, spaces) and checked
//! against the registry, else by name within the county; and the row's other values.

use crate::data::code::{CodeError, Level, RegionCode};
use crate::data::divisions::Divisions;
use crate::data::model::{StationStatus, Tier};
use crate::date::PartialDate;
use crate::lang::Text;

use super::super::mapping::ColumnMapping;
use super::super::recipe::{AcceptedMatch, ValueField};
use super::super::stations::RawRow;
use super::super::text::{half_width, name_key};
use super::super::values::{parse_open_date, parse_star, parse_status, parse_tier};
use super::miss::Miss;
use super::names::{label, LazyIndex};
use super::JoinOptions;

/// A row's township as found: its code, the note on how it was read, and the match a
/// short-form join made, which the user can undo (see [`JoinOptions::refused`]).
pub(super) type Resolved = (RegionCode, Option<Text>, Option<AcceptedMatch>);

/// The row's township, with a note when the code or name needed reading generously: by code
/// when the row has one, else by name (within the county the row names, if any, or the county
/// of the file's other rows once known).
pub(super) fn resolve_township(
    row: &RawRow,
    mapping: &ColumnMapping,
    divisions: &Divisions,
    index: &LazyIndex,
    options: &JoinOptions,
    file_county: Option<&RegionCode>,
) -> Result<Resolved, Miss> {
    let cell = |column: Option<usize>| column.map_or("", |i| row.cell(i));
    let code_raw = cell(mapping.code);
    let name_raw = cell(mapping.township);
    let county_raw = cell(mapping.county);
    if let Some((code, note)) = accepted_match(code_raw, county_raw, name_raw, divisions, options) {
        return Ok((code, note, None));
    }
    let refused = options
        .refused
        .iter()
        .any(|r| r.fits(code_raw, county_raw, name_raw));
    let undo = |code: &RegionCode| AcceptedMatch {
        code_cell: code_raw.to_string(),
        county: county_raw.to_string(),
        township: name_raw.to_string(),
        code: code.clone(),
    };
    let by_name = || -> Result<Resolved, Miss> {
        if let (true, Some(county)) = (county_raw.is_empty(), file_county) {
            let found =
                index
                    .get()
                    .township(name_raw, Some(std::slice::from_ref(county)), !refused)?;
            let county_name = divisions.name(county).unwrap_or_default();
            let namesakes = index.get().has_namesakes(name_raw).then(|| {
                Text::new(
                    format!("乡镇 {name_raw:?} 在别处有同名乡镇；按本文件其他行所在的 {county_name}（{county}）读取"),
                    format!("township {name_raw:?} has namesakes elsewhere; read within {county_name} ({county}), the county of the file's other rows"),
                )
            });
            let undo = found.short_form.then(|| undo(&found.code));
            return Ok((found.code, found.note.or(namesakes), undo));
        }
        let counties = if county_raw.is_empty() {
            None
        } else {
            Some(index.get().counties(county_raw)?)
        };
        // Inside the county the row names, a short form unique there joins; across the whole
        // registry only when the user asked for that.
        let join_short = options.accept_suffix_variants || (counties.is_some() && !refused);
        let found = index
            .get()
            .township(name_raw, counties.as_deref(), join_short)?;
        let undo = (found.short_form && !options.accept_suffix_variants).then(|| undo(&found.code));
        Ok((found.code, found.note, undo))
    };
    // Only asked for when the code fails: the name index is built on first use.
    let name_hint = || {
        (!name_raw.is_empty())
            .then(by_name)
            .and_then(Result::ok)
            .map(|(c, _, _)| c)
    };
    if code_raw.is_empty() {
        if name_raw.is_empty() {
            return Err(Miss::new(
                "",
                Text::new(
                    "既无乡镇代码也无乡镇名称",
                    "no township code and no township name",
                ),
            ));
        }
        return by_name();
    }
    let (code, note) = township_by_code(code_raw, divisions, &name_hint)?;
    let note = name_differs(note, &code, name_raw, divisions);
    Ok((code, note, None))
}

/// A row the user accepted a suggestion for: its township, with a note saying so. An accepted
/// code no longer in the registry is ignored, so the row reports why it does not join.
fn accepted_match(
    code_raw: &str,
    county_raw: &str,
    name_raw: &str,
    divisions: &Divisions,
    options: &JoinOptions,
) -> Option<(RegionCode, Option<Text>)> {
    let accepted = options
        .accepted
        .iter()
        .find(|a| a.fits(code_raw, county_raw, name_raw) && divisions.contains(&a.code))?;
    let cell = [code_raw, name_raw]
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let target = label(divisions, &accepted.code);
    let note = Text::new(
        format!("已接受建议：{cell:?} → {target}"),
        format!("suggestion accepted: {cell:?} → {target}"),
    );
    Some((accepted.code.clone(), Some(note)))
}

/// The township a code cell names, with a note when its digits were full-width or spaced. A
/// code that does not join is a miss, with the township the row's name finds as a suggestion.
fn township_by_code(
    code_raw: &str,
    divisions: &Divisions,
    name_hint: &dyn Fn() -> Option<RegionCode>,
) -> Result<(RegionCode, Option<Text>), Miss> {
    let digits: String = half_width(code_raw).split_whitespace().collect();
    let note = (digits != code_raw.trim()).then(|| {
        let (zh, en) = if half_width(code_raw) != code_raw {
            ("全角代码", "full-width code")
        } else {
            ("带空格的代码", "code with spaces")
        };
        Text::new(
            format!("{zh} {code_raw:?} 按 {digits} 读取"),
            format!("{en} {code_raw:?} read as {digits}"),
        )
    });
    if digits.contains(['E', 'e']) && digits.contains('+') {
        return Err(Miss::new(
            code_raw,
            Text::new(
                format!("乡镇代码 {code_raw:?} 是科学计数法（Excel 丢掉了位数）；请把该列设为文本格式"),
                format!("township code {code_raw:?} is in scientific notation (Excel dropped its digits); format the column as text"),
            ),
        )
        .suggest(name_hint()));
    }
    let code = match RegionCode::parse(&digits) {
        Ok(code) => code,
        Err(CodeError::VillageCode(_)) => {
            let township = RegionCode::parse(&digits[..9])
                .ok()
                .filter(|t| divisions.contains(t));
            return Err(Miss::new(
                code_raw,
                Text::new(
                    format!("代码 {digits} 是 12 位村（社区）代码，不是乡镇：乡镇的 12 位代码以 000 结尾"),
                    format!("code {digits} is a 12-digit village (村/社区) code, not a township: a township's 12-digit code ends in 000"),
                ),
            )
            .suggest(township.or_else(name_hint)));
        }
        Err(e) => {
            return Err(Miss::new(
                code_raw,
                Text::new(
                    format!("乡镇代码无法读取：{e}"),
                    format!("township code: {e}"),
                ),
            )
            .suggest(name_hint()));
        }
    };
    registry_township(code, code_raw, divisions, name_hint).map(|code| (code, note))
}

/// `code` when it is a township of the registry; else a miss saying what it is instead.
fn registry_township(
    code: RegionCode,
    code_raw: &str,
    divisions: &Divisions,
    name_hint: &dyn Fn() -> Option<RegionCode>,
) -> Result<RegionCode, Miss> {
    if code.level() != Level::Township {
        let level = code.level();
        let (zh, en) = match divisions.name(&code) {
            Some(name) => (
                format!("{}（{name}）", level.name_zh()),
                format!("a {} ({name})", level.name_en()),
            ),
            None => (
                format!("{}级代码", level.name_zh()),
                format!("a {}-level code", level.name_en()),
            ),
        };
        return Err(Miss::new(
            code_raw,
            Text::new(
                format!("代码 {code} 是{zh}，不是乡镇"),
                format!("code {code} is {en}, not a township"),
            ),
        )
        .suggest(name_hint()));
    }
    if !divisions.contains(&code) {
        return Err(Miss::new(
            code_raw,
            Text::new(
                format!("乡镇代码 {code} 不在区划名录中"),
                format!("township code {code} is not in the division registry"),
            ),
        )
        .suggest(name_hint()));
    }
    Ok(code)
}

/// `note`, extended when the row names the township otherwise than the registry: joined by
/// code all the same, but the user should see it.
fn name_differs(
    note: Option<Text>,
    code: &RegionCode,
    name_raw: &str,
    divisions: &Divisions,
) -> Option<Text> {
    if name_raw.is_empty() {
        return note;
    }
    let registry = divisions.name(code).unwrap_or_default();
    if name_key(registry) == name_key(name_raw) {
        return note;
    }
    let differs = Text::new(
        format!("文件中名为 {name_raw:?}，区划名录中为 {registry:?}；按代码匹配"),
        format!("the file names it {name_raw:?}, the registry {registry:?}; joined by code"),
    );
    Some(match note {
        Some(n) => Text::new(
            format!("{}；{}", n.zh, differs.zh),
            format!("{}; {}", n.en, differs.en),
        ),
        None => differs,
    })
}

/// A row's status, star rating, tier and open date.
pub(super) type Values = (
    crate::data::model::StationStatus,
    Option<crate::data::model::StarRating>,
    Tier,
    Option<PartialDate>,
);

/// The row's values other than the township, or why they cannot be read. The user's meanings
/// from the value step come before the vocabulary. An unknown status and an unknown rating are
/// both listed on the miss, so one pass of the value step can map both; an open date after
/// `options.today` is invalid.
pub(super) fn read_values(
    row: &RawRow,
    mapping: &ColumnMapping,
    status_column: usize,
    options: &JoinOptions,
) -> Result<Values, Miss> {
    let cell = |column: Option<usize>| column.map_or("", |i| row.cell(i));
    let status_raw = row.cell(status_column);
    let star_raw = cell(mapping.star);
    let read_status = |raw: &str| {
        options
            .values
            .status_of(raw)
            .map(|c| c.status())
            .or_else(|| parse_status(raw))
    };
    let operating_raw = cell(mapping.operating);
    let status = read_status(status_raw)
        .and_then(|s| with_operating(s, operating_raw, read_status(operating_raw)));
    // Which cell the value step is asked about: the operating column's when only it is unknown.
    let status_raw = match read_status(status_raw) {
        Some(_) if status.is_none() => operating_raw,
        _ => status_raw,
    };
    let rating = match options.values.rating_of(star_raw) {
        Some(choice) => Ok(choice.rating()),
        None => parse_star(star_raw),
    };
    let (status, rating) = match (status, rating) {
        (Some(status), Ok(rating)) => (status, rating),
        (status, rating) => {
            return Err(unknown_values(
                status_raw,
                status.is_none(),
                star_raw,
                rating.err(),
            ))
        }
    };
    let tier_raw = cell(mapping.tier);
    let tier = parse_tier(tier_raw).ok_or_else(|| {
        Miss::new(
            tier_raw,
            Text::new(
                format!("层级 {tier_raw:?} 无法识别：应为 指导中心、总站、社工站 或 社工室"),
                format!("unknown tier {tier_raw:?}: expected 指导中心, 总站, 社工站 or 社工室"),
            ),
        )
    })?;
    let opened_raw = cell(mapping.opened);
    let opened = parse_open_date(opened_raw).map_err(|e| Miss::new(opened_raw, e))?;
    if let Some(date) = opened {
        if date.first_day() > options.today {
            return Err(Miss::new(
                opened_raw,
                Text::new(
                    format!("建站日期 {date} 晚于今天（{}）", options.today),
                    format!(
                        "open date {date} is in the future (today is {})",
                        options.today
                    ),
                ),
            ));
        }
    }
    Ok((status, rating, tier, opened))
}

/// A status with the second column's word on whether the station runs: yes (是, √, 运营…)
/// makes it operating, no (否, ×) keeps it at most built, a closed word (暂停) closes it, an
/// empty cell leaves it. `None` when
/// the word is not a yes or a no.
fn with_operating(
    status: StationStatus,
    operating_raw: &str,
    operating: Option<StationStatus>,
) -> Option<StationStatus> {
    if operating_raw.trim().is_empty() {
        return Some(status);
    }
    Some(match operating? {
        StationStatus::Operating | StationStatus::Built => StationStatus::Operating,
        StationStatus::NoStation if status == StationStatus::Operating => StationStatus::Built,
        StationStatus::Closed => StationStatus::Closed,
        StationStatus::NoStation | StationStatus::Planned => status,
    })
}

/// The miss of a row whose status or rating (or both) the vocabulary and the user's choices do
/// not know; it names each, and lists them for the value step.
fn unknown_values(
    status_raw: &str,
    status_unknown: bool,
    star_raw: &str,
    rating_error: Option<Text>,
) -> Miss {
    let mut parts: Vec<Text> = Vec::new();
    let mut unknown = Vec::new();
    if status_unknown {
        parts.push(if status_raw.is_empty() {
            Text::new("状态为空", "status is empty")
        } else {
            Text::new(
                format!("状态 {status_raw:?} 无法识别"),
                format!("unknown status {status_raw:?}"),
            )
        });
        unknown.push((ValueField::Status, status_raw.to_string()));
    }
    if let Some(error) = rating_error {
        parts.push(error);
        unknown.push((ValueField::Rating, star_raw.to_string()));
    }
    let joined = Text::new(
        parts
            .iter()
            .map(|p| p.zh.as_str())
            .collect::<Vec<_>>()
            .join("；"),
        parts
            .iter()
            .map(|p| p.en.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    );
    let hint = Text::new(
        "：可在“取值”一步指定其含义（运营中、已建成、规划、停运、未建站；星级）",
        ": give it a meaning in the value step (operating, built, planned, closed, no station; stars)",
    );
    let value = if status_unknown { status_raw } else { star_raw };
    let mut miss = Miss::new(
        value,
        Text::new(
            format!("{}{}", joined.zh, hint.zh),
            format!("{}{}", joined.en, hint.en),
        ),
    );
    miss.unknown = unknown;
    miss
}
