r"""Activation functions $a = f(z)$ and their derivatives $f'(z)$, elementwise.

Every function takes a real array ``z`` of any shape (a Python number, list or ndarray) and
returns a new array of the same shape; inputs are never modified. Floating inputs keep their
dtype (float32 stays float32); integer and boolean inputs are computed in float64. A 0-d input
gives a numpy scalar.

Numerical stability: no function overflows or produces an invalid value for finite inputs of
any size (e.g. $z = \pm 1000$) or for $z = \pm\infty$; NaN propagates. Results may underflow to
exactly 0 (e.g. ``sigmoid(-1000.0) == 0.0``), which is the correctly rounded value.

Convention at the kinks (PyTorch's autograd): ``relu_grad(0) == 0``,
``leaky_relu_grad(0) == alpha``, ``elu_grad(0) == alpha`` and ``step(0) == 0``, so that
``relu_grad == step``.

``get(name)`` returns ``(f, f_grad)`` for the elementwise activations by name; the layers
module uses it.
"""

import numpy as np

__all__ = [
    "step", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "identity", "softmax", "maxout",
    "sigmoid_grad", "tanh_grad", "relu_grad", "leaky_relu_grad", "elu_grad", "identity_grad",
    "get", "NAMES",
]


def _as_float_array(z, name="z"):
    """Return ``z`` as a floating ndarray (dtype kept if floating, else float64); no copy."""
    # Speed: a floating ndarray (every call inside a network) is returned at once; the
    # dtype inspection below costs more than a ReLU on a small batch.
    if type(z) is np.ndarray and z.dtype.kind == "f":
        return z
    arr = np.asarray(z)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must be a real numeric array; got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real, not complex (dtype {arr.dtype})")
    if not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    return arr


def _check_alpha(alpha):
    """Validate a slope/scale hyperparameter: a finite real number >= 0; return it as float."""
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.integer, np.floating)):
        raise TypeError(f"alpha must be a real number; got {type(alpha).__name__}")
    if not np.isfinite(alpha) or alpha < 0:
        raise ValueError(f"alpha must be finite and >= 0; got {alpha}")
    return float(alpha)


def _out(arr):
    """Turn a 0-d array into a numpy scalar; leave other arrays alone."""
    return arr[()] if arr.ndim == 0 else arr


def step(z):
    r"""Heaviside step function, the perceptron's activation.

    $$\operatorname{step}(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}$$

    Parameters
    ----------
    z : array_like, shape (...)

    Returns
    -------
    ndarray, shape (...) of 0.0 and 1.0. Convention: ``step(0) == 0`` (equal to
    ``torch.heaviside(z, 0)`` and to ``relu_grad``). Its derivative is 0 almost everywhere, which
    is why gradient descent cannot train it.
    """
    z = _as_float_array(z)
    return _out((z > 0).astype(z.dtype))


def sigmoid(z):
    r"""Logistic sigmoid $\sigma(z) = \dfrac{1}{1 + e^{-z}}$, range (0, 1).

    Computed stably with $e = e^{-|z|} \in [0, 1]$, which never overflows:
    $\sigma(z) = 1/(1+e)$ for $z \ge 0$ and $e/(1+e)$ for $z < 0$.

    Parameters
    ----------
    z : array_like, shape (...)

    Returns
    -------
    ndarray, shape (...). ``sigmoid(inf) == 1``, ``sigmoid(-inf) == 0``.
    """
    z = _as_float_array(z)
    e = np.exp(-np.abs(z))
    return _out(np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(z.dtype, copy=False))


def sigmoid_grad(z):
    r"""Derivative of the sigmoid w.r.t. z: $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$.

    Evaluated as the equal, symmetric form $\sigma'(z) = e/(1+e)^2$ with $e = e^{-|z|}$, which
    keeps full relative accuracy for large $|z|$ (where $1 - \sigma(z)$ would cancel).
    Maximum $\sigma'(0) = 1/4$.

    Parameters
    ----------
    z : array_like, shape (...)  pre-activation (not the sigmoid's output).

    Returns
    -------
    ndarray, shape (...).
    """
    z = _as_float_array(z)
    e = np.exp(-np.abs(z))
    return _out(e / (1.0 + e) ** 2)


def tanh(z):
    r"""Hyperbolic tangent $\tanh(z) = \dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}} = 2\sigma(2z) - 1$,
    range (-1, 1). Uses ``np.tanh`` (stable for all inputs).

    Parameters
    ----------
    z : array_like, shape (...)

    Returns
    -------
    ndarray, shape (...).
    """
    return _out(np.tanh(_as_float_array(z)))


def tanh_grad(z):
    r"""Derivative of tanh w.r.t. z: $\tanh'(z) = 1 - \tanh^2(z) = \operatorname{sech}^2 z$.

    Evaluated as the equal form $4e/(1+e)^2$ with $e = e^{-2|z|}$, accurate for large $|z|$
    (where $1 - \tanh^2 z$ cancels to 0). Maximum $\tanh'(0) = 1$.

    Parameters
    ----------
    z : array_like, shape (...)  pre-activation.

    Returns
    -------
    ndarray, shape (...).
    """
    z = _as_float_array(z)
    e = np.exp(-np.abs(z))
    e *= e  # e^{-2|z|}, squared rather than exp(-2|z|): -2|z| would overflow for |z| > 9e307
    return _out(4.0 * e / (1.0 + e) ** 2)


def relu(z):
    r"""Rectified linear unit $\operatorname{ReLU}(z) = \max(0, z)$ (Nair & Hinton 2010).

    Parameters
    ----------
    z : array_like, shape (...)

    Returns
    -------
    ndarray, shape (...).
    """
    z = _as_float_array(z)
    return _out(np.maximum(z, 0).astype(z.dtype, copy=False))


def relu_grad(z):
    r"""Derivative of ReLU w.r.t. z: $1$ for $z > 0$, $0$ for $z \le 0$.

    Convention: ``relu_grad(0) == 0`` (PyTorch's autograd).

    Parameters
    ----------
    z : array_like, shape (...)

    Returns
    -------
    ndarray, shape (...) of 0.0 and 1.0.
    """
    z = _as_float_array(z)
    return _out((z > 0).astype(z.dtype))


def leaky_relu(z, alpha=0.01):
    r"""Leaky ReLU (Maas et al. 2013): $z$ for $z > 0$, $\alpha z$ for $z \le 0$.

    For $0 \le \alpha \le 1$ this equals $\max(\alpha z, z)$. Matches
    ``torch.nn.functional.leaky_relu(z, negative_slope=alpha)``.

    Parameters
    ----------
    z : array_like, shape (...)
    alpha : float, default 0.01
        Slope for negative inputs; finite and >= 0.

    Returns
    -------
    ndarray, shape (...).
    """
    z, alpha = _as_float_array(z), _check_alpha(alpha)
    neg = alpha * z if alpha else np.zeros_like(z)  # alpha = 0: avoid 0 * -inf = nan
    return _out(np.where(z > 0, z, neg).astype(z.dtype, copy=False))


def leaky_relu_grad(z, alpha=0.01):
    r"""Derivative of leaky ReLU w.r.t. z: $1$ for $z > 0$, $\alpha$ for $z \le 0$.

    Convention: ``leaky_relu_grad(0) == alpha`` (PyTorch's autograd).

    Parameters
    ----------
    z : array_like, shape (...)
    alpha : float, default 0.01
        Slope for negative inputs; finite and >= 0.

    Returns
    -------
    ndarray, shape (...).
    """
    z, alpha = _as_float_array(z), _check_alpha(alpha)
    return _out(np.where(z > 0, 1.0, alpha).astype(z.dtype))


def elu(z, alpha=1.0):
    r"""Exponential linear unit (Clevert, Unterthiner & Hochreiter 2016).

    $$\operatorname{ELU}(z) = \begin{cases} z & z > 0 \\ \alpha\,(e^{z} - 1) & z \le 0 \end{cases}$$

    Saturates at $-\alpha$ for $z \to -\infty$. The exponential is taken of $\min(z, 0)$ with
    ``expm1`` (no overflow for large positive z, accurate near 0). Matches
    ``torch.nn.functional.elu(z, alpha)``.

    Parameters
    ----------
    z : array_like, shape (...)
    alpha : float, default 1.0
        Saturation value for negative inputs; finite and >= 0.

    Returns
    -------
    ndarray, shape (...).
    """
    z, alpha = _as_float_array(z), _check_alpha(alpha)
    neg = alpha * np.expm1(np.minimum(z, 0))
    return _out(np.where(z > 0, z, neg).astype(z.dtype, copy=False))


def elu_grad(z, alpha=1.0):
    r"""Derivative of ELU w.r.t. z: $1$ for $z > 0$, $\alpha e^{z}$ for $z \le 0$.

    Convention: ``elu_grad(0) == alpha`` (PyTorch's autograd; with the default
    $\alpha = 1$ the derivative is continuous there).

    Parameters
    ----------
    z : array_like, shape (...)
    alpha : float, default 1.0
        Saturation value for negative inputs; finite and >= 0.

    Returns
    -------
    ndarray, shape (...).
    """
    z, alpha = _as_float_array(z), _check_alpha(alpha)
    neg = alpha * np.exp(np.minimum(z, 0))
    return _out(np.where(z > 0, 1.0, neg).astype(z.dtype, copy=False))


def identity(z):
    r"""Identity (linear) activation $f(z) = z$, used for regression outputs. Returns a copy.

    Parameters
    ----------
    z : array_like, shape (...)

    Returns
    -------
    ndarray, shape (...).
    """
    return _out(np.array(_as_float_array(z), copy=True))


def identity_grad(z):
    r"""Derivative of the identity: $f'(z) = 1$ everywhere.

    Parameters
    ----------
    z : array_like, shape (...)

    Returns
    -------
    ndarray, shape (...) of ones.
    """
    return _out(np.ones_like(_as_float_array(z)))


def softmax(z, axis=-1):
    r"""Softmax along ``axis``: $\operatorname{softmax}(z)_k = \dfrac{e^{z_k}}{\sum_j e^{z_j}}$.

    Stable form: subtract the maximum along ``axis`` first,
    $\operatorname{softmax}(z) = \operatorname{softmax}(z - \max_j z_j)$, so every exponent is
    $\le 0$; ``softmax([1000, 1000]) == [0.5, 0.5]``. Entries equal to $-\infty$ get
    probability 0 (masking). A slice containing $+\infty$, or made only of $-\infty$, has no
    meaningful softmax and gives NaN, as ``torch.softmax`` does (without a warning).

    Parameters
    ----------
    z : array_like, shape (..., K, ...)
        Logits, e.g. shape (N, K) with one row per sample.
    axis : int, default -1
        Axis over which the outputs sum to 1.

    Returns
    -------
    ndarray, same shape as ``z``; nonnegative, sums to 1 along ``axis``.

    Notes
    -----
    The Jacobian is $\partial s_k / \partial z_j = s_k(\delta_{kj} - s_j)$; in training, softmax
    is paired with cross-entropy, whose gradient w.r.t. the logits is simply $(P - Y)/N$
    (see ``nnlib.losses.softmax_cross_entropy_grad``).
    """
    z = _as_float_array(z)
    if z.ndim == 0:
        raise ValueError("softmax needs at least one axis; got a scalar")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an integer; got {type(axis).__name__}")
    if not -z.ndim <= axis < z.ndim:
        raise ValueError(f"axis {axis} is out of range for an array with {z.ndim} dimension(s)")
    # invalid: only the documented NaN cases (+inf, all -inf); over: z - max can overflow to
    # -inf for finite z spanning more than 1.8e308, and exp(-inf) = 0 is then the right answer
    with np.errstate(invalid="ignore", over="ignore"):
        shifted = z - np.max(z, axis=axis, keepdims=True)
        e = np.exp(shifted)
        return e / np.sum(e, axis=axis, keepdims=True)


def maxout(X, W1, b1, W2, b2):
    r"""Maxout unit with two pieces (Goodfellow et al. 2013), elementwise:

    $$\operatorname{maxout}(X) = \max\left(X W_1 + b_1,\; X W_2 + b_2\right).$$

    ReLU is the special case $W_2 = 0, b_2 = 0$; leaky ReLU is $W_2 = \alpha W_1, b_2 = \alpha b_1$.

    Parameters
    ----------
    X : array_like, shape (N, D)
    W1, W2 : array_like, shape (D, M)
    b1, b2 : array_like, shape (M,)

    Returns
    -------
    ndarray, shape (N, M).
    """
    X = _as_float_array(X, "X")
    W1, W2 = _as_float_array(W1, "W1"), _as_float_array(W2, "W2")
    b1, b2 = _as_float_array(b1, "b1"), _as_float_array(b2, "b2")
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, D); got shape {X.shape}")
    D = X.shape[1]
    for name, W in (("W1", W1), ("W2", W2)):
        if W.ndim != 2 or W.shape[0] != D:
            raise ValueError(f"{name} must have shape (D, M) = ({D}, M); got shape {W.shape}")
    if W1.shape != W2.shape:
        raise ValueError(f"W1 and W2 must have the same shape; got {W1.shape} and {W2.shape}")
    M = W1.shape[1]
    for name, b in (("b1", b1), ("b2", b2)):
        if b.shape != (M,):
            raise ValueError(f"{name} must have shape (M,) = ({M},); got shape {b.shape}")
    return np.maximum(X @ W1 + b1, X @ W2 + b2)


# name -> (f, f_grad); the elementwise activations a layer can use.
_REGISTRY = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "elu": (elu, elu_grad),
    "identity": (identity, identity_grad),
}
NAMES = tuple(sorted(_REGISTRY))


def get(name):
    """Look up an elementwise activation and its derivative by name.

    Parameters
    ----------
    name : str
        One of ``NAMES``: ``"elu"``, ``"identity"``, ``"leaky_relu"``, ``"relu"``,
        ``"sigmoid"``, ``"tanh"`` (default hyperparameters: leaky_relu alpha=0.01, elu alpha=1.0).

    Returns
    -------
    (f, f_grad) : tuple of callables, both mapping z of shape (...) to shape (...);
        ``f_grad`` is the derivative w.r.t. z.

    Raises
    ------
    TypeError if ``name`` is not a string; ValueError naming the unknown activation and
    listing the known ones. (``softmax`` is not elementwise and is not listed: use it with
    ``nnlib.losses.softmax_cross_entropy``; ``step`` has no useful derivative.)
    """
    if not isinstance(name, str):
        raise TypeError(f"activation name must be a string; got {type(name).__name__}")
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; known activations: {', '.join(NAMES)}"
        ) from None
