"""Feature scaling fitted on the training data only: standardization and min-max scaling.

Gradient descent uses one learning rate for every weight, so features on very different
scales (an apartment's size 25-60 next to its age 2-22) make some weights move much faster
than others. Scaling puts the features on a common scale. The statistics (mean, standard
deviation, minimum, maximum) are **fitted on the training set only** and then applied,
unchanged, to the validation and test sets: computing them on all the data would let
information from the test set leak into training.

Constant columns (zero spread in the training data) are not divided by zero: their scale is
taken as 1, so a standardized constant column becomes 0 and a min-max scaled one becomes the
lower end of ``feature_range``.
"""

import numpy as np

from ._checks import as_matrix


class _Scaler:
    """Shared fit/transform plumbing: ``transform(X) = (X - offset_) / scale_`` column-wise."""

    _name = "scaler"

    def fit(self, X):
        X = as_matrix(X, "X", f"{self._name}.fit")
        if X.shape[0] == 0:
            raise ValueError(f"{self._name}.fit: X has no rows; fit needs at least one sample")
        self.offset_, self.scale_ = self._statistics(X)
        self.n_features_ = X.shape[1]
        return self

    def _check(self, X, method):
        if not hasattr(self, "scale_"):
            raise RuntimeError(f"{self._name}.{method}: call fit(X_train) first")
        X = as_matrix(X, "X", f"{self._name}.{method}")
        if X.shape[1] != self.n_features_:
            raise ValueError(
                f"{self._name}.{method}: X has {X.shape[1]} columns but the scaler was fitted "
                f"on {self.n_features_}"
            )
        return X

    def transform(self, X):
        """Scale ``X`` (shape (M, D)) with the fitted statistics; returns a new (M, D) array."""
        return (self._check(X, "transform") - self.offset_) / self.scale_ + self._low

    def inverse_transform(self, X_scaled):
        """Undo :meth:`transform`: returns a new (M, D) array in the original units."""
        return (self._check(X_scaled, "inverse_transform") - self._low) * self.scale_ + self.offset_

    def fit_transform(self, X):
        """``fit(X)`` then ``transform(X)``; use on the training set only."""
        return self.fit(X).transform(X)


class Standardizer(_Scaler):
    """Standardize each column to mean 0 and standard deviation 1 on the training data.

    .. math::
        x'_{ij} = \\frac{x_{ij} - \\mu_j}{\\sigma_j}, \\qquad
        \\mu_j = \\frac1N \\sum_i x_{ij}, \\quad
        \\sigma_j = \\sqrt{\\frac1N \\sum_i (x_{ij} - \\mu_j)^2}

    :math:`\\sigma_j` is the population standard deviation (``ddof=0``, as in scikit-learn's
    ``StandardScaler``); a constant column (max = min, so :math:`\\sigma_j = 0`) gets :math:`\\sigma_j := 1`.

    Attributes (after ``fit``)
    --------------------------
    mean_ : ndarray, shape (D,)
    scale_ : ndarray, shape (D,)
        The :math:`\\sigma_j` used (1 for constant columns).

    Examples
    --------
    >>> s = Standardizer().fit([[1.0, 5.0], [3.0, 5.0]])
    >>> s.transform([[2.0, 5.0], [5.0, 6.0]]).tolist()
    [[0.0, 0.0], [2.0, 1.0]]
    """

    _name = "Standardizer"
    _low = 0.0

    def _statistics(self, X):
        mean = X.mean(axis=0)
        constant = X.max(axis=0) == X.min(axis=0)  # exact test: std may round to ~1e-17
        return mean, np.where(constant, 1.0, X.std(axis=0))

    @property
    def mean_(self):
        return self.offset_


class MinMaxScaler(_Scaler):
    """Map each column linearly so that its training minimum and maximum go to ``feature_range``.

    .. math::
        x'_{ij} = a + (b - a)\\,\\frac{x_{ij} - \\min_i x_{ij}}{\\max_i x_{ij} - \\min_i x_{ij}}

    with ``feature_range = (a, b)``, default ``(0.0, 1.0)``. Values of other sets outside the
    training range map outside ``[a, b]`` (no clipping). A constant column (max = min) gets a
    range of 1, so it maps to ``a``.

    Parameters
    ----------
    feature_range : tuple of two floats, default (0.0, 1.0)
        Target interval ``(a, b)`` with ``a < b``.

    Attributes (after ``fit``)
    --------------------------
    min_, max_ : ndarray, shape (D,)
        Column minima and maxima of the training data.
    """

    _name = "MinMaxScaler"

    def __init__(self, feature_range=(0.0, 1.0)):
        try:
            a, b = (float(v) for v in feature_range)
        except (TypeError, ValueError) as err:
            raise TypeError(
                f"MinMaxScaler: feature_range must be two numbers (a, b), got {feature_range!r}"
            ) from err
        if not (np.isfinite(a) and np.isfinite(b) and a < b):
            raise ValueError(f"MinMaxScaler: feature_range needs finite a < b, got {(a, b)}")
        self.feature_range = (a, b)
        self._low = a

    def _statistics(self, X):
        self.min_, self.max_ = X.min(axis=0), X.max(axis=0)
        span = self.max_ - self.min_
        a, b = self.feature_range
        return self.min_, np.where(span > 0, span, 1.0) / (b - a)


def standardize(X_train, *X_others):
    """Standardize ``X_train`` and any other sets with the training set's mean and std.

    Function form of :class:`Standardizer`: ``standardize(X_train, X_val, X_test)`` returns
    ``(X_train', X_val', X_test')``, each a new array, all scaled with
    :math:`\\mu, \\sigma` of ``X_train`` (population std; constant columns divided by 1).

    Parameters
    ----------
    X_train : array_like, shape (N, D)
    *X_others : array_like, shape (M_k, D)

    Returns
    -------
    tuple of ndarray
        ``len(X_others) + 1`` arrays of shapes (N, D), (M_1, D), ...
    """
    scaler = Standardizer().fit(X_train)
    return tuple(scaler.transform(X) for X in (X_train, *X_others))
