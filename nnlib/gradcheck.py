r"""Gradient checking: compare an analytic gradient with a finite-difference estimate.

Typical use (as in Stanford CS231n's assignments)::

    num = numerical_gradient(lambda W: loss(X, W, y), W)
    assert rel_error(num, analytic_dW) < 1e-7
"""

import numbers

import numpy as np

__all__ = ["numerical_gradient", "rel_error"]


def numerical_gradient(f, x, h=1e-5):
    r"""Central-difference estimate of the gradient of a scalar function.

    $$\frac{\partial f}{\partial x_j} \approx \frac{f(x + h e_j) - f(x - h e_j)}{2h},$$

    one pair of evaluations per element of ``x`` ($2 \cdot$ ``x.size`` calls of ``f``). The
    truncation error is $O(h^2)$ and the rounding error about $\epsilon_{\text{mach}} |f| / h$;
    ``h = 1e-5`` balances the two in float64 (error about $10^{-10}$ for well-scaled $f$).

    ``x`` is not modified: the estimate works on a float64 copy, and ``f`` receives that copy
    with one element shifted (each element is restored before the next one is shifted).

    Parameters
    ----------
    f : callable
        ``f(x)`` returns a real scalar (a Python number or a size-1 array).
    x : array_like, shape (...)
        Point at which to estimate the gradient.
    h : float, default 1e-5
        Step size, > 0.

    Returns
    -------
    ndarray, float64, same shape as ``x``.

    Raises
    ------
    TypeError if ``f`` is not callable or returns a non-scalar, or ``x``/``h`` are not real
    numbers; ValueError if ``h`` is not finite and > 0.
    """
    if not callable(f):
        raise TypeError(f"f must be a callable returning a scalar; got {type(f).__name__}")
    if isinstance(h, bool) or not isinstance(h, numbers.Real):
        raise TypeError(f"h must be a real number; got {type(h).__name__}")
    if not (np.isfinite(h) and h > 0):
        raise ValueError(f"h must be a finite number > 0; got {h!r}")
    arr = np.asarray(x)
    if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool) or np.iscomplexobj(arr):
        raise TypeError(f"x must be a real numeric array; got dtype {arr.dtype}")
    work = np.array(arr, dtype=np.float64, copy=True)  # never touch the caller's x
    grad = np.empty_like(work)
    flat_work, flat_grad = work.reshape(-1), grad.reshape(-1)  # views: same memory
    h = float(h)
    for j in range(work.size):
        old = flat_work[j]
        flat_work[j] = old + h
        f_plus = _scalar(f(work))
        flat_work[j] = old - h
        f_minus = _scalar(f(work))
        flat_work[j] = old
        flat_grad[j] = (f_plus - f_minus) / (2.0 * h)
    return grad


def _scalar(value):
    """``value`` as a float; TypeError unless it is a real scalar or size-1 array."""
    arr = np.asarray(value)
    if arr.size != 1 or not np.issubdtype(arr.dtype, np.number) or np.iscomplexobj(arr):
        raise TypeError(
            f"f must return a real scalar; got {type(value).__name__} with shape {arr.shape}"
        )
    return float(arr.reshape(()))


def rel_error(a, b, *, floor=1e-8):
    r"""Largest elementwise relative error between two arrays (the CS231n form):

    $$\operatorname{rel\_error}(a, b) = \max_j \frac{|a_j - b_j|}{\max(\text{floor},\ |a_j| + |b_j|)}.$$

    Symmetric, 0 iff ``a == b``, and at most 1 wherever $|a_j| + |b_j| \ge$ floor (e.g.
    ``rel_error(a, -a) == 1``). The ``floor`` (default ``1e-8``, as in CS231n) keeps entries that
    are zero up to finite-difference noise (about $10^{-10}$) from counting as 100 % errors.
    Rule of thumb for float64 gradient checks: < 1e-7 is good, > 1e-4 is a bug.

    Parameters
    ----------
    a, b : array_like, same shape (...), not empty.
    floor : float, default 1e-8   keyword only, > 0.

    Returns
    -------
    float

    Raises
    ------
    ValueError if the shapes differ, the arrays are empty, or ``floor`` is not > 0.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape; got {a.shape} and {b.shape}")
    if a.size == 0:
        raise ValueError("rel_error of empty arrays is undefined")
    if not (isinstance(floor, numbers.Real) and floor > 0):
        raise ValueError(f"floor must be a number > 0; got {floor!r}")
    return float(np.max(np.abs(a - b) / np.maximum(float(floor), np.abs(a) + np.abs(b))))
