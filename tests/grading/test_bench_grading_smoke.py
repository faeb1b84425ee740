"""Smoke test of benchmarks/bench_grading.py on a tiny class: it grades, checks and prints its figures.

Nothing about speed is asserted (speed is measured in benchmarks/, never in tests); what is
asserted is what the benchmark itself guarantees: no lost or duplicated grade, the expected
marks, identical scores across the runs (plain nbgrader and the judge)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.grading, pytest.mark.slow]

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_grading.py"


def test_bench_grading_grades_a_tiny_class_four_ways():
    run = subprocess.run([sys.executable, str(SCRIPT), "--students", "3", "--assignments", "01-network-structure"],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    out = run.stdout
    assert "3 notebooks: 3 students x 1 assignments" in out
    for label in ("plain nbgrader", "judge, 1 worker, sandbox", "workers, sandbox", "judge, 1 worker, no sandbox"):
        assert re.search(rf"{label}\s+[\d.]+ s\s+[\d.]+ s/notebook", out), out
    assert re.search(r"speed-up with \d+ workers: [\d.]+x", out) and "vs plain nbgrader" in out
    assert "every grade present once, as expected, identical across the judge's runs" in out
    assert "plain nbgrader and the judge agree on" in out
