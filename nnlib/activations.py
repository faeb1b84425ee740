r"""Activation functions $a = f(z)$ and their derivatives $f'(z)$ (the ``*_grad`` functions).

Elementwise: ``z`` is array_like of any shape and the result is a new array of that shape.
Floating inputs keep their dtype (float32 stays float32); integers become float64. No function
overflows for large $|z|$ (e.g. $z = \pm 1000$).

At the kinks nnlib follows PyTorch's autograd: ``relu_grad(0) == 0`` (so ``relu_grad == step``),
``leaky_relu_grad(0) == alpha``, ``elu_grad(0) == alpha``.
``get(name)`` returns the pair ``(f, f_grad)``; :class:`nnlib.layers.Activation` uses it.
"""

import numpy as np

from nnlib._util import as_float

__all__ = [
    "step", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "identity", "softmax", "maxout",
    "sigmoid_grad", "tanh_grad", "relu_grad", "leaky_relu_grad", "elu_grad", "identity_grad",
    "get", "NAMES",
]


def step(z):
    r"""Heaviside step, the perceptron's activation: 1 for $z > 0$, 0 for $z \le 0$.

    Its derivative is 0 almost everywhere, which is why gradient descent cannot train it.
    """
    z = as_float(z)
    return (z > 0).astype(z.dtype)


def sigmoid(z):
    r"""Logistic sigmoid $\sigma(z) = 1/(1 + e^{-z})$, range (0, 1).

    Stable form with $e = e^{-|z|} \le 1$: $\sigma(z) = 1/(1+e)$ for $z \ge 0$, $e/(1+e)$ otherwise.
    """
    z = as_float(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_grad(z):
    r"""$\sigma'(z) = \sigma(z)(1 - \sigma(z))$, computed as $e/(1+e)^2$ with $e = e^{-|z|}$
    (no cancellation for large $|z|$). Maximum $\sigma'(0) = 1/4$. ``z`` is the pre-activation."""
    e = np.exp(-np.abs(as_float(z)))
    return e / (1 + e) ** 2


def tanh(z):
    r"""Hyperbolic tangent $\tanh(z) = 2\sigma(2z) - 1$, range (-1, 1)."""
    return np.tanh(as_float(z))


def tanh_grad(z):
    r"""$\tanh'(z) = 1 - \tanh^2 z$, computed as $4e/(1+e)^2$ with $e = e^{-2|z|}$ (accurate for
    large $|z|$). Maximum $\tanh'(0) = 1$."""
    e = np.exp(-np.abs(as_float(z))) ** 2
    return 4 * e / (1 + e) ** 2


def relu(z):
    r"""Rectified linear unit $\max(0, z)$ (Nair & Hinton 2010)."""
    z = as_float(z)
    return np.maximum(z, 0, dtype=z.dtype)


def relu_grad(z):
    r"""ReLU's derivative: 1 for $z > 0$, 0 for $z \le 0$."""
    return step(z)


def leaky_relu(z, alpha=0.01):
    r"""Leaky ReLU (Maas et al. 2013): $z$ for $z > 0$, $\alpha z$ otherwise
    (``torch.nn.functional.leaky_relu(z, negative_slope=alpha)``)."""
    z = as_float(z)
    return np.where(z > 0, z, alpha * z).astype(z.dtype, copy=False)


def leaky_relu_grad(z, alpha=0.01):
    r"""Leaky ReLU's derivative: 1 for $z > 0$, $\alpha$ otherwise."""
    z = as_float(z)
    return np.where(z > 0, 1.0, alpha).astype(z.dtype)


def elu(z, alpha=1.0):
    r"""Exponential linear unit (Clevert et al. 2016): $z$ for $z > 0$, $\alpha(e^z - 1)$
    otherwise, saturating at $-\alpha$ (``torch.nn.functional.elu``)."""
    z = as_float(z)
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0))).astype(z.dtype, copy=False)


def elu_grad(z, alpha=1.0):
    r"""ELU's derivative: 1 for $z > 0$, $\alpha e^z$ otherwise."""
    z = as_float(z)
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0))).astype(z.dtype, copy=False)


def identity(z):
    r"""Identity $f(z) = z$ (regression outputs); returns a copy."""
    return as_float(z).copy()


def identity_grad(z):
    r"""$f'(z) = 1$."""
    return np.ones_like(as_float(z))


def softmax(z, axis=-1):
    r"""Softmax $\operatorname{softmax}(z)_k = e^{z_k} / \sum_j e^{z_j}$ along ``axis``.

    Stable form: $\operatorname{softmax}(z) = \operatorname{softmax}(z - \max_j z_j)$, every
    exponent $\le 0$, so ``softmax([1000, 1000]) == [0.5, 0.5]``.

    Parameters
    ----------
    z : array_like, shape (N, K) logits, one row per sample (any shape works).
    axis : int, default -1   the axis that sums to 1.

    Returns
    -------
    P : ndarray, same shape as ``z``.

    The Jacobian is $s_k(\delta_{kj} - s_j)$; with cross-entropy the gradient w.r.t. the logits
    is simply $(P - Y)/N$ (:func:`nnlib.losses.softmax_cross_entropy_grad`).
    """
    z = as_float(z)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def maxout(X, W1, b1, W2, b2):
    r"""Maxout unit with two pieces (Goodfellow et al. 2013):
    $\max(X W_1 + b_1,\ X W_2 + b_2)$, elementwise.

    ReLU is the case $W_2 = 0, b_2 = 0$; leaky ReLU is $W_2 = \alpha W_1, b_2 = \alpha b_1$.
    Shapes: X (N, D), W1 and W2 (D, M), b1 and b2 (M,) → (N, M).
    """
    return np.maximum(as_float(X) @ W1 + b1, as_float(X) @ W2 + b2)


# name -> (f, f_grad): the elementwise activations a layer can use
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
    """``(f, f_grad)`` for an elementwise activation name in ``NAMES`` (softmax is not one:
    use it through ``nnlib.losses.softmax_cross_entropy``)."""
    if name not in _REGISTRY:
        raise ValueError(f"unknown activation {name!r}; known activations: {', '.join(NAMES)}")
    return _REGISTRY[name]
