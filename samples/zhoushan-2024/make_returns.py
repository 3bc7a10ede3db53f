#!/usr/bin/env python3
"""Build the sample quarterly returns (季度进展情况表) for `huizong merge`.

Reads the plan zhoushan-2024-breakdown.xlsx (sheet 任务分解表) with openpyxl, never with
huizong, and writes what the units of the Zhoushan bureau would send back for 2024Q3:

    returns-2024Q3/*.xlsx, *.xls, ~$ lock file   the returns, one case of every finding
    expected-merge-2024Q3.tsv                    the figures that must be merged (oracle)
    expected-findings-2024Q3.tsv                 the findings that must be reported (oracle)
    returns-2024Q2/定海区局-2024Q2.xlsx          last quarter, for --previous
    RETURNS.md                                   what every file is and should produce

The oracle is computed here from the values this script wrote, with decimal.Decimal,
independently of huizong.  Everything is deterministic: fixed seeds (random.Random with a
string seed), fixed workbook properties and zip entry times, so re-running gives
byte-identical files.

Requires openpyxl and xlwt (`pip install xlwt`, for the legacy .xls).

Usage: python3 make_returns.py
"""
import io
import random
import re
import sys
import zipfile
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import xlwt
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side

HERE = Path(__file__).resolve().parent
PLAN = HERE / "zhoushan-2024-breakdown.xlsx"
Q3 = HERE / "returns-2024Q3"
Q2 = HERE / "returns-2024Q2"

# The plan's unit columns E..O, in order, with the way a clerk writes each unit.
UNITS = ["市局", "定海", "普陀", "岱山", "嵊泗", "高新区", "新城", "金塘", "六横", "普陀山", "洋山"]
CLERK_NAME = {
    "市局": "市局", "定海": "定海区局", "普陀": "普陀区局", "岱山": "岱山县局",
    "嵊泗": "嵊泗县局", "高新区": "高新区分局", "新城": "新城分局", "金塘": "金塘分局",
    "六横": "六横分局", "普陀山": "普陀山分局", "洋山": "洋山分局",
}
TITLE = "2024年舟山市市场监管助企惠民“十件实事”{q}进展情况表"
Q3_WORD, Q2_WORD = "第三季度", "第二季度"
FONT = "宋体"
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

RATE_RE = re.compile(r"(?:达到|达|不低于|不少于)?\s*(\d+(?:\.\d+)?)\s*%\s*(?:以上)?")
AT_LEAST_RE = re.compile(r"(\d+(?:\.\d+)?)\s*以上")


# ----------------------------------------------------------------------------- the plan

class Target:
    def __init__(self, tid, row, group, name, total, total_fmt):
        self.tid, self.row, self.group, self.name = tid, row, group, name
        self.total, self.total_fmt = total, total_fmt
        self.cells = {}  # unit -> (value, number_format) as the plan's reader sees it
        self.marker = None  # the 16th column (P) when it says 按照…要求落实


def read_plan():
    wb = load_workbook(PLAN)
    ws = wb["任务分解表"]
    anchor = {}
    for m in ws.merged_cells.ranges:
        for r in range(m.min_row, m.max_row + 1):
            for c in range(m.min_col, m.max_col + 1):
                anchor[(r, c)] = (m.min_row, m.min_col)

    def seen(r, c):
        r0, c0 = anchor.get((r, c), (r, c))
        cell = ws.cell(row=r0, column=c0)
        return cell.value, cell.number_format

    targets = []
    for r in range(1, ws.max_row + 1):
        a = ws.cell(row=r, column=1).value
        if not isinstance(a, int):
            continue
        t = Target(a, r, seen(r, 2)[0], seen(r, 3)[0], *seen(r, 4))
        for i, u in enumerate(UNITS):
            t.cells[u] = seen(r, 5 + i)
        p = ws.cell(row=r, column=16).value
        if isinstance(p, str) and p.startswith("按照"):
            t.marker = p
        targets.append(t)
    assert [t.tid for t in targets] == list(range(1, 82)), [t.tid for t in targets]
    return targets


def kind_of(value, fmt):
    """What a plan cell asks of a unit: none/within/amount/rate/change/duration/text."""
    if value is None:
        return "none"
    if isinstance(value, (int, float)):
        return "rate" if "%" in (fmt or "") else "amount"
    s = value.strip()
    if s in ("", "/", "／", "—", "——", "-"):
        return "none"
    if (s.startswith("按照") and s.endswith("要求落实")) or s.startswith("分别纳入"):
        return "within"
    inner = s[1:] if s.startswith("均") else s
    if AT_LEAST_RE.fullmatch(inner):
        return "amount"
    if "下降" in inner or "增长" in inner:
        return "change"
    if RATE_RE.fullmatch(inner):
        return "rate"
    if "工作日" in inner or "分钟" in inner:
        return "duration"
    return "text"


def number_of(value, fmt):
    """The decimal a plan amount or rate cell carries."""
    if isinstance(value, (int, float)):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    inner = value.strip()
    inner = inner[1:] if inner.startswith("均") else inner
    m = AT_LEAST_RE.fullmatch(inner)
    if m:
        return Decimal(m.group(1))
    m = RATE_RE.fullmatch(inner)
    if m:
        return Decimal(m.group(1)) / 100
    raise ValueError(value)


def allocated(t, unit):
    return kind_of(*t.cells[unit]) not in ("none", "within")


def dec_str(d):
    """A Decimal as a plain string: no exponent, no trailing zeros."""
    d = Decimal(d)
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    s = format(d.normalize(), "f")
    return s


# ----------------------------------------------------------------------------- a return's rows

class Row:
    """One row of a layout-A return, with what the oracle needs to know about it."""
    def __init__(self, t, unit_target, unit_fmt, kind):
        self.tid = t.tid
        self.id_cell = t.tid
        self.name = t.name
        self.total, self.total_fmt = t.total, t.total_fmt
        self.unit_target, self.unit_fmt = unit_target, unit_fmt
        self.kind = kind
        self.completed = None      # the cell value written
        self.completed_fmt = None
        self.value = None          # the Decimal (or text) the oracle expects merged
        self.note = ""
        self.merge = True          # False: the figure must not be merged
        self.findings = []         # (code, expected, actual) raised on the completed cell


def is_decimal_measure(t, target):
    return "亿元" in (t.name or "") or target != target.to_integral_value()


def figure(t, unit, kind, target, rnd):
    """(cell value, number format, oracle value) for the unit's cumulative figure."""
    if kind == "amount":
        frac = Decimal(rnd.randint(40, 120)) / 100
        if is_decimal_measure(t, target):
            v = (target * frac).quantize(Decimal("0.01"), ROUND_HALF_UP)
            return float(v), "0.00", v
        v = (target * frac).quantize(Decimal(1), ROUND_HALF_UP)
        return int(v), None, v
    if kind == "rate":
        lo = max(Decimal(0), target - Decimal("0.06"))
        hi = min(Decimal(1), target + Decimal("0.10"))
        steps = int((hi - lo) * 100)
        v = lo + Decimal(rnd.randint(0, steps)) / 100
        return float(v), "0%", v
    if kind == "text":
        return "已按要求推进落实", None, "已按要求推进落实"
    return None, None, None  # duration / change: progress told in 进展情况 only


def progress_note(kind, ratio, rnd):
    if kind in ("duration", "change"):
        return rnd.choice(["持续跟踪监测，总体符合要求", "按要求落实，情况平稳", "每月通报，符合目标要求"])
    if kind == "text":
        return rnd.choice(["已制定工作方案并组织实施", "按要求推进落实"])
    if ratio is None:
        return "按计划推进"
    if ratio >= 1:
        return rnd.choice(["已完成全年目标任务", "已超额完成全年任务"])
    if ratio >= Decimal("0.75"):
        return rnd.choice(["按序时进度推进", "进展顺利，符合序时进度"])
    return rnd.choice(["进度滞后，正加快推进", "受季节因素影响，第四季度集中推进"])


def unit_rows(targets, unit, quarter="Q3"):
    rows = []
    for t in targets:
        if not allocated(t, unit):
            continue
        value, fmt = t.cells[unit]
        kind = kind_of(value, fmt)
        r = Row(t, value, fmt if fmt and fmt != "General" else None, kind)
        rnd = random.Random(f"{unit}-{t.tid}-2024Q3")
        target = number_of(value, fmt) if kind in ("amount", "rate") else None
        r.completed, r.completed_fmt, r.value = figure(t, unit, kind, target, rnd)
        if unit == "洋山" and t.marker and kind == "amount":
            # 洋山's figure is inside 嵊泗's on these rows: never above 嵊泗's own figure.
            parent = number_of(*t.cells["嵊泗"])
            _, _, cap = figure(t, "嵊泗", "amount", parent, random.Random(f"嵊泗-{t.tid}-2024Q3"))
            if r.value > cap:
                r.value = cap
                r.completed = float(cap) if r.completed_fmt == "0.00" else int(cap)
        if quarter == "Q2":
            r.completed, r.completed_fmt, r.value = q2_figure(r, rnd)
        ratio = None
        if kind in ("amount", "rate") and target:
            ratio = r.value / target
        r.note = progress_note(kind, ratio, rnd)
        rows.append(r)
    return rows


def q2_figure(r, rnd):
    """Last quarter's cumulative figure: never above this quarter's (one exception is made
    by the caller)."""
    if r.kind == "amount":
        frac = Decimal(rnd.randint(50, 90)) / 100
        if r.completed_fmt == "0.00":
            v = (r.value * frac).quantize(Decimal("0.01"), ROUND_DOWN)
            return float(v), "0.00", v
        v = (r.value * frac).quantize(Decimal(1), ROUND_DOWN)
        return int(v), None, v
    if r.kind == "rate":
        v = r.value - Decimal(rnd.randint(0, 3)) / 100
        return float(v), "0%", v
    return r.completed, r.completed_fmt, r.value


def find(rows, tid):
    return next(r for r in rows if r.tid == tid)


# ----------------------------------------------------------------------------- writing

def normalize_xlsx(path, date):
    """Make an openpyxl-written xlsx byte-identical run to run (fixed times, fixed props)."""
    data = Path(path).read_bytes()
    zin = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                              rb"\g<1>" + date.encode() + rb"T09:00:00Z\g<3>", body)
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 10, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zout.writestr(zi, body)
    Path(path).write_bytes(buf.getvalue())


HEADERS_A = ["序号", "目标名称", "全市目标任务", "本单位目标", "累计完成", "完成率", "进展情况"]


def write_layout_a(path, unit_line, date, quarter_word, rows, done_word="累计完成",
                   sheet="进展情况"):
    """Layout A with openpyxl. Returns {tid: "E7"...} for the completed cells, and the
    A1 cell of each row's 序号 (for unmatched rows)."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws["A1"] = TITLE.format(q=quarter_word)
    ws["A1"].font = Font(name=FONT, size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells("A1:G1")
    ws.row_dimensions[1].height = 30
    ws["A2"] = f"填报单位：{unit_line}"
    ws["A3"] = f"填报日期：{date}"
    for c in ("A2", "A3"):
        ws[c].font = Font(name=FONT, size=11)
    headers = list(HEADERS_A)
    headers[4] = done_word
    for ci, h in enumerate(headers, start=1):
        c = ws.cell(row=4, column=ci, value=h)
        c.font = Font(name=FONT, size=11, bold=True)
        c.border = BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cells = {}
    for i, r in enumerate(rows):
        n = 5 + i
        vals = [r.id_cell, r.name, r.total, r.unit_target, r.completed,
                f'=IFERROR(E{n}/D{n},"")', r.note]
        fmts = [None, None, r.total_fmt if r.total_fmt != "General" else None, r.unit_fmt,
                r.completed_fmt, "0%", None]
        for ci, (v, f) in enumerate(zip(vals, fmts), start=1):
            c = ws.cell(row=n, column=ci, value=v)
            if f:
                c.number_format = f
            c.font = Font(name=FONT, size=11)
            c.border = BORDER
            c.alignment = Alignment(horizontal="left" if ci in (2, 7) else "center",
                                    vertical="center", wrap_text=ci in (2, 7))
        cells[id(r)] = (f"E{n}", f"A{n}", f"D{n}")
    for col, w in zip("ABCDEFG", (6, 40, 14, 14, 12, 10, 30)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "A5"
    wb.properties.creator = unit_line
    wb.properties.lastModifiedBy = unit_line
    wb.properties.title = TITLE.format(q=quarter_word)
    wb.save(path)
    normalize_xlsx(path, date)
    return sheet, cells


def write_layout_a_xls(path, unit_line, date, quarter_word, rows, done_word, sheet):
    """Layout A as legacy BIFF8 .xls with xlwt (完成率 written as numbers: an .xls
    has no IFERROR)."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    title = xlwt.easyxf(f"font: name {FONT}, height 320, bold on; align: horiz center, vert center")
    plain = xlwt.easyxf(f"font: name {FONT}, height 220")
    head = xlwt.easyxf(f"font: name {FONT}, height 220, bold on; align: horiz center, wrap on; "
                       "borders: left thin, right thin, top thin, bottom thin")
    body = f"font: name {FONT}, height 220; borders: left thin, right thin, top thin, bottom thin"
    styles = {None: xlwt.easyxf(body), "0%": xlwt.easyxf(body, num_format_str="0%"),
              "0.00": xlwt.easyxf(body, num_format_str="0.00")}
    ws.write_merge(0, 0, 0, 6, TITLE.format(q=quarter_word), title)
    ws.write(1, 0, f"填报单位：{unit_line}", plain)
    ws.write(2, 0, f"填报日期：{date}", plain)
    headers = list(HEADERS_A)
    headers[4] = done_word
    for ci, h in enumerate(headers):
        ws.write(3, ci, h, head)
    cells = {}
    for i, r in enumerate(rows):
        n = 4 + i  # 0-based
        rate = ""
        if r.kind in ("amount", "rate") and isinstance(r.unit_target, (int, float)) \
                and r.unit_target and isinstance(r.completed, (int, float)):
            rate = float((Decimal(repr(r.completed)) / Decimal(repr(r.unit_target)))
                         .quantize(Decimal("0.0001"), ROUND_HALF_UP))
        vals = [r.id_cell, r.name, r.total, r.unit_target, r.completed, rate, r.note]
        fmts = [None, None, r.total_fmt if r.total_fmt != "General" else None, r.unit_fmt,
                r.completed_fmt, "0%", None]
        for ci, (v, f) in enumerate(zip(vals, fmts)):
            st = styles[f]
            if v is None or v == "":
                ws.write(n, ci, "", st) if v == "" else ws.write(n, ci, None, st)
            else:
                ws.write(n, ci, v, st)
        cells[id(r)] = (f"E{n + 1}", f"A{n + 1}", f"D{n + 1}")
    for ci, w in enumerate((6, 40, 14, 14, 12, 10, 30)):
        ws.col(ci).width = 256 * w
    wb.save(str(path))
    return sheet, cells


def write_layout_b(path, targets, units, date):
    """Layout B: the plan's own columns, then per unit a group header over 目标 | 完成.
    Returns the sheet and {(unit, tid): cell} plus the rows' oracle data."""
    wb = Workbook()
    ws = wb.active
    sheet = "进展情况"
    ws.title = sheet
    last_col = 4 + 2 * len(units)
    ws.cell(row=1, column=1, value=TITLE.format(q=Q3_WORD)).font = Font(name=FONT, size=16, bold=True)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    ws["A2"] = f"填报日期：{date}"
    bold = Font(name=FONT, size=11, bold=True)
    plain = Font(name=FONT, size=11)
    for ci, h in enumerate(["序号", "实事名称", "目标名称", "全市目标任务"], start=1):
        ws.cell(row=3, column=ci, value=h)
        ws.merge_cells(start_row=3, start_column=ci, end_row=4, end_column=ci)
    for i, u in enumerate(units):
        c0 = 5 + 2 * i
        ws.cell(row=3, column=c0, value=u)
        ws.merge_cells(start_row=3, start_column=c0, end_row=3, end_column=c0 + 1)
        ws.cell(row=4, column=c0, value="目标")
        ws.cell(row=4, column=c0 + 1, value="完成")
    for r in (3, 4):
        for ci in range(1, last_col + 1):
            c = ws.cell(row=r, column=ci)
            c.font, c.border = bold, BORDER
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    results = []  # (unit, Row, cell)
    group_runs = []
    for i, t in enumerate(targets):
        n = 5 + i
        ws.cell(row=n, column=1, value=t.tid)
        if i == 0 or targets[i - 1].group != t.group:
            ws.cell(row=n, column=2, value=t.group)
            group_runs.append([n, n])
        else:
            group_runs[-1][1] = n
        ws.cell(row=n, column=3, value=t.name)
        c = ws.cell(row=n, column=4, value=t.total)
        if t.total_fmt and t.total_fmt != "General":
            c.number_format = t.total_fmt
        for j, u in enumerate(units):
            c0 = 5 + 2 * j
            value, fmt = t.cells[u]
            tc = ws.cell(row=n, column=c0, value=value)
            if fmt and fmt != "General":
                tc.number_format = fmt
            if allocated(t, u):
                row = next(r for r in unit_rows(targets, u) if r.tid == t.tid)
                dc = ws.cell(row=n, column=c0 + 1, value=row.completed)
                if row.completed_fmt:
                    dc.number_format = row.completed_fmt
                results.append((u, row, dc.coordinate))
        for ci in range(1, last_col + 1):
            c = ws.cell(row=n, column=ci)
            c.font, c.border = plain, BORDER
            c.alignment = Alignment(horizontal="left" if ci == 3 else "center",
                                    vertical="center", wrap_text=ci in (2, 3))
    for a, b in group_runs:
        if b > a:
            ws.merge_cells(start_row=a, start_column=2, end_row=b, end_column=2)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 40
    ws.column_dimensions["D"].width = 16
    ws.freeze_panes = "E5"
    wb.properties.creator = "市局"
    wb.properties.lastModifiedBy = "市局"
    wb.save(path)
    normalize_xlsx(path, date)
    return sheet, results


# ----------------------------------------------------------------------------- the set

def full_width(s):
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in s)


def build():
    targets = read_plan()
    tmap = {t.tid: t for t in targets}
    for d in (Q3, Q2):
        d.mkdir(exist_ok=True)
        for f in d.iterdir():
            if f.is_file():
                f.unlink()

    merged = []    # (unit, tid, completed, file, sheet, cell, kind, in_city_sum)
    findings = []  # (code, unit, tid, file, sheet, cell, expected, actual)
    files = []     # (file, unit, layout, status, why)

    def in_city(unit, t, kind):
        if kind != "amount":
            return 0
        # 洋山's figure on rows whose 16th column says 按照嵊泗县局要求落实 is inside 嵊泗's.
        if unit == "洋山" and t.marker:
            return 0
        return 1

    def accept(unit, rows, fname, sheet, cells):
        for r in rows:
            cell = cells[id(r)][0]
            for code, exp, act in r.findings:
                findings.append((code, unit, str(r.tid), fname, sheet, cell, exp, act))
            if r.merge and r.value is not None:
                merged.append((unit, r.tid, r.value if isinstance(r.value, str) else dec_str(r.value),
                               fname, sheet, cell, r.kind, in_city(unit, tmap[r.tid], r.kind)))

    # 定海: clean, layout A.  (Also the Q2 file and the lock file.)
    rows = unit_rows(targets, "定海")
    fname = "定海区局-2024Q3.xlsx"
    sheet, cells = write_layout_a(Q3 / fname, "定海区局", "2024-10-08", Q3_WORD, rows)
    q3_dinghai = {r.tid: (r, cells[id(r)][0]) for r in rows}
    accept("定海", rows, fname, sheet, cells)
    files.append((fname, "定海", "A", "accepted", "clean"))

    # 普陀: legacy .xls, rows shuffled, three names reworded.
    rows = unit_rows(targets, "普陀")
    random.Random("普陀-2024Q3-shuffle").shuffle(rows)
    reword = {
        10: ("导入先进质量管理方法的规上企业(家)", "导入先进质量管理方法的规上企业（家）"),
        20: ("高价值发明专利拥有量(件)", "高价值 发明专利拥有量 (件)"),
        5: ("对个体劳动者开展技能、技艺、技术培训(人次)", "对个体劳动者开展技能,技艺,技术培训(人次)"),
    }
    for tid, (old, new) in reword.items():
        r = find(rows, tid)
        assert r.name == old, (r.name, old)
        r.name = new
    fname = "普陀区局-2024Q3.xls"
    sheet, cells = write_layout_a_xls(Q3 / fname, "普陀区局", "2024-10-09", Q3_WORD, rows,
                                      "完成数", "Sheet1")
    accept("普陀", rows, fname, sheet, cells)
    files.append((fname, "普陀", "A (.xls)", "accepted",
                  "rows shuffled; names of 序号 5, 10, 20 reworded (、→, / （家） / extra spaces)"))

    # 岱山: one target altered (序号 25: 13 → 10); figures typed as text.
    rows = unit_rows(targets, "岱山")
    r = find(rows, 25)
    assert r.unit_target == 13
    r.unit_target = 10
    altered = r
    text_figs = {5: (Decimal(1200), "1,200"), 44: (Decimal(200), "200家"),
                 20: (Decimal(20), full_width("20"))}
    for tid, (v, text) in text_figs.items():
        r = find(rows, tid)
        assert r.kind == "amount"
        r.completed, r.completed_fmt, r.value = text, None, v
        r.note = progress_note("amount", v / number_of(*tmap[tid].cells["岱山"]), random.Random(tid))
    fname = "岱山县局-2024Q3.xlsx"
    sheet, cells = write_layout_a(Q3 / fname, "岱山县局", "2024-10-08", Q3_WORD, rows,
                                  "累计完成数", sheet="Sheet1")
    accept("岱山", rows, fname, sheet, cells)
    findings.append(("target_altered", "岱山", "25", fname, sheet, cells[id(altered)][2], "13", "10"))
    files.append((fname, "岱山", "A", "accepted",
                  "序号 25 target altered 13→10 (figure still merged, plan target kept); "
                  "figures as text on 序号 5 \"1,200\", 20 \"２０\", 44 \"200家\""))

    # 嵊泗: an approximate figure and two invalid ones.
    rows = unit_rows(targets, "嵊泗")
    r = find(rows, 21)
    r.completed, r.completed_fmt, r.value = "约30", None, Decimal(30)
    r.findings.append(("approximate_value", "", "约30"))
    r = find(rows, 32)
    r.completed, r.completed_fmt, r.merge = -5, None, False
    r.findings.append(("invalid_value", "", "-5"))
    r.note = "数据有误，待核实"
    r = find(rows, 34)
    r.completed, r.completed_fmt, r.merge = "未统计", None, False
    r.findings.append(("invalid_value", "", "未统计"))
    r.note = "统计口径待明确"
    fname = "嵊泗县局-2024Q3.xlsx"
    sheet, cells = write_layout_a(Q3 / fname, "嵊泗县局", "2024-10-08", Q3_WORD, rows, "完成情况")
    accept("嵊泗", rows, fname, sheet, cells)
    files.append((fname, "嵊泗", "A", "accepted",
                  "序号 21 \"约30\" merged as 30 (approximate_value); 序号 32 -5 and 序号 34 "
                  "\"未统计\" not merged (invalid_value)"))

    # 高新区: sent twice; the later 填报日期 (10-10) wins.
    rows_old = unit_rows(targets, "高新区")
    rows_new = unit_rows(targets, "高新区")
    changes = {10: 5, 26: 280, 42: 6}  # the corrected figures in the (修改) file
    for tid, v in changes.items():
        r = find(rows_new, tid)
        assert r.kind == "amount" and r.completed != v, (tid, r.completed)
        r.completed, r.value = v, Decimal(v)
        r.note = "已更正数据"
    old_name, new_name = "高新区分局-2024Q3.xlsx", "高新区分局-2024Q3(修改).xlsx"
    sheet_o, cells_o = write_layout_a(Q3 / old_name, "高新区分局", "2024-10-08", Q3_WORD, rows_old)
    sheet, cells = write_layout_a(Q3 / new_name, "高新区分局", "2024-10-10", Q3_WORD, rows_new)
    accept("高新区", rows_new, new_name, sheet, cells)
    findings.append(("duplicate_return", "高新区", "", old_name, "", "", "", ""))
    files.append((old_name, "高新区", "A", "superseded",
                  "duplicate_return: same unit and period as the (修改) file, whose 填报日期 "
                  "2024-10-10 is later than this one's 2024-10-08"))
    files.append((new_name, "高新区", "A", "accepted",
                  "later 填报日期 wins; figures of 序号 10, 26, 42 differ from the first file"))
    gaoxin_old = {r.tid: r.completed for r in rows_old}

    # 新城: the wrong quarter (title 第二季度, 填报日期 2024-07-05).
    rows = unit_rows(targets, "新城")
    fname = "新城分局-2024Q3.xlsx"
    sheet, cells = write_layout_a(Q3 / fname, "新城分局", "2024-07-05", Q2_WORD, rows, "完成数")
    findings.append(("wrong_period", "新城", "", fname, sheet, "A1", "2024Q3", "2024Q2"))
    files.append((fname, "新城", "A", "rejected",
                  "wrong_period: title A1 says 第二季度, 填报日期 A3 2024-07-05; nothing merged"))

    # 金塘: a figure where the plan says "/" and a row the plan does not have.
    rows = unit_rows(targets, "金塘")
    t7 = tmap[7]
    assert t7.cells["金塘"][0] == "/"
    extra = Row(t7, "/", None, "amount")
    extra.completed, extra.value, extra.merge = 1, Decimal(1), False
    extra.note = "已培育1家"
    extra.findings.append(("unexpected_value", "/", "1"))
    rows.insert(next(i for i, r in enumerate(rows) if r.tid > 7), extra)
    own = Row(t7, 5, None, "amount")
    own.tid, own.id_cell, own.name, own.total, own.total_fmt = None, 99, "自行增加的指标", None, None
    own.completed, own.value, own.merge, own.note = 3, Decimal(3), False, "本单位自行增加"
    rows.append(own)
    fname = "金塘分局-2024Q3.xlsx"
    sheet, cells = write_layout_a(Q3 / fname, "金塘分局", "2024-10-08", Q3_WORD, rows, "完成数")
    accept("金塘", [r for r in rows if r is not own], fname, sheet, cells)
    findings.append(("unmatched_row", "金塘", "", fname, sheet, cells[id(own)][1], "", "99 自行增加的指标"))
    files.append((fname, "金塘", "A", "accepted",
                  "序号 7 has a figure where 金塘's plan cell is \"/\" (unexpected_value, not "
                  "merged); row 序号 99 自行增加的指标 matches no target (unmatched_row)"))

    # 六横: nothing sent.
    findings.append(("missing_return", "六横", "", "", "", "", "", ""))

    # 普陀山: a truncated xlsx.
    rows = unit_rows(targets, "普陀山")
    fname = "普陀山分局-2024Q3.xlsx"
    write_layout_a(Q3 / fname, "普陀山分局", "2024-10-08", Q3_WORD, rows)
    data = (Q3 / fname).read_bytes()
    (Q3 / fname).write_bytes(data[: len(data) // 2])
    findings.append(("unreadable_file", "普陀山", "", fname, "", "", "", ""))
    files.append((fname, "普陀山", "A (truncated)", "rejected",
                  f"unreadable_file: the first {len(data) // 2} of {len(data)} bytes of a valid "
                  "return (unit known only from the file name)"))

    # 市局 and 洋山: layout B, one file.
    fname = "市局及洋山-2024Q3.xlsx"
    sheet, results = write_layout_b(Q3 / fname, targets, ["市局", "洋山"], "2024-10-09")
    for u, r, cell in results:
        if r.value is not None:
            merged.append((u, r.tid, r.value if isinstance(r.value, str) else dec_str(r.value),
                           fname, sheet, cell, r.kind, in_city(u, tmap[r.tid], r.kind)))
    files.append((fname, "市局, 洋山", "B", "accepted",
                  "two units in one wide sheet: group headers 市局 (E3:F3) and 洋山 (G3:H3) over 目标 / 完成 (row 4)"))

    # 综保区: a unit the plan does not have.
    rows = [r for r in unit_rows(targets, "新城") if r.kind == "amount"][:8]
    fname = "综保区分局-2024Q3.xlsx"
    sheet, cells = write_layout_a(Q3 / fname, "舟山港综合保税区分局", "2024-10-08", Q3_WORD, rows)
    findings.append(("unknown_unit", "舟山港综合保税区分局", "", fname, sheet, "A2", "", "舟山港综合保税区分局"))
    files.append((fname, "(舟山港综合保税区分局)", "A", "rejected",
                  "unknown_unit: 填报单位 (A2) names a unit not in the plan; nothing merged"))

    # An Office lock file: skipped silently, no finding, not listed in 回收情况.
    lock = "~$定海区局-2024Q3.xlsx"
    (Q3 / lock).write_bytes(b"\x04wang" + b" " * 27)
    files.append((lock, "—", "lock file", "skipped", "Office owner/lock file (32 bytes): skipped "
                  "silently, no finding"))

    # Q2 定海, for --previous: every figure ≤ Q3 except 序号 10.
    rows = unit_rows(targets, "定海", quarter="Q2")
    up_tid = 10
    r = find(rows, up_tid)
    q3r, q3cell = q3_dinghai[up_tid]
    r.completed, r.value = int(q3r.value) + 3, q3r.value + 3
    for r2 in rows:
        q3v = q3_dinghai[r2.tid][0].value
        if r2.kind in ("amount", "rate") and r2.tid != up_tid:
            assert r2.value <= q3v, (r2.tid, r2.value, q3v)
    q2name = "定海区局-2024Q2.xlsx"
    sheet2, cells2 = write_layout_a(Q2 / q2name, "定海区局", "2024-07-08", Q2_WORD, rows)
    findings.append(("decreasing_cumulative", "定海", str(up_tid), "定海区局-2024Q3.xlsx", "进展情况",
                     q3cell, dec_str(r.value), dec_str(q3r.value)))
    q2_cell = cells2[id(r)][0]

    return targets, merged, findings, files, dict(
        altered=altered, gaoxin_old=gaoxin_old, changes=changes, q2_cell=q2_cell,
        up_tid=up_tid, q2_value=r.value, q3_value=q3r.value, q3_cell=q3cell)


# ----------------------------------------------------------------------------- the oracle

UNIT_ORDER = {u: i for i, u in enumerate(UNITS)}
CODE_ORDER = ["target_altered", "duplicate_return", "missing_return", "wrong_period",
              "unreadable_file", "unknown_unit", "invalid_value", "approximate_value",
              "unexpected_value", "unmatched_row", "decreasing_cumulative"]


def write_oracle(targets, merged, findings, files, info):
    merged.sort(key=lambda m: (UNIT_ORDER[m[0]], m[1]))
    with open(HERE / "expected-merge-2024Q3.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("unit\ttarget\tcompleted\tfile\tsheet\tcell\tkind\tin_city_sum\n")
        for m in merged:
            f.write("\t".join(str(x) for x in m) + "\n")
    findings.sort(key=lambda x: (CODE_ORDER.index(x[0]), x[1], x[3], x[5]))
    with open(HERE / "expected-findings-2024Q3.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("code\tunit\ttarget\tfile\tsheet\tcell\texpected\tactual\n")
        for x in findings:
            f.write("\t".join(x) + "\n")

    # City sums of additive figures per target (independent check for tests).
    city = {}
    for u, tid, v, *_rest, kind, inc in merged:
        if kind == "amount" and inc:
            city[tid] = city.get(tid, Decimal(0)) + Decimal(v)
    per_unit = {}
    for m in merged:
        per_unit[m[0]] = per_unit.get(m[0], 0) + 1

    L = []
    L.append("# Sample quarterly returns for `huizong merge` (2024Q3)\n")
    L.append("Generated by `python3 make_returns.py` (openpyxl + xlwt, never huizong's writer) from "
             "`zhoushan-2024-breakdown.xlsx`; this file, `expected-merge-2024Q3.tsv` and "
             "`expected-findings-2024Q3.tsv` are generated by the same script from the "
             "values it wrote, with `decimal.Decimal` (beside the returns folder, not in it: "
             "merge lists every file it is given). Edit the script, not these files. "
             "Re-running gives byte-identical files (fixed seeds, workbook properties and zip "
             "entry times).\n")
    L.append("Command the oracle describes:\n")
    L.append("    huizong merge samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx \\\n"
             "        samples/zhoushan-2024/returns-2024Q3 --period 2024Q3 \\\n"
             "        --previous samples/zhoushan-2024/returns-2024Q2\n")
    L.append("Without `--previous` the `decreasing_cumulative` finding is absent and everything else "
             "is the same.\n")
    L.append("## What a unit's allocation is\n")
    L.append("The unit's cell in the plan, read through merged ranges (a requirement merged across "
             "E:O belongs to every unit; rows 67/68 share E84:O85; row 72's text F89:O89 belongs to "
             "定海…洋山). An allocation is an amount (number, `24以上`), a rate (numeric with `0%`, "
             "`达到 80%`, `均达 94% 以上`), a change/duration/qualitative text. Not an allocation: "
             "`/`, `—`, blank, `按照嵊泗县局要求落实`, `分别纳入对应县区的统计范围`. 洋山 on 序号 "
             "23–26 has its own number (5, 0.05, 2, 150) while the 16th column says "
             "`按照嵊泗县局要求落实`: it is an allocation, so 洋山 reports it, but the figure is inside "
             "嵊泗's and is not added again at city level (`in_city_sum` = 0); its figure is never above 嵊泗's.\n")
    L.append("## What a figure is\n")
    L.append("- amount targets: a number between 40 % and 120 % of the unit's target (seeded per "
             "unit and target), integers for counts, 2 decimals for (亿元) and fractional targets; "
             "a target of 0 gets 0.\n"
             "- rate targets: a fraction with `0%` format, near the unit's rate (never above 100 %).\n"
             "- qualitative text targets (序号 38 普陀/嵊泗, 41 岱山, 67, 68, 72): the text "
             "`已按要求推进落实` in the figure cell; merged as text (`kind` = text).\n"
             "- duration and change targets (序号 3, 8, 64, 65): the figure cell is blank, the "
             "progress is told in 进展情况 only; blank means no figure, so nothing is merged and "
             "nothing is reported.\n"
             "- 完成率 is the formula `=IFERROR(En/Dn,\"\")` without a cached value in the .xlsx "
             "files, a number in the .xls.\n")
    L.append("## The files\n")
    L.append("Layout A: row 1 title (A1:G1 merged), A2 `填报单位：…`, A3 `填报日期：…`, header row 4 "
             "(序号 | 目标名称 | 全市目标任务 | 本单位目标 | <figure> | 完成率 | 进展情况), data from row 5, "
             "the figure in column E. Layout B: title row 1, A2 `填报日期：2024-10-09`, header rows 3–4 "
             "(A:D merged down; unit group headers merged over 目标 | 完成), one row per target "
             "(序号 n at row n+4), 市局's figure in F, 洋山's in H.\n")
    L.append("| file | unit | layout, header of the figure column | sheet | 填报日期 | status | why / what it exercises | figures merged |")
    L.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
    meta = {
        "定海区局-2024Q3.xlsx": ("A, 累计完成", "进展情况", "2024-10-08"),
        "普陀区局-2024Q3.xls": ("A, 完成数", "Sheet1", "2024-10-09"),
        "岱山县局-2024Q3.xlsx": ("A, 累计完成数", "Sheet1", "2024-10-08"),
        "嵊泗县局-2024Q3.xlsx": ("A, 完成情况", "进展情况", "2024-10-08"),
        "高新区分局-2024Q3.xlsx": ("A, 累计完成", "进展情况", "2024-10-08"),
        "高新区分局-2024Q3(修改).xlsx": ("A, 累计完成", "进展情况", "2024-10-10"),
        "新城分局-2024Q3.xlsx": ("A, 完成数", "进展情况", "2024-07-05"),
        "金塘分局-2024Q3.xlsx": ("A, 完成数", "进展情况", "2024-10-08"),
        "普陀山分局-2024Q3.xlsx": ("A (truncated)", "—", "2024-10-08"),
        "市局及洋山-2024Q3.xlsx": ("B, 目标 / 完成", "进展情况", "2024-10-09"),
        "综保区分局-2024Q3.xlsx": ("A, 累计完成", "进展情况", "2024-10-08"),
        "~$定海区局-2024Q3.xlsx": ("lock file", "—", "—"),
    }
    for fname, unit, _layout, status, why in files:
        lay, sh, date = meta[fname]
        n = sum(1 for m in merged if m[3] == fname)
        L.append(f"| `{fname}` | {unit} | {lay} | {sh} | {date} | {status} | {why} | {n} |")
    L.append("| (none) | 六横 | — | — | — | — | no file: `missing_return` | 0 |")
    L.append(f"| `../returns-2024Q2/定海区局-2024Q2.xlsx` | 定海 | A, 累计完成 | 进展情况 | 2024-07-08 | "
             f"previous quarter (`--previous`) | title 第二季度; every figure ≤ its Q3 figure except "
             f"序号 {info['up_tid']}: Q2 {dec_str(info['q2_value'])} ({info['q2_cell']}) > Q3 "
             f"{dec_str(info['q3_value'])} | — |")
    L.append("")
    L.append("Merged rows per unit: " + ", ".join(f"{u} {per_unit.get(u, 0)}" for u in UNITS)
             + f" (total {len(merged)}).\n")
    L.append("## Findings (`expected-findings-2024Q3.tsv`)\n")
    L.append("Exactly these, and no others. Cells are A1 in the named sheet; `target` is the plan's "
             "序号.\n")
    L.append("| code | unit | target | file | cell | expected | actual |")
    L.append("| --- | --- | --- | --- | --- | --- | --- |")
    for code, unit, tid, fname, sheet, cell, exp, act in findings:
        c = f"{sheet}!{cell}" if cell else ""
        L.append(f"| `{code}` | {unit} | {tid} | {('`' + fname + '`') if fname else ''} | {c} | {exp} | {act} |")
    L.append("")
    L.append("## Judgement calls (decided here; the implementation should follow them)\n")
    L.append("- `missing_return` only for a unit with allocations to which no file at all is "
             "attributed (六横). 新城 (wrong period) and 普陀山 (unreadable, unit from the file name "
             "`普陀山分局-…`: the longest alias wins over 普陀) get their rejection finding instead; "
             "their targets have status `no_return` in the consolidation.\n"
             "- `duplicate_return` is one finding on the superseded file, no cell.\n"
             "- `wrong_period` points at the title A1 (第二季度). The 填报日期 2024-07-05 falls in "
             "the third calendar quarter because returns are filed after the quarter ends; Q3 "
             "returns are dated October.\n"
             "- `target_altered` points at the 本单位目标 cell; the figure on that row is still merged "
             "(against the plan's target, 13).\n"
             "- `approximate_value` (`约30`) is merged as 30; `invalid_value` figures (-5, `未统计`) "
             "are not merged.\n"
             "- `unexpected_value` figures (金塘 序号 7, plan `/`) are not merged; the row's "
             "本单位目标 `/` equals the plan, so no `target_altered`.\n"
             "- `unmatched_row` points at the row's 序号 cell.\n"
             "- `unknown_unit` points at the 填报单位 cell A2; `unit` is the name as written.\n"
             "- `decreasing_cumulative` points at the Q3 cell (file `定海区局-2024Q3.xlsx`); "
             "`expected` is the Q2 figure, `actual` the Q3 one. Rates and texts in the Q2 file are "
             "never above Q3 either, so there is exactly one such finding however rates are treated.\n"
             "- Figures typed as text (`1,200`, `２０`, `200家`) are read as numbers, no finding.\n"
             "- The lock file `~$定海区局-2024Q3.xlsx` is skipped silently: no finding, not a return.\n")
    L.append("## expected-merge-2024Q3.tsv\n")
    L.append("One row per (unit, target) figure that must be merged, ordered by the plan's unit "
             "order then 序号: `unit` (plan header name), `target` (序号), `completed` (exact decimal, "
             "no trailing zeros, rates as fractions: 0.85; or the text for qualitative targets), "
             "`file`, `sheet`, `cell` (A1 of the figure), `kind` (amount / rate / text), "
             "`in_city_sum` (1 when the figure is added into the city's completed total: additive, "
             "and not 洋山 on 序号 23–26).\n")
    L.append("City completed totals of additive targets (sum of `completed` where `in_city_sum` = 1), "
             "for cross-checking:\n")
    L.append("| 序号 | completed |")
    L.append("| --- | --- |")
    for tid in sorted(city):
        L.append(f"| {tid} | {dec_str(city[tid])} |")
    L.append("")
    (HERE / "RETURNS.md").write_text("\n".join(L), encoding="utf-8")


if __name__ == "__main__":
    out = build()
    write_oracle(*out)
    print(f"wrote {Q3} and {Q2}, RETURNS.md", file=sys.stderr)
