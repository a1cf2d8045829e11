//! Every budget an input is held to, in one place, each with its message in both languages.
//!
//! A user's file, or a published folder a host serves, may be damaged or built to exhaust
//! memory or time: one shared string of 90 million characters referenced by 200,000 cells, a
//! cell at XFD1048576, a polygon with 200,000 holes, a manifest naming `/dev/zero`. Each reader
//! checks these budgets while it reads, before the work they bound is done, so what a file costs
//! is bounded by the file itself and a file past a budget gets the message here (the caller
//! names the file, and the row, cell or feature) instead of a crash of the page's worker or the
//! machine running out of memory. The values are far above any real station table, boundary
//! file or publication: China has about 38,600 townships.

use std::fmt;

use crate::lang::Text;

/// One budget: its value and what it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// Characters in one cell of a station table: Excel's own limit (32,767), which no real
    /// cell reaches because Excel cannot hold more.
    CellChars,
    /// The text of all a table's cells together, in bytes (cells × length): a shared XLSX
    /// string is stored once in the file but becomes text in every cell that refers to it.
    TableTextBytes,
    /// Columns in a station table (a header of a real one has a few dozen).
    TableColumns,
    /// Rows in a station table: one a township, and China has 41,352.
    TableRows,
    /// Cells in a station table, empty ones included (each costs memory even when empty).
    TableCells,
    /// Bytes of a JSON station table, which is parsed whole before its rows are read.
    JsonTableBytes,
    /// Holes (interior rings) in one polygon; enclaves and lakes make a few.
    PolygonHoles,
    /// Arc references in one TopoJSON ring; a real ring refers to a few hundred arcs.
    RingArcs,
    /// Points in all the rings of one boundary file once its arcs are stitched: a ring that
    /// refers to one long arc again and again would otherwise multiply the file.
    TopologyPoints,
    /// Files one published manifest lists (7 parts and one chunk per province and prefecture
    /// make about 400).
    ManifestEntries,
    /// Bytes of a published `manifest.json` (a real one is a few dozen KB).
    ManifestBytes,
    /// Bytes one published file may declare (the largest, the registry, is a few MB).
    PublishedFileBytes,
}

impl Limit {
    /// The budget's value, in the unit [`Limit::what`] names.
    pub const fn value(self) -> u64 {
        match self {
            Limit::CellChars => 32_767,
            Limit::TableTextBytes => 64 * 1024 * 1024,
            Limit::TableColumns => 1_000,
            Limit::TableRows => 200_000,
            Limit::TableCells => 5_000_000,
            Limit::JsonTableBytes => 32 * 1024 * 1024,
            Limit::PolygonHoles => 10_000,
            Limit::RingArcs => 100_000,
            Limit::TopologyPoints => 20_000_000,
            Limit::ManifestEntries => 2_000,
            Limit::ManifestBytes => 4 * 1024 * 1024,
            Limit::PublishedFileBytes => 512 * 1024 * 1024,
        }
    }

    /// What the budget counts, in Chinese and English.
    fn what(self) -> (&'static str, &'static str) {
        match self {
            Limit::CellChars => ("单元格字符数", "characters in one cell"),
            Limit::TableTextBytes => (
                "全部单元格文字（单元格数 × 长度）",
                "text of all cells (cells × length)",
            ),
            Limit::TableColumns => ("表格列数", "columns in the table"),
            Limit::TableRows => ("表格行数", "rows in the table"),
            Limit::TableCells => (
                "表格单元格数（含空单元格）",
                "cells in the table (empty ones included)",
            ),
            Limit::JsonTableBytes => ("JSON 表格字节数", "bytes of a JSON table"),
            Limit::PolygonHoles => ("一个多边形中的洞（内环）数", "holes in one polygon"),
            Limit::RingArcs => ("一个环引用的弧数", "arc references in one ring"),
            Limit::TopologyPoints => (
                "拼接弧段后全部环的点数",
                "points of all rings once arcs are joined",
            ),
            Limit::ManifestEntries => ("清单列出的文件数", "files the manifest lists"),
            Limit::ManifestBytes => ("清单字节数", "bytes of the manifest"),
            Limit::PublishedFileBytes => ("一个文件声明的字节数", "bytes one file declares"),
        }
    }

    /// Why no real input comes near it, for the message.
    fn why(self) -> (&'static str, &'static str) {
        match self {
            Limit::CellChars => ("Excel 单元格最多 32,767 个字符", "Excel's own limit for a cell"),
            Limit::TableRows => (
                "每个乡镇一行，全国共 41,352 个乡镇；请按省或区县拆分文件",
                "one row a township, and China has 41,352: split the file by province or county",
            ),
            Limit::JsonTableBytes => (
                "JSON 表格须整体读入；请另存为 CSV 或拆分文件",
                "a JSON table is read whole: save it as CSV or split it",
            ),
            Limit::TableTextBytes | Limit::TableColumns | Limit::TableCells => (
                "真实的社工站表格远小于此；文件可能已损坏，或有意构造来耗尽内存",
                "a real station table is far smaller; the file may be damaged or built to exhaust memory",
            ),
            Limit::PolygonHoles | Limit::RingArcs | Limit::TopologyPoints => (
                "真实的乡镇边界远小于此；文件可能已损坏，或有意构造来耗尽内存",
                "real township boundaries are far smaller; the file may be damaged or built to exhaust memory",
            ),
            Limit::ManifestEntries | Limit::ManifestBytes | Limit::PublishedFileBytes => (
                "请用 atlas publish 重新发布",
                "publish the folder again with atlas publish",
            ),
        }
    }

    /// True when `found` is past the budget.
    pub fn exceeded_by(self, found: u64) -> bool {
        found > self.value()
    }

    /// The message for `found` past the budget (the caller names the file and the place):
    /// "characters in one cell: 90,000,000, more than the limit of 32,767 (…)".
    pub fn message(self, found: u64) -> Text {
        let ((what_zh, what_en), (why_zh, why_en)) = (self.what(), self.why());
        let (found, limit) = (Grouped(found), Grouped(self.value()));
        Text::new(
            format!("{what_zh}为 {found}，超过上限 {limit}（{why_zh}）"),
            format!("{what_en}: {found}, more than the limit of {limit} ({why_en})"),
        )
    }

    /// `Err(message)` when `found` is past the budget.
    pub fn check(self, found: u64) -> Result<(), Text> {
        if self.exceeded_by(found) {
            Err(self.message(found))
        } else {
            Ok(())
        }
    }
}

/// A count with thousands separators (`90,000,000`), as both languages write long numbers in
/// these messages.
struct Grouped(u64);

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        f.write_str(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn a_limit_names_itself_and_its_value_in_both_languages() {
        let m = Limit::CellChars.message(90_000_000);
        assert_eq!(
            m.get(Lang::En),
            "characters in one cell: 90,000,000, more than the limit of 32,767 (Excel's own limit for a cell)"
        );
        assert!(m
            .get(Lang::Zh)
            .starts_with("单元格字符数为 90,000,000，超过上限 32,767"));
        assert!(Limit::CellChars.check(32_767).is_ok());
        assert!(Limit::CellChars.check(32_768).is_err());
        assert_eq!(Grouped(999).to_string(), "999");
        assert_eq!(Grouped(1_000).to_string(), "1,000");
    }
}
