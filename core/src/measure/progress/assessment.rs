//! The answer for one region: its [`Status`] against the deadline and the numbers behind it.

use crate::data::code::RegionCode;
use crate::data::model::Citation;
use crate::date::{Day, PartialDate};
use crate::lang::Lang;

use super::facts::{Milestone, StationCount, UndatedFigure};

/// Where a region stands against its deadline; variants are in board order, most urgent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Status {
    /// The deadline has passed below target.
    Overdue,
    /// The deadline has passed and no figure counts the region's townships at all: nothing
    /// says whether it was met, so it is not called a miss.
    DeadlinePassedNoFigure,
    /// The achieved pace finishes after the deadline, or makes no progress.
    AtRisk,
    /// The deadline is ahead, but fewer than two dated figures give no pace.
    PaceUnknown,
    /// The achieved pace finishes by the deadline.
    OnTrack,
    /// A township count but no deadline.
    NoDeadline,
    /// No township count in the target, any figure or the registry (the nation's goal, which
    /// counts the townships of its own year): nothing to measure against.
    DenominatorNeeded,
    /// The target is reached.
    Met,
    /// Figures but no target.
    NoTarget,
}

impl Status {
    /// The status as the board shows it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Overdue, Lang::Zh) => "逾期",
            (Status::Overdue, Lang::En) => "overdue",
            (Status::DeadlinePassedNoFigure, Lang::Zh) => "期限已过·无数据",
            (Status::DeadlinePassedNoFigure, Lang::En) => "deadline passed, no figure",
            (Status::AtRisk, Lang::Zh) => "有风险",
            (Status::AtRisk, Lang::En) => "at risk",
            (Status::PaceUnknown, Lang::Zh) => "进度未知",
            (Status::PaceUnknown, Lang::En) => "pace unknown",
            (Status::OnTrack, Lang::Zh) => "按期推进",
            (Status::OnTrack, Lang::En) => "on track",
            (Status::NoDeadline, Lang::Zh) => "未设期限",
            (Status::NoDeadline, Lang::En) => "no deadline",
            (Status::DenominatorNeeded, Lang::Zh) => "缺少乡镇总数",
            (Status::DenominatorNeeded, Lang::En) => "denominator needed",
            (Status::Met, Lang::Zh) => "已达成",
            (Status::Met, Lang::En) => "met",
            (Status::NoTarget, Lang::Zh) => "无目标",
            (Status::NoTarget, Lang::En) => "no target",
        }
    }
}

impl Status {
    /// A stable key for the open-data columns: the English label in snake case
    /// (`on_track`, `deadline_passed_no_figure`).
    pub fn key(self) -> String {
        self.label(Lang::En)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect::<String>()
            .split('_')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("_")
    }
}

/// One region's progress toward its full-coverage deadline. See the module docs for the rules.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Assessment {
    /// The region assessed.
    pub region: RegionCode,
    /// Its name.
    pub name: String,
    /// Where it stands; see the module docs for the rules.
    pub status: Status,
    /// Townships to cover: the target's count, else the latest reported township total.
    pub target_townships: Option<u32>,
    /// The deadline, as precise as the plan gives it: the target's own, else the nearest
    /// target's above it (a plan that names no date stands under the one above).
    pub deadline: Option<PartialDate>,
    /// The region whose target gives the deadline, when it is not the region's own.
    pub deadline_from: Option<RegionCode>,
    /// The township count is the 2023 registry's: neither the target nor any figure names one.
    pub townships_from_registry: bool,
    /// The target's own words, in both languages (e.g. 兰州's 一年试点、两年规范、三年提质、四年覆盖).
    pub plan: crate::lang::Text,
    /// The document the target comes from.
    pub target_source: Option<Citation>,
    /// Dated figures known by `today`, oldest first.
    pub milestones: Vec<Milestone>,
    /// Figures with a township count but no date: not on the timeline, still shown.
    pub undated: Vec<UndatedFigure>,
    /// Station counts reported without a township count.
    pub station_counts: Vec<StationCount>,
    /// Townships covered at the latest figure.
    pub covered: Option<u32>,
    /// Target minus covered at the latest figure (0 once met).
    pub remaining: Option<u32>,
    /// Months from the latest figure to the deadline: the span the required pace spreads the
    /// remaining townships over. Negative when the latest figure is after the deadline.
    pub months_left: Option<f64>,
    /// Months from `today` to the deadline; negative once it has passed.
    pub months_to_deadline: Option<f64>,
    /// Stations a month needed from the latest figure to reach the target by the deadline.
    /// For an overdue region this is the pace that *was* needed.
    pub required_pace_per_month: Option<f64>,
    /// Stations a month between the earliest and the latest figure; `None` with fewer than two
    /// dated figures.
    pub achieved_pace_per_month: Option<f64>,
    /// When the target is reached at the achieved pace, if it is positive.
    pub projected_completion: Option<PartialDate>,
    /// The figure that first showed the target met (for good).
    pub met_on: Option<PartialDate>,
    /// Deadline minus `met_on`, in days: positive = met early.
    pub lead_days: Option<i64>,
    /// The deadline has passed and no figure is dated after it.
    pub no_figure_since_deadline: bool,
    /// Townships the 2023 registry lists in the region (context only; never the denominator).
    pub registry_townships: u32,
    /// The verdict in Chinese: the status with the numbers behind it.
    pub verdict_zh: String,
    /// The verdict in English.
    pub verdict_en: String,
    /// Contradictions and gaps in the data, in words, never silently resolved.
    pub issues: Vec<String>,
}

impl Assessment {
    /// The verdict in `lang`.
    pub fn verdict(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.verdict_zh,
            Lang::En => &self.verdict_en,
        }
    }

    /// The deadline as a day number (the last day of its period).
    pub fn deadline_day(&self) -> Option<Day> {
        self.deadline.map(|d| d.last_day())
    }

    /// Distinct sources of the milestones, in first-use order.
    pub fn sources(&self) -> Vec<&Citation> {
        let mut seen: Vec<&Citation> = Vec::new();
        let all = self.milestones.iter().map(|m| &m.source);
        for source in all.chain(self.undated.iter().map(|u| &u.source)) {
            if !seen.contains(&source) {
                seen.push(source);
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_sort_most_urgent_first() {
        let mut s = vec![
            Status::Met,
            Status::DenominatorNeeded,
            Status::OnTrack,
            Status::DeadlinePassedNoFigure,
            Status::AtRisk,
            Status::Overdue,
        ];
        s.sort();
        assert_eq!(
            s,
            vec![
                Status::Overdue,
                Status::DeadlinePassedNoFigure,
                Status::AtRisk,
                Status::OnTrack,
                Status::DenominatorNeeded,
                Status::Met
            ]
        );
    }
}
