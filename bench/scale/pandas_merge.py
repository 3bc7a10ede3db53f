#!/usr/bin/env python3
"""The merge a user would otherwise write with pandas: the baseline for the scale benchmark.

    python3 bench/scale/pandas_merge.py PLAN RETURNS_DIR OUT.xlsx [--engine openpyxl|calamine]

- the plan: `pd.read_excel(PLAN, header=1)` (row 1 title, row 2 header: 序号 | 实事名称 |
  目标名称 | 全市目标任务 | one column per unit);
- every return (*.xlsx in RETURNS_DIR, Office lock files skipped) is read ONCE with
  `header=None`; the unit is taken from the 填报单位 line in the first rows, row 4 is the
  header (序号 | 目标名称 | 全市目标任务 | 本单位目标 | 累计完成 | …), the rows below are the data;
- rows are matched to the plan by 序号 and 累计完成 is summed per target;
- the summary (序号, 目标名称, 全市目标任务, 累计完成合计, 完成率) is written with
  `DataFrame.to_excel` (openpyxl writer).

Returns whose unit is not a plan column, or a second return for a unit already read, are
skipped with a message (what a careful user's script would do); rows whose 序号 is not in
the plan are ignored. Prints the number of files read, the total completed, and timings.
"""

import argparse
import os
import sys
import time

import pandas as pd

FILER = "填报单位"
HEADER_ROW = 3  # 0-based: row 4 of the sheet, as header=3 would take it


def filing_unit(head):
    """The unit named in the 填报单位 line among the first rows (填报单位：单位0001)."""
    for v in head.to_numpy().ravel():
        if isinstance(v, str) and v.strip().startswith(FILER):
            rest = v.strip()[len(FILER):]
            return rest.lstrip(":：").strip()
    return None


def read_return(path, engine):
    """One read per file: (unit, DataFrame with 序号 and 累计完成)."""
    raw = pd.read_excel(path, header=None, engine=engine)
    unit = filing_unit(raw.iloc[:HEADER_ROW])
    body = raw.iloc[HEADER_ROW + 1:]
    body.columns = [str(c).strip() for c in raw.iloc[HEADER_ROW]]
    data = pd.DataFrame({
        "序号": pd.to_numeric(body["序号"], errors="coerce"),
        "累计完成": pd.to_numeric(body["累计完成"], errors="coerce"),
    }).dropna(subset=["序号"])
    return unit, data


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("plan")
    ap.add_argument("returns_dir")
    ap.add_argument("out")
    ap.add_argument("--engine", choices=["openpyxl", "calamine"], default="openpyxl")
    a = ap.parse_args()

    t0 = time.perf_counter()
    plan = pd.read_excel(a.plan, header=1, engine=a.engine)
    plan = plan[pd.to_numeric(plan["序号"], errors="coerce").notna()].copy()
    plan["序号"] = pd.to_numeric(plan["序号"]).astype(int)
    fixed = ["序号", "实事名称", "目标名称", "全市目标任务"]
    units = set(str(c) for c in plan.columns if c not in fixed)
    t_plan = time.perf_counter()

    files = sorted(
        os.path.join(a.returns_dir, f)
        for f in os.listdir(a.returns_dir)
        if f.lower().endswith(".xlsx") and not f.startswith(("~$", "."))
    )
    parts, seen, skipped = [], set(), 0
    for path in files:
        unit, data = read_return(path, a.engine)
        if unit not in units:
            print(f"skipped {os.path.basename(path)}: unit {unit!r} is not in the plan", file=sys.stderr)
            skipped += 1
            continue
        if unit in seen:
            print(f"skipped {os.path.basename(path)}: a second return for {unit}", file=sys.stderr)
            skipped += 1
            continue
        seen.add(unit)
        parts.append(data)
    t_read = time.perf_counter()

    if parts:
        done = pd.concat(parts, ignore_index=True).groupby("序号")["累计完成"].sum(min_count=1)
    else:
        done = pd.Series(dtype=float, name="累计完成")
    done.index = done.index.astype(int)

    out = plan[["序号", "目标名称", "全市目标任务"]].copy()
    out["累计完成合计"] = out["序号"].map(done)
    total = pd.to_numeric(out["全市目标任务"], errors="coerce")
    out["完成率"] = (out["累计完成合计"] / total).round(4)
    # The figures are whole numbers: show them as such when they are.
    if out["累计完成合计"].notna().all() and (out["累计完成合计"] % 1 == 0).all():
        out["累计完成合计"] = out["累计完成合计"].astype("int64")
    out.to_excel(a.out, sheet_name="汇总", index=False, engine="openpyxl")
    t1 = time.perf_counter()

    grand = out["累计完成合计"].sum()
    grand = int(grand) if float(grand).is_integer() else grand
    print(f"files read: {len(files)} ({len(parts)} merged, {skipped} skipped), engine {a.engine}")
    print(f"total completed: {grand}")
    print(f"time: plan {t_plan - t0:.2f}s, returns {t_read - t_plan:.2f}s, "
          f"sum+write {t1 - t_read:.2f}s, total {t1 - t0:.2f}s")


if __name__ == "__main__":
    main()
