"""Small argument checks shared by the ``nnlib.data`` modules (private)."""

import numbers

import numpy as np

from nnlib._util import check_rng  # noqa: F401  (the one rng policy, shared with the core)


def check_count(n, name, func, minimum=1):
    """Return ``n`` as an int if it is an integer >= ``minimum`` (bools are rejected)."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"{func}: {name} must be an integer, got {type(n).__name__}")
    if n < minimum:
        raise ValueError(f"{func}: {name} must be at least {minimum}, got {n}")
    return int(n)


def check_noise(noise, func):
    """Return ``noise`` as a float if it is a finite number >= 0."""
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real):
        raise TypeError(f"{func}: noise must be a real number, got {type(noise).__name__}")
    noise = float(noise)
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"{func}: noise must be a finite number >= 0, got {noise}")
    return noise


def as_matrix(X, name, func):
    """Return a float64 copy of ``X`` after checking it is a finite 2-D array."""
    try:
        A = np.array(X, dtype=np.float64)  # np.array copies: callers never alias the input
    except (TypeError, ValueError) as err:
        raise TypeError(f"{func}: {name} must be a numeric array, got {type(X).__name__}") from err
    if A.ndim != 2:
        raise ValueError(f"{func}: {name} must be 2-D with shape (N, D), got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{func}: {name} contains NaN or infinite values")
    return A
