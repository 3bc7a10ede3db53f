#!/usr/bin/env python3
"""Check a folder made by make_scale.py against huizong.

    python3 bench/scale/verify.py OUT_DIR [--huizong PATH]

1. `huizong check OUT_DIR/plan.xlsx` must exit 0.
2. `huizong merge OUT_DIR/plan.xlsx OUT_DIR/returns --period 2024Q3 --json` must exit 0,
   accept every return, and give, for every target in expected.tsv, a city `completed`
   equal to the expected exact integer.

Without --huizong, runs `cargo run --release --quiet --` from the repository root.
Exit 0 when everything agrees, 1 otherwise.
"""

import argparse
import json
import os
import subprocess
import sys
from decimal import Decimal

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(cmd, args):
    p = subprocess.run(cmd + args, cwd=REPO, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--huizong", help="path to a built huizong binary (default: cargo run --release)")
    a = ap.parse_args()
    out = os.path.abspath(a.out_dir)
    cmd = [os.path.abspath(a.huizong)] if a.huizong else ["cargo", "run", "--release", "--quiet", "--"]
    plan = os.path.join(out, "plan.xlsx")
    returns = os.path.join(out, "returns")
    ok = True

    rc, so, se = run(cmd, ["check", plan])
    print(f"check: exit {rc}")
    if rc != 0:
        ok = False
        print(so[-3000:], se[-3000:], sep="\n")

    rc, so, se = run(cmd, ["merge", plan, returns, "--period", "2024Q3", "--json"])
    print(f"merge: exit {rc}")
    if rc != 0:
        ok = False
        print(se[-3000:])
    try:
        doc = json.loads(so)
    except json.JSONDecodeError:
        print("merge --json did not print JSON:", so[:2000])
        return 1

    expected = {}
    with open(os.path.join(out, "expected.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            tid, val = line.rstrip("\n").split("\t")
            expected[tid] = Decimal(val)

    n_files = len([x for x in os.listdir(returns) if x.endswith(".xlsx")])
    accepted = sum(1 for r in doc["returns"] if r["status"] == "accepted")
    print(f"returns: {n_files} files, {accepted} accepted; plan units {len(doc['plan']['units'])}, "
          f"targets {doc['plan']['targets']}; findings {len(doc['findings'])}")
    if accepted != n_files or len(doc["plan"]["units"]) != n_files:
        ok = False
    for f in doc["findings"][:10]:
        print("  finding:", f["code"], f.get("unit"), f.get("target"), f["message"])

    city = {c["target"]: c for c in doc["city"]}
    bad = 0
    for tid, want in expected.items():
        c = city.get(tid)
        got = c and c["completed"]
        if got is None or Decimal(got) != want:
            bad += 1
            if bad <= 10:
                print(f"  target {tid}: huizong completed {got!r}, expected {want}")
    extra = set(city) - set(expected)
    if extra:
        print(f"  huizong has targets not in expected.tsv: {sorted(extra)[:10]}")
    if bad or extra or len(city) != len(expected):
        ok = False
    print(f"city completed: {len(expected) - bad}/{len(expected)} targets equal expected.tsv "
          f"(sum {sum(expected.values())})")
    print("VERIFY OK" if ok else "VERIFY FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
