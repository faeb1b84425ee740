r"""Learning-rate schedules $\eta(\text{epoch})$.

Each function returns the learning rate for an epoch counted from 0 (epoch 0 gives ``lr0``).
``epoch`` may be a number (the result is a Python float) or an array of epochs (the result is an
ndarray of the same shape, handy for plotting). Use one with an optimizer by setting its
learning rate before each epoch::

    for epoch in range(n_epochs):
        opt.lr = step_decay(0.1, epoch)
        ...
"""

import numbers

import numpy as np

__all__ = ["step_decay", "exponential_decay", "inverse_time_decay"]


def _check_lr0(lr0):
    if isinstance(lr0, bool) or not isinstance(lr0, numbers.Real):
        raise TypeError(f"lr0 must be a real number; got {type(lr0).__name__}")
    if not (np.isfinite(lr0) and lr0 > 0):
        raise ValueError(f"lr0 must be finite and > 0; got {lr0}")
    return float(lr0)


def _check_epoch(epoch):
    """Return (epoch as float64 array, whether the input was a scalar)."""
    arr = np.asarray(epoch)
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise TypeError(f"epoch must be a real number or an array of them; got {type(epoch).__name__}")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr) & (arr >= 0)):
        raise ValueError("epoch must be finite and >= 0 (epochs are counted from 0)")
    return arr, arr.ndim == 0


def _check_rate(name, k):
    if isinstance(k, bool) or not isinstance(k, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {type(k).__name__}")
    if not (np.isfinite(k) and k >= 0):
        raise ValueError(f"{name} must be finite and >= 0; got {k}")
    return float(k)


def _result(values, scalar):
    return float(values) if scalar else values


def step_decay(lr0, epoch, drop=0.5, every=10):
    r"""Step decay: multiply the rate by ``drop`` every ``every`` epochs.

    $$\eta(e) = \eta_0 \cdot \text{drop}^{\lfloor e / \text{every} \rfloor}$$

    Same as ``torch.optim.lr_scheduler.StepLR(step_size=every, gamma=drop)``.

    Parameters
    ----------
    lr0 : float   initial rate $\eta_0 > 0$.
    epoch : float or array_like   $e \ge 0$.
    drop : float, default 0.5   factor, $0 < \text{drop} \le 1$.
    every : int, default 10   epochs between drops, $\ge 1$.

    Returns
    -------
    float, or ndarray shaped like ``epoch``.
    """
    lr0 = _check_lr0(lr0)
    e, scalar = _check_epoch(epoch)
    if isinstance(drop, bool) or not isinstance(drop, numbers.Real):
        raise TypeError(f"drop must be a real number; got {type(drop).__name__}")
    if not 0 < drop <= 1:
        raise ValueError(f"drop must satisfy 0 < drop <= 1; got {drop}")
    if isinstance(every, bool) or not isinstance(every, numbers.Integral):
        raise TypeError(f"every must be an integer number of epochs; got {type(every).__name__}")
    if every < 1:
        raise ValueError(f"every must be >= 1; got {every}")
    return _result(lr0 * float(drop) ** np.floor(e / int(every)), scalar)


def exponential_decay(lr0, epoch, k):
    r"""Exponential decay.

    $$\eta(e) = \eta_0\, e^{-k e}$$

    Same as ``torch.optim.lr_scheduler.ExponentialLR(gamma=exp(-k))`` at whole epochs.

    Parameters
    ----------
    lr0 : float   initial rate $\eta_0 > 0$.
    epoch : float or array_like   $e \ge 0$.
    k : float   decay rate, $k \ge 0$ (no default).

    Returns
    -------
    float, or ndarray shaped like ``epoch``.
    """
    lr0 = _check_lr0(lr0)
    e, scalar = _check_epoch(epoch)
    k = _check_rate("k", k)
    return _result(lr0 * np.exp(-k * e), scalar)


def inverse_time_decay(lr0, epoch, k):
    r"""Inverse-time decay ($1/t$ decay).

    $$\eta(e) = \frac{\eta_0}{1 + k e}$$

    Parameters
    ----------
    lr0 : float   initial rate $\eta_0 > 0$.
    epoch : float or array_like   $e \ge 0$.
    k : float   decay rate, $k \ge 0$ (no default).

    Returns
    -------
    float, or ndarray shaped like ``epoch``.
    """
    lr0 = _check_lr0(lr0)
    e, scalar = _check_epoch(epoch)
    k = _check_rate("k", k)
    return _result(lr0 / (1.0 + k * e), scalar)
