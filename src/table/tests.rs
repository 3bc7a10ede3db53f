//! Header recognition, one test per shape.

use super::*;
use crate::grid::Value;

fn text(s: &str) -> Value {
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s.into())
    }
}

fn grid(rows: &[&[&str]], merges: Vec<Span>) -> Grid {
    let rows = rows
        .iter()
        .map(|r| r.iter().map(|s| text(s)).collect())
        .collect();
    Grid::new("t.xlsx", "S", rows, merges)
}

#[test]
fn header_words_ignore_brackets_spaces_and_full_width() {
    assert_eq!(role_of("全市目标任务（2024年）"), Some(Role::Total));
    assert_eq!(role_of(" 序 号 "), Some(Role::Id));
    assert_eq!(role_of("2020年基期"), Some(Role::Metadata));
    assert_eq!(role_of("定海"), None);
}

#[test]
fn a_header_naming_a_period_or_span_is_the_completed_column() {
    for label in [
        "一季度完成",
        "二季度完成",
        "第三季度完成",
        "前三季度完成",
        "上半年完成",
        "本年累计",
        "本年累计完成",
        "今年以来完成",
        "全年完成",
        "1-9月累计",
        "1—9月累计完成",
        "1－9月累计完成",
        "1至9月累计",
        "1~9月完成数",
        "截至9月底完成",
        "截止9月末累计完成",
        "一至九月累计",
        "2024年1-9月累计完成",
        "2024年累计完成",
        "3季度完成",
        " 1-9 月累计 (万元)",
    ] {
        assert_eq!(role_of(label), Some(Role::Completed), "{label}");
    }
    for label in [
        "2023年完成值",
        "2020年基期",
        "一季度目标",
        "9月",
        "本年",
        "十件实事",
    ] {
        assert_ne!(role_of(label), Some(Role::Completed), "{label}");
    }
}

#[test]
fn a_span_says_which_quarter_it_ends_with() {
    let month = |text: &str| {
        reach_at_head(&role_key(text)).and_then(|(r, _)| r.part.map(|p| p.end_month()))
    };
    assert_eq!(month("一季度完成"), Some(3));
    assert_eq!(month("上半年完成"), Some(6));
    assert_eq!(month("前三季度完成"), Some(9));
    assert_eq!(month("1-9月累计"), Some(9));
    assert_eq!(month("1—6月累计完成"), Some(6));
    assert_eq!(month("截至12月底完成"), Some(12));
    assert_eq!(month("一至九月累计"), Some(9));
    assert_eq!(month("1-8月累计"), Some(8), "a month's end is a period too");
    assert_eq!(month("本年累计"), None);
    assert_eq!(
        month("全年完成"),
        None,
        "a header's 全年 is the year so far"
    );
    let (reach, rest) = reach_at_head("2024年1-9月累计").unwrap();
    assert_eq!(
        (reach.year, reach.part, rest),
        (Some(2024), Some(vocab::Part::Month(9)), "累计")
    );
    assert!(reach_at_head("累计完成").is_none());
}

#[test]
fn a_return_whose_completed_header_names_its_quarter_is_read() {
    let g = grid(
        &[
            &["序号", "目标名称", "本单位目标", "一季度完成", "进展情况"],
            &["4", "贷款(亿元)", "0.7", "0.2", ""],
        ],
        vec![],
    );
    let t = find(&g).unwrap();
    assert_eq!(t.column(Role::Completed).unwrap().label, "一季度完成");
}

#[test]
fn table_below_a_title_is_found_with_its_units_and_unlabeled_remark() {
    let g = grid(
        &[
            &["任务分解表", "", "", "", "", ""],
            &["序号", "目标名称", "全市目标任务", "定海", "普陀", ""],
            &["1", "培训(人次)", "10", "4", "6", "按照定海要求落实"],
        ],
        vec![],
    );
    let t = find(&g).unwrap();
    assert_eq!(t.header.to_string(), "A2:E2");
    let roles: Vec<Role> = t.columns.iter().map(|c| c.role).collect();
    assert_eq!(
        roles,
        [
            Role::Id,
            Role::Name,
            Role::Total,
            Role::Unit,
            Role::Unit,
            Role::Remark
        ]
    );
}

#[test]
fn a_total_of_any_level_or_year_is_the_total() {
    for label in [
        "全县目标任务",
        "全区合计",
        "全省目标",
        "全街道目标",
        "2025年目标",
        "2025年全省目标",
        "2025年度目标",
        "年度目标",
        "目标任务数",
        "全縣目標任務",
    ] {
        assert_eq!(role_of(label), Some(Role::Total), "{label}");
    }
}

#[test]
fn baselines_attributes_and_subtotals_are_never_units() {
    for label in [
        "2020年",
        "2020年度",
        "基期值",
        "现状值",
        "指标属性",
        "预期性",
        "责任科室",
        "牵头部门",
        "配合单位",
        "乡镇合计",
        "实际值",
    ] {
        assert_eq!(role_of(label), Some(Role::Metadata), "{label}");
    }
}

#[test]
fn a_sum_column_after_the_units_is_the_total_and_not_a_unit() {
    let g = grid(
        &[
            &["序号", "指标名称", "东溪镇", "城关镇", "合计", "备注"],
            &["1", "培训(人次)", "4", "6", "10", ""],
        ],
        vec![],
    );
    let t = find(&g).unwrap();
    let roles: Vec<Role> = t.columns.iter().map(|c| c.role).collect();
    assert_eq!(
        roles,
        [
            Role::Id,
            Role::Name,
            Role::Unit,
            Role::Unit,
            Role::Total,
            Role::Remark
        ]
    );
}

#[test]
fn a_merged_group_header_takes_its_sub_headers_as_columns() {
    let merge = |c0, c1| Span {
        start: Addr::new(0, c0),
        end: Addr::new(0, c1),
    };
    let down = |c| Span {
        start: Addr::new(0, c),
        end: Addr::new(1, c),
    };
    let g = grid(
        &[
            &["序号", "指标名称", "单位", "目标值", "", "", "备注"],
            &["", "", "", "全市", "海曙区", "江北区", ""],
            &["1", "企业(家)", "家", "10", "4", "6", ""],
        ],
        vec![down(0), down(1), down(2), merge(3, 5), down(6)],
    );
    let t = find(&g).unwrap();
    assert_eq!(t.header.to_string(), "A1:G2");
    let units: Vec<&str> = t
        .columns_with(Role::Unit)
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(units, ["海曙区", "江北区"]);
    assert_eq!(t.column(Role::Total).unwrap().col, 3);
    assert_eq!(t.column(Role::Metadata).unwrap().label, "单位");
}

#[test]
fn a_name_header_merged_over_two_columns_does_not_swallow_the_first_row() {
    let merge = |r, c0, c1| Span {
        start: Addr::new(r, c0),
        end: Addr::new(r, c1),
    };
    let g = grid(
        &[
            &["序号", "目标名称", "", "全市目标任务", "甲"],
            &["1", "企业(家)", "", "10", "10"],
        ],
        vec![merge(0, 1, 2), merge(1, 1, 2)],
    );
    let t = find(&g).unwrap();
    assert_eq!(t.header.to_string(), "A1:E1");
    assert_eq!(t.first_data_row(), 1);
}

#[test]
fn a_sheet_without_header_words_has_no_table() {
    let g = grid(&[&["名单", "数量"], &["甲", "3"]], vec![]);
    assert!(find(&g).is_none());
}

#[test]
fn a_header_row_of_zero_is_refused_not_taken_as_the_first() {
    let g = grid(&[&["序号", "目标名称", "全市目标任务", "定海"]], vec![]);
    let layout = Layout {
        header_row: Some(0),
        ..Layout::default()
    };
    let e = find_with(&g, &layout).unwrap_err();
    assert_eq!(e.asked, "--header-row 0");
}

#[test]
fn three_header_rows_give_the_units_under_their_groups() {
    let span = |r0, c0, r1, c1| Span {
        start: Addr::new(r0, c0),
        end: Addr::new(r1, c1),
    };
    let g = grid(
        &[
            &["序号", "目标名称", "目标值", "", "", "", "备注"],
            &["", "", "全市", "县（区）", "", "功能区", ""],
            &["", "", "", "吴兴区", "南浔区", "经开区", ""],
            &["1", "企业(户)", "10", "3", "3", "4", ""],
        ],
        vec![
            span(0, 0, 2, 0),
            span(0, 1, 2, 1),
            span(0, 2, 0, 5),
            span(1, 2, 2, 2),
            span(1, 3, 1, 4),
            span(0, 6, 2, 6),
        ],
    );
    let t = find(&g).unwrap();
    assert_eq!(t.header.to_string(), "A1:G3");
    let units: Vec<(&str, Option<&str>)> = t
        .columns_with(Role::Unit)
        .map(|c| (c.label.as_str(), c.group.as_deref()))
        .collect();
    assert_eq!(
        units,
        [
            ("吴兴区", Some("县（区）")),
            ("南浔区", Some("县（区）")),
            ("经开区", Some("功能区"))
        ]
    );
    assert_eq!(t.column(Role::Total).unwrap().label, "全市");
    assert_eq!(
        header_cells(&g, &t),
        "A1 序号、B1 目标名称、C2 全市、D3 吴兴区、E3 南浔区、F3 经开区、G1 备注"
    );
}

#[test]
fn with_no_name_column_the_group_column_names_the_targets() {
    let g = grid(
        &[
            &[
                "序号",
                "重点任务",
                "责任科室",
                "婺城区",
                "金东区",
                "合计",
                "备注",
            ],
            &["1", "企业(户)", "登记科", "4", "6", "10", ""],
        ],
        vec![],
    );
    let t = find(&g).unwrap();
    let roles: Vec<Role> = t.columns.iter().map(|c| c.role).collect();
    assert_eq!(
        roles,
        [
            Role::Id,
            Role::Name,
            Role::Metadata,
            Role::Unit,
            Role::Unit,
            Role::Total,
            Role::Remark
        ]
    );
    assert_eq!(t.columns[1].why, Why::GroupAsName);
}

#[test]
fn descriptive_columns_before_the_units_do_not_end_them_and_those_after_do() {
    let g = grid(
        &[
            &[
                "序号",
                "工作任务",
                "计量单位",
                "目标任务数",
                "牵头科室",
                "越城区",
                "柯桥区",
                "责任单位",
                "完成时限",
            ],
            &[
                "1",
                "企业",
                "户",
                "10",
                "登记科",
                "4",
                "6",
                "各局",
                "年底前",
            ],
        ],
        vec![],
    );
    let t = find(&g).unwrap();
    let units: Vec<&str> = t
        .columns_with(Role::Unit)
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(units, ["越城区", "柯桥区"]);
    assert_eq!(t.column(Role::Total).unwrap().label, "目标任务数");
}

#[test]
fn the_row_nearest_to_a_header_is_the_one_with_the_most_known_words() {
    let g = grid(
        &[
            &["某县任务表", ""],
            &["类别", "重点内容", "全县", "甲镇"],
            &["一", "企业", "10", "10"],
        ],
        vec![],
    );
    let (row, cells, known) = nearest_header(&g).unwrap();
    assert_eq!(row, 1);
    assert_eq!(cells, "A2 类别、B2 重点内容、C2 全县、D2 甲镇");
    assert_eq!(known, 2);
}

#[test]
fn across_a_transposed_sheet_the_header_is_the_column_of_units_with_its_corner() {
    let g = grid(
        &[
            &["序号", "单位", "新增市场主体（户）", "食品快检（批次）"],
            &["1", "福应街道", "770", "3000"],
            &["2", "南峰街道", "650", "2600"],
            &["合计", "合计", "1420", "5600"],
        ],
        vec![],
    )
    .transposed();
    let layout = Layout {
        transposed: true,
        ..Layout::default()
    };
    let t = find_with(&g, &layout).unwrap().unwrap();
    assert_eq!(t.header.start.row, 1, "the 单位 column, not the 序号 one");
    assert_eq!(t.column(Role::Name).unwrap().label, "单位");
    let units: Vec<&str> = t
        .columns_with(Role::Unit)
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(units, ["福应街道", "南峰街道"]);
    assert_eq!(t.column(Role::Total).unwrap().col, 3);
}
