//! The text of a station table from its bytes, in the encodings a bureau's Excel or WPS writes:
//! UTF-8 (with or without BOM), GBK/GB18030, Big5 (繁體), and "Unicode Text" (UTF-16 LE or BE,
//! with or without BOM). What cannot be decided is asked, never guessed in silence: a file that
//! reads as GBK and as Big5 alike shows both readings' headers, and a UTF-8 file with a row in
//! another encoding names that row and can be read again with the bytes replaced by `�`.
//!
//! Which legacy Chinese encoding a file is in is decided by `chardetng` (Firefox's detector,
//! kept by the author of `encoding_rs`): Big5 bytes are nearly always valid GBK too, so only the
//! characters they make can tell the two apart.

use std::fmt;

use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::DataError;
use crate::lang::Text;

/// How the bytes of a text table were decoded, and the user's choice when detection is not
/// wanted ([`decode_text_as`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 after a byte-order mark (as Excel saves "CSV UTF-8"); the mark is not in the text.
    Utf8Bom,
    /// GBK and GB2312 are subsets of GB18030: one decoder reads all three.
    Gb18030,
    /// Big5, as Excel in Taiwan or Hong Kong (or a 繁體 Windows) saves a CSV.
    Big5,
    /// UTF-16 little-endian, as Excel saves "Unicode Text" (with a BOM) on Windows.
    Utf16Le,
    /// UTF-16 big-endian.
    Utf16Be,
    /// UTF-8 with every byte that is not UTF-8 (and every control character) read as `�`
    /// U+FFFD: only on the user's choice, for a file with a row saved in another encoding.
    Utf8Replacing,
}

impl TextEncoding {
    /// The encodings a user can choose, with the key the CLI's `--encoding` takes.
    pub const CHOICES: [(&'static str, TextEncoding); 6] = [
        ("utf8", TextEncoding::Utf8),
        ("gbk", TextEncoding::Gb18030),
        ("big5", TextEncoding::Big5),
        ("utf16le", TextEncoding::Utf16Le),
        ("utf16be", TextEncoding::Utf16Be),
        ("utf8-replace", TextEncoding::Utf8Replacing),
    ];

    fn decoder(self) -> &'static Encoding {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom | TextEncoding::Utf8Replacing => UTF_8,
            TextEncoding::Gb18030 => GB18030,
            TextEncoding::Big5 => BIG5,
            TextEncoding::Utf16Le => UTF_16LE,
            TextEncoding::Utf16Be => UTF_16BE,
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Gb18030 => "GBK/GB18030",
            TextEncoding::Big5 => "Big5",
            TextEncoding::Utf16Le => "UTF-16 LE",
            TextEncoding::Utf16Be => "UTF-16 BE",
            TextEncoding::Utf8Replacing => "UTF-8, other bytes as �",
        })
    }
}

/// What every message that asks the user to choose an encoding names (the CLI's flag); the page
/// offers its choice of [`TextEncoding::CHOICES`] under a message that does.
pub const ASKS_FOR_ENCODING: &str = "--encoding";

/// [`decode_text_as`] with the encoding detected.
pub fn decode_text(file: &str, bytes: &[u8]) -> Result<(String, TextEncoding), DataError> {
    decode_text_as(file, bytes, None)
}

/// The text of `bytes` in the `chosen` encoding, or in the one detected from a byte-order mark,
/// UTF-16's zero bytes, UTF-8's validity, else GBK or Big5. Errors name the row (1-based line)
/// where the text breaks: bytes of no encoding, a row in another encoding than the rest, a
/// control character (a binary file), or a file that reads as GBK and as Big5 alike.
pub fn decode_text_as(
    file: &str,
    bytes: &[u8],
    chosen: Option<TextEncoding>,
) -> Result<(String, TextEncoding), DataError> {
    let (text, encoding) = match chosen {
        Some(TextEncoding::Utf8Replacing) => {
            let text = String::from_utf8_lossy(strip_bom(bytes));
            let text = text.replace(is_stray_control, "\u{FFFD}");
            return Ok((text, TextEncoding::Utf8Replacing));
        }
        Some(encoding) => (strict(file, bytes, encoding)?, encoding),
        None => detect(file, bytes)?,
    };
    if let Some((at, c)) = text.char_indices().find(|(_, c)| is_stray_control(*c)) {
        let row = line_of(text.as_bytes(), at);
        let code = c as u32;
        return Err(DataError::row(
            file,
            row,
            Text::new(
                format!(
                    "不是 CSV、XLSX 或 JSON 表格：此行有控制字符 U+{code:04X}（可能是二进制文件；若只有这一处，可选择“按 UTF-8 读取，其余字节记为 �”，命令行 --encoding utf8-replace）"
                ),
                format!(
                    "not a CSV, XLSX or JSON table: control character U+{code:04X} in this row (a binary file? if it is the only one, choose to read the file as UTF-8 with other bytes as �: --encoding utf8-replace in the CLI)"
                ),
            ),
        ));
    }
    Ok((text, encoding))
}

fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\r' | '\n')
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The 1-based line of byte offset `at`.
fn line_of(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

/// `bytes` in `encoding` (its BOM skipped), or an error naming the row where they stop being it.
fn strict(file: &str, bytes: &[u8], encoding: TextEncoding) -> Result<String, DataError> {
    let decoder = encoding.decoder();
    let body = match encoding {
        TextEncoding::Utf16Le => bytes.strip_prefix(b"\xFF\xFE").unwrap_or(bytes),
        TextEncoding::Utf16Be => bytes.strip_prefix(b"\xFE\xFF").unwrap_or(bytes),
        _ => strip_bom(bytes),
    };
    if let Some(text) = decoder.decode_without_bom_handling_and_without_replacement(body) {
        return Ok(text.into_owned());
    }
    // Where it breaks: the first U+FFFD of a lossy reading, as a line of that reading.
    let (lossy, _) = decoder.decode_without_bom_handling(body);
    let at = lossy.find('\u{FFFD}').unwrap_or(0);
    let row = line_of(lossy.as_bytes(), at);
    Err(DataError::row(
        file,
        row,
        Text::new(
            format!("此行的字节不是 {encoding} 文本，文件其余部分按 {encoding} 读取（可能是二进制文件，或这一行以另一种编码保存）；可选择另一种编码（命令行 --encoding）"),
            format!("the bytes of this row are not {encoding} text, which the file is read as (a binary file, or a row saved in another encoding?); choose another encoding (--encoding in the CLI)"),
        ),
    ))
}

/// The encoding of a file nobody named, and its text.
fn detect(file: &str, bytes: &[u8]) -> Result<(String, TextEncoding), DataError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return utf8_or_mixed(file, bytes, TextEncoding::Utf8Bom);
    }
    if bytes.starts_with(b"\xFF\xFE") {
        let encoding = TextEncoding::Utf16Le;
        return Ok((strict(file, bytes, encoding)?, encoding));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        let encoding = TextEncoding::Utf16Be;
        return Ok((strict(file, bytes, encoding)?, encoding));
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        if let Ok(text) = strict(file, bytes, encoding) {
            return Ok((text, encoding));
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), TextEncoding::Utf8));
    }
    if mostly_utf8(bytes) {
        return utf8_or_mixed(file, bytes, TextEncoding::Utf8);
    }
    legacy_chinese(file, bytes)
}

/// UTF-16 without a BOM: a table's digits, delimiters and line ends are ASCII, whose other byte
/// is zero, so zeros fill one parity of the first bytes and not the other.
fn utf16_without_bom(bytes: &[u8]) -> Option<TextEncoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    let units = head.len() / 2;
    if units < 4 {
        return None;
    }
    let zeros_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|b| **b == 0);
    let (even, odd) = (zeros_at(0).count(), zeros_at(1).count());
    let many = units * 3 / 10;
    let few = units / 50;
    if odd >= many && even <= few {
        Some(TextEncoding::Utf16Le)
    } else if even >= many && odd <= few {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// Whether the lines that are valid UTF-8 and hold Chinese outnumber the lines that are not
/// UTF-8: a UTF-8 file with a row pasted from a GBK one, rather than a GBK file (a short GBK
/// line can happen to be valid UTF-8, but then it makes Cyrillic or Latin letters, not Chinese).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut chinese, mut broken) = (0usize, 0usize);
    for line in bytes.split(|b| *b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(text) if text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) => {
                chinese += 1
            }
            Ok(_) => {}
            Err(_) => broken += 1,
        }
    }
    chinese > broken
}

/// A UTF-8 file, or an error naming the first row that is not UTF-8 and how many are not.
fn utf8_or_mixed(
    file: &str,
    bytes: &[u8],
    encoding: TextEncoding,
) -> Result<(String, TextEncoding), DataError> {
    let body = strip_bom(bytes);
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok((text.to_string(), encoding));
    }
    let bad_rows: Vec<usize> = body
        .split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, line)| std::str::from_utf8(line).is_err())
        .map(|(index, _)| index + 1)
        .collect();
    let first = bad_rows[0];
    let all = bad_rows.len();
    let gbk = GB18030
        .decode_without_bom_handling_and_without_replacement(
            body.split(|b| *b == b'\n')
                .nth(first - 1)
                .unwrap_or_default(),
        )
        .map(|t| t.trim().to_string());
    let (hint_zh, hint_en) = match gbk {
        Some(t) => (
            format!("（按 GBK 读是“{t}”）"),
            format!(" (read as GBK: \"{t}\")"),
        ),
        None => (String::new(), String::new()),
    };
    let (more_zh, more_en) = match all - 1 {
        0 => (String::new(), String::new()),
        more => (
            format!("，另有 {more} 行也不是"),
            format!(", nor are {more} more rows"),
        ),
    };
    Err(DataError::row(
        file,
        first,
        Text::new(
            format!(
                "文件是 UTF-8，但此行不是{hint_zh}{more_zh}：可能是从另一种编码的表格粘贴而来；请另存为 UTF-8，或选择“按 UTF-8 读取，其余字节记为 �”（命令行 --encoding utf8-replace）"
            ),
            format!(
                "the file is UTF-8 but this row is not{hint_en}{more_en}: pasted from a table in another encoding? Save it again as UTF-8, or choose to read it as UTF-8 with other bytes as � (--encoding utf8-replace in the CLI)"
            ),
        ),
    ))
}

/// GBK/GB18030 or Big5, as `chardetng` tells them apart; when it cannot, both readings' headers.
/// The detector reads the bytes without copying them, so a large file is decoded once when the
/// detector is sure, and twice only when it is not.
fn legacy_chinese(file: &str, bytes: &[u8]) -> Result<(String, TextEncoding), DataError> {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let (guess, sure) = detector.guess_assess(None, false);
    let decode = |encoding: &'static Encoding| {
        encoding
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|t| t.into_owned())
    };
    let guessed = match guess {
        g if sure && g == BIG5 => Some((BIG5, TextEncoding::Big5)),
        g if sure && g == encoding_rs::GBK => Some((GB18030, TextEncoding::Gb18030)),
        _ => None,
    };
    if let Some((decoder, encoding)) = guessed {
        // Sure of one, but its bytes break somewhere: the other would only read them garbled.
        return decode(decoder)
            .map(|text| (text, encoding))
            .ok_or_else(|| not_text(file, bytes));
    }
    let (gbk, big5) = match (decode(GB18030), decode(BIG5)) {
        (Some(gbk), None) => return Ok((gbk, TextEncoding::Gb18030)),
        (None, Some(big5)) => return Ok((big5, TextEncoding::Big5)),
        (None, None) => return Err(not_text(file, bytes)),
        (Some(gbk), Some(big5)) => (gbk, big5),
    };
    let first_line = |text: &str| {
        text.lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let (as_gbk, as_big5) = (first_line(&gbk), first_line(&big5));
    Err(DataError::row(
        file,
        1,
        Text::new(
            format!(
                "无法判断文件是 GBK（简体）还是 Big5（繁體）：按 GBK 读，表头是“{as_gbk}”；按 Big5 读，表头是“{as_big5}”。请选择编码（命令行 --encoding gbk 或 --encoding big5）"
            ),
            format!(
                "cannot tell whether the file is GBK (simplified) or Big5 (traditional): read as GBK its header is \"{as_gbk}\", read as Big5 it is \"{as_big5}\". Choose the encoding (--encoding gbk or --encoding big5 in the CLI)"
            ),
        ),
    ))
}

/// Bytes that no encoding here reads: the row where UTF-8 breaks.
fn not_text(file: &str, bytes: &[u8]) -> DataError {
    let at = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    DataError::row(
        file,
        line_of(bytes, at),
        Text::new(
            "不是 CSV、XLSX 或 JSON 表格：从此行起既不是 UTF-8、UTF-16，也不是 GBK/GB18030 或 Big5 文本（可能是二进制文件）",
            "not a CSV, XLSX or JSON table: from this row on the bytes are neither UTF-8, UTF-16, GBK/GB18030 nor Big5 text (a binary file?)",
        ),
    )
}
