"""course.blocklist: nnlib without the graded functions of the assignment being graded."""

import subprocess
import sys

import pytest

from course.blocklist import data_overlay, nnlib_copy, sklearn_digits_path


def test_blocked_nnlib_keeps_the_rest_working(tmp_path):
    out, hits = nnlib_copy("03-activations", ["relu", "sigmoid"], tmp_path)
    assert "nnlib.activations.relu" in hits and "nnlib.activations.sigmoid" in hits
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import nnlib.activations as a, nnlib.data as d\n"
            "print(a.tanh(0.0), a.relu.__name__)\n"
            "try:\n    a.relu(1.0)\nexcept RuntimeError as e:\n    print('BLOCKED', e)\n"
            "try:\n    a.sigmoid(1.0, 2.0, alpha=3)\nexcept RuntimeError as e:\n    print('ANY ARGUMENTS', e)\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "0.0 relu" in done.stdout
    assert "BLOCKED nnlib.activations.relu is not available while assignment 03-activations is graded" in done.stdout
    # a call that does not fit the original signature meets the rule too, not a TypeError
    assert "ANY ARGUMENTS nnlib.activations.sigmoid is not available" in done.stdout


@pytest.mark.parametrize("assignment, graded, blocked", [
    ("06-optimizers", ["sgd_update", "momentum_update"], ["nnlib.optim.Momentum.update", "nnlib.optim.Adam.update",
                                                          "nnlib.fast.adam_update", "nnlib.fast.FlatStep.step"]),
    ("07-initialization", ["xavier_normal"], ["nnlib.init.xavier_normal", "nnlib.init.he_uniform"]),
    ("08-dropout", ["dropout_forward"], ["nnlib.layers.Dropout.forward", "nnlib.layers.Dropout.backward"]),
    ("09-capstone", ["train_digits"], ["nnlib.train.fit", "nnlib.model.Sequential.forward", "nnlib.fast.flatten"]),
])
def test_assignments_asking_for_an_algorithm_under_another_name_block_it(tmp_path, assignment, graded, blocked):
    _, hits = nnlib_copy(assignment, graded, tmp_path)
    assert set(blocked) <= set(hits), sorted(hits)[:20]
    # notebooks use these (only 09's held-out digits are hidden, see the test below)
    assert not any(h.startswith(("nnlib.data", "nnlib.plot")) and "part=" not in h for h in hits)


def test_capstone_sandbox_loads_only_the_course_digits(tmp_path):
    """While 09-capstone is graded the held-out digits cannot be loaded: nnlib's loader gives the course part only."""
    out, hits = nnlib_copy("09-capstone", ["train_digits"], tmp_path)
    assert "nnlib.data.load_digits(part='held-out')" in hits
    assert "held_out_indices" not in (out / "data" / "digits.py").read_text()
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from nnlib.data import load_digits\n"
            "X, y = load_digits(part='course'); print(X.shape, X.dtype, y.dtype, X.sum(), y.sum())\n"
            "for part in ('all', 'held-out'):\n"
            "    try:\n        load_digits(part)\n    except RuntimeError as e:\n        print('BLOCKED', e)\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "(1497, 64) float64 int64 468317.0 6720" in done.stdout
    assert done.stdout.count("is not available while assignment 09-capstone is graded") == 2
    assert "the held-out digits are the grader's" in done.stdout


def test_other_assignments_keep_every_digit(tmp_path):
    out, hits = nnlib_copy("08-dropout", ["dropout_forward"], tmp_path)
    assert not any("load_digits" in h for h in hits)
    assert not (out / "data" / "digits_course.npz").exists()
    assert data_overlay("08-dropout", tmp_path) == []


def test_capstone_overlay_holds_scikit_learns_digits_without_the_held_out_part(tmp_path):
    import gzip

    import numpy as np

    from nnlib.data import load_digits

    pairs = data_overlay("09-capstone", tmp_path)
    assert [dst for _, dst in pairs] == [str(sklearn_digits_path())]
    with gzip.open(pairs[0][0], "rt") as fh:
        rows = np.loadtxt(fh, delimiter=",")
    X, y = load_digits(part="course")
    assert rows.shape == (1497, 65)
    np.testing.assert_array_equal(rows[:, :64], X)
    np.testing.assert_array_equal(rows[:, 64], y)
    X_held, _ = load_digits(part="held-out")
    found = (X_held[:, None, :] == rows[None, :, :64]).all(axis=2).any(axis=1)
    assert not found.any()  # no held-out image is in the file
