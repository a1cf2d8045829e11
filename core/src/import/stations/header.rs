//! Title lines above the header. County bureaus' spreadsheets open with a merged title row
//! (望谟县乡镇（街道）社工站建设情况统计表), a 填报单位 / 填报时间 line or a 单位：个 line before the
//! real header. The reader takes the first non-empty row as the header; when that row names no
//! township or code column and one of the next few rows does, that row becomes the header and
//! the rows above it are kept in [`RawTable::above_header`] for the report, never dropped.

use super::super::mapping::guess_mapping;
use super::table::{RawRow, RawTable};

/// How far down a header is looked for: titles take one to three rows in practice.
pub(super) const MAX_TITLE_ROWS: usize = 5;

/// `table` with its header moved down past title lines, when the first row is not a header and
/// one of the next [`MAX_TITLE_ROWS`] rows is; else `table` as it is.
pub(super) fn promote_header(mut table: RawTable) -> RawTable {
    if is_header(&table.headers) {
        return table;
    }
    let Some(at) = table
        .rows
        .iter()
        .take(MAX_TITLE_ROWS)
        .position(|r| is_header(&r.cells))
    else {
        return table;
    };
    let mut rest = table.rows.split_off(at);
    let header = rest.remove(0);
    let first = RawRow {
        row: table.header_row,
        cells: std::mem::take(&mut table.headers),
    };
    table.above_header = std::iter::once(first).chain(table.rows).collect();
    table.headers = header.cells;
    table.header_row = header.row;
    table.rows = rest;
    table
}

/// `table` with a second header row merged into the first: bureaus head a pair of yes/no
/// columns with one merged cell (建设情况 over 是否挂牌 and 是否实体化运营), so the real column
/// names are on the row below. That row is a sub-header when it holds no township code or name
/// and each of its filled cells is a header word ([`guess_mapping`] knows it, or it asks
/// 是否…); each of its cells then names its column.
pub(super) fn merge_subheader(mut table: RawTable) -> RawTable {
    let mapping = guess_mapping(&table.headers);
    let Some(next) = table.rows.first() else {
        return table;
    };
    let identifying_empty = [mapping.code, mapping.township]
        .into_iter()
        .flatten()
        .all(|i| next.cell(i).is_empty());
    let filled: Vec<&String> = next.cells.iter().filter(|c| !c.is_empty()).collect();
    let all_headers = filled.iter().all(|c| {
        c.starts_with("是否") || guess_mapping(std::slice::from_ref(*c)) != Default::default()
    });
    if !identifying_empty || filled.is_empty() || !all_headers {
        return table;
    }
    let sub = table.rows.remove(0);
    for (i, cell) in sub.cells.into_iter().enumerate() {
        if cell.is_empty() {
            continue;
        }
        match table.headers.get_mut(i) {
            Some(header) => *header = cell,
            None => table.headers.push(cell),
        }
    }
    table
}

/// A row that reads as a header: at least two cells, one of them a township code or name
/// column's header.
fn is_header(cells: &[String]) -> bool {
    let filled = cells.iter().filter(|c| !c.is_empty()).count();
    let mapping = guess_mapping(cells);
    filled >= 2 && (mapping.code.is_some() || mapping.township.is_some())
}

#[cfg(test)]
mod tests {
    use super::super::read_table;

    #[test]
    fn title_lines_above_the_header_are_skipped_and_kept() {
        let csv = "望谟县乡镇（街道）社工站建设情况统计表,,,\n填报单位：望谟县民政局,,填报时间：2024年3月,\n\n序号,乡镇（街道）,建设进度,挂牌时间\n1,王母街道,运营,2021.06\n";
        let table = read_table("t.csv", csv.as_bytes()).unwrap();
        assert_eq!(
            table.headers,
            ["序号", "乡镇（街道）", "建设进度", "挂牌时间"]
        );
        assert_eq!(table.header_row, 4);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].row, 5);
        let above: Vec<(usize, &str)> = table
            .above_header
            .iter()
            .map(|r| (r.row, r.cells[0].as_str()))
            .collect();
        assert_eq!(
            above,
            [
                (1, "望谟县乡镇（街道）社工站建设情况统计表"),
                (2, "填报单位：望谟县民政局")
            ]
        );
    }

    #[test]
    fn a_two_row_header_names_each_column_by_its_lower_cell() {
        let csv = "序号,乡镇（街道）,建设情况,,星级\n,,是否挂牌,是否实体化运营,\n1,王母街道,是,否,三星级\n";
        let table = read_table("t.csv", csv.as_bytes()).unwrap();
        assert_eq!(
            table.headers,
            ["序号", "乡镇（街道）", "是否挂牌", "是否实体化运营", "星级"]
        );
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].cells[1], "王母街道");
    }

    #[test]
    fn a_title_without_delimiters_does_not_hide_the_tabs() {
        let tsv = "望谟县社工站统计表\n乡镇\t状态\n王母街道\t运营\n";
        let table = read_table("t.txt", tsv.as_bytes()).unwrap();
        assert_eq!(table.headers, ["乡镇", "状态"]);
        assert_eq!(table.above_header.len(), 1);
    }

    #[test]
    fn a_header_that_names_nothing_stays_for_the_column_step() {
        let csv = "字段1,字段2\n522301001,运营\n";
        let table = read_table("t.csv", csv.as_bytes()).unwrap();
        assert_eq!(table.headers, ["字段1", "字段2"]);
        assert!(table.above_header.is_empty());
    }
}
