//! Coverage classes and their colours.
//!
//! Fixed bins rather than quantiles: coverage is read against a policy goal, so the bins are the
//! goal's milestones (none, under a quarter, half, three quarters, and full). Full coverage gets
//! a colour clearly darker than the 75–99% bin, because "met" is the answer most readers look for.
//! Sequential blues-greens (ColorBrewer YlGnBu) stay ordered in greyscale and for colour-blind
//! readers; "no data" is a neutral grey outside the ramp.

use crate::coverage::Coverage;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum CoverageClass {
    Full,
    From75,
    From50,
    From25,
    Above0,
    Zero,
    /// Some parts of the region are known; no percentage is claimed.
    Partial,
    NoData,
}

impl CoverageClass {
    pub const ALL: [CoverageClass; 8] = [
        CoverageClass::Full,
        CoverageClass::From75,
        CoverageClass::From50,
        CoverageClass::From25,
        CoverageClass::Above0,
        CoverageClass::Zero,
        CoverageClass::Partial,
        CoverageClass::NoData,
    ];

    pub fn of_pct(pct: f64) -> CoverageClass {
        if pct >= 100.0 {
            CoverageClass::Full
        } else if pct >= 75.0 {
            CoverageClass::From75
        } else if pct >= 50.0 {
            CoverageClass::From50
        } else if pct >= 25.0 {
            CoverageClass::From25
        } else if pct > 0.0 {
            CoverageClass::Above0
        } else {
            CoverageClass::Zero
        }
    }

    pub fn of(coverage: &Coverage) -> CoverageClass {
        match coverage {
            Coverage::Known { .. } => coverage
                .pct()
                .map_or(CoverageClass::NoData, CoverageClass::of_pct),
            Coverage::Partial { .. } => CoverageClass::Partial,
            Coverage::NoData { .. } => CoverageClass::NoData,
        }
    }

    pub fn colour(self) -> Rgb {
        match self {
            CoverageClass::Full => Rgb(0x0c, 0x2c, 0x84),
            CoverageClass::From75 => Rgb(0x22, 0x5e, 0xa8),
            CoverageClass::From50 => Rgb(0x1d, 0x91, 0xc0),
            CoverageClass::From25 => Rgb(0x41, 0xb6, 0xc4),
            CoverageClass::Above0 => Rgb(0xa1, 0xda, 0xb4),
            CoverageClass::Zero => Rgb(0xff, 0xff, 0xcc),
            CoverageClass::Partial => Rgb(0xc9, 0xbf, 0xd6),
            CoverageClass::NoData => Rgb(0xe3, 0xe3, 0xe3),
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            CoverageClass::Full => "全覆盖 100%",
            CoverageClass::From75 => "75%–<100%",
            CoverageClass::From50 => "50%–<75%",
            CoverageClass::From25 => "25%–<50%",
            CoverageClass::Above0 => "0%–<25%",
            CoverageClass::Zero => "0%",
            CoverageClass::Partial => "部分地区有数据",
            CoverageClass::NoData => "无数据",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            CoverageClass::Full => "full coverage",
            CoverageClass::From75 => "75 to under 100%",
            CoverageClass::From50 => "50 to under 75%",
            CoverageClass::From25 => "25 to under 50%",
            CoverageClass::Above0 => "above 0, under 25%",
            CoverageClass::Zero => "none",
            CoverageClass::Partial => "known for some parts only",
            CoverageClass::NoData => "no data",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_have_closed_lower_edges_and_full_stands_alone() {
        assert_eq!(CoverageClass::of_pct(100.0), CoverageClass::Full);
        assert_eq!(CoverageClass::of_pct(99.99), CoverageClass::From75);
        assert_eq!(CoverageClass::of_pct(75.0), CoverageClass::From75);
        assert_eq!(CoverageClass::of_pct(72.14), CoverageClass::From50);
        assert_eq!(CoverageClass::of_pct(25.0), CoverageClass::From25);
        assert_eq!(CoverageClass::of_pct(0.1), CoverageClass::Above0);
        assert_eq!(CoverageClass::of_pct(0.0), CoverageClass::Zero);
    }

    #[test]
    fn every_class_has_its_own_colour() {
        let mut colours: Vec<_> = CoverageClass::ALL.iter().map(|c| c.colour()).collect();
        colours.dedup();
        colours.sort_by_key(|c| c.hex());
        colours.dedup();
        assert_eq!(colours.len(), CoverageClass::ALL.len());
    }

    #[test]
    fn ramp_darkens_with_coverage_in_greyscale() {
        // Relative luminance must fall strictly from "none" to "full" so greyscale prints read.
        let luminance =
            |c: Rgb| 0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2);
        let ramp = [
            CoverageClass::Zero,
            CoverageClass::Above0,
            CoverageClass::From25,
            CoverageClass::From50,
            CoverageClass::From75,
            CoverageClass::Full,
        ];
        for pair in ramp.windows(2) {
            assert!(
                luminance(pair[0].colour()) > luminance(pair[1].colour()),
                "{:?} should be lighter than {:?}",
                pair[0],
                pair[1]
            );
        }
    }
}
