# Copied from ../shared/tools/print_check.py (the estimate issue 13 is verified by), so that CI
# runs it on a machine without ../shared; .ci/run prefers ../shared/tools when it is there.
"""Is a workbook ready to print and read? For every visible sheet: a print setup that puts the
table one page wide, and no cell whose text is cut off by its column width or row height.

usage: layout.py FILE.xlsx...      prints one line per sheet with problems, then a tally

Widths are estimated as a spreadsheet does: East Asian wide characters count two, others one,
scaled by font size / 11; a column width is in those units. Rows without an explicit height
get the sheet's default height: LibreOffice does not grow them for wrapped text on load."""
import math
import sys
import unicodedata

import openpyxl
from openpyxl.utils import get_column_letter

PAGE_UNITS = {("portrait", 9): 95, ("landscape", 9): 140, ("portrait", 8): 140, ("landscape", 8): 205}


def text_units(s, size):
    """Width in column units (the width of '0' at 11pt, 7 px): a wide glyph is one em."""
    px = sum(size * 4 / 3 if unicodedata.east_asian_width(ch) in "WF" else size * 0.75 for ch in s)
    return px / 7.0


SLACK = 1.15  # only a cut of more than about a seventh counts: these are estimates


def shown(cell):
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, str):
        return "" if v.startswith("=") else v
    if isinstance(v, float):
        fmt = cell.number_format or ""
        if "%" in fmt:
            return f"{v * 100:.1f}%"
        return f"{v:,.2f}" if "," in fmt else f"{v:g}"
    return str(v)


def sheet_problems(ws):
    problems = []
    default_w = ws.sheet_format.defaultColWidth or 8.43
    default_h = ws.sheet_format.defaultRowHeight or 15
    widths, hidden_cols = {}, set()
    for dim in ws.column_dimensions.values():
        for k in range(dim.min or 0, (dim.max or 0) + 1):
            if dim.width:
                widths[k] = dim.width
            if dim.hidden:
                hidden_cols.add(k)
    width = lambda c: widths.get(c, default_w)  # noqa: E731
    height = lambda r: ws.row_dimensions[r].height or default_h  # noqa: E731
    merged = {}
    covered = set()
    for m in ws.merged_cells.ranges:
        merged[(m.min_row, m.min_col)] = (m.max_row, m.max_col)
        covered |= {(r, c) for r in range(m.min_row, m.max_row + 1) for c in range(m.min_col, m.max_col + 1)}
    # one page wide
    ps = ws.page_setup
    fit = ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
    used_w = sum(width(c) for c in range(1, ws.max_column + 1) if c not in hidden_cols)
    page = PAGE_UNITS.get((ps.orientation or "portrait", int(ps.paperSize or 9)), 95)
    if not (fit and (ps.fitToWidth in (None, 1))) and used_w > page:
        problems.append(f"{used_w:.0f} units wide, page holds {page}, not fitted to one page wide")
    clipped = []
    for row in ws.iter_rows():
        for cell in row:
            text = shown(cell)
            if not text:
                continue
            r, c = cell.row, cell.column
            if (r, c) in covered and (r, c) not in merged:
                continue
            if ws.row_dimensions[r].hidden or c in hidden_cols:
                continue
            r2, c2 = merged.get((r, c), (r, c))
            avail = (sum(width(k) for k in range(c, c2 + 1)) * 7 + 5 * (c2 - c) + 2) / 7.0
            rows_h = sum(height(k) for k in range(r, r2 + 1))
            size = float(cell.font.sz or 11)
            wrap = bool(cell.alignment and cell.alignment.wrap_text)
            if wrap or "\n" in text:
                lines = sum(max(1, math.ceil(text_units(part, size) / SLACK / max(avail, 1)))
                            for part in text.split("\n"))
                need = lines * size * 1.2
                if rows_h * SLACK < need:
                    clipped.append(f"{cell.coordinate} needs {lines} lines ({need:.0f}pt), row {rows_h:.0f}pt")
            else:
                w = text_units(text, size)
                if w > avail * SLACK:
                    right = ws.cell(r, c2 + 1).value if c2 + 1 <= ws.max_column else None
                    is_num = not isinstance(cell.value, str)
                    if is_num or (right not in (None, "")) or c2 + 1 > ws.max_column:
                        clipped.append(f"{cell.coordinate} {w:.0f} units in {avail:.0f}")
    if clipped:
        problems.append(f"{len(clipped)} cells cut off, e.g. " + "; ".join(clipped[:4]))
    return problems, len(clipped)


def main(files):
    sheets = bad_sheets = cut = 0
    for f in files:
        wb = openpyxl.load_workbook(f)
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            sheets += 1
            problems, n = sheet_problems(ws)
            cut += n
            if problems:
                bad_sheets += 1
                print(f"{f.split('/')[-1]}!{ws.title}: " + " | ".join(problems)[:300])
    print(f"{sheets - bad_sheets}/{sheets} sheets print clean ({cut} cells cut off)")
    return bad_sheets == 0


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1:]) else 1)
