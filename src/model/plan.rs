//! The plan: targets and their allocations to units, read from a task table.
//!
//! Merged cells are read as they are meant: a value merged down belongs to
//! every row it covers; a requirement merged across unit columns belongs to
//! each of those units; a number merged across units is counted once.

use crate::finding::quote;
use crate::finding::{Code, Finding};
use crate::grid::{Addr, Grid, Span, Value, column_letters};
use crate::model::profile::Profile;
use crate::model::unit_name::{self, Places};
use crate::quantity::{self, Quantity};
use crate::table::Table;
use crate::text::role_key;
use crate::vocab::{self, Role};

/// A unit that receives allocations (a header column of the unit zone).
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The unit's name: the profile's name when it knows the header, else the header.
    pub name: String,
    /// The header text as written in the sheet.
    pub label: String,
    /// Zero-based column.
    pub col: u32,
    /// The unit whose statistics include this one (from the profile).
    pub parent: Option<String>,
}

/// One unit's share of a target.
#[derive(Debug, Clone, PartialEq)]
pub struct Allocation {
    /// Index into [`Plan::units`].
    pub unit: usize,
    /// The cell it was read from.
    pub addr: Addr,
    /// What the cell means.
    pub quantity: Quantity,
    /// The merged range, when one cell is shared by several unit columns.
    pub shared: Option<Box<Span>>,
    /// The cell exactly as written (through merges).
    pub text: Box<str>,
}

/// One target (a row of the table).
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The sheet's own 序号 (`"56"`), or `#row` when the table has none.
    pub id: String,
    /// One-based worksheet row.
    pub row: u32,
    /// The action or category (实事名称), merged down or carried down.
    pub group: Option<String>,
    /// The target's name.
    pub name: String,
    /// The unit of measure, from the name's last bracket (家) or a 单位 column.
    pub measure: Option<String>,
    /// The city total.
    pub total: Quantity,
    /// The city total exactly as written in the cell.
    pub total_text: String,
    /// Where the city total was read.
    pub total_addr: Addr,
    /// One entry per unit, in unit order.
    pub allocations: Vec<Allocation>,
    /// What remark columns say on this row.
    pub remarks: Vec<(Addr, Quantity)>,
}

/// A task-breakdown sheet, read.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The file, as given.
    pub file: String,
    /// The sheet the table was found on.
    pub sheet: String,
    /// The table's extent, header to last row (`A3:P100`).
    pub range: Span,
    /// The profile used, if any.
    pub profile: Option<Profile>,
    /// The units, left to right.
    pub units: Vec<Unit>,
    /// The targets, top to bottom.
    pub targets: Vec<Target>,
    /// Problems found while reading cells.
    pub findings: Vec<Finding>,
    /// SHA-256 of the plan file (set by the loader; empty for in-memory plans).
    pub sha256: String,
    /// The sheet's title: the first text above the table, if any.
    pub title: Option<String>,
    /// Whether the sheet has its units down the rows and its targets across
    /// (read transposed; every address given out is the sheet's own).
    pub transposed: bool,
    /// The level the plan's total is for, from its header (全县目标任务 → 县,
    /// 全市目标 → 市), if it names one.
    pub level: Option<String>,
}

impl Target {
    /// Whether the name or the measure says the figure is a ratio
    /// (`…覆盖率`, `(%)`), whatever its cells hold.
    pub fn names_a_ratio(&self) -> bool {
        let name = role_key(&self.name);
        let measure = self.measure.as_deref().unwrap_or("");
        !self.is_per_capita()
            && vocab::RATIO_MARKERS
                .iter()
                .any(|m| measure.contains(m) || name.ends_with(m))
    }

    /// Whether the name or the measure makes this a per-capita or density
    /// figure, an index, an average or a score (每万人…, 人均…, 件/万人, 指数,
    /// 满意度, (分)): never summed, and not a rate.
    pub fn is_per_capita(&self) -> bool {
        let name = crate::text::normalize(&self.name);
        let measure = self
            .measure
            .as_deref()
            .map(crate::text::normalize)
            .unwrap_or_default();
        let score = vocab::SCORE_WORDS.iter().any(|w| name.contains(w))
            || vocab::SCORE_MEASURES.contains(&measure.as_str());
        score
            || vocab::PER_CAPITA_MARKERS
                .iter()
                .any(|m| name.contains(m) || measure.contains(m))
    }

    /// Whether figures against this target are rates: its total or an
    /// allocation is one, or its name or measure says so.
    pub fn is_rate(&self) -> bool {
        !self.is_per_capita()
            && (self.total.is_rate_like()
                || self.allocations.iter().any(|a| a.quantity.is_rate_like())
                || self.names_a_ratio())
    }
}

impl Plan {
    /// Read the plan from a grid and the table found on it.
    pub fn read(grid: &Grid, table: &Table, profile: Option<Profile>) -> Plan {
        let mut findings = Vec::new();
        let units = units(grid, table, profile.as_ref(), &mut findings);
        let rows = target_rows(grid, table);
        let mut group = None;
        let targets = rows
            .into_iter()
            .map(|row| read_target(grid, table, &units, row, &mut group, &mut findings))
            .collect();
        let last_col = table.columns.last().map_or(table.header.end.col, |c| c.col);
        let range = Span {
            start: table.header.start,
            end: Addr::new(grid.height().saturating_sub(1), last_col),
        };
        Plan {
            file: grid.file.clone(),
            sheet: grid.sheet.clone(),
            range,
            profile,
            units,
            targets,
            findings,
            sha256: String::new(),
            title: title(grid, table),
            transposed: grid.is_transposed(),
            level: level(table),
        }
    }

    /// The table's extent in the sheet's own cells (a plan read across
    /// reads `A1:N10` of the turned grid, which is `A1:J14` of the sheet).
    pub fn sheet_range(&self) -> Span {
        Span {
            start: self.a1(self.range.start),
            end: self.a1(self.range.end),
        }
    }

    /// What the plan's total is called in messages and headers: 全市目标,
    /// 全县目标… from its header's level, else 总目标 (a 2025年目标 or 合计).
    pub fn total_word(&self) -> String {
        match &self.level {
            Some(level) => format!("全{level}目标"),
            None => "总目标".to_string(),
        }
    }

    /// The cell reference a user types: `任务分解表!D59`.
    pub fn cell_ref(&self, addr: Addr) -> String {
        crate::grid::sheet_ref(&self.sheet, self.a1(addr))
    }

    /// A cell of the table as the sheet's own address (the same cell, read
    /// back across, when the plan is transposed).
    pub fn a1(&self, addr: Addr) -> Addr {
        if self.transposed {
            Addr::new(addr.col, addr.row)
        } else {
            addr
        }
    }

    /// The index of a unit by a written name: the name, or one of its
    /// [`unit_name::spellings`] (舟山市定海区市场监督管理局 → 定海区), equal to a
    /// unit's name, header label or profile alias; else the longest unit name
    /// a spelling starts with (`嵊泗县局-2024Q3.xlsx` → 嵊泗).
    pub fn find_unit(&self, written: &str) -> Option<usize> {
        UnitFinder::new(self).find(written)
    }

    /// The places the plan is about (舟山市), from its title and its profile's.
    pub fn places(&self) -> Places {
        let profile = self.profile.as_ref().and_then(|p| p.title.as_deref());
        Places::from_titles(self.title.as_deref().into_iter().chain(profile))
    }
}

/// The level a total header names: 全县目标任务 → 县.
fn level(table: &Table) -> Option<String> {
    // 全县目标任务, and after a year too: 2025年全省目标.
    let key = &table.column(Role::Total)?.key;
    key.match_indices('全').find_map(|(at, _)| {
        let rest = &key[at + '全'.len_utf8()..];
        vocab::TOTAL_LEVELS
            .iter()
            .find(|l| rest.starts_with(*l))
            .map(|l| l.to_string())
    })
}

/// The first text above the table (the sheet's title row).
fn title(grid: &Grid, table: &Table) -> Option<String> {
    (0..table.header.start.row)
        .flat_map(|row| (0..grid.width()).map(move |col| Addr::new(row, col)))
        .map(|a| grid.raw(a).display().trim().to_string())
        .find(|t| !t.is_empty())
}

fn units(
    grid: &Grid,
    table: &Table,
    profile: Option<&Profile>,
    findings: &mut Vec<Finding>,
) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    for c in table.columns_with(Role::Unit) {
        let cell = grid.cell_ref(Addr::new(table.header.end.row, c.col));
        let resolved = profile.and_then(|p| p.resolve(&c.label));
        if let (Some(p), None) = (profile, resolved) {
            let msg = format!(
                "表头{}不在单位名册{}中，按表头原样作为单位",
                quote(&c.label),
                quote(&p.name)
            );
            findings.push(
                Finding::new(Code::UnknownUnit, msg)
                    .unit(&c.label)
                    .cell(cell.clone()),
            );
        }
        let name = resolved.unwrap_or(&c.label).to_string();
        if let Some(first) = units.iter().find(|u| u.name == name) {
            let msg = format!(
                "单位“{name}”有两列（{} 和 {}），两列都计入合计，请删去多余的一列",
                column_letters(first.col),
                column_letters(c.col)
            );
            findings.push(
                Finding::new(Code::DuplicateUnit, msg)
                    .unit(&name)
                    .cell(cell),
            );
        }
        let parent = profile.and_then(|p| p.parent_of(&name)).map(str::to_string);
        units.push(Unit {
            name,
            label: c.label.clone(),
            col: c.col,
            parent,
        });
    }
    units
}

/// Rows below the header that are targets: not blank, not a repeated header,
/// not a 合计/小计 row, not a note, and with a 序号 or a name.
fn target_rows(grid: &Grid, table: &Table) -> Vec<u32> {
    let text = |row, role| {
        table
            .column(role)
            .map(|c| role_key(&grid.value(Addr::new(row, c.col)).display()))
            .unwrap_or_default()
    };
    (table.first_data_row()..grid.height())
        .filter(|&row| !grid.row_is_blank(row) && !table.is_repeated_header(grid, row))
        .filter(|&row| {
            let (id, name) = (text(row, Role::Id), text(row, Role::Name));
            let is_total = [&id, &name, &text(row, Role::Group)]
                .iter()
                .any(|t| vocab::is_total_row(t));
            let raw = |role| {
                table
                    .column(role)
                    .map(|c| grid.value(Addr::new(row, c.col)).display())
                    .unwrap_or_default()
            };
            let is_note = vocab::is_note(&raw(Role::Id)) || vocab::is_note(&raw(Role::Name));
            let id_is_number = !id.is_empty() && id.chars().all(|c| c.is_ascii_digit() || c == '.');
            !is_total
                && !is_note
                && (id_is_number || (!name.is_empty() && !is_heading(grid, table, row)))
        })
        .collect()
}

/// A row with a name but nothing else and no 序号: a section heading.
fn is_heading(grid: &Grid, table: &Table, row: u32) -> bool {
    table
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::Total | Role::Unit))
        .all(|c| grid.value(Addr::new(row, c.col)).is_blank())
}

fn read_target(
    grid: &Grid,
    table: &Table,
    units: &[Unit],
    row: u32,
    group: &mut Option<String>,
    findings: &mut Vec<Finding>,
) -> Target {
    let cell_text = |role| {
        table.column(role).map(|c| {
            grid.value(Addr::new(row, c.col))
                .display()
                .trim()
                .to_string()
        })
    };
    // Without a 序号, a target is named by where it is: its row (`#12`), or,
    // across a transposed sheet, its column's letter.
    let id = cell_text(Role::Id)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| match grid.is_transposed() {
            true => column_letters(row),
            false => format!("#{}", row + 1),
        });
    if let Some(g) = cell_text(Role::Group).filter(|g| !g.is_empty()) {
        *group = Some(g);
    }
    let name = cell_text(Role::Name).unwrap_or_default();
    let measure = table
        .columns_with(Role::Metadata)
        .find(|c| vocab::MEASURE_HEADERS.contains(&c.key.as_str()))
        .map(|c| {
            grid.value(Addr::new(row, c.col))
                .display()
                .trim()
                .to_string()
        })
        .filter(|m| !m.is_empty())
        .or_else(|| measure_from_name(&name));
    let total_addr = Addr::new(row, table.column(Role::Total).map_or(0, |c| c.col));
    let mut ctx = CellContext {
        grid,
        id: &id,
        measure: measure.as_deref(),
        findings,
    };
    let total = match table.column(Role::Total) {
        Some(_) => ctx.quantity(total_addr, None),
        None => Quantity::Unassigned,
    };
    let allocations = units
        .iter()
        .enumerate()
        .map(|(i, u)| ctx.allocation(table, i, u, row))
        .collect();
    let remarks = table
        .columns_with(Role::Remark)
        .filter_map(|c| ctx.remark(c.col, row, &c.label))
        .collect();
    let total_text = grid.value(total_addr).display();
    Target {
        id,
        row: row + 1,
        group: group.clone(),
        name,
        measure,
        total,
        total_text,
        total_addr,
        allocations,
        remarks,
    }
}

/// The last bracketed part of a name, if short: `培训(人次)` → `人次`.
pub fn measure_from_name(name: &str) -> Option<String> {
    let n = crate::text::normalize(name);
    let inner = n.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let measure = &inner[open + 1..];
    (!measure.is_empty() && measure.chars().count() <= 5).then(|| measure.to_string())
}

struct CellContext<'a> {
    grid: &'a Grid,
    id: &'a str,
    measure: Option<&'a str>,
    findings: &'a mut Vec<Finding>,
}

impl CellContext<'_> {
    /// The cell's quantity, with a finding for formulas without a value and unreadable text.
    fn quantity(&mut self, addr: Addr, unit: Option<&str>) -> Quantity {
        let value = self.grid.value(addr);
        let cell = self.grid.cell_ref(addr);
        let q = quantity::from_cell(value, self.measure);
        let finding = match (value, &q) {
            (Value::FormulaWithoutValue(f), _) => Some(Finding::new(
                Code::FormulaWithoutValue,
                format!(
                    "公式 ={f} 没有保存计算结果，无法读取其值；请在 Excel/WPS 中打开、重新计算并保存"
                ),
            )),
            (_, Quantity::Unparsed(t)) => Some(
                Finding::new(
                    Code::UnparsedValue,
                    format!(
                        "{}无法识别为数值或要求，本行合计无法核对，请改为数值或“/”",
                        quote(t)
                    ),
                )
                .values("数值、比例或“/”", t),
            ),
            _ => None,
        };
        if let Some(mut f) = finding {
            f = f.target(self.id).cell(cell);
            if let Some(u) = unit {
                f = f.unit(u);
            }
            self.findings.push(f);
        }
        q
    }

    fn allocation(&mut self, table: &Table, index: usize, unit: &Unit, row: u32) -> Allocation {
        let addr = Addr::new(row, unit.col);
        // Only a merged cell needs the unit columns (to see whether it spans several).
        let unit_cols: Vec<u32> = match self.grid.merge_at(addr) {
            Some(_) => table.columns_with(Role::Unit).map(|c| c.col).collect(),
            None => Vec::new(),
        };
        let shared = self.grid.merge_at(addr).copied().filter(|m| {
            unit_cols
                .iter()
                .filter(|&&c| c >= m.start.col && c <= m.end.col)
                .count()
                >= 2
        });
        let mut quantity = self.quantity(addr, Some(&unit.name));
        if let (Some(m), Some(_)) = (shared, quantity.amount()) {
            let first_unit_col = unit_cols
                .iter()
                .copied()
                .find(|&c| c >= m.start.col)
                .unwrap_or(m.start.col);
            if unit.col == first_unit_col && addr.row == m.start.row {
                let msg = format!(
                    "数值 {quantity} 合并跨越多个单位（{m}），只计一次，记在{}名下",
                    unit.name
                );
                let f = Finding::new(Code::MergedAmount, msg)
                    .target(self.id)
                    .unit(&unit.name)
                    .cell(self.grid.cell_ref(m.start));
                self.findings.push(f);
            } else {
                quantity = Quantity::Unassigned;
            }
        }
        let text = self.grid.value(addr).display().trim().to_string();
        if quantity
            .amount()
            .is_some_and(|m| m.value.is_sign_negative() && !m.value.is_zero())
        {
            let msg = format!("{}的分解数为负数 {quantity}，仍计入合计，请核实", unit.name);
            let f = Finding::new(Code::NegativeAllocation, msg)
                .target(self.id)
                .unit(&unit.name);
            self.findings
                .push(f.cell(self.grid.cell_ref(addr)).actual(&quantity));
        }
        Allocation {
            unit: index,
            addr,
            quantity,
            shared: shared.map(Box::new),
            text: text.into(),
        }
    }

    fn remark(&mut self, col: u32, row: u32, label: &str) -> Option<(Addr, Quantity)> {
        let addr = Addr::new(row, col);
        if self.grid.value(addr).is_blank() {
            return None;
        }
        let q = quantity::from_value(self.grid.value(addr));
        if let Quantity::Amount(_) | Quantity::Rate(_) = q {
            let column = if label.is_empty() {
                "无表头的列"
            } else {
                "备注列"
            };
            let msg =
                format!("{column}中有数值 {q}，不属于任何单位，未计入合计；请确认它属于哪个单位");
            self.findings.push(
                Finding::new(Code::ValueWithoutUnit, msg)
                    .target(self.id)
                    .cell(self.grid.cell_ref(addr))
                    .actual(q.to_string()),
            );
        }
        Some((addr, q))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plan titled `title` whose unit columns are `units`, with or without
    /// the built-in zhoushan roster.
    fn plan(title: &str, units: &[&str], zhoushan: bool) -> Plan {
        use crate::grid::{Grid, Value};
        let text = |s: &str| Value::Text(s.to_string());
        let mut header: Vec<Value> = ["序号", "目标名称", "全市目标任务"].map(text).to_vec();
        header.extend(units.iter().map(|u| text(u)));
        let mut row: Vec<Value> = ["1", "培训(人次)", "10"].map(text).to_vec();
        row.extend(units.iter().map(|_| text("1")));
        let width = header.len();
        let mut title_row = vec![text(title)];
        title_row.resize(width, Value::Empty);
        let grid = Grid::new("p.xlsx", "表", vec![title_row, header, row], vec![]);
        let table = crate::table::find(&grid).expect("header found");
        let profile = zhoushan.then(|| Profile::load("zhoushan").unwrap());
        Plan::read(&grid, &table, profile)
    }

    fn unit_of(plan: &Plan, written: &str) -> Option<String> {
        plan.find_unit(written).map(|i| plan.units[i].name.clone())
    }

    const ZHOUSHAN: &[&str] = &[
        "市局",
        "定海",
        "普陀",
        "岱山",
        "嵊泗",
        "高新区",
        "新城",
        "金塘",
        "六横",
        "普陀山",
        "洋山",
    ];

    #[test]
    fn the_spellings_clerks_write_name_their_unit() {
        let title = "2024 年舟山市市场监管助企惠民“十件实事”任务分解表";
        for zhoushan in [true, false] {
            let p = plan(title, ZHOUSHAN, zhoushan);
            for (written, unit) in [
                ("舟山市定海区市场监督管理局", "定海"),
                ("定海区市场监管局(盖章)", "定海"),
                ("岱山县局(盖章)", "岱山"),
                ("岱山县局（盖章）", "岱山"),
                ("浙江省舟山市嵊泗县市场监督管理局", "嵊泗"),
                ("嵊泗县局 ", "嵊泗"),
                ("普陀区局：", "普陀"),
                ("舟山市普陀区市场监督管理局", "普陀"),
                ("普陀山分局", "普陀山"),
                ("舟山市普陀山管委会", "普陀山"),
                ("普陀山风景名胜区管委会", "普陀山"),
                ("新城分局", "新城"),
                ("舟山市新城管委会（公章）", "新城"),
                ("六横分局", "六横"),
            ] {
                assert_eq!(
                    unit_of(&p, written).as_deref(),
                    Some(unit),
                    "{written} ({zhoushan})"
                );
            }
        }
        let p = plan(title, ZHOUSHAN, true);
        assert_eq!(unit_of(&p, "舟山市市场监督管理局").as_deref(), Some("市局"));
        assert_eq!(unit_of(&p, "舟山市局").as_deref(), Some("市局"));
    }

    #[test]
    fn a_street_office_of_a_county_plan_names_its_street() {
        let title = "清河县2024年民生实事任务分解表";
        for units in [["南湖街道", "北湖街道"], ["南湖", "北湖"]] {
            let p = plan(title, &units, false);
            assert_eq!(
                unit_of(&p, "清河县南湖街道办事处(盖章)").as_deref(),
                Some(units[0])
            );
            assert_eq!(unit_of(&p, "北湖街道办事处").as_deref(), Some(units[1]));
        }
    }

    #[test]
    fn a_name_is_never_taken_for_a_unit_it_only_contains_or_starts_like() {
        let p = plan("舟山市任务分解表", &["城", "新城", "普陀", "普陀山"], false);
        for (written, unit) in [
            ("新城", Some("新城")),
            ("新城分局", Some("新城")),
            ("舟山市新城管委会", Some("新城")),
            ("城区分局", Some("城")),
            ("普陀山", Some("普陀山")),
            ("普陀山分局(盖章)", Some("普陀山")),
            ("舟山市普陀山管委会", Some("普陀山")),
            ("普陀区局", Some("普陀")),
            ("舟山市普陀区市场监督管理局", Some("普陀")),
            ("山城", None),
            ("东城街道", None),
            ("舟山市市场监督管理局", None),
        ] {
            assert_eq!(unit_of(&p, written).as_deref(), unit, "{written}");
        }
        let p = plan("舟山市任务分解表", &["普陀"], false);
        assert_eq!(
            unit_of(&p, "普陀山分局").as_deref(),
            Some("普陀"),
            "by the prefix rule, as before"
        );
    }
}

/// A plan's units keyed once, for finding the unit that thousands of file
/// names and 填报单位 name: [`Plan::find_unit`] without keying every unit
/// again for every return (which made a 3,000-return merge quadratic).
#[derive(Debug, Clone)]
pub struct UnitFinder<'a> {
    plan: &'a Plan,
    /// Per unit, its name's and its header label's keys.
    keys: Vec<(String, String)>,
    /// Each key to the first unit with it (as name or label): a search of
    /// every unit per file was quadratic at 10,000 units.
    exact: std::collections::HashMap<String, usize>,
    places: Places,
}

impl<'a> UnitFinder<'a> {
    /// Key `plan`'s units and places.
    pub fn new(plan: &'a Plan) -> Self {
        let keys: Vec<(String, String)> = plan
            .units
            .iter()
            .map(|u| (role_key(&u.name), role_key(&u.label)))
            .collect();
        let mut exact = std::collections::HashMap::new();
        for (i, (n, l)) in keys.iter().enumerate() {
            exact.entry(n.clone()).or_insert(i);
            exact.entry(l.clone()).or_insert(i);
        }
        UnitFinder {
            plan,
            keys,
            exact,
            places: plan.places(),
        }
    }

    /// The unit `written` names, by the rules of [`Plan::find_unit`].
    pub fn find(&self, written: &str) -> Option<usize> {
        let spellings = unit_name::spellings(written, &self.places);
        let keys = &self.keys;
        let by_name = |name: &str| self.plan.units.iter().position(|u| u.name == name);
        for s in &spellings {
            if let Some(&i) = self.exact.get(s.as_str()) {
                return Some(i);
            }
            let aliased =
                (self.plan.profile.as_ref()).and_then(|p| p.resolve_among(std::slice::from_ref(s)));
            if let Some(i) = aliased.and_then(by_name) {
                return Some(i);
            }
        }
        spellings.iter().find_map(|s| {
            keys.iter()
                .enumerate()
                .filter(|(_, (n, l))| {
                    [n, l]
                        .iter()
                        .any(|k| !k.is_empty() && s.starts_with(k.as_str()))
                })
                .max_by_key(|(i, _)| self.plan.units[*i].name.len())
                .map(|(i, _)| i)
        })
    }
}
