#!/usr/bin/env python3
"""Independent check of the 2024 Zhoushan 任务分解表 (allocation sheet).

Reads zhoushan-2024-breakdown.tsv (next to this file), applies the known
extraction corrections, classifies every cell with the vocabulary of
/work/shared/domain.md, and gives each of the 81 targets one status:
unassigned, not_additive, rate_warning, ok, nested_ok, mismatch.
Findings that are not target statuses (value_without_unit, unparsed_value)
are written as extra rows after the 81 target rows.

Written without looking at the tool's implementation. Decimal only, no float.
Run:  python3 verify_by_hand.py   -> prints and writes expected.tsv
"""
import re
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "zhoushan-2024-breakdown.tsv"
OUT = HERE / "expected.tsv"

UNITS = ["市局", "定海", "普陀", "岱山", "嵊泗", "高新区", "新城", "金塘", "六横", "普陀山", "洋山"]
# columns: 0 序号, 1 实事名称, 2 目标名称, 3 全市目标任务, 4..14 units, 15 unlabeled (remarks)
FIRST_UNIT, COL16 = 4, 15

NESTED_IN_SHENGSI = "按照嵊泗县局要求落实"
ZONES_IN_COUNTIES = "分别纳入对应县区的统计范围"
MAGNITUDE = {"万": Decimal(10000), "亿": Decimal(100000000)}

NUM = r"(\d+(?:\.\d+)?)"
RE_AMOUNT = re.compile(r"^(?:不少于|不低于|≥|控制在)?" + NUM + r"([万亿]?)[家件户个名项台种次人]*(以上|以内)?$")
RE_RATE = re.compile(r"^(?:达到|达)?(不少于|不低于|≥)?" + NUM + r"%(以上)?$")
RE_CHANGE = re.compile(r"^(下降|增长|减少|提高)" + NUM + r"%(以上)?$")
RE_TIME = re.compile(r"(工作日|分钟|小时)")
RE_CJK = re.compile(r"[\u4e00-\u9fff]")


def clean(text):
    """Full-width -> ASCII, drop spaces and thousands separators."""
    text = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"[\s,]", "", text)


def classify(raw):
    """Return (kind, value). kinds: none, amount, lower, upper, rate, change,
    time, uniform, nested, nested_zones, qualitative, unparsed.
    value: Decimal for amount/lower/upper/rate, else None."""
    t = clean(raw)
    if t in ("", "/", "—", "-", "－"):
        return "none", None
    if t == NESTED_IN_SHENGSI:
        return "nested", None
    if t == ZONES_IN_COUNTIES:
        return "nested_zones", None
    if t.startswith("均"):
        return "uniform", None
    if RE_CHANGE.match(t):
        return "change", None
    if RE_TIME.search(t):
        return "time", None
    m = RE_RATE.match(t)
    if m:
        return "rate", Decimal(m.group(2))
    m = RE_AMOUNT.match(t)
    if m:
        value = Decimal(m.group(1)) * MAGNITUDE.get(m.group(2), Decimal(1))
        if t.startswith(("不少于", "不低于", "≥")) or m.group(3) == "以上":
            return "lower", value
        if t.startswith("控制在") or m.group(3) == "以内":
            return "upper", value
        return "amount", value
    if RE_CJK.search(t):
        return "qualitative", None
    return "unparsed", None


def uniform_rate(raw):
    """The rate inside a uniform requirement such as '均达到 80%', or None."""
    t = clean(raw)
    m = re.search(NUM + r"%", t)
    return Decimal(m.group(1)) if m else None


def fmt(d):
    """Decimal -> plain string without exponent or trailing zeros."""
    if d is None:
        return ""
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def read_rows():
    """(line number, fields padded to 16) for every target row, corrected."""
    rows = []
    for lineno, line in enumerate(SRC.read_text(encoding="utf-8").split("\n"), start=1):
        fields = line.rstrip("\r").split("\t")
        if not fields[0].strip().isdigit():
            continue
        # correction: 序号 72 lost its empty 实事名称 field
        if fields[0].strip() == "72" and lineno == 89:
            fields.insert(1, "")
        fields = (fields + [""] * 16)[:16]
        rows.append((lineno, fields))
    # correction: 序号 68 is empty; 67's name/total/units were merged down over it
    by_id = {int(f[0]): f for _, f in rows}
    for i, (lineno, f) in enumerate(rows):
        if int(f[0]) == 68 and not any(x.strip() for x in f[2:]):
            rows[i] = (lineno, [f[0], f[1]] + by_id[67][2:])
    return rows


def check(lineno, f):
    """One target -> dict with status, total, sum, difference, notes, findings."""
    tid, name, total_raw = f[0].strip(), f[2].strip(), f[3].strip()
    cells = {u: f[FIRST_UNIT + i] for i, u in enumerate(UNITS)}
    kinds = {u: classify(c) for u, c in cells.items()}
    col16 = f[COL16].strip()
    k16, v16 = classify(col16)
    total_kind, total_val = classify(total_raw)
    notes, findings = [], []

    # findings that stand beside the status
    if k16 in ("amount", "lower", "upper"):
        findings.append(("value_without_unit", f"16th (unlabeled) column holds {col16}; not summed"))
        notes.append(f"unlabeled 16th column = {col16} (not summed)")
    for u, (k, _) in kinds.items():
        if k == "unparsed":
            findings.append(("unparsed_value", f"{u}: {cells[u]!r}"))
            notes.append(f"unparsed {u} cell {cells[u]!r}")
    if k16 == "unparsed":
        findings.append(("unparsed_value", f"16th column: {col16!r}"))

    result = dict(id=tid, line=lineno, name=name, total=total_raw, sum="", difference="")

    assigned = [u for u, (k, _) in kinds.items() if k != "none"]
    if not assigned:
        result["status"] = "unassigned"
        if total_kind not in ("amount", "lower"):
            notes.append(f"city total is {total_kind} ({total_raw}); no unit carries anything")
        result["notes"] = "; ".join(notes)
        return result, findings

    # a uniform requirement written once (in 市局) applies to every unit
    uniform = [u for u, (k, _) in kinds.items() if k == "uniform"]
    if uniform:
        rate = uniform_rate(cells[uniform[0]])
        for u in UNITS:
            if kinds[u][0] == "none":
                kinds[u] = ("rate", rate) if rate is not None else ("uniform", None)

    if total_kind not in ("amount", "lower") or uniform:
        status = "not_additive"
        notes.append(f"city total is {total_kind}" + ("; uniform requirement for all units" if uniform else ""))
        for u, (k, _) in kinds.items():
            if k in ("qualitative", "change", "time"):
                notes.append(f"{u} is {k} ({clean(cells[u])})")
        if total_kind == "rate":
            below = [f"{u} {fmt(v)}% < {fmt(total_val)}%" for u, (k, v) in kinds.items()
                     if k == "rate" and v < total_val]
            if below:
                status = "rate_warning"
                notes.append("below city rate: " + ", ".join(below))
        result["status"] = status
        result["notes"] = "; ".join(notes)
        return result, findings

    # additive target
    nested_unit = None
    if k16 == "nested":
        nested_unit = "洋山"
        notes.append("16th column says 按照嵊泗县局要求落实: 洋山's figure is inside 嵊泗's, excluded")
    for u, (k, _) in kinds.items():
        if k == "nested":
            notes.append(f"{u} cell says 按照嵊泗县局要求落实 (no own figure)")
        if k == "nested_zones":
            notes.append("zones 分别纳入对应县区的统计范围 (no own figures)")
    nested = nested_unit is not None or any(k in ("nested", "nested_zones") for k, _ in kinds.values())

    total = Decimal(0)
    terms = []
    for u, (k, v) in kinds.items():
        if u == nested_unit:
            continue
        if k in ("amount", "lower"):
            total += v
            terms.append(fmt(v))
        elif k == "upper":
            notes.append(f"{u} has an upper bound {cells[u]}; not summed")
        elif k not in ("none", "nested", "nested_zones"):
            notes.append(f"{u} is {k} ({cells[u]}); not summed")
    if nested_unit is not None and kinds[nested_unit][1] is not None:
        own, parent = kinds[nested_unit][1], kinds["嵊泗"][1]
        notes.append(f"with 洋山 {fmt(own)} the sum would be {fmt(total + own)}")
        if parent is not None and own > parent:
            notes.append(f"nested 洋山 {fmt(own)} exceeds parent 嵊泗 {fmt(parent)}")
    if total_kind == "lower":
        notes.insert(0, "lower bounds (以上): compared as bounds")

    diff = total - total_val
    result["total"] = fmt(total_val)
    result["sum"] = fmt(total)
    result["difference"] = fmt(diff)
    if diff == 0:
        result["status"] = "nested_ok" if nested else "ok"
    else:
        result["status"] = "mismatch"
        notes.insert(0, f"{'+'.join(terms)} = {fmt(total)} != {fmt(total_val)}")
    result["notes"] = "; ".join(notes)
    return result, findings


def vocabulary_selftest():
    """The examples of the cell vocabulary (domain.md) must classify as written there."""
    cases = {
        "2500": ("amount", Decimal(2500)), "0.45": ("amount", Decimal("0.45")),
        "0.9 万": ("amount", Decimal(9000)), "1.2亿": ("amount", Decimal(120000000)),
        "150万户": ("amount", Decimal(1500000)), "２５００": ("amount", Decimal(2500)),
        "1,000": ("amount", Decimal(1000)), "12 家": ("amount", Decimal(12)),
        "85以上": ("lower", Decimal(85)), "不少于 5%": ("rate", Decimal(5)),
        "不低于 25%": ("rate", Decimal(25)), "≥95%": ("rate", Decimal(95)),
        "达到95%以上": ("rate", Decimal(95)), "控制在0.22以内": ("upper", Decimal("0.22")),
        "90%": ("rate", Decimal(90)), "达到 80%": ("rate", Decimal(80)),
        "99% 以上": ("rate", Decimal(99)), "下降 10% 以上": ("change", None),
        "增长8%以上": ("change", None), "15 分钟以内": ("time", None),
        "平均 3 个工作日": ("time", None), "/": ("none", None), "—": ("none", None),
        "": ("none", None), "均达到 80%": ("uniform", None),
        NESTED_IN_SHENGSI: ("nested", None), ZONES_IN_COUNTIES: ("nested_zones", None),
        "制定1个以上行业信用建设指引": ("qualitative", None), "1.2.3": ("unparsed", None),
    }
    for cell, want in cases.items():
        got = classify(cell)
        assert got == want, f"classify({cell!r}) = {got}, expected {want}"
    assert fmt(Decimal("0.25") * 4) == "1" and fmt(Decimal("0.9") * 10000) == "9000"


def main():
    vocabulary_selftest()
    header = ["id", "line", "name", "status", "total", "sum", "difference", "notes"]
    out_rows, extra = [], []
    for lineno, f in read_rows():
        r, findings = check(lineno, f)
        out_rows.append(r)
        for kind, text in findings:
            extra.append(dict(id=r["id"], line=lineno, name=r["name"], status=kind,
                              total="", sum="", difference="", notes=text))
    lines = ["\t".join(header)]
    for r in out_rows + extra:
        lines.append("\t".join(str(r[h]) for h in header))
    text = "\n".join(lines) + "\n"
    OUT.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    counts = {}
    for r in out_rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    print("\ncounts:", ", ".join(f"{k}={v}" for k, v in sorted(counts.items())), f"(targets={len(out_rows)})")
    print("findings:", ", ".join(f"{e['status']} line {e['line']}" for e in extra) or "none")


if __name__ == "__main__":
    main()
