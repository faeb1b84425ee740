"""Smoke test of benchmarks/bench_training.py: the quick run finishes and prints its tables.

Nothing about speed is asserted (speed is measured in benchmarks/, never in tests)."""

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_training.py"


@pytest.mark.slow
def test_bench_training_quick_prints_both_tables():
    run = subprocess.run([sys.executable, str(SCRIPT), "--quick"], capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    for title in ("(a) synthetic 2000x784", "(b) digits 1347 train / 450 test"):
        assert title in out, f"missing table {title!r} in:\n{out}"
    assert "median s" in out and "test acc (median)" in out
    for contender in ("nnlib", "torch (Adam default)", "scikit-learn MLPClassifier"):
        assert out.count(contender) >= 4, f"{contender!r} should appear in both tables and both ratio lists"
    assert out.count("nnlib / scikit-learn MLPClassifier") == 2
    assert "load average at end" in out
