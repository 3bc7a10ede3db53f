#!/usr/bin/env python3
"""Build tests/fixtures/sample/zhoushan-2024-relaid.xlsx: the same 81 targets as
the sample (../zhoushan-2024-breakdown.tsv), laid out the way another clerk
would have typed them:

- sheets: 封面 (a title only), then Sheet1;
- Sheet1 rows 1-4: title (merged B1:Q1), "舟市监发〔2024〕24号 附件11",
  "单位：家、件、亿元", blank; the table starts at B5;
- ONE header row (B5:Q5), renamed: 编号 | 类别 | 指标名称 | 全市目标 | 市局 | 定海区 |
  普陀区 | 岱山县 | 嵊泗县 | 高新区 | 新城 | 金塘 | 六横 | 普陀山 | 洋山 | 备注;
- no repeated headers, no blank lines: targets on rows 6..86 (序号 n on row n+5);
- every 3rd plain-number cell among 全市目标 and the units (counted row by row,
  left to right) typed as TEXT: >= 1000 with a thousands separator ("1,641"),
  the others cycling plain text ("5"), full-width digits ("２５００"), stray
  spaces (" 20 ");
- the same merges as the sample, shifted one column right: 类别 merged down each
  action (知识产权's two page-break halves are now one run, C25:C42), uniform
  requirements merged across F:P, 序号 4's K:P, 序号 72's G:P, 序号 67/68's
  D:D, E:E, F:P over two rows.

Re-runnable: byte-identical output. Then run tests/fixtures/sample/convert.sh
for the .xls/.ods copies.
"""
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # no __pycache__ beside make_sample.py
sys.path.insert(0, str(HERE.parent))
import make_sample as ms  # noqa: E402  (same directory tree: samples/zhoushan-2024)

ROOT = HERE.parent.parent.parent
OUT = ROOT / "tests" / "fixtures" / "sample" / "zhoushan-2024-relaid.xlsx"

HEADER = ["编号", "类别", "指标名称", "全市目标", "市局", "定海区", "普陀区", "岱山县",
          "嵊泗县", "高新区", "新城", "金塘", "六横", "普陀山", "洋山", "备注"]
FIRST_ROW = 6   # first target row
COL0 = 2        # table starts in column B
FW = str.maketrans("0123456789", "０１２３４５６７８９")


def col(i):
    """Column letter of table column i (0 = 编号)."""
    return get_column_letter(COL0 + i)


def as_text(value, k):
    """The k-th number typed as text."""
    s = str(value)
    if abs(value) >= 1000:
        return f"{value:,}"
    return [s, s.translate(FW), f" {s} "][k % 3]


def build():
    rows = ms.read_tsv()
    f89 = rows[89 - 1]
    assert f89[0] == "72"
    rows[89 - 1] = [f89[0], ""] + f89[1:-1]
    targets = [(n, f) for n, f in enumerate(rows, start=1) if ms.is_target(f)]
    assert len(targets) == 81  # 序号 1..81 (68 is the row merged under 67)
    tsv_line_to_row = {n: FIRST_ROW + i for i, (n, _) in enumerate(targets)}

    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["A1"] = "2024年舟山市市场监管助企惠民“十件实事”任务分解表"
    cover["A1"].font = Font(name="宋体", size=18, bold=True)
    ws = wb.create_sheet("Sheet1")

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body = Font(name="宋体", size=11)
    bold = Font(name="宋体", size=11, bold=True)

    ws["B1"] = rows[0][0].replace("2024 年", "2024年")
    ws["B1"].font = Font(name="宋体", size=16, bold=True)
    ws["B1"].alignment = Alignment(horizontal="center", vertical="center")
    ws["B2"] = "舟市监发〔2024〕24号 附件11"
    ws["B3"] = "单位：家、件、亿元"
    ws["B2"].font = ws["B3"].font = body
    merges = [f"B1:{col(15)}1"]

    for i, h in enumerate(HEADER):
        c = ws.cell(row=5, column=COL0 + i, value=h)
        c.font, c.border = bold, border
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    numeric_seen = 0
    text_typed = 0
    text_cells = []
    action_runs = []  # [name, first_row, last_row]
    for n, fields in targets:
        r = tsv_line_to_row[n]
        fields = fields + [""] * (16 - len(fields))
        name = fields[1]
        if name and (not action_runs or action_runs[-1][0] != name):
            action_runs.append([name, r, r])
        elif action_runs:
            action_runs[-1][2] = r
        for i, field in enumerate(fields):
            if i == 0:
                value, fmt = int(field), None
            elif i == 1:
                # a repeated action name (page break in the PDF) is inside the merge now
                value, fmt = (name if action_runs[-1][1] == r else None), None
            elif i == 2:
                value, fmt = (field or None), None
            else:
                value, fmt = ms.cell_value(field)
                if 3 <= i <= 14 and fmt is None and isinstance(value, (int, float)):
                    numeric_seen += 1
                    if numeric_seen % 3 == 0:
                        value = as_text(value, text_typed)
                        text_typed += 1
                        text_cells.append(f"{col(i)}{r}={value!r}")
            c = ws.cell(row=r, column=COL0 + i, value=value)
            if fmt:
                c.number_format = fmt
        for i in range(16):
            c = ws.cell(row=r, column=COL0 + i)
            c.font, c.border = body, border
            c.alignment = Alignment(horizontal="left" if i == 2 else "center",
                                    vertical="center", wrap_text=(i in (1, 2) or 4 <= i <= 14))

    for name, a, b in action_runs:
        if b > a:
            merges.append(f"{col(1)}{a}:{col(1)}{b}")

    R = tsv_line_to_row
    for n, fields in targets:
        if n in (84, 85):
            continue
        fields = fields + [""] * (16 - len(fields))
        e = fields[4]
        if e and isinstance(ms.cell_value(e)[0], str) and all(x == "" for x in fields[5:15]):
            merges.append(f"{col(4)}{R[n]}:{col(14)}{R[n]}")
    merges.append(f"{col(9)}{R[7]}:{col(14)}{R[7]}")      # 序号 4: 分别纳入…
    merges.append(f"{col(5)}{R[89]}:{col(14)}{R[89]}")    # 序号 72
    merges += [f"{col(2)}{R[84]}:{col(2)}{R[85]}",          # 序号 67/68
               f"{col(3)}{R[84]}:{col(3)}{R[85]}",
               f"{col(4)}{R[84]}:{col(14)}{R[85]}"]
    for m in merges:
        ws.merge_cells(m)

    ws.column_dimensions["A"].width = 2
    for i, w in enumerate([6, 14, 34, 16] + [9] * 11 + [14]):
        ws.column_dimensions[col(i)].width = w
    ws.freeze_panes = "F6"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    wb.save(OUT)
    ms.normalize_xlsx(OUT)
    return merges, text_cells


if __name__ == "__main__":
    merges, text_cells = build()
    print(f"wrote {OUT}", file=sys.stderr)
    print("merges:", " ".join(merges), file=sys.stderr)
    print(f"{len(text_cells)} numbers typed as text:", " ".join(text_cells), file=sys.stderr)
