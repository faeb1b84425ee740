r"""Weight initialization for a dense layer $z = aW + b$.

Every initializer is a function ``init(fan_in, fan_out, rng)`` returning a new float64 array
``W`` of shape ``(fan_in, fan_out)`` (PyTorch stores the transpose; the formulas are the same as
``torch.nn.init``'s). ``rng`` is an ``np.random.Generator``, required (see ``nnlib._util``).
Each scheme fixes a standard deviation $\sigma$; its uniform variant draws $U(-r, r)$ with the
same variance, $r = \sqrt 3\,\sigma$ (since $\operatorname{Var} U(-r, r) = r^2/3$).

LSUV, which needs a model and data, is :func:`nnlib.model.lsuv` (``nnlib.init.lsuv`` still works).
"""

import numpy as np

from nnlib._util import check_rng

__all__ = ["zeros", "normal", "xavier_normal", "xavier_uniform", "he_normal", "he_uniform",
           "orthogonal", "get"]


def zeros(fan_in, fan_out, rng=None):
    """All-zero weights: every hidden unit then computes and learns the same thing (the
    symmetry problem); fine for biases, or to show that failure."""
    return np.zeros((fan_in, fan_out))


def normal(fan_in, fan_out, std, rng=None):
    r"""$W_{ij} \sim \mathcal N(0, \sigma^2)$ with a fixed ``std`` $\sigma$ (e.g. 0.01, the classic
    "small random numbers")."""
    return check_rng(rng, "normal").normal(0.0, std, size=(fan_in, fan_out))


def _uniform(fan_in, fan_out, std, rng, name):
    """$U(-r, r)$ with $r = \\sqrt 3\\,\\sigma$: the uniform law of standard deviation ``std``."""
    r = np.sqrt(3.0) * std
    return check_rng(rng, name).uniform(-r, r, size=(fan_in, fan_out))


def xavier_normal(fan_in, fan_out, rng=None):
    r"""Xavier/Glorot normal (Glorot & Bengio 2010): $\sigma^2 = 2/(n_{in} + n_{out})$, which keeps
    the variance of activations and of gradients about constant for tanh-like activations
    (``torch.nn.init.xavier_normal_``)."""
    std = np.sqrt(2.0 / (fan_in + fan_out))
    return check_rng(rng, "xavier_normal").normal(0.0, std, size=(fan_in, fan_out))


def xavier_uniform(fan_in, fan_out, rng=None):
    r"""Xavier/Glorot uniform: the same $\sigma$ as :func:`xavier_normal`, so
    $r = \sqrt{6/(n_{in} + n_{out})}$ (``torch.nn.init.xavier_uniform_``)."""
    return _uniform(fan_in, fan_out, np.sqrt(2.0 / (fan_in + fan_out)), rng, "xavier_uniform")


def he_normal(fan_in, fan_out, rng=None):
    r"""He/Kaiming normal (He et al. 2015): $\sigma^2 = 2/n_{in}$; ReLU zeroes half its inputs,
    hence the gain $\sqrt 2$ (``torch.nn.init.kaiming_normal_``, fan-in mode, ReLU)."""
    std = np.sqrt(2.0 / fan_in)
    return check_rng(rng, "he_normal").normal(0.0, std, size=(fan_in, fan_out))


def he_uniform(fan_in, fan_out, rng=None):
    r"""He/Kaiming uniform: the same $\sigma$ as :func:`he_normal`, so $r = \sqrt{6/n_{in}}$
    (``torch.nn.init.kaiming_uniform_``, fan-in mode, ReLU)."""
    return _uniform(fan_in, fan_out, np.sqrt(2.0 / fan_in), rng, "he_uniform")


def orthogonal(fan_in, fan_out, rng=None, *, gain=1.0):
    r"""(Semi-)orthogonal weights times ``gain`` (Saxe et al. 2014; ``torch.nn.init.orthogonal_``).

    QR-factor a tall Gaussian matrix $A = QR$ and flip column $j$ of $Q$ by the sign of
    $R_{jj}$ (then $Q$ is uniformly distributed). If ``fan_in >= fan_out`` the columns are
    orthonormal, $W^\top W = g^2 I$; otherwise the rows are, $W W^\top = g^2 I$.
    """
    A = check_rng(rng, "orthogonal").standard_normal((max(fan_in, fan_out), min(fan_in, fan_out)))
    Q, R = np.linalg.qr(A)
    Q = Q * np.where(np.diag(R) < 0, -1.0, 1.0)
    return gain * (Q if fan_in >= fan_out else Q.T)


_BY_NAME = {"zeros": zeros, "xavier_normal": xavier_normal, "xavier_uniform": xavier_uniform,
            "glorot_normal": xavier_normal, "glorot_uniform": xavier_uniform,
            "he_normal": he_normal, "he_uniform": he_uniform, "orthogonal": orthogonal}


def get(name):
    """The initializer called ``name`` (``"he_normal"``, ``"xavier_uniform"``, ...); a callable
    ``init(fan_in, fan_out, rng)`` is returned as it is."""
    if callable(name):
        return name
    if name not in _BY_NAME:
        raise ValueError(f"unknown initializer {name!r}; choose one of {sorted(_BY_NAME)} or pass "
                         "a callable init(fan_in, fan_out, rng)")
    return _BY_NAME[name]


def __getattr__(name):
    if name == "lsuv":   # moved to the model level; imported lazily (nnlib.model imports this module)
        from nnlib.model import lsuv
        return lsuv
    raise AttributeError(f"module 'nnlib.init' has no attribute {name!r}")
