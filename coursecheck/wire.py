"""Plain data between the judge and the student's kernel: JSON with a few tagged forms.

Only these cross: None, bools, ints, floats (nan and ±inf included), strings, lists, tuples, dicts of
these (keys: str, int, float or bool), numeric numpy arrays and scalars (bool, int, uint, float,
complex; at most :data:`MAX_ELEMENTS` elements) and ``np.random.Generator`` as its bit generator's
state. Anything else crosses as a *reference*: an object that stays on its own side (``{"$ref": n}``:
the student's objects in the kernel; ``{"$cb": n}``: the test's functions in the judge). Never a pickle.

:func:`decode` rebuilds only these forms and rejects anything else with :class:`WireError`; the judge
decodes everything the kernel sends with it, so what comes back is data, never code.
"""

import base64
import json
import math

import numpy as np

MAX_ELEMENTS = 2**24          # elements of one array
MAX_DEPTH = 32                # nesting of lists, tuples and dicts
MAX_TEXT = 64 * 2**20         # characters of one message
MAX_CONTAINERS = 100_000      # lists and dicts in one message (arrays travel as one string each)
DTYPES = {"|b1", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2", "<u4", "<u8", "<f2", "<f4", "<f8", "<c8", "<c16"}
BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")


class WireError(ValueError):
    """Data that is not one of the plain forms (or too large, or too deep)."""


def _float(x):
    return x if math.isfinite(x) else {"$float": repr(x)}


def encode(obj, ref=None, depth=0):
    """JSON-able form of ``obj``; ``ref(obj)`` gives the reference id of anything not plain."""
    if depth > MAX_DEPTH:
        raise WireError("data nested too deeply")
    kind = type(obj)
    if obj is None or kind in (bool, int, str):
        return obj
    if kind is float:
        return _float(obj)
    if kind in (list, tuple):
        items = [encode(x, ref, depth + 1) for x in obj]
        return items if kind is list else {"$tuple": items}
    if kind is dict:
        return {"$dict": [[encode(k, ref, depth + 1), encode(v, ref, depth + 1)] for k, v in obj.items()]}
    if isinstance(obj, np.ndarray) and obj.dtype.kind in "biufc":
        if obj.size > MAX_ELEMENTS:
            raise WireError(f"an array of {obj.size} elements is larger than the limit of {MAX_ELEMENTS}")
        arr = np.asarray(obj, dtype=obj.dtype.newbyteorder("<"), order="C")  # keeps 0-d arrays 0-d
        return {"$nd": arr.dtype.str, "shape": list(arr.shape), "data": base64.b64encode(arr.tobytes()).decode()}
    if isinstance(obj, np.generic) and obj.dtype.kind in "biufc":
        return {"$np": encode(np.asarray(obj).reshape(1), ref, depth + 1)}
    if isinstance(obj, np.random.Generator):
        name = type(obj.bit_generator).__name__
        if name in BIT_GENERATORS:
            return {"$rng": name, "state": encode(obj.bit_generator.state, ref, depth + 1)}
    if ref is None:
        raise WireError(f"a {kind.__name__} object cannot be sent as plain data")
    return ref(obj)


def dumps(obj, ref=None):
    return json.dumps(encode(obj, ref), allow_nan=False, separators=(",", ":"))


def _array(data):
    dtype = data.get("$nd")
    shape = data.get("shape")
    if dtype not in DTYPES or not isinstance(shape, list) or not all(type(s) is int and s >= 0 for s in shape):
        raise WireError("an array with an unknown type or shape")
    size = math.prod(shape)
    raw = base64.b64decode(data.get("data", ""), validate=True)
    if size > MAX_ELEMENTS or len(raw) != size * np.dtype(dtype).itemsize:
        raise WireError("an array whose data do not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(tuple(shape)).astype(np.dtype(dtype).newbyteorder("="), copy=True)


def _rng(data, deref, depth):
    name = data.get("$rng")
    if name not in BIT_GENERATORS:
        raise WireError("an unknown random generator")
    state = decode(data.get("state"), deref, depth + 1)
    bit_generator = getattr(np.random, name)()
    try:
        bit_generator.state = state
    except (TypeError, ValueError, KeyError) as err:
        raise WireError(f"an invalid random generator state ({err})") from None
    return np.random.Generator(bit_generator)


def decode(data, deref=None, depth=0):
    """Rebuild what :func:`encode` made; ``deref(tagged dict)`` resolves ``$ref``/``$cb`` forms."""
    if depth > MAX_DEPTH:
        raise WireError("data nested too deeply")
    kind = type(data)
    if data is None or kind in (bool, int, float, str):
        return data
    if kind is list:
        return [decode(x, deref, depth + 1) for x in data]
    if kind is not dict or len(data) == 0:
        raise WireError(f"unexpected {kind.__name__} in the data")
    if "$tuple" in data:
        items = data["$tuple"]
        if type(items) is not list:
            raise WireError("a malformed tuple")
        return tuple(decode(x, deref, depth + 1) for x in items)
    if "$dict" in data:
        pairs = data["$dict"]
        if type(pairs) is not list or not all(type(p) is list and len(p) == 2 for p in pairs):
            raise WireError("a malformed dict")
        out = {}
        for k, v in pairs:
            key = decode(k, deref, depth + 1)
            if type(key) not in (str, int, float, bool):
                raise WireError("a dict key that is not a str or a number")
            out[key] = decode(v, deref, depth + 1)
        return out
    if "$float" in data:
        if data["$float"] not in ("nan", "inf", "-inf"):
            raise WireError("a malformed float")
        return float(data["$float"])
    if "$nd" in data:
        return _array(data)
    if "$np" in data:
        arr = decode(data["$np"], deref, depth + 1)
        if type(arr) is not np.ndarray or arr.shape != (1,):
            raise WireError("a malformed numpy scalar")
        return arr[0]
    if "$rng" in data:
        return _rng(data, deref, depth)
    if ("$ref" in data or "$cb" in data) and deref is not None:
        return deref(data)
    raise WireError("unknown tagged data")


def loads(text, deref=None):
    """Decode ``text`` (at most :data:`MAX_TEXT` characters of JSON) with :func:`decode`.

    Parsing JSON costs up to ~60 times its size for a text of nested empty lists, so the number of
    lists and dicts is capped before parsing.
    """
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise WireError("a message that is not text or is too long")
    if text.count("[") + text.count("{") > MAX_CONTAINERS:
        raise WireError(f"a message with more than {MAX_CONTAINERS} lists and dicts")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise WireError(f"a message that is not valid JSON ({type(err).__name__})") from None
    return decode(data, deref)
