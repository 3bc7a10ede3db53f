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
    #[error("{path}: 找不到这个文件。请检查路径和文件名是否写对。")]
    FileNotFound {
        /// The path as given.
        path: String,
    },

    /// A folder was given where a workbook file was expected.
    #[error("{path}: 这是一个文件夹，不是工作簿。请给出 .xlsx/.xls/.ods 文件本身的路径。")]
    IsDirectory {
        /// The path as given.
        path: String,
    },

    /// The file could not be read at all (permissions, I/O).
    #[error(
        "{path}: 无法读取（{}）。请确认文件没有在其他程序中打开，并且你有权限读取它。",
        os_reason(detail)
    )]
    Unreadable {
        /// The path as given.
        path: String,
        /// The operating system's reason, as it gave it (in `--json`'s detail).
        detail: String,
    },

    /// The bytes are not a spreadsheet (e.g. a picture renamed to .xlsx).
    #[error(
        "{path}: 不是工作簿（从文件开头看，它是{looks_like}）。请用 Excel 或 WPS 打开后另存为 .xlsx。"
    )]
    NotAWorkbook {
        /// The path as given.
        path: String,
        /// What the file's first bytes suggest it is.
        looks_like: String,
    },

    /// The workbook is encrypted with a password.
    #[error(
        "{path}: 设有打开密码，无法读取。请在 Excel 或 WPS 中打开，取消密码（文件 → 信息 → 保护工作簿），保存后再试。"
    )]
    Encrypted {
        /// The path as given.
        path: String,
    },

    /// The file is a damaged or truncated workbook.
    #[error(
        "{path}: 文件已损坏或不完整，无法读取（{}）。请向报送人重新索取文件，或用 Excel、WPS 打开后另存一次。",
        damage(detail)
    )]
    Corrupt {
        /// The path as given.
        path: String,
        /// The reader's reason, as it gave it (in `--json`'s detail).
        detail: String,
    },

    /// The file is larger than any task sheet or return should be.
    #[error(
        "{path}: 文件有 {megabytes} MB，超过了允许的 {limit} MB。请确认是不是这个文件；如果是，请把 HUIZONG_MAX_FILE_MB 设大一些。"
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
        "{path}: 工作表“{sheet}”的单元格超过 {cells} 个，远多于任何任务表。请确认是不是这个文件，或删除多余的行和列后重新保存（HUIZONG_MAX_CELLS 可以调高上限）。"
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
        "{path}: 其中的 {part} 解压后超过 {megabytes} MB，远多于工作簿应有的大小。请确认是不是这个文件；如果是，请把 HUIZONG_MAX_FILE_MB 设大一些。"
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
        "{path}: 其中不同的文字超过 {limit} 条，比一张表允许的单元格还多。请确认是不是这个文件；如果是，请把 HUIZONG_MAX_CELLS 设大一些。"
    )]
    TooManyStrings {
        /// The path as given.
        path: String,
        /// The limit in force.
        limit: u64,
    },

    /// The workbook has no cell with data on any sheet.
    #[error("{path}: 所有工作表都是空的。请确认这是填好的工作簿，而不是空白模板。")]
    EmptyWorkbook {
        /// The path as given.
        path: String,
    },

    /// `--sheet` named a sheet the workbook does not have.
    #[error(
        "{path}: 没有名为“{sheet}”的工作表。它有这些工作表：{available}。请用 --sheet 写其中之一。"
    )]
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
        "{path}: 在工作表 {sheets} 中没有找到任务表（每张表查看了前 60 行）。表头需要有名称列（{name_words}）和目标或序号列（{total_words}）。最像表头的是：{found}。请修改表头文字，或指明表格位置：--header-row 行号（必要时加 --total 列 和 --units E:O），单位在各行时加 --transposed，用 --sheet 指定工作表。"
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
        "{path}: 工作表“{sheet}”的表格（表头 {header}）没有总数列（全市、全县等目标）。请把这一列的表头写成以下之一：{words}；或用 --total 指定（列字母或表头文字）；如果单位在各行、总数是一行，请加 --transposed。"
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
        "{path}: 工作表“{sheet}”的表格（表头 {header}）在总数列之后没有单位列。请在总数右边每个单位一列（定海、普陀……），或用 --units E:O 指定（列字母，或用逗号分开的表头文字）；如果单位在各行，请加 --transposed。"
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
        "{path}: 没有找到报表：表头需要有名称列和完成数列（{words}）。请确认这是单位填好的报表。"
    )]
    NoReturnTable {
        /// The path as given.
        path: String,
        /// Header words accepted for the completed column.
        words: String,
    },

    /// The output file could not be written.
    #[error("{path}: 无法写入：{}。", .detail.trim_end_matches(['.', '。']))]
    CannotWrite {
        /// The output path as given.
        path: String,
        /// Why, and what to do, in Chinese.
        detail: String,
        /// The library's or the system's own words, when it gave any (in `--json`'s detail).
        cause: Option<String>,
    },

    /// A form (`huizong template`) could not be written.
    #[error("{path}: 无法写入填报表：{}。", .detail.trim_end_matches(['.', '。']))]
    CannotWriteForm {
        /// The form's path.
        path: String,
        /// Why, and what to do, in Chinese.
        detail: String,
        /// The library's or the system's own words, when it gave any.
        cause: Option<String>,
    },

    /// `check --parent` without `--unit`, and the plan's title names no unit of the parent's.
    #[error(
        "{path}: 标题中看不出本计划分解的是上级计划的哪个单位。请用 --unit 指明，上级计划的单位有：{units}。"
    )]
    ParentUnitUnknown {
        /// The plan checked.
        path: String,
        /// The parent plan's units, comma-separated.
        units: String,
    },

    /// A WPS workbook (.et/.ett) that is not one of the formats WPS usually
    /// saves inside it (.xls or .xlsx).
    #[error(
        "{path}: WPS 格式，请另存为 .xlsx（在 WPS 中打开，文件 → 另存为 → Excel 工作簿 *.xlsx）后重新报送。"
    )]
    WpsFormat {
        /// The path as given.
        path: String,
    },

    /// A member of an attachment archive is encrypted with the archive's password.
    #[error(
        "{path}: 压缩包设置了密码，无法打开。请解压后把报表放入文件夹，或请报送单位发送不加密的附件。"
    )]
    ArchivePassword {
        /// The member as shown (`附件.zip!定海区局-2024Q3.xlsx`).
        path: String,
    },

    /// An attachment archive lists more members than any mailbox would.
    #[error(
        "{path}: 压缩包内有 {members} 个文件，超过上限 {limit} 个，未打开。请确认是否为正确的附件，或解压后只放入报表。"
    )]
    TooManyMembers {
        /// The archive as given.
        path: String,
        /// How many members it lists.
        members: usize,
        /// The limit.
        limit: usize,
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

    /// `huizong serve` could not listen on its address.
    #[error(
        "{address}：无法在这里打开网页（{detail}）。可能有别的程序占用了这个端口，请用 --port 换一个端口。"
    )]
    CannotServe {
        /// `127.0.0.1:PORT`.
        address: String,
        /// The operating system's reason.
        detail: String,
    },

    /// `--unit` named a unit the plan does not have.
    #[error("计划中没有单位“{unit}”。计划中的单位有：{units}。")]
    UnknownUnitArg {
        /// The unit as given.
        unit: String,
        /// The plan's units, comma-separated.
        units: String,
    },

    /// `--period` could not be read: the text as given.
    #[error(
        "“{0}”不是报告期。请写明年份和月份、季度、半年或全年，如 2024-09（2024年9月）、2024Q3（2024年第三季度）、2024H1（2024年上半年）或 2024（2024年全年）。"
    )]
    Period(String),

    /// `--profile NAME` named no built-in profile and no file.
    #[error(
        "单位名册“{name}”：既不是内置名册（{available}），也找不到这个文件。请写内置名册的名字，或 .toml 名册文件的路径。"
    )]
    UnknownProfile {
        /// The name as given.
        name: String,
        /// The built-in profile names, comma-separated.
        available: String,
    },

    /// A profile file could not be parsed.
    #[error(
        "{path}: 不是有效的单位名册（{}）。请按 README 的“Profiles”一节改正格式。",
        profile_reason(detail)
    )]
    BadProfile {
        /// The profile file or built-in name.
        path: String,
        /// What is wrong, as the TOML reader or the check said it (in `--json`'s detail).
        detail: String,
    },

    /// An override (`--total`, `--units`, `--header-row`, a profile's
    /// `[table]`) names a column or row that is not there.
    #[error(
        "{path}: 工作表“{sheet}”中找不到 {asked} 所指的列或行。表头是：{found}。请按上面的列字母或表头文字重新指定。"
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

impl Error {
    /// The stable snake_case name of this kind of error, for `--json`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::FileNotFound { .. } => "file_not_found",
            Error::IsDirectory { .. } => "is_directory",
            Error::Unreadable { .. } => "unreadable",
            Error::NotAWorkbook { .. } => "not_a_workbook",
            Error::Encrypted { .. } => "encrypted",
            Error::Corrupt { .. } => "corrupt",
            Error::FileTooLarge { .. } => "file_too_large",
            Error::TooLarge { .. } => "too_many_cells",
            Error::PartTooLarge { .. } => "part_too_large",
            Error::TooManyStrings { .. } => "too_many_strings",
            Error::EmptyWorkbook { .. } => "empty_workbook",
            Error::SheetNotFound { .. } => "sheet_not_found",
            Error::NoHeader { .. } => "no_header",
            Error::NoTotalColumn { .. } => "no_total_column",
            Error::NoUnitColumns { .. } => "no_unit_columns",
            Error::NoReturnTable { .. } => "no_return_table",
            Error::CannotWrite { .. } => "cannot_write",
            Error::OutputIsInput { .. } => "output_is_input",
            Error::UnknownUnitArg { .. } => "unknown_unit",
            Error::Period(_) => "bad_period",
            Error::UnknownProfile { .. } => "unknown_profile",
            Error::BadProfile { .. } => "bad_profile",
            Error::CannotServe { .. } => "cannot_serve",
            Error::BadLayout { .. } => "bad_layout",
            Error::CannotWriteForm { .. } => "cannot_write_form",
            Error::ParentUnitUnknown { .. } => "parent_unit_unknown",
            Error::WpsFormat { .. } => "wps_format",
            Error::ArchivePassword { .. } => "archive_password",
            Error::TooManyMembers { .. } => "too_many_members",
        }
    }

    /// The file the error is about, when it is about one.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::FileNotFound { path }
            | Error::IsDirectory { path }
            | Error::Unreadable { path, .. }
            | Error::NotAWorkbook { path, .. }
            | Error::Encrypted { path }
            | Error::Corrupt { path, .. }
            | Error::FileTooLarge { path, .. }
            | Error::TooLarge { path, .. }
            | Error::PartTooLarge { path, .. }
            | Error::TooManyStrings { path, .. }
            | Error::EmptyWorkbook { path }
            | Error::SheetNotFound { path, .. }
            | Error::NoHeader { path, .. }
            | Error::NoTotalColumn { path, .. }
            | Error::NoUnitColumns { path, .. }
            | Error::NoReturnTable { path, .. }
            | Error::CannotWrite { path, .. }
            | Error::OutputIsInput { path, .. }
            | Error::BadProfile { path, .. }
            | Error::BadLayout { path, .. }
            | Error::CannotWriteForm { path, .. }
            | Error::ParentUnitUnknown { path, .. }
            | Error::WpsFormat { path }
            | Error::ArchivePassword { path }
            | Error::TooManyMembers { path, .. } => Some(path),
            Error::UnknownUnitArg { .. }
            | Error::Period(_)
            | Error::UnknownProfile { .. }
            | Error::CannotServe { .. } => None,
        }
    }

    /// What a library or the system said, in its own (English) words, when
    /// the message wraps it: for programs and for whoever debugs the reader
    /// (`--json`'s `detail`); the clerk reads the Chinese message.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Error::Unreadable { detail, .. }
            | Error::Corrupt { detail, .. }
            | Error::BadProfile { detail, .. }
            | Error::CannotServe { detail, .. } => Some(detail),
            Error::CannotWrite { cause, .. } | Error::CannotWriteForm { cause, .. } => {
                cause.as_deref()
            }
            _ => None,
        }
    }

    /// The message without the file named at its head (the file is named
    /// beside it already, in 问题清单 and 回收情况).
    pub fn reason(&self) -> String {
        let full = self.to_string();
        match self.path() {
            Some(path) => full
                .strip_prefix(path)
                .map(|rest| rest.trim_start_matches(':').trim_start().to_string())
                .unwrap_or(full),
            None => full,
        }
    }
}

/// A reader's reason for a damaged file, in words a clerk understands.
pub fn damage(detail: &str) -> String {
    let lower = detail.to_lowercase();
    let (sheet, rest) = match detail
        .strip_prefix("sheet \"")
        .and_then(|d| d.split_once("\": "))
    {
        Some((sheet, rest)) => (format!("工作表“{sheet}”："), rest.to_lowercase()),
        None => (String::new(), lower),
    };
    let what = if ["eocd", "zip", "unexpected eof", "end of file", "truncated"]
        .iter()
        .any(|w| rest.contains(w))
    {
        "压缩包不完整，文件可能只传了一部分"
    } else if rest.contains("entity") {
        "文件里有无法识别的 XML 实体"
    } else if rest.contains("xml") || rest.contains("syntax") {
        "文件内部的 XML 结构有误"
    } else if rest.contains("workbook stream") || rest.contains("cfb") || rest.contains("sector") {
        "旧版 .xls 文件的数据不完整"
    } else if rest.contains("malformed") {
        "读取时遇到格式错误的数据"
    } else {
        "文件格式有误"
    };
    format!("{sheet}{what}")
}

/// The system's reason a file cannot be read, in Chinese.
fn os_reason(detail: &str) -> &'static str {
    let lower = detail.to_lowercase();
    if lower.contains("permission") || lower.contains("denied") {
        "没有读取权限"
    } else if lower.contains("busy") || lower.contains("lock") {
        "文件正被其他程序占用"
    } else {
        "系统拒绝读取"
    }
}

/// What is wrong with a profile, in Chinese.
fn profile_reason(detail: &str) -> String {
    match detail.split_once(" is within ") {
        Some((unit, parent)) if detail.starts_with("unit ") => format!(
            "单位 {} 属于 {}，但名册里没有这个单位",
            unit.trim_start_matches("unit "),
            parent.split(',').next().unwrap_or(parent)
        ),
        _ => "TOML 格式有误".to_string(),
    }
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
                detail: "x 这个文件夹不存在；请先建好它".into(),
                cause: None,
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
            Error::BadLayout {
                path: path(),
                sheet: "S".into(),
                asked: "--total Z".into(),
                found: "A1 序号、B1 指标名称".into(),
            }
            .to_string(),
        ];
        for message in cases {
            assert!(message.starts_with("计划.xlsx: "), "{message}");
            assert!(message.ends_with('。'), "{message}");
            assert!(message.contains('请'), "says what to do: {message}");
        }
    }

    #[test]
    fn a_port_in_use_says_to_choose_another_and_keeps_the_systems_words() {
        let e = Error::CannotServe {
            address: "127.0.0.1:8765".into(),
            detail: "Address already in use".into(),
        };
        assert_eq!(
            e.to_string(),
            "127.0.0.1:8765：无法在这里打开网页（Address already in use）。可能有别的程序占用了这个端口，请用 --port 换一个端口。"
        );
        assert_eq!(
            (e.code(), e.detail()),
            ("cannot_serve", Some("Address already in use"))
        );
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
            "计划.xlsx: 没有名为“汇总”的工作表。它有这些工作表：任务分解表, 填表说明。请用 --sheet 写其中之一。"
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
            found: "工作表“分解表”第 3 行：A3 类别、B3 重点内容、C3 全县".into(),
        };
        assert_eq!(
            e.to_string(),
            "计划.xlsx: 在工作表 说明, 分解表 中没有找到任务表（每张表查看了前 60 行）。表头需要有名称列\
             （目标名称）和目标或序号列（全市目标任务; or 序号）。最像表头的是：工作表“分解表”第 3 行：A3 \
             类别、B3 重点内容、C3 全县。请修改表头文字，或指明表格位置：--header-row 行号（必要时加 \
             --total 列 和 --units E:O），单位在各行时加 --transposed，用 --sheet 指定工作表。"
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
            "计划.xlsx: 工作表“分解表”的表格（表头 A3 序号、B3 指标名称、C3 甲、D3 乙）没有总数列\
             （全市、全县等目标）。请把这一列的表头写成以下之一：全市目标任务, 全县目标任务；或用 --total \
             指定（列字母或表头文字）；如果单位在各行、总数是一行，请加 --transposed。"
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
            "计划.xlsx: 工作表“分解表”的表格（表头 A3 序号、B3 指标名称、C3 全县目标任务）在总数列之后没有\
             单位列。请在总数右边每个单位一列（定海、普陀……），或用 --units E:O 指定（列字母，或用逗号分开\
             的表头文字）；如果单位在各行，请加 --transposed。"
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
            "计划.xlsx: 工作表“分解表”中找不到 --total X 所指的列或行。表头是：A3 序号、B3 指标名称。\
             请按上面的列字母或表头文字重新指定。"
        );
    }

    #[test]
    fn encrypted_and_not_a_workbook_explain_the_fix() {
        let e = Error::Encrypted { path: path() }.to_string();
        assert!(e.contains("取消密码"), "{e}");
        let e = Error::NotAWorkbook {
            path: path(),
            looks_like: "PNG 图片".into(),
        }
        .to_string();
        assert!(e.contains("PNG 图片") && e.contains("另存为 .xlsx"), "{e}");
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
            "计划.xlsx: 工作表“任务分解表”的单元格超过 2000000 个，远多于任何任务表。请确认是不是这个文件，\
             或删除多余的行和列后重新保存（HUIZONG_MAX_CELLS 可以调高上限）。"
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
    fn a_writer_error_is_said_in_chinese_and_its_own_words_kept_for_json() {
        let e = Error::CannotWrite {
            path: "汇总.xlsx".into(),
            detail: "生成工作簿时出错，请把这条信息告诉维护人员。".into(),
            cause: Some("String exceeds Excel's limit of 32,767 characters.".into()),
        };
        assert_eq!(
            e.to_string(),
            "汇总.xlsx: 无法写入：生成工作簿时出错，请把这条信息告诉维护人员。"
        );
        assert_eq!(
            e.detail(),
            Some("String exceeds Excel's limit of 32,767 characters.")
        );
        assert_eq!(e.code(), "cannot_write");
    }

    #[test]
    fn a_damaged_file_is_said_in_chinese_and_the_readers_words_kept_for_json() {
        let e = Error::Corrupt {
            path: "普陀山分局.xlsx".into(),
            detail: "invalid Zip archive: Could not find EOCD".into(),
        };
        assert_eq!(
            e.to_string(),
            "普陀山分局.xlsx: 文件已损坏或不完整，无法读取（压缩包不完整，文件可能只传了一部分）。\
             请向报送人重新索取文件，或用 Excel、WPS 打开后另存一次。"
        );
        assert!(e.reason().starts_with("文件已损坏或不完整"));
        assert_eq!(e.detail(), Some("invalid Zip archive: Could not find EOCD"));
        assert_eq!(
            damage("sheet \"进展情况\": XmlError: unrecognized entity `&lol9;`"),
            "工作表“进展情况”：文件里有无法识别的 XML 实体"
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
            "计划.xlsx: 其中的 content.xml 解压后超过 100 MB，远多于工作簿应有的大小。\
             请确认是不是这个文件；如果是，请把 HUIZONG_MAX_FILE_MB 设大一些。"
        );
        let e = Error::TooManyStrings {
            path: path(),
            limit: 2_000_000,
        };
        assert!(e.to_string().contains("不同的文字超过 2000000 条"));
    }

    #[test]
    fn an_unknown_unit_lists_the_plans_units() {
        let e = Error::UnknownUnitArg {
            unit: "定海区".into(),
            units: "市局, 定海, 普陀".into(),
        };
        assert_eq!(
            e.to_string(),
            "计划中没有单位“定海区”。计划中的单位有：市局, 定海, 普陀。"
        );
    }

    #[test]
    fn a_bad_period_shows_the_spellings_that_work() {
        let e = Error::Period("Q3".into());
        assert_eq!(
            e.to_string(),
            "“Q3”不是报告期。请写明年份和月份、季度、半年或全年，如 2024-09（2024年9月）、2024Q3（2024年第三季度）、2024H1（2024年上半年）或 2024（2024年全年）。"
        );
    }

    #[test]
    fn unknown_profile_lists_the_built_in_names() {
        let e = Error::UnknownProfile {
            name: "x".into(),
            available: "zhoushan".into(),
        };
        assert!(e.to_string().contains("（zhoushan）"));
    }
}
