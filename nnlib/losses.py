r"""Loss (cost) functions $L$ and their gradients, as in chapter 4.

Every loss is the **mean** over the samples of a per-sample loss $\ell_i$ (the lecture writes the
cost $E$, sometimes as a sum; nnlib and PyTorch's ``reduction="mean"`` use the mean). Losses
return a Python float; gradients keep the floating dtype of the prediction. Inputs are never
modified.

Shapes: targets ``y`` (N,) and predictions of the same shape (regression may use (N, 1) for
both); classification takes logits or probabilities of shape (N, K) and either integer labels
``y`` of shape (N,) in [0, K) or one-hot rows ``Y`` of shape (N, K).

Before a logarithm, probabilities are clipped below at ``eps = 1e-12`` so the loss stays finite
(PyTorch clamps each logarithm at -100 instead; the two agree unless a probability is within
about 1e-12 of the wrong end).
"""

import numpy as np

from nnlib._util import as_float
from nnlib.activations import softmax

__all__ = ["mse", "mse_grad", "binary_cross_entropy", "cross_entropy",
           "softmax_cross_entropy", "softmax_cross_entropy_grad", "logsumexp", "EPS"]

EPS = 1e-12


def _same_shape(y, pred, name):
    """The broadcasting trap: (N,) against (N, 1) would silently give an (N, N) loss."""
    y, pred = as_float(y), as_float(pred)
    if y.shape != pred.shape:
        raise ValueError(f"y and {name} must have the same shape; got {y.shape} and {pred.shape} "
                         "(reshape one of them: (N,) against (N, 1) would broadcast to (N, N))")
    return y, pred


def _probabilities(p, name="p"):
    p = as_float(p)
    if not np.all((p >= 0) & (p <= 1)):
        raise ValueError(f"{name} must contain probabilities in [0, 1] (did you pass logits?)")
    return p


def _labels(y, scores):
    """Integer labels (N,) from labels (N,) or one-hot rows (N, K), checked against scores (N, K)."""
    y, (N, K) = np.asarray(y), np.shape(scores)
    if y.shape == (N, K):
        if not np.all(np.sum(y == 1, axis=1) == 1) or not np.all((y == 0) | (y == 1)):
            raise ValueError("each row of the one-hot targets Y must hold a single 1 and zeros elsewhere")
        return np.argmax(y, axis=1)
    if y.shape != (N,):
        raise ValueError(f"y must be labels of shape (N,) = ({N},) or one-hot rows of shape "
                         f"(N, K) = ({N}, {K}); got shape {y.shape}")
    if (y.dtype.kind not in "iu" and np.any(y % 1)) or y.min() < 0 or y.max() >= K:
        raise ValueError(f"labels y must be whole numbers in [0, {K}); got values from "
                         f"{y.min()} to {y.max()}")
    return y.astype(np.intp)


def mse(y, y_hat):
    r"""Mean squared error over all $n$ elements, $L = \frac1n \sum_i (y_i - \hat y_i)^2$
    (``torch.nn.functional.mse_loss(y_hat, y)``). ``y`` and ``y_hat`` have the same shape."""
    y, y_hat = _same_shape(y, y_hat, "y_hat")
    return float(np.mean((y_hat.astype(np.float64) - y) ** 2))


def mse_grad(y, y_hat):
    r"""$\partial L / \partial \hat y = 2(\hat y - y)/n$, shape and dtype of ``y_hat``."""
    y, y_hat = _same_shape(y, y_hat, "y_hat")
    return 2 * (y_hat - y.astype(y_hat.dtype)) / y_hat.size


def binary_cross_entropy(y, p, *, eps=EPS):
    r"""Binary cross-entropy, $L = -\frac1N \sum_i [y_i \ln p_i + (1 - y_i) \ln(1 - p_i)]$
    (``torch.nn.functional.binary_cross_entropy(p, y)``).

    ``y`` holds targets in [0, 1] and ``p`` probabilities of class 1, same shape (N,) or (N, 1);
    $p$ and $1 - p$ are clipped below at ``eps``.
    """
    y, p = _same_shape(_probabilities(y, "y"), _probabilities(p), "p")
    p = p.astype(np.float64)
    return float(-np.mean(y * np.log(np.maximum(p, eps)) + (1 - y) * np.log(np.maximum(1 - p, eps))))


def cross_entropy(y, p, *, eps=EPS):
    r"""Categorical cross-entropy of probabilities,
    $L = -\frac1N \sum_i \sum_k Y_{ik} \ln P_{ik} = -\frac1N \sum_i \ln P_{i, y_i}$.

    ``p`` (N, K) probabilities (clipped below at ``eps``); ``y`` labels (N,) or one-hot (N, K).
    Equals ``torch.nn.functional.nll_loss(torch.log(P), y)``.
    """
    p = _probabilities(p)
    picked = p[np.arange(len(p)), _labels(y, p)].astype(np.float64)
    return float(-np.mean(np.log(np.maximum(picked, eps))))


def logsumexp(z):
    r"""$\ln \sum_k e^{z_{ik}}$ for each row of ``z`` (N, K) → (N,), computed as
    $m_i + \ln \sum_k e^{z_{ik} - m_i}$ with $m_i = \max_k z_{ik}$ (no overflow)."""
    m = z.max(axis=1)
    return m + np.log(np.exp(z - m[:, None]).sum(axis=1))


def softmax_cross_entropy(y, z):
    r"""Cross-entropy of ``softmax(z)`` straight from the logits ``z`` (N, K):

    $$L = \frac1N \sum_i \big(\operatorname{logsumexp}(z_i) - z_{i, y_i}\big),$$

    finite for logits of any size (no $\ln 0$); ``torch.nn.functional.cross_entropy(z, y)``.
    ``y``: labels (N,) or one-hot rows (N, K).
    """
    z = as_float(z).astype(np.float64)
    labels = _labels(y, z)
    return float((logsumexp(z) - z[np.arange(len(z)), labels]).mean())


def softmax_cross_entropy_grad(y, z):
    r"""$\partial L / \partial z = (P - Y)/N$ with $P = \operatorname{softmax}(z)$; shape (N, K),
    the dtype of ``z``, each row sums to 0."""
    z = as_float(z)
    labels = _labels(y, z)
    dz = softmax(z, axis=1)
    dz[np.arange(len(z)), labels] -= 1
    return dz / len(z)
