//! The one table of Chinese words the reader understands.
//!
//! Header words (which column plays which role), row words (合计 rows, notes),
//! and the words of the cell grammar (bounds, magnitudes, changes, nesting).
//! Nothing else in the crate spells these words out.

/// The role a header column plays in a task table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The target's own number (序号).
    Id,
    /// The action or category the target belongs to (实事名称, merged down).
    Group,
    /// The target's name (目标名称).
    Name,
    /// The city-wide total (全市目标任务).
    Total,
    /// Free remarks (备注, or a column with no header).
    Remark,
    /// Other descriptive columns that are never units (单位, 属性, 基期…).
    Metadata,
    /// An allocation to one unit (any other header in the unit zone).
    Unit,
    /// In a return: the unit's own target (本单位目标).
    UnitTarget,
    /// In a return: the cumulative figure completed (累计完成).
    Completed,
    /// In a return: the completion rate (完成率), recomputed, never trusted.
    CompletionRate,
    /// In a return: notes on progress (进展情况).
    Progress,
}

impl Role {
    /// The role in the clerk's words (`check --explain`).
    pub fn word(self) -> &'static str {
        match self {
            Role::Id => "序号",
            Role::Group => "类别",
            Role::Name => "指标名称",
            Role::Total => "总数",
            Role::Remark => "备注",
            Role::Metadata => "说明列",
            Role::Unit => "单位",
            Role::UnitTarget => "本单位目标",
            Role::Completed => "累计完成",
            Role::CompletionRate => "完成率",
            Role::Progress => "进展情况",
        }
    }

    /// Whether the column is one of a return's columns (never a unit).
    pub fn is_return_column(self) -> bool {
        matches!(
            self,
            Role::UnitTarget | Role::Completed | Role::CompletionRate | Role::Progress
        )
    }
}

/// Header words per role, most specific first. A header cell matches a word
/// when, with spaces and any bracketed part removed, it equals the word.
pub const HEADER_WORDS: &[(Role, &[&str])] = &[
    (Role::Id, &["序号", "编号", "序", "项目编号"]),
    (
        Role::Group,
        &[
            "实事名称",
            "类别",
            "一级指标",
            "类型",
            "领域",
            "重点任务",
            "行动名称",
            "实事项目",
        ],
    ),
    (
        Role::Name,
        &[
            "目标名称",
            "指标名称",
            "任务名称",
            "二级指标",
            "指标",
            "目标",
            "具体指标",
            "工作目标",
            "主要指标",
            "工作任务",
            "任务内容",
            "主要任务",
            "工作内容",
            "指标内容",
            "项目名称",
        ],
    ),
    (
        Role::Total,
        &[
            "全市目标任务",
            "全市目标",
            "全市",
            "目标值",
            "全市合计",
            "全市任务",
            "总目标",
            "目标任务",
        ],
    ),
    (Role::Remark, &["备注", "说明", "备注说明"]),
    (
        Role::UnitTarget,
        &[
            "本单位目标",
            "本单位目标任务",
            "分解目标",
            "本单位任务",
            "目标数",
            "单位目标",
        ],
    ),
    (
        Role::Completed,
        &[
            "累计完成",
            "完成数",
            "累计完成数",
            "完成情况",
            "完成",
            "完成值",
            "实际完成",
            "累计完成情况",
            "完成数量",
        ],
    ),
    (Role::CompletionRate, &["完成率", "完成进度", "完成比例"]),
    (
        Role::Progress,
        &["进展情况", "工作进展", "进展", "推进情况", "工作进展情况"],
    ),
    (
        Role::Metadata,
        &[
            "单位",
            "计量单位",
            "属性",
            "指标属性",
            "基期",
            "基期值",
            "责任单位",
            "牵头单位",
            "指标类型",
        ],
    ),
];

/// Headers of the column that gives each target's unit of measure (单位,
/// 计量单位; 單位 by normalisation): the measure when the name has no bracket.
pub const MEASURE_HEADERS: &[&str] = &["单位", "计量单位", "度量单位"];

/// Parts of a header label that make it a metadata column: baselines and
/// actuals (基期值, 2020年基数, 现状值), attributes (指标属性, 预期性), who is
/// responsible (责任科室, 牵头部门), subtotals (乡镇合计). Never the total,
/// never a unit.
pub const METADATA_CONTAINS: &[&str] = &[
    "基期",
    "基数",
    "基准",
    "现状",
    "实际值",
    "完成值",
    "属性",
    "预期性",
    "约束性",
    "责任",
    "牵头",
    "配合",
    "科室",
    "处室",
    "部门",
    "联系人",
    "计量单位",
];

/// The levels a plan's total is named for (全市, 全省, 全县…), after 全.
pub const TOTAL_LEVELS: &[&str] = &["市", "省", "县", "区", "镇", "乡", "街道", "州", "盟", "旗"];

/// What may follow the level in a total header (全县目标任务, 全区合计).
pub const TOTAL_SUFFIXES: &[&str] = &[
    "",
    "目标任务",
    "目标",
    "任务",
    "目标值",
    "目标数",
    "任务数",
    "合计",
    "总计",
    "总目标",
];

/// Total headers named for the year or the plan rather than a level
/// (年度目标, 目标任务数); a year before them (2025年目标) is allowed.
pub const TOTAL_PLAIN: &[&str] = &[
    "年度目标",
    "年度任务",
    "年度目标任务",
    "目标值",
    "目标任务",
    "目标任务数",
    "总目标",
    "目标",
    "任务数",
    "全年目标",
];

/// The corner header of a sheet with its units down the rows (单位 | 新增市场主体…):
/// only then is a sheet read across without `--transposed`.
pub const UNIT_AXIS_WORDS: &[&str] = &[
    "单位",
    "单位名称",
    "地区",
    "区域",
    "县区",
    "县(市、区)",
    "县市区",
    "县(市区)",
    "乡镇",
    "乡镇(街道)",
    "镇街",
    "镇(街道)",
    "乡镇街道",
    "部门",
    "责任单位",
    "区县",
    "各地",
    "地方",
];

/// Headers that are a total only when placed after the units (合计 at the
/// right); with a prefix (乡镇合计, 县区小计) they are subtotals, metadata.
pub const TOTAL_AFTER_UNITS: &[&str] = &["合计", "总计", "小计"];

/// The part of a year a reporting period covers: a month, a quarter, a half
/// or the whole year. Figures are cumulative, so a period reaches from the
/// start of the year to the end of its last month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// A month, 1 to 12 (月报).
    Month(u8),
    /// A quarter, 1 to 4 (季报).
    Quarter(u8),
    /// A half-year, 1 or 2 (半年报).
    Half(u8),
    /// The whole year (年报).
    Year,
}

impl Part {
    /// The last month the part covers (Q3 → 9, H1 → 6, the year → 12).
    pub fn end_month(self) -> u8 {
        match self {
            Part::Month(m) => m,
            Part::Quarter(q) => 3 * q,
            Part::Half(h) => 6 * h,
            Part::Year => 12,
        }
    }
}

/// Words naming a period in a title or a sheet name, longest first where one
/// contains another. 上半年 is the first half, 全年 the whole year (in a
/// title; a completed header's 全年完成 is the year so far, see
/// [`YEAR_TO_DATE_WORDS`]).
pub const PERIOD_WORDS: &[(&str, Part)] = &[
    ("第一季度", Part::Quarter(1)),
    ("第二季度", Part::Quarter(2)),
    ("第三季度", Part::Quarter(3)),
    ("第四季度", Part::Quarter(4)),
    ("一季度", Part::Quarter(1)),
    ("二季度", Part::Quarter(2)),
    ("三季度", Part::Quarter(3)),
    ("四季度", Part::Quarter(4)),
    ("1季度", Part::Quarter(1)),
    ("2季度", Part::Quarter(2)),
    ("3季度", Part::Quarter(3)),
    ("4季度", Part::Quarter(4)),
    ("上半年", Part::Half(1)),
    ("下半年", Part::Half(2)),
    ("前三季度", Part::Quarter(3)),
    ("一至三季度", Part::Quarter(3)),
    ("全年", Part::Year),
];

/// Words at the head of a header naming the year so far but no quarter
/// (本年累计, 今年以来完成); 全年 among them, since a header's 全年完成 is the
/// year to date, not the fourth quarter.
pub const YEAR_TO_DATE_WORDS: &[&str] = &[
    "本年度",
    "本年",
    "今年以来",
    "今年",
    "年初至今",
    "截至目前",
    "截止目前",
    "当年",
    "年度",
    "全年",
];

/// Words before a month that make it the end of a span (截至9月底).
pub const UNTIL_WORDS: &[&str] = &["截至", "截止到", "截止", "至"];

/// Between the first and last month of a span (1-9月, 1—9月, 1至9月).
pub const MONTH_SPAN_SEPARATORS: &[&str] = &["-", "—", "–", "~", "至", "到"];

/// A month's ending (9月, 9月底, 9月末, 9月份), longest first.
pub const MONTH_ENDINGS: &[&str] = &["月份", "月底", "月末", "月"];

/// Months in Chinese numerals, longest first (十二月 before 十月 before 一月).
pub const CHINESE_MONTHS: &[(&str, u8)] = &[
    ("十二", 12),
    ("十一", 11),
    ("十", 10),
    ("一", 1),
    ("二", 2),
    ("三", 3),
    ("四", 4),
    ("五", 5),
    ("六", 6),
    ("七", 7),
    ("八", 8),
    ("九", 9),
];

/// The word that makes a completed column the cumulative one (1-9月累计).
pub const CUMULATIVE: &str = "累计";

/// Besides the completed column's own words, what may follow a period or
/// span in its header (本年累计, 1-9月累计数).
pub const SPAN_COMPLETED_WORDS: &[&str] = &["累计", "累计数", "累计值", "完成量"];

/// The label of the filing unit line above a return's table.
pub const FILER_LABEL: &str = "填报单位";

/// The label of the filing date line above a return's table.
pub const DATE_LABEL: &str = "填报日期";

/// Labels that may follow one another on a return's form lines.
pub const FORM_LABELS: &[&str] = &[
    "填报单位",
    "填报日期",
    "填报人",
    "联系人",
    "联系电话",
    "审核人",
    "负责人",
];

/// Words inside a bracket after a unit's name that make the bracket a stamp
/// or signature note, not part of the name: 岱山县局(盖章), 定海区局（公章）.
pub const UNIT_STAMP_WORDS: &[&str] = &["盖章", "公章", "签章", "印章", "签字", "章"];

/// Endings of an office's name that may be dropped to find the unit a clerk
/// means, longest first: 定海区市场监督管理局 → 定海区, 南湖街道办事处 → 南湖街道.
pub const UNIT_NAME_SUFFIXES: &[&str] = &[
    "市场监督管理局",
    "市场监管局",
    "街道办事处",
    "监督管理局",
    "监管局",
    "办事处",
    "管委会",
    "分局",
    "街道",
    "局",
];

/// The endings of [`UNIT_NAME_SUFFIXES`] that name the bureau itself, which a
/// roster writes short: 舟山市市场监督管理局 → 舟山市局, 定海区市场监管局 → 定海区局.
pub const BUREAU_SUFFIXES: &[&str] = &["市场监督管理局", "市场监管局", "监督管理局", "监管局"];

/// The short form a roster gives a bureau (定海区局).
pub const BUREAU_SHORT: &str = "局";

/// The last character of a place's name at the head of a title or a unit's
/// name (浙江省, 舟山市, 清河县, 普陀区).
pub const PLACE_ENDINGS: &[char] = &['省', '市', '县', '区'];

/// A province, stripped from the head of any unit's name (浙江省舟山市定海区局).
pub const PROVINCE_ENDING: char = '省';

/// The header words of a role, comma-separated (for messages).
pub fn words(role: Role) -> String {
    HEADER_WORDS
        .iter()
        .filter(|(r, _)| *r == role)
        .flat_map(|(_, w)| w.iter())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every way of naming the total, for messages: the words, 全 and a level
/// with what may follow it, the year's and plan's names, 合计 after the units.
pub fn total_words() -> String {
    format!(
        "{}; 全 + {} (+ {}); {}; {} after the units",
        words(Role::Total),
        TOTAL_LEVELS.join("/"),
        TOTAL_SUFFIXES[1..].join("/"),
        TOTAL_PLAIN.join(", "),
        TOTAL_AFTER_UNITS.join("/"),
    )
}

/// Words that, written in a row's id or name cell, mark a totals row.
/// A row is a totals row when its id or name is, or ends with, one of them
/// (全市小计, 各单位合计).
pub const TOTAL_ROW_WORDS: &[&str] = &["合计", "小计", "总计"];

/// Whether an id or name cell (reduced by `text::role_key`) marks a totals row.
pub fn is_total_row(key: &str) -> bool {
    key.chars().count() <= 6 && TOTAL_ROW_WORDS.iter().any(|w| key.ends_with(w))
}

/// Whether a cell's text opens a note (注：…, 注1…, 说明：…), not a target.
pub fn is_note(text: &str) -> bool {
    let n = crate::text::normalize(text);
    NOTE_PREFIXES.iter().any(|p| {
        n.strip_prefix(p).is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with([':', '：'])
                || rest.starts_with(|c: char| c.is_ascii_digit())
        })
    })
}

/// Prefixes of a note row under the table (not a target).
pub const NOTE_PREFIXES: &[&str] = &["注", "说明", "备注", "填表说明"];

/// Cell texts meaning "not assigned to this unit".
pub const UNASSIGNED_WORDS: &[&str] = &[
    "/",
    "／",
    "—",
    "——",
    "-",
    "－",
    "–",
    "无",
    "不适用",
    "暂无",
    "N/A",
    "n/a",
    "\\",
];

/// Magnitude words and their power of ten.
/// (千 is left out: 千克, 千米, 千瓦 are units, and sheets write thousands as numbers.)
pub const MAGNITUDES: &[(&str, u32)] = &[("亿", 8), ("万", 4)];

/// Words before a number that make it a lower bound.
pub const LOWER_BOUND_PREFIXES: &[&str] = &[
    "不少于",
    "不低于",
    "大于等于",
    "≥",
    ">=",
    "至少",
    "超过",
    "达到",
    "达",
    "高于",
];

/// Words after a number that make it a lower bound.
pub const LOWER_BOUND_SUFFIXES: &[&str] = &["及以上", "以上", "+"];

/// Words before a number that make it an upper bound.
pub const UPPER_BOUND_PREFIXES: &[&str] = &[
    "控制在",
    "不超过",
    "不高于",
    "不多于",
    "小于等于",
    "≤",
    "<=",
    "低于",
];

/// Words after a number that make it an upper bound.
pub const UPPER_BOUND_SUFFIXES: &[&str] = &["及以内", "以内", "以下", "内"];

/// Words before a number that say the figure is approximate.
pub const APPROX_PREFIXES: &[&str] = &["约", "大约", "预计"];

/// Words after a number that say the figure is approximate.
pub const APPROX_SUFFIXES: &[&str] = &["左右", "余"];

/// Verbs that may open a requirement without changing its meaning.
pub const LEADING_VERBS: &[&str] = &[
    "平均压缩至",
    "压缩至",
    "缩短至",
    "实现",
    "完成",
    "确保",
    "平均",
];

/// A change against last year: the word and its sign (+1 up, -1 down).
pub const CHANGE_WORDS: &[(&str, i8)] = &[
    ("同比增长", 1),
    ("同比下降", -1),
    ("增长", 1),
    ("提高", 1),
    ("提升", 1),
    ("上升", 1),
    ("增加", 1),
    ("下降", -1),
    ("降低", -1),
    ("减少", -1),
];

/// The word that opens a requirement shared by every unit (均达到 80%).
pub const UNIFORM_PREFIX: &str = "均";

/// Phrases saying this unit's figure is inside another unit's:
/// (opening, closing) around the parent's name, e.g. 按照|嵊泗县局|要求落实.
pub const WITHIN_PATTERNS: &[(&str, &str)] =
    &[("按照", "要求落实"), ("按", "要求落实"), ("纳入", "统计")];

/// Phrases saying "counted within the zone's own county", naming no parent.
pub const WITHIN_OWN_COUNTY: &[&str] = &[
    "分别纳入对应县区的统计范围",
    "纳入对应县区统计",
    "纳入所在县区统计",
];

/// Measure units that are durations: time limits are never summed.
pub const DURATION_UNITS: &[&str] = &["个工作日", "工作日", "分钟", "小时", "天", "日", "秒"];

/// Markers at the end of a target name (or in its measure) that make it a
/// rate or share: never summed, each unit compared with the total.
pub const RATIO_MARKERS: &[&str] = &["率", "比例", "占比", "%"];

/// Markers anywhere in a target name or its measure that make it a
/// per-capita or density figure, an index or an average: never summed, and
/// not a rate either (每万人高价值发明专利拥有量 15 件 is not 15 %).
pub const PER_CAPITA_MARKERS: &[&str] = &[
    "每万人",
    "每千人",
    "每百人",
    "每十万人",
    "人均",
    "/万人",
    "/千人",
    "/百人",
    "/十万人",
    "/万台",
    "万台",
    "每万",
    "指数",
    "平均",
    "户均",
    "亩均",
];

/// Words in a target name that make it a score (满意度, 得分): never summed,
/// and not a rate either (满意度 85 is 85 points, not 85 %).
pub const SCORE_WORDS: &[&str] = &["满意度", "得分", "评分"];

/// Measures that are points of a score, whole: (分).
pub const SCORE_MEASURES: &[&str] = &["分", "分值"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_header_word_belongs_to_two_roles() {
        let mut seen = std::collections::HashMap::new();
        for (role, words) in HEADER_WORDS {
            for w in *words {
                if let Some(other) = seen.insert(*w, *role) {
                    panic!("{w} is both {other:?} and {role:?}");
                }
            }
        }
    }
}
