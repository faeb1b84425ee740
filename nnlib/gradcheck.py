r"""Gradient checking: compare an analytic gradient with a finite-difference estimate.

Typical use (as in Stanford CS231n's assignments)::

    num = numerical_gradient(lambda W: loss(X, W, y), W)
    assert rel_error(num, analytic_dW) < 1e-7
"""

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
    """
    work = np.array(x, dtype=np.float64)  # a copy: never touch the caller's x
    grad = np.empty_like(work)
    flat_work, flat_grad = work.reshape(-1), grad.reshape(-1)  # views: same memory
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
    """``value`` (a real scalar or size-1 array) as a float."""
    value = np.asarray(value)
    if value.size != 1:
        raise TypeError(f"f must return a scalar (the loss); got an array of shape {value.shape}")
    return float(value.reshape(()))


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
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape; got {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b) / np.maximum(floor, np.abs(a) + np.abs(b))))
