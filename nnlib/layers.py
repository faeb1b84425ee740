r"""Layers with a forward and a backward pass (the CS231n style): dense, activation, dropout.

Every layer has ``params`` and ``grads`` (dicts with the same keys; empty without parameters),
``forward(a, train=True)``, which returns the output and keeps what the backward pass needs, and
``backward(d, input_grad=True)``, which takes $d = \partial L/\partial$ output, fills ``grads``
and returns $\partial L/\partial$ input (None when ``input_grad`` is False: the first layer of a
network has no use for it and skips one matrix product).

Shapes: N samples by ``n_in`` features in, N by ``n_out`` out. Names follow the notation page:
a dense layer maps $a \to z = aW + b$, an activation $z \to a = f(z)$. No layer modifies its
inputs.
"""

import numpy as np

from nnlib import activations
from nnlib import init as _init
from nnlib._util import check_rng

__all__ = ["Layer", "Dense", "Activation", "ReLU", "Sigmoid", "Tanh", "LeakyReLU", "ELU", "Dropout"]


class Layer:
    """Base class: no parameters; ``forward`` and ``backward`` to be written by a subclass."""

    def __init__(self):
        self.params, self.grads = {}, {}

    def forward(self, a, train=True):
        raise NotImplementedError

    def backward(self, d, input_grad=True):
        raise NotImplementedError


class Dense(Layer):
    r"""Fully connected layer $z = aW + b$ with ``W`` of shape (n_in, n_out) (the transpose of
    ``torch.nn.Linear.weight``) and ``b`` of shape (n_out,), starting at 0.

    Parameters
    ----------
    n_in, n_out : int   fan-in and fan-out.
    init : str or callable, default "he_normal"   a :mod:`nnlib.init` name or ``init(n_in, n_out, rng)``.
    rng : np.random.Generator   for the initial weights.
    dtype : default np.float64   of the parameters; inputs are converted to it (float32 is faster).
    """

    def __init__(self, n_in, n_out, init="he_normal", rng=None, dtype=np.float64):
        super().__init__()
        self.n_in, self.n_out, self.dtype = n_in, n_out, np.dtype(dtype)
        W = _init.get(init)(n_in, n_out, rng=rng)
        self.params = {"W": np.asarray(W, dtype=self.dtype), "b": np.zeros(n_out, dtype=self.dtype)}

    def __repr__(self):
        return f"Dense({self.n_in}→{self.n_out})"

    def forward(self, a, train=True):
        r"""$z = aW + b$: a (N, n_in) → z (N, n_out)."""
        a = np.asarray(a, dtype=self.dtype)
        if a.ndim != 2 or a.shape[1] != self.n_in:
            raise ValueError(f"{self!r} expects an input of shape (N, {self.n_in}); got {a.shape}")
        self.a = a
        return a @ self.params["W"] + self.params["b"]

    def backward(self, dz, input_grad=True):
        r"""From $dz = \partial L/\partial z$ (N, n_out): $dW = a^\top dz$, $db = \sum_i dz_i$,
        and returns $da = dz\, W^\top$ (N, n_in)."""
        dz = np.asarray(dz, dtype=self.dtype)
        if dz.shape != (len(self.a), self.n_out):
            raise ValueError(f"{self!r}.backward expects dz of shape {(len(self.a), self.n_out)}; "
                             f"got {dz.shape}")
        self.grads = {"W": self.a.T @ dz, "b": dz.sum(axis=0)}
        return dz @ self.params["W"].T if input_grad else None


class Activation(Layer):
    r"""Elementwise activation $a = f(z)$ by name from :mod:`nnlib.activations` (``"relu"``,
    ``"sigmoid"``, ``"tanh"``, ``"leaky_relu"``, ``"elu"``, ``"identity"``); ``**kwargs`` go to
    $f$ (e.g. ``alpha``). Backward: $dz = da \odot f'(z)$. Shapes (N, M) → (N, M)."""

    def __init__(self, name, **kwargs):
        super().__init__()
        if name == "softmax":
            raise ValueError("Activation('softmax') is not a layer here: end the network with logits "
                             "and use the softmax_cross_entropy loss")
        self.name, self.kwargs = name, kwargs
        self.f, self.f_grad = activations.get(name)

    def __repr__(self):
        return f"Activation({self.name!r}{''.join(f', {k}={v!r}' for k, v in self.kwargs.items())})"

    def forward(self, z, train=True):
        self.z = np.asarray(z)
        return self.f(self.z, **self.kwargs)

    def backward(self, da, input_grad=True):
        return da * self.f_grad(self.z, **self.kwargs) if input_grad else None


class ReLU(Activation):
    r"""$\max(0, z)$."""

    def __init__(self):
        super().__init__("relu")


class Sigmoid(Activation):
    r"""$\sigma(z) = 1/(1+e^{-z})$."""

    def __init__(self):
        super().__init__("sigmoid")


class Tanh(Activation):
    r"""$\tanh(z)$."""

    def __init__(self):
        super().__init__("tanh")


class LeakyReLU(Activation):
    r"""$z$ if $z > 0$ else $\alpha z$, default ``alpha=0.01``."""

    def __init__(self, alpha=0.01):
        super().__init__("leaky_relu", alpha=alpha)


class ELU(Activation):
    r"""$z$ if $z > 0$ else $\alpha(e^z - 1)$, default ``alpha=1.0``."""

    def __init__(self, alpha=1.0):
        super().__init__("elu", alpha=alpha)


class Dropout(Layer):
    r"""Inverted dropout (Srivastava et al. 2014), PyTorch's convention.

    Training: each unit is dropped with probability ``p`` and the kept ones are scaled by
    $1/(1-p)$, so $\mathbb E[\text{out}] = a$: $\text{out} = a \odot m/(1-p)$,
    $m_{ij} \sim \text{Bernoulli}(1-p)$. Inference (``train=False``): the identity.

    Parameters
    ----------
    p : float   probability of **dropping** a unit, $0 \le p < 1$.
    rng : np.random.Generator   draws the masks.
    """

    def __init__(self, p, rng=None):
        super().__init__()
        if not 0 <= p < 1:
            raise ValueError(f"Dropout: p is the probability of dropping a unit and must be in [0, 1); "
                             f"got {p}")
        self.p, self.mask = p, None
        self.rng = check_rng(rng, "Dropout") if p > 0 else rng

    def __repr__(self):
        return f"Dropout(p={self.p})"

    def forward(self, a, train=True):
        a = np.asarray(a)
        if not train or self.p == 0:
            self.mask = None                                     # backward: the identity too
            return a
        keep = self.rng.random(a.shape) >= self.p                # m_ij ~ Bernoulli(1 - p)
        self.mask = keep.astype(a.dtype) / (1 - self.p)          # 0 or 1/(1-p)
        return a * self.mask

    def backward(self, da, input_grad=True):
        r"""$\partial L/\partial a = da \odot m/(1-p)$, the mask of the last training ``forward``."""
        if not input_grad:
            return None
        return np.array(da) if self.mask is None else da * self.mask
