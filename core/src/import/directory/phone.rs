//! Telephone numbers as bureaus write them: office lines with an area code (`0851-8123456`,
//! `(0857)8223344`, `0857 822 3344转801`), local lines without one, service hotlines (`12345`,
//! `400-800-1234`) and mobiles (`138 0851 1234`, `+86 13808511234`). A mobile is a person's
//! number, so the directory withholds it unless its column is chosen
//! ([`super::privacy`]); a cell that is not a number at all is reported.

pub use crate::data::directory::{Phone, PhoneKind};

/// What a phone cell holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneCell {
    /// The numbers read, in the cell's order.
    pub phones: Vec<Phone>,
    /// Parts of the cell that are not telephone numbers, as written.
    pub not_phones: Vec<String>,
}

/// Words that say "no number" rather than give one.
const NONE_WORDS: &[&str] = &["无", "暂无", "空", "-", "—", "/", "／", "无电话", "待定"];

/// Splits a cell into its numbers: on commas, semicolons, slashes, 、, line breaks and 或/和.
fn parts(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([',', '，', ';', '；', '/', '／', '、', '\n', '或', '和', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// Reads a phone cell.
pub fn read_phones(cell: &str) -> PhoneCell {
    let mut out = PhoneCell {
        phones: Vec::new(),
        not_phones: Vec::new(),
    };
    if NONE_WORDS.contains(&cell.trim()) {
        return out;
    }
    for part in parts(cell) {
        match read_phone(part) {
            Some(phone) => out.phones.push(phone),
            None => out.not_phones.push(part.to_string()),
        }
    }
    out
}

/// One number, or `None` when `part` is not a telephone number.
pub fn read_phone(part: &str) -> Option<Phone> {
    let (number, extension) = split_extension(part);
    let label_free = number
        .trim_start_matches(|c: char| !c.is_ascii_digit() && c != '+' && c != '(' && c != '（');
    let mut digits = String::new();
    for c in label_free.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '(' | ')' | '（' | '）' | '+' | '－' | '—' | '.' | '\u{3000}' => {}
            _ => return None,
        }
    }
    if let Some(rest) = digits.strip_prefix("0086").or_else(|| {
        (label_free.trim_start().starts_with("+86") || digits.len() == 13)
            .then(|| digits.strip_prefix("86"))
            .flatten()
    }) {
        digits = rest.to_string();
    }
    let kind = classify(&digits)?;
    let mut tel = match kind {
        PhoneKind::Mobile | PhoneKind::Office if digits.starts_with('0') => {
            format!("+86{}", &digits[1..])
        }
        PhoneKind::Mobile => format!("+86{digits}"),
        PhoneKind::Hotline if digits.len() == 10 => format!("+86{digits}"),
        _ => digits.clone(),
    };
    if !extension.is_empty() {
        tel = format!("{tel},{extension}");
    }
    Some(Phone {
        shown: part.trim().to_string(),
        tel,
        kind,
    })
}

/// The number before an extension (`转801`, `分机801`, `ext. 801`) and the
/// extension's digits.
fn split_extension(part: &str) -> (&str, String) {
    for mark in ["转", "分机", "ext.", "ext", "EXT", "x"] {
        if let Some((number, ext)) = part.split_once(mark) {
            let digits: String = ext.chars().filter(char::is_ascii_digit).collect();
            if !digits.is_empty() && ext.trim().chars().all(|c| c.is_ascii_digit() || c == ' ') {
                return (number, digits);
            }
        }
    }
    (part, String::new())
}

/// The kind of a number from its digits (country code removed); `None` when no kind fits.
fn classify(digits: &str) -> Option<PhoneKind> {
    let len = digits.len();
    let first = digits.chars().next()?;
    let second = digits.chars().nth(1).unwrap_or('0');
    if len == 11 && first == '1' && ('3'..='9').contains(&second) {
        return Some(PhoneKind::Mobile);
    }
    if (len == 10 && (digits.starts_with("400") || digits.starts_with("800")))
        || (len == 5 && (first == '1' || first == '9'))
    {
        return Some(PhoneKind::Hotline);
    }
    // 0 + a 2–3 digit area code + a 7–8 digit local number.
    if first == '0' && second != '0' && (10..=12).contains(&len) {
        return Some(PhoneKind::Office);
    }
    if (7..=8).contains(&len) && ('2'..='8').contains(&first) {
        return Some(PhoneKind::Office);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Option<PhoneKind> {
        read_phone(s).map(|p| p.kind)
    }

    #[test]
    fn the_numbers_bureaus_write() {
        use PhoneKind::*;
        assert_eq!(kind("0857-8223344"), Some(Office));
        assert_eq!(kind("（0857）8223344"), Some(Office));
        assert_eq!(kind("010-12345678"), Some(Office));
        assert_eq!(kind("8223344"), Some(Office));
        assert_eq!(kind("12345"), Some(Hotline));
        assert_eq!(kind("400-800-1234"), Some(Hotline));
        assert_eq!(kind("138 0851 1234"), Some(Mobile));
        assert_eq!(kind("+86 138-0851-1234"), Some(Mobile));
        assert_eq!(kind("8613808511234"), Some(Mobile));
        assert_eq!(kind("电话：0857-8223344"), Some(Office));
        assert_eq!(kind("123"), None);
        assert_eq!(kind("0857-82"), None);
        assert_eq!(kind("12808511234"), None);
        assert_eq!(kind("见公示栏"), None);
        assert_eq!(
            kind("8578223344"),
            None,
            "an area code that lost its 0 is not guessed"
        );
    }

    #[test]
    fn tel_links_dial_the_whole_number() {
        let p = read_phone("0857-8223344转801").unwrap();
        assert_eq!(
            (p.tel.as_str(), p.kind),
            ("+868578223344,801", PhoneKind::Office)
        );
        assert_eq!(read_phone("12345").unwrap().tel, "12345");
        assert_eq!(read_phone("138 0851 1234").unwrap().tel, "+8613808511234");
        assert_eq!(read_phone("400-800-1234").unwrap().tel, "+864008001234");
    }

    #[test]
    fn a_cell_with_several_numbers_and_words() {
        let cell = read_phones("0857-8223344 / 13808511234，见公示栏");
        let kinds: Vec<PhoneKind> = cell.phones.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [PhoneKind::Office, PhoneKind::Mobile]);
        assert_eq!(cell.not_phones, ["见公示栏"]);
        assert_eq!(read_phones("暂无").phones, []);
        assert_eq!(read_phones("暂无").not_phones, Vec::<String>::new());
    }
}
