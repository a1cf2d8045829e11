//! The verdict: one sentence per status, in either language, that says where the region stands
//! and the numbers behind it.

use crate::lang::Lang;

use super::assessment::{Assessment, Status};
use super::facts::{latest, Milestone};
use super::format::{fmt_date, fmt_deadline, fmt_month, fmt_pace, fmt_span};

/// The verdict on `a` in `lang`; empty for a region met by no figure at all (which the
/// assessment never makes).
pub(super) fn verdict(a: &Assessment, lang: Lang) -> String {
    let v = Verdict::new(a, lang);
    match a.status {
        Status::Met => v.met(),
        Status::DenominatorNeeded => v.denominator_needed(),
        Status::NoDeadline => v.no_deadline(),
        Status::Overdue => v.overdue(),
        Status::DeadlinePassedNoFigure => v.deadline_passed_no_figure(),
        Status::PaceUnknown | Status::AtRisk | Status::OnTrack => v.pace(),
        Status::NoTarget => v.no_target(),
    }
}

/// The plan's headline: its words before the first explanation in brackets or semicolon.
fn plan_headline(plan: &str) -> &str {
    let end = [" (", "（", ";", "；"]
        .iter()
        .filter_map(|sep| plan.find(sep))
        .min()
        .unwrap_or(plan.len());
    // The English note quotes the plan's words: the verdict puts its own marks around them.
    plan[..end]
        .trim()
        .trim_start_matches(['“', '「'])
        .trim_end_matches(['”', '」'])
}

/// What every verdict sentence draws on.
struct Verdict<'a> {
    a: &'a Assessment,
    lang: Lang,
    zh: bool,
    latest: Option<&'a Milestone>,
    /// The deadline as the plans word it; empty when there is none.
    deadline: String,
    /// Townships to cover; 0 when unknown.
    target: u32,
}

impl<'a> Verdict<'a> {
    fn new(a: &'a Assessment, lang: Lang) -> Verdict<'a> {
        Verdict {
            a,
            lang,
            zh: lang == Lang::Zh,
            latest: latest(&a.milestones),
            deadline: a
                .deadline
                .map(|d| fmt_deadline(&d, lang))
                .unwrap_or_default(),
            target: a.target_townships.unwrap_or(0),
        }
    }

    /// "101/140", or "16（全部）" / "16 (all)" when neither target nor figure gives a total.
    fn count(&self, m: &Milestone) -> String {
        match self.a.target_townships.or(m.total) {
            Some(t) => format!("{}/{t}", m.covered),
            None if self.zh => format!("{}（全部）", m.covered),
            None => format!("{} (all)", m.covered),
        }
    }

    fn date(&self, m: &Milestone) -> String {
        fmt_date(&m.date, self.lang)
    }

    fn remaining(&self) -> u32 {
        self.a.remaining.unwrap_or(0)
    }

    /// "Met: 16/16 by 2021, 2 years before the end-2023 deadline".
    fn met(&self) -> String {
        let Some(base) = self.met_by() else {
            return String::new();
        };
        let (lang, deadline) = (self.lang, &self.deadline);
        match self.a.lead_days {
            Some(l) if l > 0 && self.zh => {
                format!("{base}，比{deadline}的期限提前{}", fmt_span(l, lang))
            }
            Some(l) if l > 0 => {
                format!(
                    "{base}, {} before the {deadline} deadline",
                    fmt_span(l, lang)
                )
            }
            Some(l) if l < 0 && self.zh => {
                format!("{base}，比{deadline}的期限晚{}", fmt_span(l, lang))
            }
            Some(l) if l < 0 => {
                format!(
                    "{base}, {} after the {deadline} deadline",
                    fmt_span(l, lang)
                )
            }
            _ => base,
        }
    }

    /// "Met: 16/16 by 2021" from the figure that met the target for good, else "Met: 13/13
    /// (date not given)" from an undated one.
    fn met_by(&self) -> Option<String> {
        let a = self.a;
        let dated = a
            .met_on
            .and_then(|d| a.milestones.iter().find(|m| m.date == d));
        match (dated, a.undated.first()) {
            (Some(m), _) if self.zh => {
                Some(format!("已达成：{}达到{}", self.date(m), self.count(m)))
            }
            (Some(m), _) => Some(format!("Met: {} by {}", self.count(m), self.date(m))),
            (None, Some(u)) => {
                let n = match a.target_townships.or(u.total) {
                    Some(t) => format!("{}/{t}", u.covered),
                    None => u.covered.to_string(),
                };
                Some(if self.zh {
                    format!("已达成：{n}（未注明日期）")
                } else {
                    format!("Met: {n} (date not given)")
                })
            }
            (None, None) => None,
        }
    }

    /// "Denominator needed: the plan “…” gives no township count; latest: …".
    fn denominator_needed(&self) -> String {
        let plan = plan_headline(self.a.plan.get(self.lang));
        let plan_part = match (plan.is_empty(), self.zh) {
            (true, true) => "目标未给出乡镇总数".to_string(),
            (true, false) => "the target gives no township count".to_string(),
            (false, true) => format!("规划“{plan}”未给出乡镇总数"),
            (false, false) => format!("the plan “{plan}” gives no township count"),
        };
        let latest_part = self.latest_known();
        if self.zh {
            format!("缺少乡镇总数：{plan_part}{latest_part}")
        } else {
            format!("Denominator needed: {plan_part}{latest_part}")
        }
    }

    /// "; latest: 101 covered at 2023-12", else the first reported count of stations built;
    /// empty when there is neither.
    fn latest_known(&self) -> String {
        let lang = self.lang;
        let stations = self
            .a
            .station_counts
            .iter()
            .find_map(|s| s.built.map(|n| (n, &s.as_of)));
        match (self.latest, stations) {
            (Some(m), _) if self.zh => {
                format!("；最近：{}已覆盖{}个", self.date(m), m.covered)
            }
            (Some(m), _) => format!("; latest: {} covered at {}", m.covered, self.date(m)),
            (None, Some((n, as_of))) => {
                let when = as_of
                    .date
                    .map(|d| fmt_date(&d, lang))
                    .unwrap_or_else(|| as_of.note.get(lang).to_string());
                if self.zh {
                    format!("；最近：{when}已建{n}个站")
                } else {
                    format!("; latest: {n} stations built ({when})")
                }
            }
            (None, None) => String::new(),
        }
    }

    /// "No deadline: 101/140 at 2023-12, 39 to go".
    fn no_deadline(&self) -> String {
        let target = self.target;
        match self.latest {
            Some(m) if self.zh => format!(
                "未设期限：{}为{}，尚差{}个",
                self.date(m),
                self.count(m),
                self.remaining()
            ),
            Some(m) => format!(
                "No deadline: {} at {}, {} to go",
                self.count(m),
                self.date(m),
                self.remaining()
            ),
            None if self.zh => format!("未设期限：目标{target}个乡镇，尚无带日期的数据"),
            None => format!("No deadline: {target} townships to cover, no dated figure yet"),
        }
    }

    /// "Missed the end-2025 deadline: 130/140 at 2026-06, 10 short", or that the deadline passed
    /// with no newer figure to confirm it.
    fn overdue(&self) -> String {
        let deadline = &self.deadline;
        let since = self.a.no_figure_since_deadline;
        match self.latest {
            None if self.zh => format!("{deadline}的期限已过，尚无带日期的数据"),
            None => format!("The {deadline} deadline passed; no dated figure"),
            Some(m) if since && self.zh => format!(
                "{deadline}的期限已过，之后无新数据：{}为{}，尚差{}个",
                self.date(m),
                self.count(m),
                self.remaining()
            ),
            Some(m) if since => format!(
                "The {deadline} deadline passed with no newer figure: {} at {}, {} short",
                self.count(m),
                self.date(m),
                self.remaining()
            ),
            Some(m) if self.zh => format!(
                "未按期完成：{}为{}（期限{deadline}），尚差{}个",
                self.date(m),
                self.count(m),
                self.remaining()
            ),
            Some(m) => format!(
                "Missed the {deadline} deadline: {} at {}, {} short",
                self.count(m),
                self.date(m),
                self.remaining()
            ),
        }
    }

    /// "Deadline passed, no figure: the end-2025 deadline has passed and no figure counts
    /// 南明区's 23 townships; latest: 138 stations built (2023-03-20)".
    fn deadline_passed_no_figure(&self) -> String {
        let (deadline, target, name) = (&self.deadline, self.target, &self.a.name);
        let latest_part = self.latest_known();
        if self.zh {
            format!(
                "期限已过·无数据：{deadline}的期限已过，尚无统计{name}{target}个乡镇覆盖情况的数据{latest_part}"
            )
        } else {
            format!(
                "Deadline passed, no figure: the {deadline} deadline has passed and no figure \
                 counts {name}'s {target} townships{latest_part}"
            )
        }
    }

    /// "On track: needs 1.6 stations a month to reach 140 by end-2025; pace so far 3.4,
    /// finishing 2024-12", with "At risk: " or no prefix (pace unknown).
    fn pace(&self) -> String {
        let (deadline, target) = (&self.deadline, self.target);
        let Some(req) = self.a.required_pace_per_month else {
            return if self.zh {
                format!("{deadline}前需覆盖{target}个乡镇；尚无带日期的数据")
            } else {
                format!("{target} townships to cover by {deadline}; no dated figure yet")
            };
        };
        let need = if self.zh {
            format!("需每月新建{}个站，{deadline}达到{target}个", fmt_pace(req))
        } else {
            format!(
                "needs {} stations a month to reach {target} by {deadline}",
                fmt_pace(req)
            )
        };
        let so_far = self.pace_so_far();
        let prefix = match (self.a.status, self.zh) {
            (Status::AtRisk, true) => "有风险：",
            (Status::AtRisk, false) => "At risk: ",
            (Status::OnTrack, true) => "按期推进：",
            (Status::OnTrack, false) => "On track: ",
            _ => "",
        };
        let mut text = format!("{prefix}{need}{so_far}");
        if !self.zh && prefix.is_empty() {
            text[..1].make_ascii_uppercase();
        }
        text
    }

    /// "; pace so far 3.4, finishing 2024-12", or why there is no projection.
    fn pace_so_far(&self) -> String {
        let lang = self.lang;
        match (self.a.achieved_pace_per_month, self.a.projected_completion) {
            (None, _) if self.zh => "；仅一个数据点，此前速度未知".to_string(),
            (None, _) => "; pace so far unknown (one dated figure)".to_string(),
            (Some(p), Some(end)) if self.zh => format!(
                "；此前每月{}个，预计{}完成",
                fmt_pace(p),
                fmt_month(&end, lang)
            ),
            (Some(p), Some(end)) => format!(
                "; pace so far {}, finishing {}",
                fmt_pace(p),
                fmt_month(&end, lang)
            ),
            (Some(p), None) if self.zh => format!("；此前每月{}个，无进展", fmt_pace(p)),
            (Some(p), None) => format!("; pace so far {}, no progress", fmt_pace(p)),
        }
    }

    /// "No target: 33/33 at 2023".
    fn no_target(&self) -> String {
        match self.latest {
            Some(m) if self.zh => format!("无目标：{}为{}", self.date(m), self.count(m)),
            Some(m) => format!("No target: {} at {}", self.count(m), self.date(m)),
            None if self.zh => "无目标".to_string(),
            None => "No target".to_string(),
        }
    }
}
