//! The terminal output of `huizong check`: a header, one aligned line per
//! problem target with its findings beneath, a one-line tally.

use crate::finding::{Finding, Severity};
use crate::reconcile::{Check, Status, unit_cells};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

const NAME_WIDTH: usize = 34;

/// ANSI colours, or none.
struct Paint(bool);

impl Paint {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Pad (or cut with …) to a display width, a CJK character counting as two.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    if s.width() > width {
        for c in s.chars() {
            let w = c.width().unwrap_or(0);
            if used + w + 1 > width {
                break;
            }
            out.push(c);
            used += w;
        }
        out.push('…');
        used += 1;
    } else {
        out.push_str(s);
        used = s.width();
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

fn header(check: &Check, profile_note: &str) -> String {
    let plan = &check.plan;
    let units: Vec<&str> = plan.units.iter().map(|u| u.name.as_str()).collect();
    format!(
        "文件     {}\n工作表   {}（表格 {}）\n单位     {} 个：{}{}\n目标     {} 项\n",
        plan.file,
        plan.sheet,
        plan.sheet_range(),
        units.len(),
        units.join(" "),
        profile_note,
        plan.targets.len()
    )
}

fn painted_status(p: &Paint, status: Status) -> String {
    let word = fit(status.word(), 18);
    match status {
        Status::Mismatch => p.paint("31;1", &word),
        Status::RateWarning => p.paint("33", &word),
        _ => word,
    }
}

fn finding_line(p: &Paint, f: &Finding) -> String {
    let tag = match f.severity {
        Severity::Error => p.paint("31", "错误"),
        Severity::Warning => p.paint("33", "提示"),
    };
    let cell = f.cell.as_deref().unwrap_or("-");
    format!("      {tag} {} {cell}: {}\n", f.code.as_str(), f.message)
}

/// Render a check for the terminal. `profile_note` is appended to the units line.
pub fn check(check: &Check, profile_note: &str, color: bool) -> String {
    let p = Paint(color);
    let mut out = header(check, profile_note);
    if let Some(p) = &check.parent {
        out.push_str(&format!(
            "parent   {} → {}: {} targets matched, {} differ; {} only in this plan, {} only in the parent's\n",
            p.file,
            p.unit,
            p.matched,
            p.differ,
            p.only_here.len(),
            p.only_parent.len()
        ));
    }
    out.push('\n');
    out.push_str(&format!(
        "{} {} {} {} {} {} {}\n",
        fit("序号", 5),
        fit("目标名称", NAME_WIDTH),
        fit(&check.plan.total_word(), 12),
        fit("各单位合计", 12),
        fit("差额", 8),
        fit("状态", 18),
        "单元格"
    ));
    for (t, v) in check.plan.targets.iter().zip(&check.verdicts) {
        let own: Vec<&Finding> = check
            .findings
            .iter()
            .filter(|f| f.target.as_deref() == Some(&t.id))
            .collect();
        if own.is_empty() && !matches!(v.status, Status::Mismatch | Status::RateWarning) {
            continue;
        }
        let sum = v.sum.map(|s| s.normalize().to_string()).unwrap_or_default();
        let diff = v
            .difference
            .map(|d| format!("{:+}", d.normalize()))
            .unwrap_or_default();
        let plan = &check.plan;
        let cells = format!("{}, {}", plan.a1(t.total_addr), unit_cells(plan, t));
        out.push_str(&format!(
            "{} {} {} {} {} {} {}\n",
            fit(&t.id, 5),
            fit(&t.name, NAME_WIDTH),
            fit(&t.total.to_string(), 12),
            fit(&sum, 12),
            fit(&diff, 8),
            painted_status(&p, v.status),
            cells
        ));
        own.iter().for_each(|f| out.push_str(&finding_line(&p, f)));
    }
    let here = |id: &String| check.plan.targets.iter().any(|t| &t.id == id);
    for f in check
        .findings
        .iter()
        .filter(|f| f.target.as_ref().is_none_or(|id| !here(id)))
    {
        out.push_str(&finding_line(&p, f));
    }
    out.push('\n');
    out.push_str(&tally(check));
    out
}

fn tally(check: &Check) -> String {
    let parts: Vec<String> = check
        .tally()
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{} {n} 项", s.word()))
        .collect();
    let errors = check
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = check.findings.len() - errors;
    let statuses = if parts.is_empty() {
        String::new()
    } else {
        format!("：{}", parts.join("，"))
    };
    format!(
        "共 {} 项目标{statuses}；错误 {errors} 个，提示 {warnings} 个\n",
        check.plan.targets.len()
    )
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn cjk_characters_count_double_when_aligning() {
        assert_eq!(fit("定海", 6), "定海  ");
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("知识产权质押融资金额", 9), "知识产权…");
    }
}
