"""course.judge on its own: the names a test uses, output caps, arguments synced back by the bridge."""

import json

import numpy as np
from nbformat.v4 import new_code_cell, new_output

from course import bridge, judge


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
    bridge._sync(w, np.arange(3.0))
    bridge._sync(params, {"W": np.ones(2), "n": 2, "new": 3})
    bridge._sync(rng, after_rng)
    assert w.tolist() == [0.0, 1.0, 2.0] and params["W"].tolist() == [1.0, 1.0] and params["new"] == 3
    assert rng.random() == after_rng.random()
