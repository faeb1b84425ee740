r"""Training loop: batch, stochastic and mini-batch gradient descent, with a per-epoch history.

One epoch visits every training sample once. The three modes of the lecture differ only in the
batch size B: ``"batch"`` (B = N, one update per epoch), ``"stochastic"`` (B = 1) and
``"minibatch"`` (1 < B < N, $\lceil N/B \rceil$ updates, the last batch holding what remains);
the last two shuffle the samples every epoch with ``rng``. Each update:
$z = \text{model}(X_B)$, $J = L(y_B, z) + \lambda\sum W^2$, backpropagate, step the optimizer.
"""

import time
from dataclasses import dataclass, field

import numpy as np

from nnlib import losses
from nnlib.fast import FlatStep
from nnlib._util import check_rng

__all__ = ["History", "fit", "evaluate", "LOSSES"]

# name -> (L(y, z), dL/dz(y, z), is_classification)
LOSSES = {
    "softmax_cross_entropy": (losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad, True),
    "mse": (losses.mse, losses.mse_grad, False),
}
_AUTO_PROGRESS_SECONDS = 3.0   # progress="auto" shows a bar when the run should take longer


@dataclass
class History:
    r"""What :func:`fit` measured, one entry per epoch: training cost ``loss`` ($J$, the
    sample-weighted mean over the epoch's mini-batches, in training mode) and ``accuracy``;
    ``val_loss`` and ``val_accuracy`` from :func:`evaluate` at the end of each epoch; the ``lr``
    used and the wall-clock ``seconds``. Accuracies are empty for regression."""

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    lr: list = field(default_factory=list)
    seconds: list = field(default_factory=list)

    @property
    def epochs(self):
        """``[1, 2, ..., E]`` (for plotting)."""
        return list(range(1, len(self.loss) + 1))

    def __getitem__(self, key):
        return self.as_dict()[key]

    def as_dict(self):
        return {name: getattr(self, name) for name in
                ("loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds")}


def _loss(name):
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; choose one of {sorted(LOSSES)}")
    return LOSSES[name]


def _labels(y):
    return np.argmax(y, axis=1) if y.ndim == 2 else y


def _data(X, y, xname="X", yname="y"):
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"{xname} must have shape (N, D); got shape {X.shape}")
    if len(X) != len(y):
        raise ValueError(f"{xname} and {yname} must have the same number of samples; got {len(X)} and {len(y)}")
    return X, y


def evaluate(model, X, y, loss="softmax_cross_entropy"):
    r"""``{"loss": J, "accuracy": acc}`` of ``model`` on ``(X, y)`` with dropout off, where
    $J = L + \lambda \sum W^2$ and acc is the fraction of correct arg-max predictions (regression,
    ``loss="mse"``: ``{"loss": J}`` only)."""
    f, _, classify = _loss(loss)
    X, y = _data(X, y)
    z = model.forward(X, train=False)
    out = {"loss": f(y, z) + model.penalty()}
    if classify:
        out["accuracy"] = float(np.mean(np.argmax(z, axis=1) == _labels(y)))
    return out


def _batch_size(mode, batch_size, n):
    """B from ``mode`` and ``batch_size``, refusing combinations that contradict each other."""
    if batch_size is not None and not 1 <= batch_size <= n:
        raise ValueError(f"batch_size must be in [1, N] = [1, {n}]; got {batch_size}")
    expected = {None: batch_size or n, "batch": n, "stochastic": 1, "minibatch": batch_size}
    if mode not in expected:
        raise ValueError(f"unknown mode {mode!r}; choose 'batch', 'stochastic' or 'minibatch'")
    if expected[mode] is None:
        raise ValueError("mode='minibatch' needs a batch_size (e.g. 32)")
    if batch_size is not None and batch_size != expected[mode]:
        raise ValueError(f"mode={mode!r} uses batches of {expected[mode]} samples; got batch_size={batch_size}")
    return expected[mode]


def fit(model, X, y, *, optimizer, epochs=10, loss="softmax_cross_entropy", batch_size=None,
        mode=None, rng=None, X_val=None, y_val=None, schedule=None, progress="auto", fast=True):
    """Train ``model`` on ``(X, y)`` (its parameters are updated in place); return a :class:`History`.

    Parameters
    ----------
    model : nnlib.model.Sequential
    X : array_like, shape (N, D)
    y : labels (N,) or one-hot rows (N, K) for ``"softmax_cross_entropy"``; targets shaped like
        the output for ``"mse"``.
    optimizer : an :mod:`nnlib.optim` optimizer (``step(params, grads)`` and ``lr``).
    epochs : int, default 10
    loss : {"softmax_cross_entropy", "mse"}, default "softmax_cross_entropy"
    batch_size : int or None, default None   None: all N samples (batch GD).
    mode : {"batch", "stochastic", "minibatch"} or None   None: from ``batch_size``.
    rng : np.random.Generator   shuffles the samples every epoch (not needed for batch GD).
    X_val, y_val : array_like or None   evaluated after every epoch.
    schedule : callable or None   ``schedule(epoch) -> lr``, epoch from 0, set at each epoch's start.
    progress : "auto", True or False   a tqdm bar over the epochs ("auto": if the run looks > 3 s).
    fast : bool, default True
        Step the optimizer through :mod:`nnlib.fast` (one parameter vector, the speed devices);
        False: ``optimizer.step(model.params(), model.grads())`` on the named arrays ``W1, b1, ...``,
        the readable path. The same trajectory either way; the optimizer's state is then keyed
        ``"theta"``. An optimizer with a ``step`` of its own always takes the readable path.
    """
    f, f_grad, classify = _loss(loss)
    X, y = _data(X, y)
    if (X_val is None) != (y_val is None):
        raise ValueError("pass both X_val and y_val, or neither")
    if X_val is not None:
        X_val, y_val = _data(X_val, y_val, "X_val", "y_val")
    n = len(X)
    B = _batch_size(mode, batch_size, n)
    if B < n:
        check_rng(rng, "fit (to shuffle the samples)")
    fast = fast and FlatStep.supports(optimizer)
    flat = FlatStep(model, optimizer) if fast else None

    history = History()
    bar = _progress_bar(epochs) if progress is True else None
    for epoch in range(epochs):
        start = time.perf_counter()
        if schedule is not None:
            optimizer.lr = float(schedule(epoch))
        order = np.arange(n) if B == n else rng.permutation(n)
        total, correct = 0.0, 0
        for lo in range(0, n, B):
            xb, yb = (X, y) if B == n else (X[order[lo:lo + B]], y[order[lo:lo + B]])
            z = model.forward(xb, train=True)
            total += (f(yb, z) + model.penalty()) * len(xb)
            if classify:
                correct += int(np.sum(np.argmax(z, axis=1) == _labels(yb)))
            model.backward(f_grad(yb, z))
            if fast:
                flat.step()
            else:
                optimizer.step(model.params(), model.grads())
        history.loss.append(total / n)
        if classify:
            history.accuracy.append(correct / n)
        if X_val is not None:
            scores = evaluate(model, X_val, y_val, loss)
            history.val_loss.append(scores["loss"])
            if classify:
                history.val_accuracy.append(scores["accuracy"])
        history.lr.append(float(optimizer.lr))
        history.seconds.append(time.perf_counter() - start)
        if bar is None and progress == "auto" and epoch == 0 and history.seconds[0] * epochs > _AUTO_PROGRESS_SECONDS:
            bar = _progress_bar(epochs)
        if bar is not None:
            bar.update(1)
            bar.set_postfix(loss=f"{history.loss[-1]:.4g}")
    if bar is not None:
        bar.close()
    return history


def _progress_bar(total):
    from tqdm.auto import tqdm   # imported only when a bar is shown
    return tqdm(total=total, unit="epoch", leave=False)
