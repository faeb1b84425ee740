"""Small 2-D classification problems that a linear model cannot solve: XOR, moons, spirals.

Written in numpy (no scikit-learn). Every random draw comes from the ``rng`` argument, an
``np.random.Generator``. Rows are grouped by class (class 0 first); shuffle them, or split with
:func:`nnlib.data.train_val_test_split`, before mini-batch training.
"""

import numpy as np

from ._checks import check_count, check_noise, check_rng

_XOR_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_XOR_LABELS = np.array([0, 1, 1, 0], dtype=np.int64)


def make_xor(n=None, noise=0.0, rng=None):
    """The XOR problem: label :math:`y = x_1 \\oplus x_2` on the corners of the unit square.

    Parameters
    ----------
    n : int or None, default None
        ``None`` returns the four corners (0,0), (0,1), (1,0), (1,1) in this order. An integer
        returns ``n`` points, as evenly spread over the four corners as possible (corner counts
        differ by at most one), in random order.
    noise : float, default 0.0
        Standard deviation of isotropic Gaussian noise added to every coordinate.
    rng : np.random.Generator or None, default None
        Needed whenever the result is random (``n`` given or ``noise > 0``).

    Returns
    -------
    X : ndarray of float64, shape (4, 2) or (n, 2)
    y : ndarray of int64, shape (4,) or (n,)
        The XOR of the (noise-free) corner's coordinates: 1 for (0,1) and (1,0), else 0.

    Notes
    -----
    No straight line separates the two classes, which is why a single perceptron fails and a
    network with a hidden layer succeeds (Minsky & Papert, 1969).
    """
    noise = check_noise(noise, "make_xor")
    if n is None:
        corner = np.arange(4)
        if noise > 0:
            rng = check_rng(rng, "make_xor")
    else:
        n = check_count(n, "n", "make_xor")
        rng = check_rng(rng, "make_xor")
        corner = rng.permutation(np.arange(n) % 4)
    X = _XOR_CORNERS[corner].copy()
    if noise > 0:
        X += noise * rng.standard_normal(X.shape)
    return X, _XOR_LABELS[corner].copy()


def make_moons(n, noise=0.1, rng=None):
    """Two interleaving half circles ("moons"), as scikit-learn's ``make_moons`` draws them.

    Class 0 lies on the upper half of the unit circle, :math:`(\\cos t, \\sin t)`; class 1 on a
    lower half circle shifted right and up, :math:`(1 - \\cos t,\\; 0.5 - \\sin t)`, with
    :math:`t \\sim \\mathcal U[0, \\pi]` drawn independently per point. Gaussian noise of
    standard deviation ``noise`` is then added to both coordinates.

    Parameters
    ----------
    n : int
        Total number of points, at least 2; class 0 gets ``n // 2`` points (rounded down),
        class 1 the rest.
    noise : float, default 0.1
        Standard deviation of the Gaussian noise.
    rng : np.random.Generator
        Required; source of all randomness.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    y : ndarray of int64, shape (n,)
        0 for the upper moon, 1 for the lower moon (class 0 rows first).
    """
    n = check_count(n, "n", "make_moons", minimum=2)
    noise = check_noise(noise, "make_moons")
    rng = check_rng(rng, "make_moons")
    n0 = n // 2
    t = rng.uniform(0.0, np.pi, size=n)
    outer = np.column_stack([np.cos(t[:n0]), np.sin(t[:n0])])
    inner = np.column_stack([1.0 - np.cos(t[n0:]), 0.5 - np.sin(t[n0:])])
    X = np.vstack([outer, inner])
    if noise > 0:
        X += noise * rng.standard_normal(X.shape)
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n0, n - n0])
    return X, y


def make_spirals(n, k=3, noise=0.2, rng=None):
    """``k`` interleaved spiral arms, one class per arm (the CS231n "spiral" data set).

    Arm :math:`j` (class :math:`j`) has its points at radii :math:`r` evenly spaced in
    :math:`[0.1, 1]` and angles

    .. math::
        \\theta = \\frac{2\\pi j}{k} + 4r + \\varepsilon, \\qquad
        \\varepsilon \\sim \\mathcal N(0, \\text{noise}^2),

    and the point is :math:`x = r(\\sin\\theta, \\cos\\theta)`. Each arm turns by 4 radians
    from the inside out; the arms start at evenly spaced angles. Unlike the CS231n code
    (arm offsets :math:`4j`), the offsets are :math:`2\\pi j/k`, so the arms are evenly spaced
    for every ``k``; radii start at 0.1 so that the arms do not share the origin.

    Parameters
    ----------
    n : int
        Total number of points, at least ``k``; the first ``n % k`` classes get one extra point.
    k : int, default 3
        Number of classes (arms), at least 2.
    noise : float, default 0.2
        Standard deviation of the angular noise, in radians.
    rng : np.random.Generator
        Required; source of all randomness.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
        All points satisfy :math:`0.1 \\le \\lVert x \\rVert \\le 1`.
    y : ndarray of int64, shape (n,)
        Arm index in ``0 .. k-1`` (rows grouped by class).
    """
    k = check_count(k, "k", "make_spirals", minimum=2)
    n = check_count(n, "n", "make_spirals", minimum=k)
    noise = check_noise(noise, "make_spirals")
    rng = check_rng(rng, "make_spirals")
    counts = np.full(k, n // k) + (np.arange(k) < n % k)
    r = np.concatenate([np.linspace(0.1, 1.0, m) for m in counts])
    y = np.repeat(np.arange(k, dtype=np.int64), counts)
    theta = 2 * np.pi * y / k + 4.0 * r + noise * rng.standard_normal(n)
    X = np.column_stack([r * np.sin(theta), r * np.cos(theta)])
    return X, y
