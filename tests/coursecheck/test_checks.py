"""coursecheck.expect: the checks every test cell uses (fast, no nbgrader)."""

import functools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursecheck import expect

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
    import nnlib.activations as act

    own = lambda z: np.maximum(z, 0)  # noqa: E731
    expect.not_delegating(own, "nnlib")
    delegating = [act.relu, functools.partial(act.relu), lambda z: act.relu(z), lambda z: nnlib.activations.relu(z)]
    for func in delegating:
        with pytest.raises(AssertionError, match="course library"):
            expect.not_delegating(func, "nnlib")

    def outer(z):
        def inner():
            return act.sigmoid(z)
        return inner()
    with pytest.raises(AssertionError, match="course library"):
        expect.not_delegating(outer, "nnlib.activations")
    expect.not_delegating(outer, "nnlib.losses")  # a different module is allowed
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
