//! A quote a CSV opens and never closes properly. The csv crate reads such a file without
//! complaint: everything after the quote becomes one cell, so the rows after it vanish into a
//! single row whose other columns are empty. This finds that quote first and names its row and
//! the rows it would swallow.

use crate::error::DataError;
use crate::lang::Text;

/// Where a quoted cell goes wrong, as 1-based lines of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuoteProblem {
    /// The line the quote opens on.
    pub opened_row: usize,
    /// The line the quote closes on, or `None` when it never does.
    pub closed_row: Option<usize>,
    /// The file's last line.
    pub last_row: usize,
}

/// The first quoted cell that is never closed, or that runs over lines and closes with text
/// after the quote (`"abc` … `x"y`): both swallow the rows between into one cell. A quoted cell
/// over several lines closed properly (`"line one↵line two"`) is a cell with a line break.
pub fn find_quote_problem(body: &str, delimiter: u8) -> Option<QuoteProblem> {
    let bytes = body.as_bytes();
    let last_row = 1 + bytes.iter().filter(|b| **b == b'\n').count()
        - usize::from(bytes.last() == Some(&b'\n'));
    let mut line = 1;
    let mut at_field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'"' && at_field_start {
            let opened_row = line;
            let mut j = i + 1;
            loop {
                match bytes.get(j) {
                    None => {
                        return Some(QuoteProblem {
                            opened_row,
                            closed_row: None,
                            last_row,
                        })
                    }
                    Some(b'"') if bytes.get(j + 1) == Some(&b'"') => j += 2,
                    Some(b'"') => break,
                    Some(b'\n') => {
                        line += 1;
                        j += 1
                    }
                    Some(_) => j += 1,
                }
            }
            let after = bytes.get(j + 1).copied();
            let closes_cleanly =
                matches!(after, None | Some(b'\n' | b'\r')) || after == Some(delimiter);
            if !closes_cleanly && line > opened_row {
                return Some(QuoteProblem {
                    opened_row,
                    closed_row: Some(line),
                    last_row,
                });
            }
            i = j + 1;
            at_field_start = false;
            continue;
        }
        if b == b'\n' {
            line += 1;
        }
        at_field_start = b == delimiter || b == b'\n';
        i += 1;
    }
    None
}

/// The message for a [`QuoteProblem`] in `file`, naming its row and the rows it swallows.
pub fn quote_error(file: &str, problem: QuoteProblem) -> DataError {
    let QuoteProblem {
        opened_row,
        closed_row,
        last_row,
    } = problem;
    let until = closed_row.unwrap_or(last_row);
    let swallowed = until - opened_row;
    let (zh, en) = match closed_row {
        None => (
            format!("此行的引号（\"）没有闭合：其后第 {}–{} 行（共 {swallowed} 行）都会被读进这一个单元格。请补上闭合的引号，或删去这个引号", opened_row + 1, last_row),
            format!("the quote (\") opened in this row is never closed: rows {}–{} after it ({swallowed} rows) would all be read into this one cell. Close the quote, or remove it", opened_row + 1, last_row),
        ),
        Some(closed) => (
            format!("此行的引号（\"）直到第 {closed} 行才闭合，且闭合引号后还有文字：第 {}–{closed} 行（共 {swallowed} 行）都会被读进这一个单元格。请检查这几行的引号", opened_row + 1),
            format!("the quote (\") opened in this row only closes in row {closed}, with text after it: rows {}–{closed} ({swallowed} rows) would all be read into this one cell. Check the quotes of these rows", opened_row + 1),
        ),
    };
    DataError::row(file, opened_row, Text::new(zh, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_quote_names_its_row_and_the_rows_after() {
        let body =
            "code,name,status\n522301008,\"万峰林,运营\n522301001,桔山,运营\n522301100,则戎,运营\n";
        let problem = find_quote_problem(body, b',').unwrap();
        assert_eq!(
            problem,
            QuoteProblem {
                opened_row: 2,
                closed_row: None,
                last_row: 4
            }
        );
        assert_eq!(
            quote_error("s.csv", problem).to_string(),
            "s.csv, row 2: the quote (\") opened in this row is never closed: rows 3–4 after it (2 rows) would all be read into this one cell. Close the quote, or remove it"
        );
    }

    #[test]
    fn a_quote_closed_rows_later_with_text_after_it_is_named() {
        let body = "a,b\n\"x,1\n2,3\n4,\"y\"z\n";
        let problem = find_quote_problem(body, b',').unwrap();
        assert_eq!((problem.opened_row, problem.closed_row), (2, Some(4)));
    }

    #[test]
    fn good_quotes_pass() {
        for body in [
            "a,b\n\"x\ny\",1\n2,3\n",
            "a;b\n\"x;\"\"q\"\"\";1\n",
            "a,b\n5寸\"屏,1\n2,3\n",
            "a,b\n\"x\",1\r\n",
        ] {
            let delimiter = if body.contains(';') { b';' } else { b',' };
            assert_eq!(find_quote_problem(body, delimiter), None, "{body}");
        }
    }
}
