//! Reading a bureau's station table into rows of text, one module per format: CSV (`csv.rs`, in
//! the encodings of [`super::decode`]; comma, semicolon or tab, with `quotes.rs` for a quote left
//! open), XLSX (`xlsx.rs`, first sheet) or a JSON array of objects (`json.rs`); what they share is
//! in `table.rs`, and `header.rs` finds the header under title lines. Nothing is interpreted here
//! beyond the cells; every row keeps its 1-based number in the file.

mod csv;
mod header;
mod json;
mod quotes;
mod table;
pub mod xlsx;

use crate::error::DataError;
use crate::lang::Text;

use super::progress::{ignore, Step};
use csv::read_csv;
use json::read_json;
use xlsx::read_xlsx;

pub use super::decode::{decode_text, decode_text_as, TextEncoding};
pub use csv::{sniff_delimiter, sniff_delimiter_of};
pub use table::{RawRow, RawTable, TableFormat};

/// Reads a station table, choosing the format from the bytes (XLSX is a zip; JSON starts with
/// `[`; anything else readable as text is CSV). Errors name the file, and the row where there is
/// one: an empty file, a file that is not a table, a header with no rows.
pub fn read_table(file: &str, bytes: &[u8]) -> Result<RawTable, DataError> {
    read_table_with_progress(file, bytes, &mut ignore)
}

/// [`read_table`], reporting [`Phase::Parsing`](super::progress::Phase::Parsing) steps (bytes of
/// a CSV, rows of a sheet or array).
pub fn read_table_with_progress(
    file: &str,
    bytes: &[u8],
    progress: &mut dyn FnMut(Step),
) -> Result<RawTable, DataError> {
    read_table_as(file, bytes, None, progress)
}

/// [`read_table_with_progress`] with the text's encoding chosen by the user (`None` detects it:
/// see [`super::decode`]).
pub fn read_table_as(
    file: &str,
    bytes: &[u8],
    encoding: Option<TextEncoding>,
    progress: &mut dyn FnMut(Step),
) -> Result<RawTable, DataError> {
    let content = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if content.iter().all(u8::is_ascii_whitespace) {
        return Err(DataError::file(
            file,
            Text::new("文件为空", "the file is empty"),
        ));
    }
    let table = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(file, bytes, progress)?
    } else {
        let (text, encoding) = decode_text_as(file, bytes, encoding)?;
        if text.trim_start().starts_with('[') {
            read_json(file, &text, progress)?
        } else {
            read_csv(file, &text, encoding, progress)?
        }
    };
    let table = header::merge_subheader(header::promote_header(table));
    if table.rows.is_empty() {
        return Err(match table.format {
            TableFormat::Json => DataError::file(
                file,
                Text::new(
                    "JSON 数组中没有社工站对象",
                    "the JSON array holds no station objects",
                ),
            ),
            _ => DataError::row(
                file,
                1,
                Text::new(
                    "文件只有表头，没有社工站数据行",
                    "the file has a header row but no station rows",
                ),
            ),
        });
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn file_errors_read_in_chinese() {
        let empty = read_table("站点.csv", b" \r\n").unwrap_err();
        assert_eq!(empty.text(Lang::Zh), "站点.csv：文件为空");
        assert_eq!(empty.to_string(), "站点.csv: the file is empty");
        let header_only = read_table("站点.csv", "区划代码,乡镇\n".as_bytes()).unwrap_err();
        assert_eq!(
            header_only.text(Lang::Zh),
            "站点.csv，第1行：文件只有表头，没有社工站数据行"
        );
        let binary = read_table("站点.csv", b"code\x01,x\n1,2\n").unwrap_err();
        assert!(
            binary
                .text(Lang::Zh)
                .starts_with("站点.csv，第1行：不是 CSV、XLSX 或 JSON 表格：此行有控制字符 U+0001（可能是二进制文件"),
            "{}",
            binary.text(Lang::Zh)
        );
        let object = read_table("站点.json", b"[1]").unwrap_err();
        assert_eq!(
            object.text(Lang::Zh),
            "站点.json，第1行：应为每列一个键的对象，实为 1"
        );
    }

    #[test]
    fn delimiters_are_sniffed_from_the_header() {
        assert_eq!(sniff_delimiter("a,b,c"), b',');
        assert_eq!(sniff_delimiter("a;b;c"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("\"a;b\",c"), b',');
        assert_eq!(sniff_delimiter("abc"), b',');
    }

    #[test]
    fn gbk_bytes_are_detected() {
        // "乡镇代码,状态\n522301008,运营\n" in GBK.
        let (bytes, _, _) = encoding_rs::GBK.encode("乡镇代码,状态\n522301008,运营\n");
        let table = read_table("t.csv", &bytes).unwrap();
        assert_eq!(table.encoding, Some(TextEncoding::Gb18030));
        assert_eq!(table.headers, ["乡镇代码", "状态"]);
        assert_eq!(table.rows[0].row, 2);
        assert_eq!(table.rows[0].cells, ["522301008", "运营"]);
    }

    #[test]
    fn row_numbers_count_lines_in_the_file() {
        let table = read_table("t.csv", "a;b\n\n1;2\n;\n\"x\ny\";3\n".as_bytes()).unwrap();
        assert_eq!(table.format, TableFormat::Csv { delimiter: b';' });
        let numbers: Vec<usize> = table.rows.iter().map(|r| r.row).collect();
        assert_eq!(numbers, [3, 5]);
        assert_eq!(table.blank_rows, 1);
    }

    #[test]
    fn json_rows_are_objects() {
        let table = read_table(
            "t.json",
            br#"[{"code": 522301008, "status": "built"}, {"status": null, "code": "x"}]"#,
        )
        .unwrap();
        assert_eq!(table.headers, ["code", "status"]);
        assert_eq!(table.rows[0].cells, ["522301008", "built"]);
        assert_eq!(table.rows[1].row, 2);
        let err = read_table("t.json", b"[{\"a\": 1}, 3]").unwrap_err();
        assert!(err.to_string().starts_with("t.json, row 2:"), "{err}");
        assert_eq!(
            read_table("t.json", b" [ ] ").unwrap_err().to_string(),
            "t.json: the JSON array holds no station objects"
        );
        assert_eq!(
            read_table("t.csv", b"\xEF\xBB\xBF\r\n")
                .unwrap_err()
                .to_string(),
            "t.csv: the file is empty"
        );
    }
}
