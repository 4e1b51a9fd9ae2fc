"""A small mutation test: flip one comparison or boolean at a time and see whether a test fails.

Usage::

    python tests/mutation/run_mutants.py [--budget SECONDS] [--report FILE] [MODULE ...]

For each target module (by default ``versions.py``, ``zones.py`` and ``calendars/busy.py``) every
mutation point is found with the ``ast`` module: a comparison operator replaced by its neighbour
(``<`` <-> ``<=``, ``>`` <-> ``>=``, ``==`` <-> ``!=``, ``in`` <-> ``not in``, ``is`` <->
``is not``), ``and`` <-> ``or``, a ``not`` dropped, ``True`` <-> ``False``, ``+`` <-> ``-``,
``a if c else b`` -> ``b``, and one element of a returned tuple (a sort key's tie-break) -> 0. Each mutant is written
into a private copy of ``src/`` and the module's own tests run against it (``-x``, the Hypothesis
``ci`` profile, slow tests left out). A mutant is *killed* when a test fails (or the run hangs
past the per-mutant guard), *survives* when every test passes.

The step only reports: it exits 0 whatever survives. Mutants are tried in a seeded order, so a
budget too small for all of them still gives the same report on every machine; the report says how
many were not reached.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Module -> the tests that exercise it (kept small: each mutant runs them once).
TARGETS: dict[str, tuple[str, ...]] = {
    # Fast tests first: with -x the first failure ends the run.
    "versions.py": (
        "tests/test_versions.py",
        "tests/rules/test_time_changed.py",
        "tests/rules/test_cancelled.py",
    ),
    "zones.py": (
        "tests/test_zone_helpers.py",
        "tests/rules/test_unknown_timezone.py",
        "tests/rules/test_zone_names.py",
        "tests/rules/test_dst_gap.py",
        "tests/rules/test_dst_fold.py",
        "tests/test_zonedef.py",
        "tests/test_zones_property.py",
    ),
    "calendars/busy.py": (
        "tests/test_busy.py",
        "tests/test_calendar_files.py",
        "tests/test_agenda.py",
    ),
}

_COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


@dataclass(frozen=True)
class Mutant:
    module: str
    index: int  # the n-th mutation point of the module, in ast.walk order
    line: int
    description: str


def _points(tree: ast.AST) -> list[tuple[ast.AST, int, str]]:
    """(node, sub-index, description) for every mutation point, in a fixed order."""
    found: list[tuple[ast.AST, int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                swap = _COMPARE_SWAPS.get(type(op))
                if swap is not None:
                    found.append((node, k, f"{type(op).__name__} -> {swap.__name__}"))
        elif isinstance(node, ast.BoolOp):
            other = "Or" if isinstance(node.op, ast.And) else "And"
            found.append((node, 0, f"{type(node.op).__name__} -> {other}"))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            found.append((node, 0, "not x -> x"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            found.append((node, 0, f"{node.value} -> {not node.value}"))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            other = "Sub" if isinstance(node.op, ast.Add) else "Add"
            found.append((node, 0, f"{type(node.op).__name__} -> {other}"))
        elif isinstance(node, ast.IfExp):
            found.append((node, 0, "a if c else b -> b"))
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
            for k in range(len(node.value.elts)):
                found.append((node, k, f"returned tuple element {k} -> 0"))
    return found


class _Apply(ast.NodeTransformer):
    def __init__(self, target: ast.AST, sub: int) -> None:
        self.target = target
        self.sub = sub

    def visit(self, node: ast.AST) -> ast.AST:
        if node is not self.target:
            return super().visit(node)
        if isinstance(node, ast.Compare):
            ops = list(node.ops)
            ops[self.sub] = _COMPARE_SWAPS[type(ops[self.sub])]()
            node.ops = ops
            return node
        if isinstance(node, ast.BoolOp):
            node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            return node
        if isinstance(node, ast.UnaryOp):
            return node.operand
        if isinstance(node, ast.Constant):
            return ast.copy_location(ast.Constant(not node.value), node)
        if isinstance(node, ast.BinOp):
            node.op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
            return node
        if isinstance(node, ast.IfExp):
            return node.orelse
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
            elts = list(node.value.elts)
            elts[self.sub] = ast.copy_location(ast.Constant(0), elts[self.sub])
            node.value.elts = elts
            return node
        return node


def mutants(module: str) -> list[Mutant]:
    source = (ROOT / "src" / "noshow" / module).read_text(encoding="utf-8")
    tree = ast.parse(source)
    return [
        Mutant(module, i, getattr(node, "lineno", 0), text)
        for i, (node, _, text) in enumerate(_points(tree))
    ]


def mutated_source(mutant: Mutant) -> str:
    source = (ROOT / "src" / "noshow" / mutant.module).read_text(encoding="utf-8")
    tree = ast.parse(source)
    node, sub, _ = _points(tree)[mutant.index]
    return ast.unparse(ast.fix_missing_locations(_Apply(node, sub).visit(tree)))


def run_tests(src: Path, tests: tuple[str, ...], guard: float) -> str:
    """'killed', 'survived' or 'hung' (counted as killed)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "HYPOTHESIS_PROFILE": "ci",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
    command += ["-m", "not slow", *tests]
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, timeout=guard, check=False
        )
    except subprocess.TimeoutExpired:
        return "hung"
    return "survived" if done.returncode == 0 else "killed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=list(TARGETS))
    parser.add_argument(
        "--budget", type=float, default=float(os.environ.get("NOSHOW_MUTATION_BUDGET", "240"))
    )
    parser.add_argument("--report", type=Path, help="also write the report (Markdown) here")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)

    began = time.monotonic()  # a budget for the step, never an assertion
    lines = ["| module | mutants | killed | survived | not reached |", "|---|---|---|---|---|"]
    survivors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="noshow-mutants-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(
            ROOT / "src", src, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
        )
        modules = [m for m in args.modules if m in TARGETS]
        share = args.budget / max(len(modules), 1)
        for module in modules:
            tests = TARGETS[module]
            original = (src / "noshow" / module).read_text(encoding="utf-8")
            clean_start = time.monotonic()
            if run_tests(src, tests, guard=600) != "survived":
                lines.append(f"| {module} | - | tests fail without mutation | - | - |")
                continue
            # A mutant taking three times the clean run (and a minute more) hangs: killed.
            guard = 3 * (time.monotonic() - clean_start) + 60
            todo = mutants(module)
            random.Random(args.seed).shuffle(todo)
            counts = {"killed": 0, "survived": 0, "hung": 0}
            started = time.monotonic()
            reached = 0
            for mutant in todo:
                if time.monotonic() - started > share:
                    break
                (src / "noshow" / module).write_text(mutated_source(mutant), encoding="utf-8")
                outcome = run_tests(src, tests, guard=guard)
                (src / "noshow" / module).write_text(original, encoding="utf-8")
                counts[outcome] += 1
                reached += 1
                if outcome == "survived":
                    survivors.append(f"- `{module}:{mutant.line}` {mutant.description}")
                print(f"{module}:{mutant.line} {mutant.description}: {outcome}", flush=True)
            killed = counts["killed"] + counts["hung"]
            lines.append(
                f"| {module} | {len(todo)} | {killed} | {counts['survived']} | {len(todo) - reached} |"
            )
    spent = time.monotonic() - began
    report = "\n".join(
        [
            f"Mutation report (seed {args.seed}, budget {args.budget:g} s, took {spent:.0f} s):",
            "",
            *lines,
            "",
            "Survivors:" if survivors else "No survivor among the mutants reached.",
            *sorted(survivors),
        ]
    )
    print(report)
    if args.report:
        args.report.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
