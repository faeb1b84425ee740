r"""Weight initialization for dense layers.

Every initializer returns a new ``(fan_in, fan_out)`` float64 array ``W`` for the layer
$z = aW + b$ (the course stores weights as ``(fan_in, fan_out)``; PyTorch stores the
transpose ``(fan_out, fan_in)``, so its ``fan_in`` is ``weight.shape[1]`` and ours is
``W.shape[0]`` -- the formulas below are the same). Definitions match ``torch.nn.init``:

* ``zeros``: $W = 0$.
* ``normal``: $W_{ij} \sim \mathcal N(0, \sigma^2)$ with a given ``std`` $\sigma$.
* ``xavier_normal``: $\mathcal N\big(0, \frac{2}{n_{in}+n_{out}}\big)$; ``xavier_uniform``:
  $U(-r, r)$, $r = \sqrt{6/(n_{in}+n_{out})}$ (Glorot & Bengio 2010).
* ``he_normal``: $\mathcal N\big(0, \frac{2}{n_{in}}\big)$; ``he_uniform``: $U(-r, r)$,
  $r = \sqrt{6/n_{in}}$ (He et al. 2015; fan-in mode, ReLU gain $\sqrt 2$).
* ``orthogonal``: QR of a Gaussian matrix with the signs fixed (Saxe et al. 2014).
* ``lsuv``: orthogonal, then each layer rescaled to unit output variance (Mishkin & Matas 2016).

Randomness comes only from ``rng`` (an ``np.random.Generator``); ``rng=None`` means a fresh
``np.random.default_rng()`` (not reproducible; pass ``np.random.default_rng(seed)`` for that).
"""

import copy

import numpy as np

__all__ = ["zeros", "normal", "xavier_normal", "xavier_uniform", "he_normal", "he_uniform",
           "orthogonal", "lsuv", "get"]


def _check_fans(fan_in, fan_out):
    for name, value in (("fan_in", fan_in), ("fan_out", fan_out)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
        if value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value}")
    return int(fan_in), int(fan_out)


def _rng(rng):
    if rng is None:
        return np.random.default_rng()
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be an np.random.Generator or None, got {type(rng).__name__}")
    return rng


def zeros(fan_in, fan_out):
    """All-zero weights, shape ``(fan_in, fan_out)``.

    With zero weights every hidden unit computes the same value and receives the same
    gradient, so the units never become different (the symmetry problem); use it for biases
    or to demonstrate that failure.
    """
    fan_in, fan_out = _check_fans(fan_in, fan_out)
    return np.zeros((fan_in, fan_out))


def normal(fan_in, fan_out, std, rng=None):
    r"""Gaussian weights $W_{ij} \sim \mathcal N(0, \sigma^2)$ with a fixed ``std`` = $\sigma$.

    Parameters
    ----------
    fan_in, fan_out : int
        Number of inputs and outputs of the layer.
    std : float
        Standard deviation $\sigma \ge 0$ (e.g. 0.01, the classic "small random numbers").
    rng : np.random.Generator or None, default None
        Source of randomness; None means ``np.random.default_rng()``.

    Returns
    -------
    W : ndarray of shape (fan_in, fan_out), float64
    """
    fan_in, fan_out = _check_fans(fan_in, fan_out)
    std = float(std)
    if not np.isfinite(std) or std < 0:
        raise ValueError(f"std must be a finite number >= 0, got {std}")
    return _rng(rng).normal(0.0, std, size=(fan_in, fan_out))


def _uniform(fan_in, fan_out, bound, rng):
    return _rng(rng).uniform(-bound, bound, size=(fan_in, fan_out))


def xavier_normal(fan_in, fan_out, rng=None):
    r"""Xavier/Glorot normal: $W_{ij} \sim \mathcal N\!\left(0, \frac{2}{n_{in}+n_{out}}\right)$.

    Glorot & Bengio (2010), "Understanding the difficulty of training deep feedforward neural
    networks"; keeps the variance of activations (forward) and gradients (backward) about
    constant for symmetric activations such as tanh. Same as ``torch.nn.init.xavier_normal_``
    with gain 1. Returns a ``(fan_in, fan_out)`` float64 array; ``rng=None`` means
    ``np.random.default_rng()``.
    """
    fan_in, fan_out = _check_fans(fan_in, fan_out)
    return _rng(rng).normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=(fan_in, fan_out))


def xavier_uniform(fan_in, fan_out, rng=None):
    r"""Xavier/Glorot uniform: $W_{ij} \sim U(-r, r)$, $r = \sqrt{\frac{6}{n_{in}+n_{out}}}$.

    Same variance $r^2/3 = 2/(n_{in}+n_{out})$ as :func:`xavier_normal`
    (Glorot & Bengio 2010, eq. 16). Same as ``torch.nn.init.xavier_uniform_`` with gain 1.
    Returns a ``(fan_in, fan_out)`` float64 array; ``rng=None`` means ``np.random.default_rng()``.
    """
    fan_in, fan_out = _check_fans(fan_in, fan_out)
    return _uniform(fan_in, fan_out, np.sqrt(6.0 / (fan_in + fan_out)), rng)


def he_normal(fan_in, fan_out, rng=None):
    r"""He/Kaiming normal: $W_{ij} \sim \mathcal N\!\left(0, \frac{2}{n_{in}}\right)$.

    He et al. (2015), "Delving deep into rectifiers": ReLU zeroes half of its inputs, so the
    variance needs the gain $\sqrt 2$ to stay constant through the layers. Fan-in mode,
    as ``torch.nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu")``.
    Returns a ``(fan_in, fan_out)`` float64 array; ``rng=None`` means ``np.random.default_rng()``.
    """
    fan_in, fan_out = _check_fans(fan_in, fan_out)
    return _rng(rng).normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))


def he_uniform(fan_in, fan_out, rng=None):
    r"""He/Kaiming uniform: $W_{ij} \sim U(-r, r)$, $r = \sqrt{\frac{6}{n_{in}}}$.

    Same variance $r^2/3 = 2/n_{in}$ as :func:`he_normal` (He et al. 2015). Fan-in mode,
    as ``torch.nn.init.kaiming_uniform_(w, mode="fan_in", nonlinearity="relu")``.
    Returns a ``(fan_in, fan_out)`` float64 array; ``rng=None`` means ``np.random.default_rng()``.
    """
    fan_in, fan_out = _check_fans(fan_in, fan_out)
    return _uniform(fan_in, fan_out, np.sqrt(6.0 / fan_in), rng)


def orthogonal(fan_in, fan_out, gain=1.0, rng=None):
    r"""(Semi-)orthogonal weights scaled by ``gain`` (Saxe, McClelland & Ganguli 2014).

    Draw $A \in \mathbb R^{m \times n}$ with i.i.d. $\mathcal N(0, 1)$ entries, taking
    the tall orientation $m \ge n$; factor $A = QR$; multiply column $j$ of
    $Q$ by $\operatorname{sign}(R_{jj})$ (this makes $Q$ uniformly (Haar)
    distributed); transpose back if needed; multiply by ``gain``. The algorithm of
    ``torch.nn.init.orthogonal_``.

    Parameters
    ----------
    fan_in, fan_out : int
    gain : float, default 1.0
    rng : np.random.Generator or None, default None
        None means ``np.random.default_rng()``.

    Returns
    -------
    W : ndarray of shape (fan_in, fan_out), float64
        If ``fan_in >= fan_out`` the columns are orthonormal: $W^\top W = g^2 I_{n_{out}}$;
        otherwise the rows are: $W W^\top = g^2 I_{n_{in}}$.
    """
    fan_in, fan_out = _check_fans(fan_in, fan_out)
    gain = float(gain)
    if not np.isfinite(gain):
        raise ValueError(f"gain must be finite, got {gain}")
    tall = fan_in >= fan_out
    shape = (fan_in, fan_out) if tall else (fan_out, fan_in)
    a = _rng(rng).standard_normal(shape)
    q, r = np.linalg.qr(a)                    # q: (m, n) with orthonormal columns
    signs = np.sign(np.diag(r))
    signs[signs == 0] = 1.0                   # measure-zero case; keep q orthonormal
    q = q * signs
    return gain * (q if tall else q.T)


_BY_NAME = {
    "zeros": lambda fan_in, fan_out, rng=None: zeros(fan_in, fan_out),
    "xavier_normal": xavier_normal,
    "xavier_uniform": xavier_uniform,
    "glorot_normal": xavier_normal,
    "glorot_uniform": xavier_uniform,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
    "orthogonal": orthogonal,
}


def get(name):
    """Initializer by name (``"he_normal"``, ``"xavier_uniform"``, ``"orthogonal"``, ``"zeros"``, ...).

    Returns a callable ``init(fan_in, fan_out, rng=None)``; raises ValueError for an unknown name.
    """
    if callable(name):
        return name
    if not isinstance(name, str) or name not in _BY_NAME:
        raise ValueError(f"unknown initializer {name!r}; choose one of {sorted(_BY_NAME)} or pass a "
                         "callable init(fan_in, fan_out, rng)")
    return _BY_NAME[name]


def lsuv(model, X, rng=None, tol=0.1, max_iter=10):
    r"""Layer-sequential unit-variance initialization (Mishkin & Matas 2016, Algorithm 1).

    1. Give every Dense layer orthonormal weights (:func:`orthogonal`) and zero biases.
    2. From the first Dense layer to the last: run the batch ``X`` through the network, take the
       layer's output $z = aW + b$ and its variance $\operatorname{Var}(z)$ over all
       entries; while $|\operatorname{Var}(z) - 1| \ge$ ``tol`` and fewer than ``max_iter``
       rescalings were made, set $W \leftarrow W / \sqrt{\operatorname{Var}(z)}$.

    Parameters
    ----------
    model : nnlib.model.Sequential
        Not modified.
    X : array_like of shape (N, D)
        A batch of inputs (the paper uses one mini-batch); N >= 2.
    rng : np.random.Generator or None, default None
        For the orthonormal draw; None means ``np.random.default_rng()``.
    tol : float, default 0.1
        Tolerance on $|\operatorname{Var}(z) - 1|$ (the paper's $Tol_{var}$).
    max_iter : int, default 10
        Maximum rescalings per layer (the paper's $T_{max}$).

    Returns
    -------
    new_model : nnlib.model.Sequential
        A deep copy of ``model`` with the new weights (same dtype as before). Dropout layers are
        evaluated in inference mode (identity) while measuring.
    """
    from nnlib.layers import Dense  # local: nnlib.layers imports this module

    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] < 2:
        raise ValueError(f"lsuv needs a batch X of shape (N, D) with N >= 2, got shape {X.shape}")
    if not float(tol) > 0:
        raise ValueError(f"tol must be > 0, got {tol}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}")
    rng = _rng(rng)
    new = copy.deepcopy(model)
    layers = list(new.layers)
    if not any(isinstance(layer, Dense) for layer in layers):
        raise ValueError("lsuv needs a model with at least one Dense layer")
    for layer in layers:
        if isinstance(layer, Dense):
            W = layer.params["W"]
            layer.params["W"] = orthogonal(*W.shape, rng=rng).astype(W.dtype)
            layer.params["b"] = np.zeros_like(layer.params["b"])

    a = X
    for layer in layers:
        if isinstance(layer, Dense):
            for _ in range(max_iter):
                var = float(np.var(layer.forward(a, train=False)))
                if abs(var - 1.0) < tol:
                    break
                if var == 0.0:
                    raise ValueError("lsuv: a layer's output has zero variance on X; use a batch "
                                     "with varied inputs")
                # var ** 0.5 is a Python float: dividing keeps a float32 W in float32
                # (np.sqrt(var) would be a float64 scalar and upcast it).
                layer.params["W"] = layer.params["W"] / var ** 0.5
        a = layer.forward(a, train=False)
    return new
