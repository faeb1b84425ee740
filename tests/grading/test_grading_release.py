"""exercises/ must be exactly what nbgrader generates from solutions/ (``course release --check``),
releases are byte-identical when repeated, and no hidden test or solution reaches a release."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

pytestmark = pytest.mark.grading


def _course(*args, root=None):
    cmd = [sys.executable, "-m", "course", *args] + (["--root", str(root)] if root else [])
    return subprocess.run(cmd, cwd=harness.REPO, capture_output=True, text=True, timeout=900)


def test_exercises_match_solutions():
    done = _course("release", "--check")
    assert done.returncode == 0, done.stdout + done.stderr


def test_release_is_deterministic_and_clean(tmp_path):
    course = harness.Course.create(tmp_path, harness.FIXTURE / "solutions", "00-fixture")
    out = tmp_path / "exercises" / "00-fixture" / "00-fixture.ipynb"
    first = out.read_bytes()
    assert _course("release", root=tmp_path).returncode == 0
    assert out.read_bytes() == first
    text = first.decode()
    for leak in ("BEGIN HIDDEN", "BEGIN SOLUTION", "np.linspace(-3, 3, 7)", "np.where(z > 0"):
        assert leak not in text
    nb = nbformat.read(out, as_version=4)
    stubs = [c.source for c in harness.answer_cells(nb)]
    assert [s.splitlines()[0] for s in stubs] == ["def relu(z):", "def mse(y, y_hat):"]
    assert all(s.endswith("    # YOUR CODE HERE\n    raise NotImplementedError()") for s in stubs), stubs
    assert all(c.metadata["nbgrader"]["locked"] for c in harness.test_cells(nb))
    # drift is detected and named
    out.write_text(text.replace("Fixture", "Fixtures"))
    done = _course("release", "--check", root=tmp_path)
    assert done.returncode == 1 and "differs" in done.stdout and "00-fixture.ipynb" in done.stdout
    del course


def test_release_rejects_unknown_assignment(tmp_path):
    (tmp_path / "solutions").mkdir()
    done = _course("release", "99-nothing", root=tmp_path)
    assert done.returncode == 2 and "no assignment 99-nothing" in done.stderr
