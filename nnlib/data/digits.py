"""The 8×8 handwritten digits bundled with scikit-learn (no download needed).

The 1,797 images are split once, for good, into a **course part** (1,497 images) and a **held-out part**
(300 images, 30 of each digit). The course's capstone assignment is graded on the held-out part: while it
is graded, only the course part can be loaded (the grader holds the held-out images and labels itself).
"""

import numpy as np

#: How the held-out part is chosen: 30 images of each digit, drawn with this seed (fixed for good).
HELD_OUT_SEED = 2026
HELD_OUT_PER_CLASS = 30
PARTS = ("all", "course", "held-out")


def held_out_indices(y):
    """Indices (sorted) of the held-out part among the 1,797 labels ``y``: 30 per digit, drawn with a fixed seed.

    Parameters
    ----------
    y : ndarray of int, shape (1797,)
        The labels of the full data set, in scikit-learn's order.

    Returns
    -------
    ndarray of int64, shape (300,)
    """
    rng = np.random.default_rng(HELD_OUT_SEED)
    picks = [rng.choice(np.flatnonzero(y == k), HELD_OUT_PER_CLASS, replace=False) for k in range(10)]
    return np.sort(np.concatenate(picks)).astype(np.int64)


def load_digits(part="all"):
    """Load the UCI optical-recognition digits (8×8 pixels, classes 0-9).

    scikit-learn ships a copy of the test part of the UCI "Optical Recognition of Handwritten
    Digits" data set (Alpaydin & Kaynak, 1998); this function reads that copy, so it works
    offline. scikit-learn is imported only when the function is called.

    Parameters
    ----------
    part : {"all", "course", "held-out"}
        ``"all"``: the 1,797 images; ``"course"``: the 1,497 images that are not held out (the ones the
        capstone assignment trains and validates on); ``"held-out"``: the 300 images (30 per digit) the
        capstone is graded on. Each part keeps scikit-learn's order.

    Returns
    -------
    X : ndarray of float64, shape (N, 64)
        One row per image, the 8×8 pixels in row-major order; integer grey levels in [0, 16]
        (each pixel counts the set pixels of a 4×4 block of the original 32×32 bitmap).
        ``X.reshape(-1, 8, 8)`` gives the images. N = 1797, 1497 or 300.
    y : ndarray of int64, shape (N,)
        The digit, 0-9.

    Raises
    ------
    ImportError
        If scikit-learn is not installed (it is in the course's ``requirements.txt``).
    ValueError
        If ``part`` is not one of :data:`PARTS`.
    """
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, not {part!r}")
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
    if part == "all":
        return X, y
    held = np.zeros(len(y), dtype=bool)
    held[held_out_indices(y)] = True
    keep = held if part == "held-out" else ~held
    return X[keep], y[keep]
