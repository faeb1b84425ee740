"""course.blocklist: nnlib without the graded functions of the assignment being graded."""

import subprocess
import sys

import pytest

from course.blocklist import nnlib_copy


def test_blocked_nnlib_keeps_the_rest_working(tmp_path):
    out, hits = nnlib_copy("03-activations", ["relu", "sigmoid"], tmp_path)
    assert "nnlib.activations.relu" in hits and "nnlib.activations.sigmoid" in hits
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import nnlib.activations as a, nnlib.data as d\n"
            "print(a.tanh(0.0), a.relu.__name__)\n"
            "try:\n    a.relu(1.0)\nexcept RuntimeError as e:\n    print('BLOCKED', e)\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "0.0 relu" in done.stdout
    assert "BLOCKED nnlib.activations.relu is not available while assignment 03-activations is graded" in done.stdout


@pytest.mark.parametrize("assignment, graded, blocked", [
    ("06-optimizers", ["sgd_update", "momentum_update"], ["nnlib.optim.Momentum.update", "nnlib.optim.Adam.update"]),
    ("07-initialization", ["xavier_normal"], ["nnlib.init.xavier_normal", "nnlib.init.he_uniform"]),
    ("08-dropout", ["dropout_forward"], ["nnlib.layers.Dropout.forward", "nnlib.layers.Dropout.backward"]),
    ("09-capstone", ["train_digits"], ["nnlib.train.fit", "nnlib.model.Sequential.forward"]),
])
def test_assignments_asking_for_an_algorithm_under_another_name_block_it(tmp_path, assignment, graded, blocked):
    _, hits = nnlib_copy(assignment, graded, tmp_path)
    assert set(blocked) <= set(hits), sorted(hits)[:20]
    assert not any(h.startswith("nnlib.data") or h.startswith("nnlib.plot") for h in hits)  # notebooks use these
