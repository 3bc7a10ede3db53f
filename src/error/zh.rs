//! The same errors in Chinese, for the clerk: what `huizong serve`'s page
//! shows (the `error` of a 422 answer), beside the CLI's own message (its
//! `detail`). Each says, as the CLI's does, which file and what to do.

use super::Error;

impl Error {
    /// This error in Chinese: the file, what is wrong with it, what to do.
    pub fn chinese(&self) -> String {
        match self {
            Error::FileNotFound { path } => {
                format!("{path}：找不到这个文件。请检查路径和文件名。")
            }
            Error::IsDirectory { path } => {
                format!("{path}：这是一个文件夹，不是表格文件。请选择 .xlsx/.xls/.ods 文件本身。")
            }
            Error::Unreadable { path, detail } => {
                format!("{path}：无法读取（{detail}）。请确认文件没有在别处打开，并且有权限读取。")
            }
            Error::NotAWorkbook { path, looks_like } => format!(
                "{path}：不是表格文件（看起来是{}）。请在 Excel 或 WPS 中打开，另存为 .xlsx 后再试。",
                looks_like_chinese(looks_like)
            ),
            Error::Encrypted { path } => format!(
                "{path}：设置了打开密码。请在 Excel 或 WPS 中打开，取消密码（文件 → 信息 → 保护工作簿）后保存，再试一次。"
            ),
            Error::Corrupt { path, detail } => format!(
                "{path}：文件已损坏或不完整，无法读取（{detail}）。请向报送单位重新索取，或在 Excel、WPS 中打开后重新保存。"
            ),
            Error::FileTooLarge {
                path,
                megabytes,
                limit,
            } => format!(
                "{path}：文件有 {megabytes} MB，超过了允许的 {limit} MB。请确认选对了文件；如确实需要，可调高 HUIZONG_MAX_FILE_MB。"
            ),
            Error::TooLarge { path, sheet, cells } => format!(
                "{path}：工作表“{sheet}”超过 {cells} 个单元格，远多于一张任务表。请确认选对了文件，或删除多余的行列后重新保存（HUIZONG_MAX_CELLS 可调高上限）。"
            ),
            Error::PartTooLarge {
                path,
                part,
                megabytes,
            } => format!(
                "{path}：其中的 {part} 解压后超过 {megabytes} MB，远多于表格文件应有的大小。请确认选对了文件；如确实需要，可调高 HUIZONG_MAX_FILE_MB。"
            ),
            Error::TooManyStrings { path, limit } => format!(
                "{path}：含有超过 {limit} 条不同的文字，多于一张表允许的单元格数。请确认选对了文件；如确实需要，可调高 HUIZONG_MAX_CELLS。"
            ),
            Error::EmptyWorkbook { path } => {
                format!("{path}：所有工作表都是空的。请确认这是填好的表格，而不是空白模板。")
            }
            Error::SheetNotFound {
                path,
                sheet,
                available,
            } => format!("{path}：没有名为“{sheet}”的工作表。现有工作表：{available}。"),
            Error::NoHeader {
                path,
                sheets,
                name_words,
                total_words,
            } => format!(
                "{path}：在工作表 {sheets} 中没有找到任务表（每张表查看了前 60 行）。表头需要有名称列（{name_words}）和目标或序号列（{total_words}）。请修改表头文字，或指定工作表。"
            ),
            Error::NoTotalColumn {
                path,
                sheet,
                header,
                words,
            } => format!(
                "{path}：工作表“{sheet}”的表格（表头 {header}）没有全市目标列。请把该列命名为以下之一：{words}。"
            ),
            Error::NoUnitColumns {
                path,
                sheet,
                header,
            } => format!(
                "{path}：工作表“{sheet}”的表格（表头 {header}）在全市目标之后没有各单位的列。请在全市目标右侧每个单位一列（定海、普陀……）。"
            ),
            Error::NoReturnTable { path, words } => format!(
                "{path}：没有找到报表：表头需要有名称列和完成数列（{words}）。请确认这是单位填好的报表。"
            ),
            Error::CannotWrite { path, detail } => {
                format!("{path}：无法写入（{}）。", detail.trim_end_matches('.'))
            }
            Error::CannotServe { address, detail } => format!(
                "{address}：无法在这里提供页面（{detail}）。可能有别的程序占用了这个端口：请用 --port 换一个。"
            ),
            Error::UnknownUnitArg { unit, units } => {
                format!("计划表中没有单位“{unit}”。计划表的单位有：{units}。")
            }
            Error::Period(text) => format!(
                "“{text}”不是所属期。请写年份和季度，例如 2024Q3、2024-Q3 或 2024年第三季度。"
            ),
            Error::UnknownProfile { name, available } => format!(
                "单位名册“{name}”：既不是内置名册（{available}），也没有这个文件。请填写内置名册的名称或 .toml 名册文件的路径。"
            ),
            Error::BadProfile { path, detail } => {
                format!("{path}：不是有效的单位名册（{detail}）。格式见 README 的“Profiles”一节。")
            }
            // Already written in Chinese, for the CLI as for the page.
            Error::OutputIsInput { .. } | Error::BadLayout { .. } => self.to_string(),
        }
    }
}

/// What the reader saw instead of a workbook, in Chinese (the reader's own
/// words are kept for anything it has not named before).
fn looks_like_chinese(english: &str) -> String {
    let known = [
        ("an empty file (0 bytes)", "一个空文件（0 字节）"),
        ("a PNG picture", "一张 PNG 图片"),
        ("a JPEG picture", "一张 JPEG 图片"),
        ("a PDF document", "一份 PDF 文档"),
        ("a compressed archive", "一个压缩包"),
        (
            "an HTML page (some systems export web pages as .xls)",
            "一个网页（有些系统把网页导出为 .xls）",
        ),
        ("a text file", "一个文本文件"),
        ("an unknown binary file", "一个未知的二进制文件"),
        (
            "an Excel binary workbook (.xlsb), which is not supported",
            "Excel 二进制工作簿（.xlsb），暂不支持",
        ),
        ("a Word document", "一份 Word 文档"),
        (
            "a zip archive without a workbook inside",
            "一个不含工作簿的 zip 压缩包",
        ),
    ];
    known
        .iter()
        .find(|(en, _)| *en == english)
        .map_or_else(|| english.to_string(), |(_, zh)| (*zh).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chinese_message_names_the_file_and_what_it_looks_like() {
        let e = Error::NotAWorkbook {
            path: "计划.xlsx".into(),
            looks_like: "a PNG picture".into(),
        };
        assert_eq!(
            e.chinese(),
            "计划.xlsx：不是表格文件（看起来是一张 PNG 图片）。请在 Excel 或 WPS 中打开，另存为 .xlsx 后再试。"
        );
    }

    #[test]
    fn a_bad_period_says_how_to_write_one() {
        assert!(Error::Period("Q3".into()).chinese().contains("2024Q3"));
    }
}
