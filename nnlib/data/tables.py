"""The two toy tables of the introductory lecture: apartment prices and lung cancer.

Both are **toy data from the lecture** (source notes ``000``), reproduced exactly as printed
there. They are tiny on purpose: the lecture computes a 2-2-1 network on the apartment table
and a softmax output on the lung-cancer table by hand. Each call returns fresh arrays, so a
caller may modify them freely.
"""

import numpy as np

# ID:             1    2    3    4    5    6    7    8    9   10
_APARTMENT_SIZE = (34, 25, 30, 38, 44, 48, 52, 60, 34, 34)      # 평수 (pyeong)
_APARTMENT_AGE = (5, 5, 2, 20, 12, 18, 22, 19, 18, 22)          # 연식 (years)
_APARTMENT_PRICE = (5, 2.5, 4, 3, 3.3, 4.2, 4.6, 6, 3, 2.9)      # 가격 (unit not stated)

_LUNG_AGE = (34, 60, 55)      # 나이 (years)
_LUNG_SMOKER = (1, 0, 0)      # 흡연여부 (1 = smokes)
_LUNG_CITY = (0, 1, 0)        # 도시거주여부 (1 = lives in a city)
_LUNG_CANCER = (1, 1, 0)      # 폐암 여부 (1 = has lung cancer)


def load_apartment():
    """Apartment-price table of the introductory lecture (toy regression data).

    Ten apartments, two features, one continuous target. The lecture uses it to show how a
    network with one hidden layer of two sigmoid units (a 2-2-1 network) turns a row
    :math:`x_i = (x_{i1}, x_{i2})` into a prediction :math:`\\hat y_i` and how the MSE cost
    :math:`L = \\frac1N \\sum_i (y_i - \\hat y_i)^2` is computed.

    Returns
    -------
    X : ndarray of float64, shape (10, 2)
        Column 0: size in pyeong (평수; 1 pyeong ≈ 3.3058 m²). Column 1: age of the building
        in years (연식).
    y : ndarray of float64, shape (10,)
        Price (가격), as given in the lecture notes; the notes do not state the unit.

    Notes
    -----
    Toy data from the lecture, not a real market sample: use it to check hand computations,
    not to draw conclusions about prices. The features have very different scales (sizes
    25-60, ages 2-22), which is why the course standardizes them before gradient descent
    (:class:`nnlib.data.Standardizer`).

    Examples
    --------
    >>> X, y = load_apartment()
    >>> X.shape, y.shape
    ((10, 2), (10,))
    >>> X[0].tolist(), float(y[0])
    ([34.0, 5.0], 5.0)
    """
    X = np.column_stack([_APARTMENT_SIZE, _APARTMENT_AGE]).astype(np.float64)
    y = np.array(_APARTMENT_PRICE, dtype=np.float64)
    return X, y


def load_lung_cancer():
    """Lung-cancer table of the introductory lecture (toy binary classification data).

    Three people, three features, a 0/1 label. The lecture uses it to introduce a softmax
    output and the cross-entropy cost. For a larger data set with the same columns see
    :func:`nnlib.data.make_lung_cancer` (synthetic).

    Returns
    -------
    X : ndarray of float64, shape (3, 3)
        Column 0: age in years (나이); column 1: smoker (흡연여부, 1 = smokes, 0 = does not);
        column 2: lives in a city (도시거주여부, 1 = yes, 0 = no).
    y : ndarray of int64, shape (3,)
        1 if the person has lung cancer (폐암), else 0.

    Notes
    -----
    Toy data from the lecture; three rows cannot support any medical conclusion.

    Examples
    --------
    >>> X, y = load_lung_cancer()
    >>> X.shape, y.tolist()
    ((3, 3), [1, 1, 0])
    """
    X = np.column_stack([_LUNG_AGE, _LUNG_SMOKER, _LUNG_CITY]).astype(np.float64)
    y = np.array(_LUNG_CANCER, dtype=np.int64)
    return X, y
