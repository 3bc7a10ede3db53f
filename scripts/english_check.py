# Copied from ../shared/tools/english_check.py (the estimate issue 13 is verified by), so that CI
# runs it on a machine without ../shared; .ci/run prefers ../shared/tools when it is there.
"""Does a clerk read Chinese everywhere? Counts English sentences (three or more English words
in a row) in what the tool shows a person: every visible sheet of a workbook, or text files of
captured terminal output. File names, paths and snake_case codes are not counted.

usage: language.py FILE...   (.xlsx are read cell by cell, anything else as text)"""
import re
import sys

import openpyxl

WORDS = re.compile(r"(?<![\w/.\\-])([A-Za-z][a-z]+(?:[ ,'’]+[A-Za-z][a-z]+){2,})")


def sentences(text):
    text = re.sub(r"\S*[/\\]\S*|\S+\.(?:xlsx|xlsm|xls|ods|xlsb|toml|csv)\b|\b\w+_\w+\b", " ", text)
    return WORDS.findall(text)


def main(files):
    found = []
    for f in files:
        if f.endswith(".xlsx"):
            wb = openpyxl.load_workbook(f)
            for ws in wb.worksheets:
                if ws.sheet_state != "visible":
                    continue
                for row in ws.iter_rows():
                    for c in row:
                        if isinstance(c.value, str):
                            found += [f"{ws.title}!{c.coordinate}: {s}" for s in sentences(c.value)]
        else:
            for n, line in enumerate(open(f, encoding="utf-8", errors="replace"), 1):
                found += [f"{f.split('/')[-1]}:{n}: {s}" for s in sentences(line)]
    for s in found[:6]:
        print(s[:160])
    print(f"{len(found)} English sentences where a clerk reads")
    return not found


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1:]) else 1)
