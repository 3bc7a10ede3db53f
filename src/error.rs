//! Errors that make an input unusable (exit code 2).
//!
//! Problems *inside* a usable sheet are not errors but [`crate::finding::Finding`]s.
//! Every message names the file (and the sheet where there is one) and says
//! what to do next.

use thiserror::Error;

/// Why a command could not use its input.
#[derive(Debug, Error)]
pub enum Error {
    /// The path does not exist.
    #[error("{path}: no such file. Check the path and the spelling of the file name.")]
    FileNotFound {
        /// The path as given.
        path: String,
    },

    /// A folder was given where a workbook file was expected.
    #[error(
        "{path}: is a folder, not a workbook. Give the path of the .xlsx/.xls/.ods file itself."
    )]
    IsDirectory {
        /// The path as given.
        path: String,
    },

    /// The file could not be read at all (permissions, I/O).
    #[error(
        "{path}: cannot be read ({detail}). Check that the file is not open elsewhere and that you may read it."
    )]
    Unreadable {
        /// The path as given.
        path: String,
        /// The operating system's reason.
        detail: String,
    },

    /// The bytes are not a spreadsheet (e.g. a picture renamed to .xlsx).
    #[error(
        "{path}: is not a workbook (the file starts like {looks_like}). Open it in Excel or WPS and save it as .xlsx."
    )]
    NotAWorkbook {
        /// The path as given.
        path: String,
        /// What the file's first bytes suggest it is.
        looks_like: String,
    },

    /// The workbook is encrypted with a password.
    #[error(
        "{path}: is protected by a password to open. Open it in Excel or WPS, remove the password (File → Info → Protect Workbook), save, and try again."
    )]
    Encrypted {
        /// The path as given.
        path: String,
    },

    /// The file is a damaged or truncated workbook.
    #[error(
        "{path}: is damaged or incomplete and cannot be read ({detail}). Ask the sender for the file again, or open and re-save it in Excel or WPS."
    )]
    Corrupt {
        /// The path as given.
        path: String,
        /// The reader's reason.
        detail: String,
    },

    /// The file is larger than any task sheet or return should be.
    #[error(
        "{path}: is {megabytes} MB, larger than the {limit} MB a workbook may be here. Check that this is the right file; if it is, set HUIZONG_MAX_FILE_MB higher."
    )]
    FileTooLarge {
        /// The path as given.
        path: String,
        /// Its size.
        megabytes: u64,
        /// The limit in force.
        limit: u64,
    },

    /// A sheet holds far more cells than any task sheet.
    #[error(
        "{path}: sheet \"{sheet}\" holds more than {cells} cells, far more than a task sheet. Check that this is the right file, or delete the unused rows and columns and save again (HUIZONG_MAX_CELLS raises the limit)."
    )]
    TooLarge {
        /// The path as given.
        path: String,
        /// The sheet.
        sheet: String,
        /// The limit.
        cells: usize,
    },

    /// A part of the package inflates to far more than the file (a zip bomb).
    #[error(
        "{path}: its part {part} unpacks to more than {megabytes} MB, far more than a workbook holds. Check that this is the right file; if it is, set HUIZONG_MAX_FILE_MB higher."
    )]
    PartTooLarge {
        /// The path as given.
        path: String,
        /// The part's name in the package (`content.xml`).
        part: String,
        /// The limit in force, in MB.
        megabytes: u64,
    },

    /// The shared strings hold more entries than a sheet may hold cells.
    #[error(
        "{path}: holds more than {limit} different texts, more than a sheet may hold cells. Check that this is the right file; if it is, set HUIZONG_MAX_CELLS higher."
    )]
    TooManyStrings {
        /// The path as given.
        path: String,
        /// The limit in force.
        limit: u64,
    },

    /// The workbook has no cell with data on any sheet.
    #[error(
        "{path}: every sheet is empty. Check that this is the filled-in workbook, not a blank template."
    )]
    EmptyWorkbook {
        /// The path as given.
        path: String,
    },

    /// `--sheet` named a sheet the workbook does not have.
    #[error("{path}: has no sheet named \"{sheet}\". Its sheets are: {available}.")]
    SheetNotFound {
        /// The path as given.
        path: String,
        /// The sheet asked for.
        sheet: String,
        /// The sheets the workbook has, comma-separated.
        available: String,
    },

    /// No sheet has a header row with the words a task table uses.
    #[error(
        "{path}: no task table found on sheet(s) {sheets} (the first 60 rows of each were searched). A header row needs a name column ({name_words}) and a total or number column ({total_words}). Nearest to a header: {found}. Rename the header cells, or say where the table is: --header-row ROW (with --total COLUMN and --units E:O if need be), --transposed if the units are down the rows, --sheet to pick the sheet."
    )]
    NoHeader {
        /// The path as given.
        path: String,
        /// The sheets that were searched, comma-separated.
        sheets: String,
        /// Header words accepted for the name column.
        name_words: String,
        /// Header words accepted for the total / id column.
        total_words: String,
        /// The row nearest to a header and its cells (`sheet 分解表, row 3: A3 类别、B3 主要指标…`).
        found: String,
    },

    /// The plan's table has no total column, so nothing can be checked.
    #[error(
        "{path}: the table on sheet \"{sheet}\" (header {header}) has no city-total column. Name it one of: {words}; or give it with --total COLUMN (its letter or header text); if the units are down the rows and the total is a row, use --transposed."
    )]
    NoTotalColumn {
        /// The path as given.
        path: String,
        /// The sheet.
        sheet: String,
        /// The header's cells by address (`A3 序号、B3 指标名称…`).
        header: String,
        /// Header words accepted for the total.
        words: String,
    },

    /// The plan's table has no unit columns after the total.
    #[error(
        "{path}: the table on sheet \"{sheet}\" (header {header}) has no unit columns after the city total. Put one column per unit (定海, 普陀…) to the right of the total, or name them with --units E:O (letters, or header texts separated by commas); if the units are down the rows, use --transposed."
    )]
    NoUnitColumns {
        /// The path as given.
        path: String,
        /// The sheet.
        sheet: String,
        /// The header's cells by address (`A3 序号、B3 指标名称…`).
        header: String,
    },

    /// A return has no table with a completed-figures column.
    #[error(
        "{path}: no return table found: a header row needs a name column and a completed column ({words}). Check that this is the unit's filled-in return."
    )]
    NoReturnTable {
        /// The path as given.
        path: String,
        /// Header words accepted for the completed column.
        words: String,
    },

    /// The output file could not be written.
    #[error("{path}: cannot write the report: {}.", .detail.trim_end_matches('.'))]
    CannotWrite {
        /// The output path as given.
        path: String,
        /// Why, and what to do.
        detail: String,
    },

    /// The output file is one of the command's inputs: written, it would be lost.
    #[error(
        "{path}: 这是本次的输入文件（{what}），不能把结果写在它上面，否则原文件会被覆盖。请用 -o 另选一个输出文件名。"
    )]
    OutputIsInput {
        /// The output path as given.
        path: String,
        /// Which input it is, for the clerk (计划, 单位报表, 上季度报表 (--previous)).
        what: String,
    },

    /// `--unit` named a unit the plan does not have.
    #[error("unit \"{unit}\" is not in the plan. Its units are: {units}.")]
    UnknownUnitArg {
        /// The unit as given.
        unit: String,
        /// The plan's units, comma-separated.
        units: String,
    },

    /// `--period` could not be read: the text as given.
    #[error(
        "\"{0}\" is not a period. Write the year and quarter, e.g. 2024Q3, 2024-Q3 or 2024年第三季度."
    )]
    Period(String),

    /// `--profile NAME` named no built-in profile and no file.
    #[error(
        "profile \"{name}\": not a built-in profile ({available}) and no such file. Give a built-in name or the path of a .toml profile."
    )]
    UnknownProfile {
        /// The name as given.
        name: String,
        /// The built-in profile names, comma-separated.
        available: String,
    },

    /// A profile file could not be parsed.
    #[error(
        "{path}: is not a valid profile ({detail}). See \"Profiles\" in the README for the format."
    )]
    BadProfile {
        /// The profile file or built-in name.
        path: String,
        /// What is wrong.
        detail: String,
    },

    /// An override (`--total`, `--units`, `--header-row`, a profile's
    /// `[table]`) names a column or row that is not there.
    #[error(
        "{path}：工作表“{sheet}”中找不到 {asked} 所指的列或行。表头是：{found}。请按上面的列字母或表头文字重新指定。"
    )]
    BadLayout {
        /// The path as given.
        path: String,
        /// The sheet.
        sheet: String,
        /// The override as given.
        asked: String,
        /// What the header holds.
        found: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> String {
        "计划.xlsx".to_string()
    }

    #[test]
    fn every_error_names_the_file_and_says_what_to_do() {
        let cases = [
            Error::FileNotFound { path: path() }.to_string(),
            Error::IsDirectory { path: path() }.to_string(),
            Error::Unreadable {
                path: path(),
                detail: "permission denied".into(),
            }
            .to_string(),
            Error::NotAWorkbook {
                path: path(),
                looks_like: "a PNG picture".into(),
            }
            .to_string(),
            Error::Encrypted { path: path() }.to_string(),
            Error::Corrupt {
                path: path(),
                detail: "zip".into(),
            }
            .to_string(),
            Error::EmptyWorkbook { path: path() }.to_string(),
            Error::SheetNotFound {
                path: path(),
                sheet: "X".into(),
                available: "A, B".into(),
            }
            .to_string(),
            Error::NoHeader {
                path: path(),
                sheets: "Sheet1".into(),
                name_words: "目标名称".into(),
                total_words: "全市目标任务".into(),
                found: "sheet \"Sheet1\", row 1: A1 项目、B1 数量".into(),
            }
            .to_string(),
            Error::BadProfile {
                path: path(),
                detail: "line 2".into(),
            }
            .to_string(),
            Error::NoTotalColumn {
                path: path(),
                sheet: "S".into(),
                header: "A1:D1".into(),
                words: "全市目标任务".into(),
            }
            .to_string(),
            Error::NoUnitColumns {
                path: path(),
                sheet: "S".into(),
                header: "A1:C1".into(),
            }
            .to_string(),
            Error::NoReturnTable {
                path: path(),
                words: "累计完成".into(),
            }
            .to_string(),
            Error::FileTooLarge {
                path: path(),
                megabytes: 200,
                limit: 100,
            }
            .to_string(),
            Error::TooLarge {
                path: path(),
                sheet: "S".into(),
                cells: 2_000_000,
            }
            .to_string(),
            Error::CannotWrite {
                path: path(),
                detail: "the folder x does not exist".into(),
            }
            .to_string(),
            Error::PartTooLarge {
                path: path(),
                part: "content.xml".into(),
                megabytes: 100,
            }
            .to_string(),
            Error::TooManyStrings {
                path: path(),
                limit: 2_000_000,
            }
            .to_string(),
        ];
        for message in cases {
            assert!(message.starts_with("计划.xlsx: "), "{message}");
            assert!(message.ends_with('.'), "{message}");
        }
    }

    #[test]
    fn sheet_not_found_lists_the_sheets_there_are() {
        let e = Error::SheetNotFound {
            path: path(),
            sheet: "汇总".into(),
            available: "任务分解表, 填表说明".into(),
        };
        assert_eq!(
            e.to_string(),
            "计划.xlsx: has no sheet named \"汇总\". Its sheets are: 任务分解表, 填表说明."
        );
    }

    #[test]
    fn no_header_says_which_words_were_looked_for() {
        let e = Error::NoHeader {
            path: path(),
            sheets: "Sheet1".into(),
            name_words: "目标名称, 指标名称".into(),
            total_words: "全市目标任务, 序号".into(),
            found: "sheet \"Sheet1\", row 1: A1 项目、B1 数量".into(),
        };
        let s = e.to_string();
        assert!(
            s.contains("目标名称, 指标名称") && s.contains("全市目标任务, 序号"),
            "{s}"
        );
    }

    #[test]
    fn no_header_shows_the_row_nearest_to_one_and_the_options_that_say_where_it_is() {
        let e = Error::NoHeader {
            path: path(),
            sheets: "说明, 分解表".into(),
            name_words: "目标名称".into(),
            total_words: "全市目标任务; or 序号".into(),
            found: "sheet \"分解表\", row 3: A3 类别、B3 重点内容、C3 全县".into(),
        };
        assert_eq!(
            e.to_string(),
            "计划.xlsx: no task table found on sheet(s) 说明, 分解表 (the first 60 rows of each \
             were searched). A header row needs a name column (目标名称) and a total or number \
             column (全市目标任务; or 序号). Nearest to a header: sheet \"分解表\", row 3: A3 类别、\
             B3 重点内容、C3 全县. Rename the header cells, or say where the table is: \
             --header-row ROW (with --total COLUMN and --units E:O if need be), --transposed if \
             the units are down the rows, --sheet to pick the sheet."
        );
    }

    #[test]
    fn no_total_lists_the_header_cells_and_the_options_that_name_the_total() {
        let e = Error::NoTotalColumn {
            path: path(),
            sheet: "分解表".into(),
            header: "A3 序号、B3 指标名称、C3 甲、D3 乙".into(),
            words: "全市目标任务, 全县目标任务".into(),
        };
        assert_eq!(
            e.to_string(),
            "计划.xlsx: the table on sheet \"分解表\" (header A3 序号、B3 指标名称、C3 甲、D3 乙) \
             has no city-total column. Name it one of: 全市目标任务, 全县目标任务; or give it with \
             --total COLUMN (its letter or header text); if the units are down the rows and the \
             total is a row, use --transposed."
        );
    }

    #[test]
    fn no_units_lists_the_header_cells_and_the_options_that_name_the_units() {
        let e = Error::NoUnitColumns {
            path: path(),
            sheet: "分解表".into(),
            header: "A3 序号、B3 指标名称、C3 全县目标任务".into(),
        };
        assert_eq!(
            e.to_string(),
            "计划.xlsx: the table on sheet \"分解表\" (header A3 序号、B3 指标名称、C3 全县目标任务) \
             has no unit columns after the city total. Put one column per unit (定海, 普陀…) to the \
             right of the total, or name them with --units E:O (letters, or header texts \
             separated by commas); if the units are down the rows, use --transposed."
        );
    }

    #[test]
    fn a_bad_override_names_what_was_asked_and_what_is_there() {
        let e = Error::BadLayout {
            path: path(),
            sheet: "分解表".into(),
            asked: "--total X".into(),
            found: "A3 序号、B3 指标名称".into(),
        };
        assert_eq!(
            e.to_string(),
            "计划.xlsx：工作表“分解表”中找不到 --total X 所指的列或行。表头是：A3 序号、B3 指标名称。\
             请按上面的列字母或表头文字重新指定。"
        );
    }

    #[test]
    fn encrypted_and_not_a_workbook_explain_the_fix() {
        let e = Error::Encrypted { path: path() }.to_string();
        assert!(e.contains("remove the password"), "{e}");
        let e = Error::NotAWorkbook {
            path: path(),
            looks_like: "a PNG picture".into(),
        }
        .to_string();
        assert!(
            e.contains("a PNG picture") && e.contains("save it as .xlsx"),
            "{e}"
        );
    }

    #[test]
    fn a_sheet_too_large_is_named_with_the_limit_and_how_to_raise_it() {
        let e = Error::TooLarge {
            path: path(),
            sheet: "任务分解表".into(),
            cells: 2_000_000,
        };
        assert_eq!(
            e.to_string(),
            "计划.xlsx: sheet \"任务分解表\" holds more than 2000000 cells, far more than a task \
             sheet. Check that this is the right file, or delete the unused rows and columns and \
             save again (HUIZONG_MAX_CELLS raises the limit)."
        );
    }

    #[test]
    fn an_output_over_an_input_names_it_and_says_to_choose_another_name_in_chinese() {
        let e = Error::OutputIsInput {
            path: "汇总-2024Q2.xlsx".into(),
            what: "上季度报表 (--previous)".into(),
        };
        assert_eq!(
            e.to_string(),
            "汇总-2024Q2.xlsx: 这是本次的输入文件（上季度报表 (--previous)），不能把结果写在它上面，\
             否则原文件会被覆盖。请用 -o 另选一个输出文件名。"
        );
    }

    #[test]
    fn a_writer_error_ending_in_a_period_is_not_doubled() {
        let e = Error::CannotWrite {
            path: "汇总.xlsx".into(),
            detail: "String exceeds Excel's limit of 32,767 characters.".into(),
        };
        assert_eq!(
            e.to_string(),
            "汇总.xlsx: cannot write the report: String exceeds Excel's limit of 32,767 characters."
        );
    }

    #[test]
    fn a_zip_bomb_names_its_part_and_the_limit_to_raise() {
        let e = Error::PartTooLarge {
            path: path(),
            part: "content.xml".into(),
            megabytes: 100,
        };
        assert_eq!(
            e.to_string(),
            "计划.xlsx: its part content.xml unpacks to more than 100 MB, far more than a \
             workbook holds. Check that this is the right file; if it is, set \
             HUIZONG_MAX_FILE_MB higher."
        );
        let e = Error::TooManyStrings {
            path: path(),
            limit: 2_000_000,
        };
        assert!(e.to_string().contains("more than 2000000 different texts"));
    }

    #[test]
    fn an_unknown_unit_lists_the_plans_units() {
        let e = Error::UnknownUnitArg {
            unit: "定海区".into(),
            units: "市局, 定海, 普陀".into(),
        };
        assert_eq!(
            e.to_string(),
            "unit \"定海区\" is not in the plan. Its units are: 市局, 定海, 普陀."
        );
    }

    #[test]
    fn a_bad_period_shows_the_spellings_that_work() {
        let e = Error::Period("Q3".into());
        assert_eq!(
            e.to_string(),
            "\"Q3\" is not a period. Write the year and quarter, e.g. 2024Q3, 2024-Q3 or 2024年第三季度."
        );
    }

    #[test]
    fn unknown_profile_lists_the_built_in_names() {
        let e = Error::UnknownProfile {
            name: "x".into(),
            available: "zhoushan".into(),
        };
        assert!(e.to_string().contains("(zhoushan)"));
    }
}
