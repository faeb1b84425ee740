"""The 8×8 handwritten digits bundled with scikit-learn (no download needed)."""

import numpy as np


def load_digits():
    """Load the UCI optical-recognition digits (1797 images of 8×8 pixels, classes 0-9).

    scikit-learn ships a copy of the test part of the UCI "Optical Recognition of Handwritten
    Digits" data set (Alpaydin & Kaynak, 1998); this function reads that copy, so it works
    offline. scikit-learn is imported only when the function is called.

    Returns
    -------
    X : ndarray of float64, shape (1797, 64)
        One row per image, the 8×8 pixels in row-major order; integer grey levels in [0, 16]
        (each pixel counts the set pixels of a 4×4 block of the original 32×32 bitmap).
        ``X.reshape(-1, 8, 8)`` gives the images.
    y : ndarray of int64, shape (1797,)
        The digit, 0-9 (about 180 images per class).

    Raises
    ------
    ImportError
        If scikit-learn is not installed (it is in the course's ``requirements.txt``).
    """
    try:
        from sklearn.datasets import load_digits as _sk_load_digits
    except ImportError as err:  # pragma: no cover - scikit-learn is a course requirement
        raise ImportError(
            "load_digits needs scikit-learn (pip install scikit-learn); it reads the copy of "
            "the digits data bundled with it"
        ) from err
    bunch = _sk_load_digits()
    X = np.array(bunch.data, dtype=np.float64)
    y = np.array(bunch.target, dtype=np.int64)
    return X, y
