"""Random train / validation / test split (optionally stratified by class)."""

import numbers

import numpy as np

from ._checks import check_rng


def _check_fraction(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"train_val_test_split: {name} must be a number, got {type(value).__name__}")
    value = float(value)
    if not (0.0 <= value < 1.0):
        raise ValueError(f"train_val_test_split: {name} must be in [0, 1), got {value}")
    return value


def _sizes(n, val, test):
    """Numbers of validation and test rows: round(val·n), round(test·n) (round half to even)."""
    return int(np.round(val * n)), int(np.round(test * n))


def train_val_test_split(X, y, val=0.15, test=0.15, rng=None, stratify=False):
    """Split ``(X, y)`` at random into training, validation and test sets.

    Rows are assigned by a random permutation from ``rng``: the validation set gets
    :math:`\\operatorname{round}(\\text{val}\\cdot N)` rows, the test set
    :math:`\\operatorname{round}(\\text{test}\\cdot N)` rows and the training set the rest.
    With ``stratify=True`` the same rounding is applied within each class of ``y`` separately,
    so every set keeps the class proportions (up to rounding per class); set sizes may then
    differ by a row or two from the unstratified ones. The inputs are not modified; the
    outputs are new arrays (fancy-indexed copies).

    Parameters
    ----------
    X : array_like, shape (N, ...)
        Samples, one per row (any trailing shape, e.g. (N, D) or (N, 28, 28)).
    y : array_like, shape (N,) or (N, K)
        Targets, one per row of ``X``.
    val : float, default 0.15
        Fraction of rows for validation, in [0, 1).
    test : float, default 0.15
        Fraction of rows for testing, in [0, 1). ``val + test`` must be < 1.
    rng : np.random.Generator
        Required; the source of the permutation.
    stratify : bool, default False
        Split each class separately (``y`` must then be 1-D class labels).

    Returns
    -------
    X_train, X_val, X_test, y_train, y_val, y_test : ndarray
        Shapes (N_train, ...), (N_val, ...), (N_test, ...) and the matching rows of ``y``;
        ``N_train + N_val + N_test = N``, every row in exactly one set. Within each set the rows
        are in random order.

    Raises
    ------
    ValueError
        Bad fractions, ``X`` and ``y`` of different lengths, or a split that leaves the
        training set empty.
    TypeError
        ``rng`` missing or not an ``np.random.Generator``.
    """
    val = _check_fraction(val, "val")
    test = _check_fraction(test, "test")
    if val + test >= 1.0:
        raise ValueError(
            f"train_val_test_split: val + test must be < 1 to leave training data, got {val + test}"
        )
    rng = check_rng(rng, "train_val_test_split")
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError("train_val_test_split: X and y must be arrays with one row per sample")
    n = X.shape[0]
    if y.shape[0] != n:
        raise ValueError(f"train_val_test_split: X has {n} rows but y has {y.shape[0]}")
    if stratify:
        if y.ndim != 1:
            raise ValueError("train_val_test_split: stratify=True needs 1-D class labels y")
        groups = [np.flatnonzero(y == c) for c in np.unique(y)]
    else:
        groups = [np.arange(n)]
    parts = ([], [], [])
    for idx in groups:
        idx = rng.permutation(idx)
        n_val, n_test = _sizes(len(idx), val, test)
        parts[1].append(idx[:n_val])
        parts[2].append(idx[n_val:n_val + n_test])
        parts[0].append(idx[n_val + n_test:])
    train, valid, tst = (rng.permutation(np.concatenate(p)).astype(np.intp) for p in parts)
    if len(train) == 0:
        raise ValueError(
            f"train_val_test_split: with N={n}, val={val}, test={test} the training set is empty"
        )
    return X[train], X[valid], X[tst], y[train], y[valid], y[tst]
