"""The benchmarks still run (tiny sizes, one run each): a smoke test, never a timed one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_speed_runs_at_tiny_sizes() -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_speed.py"), "--smoke"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    cases = ("check ONE.ics", "check folder", "check --calendar", "agenda", "remind", "import")
    for case in (*cases, "vdir of", "slots"):
        assert case in proc.stdout
