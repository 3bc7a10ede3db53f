#!/usr/bin/env python3
"""Make a synthetic plan and N quarterly returns for the huizong scale benchmark.

    python3 bench/scale/make_scale.py N OUT_DIR [--jobs J] [--seed S] [--verify]

Writes, deterministically (same N and seed -> same cell contents):

  OUT_DIR/plan.xlsx                    sheet 任务分解表: title, header
                                       序号 | 实事名称 | 目标名称 | 全市目标任务 | 单位0001 … 单位NNNN,
                                       80 targets; each allocation an integer 1..20, the
                                       全市目标任务 their exact sum (the plan checks clean)
  OUT_DIR/returns/单位0001-2024Q3.xlsx one per unit, layout A (填报单位 / 填报日期 lines, then
                                       序号 | 目标名称 | 全市目标任务 | 本单位目标 | 累计完成 | 完成率 | 进展情况)
  OUT_DIR/expected.tsv                 target id <TAB> city completed sum (exact integer)

All files are written with openpyxl's write-only mode; the returns are written by a
process pool (default: one process per core). With --verify, bench/scale/verify.py is run
afterwards (huizong check + merge --json compared with expected.tsv).
"""

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from multiprocessing import Pool

import openpyxl.writer.excel as _xl_writer
from openpyxl import Workbook

TARGETS = 80
GROUP_SIZE = 10
PERIOD = "2024Q3"
PLAN_TITLE = "2024年示范市任务分解表"
RETURN_TITLE = "2024年示范市第三季度进展情况表"
FILING_DATE = "2024-10-08"
PROGRESS_TEXT = "按计划推进"
# Fixed document timestamps, so the workbooks' properties do not depend on the clock.
FIXED_TIME = datetime.datetime(2024, 10, 8, 9, 0, 0)


class _FixedClock:
    """Stands in for the datetime module inside openpyxl.writer.excel, whose save stamps
    docProps/core.xml with the current time; with it every part of every workbook is the
    same from run to run (the zip container's own entry times still follow the clock)."""

    timezone = datetime.timezone

    class datetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return FIXED_TIME.replace(tzinfo=tz)


if getattr(_xl_writer, "datetime", None) is datetime:
    _xl_writer.datetime = _FixedClock


def unit_name(u):
    return f"单位{u:04d}"


def target_name(i):
    return f"指标{i}(家)"


def group_name(i):
    return f"行动{(i - 1) // GROUP_SIZE + 1}"


def make_numbers(n, seed):
    """alloc[u][t], done[u][t] for units 0..n-1 and targets 0..79, from one seeded RNG
    per unit (so unit u's figures do not depend on N)."""
    alloc, done = [], []
    for u in range(1, n + 1):
        rng = random.Random(seed * 1_000_003 + u)
        a = [rng.randint(1, 20) for _ in range(TARGETS)]
        # Never more than 3 × the allocation: a figure beyond that is flagged implausible.
        d = [rng.randint(0, min(x + 5, 3 * x)) for x in a]
        alloc.append(a)
        done.append(d)
    return alloc, done


def new_workbook():
    wb = Workbook(write_only=True)
    wb.properties.creator = "make_scale.py"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def write_plan(path, n, alloc, totals):
    wb = new_workbook()
    ws = wb.create_sheet("任务分解表")
    ws.append([PLAN_TITLE])
    ws.append(["序号", "实事名称", "目标名称", "全市目标任务"] + [unit_name(u) for u in range(1, n + 1)])
    for t in range(TARGETS):
        i = t + 1
        ws.append([i, group_name(i), target_name(i), totals[t]] + [alloc[u][t] for u in range(n)])
    wb.save(path)


def write_return(args):
    path, u, alloc_u, done_u, totals = args
    wb = new_workbook()
    ws = wb.create_sheet("进展情况")
    ws.append([RETURN_TITLE])
    ws.append([f"填报单位：{unit_name(u)}"])
    ws.append([f"填报日期：{FILING_DATE}"])
    ws.append(["序号", "目标名称", "全市目标任务", "本单位目标", "累计完成", "完成率", "进展情况"])
    for t in range(TARGETS):
        i = t + 1
        ws.append([i, target_name(i), totals[t], alloc_u[t], done_u[t], None, PROGRESS_TEXT])
    wb.save(path)
    return u


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of units (and returns)")
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=20240930)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes for the returns")
    ap.add_argument("--verify", action="store_true", help="run verify.py on the result (builds huizong with cargo)")
    args = ap.parse_args()
    if args.n < 1 or args.n > 9999:
        ap.error("N must be 1..9999 (unit names are 单位0001…单位9999)")

    t0 = time.perf_counter()
    n = args.n
    out = args.out_dir
    rdir = os.path.join(out, "returns")
    os.makedirs(rdir, exist_ok=True)
    # A rerun with a smaller N into the same folder must not leave extra returns behind.
    for name in os.listdir(rdir):
        if name.endswith(f"-{PERIOD}.xlsx"):
            os.remove(os.path.join(rdir, name))

    alloc, done = make_numbers(n, args.seed)
    totals = [sum(alloc[u][t] for u in range(n)) for t in range(TARGETS)]
    completed = [sum(done[u][t] for u in range(n)) for t in range(TARGETS)]

    write_plan(os.path.join(out, "plan.xlsx"), n, alloc, totals)
    t_plan = time.perf_counter()

    jobs = [
        (os.path.join(rdir, f"{unit_name(u)}-{PERIOD}.xlsx"), u, alloc[u - 1], done[u - 1], totals)
        for u in range(1, n + 1)
    ]
    if args.jobs > 1 and n > 1:
        with Pool(args.jobs) as pool:
            for _ in pool.imap_unordered(write_return, jobs, chunksize=max(1, min(64, n // (args.jobs * 8) or 1))):
                pass
    else:
        for j in jobs:
            write_return(j)
    t_returns = time.perf_counter()

    with open(os.path.join(out, "expected.tsv"), "w", encoding="utf-8") as f:
        f.write("target\tcompleted\n")
        for t in range(TARGETS):
            f.write(f"{t + 1}\t{completed[t]}\n")

    t1 = time.perf_counter()
    print(
        f"made plan ({n} units x {TARGETS} targets) + {n} returns in {out}: "
        f"plan {t_plan - t0:.2f}s, returns {t_returns - t_plan:.2f}s ({args.jobs} jobs), total {t1 - t0:.2f}s; "
        f"city completed sum over all targets = {sum(completed)}"
    )

    if args.verify:
        here = os.path.dirname(os.path.abspath(__file__))
        rc = subprocess.call([sys.executable, os.path.join(here, "verify.py"), out])
        sys.exit(rc)


if __name__ == "__main__":
    main()
