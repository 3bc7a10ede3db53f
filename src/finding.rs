//! A finding is data: what is wrong, where, what was expected and what was found.
//! Rendered three ways (terminal text, JSON, a report sheet); never printed here.

use serde::Serialize;

/// How serious a finding is. Errors make `check` exit with code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The allocation is wrong and must be fixed.
    Error,
    /// Worth a look; the check could still be made.
    Warning,
}

/// What kind of problem a finding reports. The snake_case names are stable:
/// they appear in `--json` output and in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// The units' amounts do not add up to the city total.
    SumMismatch,
    /// A nested unit's figure is larger than its parent's.
    NestedExceedsParent,
    /// A unit's rate is below the city's rate.
    RateBelowTotal,
    /// A number in a column with no header (not a unit): not summed.
    ValueWithoutUnit,
    /// Cell text that could not be read as a figure.
    UnparsedValue,
    /// A formula whose result was never saved: its value is unknown.
    FormulaWithoutValue,
    /// A rate or text where an amount was needed: not summed.
    NonNumericAllocation,
    /// One number merged across several units: counted once.
    MergedAmount,
    /// Units have amounts but the city total is blank.
    MissingTotal,
    /// A unit column or return whose unit the plan does not know.
    UnknownUnit,
    /// A return's target for a row differs from the plan.
    TargetAltered,
    /// Two returns for the same unit and period; the later one is used.
    DuplicateReturn,
    /// A unit with allocations sent no return.
    MissingReturn,
    /// The return is for another quarter; not merged.
    WrongPeriod,
    /// The file could not be read at all; not merged.
    UnreadableFile,
    /// A negative figure, or text where a number is needed; not merged.
    InvalidValue,
    /// A figure written as approximate (约30); taken as written and flagged.
    ApproximateValue,
    /// A figure on a target where this unit has no allocation; not merged.
    UnexpectedValue,
    /// A return row that matches no target of the plan; not merged.
    UnmatchedRow,
    /// A cumulative figure lower than last period's.
    DecreasingCumulative,
    /// `--previous` is of another year, or not earlier than the period merged:
    /// its figures are not compared.
    PreviousNotEarlier,
    /// A template form made from another version of the plan.
    PlanChanged,
    /// Two unit columns with the same unit.
    DuplicateUnit,
    /// A negative allocation.
    NegativeAllocation,
    /// A figure far above its target (more than 3 ×): merged as typed, flagged.
    Implausible,
    /// A return made from another plan entirely (most rows match no target); not merged.
    ForeignPlan,
    /// The file's name names one unit, its 填报单位 another.
    UnitMismatch,
    /// Two rows of one return match the same target; neither is merged.
    DuplicateRow,
    /// A lower level's report whose visible figure differs from its hidden
    /// sheet's (edited by hand after it was made); not merged.
    ReportEdited,
    /// `check --parent`: a county total differs from the city's allocation to
    /// the county for the same target.
    ParentMismatch,
    /// `check --parent`: a target of this plan the parent plan does not have.
    NotInParent,
    /// `check --parent`: a target the parent allocates to this unit that this
    /// plan does not have.
    MissingFromPlan,
    /// A form row no longer where the form's hidden map put it (a row inserted
    /// or the plan revised): matched by its visible 序号 and name instead.
    RowMoved,
}

impl Code {
    /// The severity every finding of this code has.
    pub fn severity(self) -> Severity {
        match self {
            Code::SumMismatch
            | Code::NestedExceedsParent
            | Code::FormulaWithoutValue
            | Code::MissingTotal
            | Code::TargetAltered
            | Code::MissingReturn
            | Code::WrongPeriod
            | Code::UnreadableFile
            | Code::UnknownUnit
            | Code::InvalidValue
            | Code::DuplicateUnit
            | Code::NegativeAllocation
            | Code::ForeignPlan
            | Code::DuplicateRow
            | Code::ReportEdited
            | Code::ParentMismatch
            | Code::MissingFromPlan => Severity::Error,
            _ => Severity::Warning,
        }
    }

    /// The problem in words a clerk understands (目标值被改动).
    pub fn word(self) -> &'static str {
        match self {
            Code::SumMismatch => "各单位合计与全市目标不符",
            Code::NestedExceedsParent => "下级单位数大于上级单位",
            Code::RateBelowTotal => "单位要求低于全市要求",
            Code::ValueWithoutUnit => "数值不属于任何单位",
            Code::UnparsedValue => "无法识别的内容",
            Code::FormulaWithoutValue => "公式没有计算结果",
            Code::NonNumericAllocation => "应填数量却填了文字或比例",
            Code::MergedAmount => "数值跨单位合并",
            Code::MissingTotal => "缺少全市目标",
            Code::UnknownUnit => "未知单位",
            Code::TargetAltered => "目标值被改动",
            Code::DuplicateReturn => "重复报送",
            Code::MissingReturn => "未报送",
            Code::WrongPeriod => "报表期次不符",
            Code::UnreadableFile => "文件无法读取",
            Code::InvalidValue => "填报值无效",
            Code::ApproximateValue => "填报的是估计数",
            Code::UnexpectedValue => "无任务却填报了数值",
            Code::UnmatchedRow => "行与计划目标对不上",
            Code::DecreasingCumulative => "累计数比上期减少",
            Code::PreviousNotEarlier => "上期报表不早于本期，未比较",
            Code::PlanChanged => "报表依据的计划版本不同",
            Code::DuplicateUnit => "单位列重复",
            Code::NegativeAllocation => "分解数为负数",
            Code::Implausible => "填报数远超目标，请核实",
            Code::ForeignPlan => "报表不是按本计划填报的",
            Code::UnitMismatch => "文件名与填报单位不一致",
            Code::ParentMismatch => "本级目标与上级分解数不符",
            Code::NotInParent => "上级计划没有此目标",
            Code::MissingFromPlan => "上级分解的目标本级计划未列",
            Code::RowMoved => "表格行被移动或计划已修订",
            Code::DuplicateRow => "两行对应同一目标",
            Code::ReportEdited => "下级汇总报告被手工改动",
        }
    }

    /// The stable snake_case name (`sum_mismatch`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::SumMismatch => "sum_mismatch",
            Code::NestedExceedsParent => "nested_exceeds_parent",
            Code::RateBelowTotal => "rate_below_total",
            Code::ValueWithoutUnit => "value_without_unit",
            Code::UnparsedValue => "unparsed_value",
            Code::FormulaWithoutValue => "formula_without_value",
            Code::NonNumericAllocation => "non_numeric_allocation",
            Code::MergedAmount => "merged_amount",
            Code::MissingTotal => "missing_total",
            Code::UnknownUnit => "unknown_unit",
            Code::TargetAltered => "target_altered",
            Code::DuplicateReturn => "duplicate_return",
            Code::MissingReturn => "missing_return",
            Code::WrongPeriod => "wrong_period",
            Code::UnreadableFile => "unreadable_file",
            Code::InvalidValue => "invalid_value",
            Code::ApproximateValue => "approximate_value",
            Code::UnexpectedValue => "unexpected_value",
            Code::UnmatchedRow => "unmatched_row",
            Code::DecreasingCumulative => "decreasing_cumulative",
            Code::PreviousNotEarlier => "previous_not_earlier",
            Code::PlanChanged => "plan_changed",
            Code::DuplicateUnit => "duplicate_unit",
            Code::NegativeAllocation => "negative_allocation",
            Code::Implausible => "implausible",
            Code::ForeignPlan => "foreign_plan",
            Code::UnitMismatch => "unit_mismatch",
            Code::ParentMismatch => "parent_mismatch",
            Code::NotInParent => "not_in_parent",
            Code::MissingFromPlan => "missing_from_plan",
            Code::RowMoved => "row_moved",
            Code::DuplicateRow => "duplicate_row",
            Code::ReportEdited => "report_edited",
        }
    }
}

/// A cell's text quoted in a message: “…”, shortened past 40 characters (the
/// finding's `actual` keeps it whole), so a pasted essay never floods the
/// terminal or a cell note.
pub fn quote(text: impl std::fmt::Display) -> String {
    const KEEP: usize = 40;
    let text = text.to_string();
    let length = text.chars().count();
    if length <= KEEP {
        return format!("“{text}”");
    }
    let head: String = text.chars().take(KEEP).collect();
    format!("“{head}…”（共 {length} 字）")
}

/// One problem, located to a cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What kind of problem.
    pub code: Code,
    /// Error or warning (follows from the code).
    pub severity: Severity,
    /// The target's 序号, when the problem belongs to a target.
    pub target: Option<String>,
    /// The unit concerned, if one.
    pub unit: Option<String>,
    /// The file concerned, when it is not the plan (merge findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The sheet concerned, when a file is named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Where to look: `任务分解表!D59`.
    pub cell: Option<String>,
    /// The other cell a comparison was made with, in another file
    /// (`check --parent`: the city plan's allocation, `city.xlsx 任务分解表!H12`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_cell: Option<String>,
    /// What the sheet should say there.
    pub expected: Option<String>,
    /// What it says.
    pub actual: Option<String>,
    /// One sentence for the clerk, in the sheet's language.
    pub message: String,
    /// What a library said, in its own words, when the message wraps it
    /// (an unreadable file's reader error); for programs, never for the clerk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Finding {
    /// A finding of `code` with a message; add the rest with the builder methods.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.severity(),
            target: None,
            unit: None,
            file: None,
            sheet: None,
            cell: None,
            other_cell: None,
            expected: None,
            actual: None,
            message: message.into(),
            detail: None,
        }
    }

    /// Attach a library's own words (kept for `--json`).
    pub fn detail(mut self, detail: Option<&str>) -> Self {
        self.detail = detail.map(str::to_string);
        self
    }

    /// Attach the target's 序号.
    pub fn target(mut self, id: &str) -> Self {
        self.target = Some(id.to_string());
        self
    }

    /// Attach the unit.
    pub fn unit(mut self, unit: &str) -> Self {
        self.unit = Some(unit.to_string());
        self
    }

    /// Attach the file alone (when there is no sheet, e.g. an unreadable file).
    pub fn file(mut self, file: &str) -> Self {
        self.file = Some(file.to_string());
        self
    }

    /// Attach file, sheet and cell (`sheet!A1`).
    pub fn at(mut self, file: &str, sheet: &str, addr: crate::grid::Addr) -> Self {
        self.file = Some(file.to_string());
        self.sheet = Some(sheet.to_string());
        self.cell = Some(crate::grid::sheet_ref(sheet, addr));
        self
    }

    /// Attach the cell reference (`sheet!A1`).
    pub fn cell(mut self, cell: String) -> Self {
        self.cell = Some(cell);
        self
    }

    /// Attach the other cell compared with (another file's: `file sheet!A1`).
    pub fn other_cell(mut self, cell: String) -> Self {
        self.other_cell = Some(cell);
        self
    }

    /// Attach the value found, when nothing definite was expected.
    pub fn actual(mut self, actual: impl ToString) -> Self {
        self.actual = Some(actual.to_string());
        self
    }

    /// Attach the value expected, when nothing was found.
    pub fn expected(mut self, expected: impl ToString) -> Self {
        self.expected = Some(expected.to_string());
        self
    }

    /// Attach expected and actual values.
    pub fn values(mut self, expected: impl ToString, actual: impl ToString) -> Self {
        self.expected = Some(expected.to_string());
        self.actual = Some(actual.to_string());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_is_quoted_whole_and_a_long_one_shortened_with_its_length() {
        assert_eq!(quote("已按要求推进落实"), "“已按要求推进落实”");
        let long = "很".repeat(41);
        assert_eq!(quote(&long), format!("“{}…”（共 41 字）", "很".repeat(40)));
    }

    #[test]
    fn codes_serialize_as_their_stable_names() {
        for code in [
            Code::SumMismatch,
            Code::NestedExceedsParent,
            Code::RateBelowTotal,
            Code::ValueWithoutUnit,
            Code::UnparsedValue,
            Code::FormulaWithoutValue,
            Code::NonNumericAllocation,
            Code::MergedAmount,
            Code::MissingTotal,
            Code::UnknownUnit,
        ] {
            assert_eq!(
                serde_json::to_string(&code).unwrap(),
                format!("\"{}\"", code.as_str())
            );
        }
    }

    #[test]
    fn a_sum_mismatch_is_an_error_and_a_rate_below_total_a_warning() {
        assert_eq!(
            Finding::new(Code::SumMismatch, "x").severity,
            Severity::Error
        );
        assert_eq!(
            Finding::new(Code::RateBelowTotal, "x").severity,
            Severity::Warning
        );
    }
}
