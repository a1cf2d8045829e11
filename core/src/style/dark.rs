//! The dark palette of the briefing display (presentation mode): the same classes, coloured so
//! each stands at least 3:1 against the dark background (WCAG 2.1 non-text contrast), with the
//! ramps running from dim to bright as the value rises, the way a dark display reads. The page
//! draws the map and the legend in these colours while presenting; exports stay on white with
//! [`Class::colour`].

use crate::style::classify::{Class, Rgb};

/// The presentation page's background.
pub const DARK_PAGE: Rgb = Rgb(0x0b, 0x0f, 0x17);
/// The grey of neighbouring regions around the focus on the dark map (the lighter of the two
/// backgrounds a class meets, so the stricter one).
pub const DARK_CONTEXT: Rgb = Rgb(0x16, 0x1d, 0x2a);

/// Coverage on dark, 0% to 100%: dim violet to bright yellow.
const COVERAGE_DARK: [Rgb; 6] = [
    Rgb(0x7b, 0x6f, 0xc4),
    Rgb(0x4f, 0x8f, 0xc0),
    Rgb(0x2f, 0xb1, 0xb0),
    Rgb(0x5c, 0xcf, 0x7f),
    Rgb(0xb5, 0xe0, 0x51),
    Rgb(0xfd, 0xe7, 0x25),
];
const STARS_DARK: [Rgb; 5] = [
    Rgb(0xb0, 0x71, 0x4a),
    Rgb(0xd1, 0x80, 0x3a),
    Rgb(0xec, 0x9a, 0x2c),
    Rgb(0xfb, 0xbd, 0x3f),
    Rgb(0xff, 0xe0, 0x8a),
];
const SHARE_DARK: [Rgb; 4] = [
    Rgb(0x9c, 0x5b, 0x8c),
    Rgb(0xc4, 0x5f, 0xa6),
    Rgb(0xe5, 0x7a, 0xc0),
    Rgb(0xff, 0xb3, 0xe0),
];

/// The fill of `class` on the dark display.
pub fn dark_colour(class: Class) -> Rgb {
    match class {
        Class::Zero => COVERAGE_DARK[0],
        Class::Bin(i) => COVERAGE_DARK[1 + usize::from(i).min(3)],
        Class::Full => COVERAGE_DARK[5],
        Class::Stars(n) => STARS_DARK[usize::from(n.clamp(1, 5)) - 1],
        Class::Excellent => Rgb(0xc9, 0xa6, 0xff),
        Class::Unrated => Rgb(0x9a, 0xa3, 0xb2),
        Class::RatedShare(i) => SHARE_DARK[usize::from(i).min(3)],
        Class::Met => Rgb(0x4f, 0x9b, 0xe0),
        Class::Overdue => Rgb(0xff, 0x5a, 0x6e),
        Class::NoData => Rgb(0x6b, 0x72, 0x80),
        // The rest are light enough on dark as they are.
        other => other.colour(),
    }
}

/// Relative luminance (WCAG 2.1) of an sRGB colour, 0 (black) to 1 (white).
pub fn relative_luminance(colour: Rgb) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(colour.0) + 0.7152 * channel(colour.1) + 0.0722 * channel(colour.2)
}

/// The WCAG contrast ratio of two colours, 1 to 21.
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_class() -> Vec<Class> {
        let mut all = vec![
            Class::Full,
            Class::Zero,
            Class::Partial,
            Class::Excellent,
            Class::Unrated,
            Class::Met,
            Class::OnTrack,
            Class::PaceUnknown,
            Class::AtRisk,
            Class::Overdue,
            Class::DeadlinePassedNoFigure,
            Class::DenominatorNeeded,
            Class::NoDeadline,
            Class::NoTarget,
            Class::NoData,
        ];
        all.extend((0..4).map(Class::Bin));
        all.extend((1..=5).map(Class::Stars));
        all.extend((0..4).map(Class::RatedShare));
        all
    }

    #[test]
    fn contrast_matches_the_wcag_examples() {
        let (black, white) = (Rgb(0, 0, 0), Rgb(255, 255, 255));
        assert!((contrast_ratio(black, white) - 21.0).abs() < 1e-9);
        // #777777 on white is the classic 4.48:1, just under AA.
        let grey = contrast_ratio(Rgb(0x77, 0x77, 0x77), white);
        assert!((grey - 4.48).abs() < 0.01, "{grey}");
    }

    #[test]
    fn every_class_stands_three_to_one_on_the_dark_backgrounds() {
        for class in every_class() {
            for background in [DARK_PAGE, DARK_CONTEXT] {
                let ratio = contrast_ratio(dark_colour(class), background);
                assert!(
                    ratio >= 3.0,
                    "{class:?} {} on {}: {ratio:.2}:1",
                    dark_colour(class).hex(),
                    background.hex()
                );
            }
        }
        // The light palette's 100% class fails on dark: that is why this palette exists.
        assert!(contrast_ratio(Class::Full.colour(), DARK_CONTEXT) < 3.0);
    }

    #[test]
    fn dark_ramps_brighten_as_the_value_rises() {
        let ramps: [Vec<Class>; 3] = [
            [Class::Zero]
                .into_iter()
                .chain((0..4).map(Class::Bin))
                .chain([Class::Full])
                .collect(),
            (1..=5).map(Class::Stars).collect(),
            (0..4).map(Class::RatedShare).collect(),
        ];
        for ramp in ramps {
            let lum: Vec<f64> = ramp
                .iter()
                .map(|c| relative_luminance(dark_colour(*c)))
                .collect();
            assert!(lum.windows(2).all(|w| w[0] < w[1]), "{ramp:?}: {lum:?}");
            // Neighbouring classes differ visibly in lightness, not by hue alone.
            for pair in ramp.windows(2) {
                let ratio = contrast_ratio(dark_colour(pair[0]), dark_colour(pair[1]));
                assert!(ratio >= 1.15, "{pair:?}: {ratio:.2}:1");
            }
        }
    }
}
