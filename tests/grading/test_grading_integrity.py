"""The judge's parts on their own (no kernel, no nbgrader run): the wire format, the trusted side's file
reading, nnlib's blocked copy, the sanitizer and the feedback filter."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from course import judge  # noqa: E402
from course.blocklist import nnlib_copy  # noqa: E402
from course.integrity import HideHiddenTests, SanitizeStudentContent  # noqa: E402
from course.safeio import Unsafe, copy_tree_safely, read_regular  # noqa: E402
from coursecheck import wire  # noqa: E402

plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=4),
    max_leaves=20)


def _same(a, b):
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape and \
            np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


@settings(max_examples=150, deadline=None)
@given(plain)
def test_plain_data_round_trips_with_its_types(value):
    assert _same(wire.loads(wire.dumps(value)), value)


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(st.sampled_from([np.float64, np.float32, np.int64, np.int32, np.uint8, np.bool_, np.complex128]),
                  hnp.array_shapes(min_dims=0, max_dims=3, max_side=4)))
def test_arrays_round_trip_with_dtype_and_shape(arr):
    back = wire.loads(wire.dumps(arr))
    assert _same(back, arr) and back.flags.writeable


def test_special_values_scalars_and_generators():
    value = {"x": [math.inf, -math.inf, math.nan], "s": np.float32(1.5), "i": np.int64(3)}
    back = wire.loads(wire.dumps(value))
    assert math.isinf(back["x"][0]) and math.isnan(back["x"][2])
    assert type(back["s"]) is np.float32 and type(back["i"]) is np.int64
    rng = np.random.default_rng(7)
    copy = wire.loads(wire.dumps(rng))
    assert copy.random() == rng.random() and copy is not rng


@pytest.mark.parametrize("text, says", [
    ('{"$nd": "|O", "shape": [1], "data": ""}', "unknown type"),
    ('{"$nd": "<f8", "shape": [3], "data": "AAAA"}', "do not match"),
    ('{"$nd": "<f8", "shape": [-1], "data": ""}', "unknown type"),
    ('{"$code": "import os"}', "unknown tagged"),
    ('{"$rng": "Evil", "state": 1}', "unknown random"),
    ('{"$dict": [[{"$tuple": []}, 1]]}', "dict key"),
    ('{"$float": "1e400"}', "malformed float"),
    ('{"$ref": 1}', "unknown tagged"),
    ("[" * 5000 + "]" * 5000, "not valid JSON|nested too deeply"),
    ('{"a": 1', "not valid JSON"),
])
def test_anything_but_plain_data_is_refused(text, says):
    with pytest.raises(wire.WireError, match=says):
        wire.loads(text)


def test_objects_cross_only_as_references():
    class Model:
        pass
    with pytest.raises(wire.WireError, match="cannot be sent"):
        wire.dumps(Model())
    assert json.loads(wire.dumps([Model()], lambda obj: {"$ref": 1})) == [{"$ref": 1}]
    with pytest.raises(wire.WireError, match="limit"):
        wire.dumps(np.zeros(wire.MAX_ELEMENTS + 1, np.uint8))


def test_names_a_test_reads_and_defines():
    source = "out = relu(z)\ndef _slope(f, z):\n    return (f(z + 1) - f(z)) + helper\nimport numpy as np\n"
    assert judge.defined_names(source) == {"out", "_slope", "np"}
    assert {"relu", "z", "f", "helper"} <= judge.used_names(source)


def test_outputs_are_capped_in_bytes():
    cell = new_code_cell("x")
    cell.outputs = [new_output("stream", name="stdout", text="x" * (3 * judge.OUTPUT_BYTES)),
                    new_output("display_data", data={"text/plain": "y" * judge.OUTPUT_BYTES})]
    judge._cap_outputs(cell)
    assert len(json.dumps(cell.outputs)) < 2 * judge.OUTPUT_BYTES
    assert "output cut" in cell.outputs[-1].text


def test_sync_changes_the_tests_arrays_in_place():
    w, params, rng = np.ones(3), {"W": np.zeros(2), "n": 1}, np.random.default_rng(0)
    after_rng = np.random.default_rng(0)
    after_rng.random(5)
    judge._sync(w, np.arange(3.0))
    judge._sync(params, {"W": np.ones(2), "n": 2, "new": 3})
    judge._sync(rng, after_rng)
    assert w.tolist() == [0.0, 1.0, 2.0] and params["W"].tolist() == [1.0, 1.0] and params["new"] == 3
    assert rng.random() == after_rng.random()


def test_files_are_read_only_when_plain(tmp_path):
    (tmp_path / "ok.ipynb").write_text("{}")
    os.symlink(tmp_path / "ok.ipynb", tmp_path / "link.ipynb")
    os.mkfifo(tmp_path / "fifo.ipynb")
    os.link(tmp_path / "ok.ipynb", tmp_path / "hard.ipynb")
    (tmp_path / "big").write_bytes(b"x" * 2000)
    with pytest.raises(Unsafe, match="plain file"):
        read_regular(tmp_path / "link.ipynb")
    with pytest.raises(Unsafe, match="not a regular file"):
        read_regular(tmp_path / "fifo.ipynb")  # and no hang
    with pytest.raises(Unsafe, match="hard link"):
        read_regular(tmp_path / "hard.ipynb")
    with pytest.raises(Unsafe, match="larger"):
        read_regular(tmp_path / "big", limit=1000)
    os.unlink(tmp_path / "hard.ipynb")
    assert read_regular(tmp_path / "ok.ipynb") == b"{}"
    left = dict(copy_tree_safely(tmp_path, tmp_path.parent / "copy"))
    assert sorted(left) == ["fifo.ipynb", "link.ipynb"]
    assert sorted(p.name for p in (tmp_path.parent / "copy").iterdir()) == ["big", "ok.ipynb"]


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


def test_sanitizer_leaves_course_text_and_test_outputs_alone():
    course_md = new_markdown_cell("<b>course</b>", metadata={"nbgrader": {"locked": True, "grade_id": "intro"}})
    answer = new_markdown_cell('<img src=x onerror="alert(1)">', metadata={"nbgrader": {"solution": True,
                                                                                        "grade": True}})
    out = new_code_cell("x")
    out.outputs = [new_output("display_data", data={"text/html": "<script>alert(1)</script>", "text/plain": "x",
                                                     "application/javascript": "alert(2)"})]
    sanitize = SanitizeStudentContent()
    for cell in (course_md, answer, out):
        sanitize.preprocess_cell(cell, {}, 0)
    assert course_md.source == "<b>course</b>"
    assert "onerror" not in answer.source.replace("&", "").split("<img")[-1] or "<img" not in answer.source
    assert "application/javascript" not in out.outputs[0].data and "<script>" not in out.outputs[0].data["text/html"]


def test_feedback_shows_only_the_message_of_a_hidden_test():
    cell = new_code_cell("visible()\n### BEGIN HIDDEN TESTS\nsecret_check(42)\n### END HIDDEN TESTS\n")
    cell.outputs = [new_output("error", ename="AssertionError", evalue="wrong for large z",
                               traceback=["line 3 secret_check(42)", "AssertionError: wrong for large z"])]
    HideHiddenTests().preprocess_cell(cell, {}, 0)
    assert "secret_check" not in cell.source and "secret_check" not in json.dumps(cell.outputs)
    assert cell.outputs[0].evalue == "wrong for large z"


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
