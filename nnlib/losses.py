r"""Loss (cost) functions $L$ and their gradients.

Every loss is the **mean** over the samples of a per-sample loss $\ell_i$ (the lecture notes write
the cost $E$ and sometimes use the sum; nnlib uses the mean, as PyTorch's ``reduction="mean"``).
Losses return a Python float, computed in float64; gradients keep the floating dtype of the
prediction (float32 stays float32). Inputs are never modified.

Targets for classification are either integer labels ``y`` of shape (N,) with values in
[0, K), or one-hot rows ``Y`` of shape (N, K); both give the same result.

Probabilities (and, for the binary loss, $1 - p$) are clipped below at $\epsilon$ (``eps=1e-12``)
before taking logarithms, so the loss stays finite (at most $-\ln(10^{-12}) \approx 27.6$ per sample).
PyTorch instead clamps each logarithm at $-100$, so the two agree except when a
probability is within about $10^{-12}$ of the wrong end.
"""

import numpy as np

__all__ = [
    "mse", "mse_grad", "binary_cross_entropy", "cross_entropy",
    "softmax_cross_entropy", "softmax_cross_entropy_grad", "softmax_cross_entropy_and_grad", "EPS",
]

EPS = 1e-12  # default clipping of probabilities before a logarithm


def _real_array(x, name):
    """``x`` as a real ndarray (no copy); TypeError for non-numeric or complex input."""
    arr = np.asarray(x)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must be a real numeric array; got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real, not complex (dtype {arr.dtype})")
    return arr


def _grad_dtype(arr):
    """The dtype of a gradient w.r.t. ``arr``: its own if floating, else float64."""
    return arr.dtype if np.issubdtype(arr.dtype, np.floating) else np.dtype(np.float64)


def _same_shape(y, pred, pred_name):
    if y.shape != pred.shape:
        raise ValueError(
            f"y and {pred_name} must have the same shape; got {y.shape} and {pred.shape} "
            "(reshape one of them: (N,) and (N, 1) would broadcast to (N, N))"
        )
    if y.size == 0:
        raise ValueError("the loss of an empty batch is undefined; got no samples")


def _check_probabilities(p, name="p"):
    if not np.all((p >= 0) & (p <= 1)):  # also rejects NaN
        raise ValueError(f"{name} must contain probabilities in [0, 1] (did you pass logits?)")


def _check_eps(eps):
    if not (isinstance(eps, (float, int)) and 0 < eps < 0.5):
        raise ValueError(f"eps must be a number in (0, 0.5); got {eps!r}")
    return float(eps)


def _labels(y, N, K):
    """Integer labels of shape (N,) from labels (N,) or one-hot rows (N, K), validated."""
    y = _real_array(y, "y")
    if y.ndim == 1:
        if y.shape[0] != N:
            raise ValueError(f"y has {y.shape[0]} labels but there are {N} samples")
        if y.dtype == bool:
            raise TypeError("labels y must be integers in [0, K), not booleans")
        if not np.issubdtype(y.dtype, np.integer):
            if not np.all(np.isfinite(y)) or np.any(y != np.round(y)):
                raise ValueError("labels y must be whole numbers (class indices in [0, K))")
        if N and (y.min() < 0 or y.max() >= K):
            raise ValueError(f"labels y must lie in [0, {K}); got values from {y.min()} to {y.max()}")
        return y.astype(np.intp)
    if y.ndim == 2:
        if y.shape != (N, K):
            raise ValueError(f"one-hot targets Y must have shape (N, K) = ({N}, {K}); got {y.shape}")
        if not (np.all((y == 0) | (y == 1)) and np.all(y.sum(axis=1) == 1)):
            raise ValueError("each row of the one-hot targets Y must hold a single 1 and zeros elsewhere")
        return np.argmax(y, axis=1)
    raise ValueError(f"y must be labels of shape (N,) or one-hot of shape (N, K); got shape {y.shape}")


def _class_scores(x, name):
    x = _real_array(x, name)
    if x.ndim != 2:
        raise ValueError(f"{name} must have shape (N, K); got shape {x.shape}")
    if x.shape[0] == 0:
        raise ValueError("the loss of an empty batch is undefined; got no samples")
    return x


def mse(y, y_hat):
    r"""Mean squared error over **all** elements.

    $$L = \frac{1}{n} \sum_{i=1}^{n} (y_i - \hat y_i)^2,$$

    with $n$ the number of elements (= N for targets of shape (N,)). Equals
    ``torch.nn.functional.mse_loss(y_hat, y)`` (reduction ``"mean"``).

    Parameters
    ----------
    y : array_like, shape (N,) or (N, M)   targets.
    y_hat : array_like, same shape as y    predictions.

    Returns
    -------
    float

    Raises
    ------
    ValueError if the shapes differ (no broadcasting) or the batch is empty.
    """
    y, y_hat = _real_array(y, "y"), _real_array(y_hat, "y_hat")
    _same_shape(y, y_hat, "y_hat")
    diff = y_hat.astype(np.float64) - y
    return float(np.mean(diff * diff))


def mse_grad(y, y_hat):
    r"""Gradient of ``mse`` w.r.t. the predictions: $\dfrac{\partial L}{\partial \hat y} = \dfrac{2(\hat y - y)}{n}$,
    $n$ = number of elements.

    Parameters
    ----------
    y : array_like, shape (N,) or (N, M)
    y_hat : array_like, same shape as y

    Returns
    -------
    ndarray, same shape and (floating) dtype as ``y_hat``.
    """
    y, y_hat = _real_array(y, "y"), _real_array(y_hat, "y_hat")
    _same_shape(y, y_hat, "y_hat")
    dtype = _grad_dtype(y_hat)
    return (2.0 / y_hat.size) * (y_hat.astype(dtype) - y.astype(dtype))


def binary_cross_entropy(y, p, *, eps=EPS):
    r"""Binary cross-entropy, mean over the samples.

    $$L = -\frac{1}{N} \sum_{i=1}^{N} \big[\, y_i \ln p_i + (1 - y_i) \ln(1 - p_i) \,\big],$$

    with $p_i$ and $1 - p_i$ clipped below at $\epsilon$. Equals
    ``torch.nn.functional.binary_cross_entropy(p, y)`` for $p \in [\epsilon, 1-\epsilon]$
    (mean over all elements).

    Parameters
    ----------
    y : array_like, shape (N,) or (N, 1)   targets in [0, 1] (usually 0 or 1).
    p : array_like, same shape as y        predicted probabilities of class 1, in [0, 1].
    eps : float, default 1e-12             clipping, keyword only.

    Returns
    -------
    float, finite for every p in [0, 1].

    Raises
    ------
    ValueError on a shape mismatch, an empty batch, or values outside [0, 1].
    """
    y, p = _real_array(y, "y"), _real_array(p, "p")
    eps = _check_eps(eps)
    _same_shape(y, p, "p")
    _check_probabilities(p, "p")
    _check_probabilities(y, "y")
    p = p.astype(np.float64)
    # clip p and 1 - p (both exact in float64 for p >= 0.5 resp. p <= 0.5) below at eps
    log_p, log_q = np.log(np.maximum(p, eps)), np.log(np.maximum(1.0 - p, eps))
    return float(-np.mean(y * log_p + (1.0 - y) * log_q))


def cross_entropy(y, p, *, eps=EPS):
    r"""Categorical cross-entropy of predicted probabilities, mean over the samples.

    $$L = -\frac{1}{N} \sum_{i=1}^{N} \sum_{k=1}^{K} Y_{ik} \ln P_{ik} = -\frac{1}{N} \sum_{i} \ln P_{i, y_i},$$

    with $P$ clipped below at $\epsilon$. Equals
    ``torch.nn.functional.nll_loss(torch.log(P), y)`` for $P \ge \epsilon$.
    Rows of ``p`` are not required to sum to 1.

    Parameters
    ----------
    y : array_like, shape (N,) integer labels in [0, K), or (N, K) one-hot rows.
    p : array_like, shape (N, K) probabilities in [0, 1].
    eps : float, default 1e-12   clipping, keyword only.

    Returns
    -------
    float

    Raises
    ------
    ValueError on shape mismatch, labels out of range or not whole numbers, rows of Y that
    are not one-hot, probabilities outside [0, 1]; TypeError for non-numeric input.
    """
    p = _class_scores(p, "p")
    eps = _check_eps(eps)
    labels = _labels(y, *p.shape)
    _check_probabilities(p, "p")
    picked = p[np.arange(p.shape[0]), labels].astype(np.float64)
    return float(-np.mean(np.log(np.maximum(picked, eps))))


def _log_softmax_picked(labels, z):
    """log softmax(z)[i, labels[i]] via the log-sum-exp trick, float64, shape (N,)."""
    z = z.astype(np.float64)
    m = np.max(z, axis=1)
    lse = m + np.log(np.sum(np.exp(z - m[:, None]), axis=1))
    return z[np.arange(z.shape[0]), labels] - lse


def softmax_cross_entropy(y, z):
    r"""Cross-entropy of ``softmax(z)`` computed directly from the logits.

    $$L = \frac{1}{N} \sum_{i=1}^{N} \Big( \operatorname{logsumexp}(z_i) - z_{i, y_i} \Big),
    \qquad \operatorname{logsumexp}(z_i) = m_i + \ln \sum_k e^{z_{ik} - m_i},\ m_i = \max_k z_{ik}.$$

    Never forms $\ln 0$: exact and finite for logits of any finite size (e.g. $\pm 1000$).
    Equals ``torch.nn.functional.cross_entropy(z, y)``.

    Parameters
    ----------
    y : array_like, shape (N,) integer labels in [0, K), or (N, K) one-hot rows.
    z : array_like, shape (N, K) finite logits.

    Returns
    -------
    float

    Raises
    ------
    ValueError as for ``cross_entropy``, and for non-finite logits.
    """
    z = _class_scores(z, "z")
    labels = _labels(y, *z.shape)
    if not np.all(np.isfinite(z)):
        raise ValueError("logits z must be finite (no NaN or inf)")
    return float(-np.mean(_log_softmax_picked(labels, z)))


def softmax_cross_entropy_grad(y, z):
    r"""Gradient of ``softmax_cross_entropy`` w.r.t. the logits:

    $$\frac{\partial L}{\partial z} = \frac{P - Y}{N}, \qquad P = \operatorname{softmax}(z).$$

    Parameters
    ----------
    y : array_like, shape (N,) integer labels in [0, K), or (N, K) one-hot rows.
    z : array_like, shape (N, K) finite logits.

    Returns
    -------
    ndarray, shape (N, K), same (floating) dtype as ``z`` (float64 for integer ``z``); each row
    sums to 0.

    Raises
    ------
    ValueError, TypeError as for ``softmax_cross_entropy``.
    """
    return softmax_cross_entropy_and_grad(y, z)[1]


def softmax_cross_entropy_and_grad(y, z, *, validate=True):
    r"""Softmax cross-entropy and its gradient w.r.t. the logits, from ONE softmax.

    $$L = \frac{1}{N} \sum_{i=1}^{N} \Big( \operatorname{logsumexp}(z_i) - z_{i, y_i} \Big),
    \qquad \frac{\partial L}{\partial z} = \frac{P - Y}{N}, \qquad P = \operatorname{softmax}(z).$$

    The values of :func:`softmax_cross_entropy` and :func:`softmax_cross_entropy_grad` (equal to
    ``torch.nn.functional.cross_entropy(z, y)`` and its autograd gradient), computed together:
    every training step needs both, and on small batches validating the labels and computing the
    softmax twice costs more than the arithmetic itself. Both use the shifted logits
    $z_i - \max_k z_{ik}$ (every exponent $\le 0$: no overflow).

    Parameters
    ----------
    y : array_like, shape (N,) integer labels in [0, K), or (N, K) one-hot rows.
    z : array_like, shape (N, K) finite logits.
    validate : bool, default True, keyword only
        ``False`` skips every check, for a training loop that has validated its labels once
        (as :func:`nnlib.train.fit` does). Then ``y`` must be an integer ndarray of shape (N,)
        with values in [0, K) and ``z`` a floating ndarray of shape (N, K); anything else gives
        a wrong result or a bare numpy error.

    Returns
    -------
    loss : float
        $L$, summed in float64. The logits are shifted in ``z``'s dtype, so for float32 ``z``
        the loss agrees with :func:`softmax_cross_entropy` (float64 throughout) to float32
        rounding (about 1e-7 relative).
    grad : ndarray, shape (N, K)
        $(P - Y)/N$, same floating dtype as ``z`` (float64 for integer ``z``); a new array.

    Raises
    ------
    ValueError, TypeError as for ``softmax_cross_entropy`` (only when ``validate`` is True).
    """
    if validate:
        z = _class_scores(z, "z")
        y = _labels(y, *z.shape)
        if not np.all(np.isfinite(z)):
            raise ValueError("logits z must be finite (no NaN or inf)")
        z = z.astype(_grad_dtype(z), copy=False)
    n, k = z.shape
    true = np.arange(n) * k + y       # flat index of z[i, y_i] in a row-major (N, K) ravel
    shifted = z - z.max(axis=1, keepdims=True)          # a new array: every exponent <= 0
    p = np.exp(shifted)
    total = p.sum(axis=1, keepdims=True)
    # L = mean of log-sum-exp minus the true class's logit (both shifted), in float64.
    # (.sum() / n rather than np.mean: the same value at a fraction of the call overhead.)
    loss = float(np.log(total.ravel(), dtype=np.float64).sum()
                 - shifted.ravel()[true].sum(dtype=np.float64)) / n
    p /= total                                          # P = softmax(z), in place on our own array
    p.ravel()[true] -= 1.0                              # P - Y (p is contiguous: ravel is a view)
    p *= 1.0 / n                                        # a Python float: float32 stays float32
    return loss, p
