#!/usr/bin/env python3
"""Prove that imports in src/ run one way.

Reads every `crate::…`, `super::…` and (in the binary) `huizong::…` path in
src/, resolves each to the module file it names, and fails when

  1. two modules import each other, directly or round a loop (file level), or
  2. a stage imports a later stage (the order below, from lib.rs's doc).

Usage: python3 scripts/import_cycles.py [SRC]   (exit 1 and the cycle on failure)
"""
import re
import sys
from pathlib import Path

# The pipeline, earliest first. Shared modules sit where their own imports
# put them: error and finding need only grid; output needs error.
STAGES = [
    ["text"], ["vocab"], ["grid"], ["finding", "error"], ["output"], ["quantity"], ["read"],
    ["table"], ["model"], ["load"], ["reconcile"], ["merge"], ["render"],
    ["serve"], ["cmd", "main"],
]
RANK = {name: i for i, group in enumerate(STAGES) for name in group}
PATH = re.compile(r"\b(crate|huizong|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+|::\{)")


def module_of(src: Path, file: Path) -> tuple:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] == "mod":
        parts.pop()
    return tuple(parts) if parts != ["lib"] else ()


def resolve(modules: set, base: tuple, names: list) -> tuple:
    """The longest prefix of base+names that is a module file."""
    full = list(base) + names
    for n in range(len(full), 0, -1):
        if tuple(full[:n]) in modules:
            return tuple(full[:n])
    return ()


def strip_comments(text: str) -> str:
    return "\n".join(line.split("//")[0] for line in text.splitlines())


def edges(src: Path) -> dict:
    files = sorted(src.rglob("*.rs"))
    modules = {module_of(src, f) for f in files}
    graph = {}
    for f in files:
        me = module_of(src, f)
        out = graph.setdefault(me, set())
        text = strip_comments(f.read_text(encoding="utf-8"))
        for m in PATH.finditer(text):
            root, rest = m.group(1), m.group(2)
            names = [n for n in rest.split("::") if n and n != "{"]
            if root == "super":
                parent = me[:-1] if f.name != "mod.rs" else me[:-1]
                target = resolve(modules, parent, names) or parent
            else:
                target = resolve(modules, (), names)
            if target and target != me and not (me[: len(target)] == target):
                out.add(target)
    return graph


def find_cycle(graph: dict):
    state, stack = {}, []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        state[n] = 2
        stack.pop()
        return None

    for n in sorted(graph):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def main() -> int:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent / "src")
    graph = edges(src)
    name = lambda m: "::".join(m) or "lib"
    cycle = find_cycle(graph)
    if cycle:
        print("import cycle: " + " → ".join(name(m) for m in cycle))
        return 1
    backwards = []
    for a, targets in graph.items():
        for b in targets:
            ra, rb = RANK.get(a[0] if a else ""), RANK.get(b[0])
            if ra is not None and rb is not None and rb > ra:
                backwards.append(f"{name(a)} imports {name(b)}, a later stage")
    for line in sorted(backwards):
        print(line)
    if backwards:
        return 1
    count = sum(len(t) for t in graph.values())
    print(f"no import cycle: {len(graph)} modules, {count} imports, every one to an earlier stage or within its own")
    return 0


if __name__ == "__main__":
    sys.exit(main())
