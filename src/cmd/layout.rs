//! The options that say how a plan's sheet is laid out, shared by every
//! command that reads a plan.

use huizong::load::plan::PlanOptions;
use huizong::table::Layout;

/// `--header-row`, `--total`, `--units`, `--transposed`: for a sheet the
/// reader would misread (see `check --explain`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct LayoutArgs {
    /// The header's row number (the first row of a two-row header).
    #[arg(long, value_name = "ROW")]
    pub header_row: Option<u32>,
    /// The total column: its letter (D) or its header text (全县目标任务).
    #[arg(long, value_name = "COLUMN")]
    pub total: Option<String>,
    /// The unit columns: a range of letters (E:O) or header texts separated by commas.
    #[arg(long = "units", id = "unit_columns", value_name = "COLUMNS")]
    pub units: Option<String>,
    /// Units down the rows, targets across the columns.
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
