//! The one rule for a cell of every CSV the project writes (open data, correction records, the
//! join and boundary reports, the gaps list): a cell a spreadsheet would run as a formula is
//! written with a leading `'`, which Excel, WPS and LibreOffice show as text and do not print.
//!
//! A station table or a boundary file is a stranger's file: a name such as
//! `=HYPERLINK("http://…","点此")` would otherwise become a live link (or worse, a DDE command)
//! in the report a civil-affairs officer opens in Excel. OWASP's "CSV injection" guidance lists
//! the starting characters; a plain number such as `-3.5` is left alone, because a spreadsheet
//! reads it as the number it is.

use std::borrow::Cow;

use serde::Serialize;

/// The characters that make a spreadsheet read a cell as a formula when it starts with one.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell` as it is safe to write: with a leading `'` when it starts with one of
/// [`FORMULA_STARTS`] and is not a plain number.
pub fn guard_formula(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell [`guard_formula`] was given, from what it wrote (for reading a record back).
pub fn unguard_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if guard_formula(rest).len() != rest.len() => rest,
        _ => cell,
    }
}

/// `-12`, `+3.5`, `-1e3`: a number and nothing else, which no spreadsheet runs.
fn is_plain_number(cell: &str) -> bool {
    cell.bytes()
        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
        && cell.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Writes one record with every cell through [`guard_formula`].
pub fn write_guarded<W: std::io::Write, S: AsRef<str>>(
    writer: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = S>,
) -> csv::Result<()> {
    let cells: Vec<String> = cells
        .into_iter()
        .map(|c| guard_formula(c.as_ref()).into_owned())
        .collect();
    writer.write_record(&cells)
}

/// Rows of a serialisable struct as CSV (header from the field names, then one line per row,
/// `header` alone when there are none), every cell through [`guard_formula`], with CRLF line ends.
pub fn serialize_guarded<T: Serialize>(rows: &[T], header: &[&str]) -> String {
    // The csv crate serialises a struct straight to bytes; reading those records back is the
    // one way to pass every field, whatever its type, through the same guard.
    let mut plain = csv::Writer::from_writer(Vec::new());
    for row in rows {
        plain.serialize(row).expect("a row of strings and numbers");
    }
    let plain = plain.into_inner().expect("writing to memory cannot fail");
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    if rows.is_empty() {
        write_guarded(&mut writer, header).expect("writing to memory cannot fail");
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(plain.as_slice());
    for record in reader.records() {
        let record = record.expect("the CSV just written");
        write_guarded(&mut writer, &record).expect("writing to memory cannot fail");
    }
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 text")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_guarded_and_numbers_are_not() {
        for formula in [
            "=HYPERLINK(\"http://evil\",\"x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\r=1",
            "-",
        ] {
            let guarded = guard_formula(formula);
            assert_eq!(guarded, format!("'{formula}"));
            assert_eq!(unguard_formula(&guarded), formula);
        }
        for plain in ["-12", "+3.5", "-1e3", "万峰林街道", "a=b", ""] {
            assert_eq!(guard_formula(plain), plain);
            assert_eq!(unguard_formula(plain), plain);
        }
    }

    #[test]
    fn every_field_of_a_struct_is_guarded() {
        #[derive(Serialize)]
        struct Row {
            name: String,
            n: i32,
        }
        let csv = serialize_guarded(
            &[Row {
                name: "=1+1".into(),
                n: -3,
            }],
            &["name", "n"],
        );
        assert_eq!(csv, "name,n\r\n'=1+1,-3\r\n");
        assert_eq!(serialize_guarded::<Row>(&[], &["name", "n"]), "name,n\r\n");
    }
}
