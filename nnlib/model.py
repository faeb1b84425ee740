r"""A sequential network with L2 weight decay, and ``mlp`` to build one from layer sizes.

Parameter names. ``Sequential.params()`` and ``Sequential.grads()`` return flat dicts keyed by
the course's code names: the k-th Dense layer (counting from 1) owns ``"W{k}"`` and ``"b{k}"``
(``W1, b1, W2, b2, ...`` as in $W^{[1]}, b^{[1]}, \ldots$). Layers without parameters take no
number. These are the keys the optimizers in :mod:`nnlib.optim` see (their state is kept per key).

L2 convention (the lecture's, see the notation page): the cost minimised is

$$J = L + \lambda \sum_k \lVert W^{[k]} \rVert_F^2, \qquad
\frac{\partial J}{\partial W^{[k]}} = \frac{\partial L}{\partial W^{[k]}} + 2\lambda W^{[k]},$$

weights only, biases not penalised. PyTorch's ``weight_decay=wd`` corresponds to
$\lambda = wd/2$.
"""

import numpy as np

from nnlib.layers import Activation, Dense, Dropout

__all__ = ["Sequential", "mlp"]


class Sequential:
    r"""Layers applied one after the other: $a^{[k]} = \text{layer}_k(a^{[k-1]})$, $a^{[0]} = X$.

    Parameters
    ----------
    layers : list of layers
        Objects with ``forward(x, train)``, ``backward(dout, input_grad)``, ``params``, ``grads``
        (see :mod:`nnlib.layers`). The list is copied; the layers are not.
    l2 : float, default 0.0
        $\lambda \ge 0$ of the penalty $\lambda \sum W^2$ (weights only).
    """

    def __init__(self, layers, l2=0.0):
        layers = list(layers)
        if not layers:
            raise ValueError("Sequential needs at least one layer")
        for i, layer in enumerate(layers):
            if not (hasattr(layer, "forward") and hasattr(layer, "backward")):
                raise TypeError(f"Sequential: item {i} ({type(layer).__name__}) is not a layer "
                                "(it needs forward and backward methods)")
        if isinstance(l2, bool) or not isinstance(l2, (int, float, np.integer, np.floating)):
            raise TypeError(f"l2 must be a number, got {type(l2).__name__}")
        if not (np.isfinite(l2) and l2 >= 0):
            raise ValueError(f"l2 (lambda) must be a finite number >= 0, got {l2}")
        self.layers = layers
        self.l2 = float(l2)   # a Python float keeps float32 arithmetic in float32
        self._names = {}      # layer index -> its number k in "W{k}"
        for i, layer in enumerate(layers):
            if getattr(layer, "params", None):
                self._names[i] = len(self._names) + 1

    def __repr__(self):
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"Sequential([{inner}], l2={self.l2})"

    def forward(self, X, train=True):
        """X (N, D) → output (N, M) (logits for classification). ``train=False``: dropout off."""
        a = X
        for layer in self.layers:
            a = layer.forward(a, train=train)
        return a

    __call__ = forward

    def backward(self, dout, input_grad=False):
        r"""Backpropagate $\partial L/\partial\,\text{output}$ (N, M) through all layers.

        Afterwards ``grads()`` holds $\partial J/\partial W^{[k]}$ (including $2\lambda W^{[k]}$)
        and $\partial J/\partial b^{[k]}$. Returns $\partial L/\partial X$ (N, D) if
        ``input_grad`` is True, else None (default: the first layer then skips that product).
        """
        last = len(self.layers) - 1
        for i in range(last, -1, -1):
            dout = self.layers[i].backward(dout, input_grad=(i > 0 or input_grad))
        if self.l2:
            for i in self._names:
                layer = self.layers[i]
                layer.grads["W"] += (2.0 * self.l2) * layer.params["W"]  # in place on our own dW
        return dout

    def params(self):
        """Flat dict ``{"W1": W, "b1": b, "W2": ...}`` of the live parameter arrays (not copies)."""
        out = {}
        for i, k in self._names.items():
            for key, value in self.layers[i].params.items():
                out[f"{key}{k}"] = value
        return out

    def grads(self):
        """Flat dict of the gradients of the last ``backward``, same keys as :meth:`params`."""
        out = {}
        for i, k in self._names.items():
            for key, value in self.layers[i].grads.items():
                out[f"{key}{k}"] = value
        return out

    def set_params(self, params):
        """Put arrays from a dict with the keys of :meth:`params` into the layers (no copy)."""
        current = self.params()
        if set(params) != set(current):
            raise ValueError(f"set_params expects keys {sorted(current)}, got {sorted(params)}")
        for i, k in self._names.items():
            layer = self.layers[i]
            for key in layer.params:
                value = np.asarray(params[f"{key}{k}"])
                if value.shape != layer.params[key].shape:
                    raise ValueError(f"set_params: {key}{k} should have shape "
                                     f"{layer.params[key].shape}, got {value.shape}")
                layer.params[key] = value

    def penalty(self):
        r"""The L2 term $\lambda \sum_k \lVert W^{[k]} \rVert_F^2$ (0.0 when ``l2 == 0``)."""
        if not self.l2:
            return 0.0
        total = 0.0
        for i in self._names:
            W = self.layers[i].params["W"].ravel()
            total += float(np.dot(W, W))   # sum of squares without a temporary
        return self.l2 * total

    def predict_proba(self, X):
        r"""Class probabilities $P = \operatorname{softmax}(z)$ of the logits, (N, D) → (N, K)."""
        from nnlib.activations import softmax
        return softmax(self.forward(X, train=False), axis=1)

    def predict(self, X):
        r"""Predicted class labels $\arg\max_k z_{ik}$, (N, D) → (N,) ints.

        For a regression network use ``forward(X, train=False)`` instead.
        """
        return np.argmax(self.forward(X, train=False), axis=1)


def mlp(sizes, activation="relu", init="he_normal", dropout=0.0, l2=0.0, rng=None, dtype=np.float64):
    r"""A multilayer perceptron: Dense → activation [→ Dropout] for each hidden layer, then Dense.

    ``mlp([64, 64, 10])`` is ``Dense(64→64), ReLU, Dense(64→10)``; the last layer has no
    activation (its outputs are logits for the softmax cross-entropy, or values for MSE).

    Parameters
    ----------
    sizes : sequence of int
        Layer widths ``[D, h1, ..., M]``, at least two entries.
    activation : str, default "relu"
        Hidden activation, a name for :class:`nnlib.layers.Activation`.
    init : str or callable, default "he_normal"
        Weight initializer for every Dense layer (see :class:`nnlib.layers.Dense`).
    dropout : float, default 0.0
        Drop probability ``p`` of a Dropout after each hidden activation; 0 adds none.
    l2 : float, default 0.0
        $\lambda$ of the L2 penalty.
    rng : np.random.Generator or None, default None
        Shared by the initializers and dropout masks; None means ``np.random.default_rng()``.
    dtype : numpy dtype, default np.float64
        Parameter dtype (``np.float32`` for speed).

    Returns
    -------
    Sequential
    """
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(f"mlp needs at least two sizes [n_in, n_out], got {sizes}")
    if rng is None:
        rng = np.random.default_rng()
    layers = []
    for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(Dense(n_in, n_out, init=init, rng=rng, dtype=dtype))
        if k < len(sizes) - 2:
            layers.append(Activation(activation))
            if dropout:
                layers.append(Dropout(dropout, rng=rng))
    return Sequential(layers, l2=l2)
