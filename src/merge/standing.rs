//! How a target stands city-wide (已完成, 序时推进, 滞后, 仅报文字进展,
//! 暂无数据) and the counts of each: shared by 概况's summary and its draft
//! paragraphs.

use super::Progress;
use serde::Serialize;

/// How a target stands, city-wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Completed.
    Done,
    /// At or above the time elapsed; for a target never summed, no unit
    /// lagging but not every unit done yet.
    OnTrack,
    /// Below the time elapsed, or a unit short of its requirement.
    Lagging,
    /// Answered in words only.
    Reported,
    /// No figure and no words.
    NoFigure,
}

impl Standing {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Done => "done",
            Standing::OnTrack => "on_track",
            Standing::Lagging => "lagging",
            Standing::Reported => "reported",
            Standing::NoFigure => "no_figure",
        }
    }

    /// The words on 概况.
    pub fn word(self) -> &'static str {
        match self {
            Standing::Done => "已完成",
            Standing::OnTrack => "序时推进",
            Standing::Lagging => "滞后",
            Standing::Reported => "仅报文字进展",
            Standing::NoFigure => "暂无数据",
        }
    }

    /// The year-end evaluation (综合评价) of a target or a unit's line:
    /// 完成 / 未完成, or why neither can be said.
    pub fn evaluation(self) -> &'static str {
        match self {
            Standing::Done => "完成",
            Standing::OnTrack | Standing::Lagging => "未完成",
            Standing::Reported => "待评定（文字进展）",
            Standing::NoFigure => "无数据",
        }
    }

    /// The standing of one unit's line.
    pub fn of_line(status: Progress) -> Standing {
        match status {
            Progress::Done => Standing::Done,
            Progress::OnTrack => Standing::OnTrack,
            Progress::Lagging => Standing::Lagging,
            Progress::Reported => Standing::Reported,
            Progress::Invalid | Progress::NoReturn | Progress::NotApplicable => Standing::NoFigure,
        }
    }
}

/// How many targets stand each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// All targets counted.
    pub targets: usize,
    /// Done.
    pub done: usize,
    /// On track.
    pub on_track: usize,
    /// Lagging.
    pub lagging: usize,
    /// Answered in words only.
    pub reported: usize,
    /// No figure.
    pub no_figure: usize,
}

impl Counts {
    /// Count one target of standing `s`.
    pub fn add(&mut self, s: Standing) {
        self.targets += 1;
        *match s {
            Standing::Done => &mut self.done,
            Standing::OnTrack => &mut self.on_track,
            Standing::Lagging => &mut self.lagging,
            Standing::Reported => &mut self.reported,
            Standing::NoFigure => &mut self.no_figure,
        } += 1;
    }
}
