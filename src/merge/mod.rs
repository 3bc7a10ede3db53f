//! Merging the units' returns into one consolidation. Pure: the checked plan
//! and the returns as read go in; every file's fate, every figure with its
//! provenance, the city lines and the findings come out.

mod figures;
pub mod matching;
pub mod narrative;
pub mod parent;
mod pending;
mod previous;
mod progress;
pub mod standing;
pub mod summary;

pub use pending::{Pending, Take, Taker, check_while_reading};
pub use progress::{CityLine, Progress, UnitLine, city_lines, unit_lines};

use crate::finding::quote;
use crate::finding::{Code, Finding};
use crate::model::form_meta::{self, FormMeta};
use crate::model::period::Period;
use crate::model::report_meta::{self, Behind, ReportMeta};
use crate::model::returns::{Block, Return, Unreadable};
use crate::read::intake::Skipped;
use crate::reconcile::Check;
use matching::{Index, Judged};
use serde::Serialize;
use std::sync::Arc;

/// What happened to a received file (one entry per unit it reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fate {
    /// Merged.
    Accepted,
    /// A later return for the same unit was merged instead.
    Superseded,
    /// Not merged; the reason says why.
    Rejected,
    /// Not a workbook at all (a PDF, a photo, a .docx sent with the returns):
    /// listed with what it is, never read.
    NotAReturn,
}

impl Fate {
    /// The stable snake_case name (`not_a_return`).
    pub fn as_str(self) -> &'static str {
        match self {
            Fate::Accepted => "accepted",
            Fate::Superseded => "superseded",
            Fate::Rejected => "rejected",
            Fate::NotAReturn => "not_a_return",
        }
    }

    /// The fate in the clerk's words (回收情况's 状态).
    pub fn word(self) -> &'static str {
        match self {
            Fate::Accepted => "已汇总",
            Fate::Superseded => "被替代",
            Fate::Rejected => "未汇总",
            Fate::NotAReturn => "不是报表",
        }
    }
}

/// A received file's fate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Received {
    /// The path as given.
    pub file: String,
    /// The unit it reports for, if known.
    pub unit: Option<String>,
    /// Accepted, superseded or rejected.
    pub status: Fate,
    /// Why it was not accepted.
    pub reason: Option<String>,
    /// SHA-256 of its bytes, when it could be read.
    pub sha256: Option<String>,
    /// 填报日期 as written.
    pub date: Option<String>,
    /// A reader's own words on why the file could not be read (the reason
    /// says it in Chinese).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The file and sheet merged figures came from, shared by all of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    /// The file, as given.
    pub file: String,
    /// The sheet.
    pub sheet: String,
    /// SHA-256 of the file.
    pub sha256: String,
}

/// Where a merged figure came from: its file's [`Origin`] (one pointer,
/// not three, in each of 240,000 figures at 3,000 units) and its cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The file and sheet.
    pub origin: Arc<Origin>,
    /// The cell.
    pub cell: crate::grid::Addr,
    /// When the file is a lower level's report: the figures behind this one
    /// (the towns' files, sheets and cells behind a county's total).
    pub behind: Box<[Behind]>,
}

impl Serialize for Source {
    /// `{file, sheet, cell, sha256, behind?}`, as the figure's own fields.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fields = 4 + usize::from(!self.behind.is_empty());
        let mut s = serializer.serialize_struct("Source", fields)?;
        s.serialize_field("file", &self.origin.file)?;
        s.serialize_field("sheet", &self.origin.sheet)?;
        s.serialize_field("cell", &self.cell)?;
        s.serialize_field("sha256", &self.origin.sha256)?;
        if !self.behind.is_empty() {
            s.serialize_field("behind", &self.behind)?;
        }
        s.end()
    }
}

impl Source {
    /// The file, as given.
    pub fn file(&self) -> &str {
        &self.origin.file
    }

    /// The sheet.
    pub fn sheet(&self) -> &str {
        &self.origin.sheet
    }

    /// SHA-256 of the file.
    pub fn sha256(&self) -> &str {
        &self.origin.sha256
    }

    /// Where the figure was typed, as a cell reference: `汇总!E5`, the sheet
    /// quoted where Excel would quote it.
    pub fn place(&self) -> String {
        crate::grid::sheet_ref(self.sheet(), self.cell)
    }
}

/// What a unit reported for one target, as merged. Boxed in a [`Figure`] and
/// in its [`UnitLine`], so that it moves from one to the other without being
/// copied and a line without a figure costs a pointer (240,000 lines at
/// 3,000 units).
#[derive(Debug, Clone, PartialEq)]
pub struct Reported {
    /// The figure (or the note, for qualitative targets).
    pub value: Judged,
    /// What the unit wrote under 进展情况 on that row, if anything.
    pub progress: Option<Box<str>>,
    /// Where it came from.
    pub source: Source,
}

/// One accepted figure: a unit's completed value for a target.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Index into the plan's targets.
    pub target: usize,
    /// Index into the plan's units.
    pub unit: usize,
    /// What the unit reported.
    pub reported: Box<Reported>,
}

/// The whole quarter, merged.
#[derive(Debug, Clone)]
pub struct Consolidation {
    /// The quarter merged.
    pub period: Period,
    /// The plan, checked.
    pub check: Check,
    /// Every file received and its fate.
    pub received: Vec<Received>,
    /// Per target and unit with an allocation.
    pub units: Vec<UnitLine>,
    /// Per target, city level.
    pub city: Vec<CityLine>,
    /// Every problem found in the returns.
    pub findings: Vec<Finding>,
    /// Whether last quarter's figures were given (`--previous`), so that each
    /// line can say what this quarter added.
    pub has_previous: bool,
    /// Office lock files and hidden files skipped in the folders given.
    pub skipped: Skipped,
}

impl Consolidation {
    /// List the files received that are not workbooks (`(file, reason)`),
    /// after the returns, and what was skipped.
    pub fn add_others(&mut self, others: Vec<(String, String)>, skipped: Skipped) {
        self.received
            .extend(others.into_iter().map(|(file, reason)| Received {
                file,
                unit: None,
                status: Fate::NotAReturn,
                reason: Some(reason),
                sha256: None,
                date: None,
                detail: None,
            }));
        self.skipped = skipped;
    }
}

/// One unit's block of one readable file, while its figures are taken.
struct Candidate<'a> {
    ret: &'a Return,
    block: &'a Block,
    unit: usize,
    /// The plan target each of the block's rows matches, matched once.
    matched: Vec<Option<usize>>,
}

/// An accepted block whose figures are taken, until duplicates are settled.
struct Taken<'a> {
    ret: &'a Return,
    unit: usize,
    figures: Vec<Figure>,
    /// What reading its figures found, said only if it is merged.
    findings: Vec<Finding>,
}

/// What one file gave, on its own: its header (the rows freed), its fates
/// and findings, and per accepted block the unit, figures and their findings.
pub struct FileOutcome {
    ret: Option<Return>,
    received: Vec<Received>,
    findings: Vec<Finding>,
    taken: Vec<(usize, Vec<Figure>, Vec<Finding>)>,
}

/// Admit one file and take its accepted blocks' figures, then free its rows:
/// a file's rows never outlive it (at 3,000 returns, all rows at once were
/// the peak of the merge).
fn take_file(
    check: &Check,
    index: &Index,
    period: Period,
    input: Result<Return, Unreadable>,
) -> FileOutcome {
    let (mut received, mut findings) = (Vec::new(), Vec::new());
    let mut ret = match input {
        Err(u) => {
            reject_unreadable(check, index, &u, &mut received, &mut findings);
            let taken = Vec::new();
            return FileOutcome {
                ret: None,
                received,
                findings,
                taken,
            };
        }
        Ok(ret) => ret,
    };
    let mut candidates = Vec::new();
    admit(
        check,
        index,
        period,
        &ret,
        &mut candidates,
        &mut received,
        &mut findings,
    );
    let taken = candidates
        .iter()
        .map(|c| {
            let mut found = Vec::new();
            let figures = figures::read_figures(check, index, c, &mut found);
            (c.unit, figures, found)
        })
        .collect();
    drop(candidates);
    ret.blocks = Vec::new();
    FileOutcome {
        ret: Some(ret),
        received,
        findings,
        taken,
    }
}

/// Merge the returns for `period`. `previous` holds last quarter's returns, if given.
pub fn consolidate(
    check: Check,
    period: Period,
    inputs: Vec<Result<Return, Unreadable>>,
    previous: Vec<Return>,
) -> Consolidation {
    let pending = inputs.into_iter().map(Pending::Read).collect();
    consolidate_pending(check, period, pending, previous)
}

/// [`consolidate`] files of which some were taken as they were read.
pub fn consolidate_pending(
    check: Check,
    period: Period,
    inputs: Vec<Pending>,
    previous: Vec<Return>,
) -> Consolidation {
    use rayon::prelude::*;
    let (mut findings, mut received) = (Vec::new(), Vec::new());
    let index = Index::new(&check.plan);
    // Each file on its own, on every core; then, in the order given, what
    // each said, so that the findings come in the same order as one by one.
    let outcomes: Vec<FileOutcome> = inputs
        .into_par_iter()
        .map(|input| match input {
            Pending::Read(input) => take_file(&check, &index, period, input),
            Pending::Taken(outcome) => outcome,
        })
        .collect();
    let mut rets = Vec::with_capacity(outcomes.len());
    let mut takens = Vec::with_capacity(outcomes.len());
    for o in outcomes {
        received.extend(o.received);
        findings.extend(o.findings);
        rets.push(o.ret);
        takens.push(o.taken);
    }
    let candidates = rets.iter().zip(takens).flat_map(|(ret, taken)| {
        let ret = ret.as_ref();
        taken
            .into_iter()
            .filter_map(move |(unit, figures, findings)| {
                Some(Taken {
                    ret: ret?,
                    unit,
                    figures,
                    findings,
                })
            })
    });
    let winners = settle_duplicates(&check, candidates.collect(), &mut received, &mut findings);
    // Each file's figures stay in their own vector (not copied into one of
    // 240,000 at 3,000 units while the lines are being built).
    let mut figures = Vec::with_capacity(winners.len());
    for w in winners {
        findings.extend(w.findings);
        figures.push(w.figures);
    }
    drop(rets);
    report_missing(&check, &received, &mut findings);
    let has_previous = !previous.is_empty();
    let before = previous::previous_figures(&index, period, &previous, &mut findings);
    previous::report_decreases(&check, &figures, &before, &mut findings);
    drop((index, previous));
    let units = unit_lines(&check, period, figures, &before);
    let city = city_lines(&check, period, &units);
    Consolidation {
        period,
        check,
        received,
        units,
        city,
        findings,
        has_previous,
        skipped: Skipped::default(),
    }
}

/// An unreadable file is rejected; its unit is guessed from the file name only
/// to say whose return it was (nothing from it is merged).
fn reject_unreadable(
    check: &Check,
    index: &Index,
    u: &Unreadable,
    received: &mut Vec<Received>,
    findings: &mut Vec<Finding>,
) {
    // The error names the file first; the file is named beside it already.
    let reason = u.error.reason();
    let detail = u.error.detail();
    // A member of an archive is named after the `!` (附件.zip!定海区局-2024Q3.xlsx).
    let own = u.file.rsplit_once('!').map_or(u.file.as_str(), |(_, m)| m);
    let name = std::path::Path::new(own)
        .file_name()
        .map_or(own.to_string(), |n| n.to_string_lossy().into_owned());
    let unit = (index.finder().find(&name)).map(|i| check.plan.units[i].name.clone());
    let mut f = Finding::new(Code::UnreadableFile, format!("未汇总：{reason}"))
        .file(&u.file)
        .detail(detail);
    f.unit = unit.clone();
    findings.push(f);
    received.push(Received {
        file: u.file.clone(),
        unit,
        status: Fate::Rejected,
        reason: Some(reason),
        sha256: None,
        date: None,
        detail: detail.map(str::to_string),
    });
}

/// The unit a block reports for: the group header (layout B), else 填报单位, else the file name.
/// A lower level's report: its issuing office, else the unit its plan's title
/// names (2024年岱山县… → 岱山), else its file name.
fn unit_of(index: &Index, ret: &Return, block: &Block) -> (Option<usize>, String) {
    if let Some(report) = ret.report.as_ref().filter(|_| block.unit_written.is_none()) {
        let by_name = |w: &String| index.unit(w).map(|u| (u, w.clone()));
        let by_title = |w: &String| index.unit_in_text(w).map(|u| (u, w.clone()));
        let found = report
            .issuer
            .as_ref()
            .and_then(by_name)
            .or_else(|| report.title.as_ref().and_then(by_title))
            .or_else(|| report.issuer.as_ref().and_then(by_title))
            .or_else(|| by_name(&ret.file_name));
        return match found {
            Some((u, w)) => (Some(u), w),
            None => (None, report.issuer.clone().unwrap_or(ret.file_name.clone())),
        };
    }
    let from_form = ret
        .meta
        .as_ref()
        .and_then(|m| m.unit.clone())
        .filter(|_| ret.blocks.len() == 1);
    let written = block
        .unit_written
        .clone()
        .or(from_form)
        .or_else(|| ret.filer.as_ref().map(|f| f.value.clone()))
        .unwrap_or_else(|| ret.file_name.clone());
    (index.unit(&written), written)
}

/// The period a return says it reports on, the sheet and the cell saying it:
/// its form's or report's hidden sheet, else its title, else its completed
/// column's header, else the period of `like`'s kind before its 填报日期.
fn said_period(
    ret: &Return,
    like: crate::model::period::Part,
) -> Option<(Period, String, crate::grid::Addr)> {
    let sheet = |name: &str| name.to_string();
    let from_date = ret
        .date
        .as_ref()
        .and_then(|d| Period::reported_on(&d.value, like).map(|p| (p, sheet(&ret.sheet), d.addr)));
    let from_title = ret.title_period.map(|(p, a)| (p, sheet(&ret.sheet), a));
    let from_form = ret
        .meta
        .as_ref()
        .and_then(|m| m.period)
        .map(|p| (p, sheet(form_meta::SHEET), FormMeta::period_addr()));
    let from_header = ret.header_period.map(|(p, a)| (p, sheet(&ret.sheet), a));
    let from_report = ret
        .report
        .as_ref()
        .and_then(|r| r.period)
        .map(|p| (p, sheet(report_meta::SHEET), ReportMeta::period_addr()));
    from_report
        .or(from_form)
        .or(from_title)
        .or(from_header)
        .or(from_date)
}

fn admit<'a>(
    check: &Check,
    index: &Index,
    period: Period,
    ret: &'a Return,
    candidates: &mut Vec<Candidate<'a>>,
    received: &mut Vec<Received>,
    findings: &mut Vec<Finding>,
) {
    let said = said_period(ret, period.part);
    for block in &ret.blocks {
        let (unit, written) = unit_of(index, ret, block);
        let mut fate = Received {
            file: ret.file.clone(),
            unit: unit.map(|i| check.plan.units[i].name.clone()),
            status: Fate::Rejected,
            reason: None,
            sha256: Some(ret.sha256.clone()),
            date: ret.date.as_ref().map(|d| d.value.clone()),
            detail: None,
        };
        if unit.is_none() {
            let msg = format!("填报单位{}不是计划中的单位，未汇总", quote(&written));
            fate.reason = Some(msg.clone());
            let f = Finding::new(Code::UnknownUnit, msg)
                .unit(&written)
                .file(&ret.file)
                .actual(&written);
            findings.push(match &ret.filer {
                Some(l) => f.at(&ret.file, &ret.sheet, l.addr),
                None => f,
            });
        } else if let Some((p, said_sheet, addr)) =
            said.clone().filter(|(p, _, _)| !p.same_reach(&period))
        {
            let msg = format!("报表所属期为 {p}，不是本次汇总的 {period}，未汇总");
            fate.reason = Some(msg.clone());
            let f = Finding::new(Code::WrongPeriod, msg).unit(fate.unit.as_deref().unwrap_or(""));
            findings.push(f.at(&ret.file, &said_sheet, addr).values(period, p));
        } else if let Some(unit) = unit {
            let matched: Vec<Option<usize>> = block.rows.iter().map(|r| index.target(r)).collect();
            if let Some(why) = foreign(check, ret, &matched, findings) {
                fate.reason = Some(why);
            } else {
                report_unit_mismatch(check, index, ret, unit, findings);
                fate.status = Fate::Accepted;
                candidates.push(Candidate {
                    ret,
                    block,
                    unit,
                    matched,
                });
            }
        }
        received.push(fate);
    }
}

/// A block most of whose rows (more than half, of at least three) match no
/// target is a return of another plan: rejected whole, with the reason.
fn foreign(
    check: &Check,
    ret: &Return,
    matched: &[Option<usize>],
    findings: &mut Vec<Finding>,
) -> Option<String> {
    let rows = matched.len();
    let unknown = matched.iter().filter(|m| m.is_none()).count();
    if rows < 3 || unknown * 2 <= rows {
        return None;
    }
    let plan_name = std::path::Path::new(&check.plan.file)
        .file_name()
        .map_or(check.plan.file.clone(), |n| {
            n.to_string_lossy().into_owned()
        });
    let made_from = ret
        .meta
        .as_ref()
        .and_then(|m| m.plan_file.clone())
        .map(|f| format!("（按{f}生成）"))
        .unwrap_or_default();
    let msg = format!(
        "报表{made_from}共 {rows} 行，其中 {unknown} 行与本计划（{plan_name}）的目标对不上，不是按本计划填报的，未汇总；请用本计划生成的填报表重新填报"
    );
    findings.push(
        Finding::new(Code::ForeignPlan, msg.clone())
            .file(&ret.file)
            .values(rows, unknown),
    );
    Some(msg)
}

/// A file whose name names one unit while its content (填报单位 or the form)
/// names another: merged for the content's unit, and said.
fn report_unit_mismatch(
    check: &Check,
    index: &Index,
    ret: &Return,
    unit: usize,
    findings: &mut Vec<Finding>,
) {
    let plan = &check.plan;
    let Some(named) = index.finder().find(&ret.file_name) else {
        return;
    };
    if named == unit || ret.blocks.len() > 1 {
        return;
    }
    let (named, content) = (&plan.units[named].name, &plan.units[unit].name);
    let msg = format!(
        "文件名{}指向{named}，但表内填报单位是{content}：按{content}的报表处理，请与报送人核实",
        quote(&ret.file_name)
    );
    let f = Finding::new(Code::UnitMismatch, msg)
        .unit(content)
        .file(&ret.file)
        .values(content, named);
    findings.push(match &ret.filer {
        Some(l) => f.at(&ret.file, &ret.sheet, l.addr),
        None => f,
    });
}

/// A template form made from another version of the plan: merged by each
/// row's visible 序号 and name, and said once, naming the targets whose 序号
/// moved (`moved`: the form's 序号 → the plan's).
fn report_plan_changed(
    check: &Check,
    ret: &Return,
    moved: &[(String, String)],
    findings: &mut Vec<Finding>,
) {
    let Some(form_sha) = ret.meta.as_ref().and_then(|m| m.plan_sha256.as_deref()) else {
        return;
    };
    if check.plan.sha256.is_empty() || form_sha == check.plan.sha256 {
        return;
    }
    let made_from = ret
        .meta
        .as_ref()
        .and_then(|m| m.plan_file.clone())
        .unwrap_or_default();
    let changed = if moved.is_empty() {
        String::new()
    } else {
        format!("；序号有变化的目标：{}", listed(moved))
    };
    let msg = format!(
        "此表由另一版本的计划（{made_from}）生成，已按每行的序号和名称与当前计划逐项对应{changed}"
    );
    findings.push(
        Finding::new(Code::PlanChanged, msg)
            .file(&ret.file)
            .values(&check.plan.sha256, form_sha),
    );
}

/// `13→14、14→15…`, at most ten pairs and how many more.
fn listed(moved: &[(String, String)]) -> String {
    let shown: Vec<String> = moved
        .iter()
        .take(10)
        .map(|(a, b)| format!("{a}→{b}"))
        .collect();
    let more = moved.len().saturating_sub(10);
    let tail = if more > 0 {
        format!(" 等共 {} 项", moved.len())
    } else {
        String::new()
    };
    format!("{}{tail}", shown.join("、"))
}

/// Rows of a form that are not where its hidden map put them (a row was
/// inserted or deleted): matched by what the clerk sees, and said once.
fn report_rows_moved(
    c: &Candidate,
    unit: &str,
    moved: &[(u32, String)],
    findings: &mut Vec<Finding>,
) {
    let Some((first, _)) = moved.first() else {
        return;
    };
    let rows: Vec<String> = moved
        .iter()
        .take(10)
        .map(|(r, id)| format!("第 {r} 行（序号 {id}）"))
        .collect();
    let msg = format!(
        "表中有 {} 行与生成时的位置不同（可能插入或删除了行）：{}；已按每行的序号和名称对应到计划目标，请核实",
        moved.len(),
        rows.join("、")
    );
    let row = c.block.rows.iter().find(|r| r.row == *first);
    let f = Finding::new(Code::RowMoved, msg).unit(unit);
    findings.push(match row {
        Some(r) => f.at(&c.ret.file, &c.ret.sheet, r.first),
        None => f.file(&c.ret.file),
    });
}

/// Two returns for one unit: a form we made wins over a file without our
/// metadata (a misnamed or hand-made copy), then the later 填报日期, else the
/// later modification time. The choice is said, with its reason.
fn settle_duplicates<'a>(
    check: &Check,
    mut candidates: Vec<Taken<'a>>,
    received: &mut [Received],
    findings: &mut Vec<Finding>,
) -> Vec<Taken<'a>> {
    let key = |c: &Taken| {
        let date: Vec<u32> = c.ret.date.as_ref().map_or(vec![], |d| {
            d.value
                .split(|ch: char| !ch.is_ascii_digit())
                .filter_map(|s| s.parse().ok())
                .collect()
        });
        (
            c.ret.meta.is_some(),
            date,
            c.ret.modified,
            c.ret.file.clone(),
        )
    };
    candidates.sort_by_key(|c| (c.unit, key(c)));
    let mut winners: Vec<Taken> = Vec::new();
    // Sorted by unit: a unit's candidates come together, its winner first.
    for c in candidates.into_iter().rev() {
        match winners.last().filter(|w| w.unit == c.unit) {
            None => winners.push(c),
            Some(w) => {
                let unit = &check.plan.units[c.unit].name;
                let why = if w.ret.meta.is_some() && c.ret.meta.is_none() {
                    "按本计划生成的填报表"
                } else {
                    "较晚的"
                };
                let msg = format!(
                    "{unit}有两份报表，采用{why} {}，本份不汇总",
                    w.ret.file_name
                );
                let entry = received
                    .iter_mut()
                    .find(|r| r.file == c.ret.file && r.unit.as_deref() == Some(unit));
                if let Some(r) = entry {
                    (r.status, r.reason) = (Fate::Superseded, Some(msg.clone()));
                }
                findings.push(
                    Finding::new(Code::DuplicateReturn, msg)
                        .unit(unit)
                        .file(&c.ret.file)
                        .values(&w.ret.file_name, &c.ret.file_name),
                );
            }
        }
    }
    winners.reverse();
    winners
}

/// Units with allocations from which no file at all was received (a rejected
/// file has its own finding already).
fn report_missing(check: &Check, received: &[Received], findings: &mut Vec<Finding>) {
    let plan = &check.plan;
    // Looked up once per unit: a search of every file per unit was 10^8
    // comparisons at 10,000 units.
    let heard: std::collections::HashSet<&str> =
        received.iter().filter_map(|r| r.unit.as_deref()).collect();
    for (i, unit) in plan.units.iter().enumerate() {
        let assigned = plan
            .targets
            .iter()
            .filter(|t| t.allocations[i].quantity.is_assigned())
            .count();
        if assigned > 0 && !heard.contains(unit.name.as_str()) {
            let msg = format!("{}有 {assigned} 项分解任务，未收到本期报表", unit.name);
            findings.push(Finding::new(Code::MissingReturn, msg).unit(&unit.name));
        }
    }
}
