"""coursecheck.wire: only plain data crosses between the judge and the student's kernel."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from coursecheck import wire


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
