r"""Layers with forward/backward pairs (the CS231n style): dense, activations, dropout.

Every layer has

* ``params`` -- dict of its parameter arrays (empty for layers without parameters);
* ``forward(x, train=True)`` -- returns the output and keeps what ``backward`` needs (the cache);
* ``backward(dout, input_grad=True)`` -- takes $\partial L/\partial\,\text{out}$ (same shape as
  the output), stores $\partial L/\partial\,\text{param}$ in ``grads`` (same keys as
  ``params``) and returns $\partial L/\partial x$ (or None when ``input_grad=False``, which
  saves one matrix product for the first layer of a network).

Shapes: N samples, ``n_in`` = D input features, ``n_out`` = M outputs. No layer modifies its
inputs; ``forward`` and ``backward`` always return new arrays (``Dropout`` in inference mode
returns its input unchanged, as PyTorch does).
"""

import numpy as np

from nnlib import activations
from nnlib import init as _init

__all__ = ["Layer", "Dense", "Activation", "ReLU", "Sigmoid", "Tanh", "LeakyReLU", "ELU", "Dropout"]


class Layer:
    """Base class: no parameters, ``forward``/``backward`` to be overridden."""

    def __init__(self):
        self.params = {}
        self.grads = {}

    def forward(self, x, train=True):
        raise NotImplementedError

    def backward(self, dout, input_grad=True):
        raise NotImplementedError

    def _cached(self, name):
        value = getattr(self, name, None)
        if value is None:
            raise RuntimeError(f"{type(self).__name__}.backward called before forward")
        return value


def _check_2d(a, what, n_cols, layer):
    if a.ndim != 2 or a.shape[1] != n_cols:
        raise ValueError(f"{layer!r} expects {what} with {n_cols} features, got shape {a.shape}")


class Dense(Layer):
    r"""Fully connected layer $z = aW + b$ (course convention: ``W`` is (n_in, n_out), the
    transpose of ``torch.nn.Linear.weight``, so ``Linear`` computes $z = aW_{torch}^\top + b$).

    Parameters
    ----------
    n_in, n_out : int
        Input features (fan-in) and outputs (fan-out).
    init : str or callable, default "he_normal"
        Name of a :mod:`nnlib.init` initializer (``"he_normal"``, ``"xavier_uniform"``, ...) or a
        callable ``init(n_in, n_out, rng=rng)`` returning a ``(n_in, n_out)`` array. Biases start at 0.
    rng : np.random.Generator or None, default None
        For the initial weights; None means ``np.random.default_rng()``.
    dtype : numpy dtype, default np.float64
        Parameter dtype. Inputs and upstream gradients are converted to it, so a float32 layer
        computes in float32 end to end (half the memory traffic of float64).

    Attributes
    ----------
    params : dict
        ``"W"``: (n_in, n_out), ``"b"``: (n_out,).
    grads : dict
        After ``backward``: ``"W"``: $\partial L/\partial W = a^\top\,\delta$ (n_in, n_out),
        ``"b"``: $\partial L/\partial b = \sum_i \delta_i$ (n_out,), where
        $\delta = \partial L/\partial z$ (N, n_out).
    """

    def __init__(self, n_in, n_out, init="he_normal", rng=None, dtype=np.float64):
        super().__init__()
        for name, value in (("n_in", n_in), ("n_out", n_out)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(f"Dense: {name} must be a positive integer, got {value!r}")
        self.dtype = np.dtype(dtype)
        if self.dtype.kind != "f":
            raise TypeError(f"Dense: dtype must be a floating type, got {self.dtype}")
        self.n_in, self.n_out = int(n_in), int(n_out)
        W = np.asarray(_init.get(init)(self.n_in, self.n_out, rng=rng))
        if W.shape != (self.n_in, self.n_out):
            raise ValueError(f"Dense: init returned shape {W.shape}, expected {(self.n_in, self.n_out)}")
        self.params = {"W": W.astype(self.dtype), "b": np.zeros(self.n_out, dtype=self.dtype)}
        self._x = None

    def __repr__(self):
        return f"Dense({self.n_in}→{self.n_out})"

    def forward(self, x, train=True):
        r"""$z = xW + b$: x (N, n_in) → z (N, n_out). ``train`` is ignored."""
        x = np.asarray(x, dtype=self.dtype)      # no copy when x already has the layer's dtype
        _check_2d(x, "input", self.n_in, self)
        self._x = x
        z = x @ self.params["W"]
        z += self.params["b"]                    # in place on our own new array: no temporary
        return z

    def backward(self, dout, input_grad=True):
        r"""Backward pass with $\delta = \partial L/\partial z$ = ``dout`` (N, n_out).

        Sets ``grads`` to $\partial L/\partial W = x^\top \delta$ (n_in, n_out) and
        $\partial L/\partial b = \sum_i \delta_i$ (n_out,); returns
        $\partial L/\partial x = \delta W^\top$ (N, n_in), or None if ``input_grad`` is False.
        """
        x = self._cached("_x")
        dout = np.asarray(dout, dtype=self.dtype)
        if dout.shape != (x.shape[0], self.n_out):
            raise ValueError(f"{self!r}.backward expects dout of shape {(x.shape[0], self.n_out)}, "
                             f"got {dout.shape}")
        self.grads = {"W": x.T @ dout, "b": dout.sum(axis=0)}
        return dout @ self.params["W"].T if input_grad else None


class Activation(Layer):
    r"""Elementwise activation $a = f(z)$ from :mod:`nnlib.activations`, by name.

    Parameters
    ----------
    name : str
        ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"``, ``"elu"`` (any name
        ``nnlib.activations.get`` knows, except softmax: use the softmax cross-entropy loss on logits).
    **kwargs
        Extra arguments of the function, e.g. ``alpha`` for leaky_relu (default 0.01) and elu (1.0).

    Shapes: z (N, M) → a (N, M); backward $\partial L/\partial z = \partial L/\partial a \odot f'(z)$.
    """

    def __init__(self, name, **kwargs):
        super().__init__()
        if name == "softmax":
            raise ValueError("Activation('softmax') is not a layer here: end the network with logits "
                             "and use the softmax_cross_entropy loss")
        self.name = name
        self.kwargs = dict(kwargs)
        self._f, self._f_grad = activations.get(name)
        self._z = None

    def __repr__(self):
        extra = "".join(f", {k}={v!r}" for k, v in self.kwargs.items())
        return f"Activation({self.name!r}{extra})"

    def forward(self, z, train=True):
        z = np.asarray(z)
        self._z = z
        return self._f(z, **self.kwargs)

    def backward(self, dout, input_grad=True):
        z = self._cached("_z")
        dout = np.asarray(dout)
        if dout.shape != z.shape:
            raise ValueError(f"{self!r}.backward expects dout of shape {z.shape}, got {dout.shape}")
        if not input_grad:
            return None
        # dtype=dout.dtype keeps float32 networks in float32 even if f' returns float64.
        return np.multiply(dout, self._f_grad(z, **self.kwargs), dtype=dout.dtype)


class ReLU(Activation):
    r"""$\mathrm{ReLU}(z) = \max(0, z)$; shapes (N, M) → (N, M)."""

    def __init__(self):
        super().__init__("relu")


class Sigmoid(Activation):
    r"""$\sigma(z) = 1/(1+e^{-z})$; shapes (N, M) → (N, M)."""

    def __init__(self):
        super().__init__("sigmoid")


class Tanh(Activation):
    r"""$\tanh(z)$; shapes (N, M) → (N, M)."""

    def __init__(self):
        super().__init__("tanh")


class LeakyReLU(Activation):
    r"""$\max(\alpha z, z)$ for $0 \le \alpha < 1$, default ``alpha=0.01``; (N, M) → (N, M)."""

    def __init__(self, alpha=0.01):
        super().__init__("leaky_relu", alpha=float(alpha))


class ELU(Activation):
    r"""$z$ if $z > 0$ else $\alpha(e^z - 1)$, default ``alpha=1.0`` (Clevert et al. 2016)."""

    def __init__(self, alpha=1.0):
        super().__init__("elu", alpha=float(alpha))


class Dropout(Layer):
    r"""Inverted dropout (Srivastava et al. 2014), PyTorch's convention.

    In training every unit is dropped independently with probability ``p`` and the kept ones
    are scaled by $1/(1-p)$, so the expected output equals the input:
    $\text{out} = x \odot m / (1-p)$, $m_{ij} \sim \text{Bernoulli}(1-p)$.
    In inference (``train=False``) the layer is the identity.

    Parameters
    ----------
    p : float
        Probability of **dropping** a unit, $0 \le p < 1$.
    rng : np.random.Generator or None, default None
        Source of the masks; None means ``np.random.default_rng()``.

    Shapes: x (N, M) → out (N, M) (any shape works). ``backward`` multiplies by the same
    scaled mask as the last training ``forward``.
    """

    def __init__(self, p, rng=None):
        super().__init__()
        if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)):
            raise TypeError(f"Dropout: p must be a number, got {type(p).__name__}")
        if not 0.0 <= float(p) < 1.0:
            raise ValueError(f"Dropout: p is the probability of dropping a unit and must be in [0, 1), "
                             f"got {p}")
        if rng is not None and not isinstance(rng, np.random.Generator):
            raise TypeError(f"Dropout: rng must be an np.random.Generator or None, got {type(rng).__name__}")
        self.p = float(p)
        self.rng = np.random.default_rng() if rng is None else rng
        self._scaled_mask = None
        self._shape = None

    def __repr__(self):
        return f"Dropout(p={self.p})"

    def forward(self, x, train=True):
        x = np.asarray(x)
        self._shape = x.shape
        if not train or self.p == 0.0:
            self._scaled_mask = None             # backward is then the identity too
            return x
        dtype = x.dtype if x.dtype in (np.float32, np.float64) else np.dtype(np.float64)
        keep = self.rng.random(x.shape, dtype=dtype) >= self.p          # P(keep) = 1 - p
        self._scaled_mask = keep * dtype.type(1.0 / (1.0 - self.p))     # 0 or 1/(1-p), dtype kept
        return x * self._scaled_mask

    def backward(self, dout, input_grad=True):
        if self._shape is None:
            raise RuntimeError("Dropout.backward called before forward")
        dout = np.asarray(dout)
        if dout.shape != self._shape:
            raise ValueError(f"{self!r}.backward expects dout of shape {self._shape}, got {dout.shape}")
        if not input_grad:
            return None
        return dout.copy() if self._scaled_mask is None else dout * self._scaled_mask
