"""``expect``: the checks test cells use (``from coursecheck import expect``).

Each check converts what the student's code gave back to a float array (``np.asarray(x, dtype=float)``
into a plain ``ndarray`` copy), checks type and shape before values, and raises ``AssertionError`` with
the test's message. At grading time the test runs in the judge (``course.judge``), where values from the
student's kernel are already plain data; in the student's own Jupyter it runs in the kernel, where a
check is a convenience and nothing is at stake.

Examples
--------
>>> import numpy as np
>>> from coursecheck import expect
>>> P = expect.array([[0.2, 0.8]], "P", shape=(None, 2))
>>> expect.close(P.sum(axis=1), np.ones(1), "rows of P should sum to 1")
>>> expect.binomial_ok(480, 1000, 0.5)
True
"""

import builtins as _builtins
import math as _math
import types as _types

import numpy as _np

from coursecheck.remote import Remote as _Remote

_asarray, _array, _ndarray, _float64 = _np.asarray, _np.array, _np.ndarray, _np.float64
_isfinite, _isnan, _isinf, _absolute = _np.isfinite, _np.isnan, _np.isinf, _np.absolute
_subtract, _multiply, _add, _less_equal = _np.subtract, _np.multiply, _np.add, _np.less_equal
_logical_and, _logical_or, _equal, _signbit = _np.logical_and, _np.logical_or, _np.equal, _np.signbit
_all_reduce, _bool_, _integer, _default_rng = _np.logical_and.reduce, _np.bool_, _np.integer, _np.random.default_rng
_AssertionError, _TypeError, _ValueError = AssertionError, TypeError, ValueError
_isinstance, _type, _float, _tuple, _len, _str, _int, _bool = isinstance, type, float, tuple, len, str, int, bool
_callable, _getattr, _sqrt, _FunctionType = callable, getattr, _math.sqrt, _types.FunctionType


def _fail(message):
    raise _AssertionError(message)


def _convert(value, name):
    """float64 base-ndarray copy of ``value`` or an AssertionError naming ``name``."""
    if value is None:
        _fail(f"{name} is None: did your function forget to `return` its result?")
    if _isinstance(value, (_str, bytes)):
        _fail(f"{name} should be numbers, not text ({value!r:.40})")
    try:
        raw = _asarray(value)
        if raw.dtype.kind == "c":
            _fail(f"{name} has complex numbers; it should be real")
        if raw.dtype.kind in "USV":
            _fail(f"{name} should hold numbers, not text")
        out = _array(raw, dtype=_float64, copy=True, subok=False)
    except _AssertionError:
        raise
    except Exception:
        _fail(f"{name} could not be converted to an array of numbers "
              f"(got a {_type(value).__name__}); return a numpy array or a number")
    if _type(out) is not _ndarray:  # pragma: no cover - subok=False guarantees it
        _fail(f"{name} is not a plain numpy array")
    return out


def _shape_text(shape):
    return "(" + ", ".join("any" if s is None else _str(s) for s in shape) + ("," if _len(shape) == 1 else "") + ")"


class _Expect:
    """The checks test cells use; see the module docstring and AUTHORING.md."""

    __slots__ = ()

    def __setattr__(self, key, value):
        raise _AttributeError_("expect is read-only")

    @staticmethod
    def array(value, name, shape=None):
        """Convert ``value`` to a float64 array copy, checking type, shape and finiteness.

        Parameters
        ----------
        value : array_like
            What the student's function returned.
        name : str
            How the message names it, e.g. ``"softmax(z)"``.
        shape : tuple of (int or None), optional
            Expected shape; ``None`` in a slot accepts any size. Default ``None``: any shape.

        Returns
        -------
        numpy.ndarray
            A float64 copy (plain ``ndarray``), shape ``value``'s.
        """
        if not _isinstance(name, _str):
            raise _TypeError("expect.array: name must be a str")
        if shape is not None and not _isinstance(shape, _tuple):
            raise _TypeError("expect.array: shape must be a tuple such as (None, 3)")
        out = _convert(value, name)
        if shape is not None:
            ok = _len(out.shape) == _len(shape) and all(
                s is None or s == got for s, got in zip(shape, out.shape))
            if not ok:
                _fail(f"{name} should have shape {_shape_text(shape)} but has shape {out.shape}")
        if not _all_reduce(_isfinite(out), axis=None):
            _fail(f"{name} contains nan or inf: look for a division by zero or an overflow (e.g. exp of a large number)")
        return out

    @staticmethod
    def scalar(value, name):
        """A real finite number (Python number, numpy scalar or size-1 array) as a Python float."""
        if not _isinstance(name, _str):
            raise _TypeError("expect.scalar: name must be a str")
        if _isinstance(value, (_bool, _bool_)):
            _fail(f"{name} should be a number, not True/False")
        out = _convert(value, name)
        if out.size != 1:
            _fail(f"{name} should be a single number but has shape {out.shape}: did you forget to sum or average?")
        x = _float(out.reshape(-1)[0])
        if not _math.isfinite(x):
            _fail(f"{name} is nan or inf: look for log(0), a division by zero or an overflow")
        return x

    @staticmethod
    def close(actual, expected, message, rtol=1e-6, atol=1e-8):
        r"""Raise ``AssertionError(message)`` unless ``actual`` and ``expected`` agree elementwise.

        Both are converted to float64 arrays; shapes must be equal (no broadcasting). An element is
        close when $|a - e| \le \text{atol} + \text{rtol}\,|e|$ (numpy's ``isclose`` rule); equal
        infinities are close, nan never is. Defaults ``rtol=1e-6``, ``atol=1e-8``.
        """
        if not _isinstance(message, _str):
            raise _TypeError("expect.close: message must be a str")
        for tol, label in ((rtol, "rtol"), (atol, "atol")):
            if _isinstance(tol, _bool) or not _isinstance(tol, (_int, _float)) or not tol >= 0 or tol == _float("inf"):
                raise _ValueError(f"expect.close: {label} must be a finite number >= 0, got {tol!r}")
        a = _convert(actual, "the value")  # message of a failed conversion is replaced below
        e = _convert(expected, "the expected value")
        if a.shape != e.shape:
            _fail(message + f" (shape {a.shape} instead of {e.shape})")
        if a.size == 0:
            return
        with _np.errstate(invalid="ignore", over="ignore"):
            near = _less_equal(_absolute(_subtract(a, e)), _add(atol, _multiply(rtol, _absolute(e))))
            same_inf = _logical_and(_logical_and(_isinf(a), _isinf(e)), _equal(_signbit(a), _signbit(e)))
            either_inf = _logical_or(_isinf(a), _isinf(e))
            ok = _logical_or(_logical_and(near, ~either_inf), same_inf)
        if not _all_reduce(ok, axis=None):
            _fail(message)
        return

    @staticmethod
    def true(condition, message):
        """Raise ``AssertionError(message)`` unless ``condition`` is a real ``True`` (``bool``/``np.bool_``)."""
        if not _isinstance(message, _str):
            raise _TypeError("expect.true: message must be a str")
        if _type(condition) is not _bool and _type(condition) is not _bool_:
            _fail(message + f" (the check gave a {_type(condition).__name__}, not True/False)")
        if not condition:
            _fail(message)

    @staticmethod
    def not_delegating(func, *module_prefixes):
        """Fail if ``func`` is, or its code (nested functions, closures, helpers) uses, a function
        or module whose ``__module__`` starts with one of ``module_prefixes`` (default ``"nnlib"``).

        A convenience in the student's own Jupyter. At grading time ``func`` is a :class:`Remote`
        and this does nothing: the sandbox replaces the assignment's functions in nnlib
        (``course.blocklist``), so delegating fails there with a message naming the rule."""
        prefixes = module_prefixes or ("nnlib",)
        if not all(_isinstance(p, _str) and p for p in prefixes):
            raise _TypeError("expect.not_delegating: module prefixes must be non-empty strings")
        if _isinstance(func, _Remote):
            return  # graded in the judge: the sandbox holds no nnlib implementation to delegate to
        if not _callable(func):
            _fail(f"{func!r:.40} is not a function")
        found = _delegates(func, prefixes, set(), 0)
        if found:
            _fail(f"your function uses the course library's own implementation ({found}); "
                  "write it yourself with numpy")
        return

    @staticmethod
    def rng(seed):
        """A fresh ``np.random.Generator`` from ``np.random.default_rng(seed)`` (captured at import)."""
        if _isinstance(seed, _bool) or not _isinstance(seed, (_int, _integer)):
            raise _TypeError(f"expect.rng: seed must be an int, got {_type(seed).__name__}")
        return _default_rng(seed)

    @staticmethod
    def binomial_ok(k, n, p, z=5.0):
        r"""True if $|k - np| \le z\sqrt{np(1-p)}$: ``k`` successes of ``n`` trials fit probability ``p``.

        ``z`` (default 5.0) standard deviations; a false alarm is then rarer than 1 in 10^6.
        """
        if _isinstance(n, _bool) or not _isinstance(n, (_int, _integer)) or n <= 0:
            raise _ValueError(f"expect.binomial_ok: n must be a positive int, got {n!r}")
        if not _isinstance(p, (_int, _float, _float64)) or not 0.0 <= p <= 1.0:
            raise _ValueError(f"expect.binomial_ok: p must be a probability in [0, 1], got {p!r}")
        if not _isinstance(z, (_int, _float)) or not z > 0:
            raise _ValueError(f"expect.binomial_ok: z must be a positive number, got {z!r}")
        k = expect.scalar(k, "the count of successes")
        return _bool(abs(k - n * p) <= z * _sqrt(n * p * (1.0 - p)) + 1e-9)


_AttributeError_ = AttributeError


def _origin(obj, prefixes):
    """Name of ``obj`` if it belongs to one of the module ``prefixes``, else ''."""
    if _isinstance(obj, _types.ModuleType):
        mod = obj.__name__
    else:
        target = _getattr(obj, "func", obj)  # functools.partial
        target = _getattr(target, "__func__", target)  # bound methods
        mod = _getattr(target, "__module__", None)
        if not _isinstance(mod, _str):
            mod = _getattr(_type(target), "__module__", "")
    for p in prefixes:
        if mod == p or mod.startswith(p + "."):
            return f"{mod}.{_getattr(obj, '__name__', '')}".rstrip(".")
    return ""


def _codes(code):
    yield code
    for const in code.co_consts:
        if _isinstance(const, _types.CodeType):
            yield from _codes(const)


def _delegates(func, prefixes, seen, depth):
    if id(func) in seen or depth > 6:
        return ""
    seen.add(id(func))
    hit = _origin(func, prefixes)
    if hit:
        return hit
    target = _getattr(func, "__func__", func)
    if not _isinstance(target, _FunctionType):
        call = _getattr(_type(target), "__call__", None)
        return _delegates(call, prefixes, seen, depth + 1) if _isinstance(call, _FunctionType) else ""
    env = dict(_getattr(_builtins, "__dict__", {}))
    env.update(target.__globals__)
    for cell in target.__closure__ or ():
        try:
            obj = cell.cell_contents
        except ValueError:
            continue
        hit = _origin(obj, prefixes) or (_isinstance(obj, _FunctionType) and _delegates(obj, prefixes, seen, depth + 1))
        if hit:
            return hit
    for code in _codes(target.__code__):
        for const in code.co_consts:
            if _isinstance(const, _str) and any(const == p or const.startswith(p + ".") for p in prefixes):
                return const
        for name in code.co_names:
            obj = env.get(name)
            if obj is None:
                continue
            hit = _origin(obj, prefixes)
            if not hit and _isinstance(obj, _types.ModuleType):
                hit = next((_origin(_getattr(obj, a, None), prefixes) for a in code.co_names
                            if _origin(_getattr(obj, a, None), prefixes)), "")
            if not hit and _isinstance(obj, _FunctionType) and obj.__module__ == target.__module__:
                hit = _delegates(obj, prefixes, seen, depth + 1)
            if hit:
                return hit
    return ""


expect = _Expect()
