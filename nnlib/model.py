r"""A sequential network with L2 weight decay; ``mlp`` builds one from layer sizes, ``lsuv``
initializes one from data.

Parameter names: ``params()`` and ``grads()`` are flat dicts keyed by the course's code names,
the k-th Dense layer (from 1) owning ``"W{k}"`` and ``"b{k}"`` ($W^{[k]}, b^{[k]}$). These are the
keys the optimizers of :mod:`nnlib.optim` see.

L2 (the lecture's convention, see the notation page): the cost minimised is
$J = L + \lambda \sum_k \lVert W^{[k]} \rVert_F^2$, so $\partial J/\partial W^{[k]} =
\partial L/\partial W^{[k]} + 2\lambda W^{[k]}$; biases are not penalised. PyTorch's
``weight_decay=wd`` is $\lambda = wd/2$.
"""

import copy

import numpy as np

from nnlib import init
from nnlib._util import check_rng
from nnlib.activations import softmax
from nnlib.layers import Activation, Dense, Dropout

__all__ = ["Sequential", "mlp", "lsuv"]


class Sequential:
    r"""Layers applied in turn: $a^{[k]} = \text{layer}_k(a^{[k-1]})$, $a^{[0]} = X$.

    Parameters
    ----------
    layers : list of layers (see :mod:`nnlib.layers`); the list is copied, the layers are not.
    l2 : float, default 0.0   $\lambda \ge 0$ of the penalty $\lambda \sum W^2$.
    """

    def __init__(self, layers, l2=0.0):
        if not l2 >= 0:
            raise ValueError(f"l2 (lambda) must be >= 0; got {l2}")
        self.layers, self.l2 = list(layers), float(l2)
        dense = [layer for layer in self.layers if layer.params]
        self._numbered = [(k, layer) for k, layer in enumerate(dense, start=1)]

    def __repr__(self):
        return f"Sequential([{', '.join(map(repr, self.layers))}], l2={self.l2})"

    def forward(self, X, train=True):
        """X (N, D) → output (N, M) (the logits for classification); ``train=False``: no dropout."""
        a = X
        for layer in self.layers:
            a = layer.forward(a, train=train)
        return a

    __call__ = forward

    def backward(self, dz, input_grad=False):
        r"""Backpropagate $dz = \partial L/\partial\,\text{output}$ (N, M) through every layer.

        Then ``grads()`` holds $\partial J/\partial W^{[k]}$ (with $2\lambda W^{[k]}$) and
        $\partial J/\partial b^{[k]}$. Returns $\partial L/\partial X$ if ``input_grad``, else None.
        """
        d = dz
        for i in range(len(self.layers) - 1, -1, -1):
            d = self.layers[i].backward(d, input_grad=i > 0 or input_grad)
        if self.l2:
            for _, layer in self._numbered:
                layer.grads["W"] = layer.grads["W"] + 2 * self.l2 * layer.params["W"]
        return d

    def params(self):
        """``{"W1": W, "b1": b, "W2": ...}``: the live parameter arrays (not copies)."""
        return {f"{key}{k}": value for k, layer in self._numbered for key, value in layer.params.items()}

    def grads(self):
        """The gradients of the last ``backward``, with the keys of :meth:`params`."""
        return {f"{key}{k}": value for k, layer in self._numbered for key, value in layer.grads.items()}

    def set_params(self, params):
        """Put the arrays of a dict with the keys of :meth:`params` into the layers (no copy)."""
        current = self.params()
        if set(params) != set(current):
            raise ValueError(f"set_params expects keys {sorted(current)}; got {sorted(params)}")
        for k, layer in self._numbered:
            for key, old in layer.params.items():
                new = np.asarray(params[f"{key}{k}"])
                if new.shape != old.shape:
                    raise ValueError(f"set_params: {key}{k} should have shape {old.shape}; got {new.shape}")
                layer.params[key] = new

    def penalty(self):
        r"""The L2 term $\lambda \sum_k \lVert W^{[k]} \rVert_F^2$."""
        if not self.l2:
            return 0.0
        return self.l2 * sum(float(np.sum(layer.params["W"] ** 2)) for _, layer in self._numbered)

    def predict_proba(self, X):
        r"""Class probabilities $P = \operatorname{softmax}(z)$, (N, D) → (N, K)."""
        return softmax(self.forward(X, train=False), axis=1)

    def predict(self, X):
        r"""Predicted labels $\arg\max_k z_{ik}$, (N, D) → (N,)."""
        return np.argmax(self.forward(X, train=False), axis=1)


def mlp(sizes, activation="relu", init="he_normal", dropout=0.0, l2=0.0, rng=None, dtype=np.float64):
    r"""A multilayer perceptron: Dense → activation [→ Dropout] per hidden layer, then Dense.

    ``mlp([64, 64, 10])`` is Dense(64→64), ReLU, Dense(64→10): the output layer has no activation
    (logits for the softmax cross-entropy, values for MSE).

    Parameters
    ----------
    sizes : list of int   widths ``[D, h1, ..., M]``.
    activation : str, default "relu"   hidden activation (:class:`nnlib.layers.Activation`).
    init : str or callable, default "he_normal"   weight initializer of every Dense layer.
    dropout : float, default 0.0   drop probability after each hidden activation (0: no Dropout).
    l2 : float, default 0.0   $\lambda$ of the L2 penalty.
    rng : np.random.Generator   shared by the initializers and the dropout masks.
    dtype : default np.float64   parameter dtype (``np.float32`` for speed).
    """
    layers = []
    for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(Dense(n_in, n_out, init=init, rng=rng, dtype=dtype))
        if k < len(sizes) - 2:
            layers.append(Activation(activation))
            if dropout:
                layers.append(Dropout(dropout, rng=rng))
    return Sequential(layers, l2=l2)


def lsuv(model, X, rng=None, tol=0.1, max_iter=10):
    r"""Layer-sequential unit-variance initialization (Mishkin & Matas 2016, Algorithm 1).

    Give every Dense layer orthogonal weights and zero biases; then, from the first Dense layer to
    the last, feed the batch ``X`` (N, D) forward and, while $|\operatorname{Var}(z) - 1| \ge$
    ``tol`` (at most ``max_iter`` times), set $W \leftarrow W / \sqrt{\operatorname{Var}(z)}$,
    with $z$ the layer's output on the batch. Dropout is off while measuring.

    Returns a new model (a deep copy: ``model`` is not modified); ``rng`` draws the orthogonal
    weights.
    """
    check_rng(rng, "lsuv")
    new = copy.deepcopy(model)
    for layer in new.layers:
        if isinstance(layer, Dense):
            W = layer.params["W"]
            layer.params = {"W": init.orthogonal(*W.shape, rng).astype(W.dtype), "b": 0 * layer.params["b"]}
    a = X
    for layer in new.layers:
        for _ in range(max_iter if isinstance(layer, Dense) else 0):
            var = float(np.var(layer.forward(a, train=False)))
            if abs(var - 1) < tol:
                break
            layer.params["W"] = layer.params["W"] / var**0.5
        a = layer.forward(a, train=False)
    return new
