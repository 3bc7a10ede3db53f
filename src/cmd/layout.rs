//! The options that say how a plan's sheet is laid out, shared by every
//! command that reads a plan.

use huizong::load::plan::PlanOptions;
use huizong::table::Layout;

/// `--header-row`, `--total`, `--units`, `--transposed`: for a sheet the
/// reader would misread (see `check --explain`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct LayoutArgs {
    /// 表头所在的行号（两行表头写第一行）；认错表头时用，先看 check --explain。
    #[arg(long, value_name = "行号")]
    pub header_row: Option<u32>,
    /// 总数所在的列：列字母（D）或表头文字（全县目标任务）。
    #[arg(long, value_name = "列")]
    pub total: Option<String>,
    /// 各单位所在的列：列字母范围（E:O），或用逗号分开的表头文字。
    #[arg(long = "units", id = "unit_columns", value_name = "列")]
    pub units: Option<String>,
    /// 转置的表：单位在各行，指标在各列。
    #[arg(long)]
    pub transposed: bool,
}

impl LayoutArgs {
    /// The plan options these make with the sheet and profile given.
    pub fn options(&self, sheet: Option<&str>, profile: Option<&str>) -> PlanOptions {
        PlanOptions {
            sheet: sheet.map(str::to_string),
            profile: profile.map(str::to_string),
            layout: Layout {
                header_row: self.header_row,
                total: self.total.clone(),
                units: self.units.clone(),
                transposed: self.transposed,
            },
        }
    }
}
