//! One row's township: by code, read generously (full-width digits, spaces) and checked
//! against the registry, else by name within the county; and the row's other values.

use crate::data::code::{CodeError, Level, RegionCode};
use crate::data::divisions::Divisions;
use crate::data::model::Tier;
use crate::date::PartialDate;

use super::super::mapping::ColumnMapping;
use super::super::stations::RawRow;
use super::super::text::{half_width, name_key};
use super::super::values::{parse_open_date, parse_star, parse_status, parse_tier};
use super::miss::Miss;
use super::names::{label, LazyIndex};
use super::JoinOptions;

/// The row's township, with a note when the code or name needed reading generously: by code
/// when the row has one, else by name (within the county the row names, if any).
pub(super) fn resolve_township(
    row: &RawRow,
    mapping: &ColumnMapping,
    divisions: &Divisions,
    index: &LazyIndex,
    options: &JoinOptions,
    file_county: Option<&RegionCode>,
) -> Result<(RegionCode, Option<String>), Miss> {
    let cell = |column: Option<usize>| column.map_or("", |i| row.cell(i));
    let code_raw = cell(mapping.code);
    let name_raw = cell(mapping.township);
    let county_raw = cell(mapping.county);
    let by_name = || -> Result<(RegionCode, Option<String>), Miss> {
        if let (true, Some(county)) = (county_raw.is_empty(), file_county) {
            let (code, note) = index.get().township(
                name_raw,
                Some(std::slice::from_ref(county)),
                options.accept_suffix_variants,
            )?;
            let county_name = divisions.name(county).unwrap_or_default();
            let note = note.unwrap_or_else(|| {
                format!(
                    "township {name_raw:?} has namesakes elsewhere; read within {county_name} ({county}), the county of the file's other rows"
                )
            });
            return Ok((code, Some(note)));
        }
        let counties = if county_raw.is_empty() {
            None
        } else {
            Some(index.get().counties(county_raw)?)
        };
        index.get().township(
            name_raw,
            counties.as_deref(),
            options.accept_suffix_variants,
        )
    };
    // Only asked for when the code fails: the name index is built on first use.
    let name_hint = || {
        (!name_raw.is_empty())
            .then(by_name)
            .and_then(Result::ok)
            .map(|(c, _)| label(divisions, &c))
    };
    if code_raw.is_empty() {
        if name_raw.is_empty() {
            return Err(Miss::new("", "no township code and no township name"));
        }
        return by_name();
    }
    let (code, note) = township_by_code(code_raw, divisions, &name_hint)?;
    let note = name_differs(note, &code, name_raw, divisions);
    Ok((code, note))
}

/// The township a code cell names, with a note when its digits were full-width or spaced. A
/// code that does not join is a miss, with the township the row's name finds as a suggestion.
fn township_by_code(
    code_raw: &str,
    divisions: &Divisions,
    name_hint: &dyn Fn() -> Option<String>,
) -> Result<(RegionCode, Option<String>), Miss> {
    let digits: String = half_width(code_raw).split_whitespace().collect();
    let note = (digits != code_raw.trim()).then(|| {
        let what = if half_width(code_raw) != code_raw {
            "full-width code"
        } else {
            "code with spaces"
        };
        format!("{what} {code_raw:?} read as {digits}")
    });
    if digits.contains(['E', 'e']) && digits.contains('+') {
        return Err(Miss::new(
            code_raw,
            format!("township code {code_raw:?} is in scientific notation (Excel dropped its digits); format the column as text"),
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
                format!("code {digits} is a 12-digit village (村/社区) code, not a township: a township's 12-digit code ends in 000"),
            )
            .suggest(township.map(|t| label(divisions, &t)).or_else(name_hint)));
        }
        Err(e) => {
            return Err(Miss::new(code_raw, format!("township code: {e}")).suggest(name_hint()));
        }
    };
    registry_township(code, code_raw, divisions, name_hint).map(|code| (code, note))
}

/// `code` when it is a township of the registry; else a miss saying what it is instead.
fn registry_township(
    code: RegionCode,
    code_raw: &str,
    divisions: &Divisions,
    name_hint: &dyn Fn() -> Option<String>,
) -> Result<RegionCode, Miss> {
    if code.level() != Level::Township {
        let what = match divisions.name(&code) {
            Some(name) => format!("a {} ({name})", code.level().name_en()),
            None => format!("a {}-level code", code.level().name_en()),
        };
        return Err(
            Miss::new(code_raw, format!("code {code} is {what}, not a township"))
                .suggest(name_hint()),
        );
    }
    if !divisions.contains(&code) {
        return Err(Miss::new(
            code_raw,
            format!("township code {code} is not in the division registry"),
        )
        .suggest(name_hint()));
    }
    Ok(code)
}

/// `note`, extended when the row names the township otherwise than the registry: joined by
/// code all the same, but the user should see it.
fn name_differs(
    note: Option<String>,
    code: &RegionCode,
    name_raw: &str,
    divisions: &Divisions,
) -> Option<String> {
    if name_raw.is_empty() {
        return note;
    }
    let registry = divisions.name(code).unwrap_or_default();
    if name_key(registry) == name_key(name_raw) {
        return note;
    }
    let differs =
        format!("the file names it {name_raw:?}, the registry {registry:?}; joined by code");
    Some(match note {
        Some(n) => format!("{n}; {differs}"),
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

/// The row's values other than the township, or the first that cannot be read. An open date
/// after `options.today` is invalid.
pub(super) fn read_values(
    row: &RawRow,
    mapping: &ColumnMapping,
    status_column: usize,
    options: &JoinOptions,
) -> Result<Values, Miss> {
    let cell = |column: Option<usize>| column.map_or("", |i| row.cell(i));
    let status_raw = row.cell(status_column);
    let status = parse_status(status_raw).ok_or_else(|| {
        let what = if status_raw.is_empty() {
            "status is empty".to_string()
        } else {
            format!("unknown status {status_raw:?}")
        };
        Miss::new(
            status_raw,
            format!("{what}: expected 规划/计划/planned, 已建成/建成/built, 运营/实体化运营/operating or 关闭/停用/closed"),
        )
    })?;
    let star_raw = cell(mapping.star);
    let rating = parse_star(star_raw).map_err(|e| Miss::new(star_raw, e))?;
    let tier_raw = cell(mapping.tier);
    let tier = parse_tier(tier_raw).ok_or_else(|| {
        Miss::new(
            tier_raw,
            format!("unknown tier {tier_raw:?}: expected 指导中心, 总站, 社工站 or 社工室"),
        )
    })?;
    let opened_raw = cell(mapping.opened);
    let opened = parse_open_date(opened_raw).map_err(|e| Miss::new(opened_raw, e))?;
    if let Some(date) = opened {
        if date.first_day() > options.today {
            return Err(Miss::new(
                opened_raw,
                format!(
                    "open date {date} is in the future (today is {})",
                    options.today
                ),
            ));
        }
    }
    Ok((status, rating, tier, opened))
}
