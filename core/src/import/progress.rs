//! How far an import has got, for the page's progress bar. The import runs in a web worker;
//! each step it reports crosses to the page as one message, so steps are thinned to about one
//! per percent of a phase.

/// The phases of an import, in the order they happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Phase {
    /// The worker is loading the registry it joins against.
    Starting,
    /// Bytes of the file read so far.
    Reading,
    /// Text decoded and parsed into rows or features (bytes or rows done).
    Parsing,
    /// Rows joined to the registry, or features checked and joined.
    Joining,
    /// Coordinates compared with the shipped county outlines.
    Comparing,
}

impl Phase {
    /// The phase as the progress bar words it, in `lang`; it says what is under way, not how far.
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        use crate::lang::Lang::{En, Zh};
        match (self, lang) {
            (Phase::Starting, Zh) => "正在启动导入程序（加载区划名录）",
            (Phase::Starting, En) => "Starting the importer (loading the registry)",
            (Phase::Reading, Zh) => "正在读取文件",
            (Phase::Reading, En) => "Reading the file",
            (Phase::Parsing, Zh) => "正在解析",
            (Phase::Parsing, En) => "Parsing",
            (Phase::Joining, Zh) => "正在匹配与检查",
            (Phase::Joining, En) => "Joining and checking",
            (Phase::Comparing, Zh) => "正在与县界比对坐标",
            (Phase::Comparing, En) => "Comparing coordinates with the county outlines",
        }
    }
}

/// One report: `done` of `total` units of `phase`. `total == 0` means the amount is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Step {
    /// The phase this step measures; each phase counts from 0 again.
    pub phase: Phase,
    /// Units done so far, counted from the start of the phase: bytes while reading and while
    /// parsing a CSV (of its decoded text), rows of a sheet, JSON array or join, features of a
    /// boundary join; comparing counts one unit for the whole comparison.
    pub done: u64,
    /// Units in the whole phase, in the same units as `done`; 0 when unknown (the registry
    /// loading, a GeoJSON parse) or when the phase is empty.
    pub total: u64,
}

impl Step {
    /// Share of the phase done, 0–1; `None` when the total is unknown.
    pub fn fraction(&self) -> Option<f64> {
        (self.total > 0).then(|| (self.done as f64 / self.total as f64).clamp(0.0, 1.0))
    }
}

/// A sink that drops every step, for callers that do not watch.
pub fn ignore(_: Step) {}

/// Reports `done` of `total` for one phase at the start, every percent, and at the end.
pub struct Ticker<'a> {
    sink: &'a mut dyn FnMut(Step),
    phase: Phase,
    total: u64,
    next_at: u64,
}

impl<'a> Ticker<'a> {
    /// Begins `phase`, reporting `0` of `total` at once so the bar changes label before any work.
    /// A `total` of 0 gives only that step and the one from [`Ticker::finish`], both "unknown".
    pub fn start(sink: &'a mut dyn FnMut(Step), phase: Phase, total: u64) -> Ticker<'a> {
        sink(Step {
            phase,
            done: 0,
            total,
        });
        Ticker {
            sink,
            phase,
            total,
            next_at: (total / 100).max(1),
        }
    }

    /// Notes that `done` units (a running count, not an increment) are done, reporting a step
    /// only once about a percent of `total` has passed since the last one. Counts at or past
    /// `total` are not reported: the end is [`Ticker::finish`]'s.
    pub fn tick(&mut self, done: u64) {
        if done >= self.next_at && done < self.total {
            (self.sink)(Step {
                phase: self.phase,
                done,
                total: self.total,
            });
            self.next_at = done + (self.total / 100).max(1);
        }
    }

    /// Reports the phase complete (`total` of `total`), however far the ticks got; ends the ticker.
    pub fn finish(self) {
        (self.sink)(Step {
            phase: self.phase,
            done: self.total,
            total: self.total,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phase_reports_about_once_a_percent() {
        let mut steps = Vec::new();
        let mut record = |s: Step| steps.push(s);
        let mut ticker = Ticker::start(&mut record, Phase::Joining, 10_000);
        for done in 1..10_000 {
            ticker.tick(done);
        }
        ticker.finish();
        assert_eq!(steps.first().unwrap().done, 0);
        assert_eq!(steps.last().unwrap().done, 10_000);
        assert!((99..=102).contains(&steps.len()), "{} steps", steps.len());
        assert!(steps.windows(2).all(|w| w[0].done < w[1].done));
        assert_eq!(steps[50].fraction(), Some(0.5));
    }

    #[test]
    fn small_and_unknown_totals() {
        let mut steps = Vec::new();
        let mut record = |s: Step| steps.push(s);
        let mut ticker = Ticker::start(&mut record, Phase::Parsing, 3);
        ticker.tick(1);
        ticker.tick(2);
        ticker.finish();
        assert_eq!(
            steps.iter().map(|s| s.done).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        let unknown = Step {
            phase: Phase::Parsing,
            done: 5,
            total: 0,
        };
        assert_eq!(unknown.fraction(), None);
    }
}
