"""nnlib.grading.expect: the checks every test cell uses (fast, no nbgrader)."""

import functools
import math
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib.grading import expect

floats = st.floats(-1e6, 1e6, allow_nan=False)


def test_array_returns_float_copy_of_shape():
    src = np.array([[1, 2], [3, 4]], dtype=np.int64)
    out = expect.array(src, "W", shape=(None, 2))
    assert out.dtype == np.float64 and type(out) is np.ndarray
    out[0, 0] = 99.0
    assert src[0, 0] == 1  # a copy: the input is not touched
    assert out.tolist() == [[99.0, 2.0], [3.0, 4.0]]


@pytest.mark.parametrize("value, shape, says", [
    (None, None, "return"),
    ("1.0", None, "text"),
    (np.array([1 + 2j]), None, "complex"),
    ([[1.0, 2.0], [3.0]], None, "converted"),
    (np.ones((3, 1)), (3,), "shape (3,)"),
    (np.ones((3, 2)), (None, 3), "shape (any, 3)"),
    (np.array([1.0, np.nan]), None, "nan"),
    (np.array([np.inf]), None, "inf"),
])
def test_array_rejects_bad_values_with_a_message(value, shape, says):
    with pytest.raises(AssertionError, match=None) as info:
        expect.array(value, "out", shape=shape)
    assert says in str(info.value)


def test_array_rejects_bad_arguments():
    with pytest.raises(TypeError, match="shape must be a tuple"):
        expect.array([1.0], "x", shape=[1])
    with pytest.raises(TypeError, match="name must be a str"):
        expect.array([1.0], 3)


class Truthy:
    def __bool__(self):
        return True


class LiesEqual:
    """An object that claims to equal everything."""

    def __eq__(self, other):
        return Truthy()

    __hash__ = object.__hash__


class LyingArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), bool)

    def __sub__(self, other):
        return np.zeros(np.shape(self))


def test_lying_objects_do_not_pass():
    with pytest.raises(AssertionError, match="could not be converted"):
        expect.close(LiesEqual(), 1.0, "wrong")
    with pytest.raises(AssertionError, match="the values differ"):
        expect.close(np.array([5.0]).view(LyingArray), [1.0], "the values differ")
    with pytest.raises(AssertionError, match="not True/False"):
        expect.true(LiesEqual() == 1, "wrong")


def test_lying_objects_are_reported_to_the_grader_and_honest_values_are_not():
    from nnlib import grading

    grading._SUSPECTS.clear()
    for honest in ([1.0], (2.0,), 3, 4.5, np.float32(1.0), np.int64(2), np.ones(2), np.ones((2, 2), np.float32)):
        expect.array(honest, "honest")
    assert grading._SUSPECTS == []
    for liar, cls in ((LiesEqual(), "LiesEqual"), (np.array([5.0]).view(LyingArray), "LyingArray")):
        with pytest.raises(AssertionError):
            expect.close(liar, [1.0], "wrong")
        said = grading._guard("check")
        assert said.startswith("suspicious: ") and f"a {cls} object" in said and "__eq__" in said, said
        assert grading._guard("check") == "ok"  # reported once, then cleared


def test_namespace_scan_reports_only_objects_that_claim_to_equal_anything():
    import dataclasses

    from nnlib import grading

    @dataclasses.dataclass
    class Layer:  # a student's honest class: dataclasses define __eq__, but it does not lie
        W: list

    grading._SUSPECTS.clear()
    grading._scan_namespace({"result": LiesEqual(), "x": np.ones(3), "layer": Layer([1.0]), "f": len,
                             "n": 3, "names": ["a"], "table": {"a": 1}, "_hidden": LiesEqual(),
                             "broken": np.array([1.0]).view(LyingArray)})
    said = list(grading._SUSPECTS)
    grading._SUSPECTS.clear()
    assert len(said) == 2, said
    assert "'result' holds a LiesEqual object" in said[0] and "'broken' holds a LyingArray object" in said[1]


def test_monkeypatched_numpy_does_not_fool_close(monkeypatch):
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "isclose", lambda a, b, **k: np.ones(np.shape(a), bool))
    monkeypatch.setattr(np, "asarray", lambda *a, **k: np.zeros(2))
    with pytest.raises(AssertionError, match="no"):
        expect.close([1.0, 2.0], [1.0, 3.0], "no")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(floats, floats), min_size=1, max_size=6), st.sampled_from([0.0, 1e-8, 1e-3]),
       st.sampled_from([0.0, 1e-6, 1e-2]))
def test_close_agrees_with_the_isclose_rule(pairs, atol, rtol):
    a = [p[0] for p in pairs]
    e = [p[1] for p in pairs]
    # independent rule, in plain Python floats
    want = all(abs(x - y) <= atol + rtol * abs(y) for x, y in pairs)
    if want:
        expect.close(a, e, "m", rtol=rtol, atol=atol)
    else:
        with pytest.raises(AssertionError, match="m"):
            expect.close(a, e, "m", rtol=rtol, atol=atol)


def test_close_infinities_nan_and_shapes():
    expect.close([np.inf, -np.inf], [np.inf, -np.inf], "inf equal")
    for actual, expected in (([np.inf], [-np.inf]), ([np.nan], [np.nan]), ([1.0, 2.0], [[1.0, 2.0]])):
        with pytest.raises(AssertionError, match="bad"):
            expect.close(actual, expected, "bad")
    expect.close(np.float64(0.5), 0.5, "scalars")


@pytest.mark.parametrize("kwargs", [{"rtol": -1}, {"atol": float("nan")}, {"rtol": "1"}, {"atol": math.inf}])
def test_close_rejects_bad_tolerances(kwargs):
    with pytest.raises(ValueError, match="must be a finite number"):
        expect.close(1.0, 1.0, "m", **kwargs)


def test_close_message_must_be_text():
    with pytest.raises(TypeError, match="message must be a str"):
        expect.close(1.0, 1.0, None)


def test_scalar():
    assert expect.scalar(np.array([[2.5]]), "loss") == 2.5
    assert expect.scalar(3, "loss") == 3.0
    for bad, says in ((np.ones(2), "single number"), (True, "True/False"), (np.nan, "nan"), (None, "return")):
        with pytest.raises(AssertionError) as info:
            expect.scalar(bad, "loss")
        assert says in str(info.value)


def test_true():
    expect.true(np.float64(1.0) > 0, "ok")
    expect.true(True, "ok")
    with pytest.raises(AssertionError, match="^rows should sum to 1$"):
        expect.true(False, "rows should sum to 1")
    with pytest.raises(AssertionError, match="not True/False"):
        expect.true(np.array([True]), "arrays are not conditions")
    with pytest.raises(TypeError, match="message"):
        expect.true(True, 3)


def test_not_delegating():
    import nnlib
    import nnlib.grading as g

    own = lambda z: np.maximum(z, 0)  # noqa: E731
    expect.not_delegating(own, "nnlib")
    delegating = [g.expect.rng, functools.partial(g._convert, name="x"), lambda z: g._convert(z, "x"),
                  lambda z: nnlib.grading._convert(z, "x")]
    for func in delegating:
        with pytest.raises(AssertionError, match="course library"):
            expect.not_delegating(func, "nnlib")

    def outer(z):
        def inner():
            return g._shape_text(z)
        return inner()
    with pytest.raises(AssertionError, match="course library"):
        expect.not_delegating(outer, "nnlib.grading")
    expect.not_delegating(outer, "nnlib.activations")  # a different module is allowed
    with pytest.raises(AssertionError, match="not a function"):
        expect.not_delegating(3)
    with pytest.raises(TypeError, match="prefixes"):
        expect.not_delegating(own, "")


def test_rng_and_binomial():
    a, b = expect.rng(1).random(3), expect.rng(1).random(3)
    assert a.tolist() == b.tolist() and isinstance(expect.rng(2), np.random.Generator)
    with pytest.raises(TypeError, match="seed must be an int"):
        expect.rng(1.5)
    # n=10000, p=0.5: sd = 50, so 5 sd = 250
    assert expect.binomial_ok(5249, 10000, 0.5) is True
    assert expect.binomial_ok(5251, 10000, 0.5) is False
    assert expect.binomial_ok(0, 10, 0.0) is True and expect.binomial_ok(1, 10, 0.0) is False
    for args, says in (((1, 0, 0.5), "n must be"), ((1, 10, 1.5), "p must be"), ((1, 10, 0.5, -1), "z must be")):
        with pytest.raises(ValueError, match=says):
            expect.binomial_ok(*args)


def test_expect_is_read_only():
    with pytest.raises(AttributeError, match="read-only"):
        expect.close = lambda *a: None


def test_guard_restores_and_reports_in_a_kernel_like_shell():
    """Run IPython in a subprocess: patch numpy, builtins, transformers; the guard undoes it."""
    code = textwrap.dedent('''
        from IPython.testing.globalipapp import start_ipython
        ip = start_ipython()
        ip.run_cell("import numpy as np\\nfrom nnlib.grading import expect, _guard")
        print(ip.user_expressions({"g": "_guard('snapshot')"})["g"]["data"]["text/plain"])
        ip.run_cell("np.allclose = lambda *a, **k: True\\nnp = None\\n"
                    "get_ipython().input_transformers_post.append(lambda lines: [])\\n"
                    "get_ipython().ast_transformers.append(object())\\nimport builtins; builtins.len = str")
        print(ip.user_expressions({"g": "__import__('sys').modules['nnlib.grading']._guard()"})["g"]["data"]["text/plain"])
        r = ip.run_cell("assert np.allclose([1], [2]) is False and len([1]) == 1")
        print("after", r.success)
    ''')
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "'ok'", out.stderr
    for what in ("numpy.allclose", "builtins.len", "input_transformers_post", "ast_transformers", "notebook name.np"):
        assert what in lines[1]
    assert lines[2] == "after True"
