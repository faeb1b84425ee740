r"""Training loop: batch, stochastic and mini-batch gradient descent, with a per-epoch history.

One epoch visits every training sample exactly once. The three modes differ only in how many
samples each update uses (the lecture's batch / stochastic / mini-batch gradient descent):

* ``"batch"``: B = N, one update per epoch on the full mean gradient (no shuffling needed);
* ``"stochastic"``: B = 1, N updates per epoch in a new random order each epoch;
* ``"minibatch"``: 1 < B < N, $\lceil N/B \rceil$ updates per epoch in a new random order; the
  last batch holds the remaining $N - B\lfloor N/B \rfloor$ samples when B does not divide N.

Each update: $z = \text{model}(X_B)$, $J = L(y_B, z) + \lambda\sum W^2$, backpropagate,
``optimizer.step(model.params(), model.grads())``.
"""

import time
from dataclasses import dataclass, field

import numpy as np

from nnlib import losses

__all__ = ["History", "fit", "evaluate", "LOSSES"]

# name -> (loss(y, z), dloss/dz(y, z), is_classification)
LOSSES = {
    "softmax_cross_entropy": (losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad, True),
    "mse": (losses.mse, losses.mse_grad, False),
}
_MODES = ("batch", "stochastic", "minibatch")
_AUTO_PROGRESS_SECONDS = 3.0   # progress="auto" shows a bar when the run should take longer


@dataclass
class History:
    r"""What ``fit`` measured, one entry per epoch (index 0 = epoch 1).

    Attributes
    ----------
    loss : list of float
        Training cost $J = L + \lambda\sum W^2$: the sample-weighted mean of the
        mini-batch losses seen during the epoch (in training mode, as Keras reports it).
    accuracy : list of float
        Training accuracy over the same mini-batches (classification only; else empty).
    val_loss, val_accuracy : list of float
        :func:`evaluate` on ``(X_val, y_val)`` at the end of the epoch (empty without validation
        data; ``val_accuracy`` empty for regression).
    lr : list of float
        Learning rate used in the epoch.
    seconds : list of float
        Wall-clock seconds of the epoch (training and validation).
    """

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    lr: list = field(default_factory=list)
    seconds: list = field(default_factory=list)

    @property
    def epochs(self):
        """Epoch numbers ``[1, 2, ..., E]`` (for plotting)."""
        return list(range(1, len(self.loss) + 1))

    def __getitem__(self, key):
        return self.as_dict()[key]

    def as_dict(self):
        """The lists by name: ``{"loss": [...], "accuracy": [...], ...}``."""
        return {name: getattr(self, name) for name in
                ("loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds")}


def _loss_entry(loss):
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; choose one of {sorted(LOSSES)}")
    return LOSSES[loss]


def _labels_of(y):
    return np.argmax(y, axis=1) if y.ndim == 2 else y


def evaluate(model, X, y, loss="softmax_cross_entropy"):
    r"""Cost and accuracy of ``model`` on ``(X, y)`` in inference mode (dropout off).

    Parameters
    ----------
    model : nnlib.model.Sequential
    X : array_like of shape (N, D)
    y : array_like of shape (N,) labels / (N, K) one-hot (classification) or targets (regression)
    loss : {"softmax_cross_entropy", "mse"}, default "softmax_cross_entropy"

    Returns
    -------
    dict
        ``{"loss": J, "accuracy": acc}`` with $J = L + \lambda\sum W^2$ (the quantity
        ``fit`` minimises) and acc the fraction of correct arg-max predictions; regression
        (``"mse"``) gives ``{"loss": J}`` only.
    """
    f, _, classify = _loss_entry(loss)
    X, y = _check_data(X, y, "X", "y")
    z = model.forward(X, train=False)
    out = {"loss": f(y, z) + model.penalty()}
    if classify:
        out["accuracy"] = float(np.mean(np.argmax(z, axis=1) == _labels_of(y)))
    return out


def _check_data(X, y, xname, yname):
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"{xname} must have shape (N, D), got shape {X.shape}")
    if y.ndim not in (1, 2):
        raise ValueError(f"{yname} must have shape (N,) or (N, K), got shape {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"{xname} and {yname} must have the same number of samples, "
                         f"got {len(X)} and {len(y)}")
    if len(X) == 0:
        raise ValueError(f"{xname} has no samples")
    return X, y


def _batch_size(mode, batch_size, n):
    """Resolve (mode, batch_size) to a batch size B in [1, n], with clear errors."""
    if batch_size is not None:
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)):
            raise TypeError(f"batch_size must be an integer or None, got {type(batch_size).__name__}")
        if not 1 <= batch_size <= n:
            raise ValueError(f"batch_size must be in [1, N] = [1, {n}], got {batch_size}")
        batch_size = int(batch_size)
    if mode is None:
        return n if batch_size is None else batch_size
    if mode not in _MODES:
        raise ValueError(f"unknown mode {mode!r}; choose one of {_MODES} (or pass only batch_size)")
    if mode == "batch":
        if batch_size not in (None, n):
            raise ValueError(f"mode='batch' uses all N={n} samples per step; got batch_size={batch_size}")
        return n
    if mode == "stochastic":
        if batch_size not in (None, 1):
            raise ValueError(f"mode='stochastic' uses one sample per step; got batch_size={batch_size}")
        return 1
    if batch_size is None:
        raise ValueError("mode='minibatch' needs a batch_size (e.g. 32)")
    return batch_size


def _progress_bar(total):
    from tqdm.auto import tqdm   # lazy: tqdm is imported only when a bar is shown
    return tqdm(total=total, unit="epoch", leave=False)


def fit(model, X, y, *, optimizer, epochs=10, loss="softmax_cross_entropy", batch_size=None,
        mode=None, rng=None, X_val=None, y_val=None, schedule=None, progress="auto"):
    """Train ``model`` on ``(X, y)`` and return the per-epoch :class:`History`.

    Parameters
    ----------
    model : nnlib.model.Sequential
        Updated in place through its parameter arrays (the point of training).
    X : array_like of shape (N, D)
    y : array_like of shape (N,) or (N, K)
        Class labels in [0, K) or one-hot rows for ``"softmax_cross_entropy"``; targets of the
        output's shape for ``"mse"``.
    optimizer : nnlib.optim optimizer
        Anything with ``step(params, grads)`` and an ``lr`` attribute.
    epochs : int, default 10
    loss : {"softmax_cross_entropy", "mse"}, default "softmax_cross_entropy"
        The model's output is the logits z (softmax cross-entropy) or the prediction (MSE).
    batch_size : int or None, default None
        None = all N samples (batch GD), 1 = stochastic, k = mini-batches of k.
    mode : {"batch", "stochastic", "minibatch"} or None, default None
        None derives the mode from ``batch_size``; otherwise it must agree with it.
    rng : np.random.Generator or None, default None
        Shuffles the sample order every epoch; None means ``np.random.default_rng()``.
    X_val, y_val : array_like or None, default None
        Validation data, evaluated after every epoch with :func:`evaluate`.
    schedule : callable or None, default None
        ``schedule(epoch) -> lr`` with epoch counted from 0; the optimizer's ``lr`` is set to it
        at the start of each epoch, e.g. ``schedule=lambda e: step_decay(0.1, e)`` with
        :func:`nnlib.schedules.step_decay`. None keeps the optimizer's lr.
    progress : "auto", bool, default "auto"
        Show a tqdm bar over epochs: always (True), never (False), or ("auto") when the first
        epoch shows the run will take more than about 3 seconds.

    Returns
    -------
    History
    """
    f, f_grad, classify = _loss_entry(loss)
    X, y = _check_data(X, y, "X", "y")
    validate = X_val is not None or y_val is not None
    if validate:
        if X_val is None or y_val is None:
            raise ValueError("pass both X_val and y_val, or neither")
        X_val, y_val = _check_data(X_val, y_val, "X_val", "y_val")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be a positive integer, got {epochs!r}")
    if not (hasattr(optimizer, "step") and hasattr(optimizer, "lr")):
        raise TypeError("optimizer must have a step(params, grads) method and an lr attribute "
                        "(e.g. nnlib.optim.SGD(lr=0.1))")
    if schedule is not None and not callable(schedule):
        raise TypeError("schedule must be a callable schedule(epoch) -> lr, or None")
    if progress not in ("auto", True, False):
        raise ValueError(f"progress must be 'auto', True or False, got {progress!r}")
    if rng is None:
        rng = np.random.default_rng()
    elif not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be an np.random.Generator or None, got {type(rng).__name__}")
    n = len(X)
    B = _batch_size(mode, batch_size, n)

    if classify:
        # Validate the targets once, with the public loss, against the model's number of
        # outputs K; the loop then works with integer labels.
        K = np.shape(model.forward(X[:1], train=False))[-1]
        f(y, np.zeros((n, K)))
        targets = _labels_of(y).astype(np.intp)
    else:
        targets = y

    history = History()
    bar = _progress_bar(epochs) if progress is True else None
    for epoch in range(epochs):
        start = time.perf_counter()
        if schedule is not None:
            optimizer.lr = float(schedule(epoch))
        total_loss, correct = 0.0, 0
        # Batch GD takes X as it is (no copy); the other modes draw a fresh order each epoch.
        order = None if B == n else rng.permutation(n)
        for lo in range(0, n, B):
            if order is None:
                xb, tb = X, targets
            else:
                idx = order[lo:lo + B]
                xb, tb = X[idx], targets[idx]
            z = model.forward(xb, train=True)
            if classify:
                # One softmax for the loss and its gradient; the labels were validated above.
                value, dz = losses.softmax_cross_entropy_and_grad(tb, z, validate=False)
                correct += int((z.argmax(axis=1) == tb).sum())
            else:
                value, dz = f(tb, z), f_grad(tb, z)
            total_loss += (value + model.penalty()) * len(xb)   # J of this step
            model.backward(dz)
            optimizer.step(model.params(), model.grads())
        history.loss.append(total_loss / n)
        if classify:
            history.accuracy.append(correct / n)
        if validate:
            scores = evaluate(model, X_val, y_val, loss)
            history.val_loss.append(scores["loss"])
            if classify:
                history.val_accuracy.append(scores["accuracy"])
        history.lr.append(float(optimizer.lr))
        history.seconds.append(time.perf_counter() - start)
        if bar is None and progress == "auto" and epoch == 0 and \
                history.seconds[0] * epochs > _AUTO_PROGRESS_SECONDS:
            bar = _progress_bar(epochs)
        if bar is not None:
            bar.update(1)
            bar.set_postfix(loss=f"{history.loss[-1]:.4g}")
    if bar is not None:
        bar.close()
    return history
