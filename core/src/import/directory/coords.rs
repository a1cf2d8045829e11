//! Reading the coordinates a bureau writes: decimal degrees (`106.9`), degrees, minutes and
//! seconds (`106°54′30″`, `106度54分30秒`, `E106°54'`), with a hemisphere letter or word
//! (`E`, `北纬`) where given; in two columns or in one cell (`106.9,25.1`, `25.1, 106.9`,
//! `东经106°54′ 北纬25°6′`). In one cell the order is read from the hemisphere marks, else from
//! China's ranges (longitude 73–136°, latitude 3–54°, which do not overlap).

use crate::lang::Text;

/// Which axis a hemisphere mark names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Axis {
    Lon,
    Lat,
}

/// One angle as written: its value in degrees (negative for W or S) and the axis its mark
/// names, if it has one.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Angle {
    degrees: f64,
    axis: Option<Axis>,
}

/// A point as read from the table, before any datum is applied.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReadPoint {
    /// Longitude in degrees as written.
    pub lon: f64,
    /// Latitude in degrees as written.
    pub lat: f64,
}

/// What the coordinate cells of one row say.
#[derive(Clone, Debug, PartialEq)]
pub enum CellPoint {
    /// No coordinate cell is filled: the station has no point, which is no fault.
    Missing,
    /// A point, in the longitude and latitude the cells give.
    Point(ReadPoint),
    /// The longitude column holds a latitude and the latitude column a longitude (both inside
    /// China's ranges the other way round): the columns are swapped, for this row at least.
    Swapped(ReadPoint),
    /// The cells cannot be read as coordinates: why, in words.
    Unreadable(Text),
}

/// Hemisphere marks at the start or end of an angle, longest first.
const MARKS: &[(&str, Axis, bool)] = &[
    ("东经", Axis::Lon, false),
    ("西经", Axis::Lon, true),
    ("北纬", Axis::Lat, false),
    ("南纬", Axis::Lat, true),
    ("经度", Axis::Lon, false),
    ("纬度", Axis::Lat, false),
    ("E", Axis::Lon, false),
    ("W", Axis::Lon, true),
    ("N", Axis::Lat, false),
    ("S", Axis::Lat, true),
];

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '，' | ';' | '；' | '/' | '、' | '|' | ':' | '：')
}

/// Reads a leading hemisphere mark of `s`.
fn mark(s: &str) -> Option<(Axis, bool, usize)> {
    let upper = s.get(..1).map(str::to_ascii_uppercase);
    MARKS.iter().find_map(|(m, axis, negative)| {
        let found = if m.is_ascii() {
            upper.as_deref() == Some(m)
        } else {
            s.starts_with(m)
        };
        found.then_some((*axis, *negative, m.len()))
    })
}

/// Reads a number at the start of `s`: digits with at most one point, an optional minus.
fn number(s: &str) -> Option<(f64, usize)> {
    let end = s
        .char_indices()
        .take_while(|(i, c)| c.is_ascii_digit() || *c == '.' || (*i == 0 && *c == '-'))
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    s[..end].parse::<f64>().ok().map(|v| (v, end))
}

fn skip_spaces(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\u{3000}']).len()
}

const DEGREE_MARKS: &[&str] = &["°", "度", "º"];
const MINUTE_MARKS: &[&str] = &["′", "分", "’", "'"];
const SECOND_MARKS: &[&str] = &["″", "秒", "”", "\"", "''"];

/// The bytes of `s` up to and including one of `marks`, after spaces.
fn unit(s: &str, marks: &[&str]) -> Option<usize> {
    let lead = skip_spaces(s);
    let m = marks.iter().find(|m| s[lead..].starts_with(**m))?;
    Some(lead + m.len())
}

/// A number followed by one of `marks`, after spaces: its value and the bytes used.
fn number_then_unit(s: &str, marks: &[&str]) -> Option<(f64, usize)> {
    let lead = skip_spaces(s);
    let (value, len) = number(&s[lead..])?;
    let used = unit(&s[lead + len..], marks)?;
    Some((value, lead + len + used))
}

/// Reads one angle at the start of `s` (after separators), returning it and the bytes used.
fn angle(s: &str) -> Option<(Angle, usize)> {
    let mut at = 0;
    let mut axis = None;
    let mut negative = false;
    if let Some((a, neg, len)) = mark(s) {
        (axis, negative) = (Some(a), neg);
        at += len;
        at += skip_spaces(&s[at..]);
    }
    let (mut degrees, len) = number(&s[at..])?;
    at += len;
    // Minutes and seconds follow a degree mark, each with its own mark.
    if let Some(used) = unit(&s[at..], DEGREE_MARKS) {
        at += used;
        if let Some((minutes, used)) = number_then_unit(&s[at..], MINUTE_MARKS) {
            degrees += minutes / 60.0;
            at += used;
            if let Some((seconds, used)) = number_then_unit(&s[at..], SECOND_MARKS) {
                degrees += seconds / 3600.0;
                at += used;
            }
        }
    }
    let rest = &s[at..];
    let lead = skip_spaces(rest);
    if axis.is_none() {
        if let Some((a, neg, len)) = mark(&rest[lead..]) {
            (axis, negative) = (Some(a), neg);
            at += lead + len;
        }
    }
    let degrees = if negative { -degrees.abs() } else { degrees };
    Some((Angle { degrees, axis }, at))
}

/// Every angle in `cell`, or the place where the text is not one.
fn angles(cell: &str) -> Result<Vec<Angle>, String> {
    let mut out = Vec::new();
    let mut s = cell.trim();
    loop {
        s = s.trim_start_matches(is_separator);
        if s.is_empty() {
            return Ok(out);
        }
        let (a, used) = angle(s).ok_or_else(|| s.chars().take(12).collect::<String>())?;
        out.push(a);
        s = &s[used..];
    }
}

/// In China's range of longitudes.
fn lon_like(v: f64) -> bool {
    (73.0..=136.0).contains(&v)
}

/// In China's range of latitudes.
fn lat_like(v: f64) -> bool {
    (3.0..=54.0).contains(&v)
}

fn unreadable(cell: &str, why_zh: &str, why_en: &str) -> CellPoint {
    CellPoint::Unreadable(Text::new(
        format!("坐标“{cell}”无法读取：{why_zh}"),
        format!("the coordinates {cell:?} cannot be read: {why_en}"),
    ))
}

/// One angle cell, as a longitude or latitude column holds it.
fn single(cell: &str) -> Result<Option<Angle>, CellPoint> {
    if cell.trim().is_empty() {
        return Ok(None);
    }
    match angles(cell) {
        Ok(list) if list.len() == 1 => Ok(Some(list[0])),
        Ok(_) => Err(unreadable(
            cell,
            "应为一个角度",
            "expected one angle in the cell",
        )),
        Err(at) => Err(unreadable(
            cell,
            &format!("“{at}”不是度数"),
            &format!("{at:?} is not degrees"),
        )),
    }
}

/// The point of a longitude cell and a latitude cell.
pub fn read_two(lon_cell: &str, lat_cell: &str) -> CellPoint {
    let (lon, lat) = match (single(lon_cell), single(lat_cell)) {
        (Err(e), _) | (_, Err(e)) => return e,
        (Ok(None), Ok(None)) => return CellPoint::Missing,
        (Ok(None), Ok(Some(_))) | (Ok(Some(_)), Ok(None)) => {
            return unreadable(
                format!("{lon_cell} {lat_cell}").trim(),
                "经度和纬度只填了一个",
                "only one of longitude and latitude is given",
            )
        }
        (Ok(Some(lon)), Ok(Some(lat))) => (lon, lat),
    };
    let point = ReadPoint {
        lon: lon.degrees,
        lat: lat.degrees,
    };
    let marked_swapped = lon.axis == Some(Axis::Lat) || lat.axis == Some(Axis::Lon);
    let ranges_swapped = lat_like(point.lon) && lon_like(point.lat);
    if marked_swapped || ranges_swapped {
        CellPoint::Swapped(point)
    } else {
        CellPoint::Point(point)
    }
}

/// The point of one cell holding both (`106.9,25.1`, `25.1, 106.9`, `东经106°54′ 北纬25°6′`).
pub fn read_one(cell: &str) -> CellPoint {
    if cell.trim().is_empty() {
        return CellPoint::Missing;
    }
    let list = match angles(cell) {
        Ok(list) => list,
        Err(at) => {
            return unreadable(
                cell,
                &format!("“{at}”不是度数"),
                &format!("{at:?} is not degrees"),
            )
        }
    };
    let [a, b] = list[..] else {
        return unreadable(
            cell,
            &format!("应为经度和纬度两个数，实有 {} 个", list.len()),
            &format!(
                "expected two numbers, longitude and latitude, found {}",
                list.len()
            ),
        );
    };
    let lat_first = match (a.axis, b.axis) {
        (Some(Axis::Lat), _) | (_, Some(Axis::Lon)) => true,
        (Some(Axis::Lon), _) | (_, Some(Axis::Lat)) => false,
        // No marks: China's ranges tell, and where they cannot, the order as written.
        _ => lat_like(a.degrees) && lon_like(b.degrees),
    };
    let (lon, lat) = if lat_first { (b, a) } else { (a, b) };
    CellPoint::Point(ReadPoint {
        lon: lon.degrees,
        lat: lat.degrees,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(c: CellPoint) -> (f64, f64) {
        match c {
            CellPoint::Point(p) => (p.lon, p.lat),
            other => panic!("{other:?}"),
        }
    }

    fn near(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6
    }

    #[test]
    fn one_cell_in_every_order_and_form() {
        for cell in [
            "106.9,25.1",
            "106.9， 25.1",
            "25.1, 106.9",
            "106.9 25.1",
            "E106.9 N25.1",
            "北纬25.1 东经106.9",
            "106.9E,25.1N",
        ] {
            assert!(near(point(read_one(cell)), (106.9, 25.1)), "{cell}");
        }
        let dms = point(read_one("106°54′30″E, 25°06′N"));
        assert!(
            near(dms, (106.0 + 54.0 / 60.0 + 30.0 / 3600.0, 25.1)),
            "{dms:?}"
        );
        let words = point(read_one("东经106度54分 北纬25度6分"));
        assert!(near(words, (106.9, 25.1)), "{words:?}");
        let ascii = point(read_one("106°54'30\" 25°6'"));
        assert!(near(ascii, (106.0 + 54.5 / 60.0, 25.1)), "{ascii:?}");
    }

    #[test]
    fn two_columns_and_their_faults() {
        assert!(near(point(read_two("106.9", "25.1")), (106.9, 25.1)));
        assert!(near(point(read_two("106°54′", "25°6′")), (106.9, 25.1)));
        assert_eq!(read_two("", " "), CellPoint::Missing);
        assert!(matches!(read_two("25.1", "106.9"), CellPoint::Swapped(_)));
        assert!(matches!(read_two("N25.1", "E106.9"), CellPoint::Swapped(_)));
        assert!(matches!(read_two("0", "0"), CellPoint::Point(_)));
        let CellPoint::Unreadable(why) = read_two("见附件", "25.1") else {
            panic!()
        };
        assert!(why.en.contains("\"见附件\" is not degrees"), "{why}");
        assert!(matches!(read_two("106.9", ""), CellPoint::Unreadable(_)));
        assert!(matches!(read_one("106.9"), CellPoint::Unreadable(_)));
        assert!(matches!(read_one("1,2,3"), CellPoint::Unreadable(_)));
    }
}
