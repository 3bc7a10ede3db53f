#!/usr/bin/env python3
"""Build zhoushan-2024-breakdown.xlsx from zhoushan-2024-breakdown.tsv.

The workbook is what a clerk would really have: the PDF-extracted TSV put back
into a sheet row for row (TSV line N -> worksheet row N), with the merges the
extraction flattened restored.  Re-runnable: the output is byte-identical on
every run (fixed document timestamps, fixed zip entry times).

Usage: python3 make_sample.py      (writes zhoushan-2024-breakdown.xlsx beside it)
"""
import io
import re
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
TSV = HERE / "zhoushan-2024-breakdown.tsv"
OUT = HERE / "zhoushan-2024-breakdown.xlsx"

NCOLS = 16  # A..P
FONT = "宋体"
PLAIN_NUM = re.compile(r"^-?\d+(\.\d+)?$")
PERCENT = re.compile(r"^(\d+(\.\d+)?)%$")


def normalize_xlsx(path):
    """Rewrite an openpyxl-written xlsx so it is byte-identical run to run."""
    data = Path(path).read_bytes()
    zin = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                              rb"\g<1>2024-03-01T00:00:00Z\g<3>", body)
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 3, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zout.writestr(zi, body)
    Path(path).write_bytes(buf.getvalue())


def cell_value(field):
    """A TSV field as a cell value: (value, number_format or None)."""
    if field == "":
        return None, None
    if PLAIN_NUM.match(field):
        d = Decimal(field)
        return (int(d) if d == d.to_integral_value() and "." not in field else float(d)), None
    m = PERCENT.match(field)
    if m:
        d = Decimal(m.group(1)) / 100
        v = int(d) if d == d.to_integral_value() else float(d)
        return v, "0%"
    return field, None


def read_tsv():
    text = TSV.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the file's final newline
    return [line.split("\t") for line in lines]


def is_header(fields):
    return fields[0] == "序号"


def is_target(fields):
    return fields[0].isdigit()


def build():
    rows = read_tsv()
    # Fix TSV line 89 (序号 72): the empty 实事名称 field was lost in extraction.
    f89 = rows[89 - 1]
    assert f89[0] == "72" and f89[1].startswith("电梯使用单位"), f89
    rows[89 - 1] = [f89[0], ""] + f89[1:-1]  # drop one trailing empty to stay at 16
    assert len(rows[89 - 1]) == 16

    wb = Workbook()
    ws = wb.active
    ws.title = "任务分解表"
    notes = wb.create_sheet("填表说明")
    for i, line in enumerate([
        "填表说明：",
        "1. 本表为2024年舟山市市场监管助企惠民“十件实事”任务分解表（舟市监发〔2024〕24号 附件11）。",
        "2. “/”表示该单位无此项任务；“均……”表示各单位统一执行的要求。",
        "3. 洋山分局相关任务按照嵊泗县局要求落实，数据计入嵊泗县局。",
    ], start=1):
        notes.cell(row=i, column=1, value=line).font = Font(name=FONT, size=11)
    notes.column_dimensions["A"].width = 100

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body_font = Font(name=FONT, size=11)
    bold_font = Font(name=FONT, size=11, bold=True)
    title_font = Font(name=FONT, size=16, bold=True)

    merges = []
    for r, fields in enumerate(rows, start=1):
        assert len(fields) <= NCOLS, (r, fields)
        if r == 1:
            c = ws.cell(row=1, column=1, value=fields[0])
            c.font = title_font
            c.alignment = Alignment(horizontal="center", vertical="center")
            ws.row_dimensions[1].height = 30
            merges.append("A1:P1")
            continue
        if fields == [""]:
            continue
        header = is_header(fields)
        target = is_target(fields)
        for ci, field in enumerate(fields, start=1):
            if target and ci == 1:
                value, fmt = int(field), None
            elif target and ci >= 4:
                value, fmt = cell_value(field)
            else:
                value, fmt = (field if field != "" else None), None
            c = ws.cell(row=r, column=ci, value=value)
            if fmt:
                c.number_format = fmt
        # style the whole table row (A..P), including empty cells
        for ci in range(1, NCOLS + 1):
            c = ws.cell(row=r, column=ci)
            c.border = border
            c.font = bold_font if header else body_font
            wrap = header or ci == 2 or ci == 3 or 5 <= ci <= 15
            c.alignment = Alignment(
                horizontal="left" if (ci == 3 and not header) else "center",
                vertical="center", wrap_text=wrap)

    # 实事名称 merged down each action's rows, inside each block of target rows.
    blocks, cur = [], []
    for r, fields in enumerate(rows, start=1):
        if is_target(fields):
            cur.append(r)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    for block in blocks:
        starts = [r for r in block if rows[r - 1][1] != ""]
        if not starts or starts[0] != block[0]:
            continue
        for i, s in enumerate(starts):
            e = (starts[i + 1] - 1) if i + 1 < len(starts) else block[-1]
            if e > s:
                merges.append(f"B{s}:B{e}")

    # Uniform requirements: E holds text and F..O are empty -> merge E:O.
    for r, fields in enumerate(rows, start=1):
        if not is_target(fields) or r in (84, 85):
            continue
        padded = fields + [""] * (NCOLS - len(fields))
        e = padded[4]
        if e != "" and isinstance(cell_value(e)[0], str) and all(x == "" for x in padded[5:15]):
            merges.append(f"E{r}:O{r}")

    # Row 7 (序号 4): "分别纳入对应县区的统计范围" across 高新区..洋山.
    assert rows[7 - 1][9] == "分别纳入对应县区的统计范围"
    merges.append("J7:O7")
    # Row 89 (序号 72): the long requirement across 定海..洋山.
    merges.append("F89:O89")
    # Rows 84-85 (序号 67, 68): 67's name, total and unit text merged down.
    merges += ["C84:C85", "D84:D85", "E84:O85"]

    for m in merges:
        ws.merge_cells(m)

    widths = {"A": 6, "B": 14, "C": 34, "D": 16}
    for ci in range(1, NCOLS + 1):
        col = get_column_letter(ci)
        ws.column_dimensions[col].width = widths.get(col, 9)
    ws.column_dimensions["P"].width = 12
    ws.freeze_panes = "E4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = "3:3"

    wb.properties.creator = "舟山市市场监督管理局"
    wb.save(OUT)
    normalize_xlsx(OUT)
    return merges


if __name__ == "__main__":
    merges = build()
    print(f"wrote {OUT} ({len(merges)} merged ranges)", file=sys.stderr)
