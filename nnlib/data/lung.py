"""A synthetic, lung-cancer-like binary classification data set (larger than the lecture's table).

The lecture's table (:func:`nnlib.data.load_lung_cancer`) has three rows: too few to train on.
:func:`make_lung_cancer` draws as many rows as needed with the **same three columns** from a
stated logistic model. Every number it produces is synthetic; none is a medical fact.
"""

import numpy as np

from ._checks import check_count, check_rng

#: Coefficients of the logistic model used by :func:`make_lung_cancer` (log-odds units).
LUNG_CANCER_COEF = {
    "intercept": -2.0,       # log-odds of a 50-year-old non-smoker outside a city
    "age_per_decade": 0.6,   # per 10 years of age, centred at 50
    "smoker": 2.0,           # smoking: the strongest effect
    "city": 0.4,             # city life: a small effect
}
#: Fixed feature distribution of :func:`make_lung_cancer`.
LUNG_CANCER_AGE_RANGE = (20, 80)   # ages drawn uniformly from the integers 20..80 inclusive
LUNG_CANCER_P_SMOKER = 0.3
LUNG_CANCER_P_CITY = 0.5


def lung_cancer_logit(X):
    """Log-odds of the generating model of :func:`make_lung_cancer` for each row of ``X``.

    .. math::
        \\operatorname{logit} p = \\beta_0 + \\beta_{age}\\,\\frac{age - 50}{10}
        + \\beta_{smoker}\\, smoker + \\beta_{city}\\, city

    with the coefficients of :data:`LUNG_CANCER_COEF`.

    Parameters
    ----------
    X : array_like, shape (N, 3)
        Columns age (years), smoker (0/1), city (0/1).

    Returns
    -------
    ndarray of float64, shape (N,)
        The log-odds; the label probability is :math:`p = \\sigma(\\text{logit})`.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 3:
        raise ValueError(f"lung_cancer_logit: X must have shape (N, 3), got {X.shape}")
    c = LUNG_CANCER_COEF
    return (c["intercept"] + c["age_per_decade"] * (X[:, 0] - 50.0) / 10.0
            + c["smoker"] * X[:, 1] + c["city"] * X[:, 2])


def make_lung_cancer(n, rng):
    """Draw a synthetic lung-cancer-like data set with the lecture table's three columns.

    Features are independent: age uniform on the integers 20..80, smoker ~ Bernoulli(0.3),
    city ~ Bernoulli(0.5). The label is drawn from the logistic model

    .. math::
        P(y = 1 \\mid x) = \\sigma\\!\\left(-2 + 0.6\\,\\frac{age - 50}{10}
        + 2\\,smoker + 0.4\\,city\\right), \\qquad \\sigma(z) = \\frac{1}{1 + e^{-z}}

    (:data:`LUNG_CANCER_COEF`, :func:`lung_cancer_logit`).

    Why these coefficients: they keep the qualitative ordering of the epidemiology (smoking is
    by far the strongest risk factor, odds ratio :math:`e^{2} \\approx 7.4`; risk grows with age,
    odds ratio :math:`e^{0.6} \\approx 1.8` per decade; city life adds a small effect, odds ratio
    :math:`e^{0.4} \\approx 1.5`) while making the positive class common (about 29 % of the
    rows) so that a classifier has something to learn from a few hundred rows. Real prevalences
    are far lower. Because the generating model is logistic, logistic regression on these
    features recovers the coefficients (age scaled as :math:`(age-50)/10`), which makes the
    data set useful for checking training code.

    Parameters
    ----------
    n : int
        Number of rows, at least 1.
    rng : np.random.Generator
        Source of all randomness (``np.random.default_rng(seed)``).

    Returns
    -------
    X : ndarray of float64, shape (n, 3)
        Columns: age in years, smoker (0/1), lives in a city (0/1); same as
        :func:`nnlib.data.load_lung_cancer`.
    y : ndarray of int64, shape (n,)
        1 = lung cancer, 0 = none.

    Notes
    -----
    Synthetic data: no row describes a real person and the coefficients are teaching choices,
    not estimates from any study.
    """
    n = check_count(n, "n", "make_lung_cancer")
    rng = check_rng(rng, "make_lung_cancer")
    lo, hi = LUNG_CANCER_AGE_RANGE
    age = rng.integers(lo, hi + 1, size=n)
    smoker = rng.random(n) < LUNG_CANCER_P_SMOKER
    city = rng.random(n) < LUNG_CANCER_P_CITY
    X = np.column_stack([age, smoker, city]).astype(np.float64)
    p = 1.0 / (1.0 + np.exp(-lung_cancer_logit(X)))
    y = (rng.random(n) < p).astype(np.int64)
    return X, y
