//! Command-line mistakes said in Chinese: clap's own messages are English.

/// A command-line mistake, said in Chinese (clap's own messages are English).
pub fn usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let command = std::env::args()
        .nth(1)
        .filter(|a| ["check", "merge", "template", "serve"].contains(&a.as_str()));
    let help = match &command {
        Some(c) => format!("huizong {c} --help"),
        None => "huizong --help".to_string(),
    };
    let said = match e.kind() {
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必填的内容：{}。", context(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "请写明要做什么：check（核对任务分解表）、merge（汇总报表）、template（生成填报表）或 serve（打开网页）。"
                .to_string()
        }
        ErrorKind::InvalidSubcommand => format!(
            "没有“{}”这个命令；命令有 check、merge、template、serve。",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::UnknownArgument => format!(
            "不认识的选项或多余的内容：{}。",
            context(ContextKind::InvalidArg)
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "{} 的值“{}”不可用。",
            context(ContextKind::InvalidArg),
            context(ContextKind::InvalidValue)
        ),
        ErrorKind::ArgumentConflict => format!(
            "{} 不能与 {} 同时使用。",
            context(ContextKind::InvalidArg),
            context(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("{} 后面的值个数不对。", context(ContextKind::InvalidArg))
        }
        _ => "命令行有误。".to_string(),
    };
    format!("{said}用法见 {help}。")
}
