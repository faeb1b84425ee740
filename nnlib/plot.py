"""Plots used throughout the book: training curves, decision boundaries, optimizer paths.

matplotlib is imported inside each function, so ``import nnlib.plot`` stays light and nnlib
works without matplotlib installed until a plot is requested. Every function draws on the
``ax`` it is given (or on a new figure when ``ax is None``) and returns what it drew on.
"""

from collections.abc import Mapping

import numpy as np

_HISTORY_KEYS = ("loss", "val_loss", "accuracy", "val_accuracy")


def _plt():
    import matplotlib.pyplot as plt  # lazy: keeps `import nnlib.plot` free of matplotlib

    return plt


def _axes(ax):
    return _plt().subplots()[1] if ax is None else ax


def _history_series(history):
    """Return {key: float array} for the non-empty per-epoch series of ``history``.

    ``history`` is a mapping (``{"loss": [...], ...}``) or an object with attributes ``loss``,
    ``val_loss``, ``accuracy``, ``val_accuracy`` (``nnlib.train.History``); missing or empty
    series are skipped.
    """
    get = history.get if isinstance(history, Mapping) else (lambda k: getattr(history, k, None))
    series = {}
    for key in _HISTORY_KEYS:
        values = get(key)
        if values is None or len(values) == 0:
            continue
        arr = np.asarray(values, dtype=np.float64)
        if arr.ndim != 1:
            raise ValueError(f"history[{key!r}] must be a 1-D sequence of per-epoch values, got shape {arr.shape}")
        series[key] = arr
    return series


def _plot_series(history, keys, ylabel, ax, func):
    series = _history_series(history)
    present = [k for k in keys if k in series]
    if not present:
        raise ValueError(
            f"{func}: history has no {' or '.join(keys)} values; pass a dict of per-epoch lists "
            "or an object with those attributes (nnlib.train.History)"
        )
    ax = _axes(ax)
    for key in present:
        epochs = np.arange(1, len(series[key]) + 1)
        ax.plot(epochs, series[key], marker="o" if len(epochs) <= 30 else None,
                linestyle="--" if key.startswith("val_") else "-",
                label="validation" if key.startswith("val_") else "training")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def loss_curves(history, ax=None):
    """Training and validation cost per epoch.

    Parameters
    ----------
    history : mapping or object
        Per-epoch lists ``loss`` and/or ``val_loss`` (length T each), as a dict or as attributes
        (``nnlib.train.History``). Epochs are numbered from 1.
    ax : matplotlib Axes or None, default None
        Where to draw; a new figure if None.

    Returns
    -------
    matplotlib Axes
        One line per series present (solid: training, dashed: validation), x = 1..T.
    """
    return _plot_series(history, ("loss", "val_loss"), "cost L", ax, "loss_curves")


def accuracy_curves(history, ax=None):
    """Training and validation accuracy per epoch (``accuracy``, ``val_accuracy``); see :func:`loss_curves`."""
    return _plot_series(history, ("accuracy", "val_accuracy"), "accuracy", ax, "accuracy_curves")


def _as_points(X, y=None, func="plot"):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"{func}: X must have shape (N, 2) (two features to plot), got {X.shape}")
    if y is not None:
        y = np.asarray(y)
        if y.shape != (X.shape[0],):
            raise ValueError(f"{func}: y must have shape ({X.shape[0]},) to match X, got {y.shape}")
    return X, y


def _labels_from_output(out, m):
    """Class labels (M,) from a prediction: labels, (M, K) scores, or (M,)/(M, 1) P(class 1)."""
    out = np.asarray(out)
    if out.ndim == 2 and out.shape[1] > 1:
        out = out.argmax(axis=1)
    out = out.reshape(-1)
    if out.shape != (m,):
        raise ValueError(f"decision_boundary: predict returned {out.size} values for {m} grid points")
    if np.issubdtype(out.dtype, np.floating) and not np.all(out == np.round(out)):
        return (out >= 0.5).astype(int)  # probabilities of class 1
    return out.astype(int)


def decision_boundary(predict, X, y, ax=None, resolution=200, margin=0.1):
    """Colour the plane by the class ``predict`` assigns, and scatter the data on top.

    A ``resolution × resolution`` grid covers the range of ``X`` widened by ``margin`` times
    its span on every side; ``predict`` is called once on all grid points.

    Parameters
    ----------
    predict : callable
        ``predict(P)`` with ``P`` of shape (M, 2) returns class labels (M,), class scores or
        probabilities (M, K) (the argmax is taken), or the probability of class 1 as (M,) or
        (M, 1) floats (thresholded at 0.5).
    X : array_like, shape (N, 2)
    y : array_like, shape (N,)
        Integer class labels of the data points.
    ax : matplotlib Axes or None, default None
    resolution : int, default 200
        Grid points per axis (at least 2).
    margin : float, default 0.1
        Extra room around the data, as a fraction of each axis' span.

    Returns
    -------
    matplotlib Axes
        With one filled contour set (the regions) and one scatter collection (N points).
    """
    if not callable(predict):
        raise TypeError("decision_boundary: predict must be a function of an (M, 2) array")
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) or resolution < 2:
        raise ValueError(f"decision_boundary: resolution must be an integer >= 2, got {resolution!r}")
    X, y = _as_points(X, y, "decision_boundary")
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = margin * np.where(hi > lo, hi - lo, 1.0)
    gx, gy = np.meshgrid(np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution),
                         np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    Z = _labels_from_output(predict(grid), len(grid)).reshape(gx.shape)
    classes = np.union1d(np.unique(Z), np.unique(y)).astype(int)
    ax = _axes(ax)
    bounds = np.append(classes - 0.5, classes[-1] + 0.5)
    ax.contourf(gx, gy, Z, levels=bounds, cmap="coolwarm", alpha=0.3)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", vmin=classes[0], vmax=classes[-1],
               edgecolors="k", linewidths=0.5, s=20)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def _contours(f, xlim, ylim, ax, levels, resolution):
    gx, gy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    F = np.asarray(f(gx, gy), dtype=np.float64)
    if F.shape != gx.shape:
        raise ValueError(
            f"f must be vectorised: f(x, y) on ({resolution}, {resolution}) grids returned shape {F.shape}"
        )
    ax.contour(gx, gy, F, levels=levels, cmap="viridis", linewidths=0.7)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")


def _check_paths(paths, func):
    if not isinstance(paths, Mapping) or not paths:
        raise TypeError(f"{func}: paths must be a non-empty dict name -> (T, 2) array of positions")
    checked = {}
    for name, path in paths.items():
        arr = np.asarray(path, dtype=np.float64)
        if arr.ndim != 2 or arr.shape[1] != 2 or arr.shape[0] < 1:
            raise ValueError(f"{func}: path {name!r} must have shape (T, 2), got {arr.shape}")
        checked[str(name)] = arr
    return checked


def optimizer_paths(f, paths, xlim, ylim, ax=None, levels=30, resolution=200):
    """Contours of a 2-D cost ``f`` with the paths that optimizers took on it.

    Parameters
    ----------
    f : callable
        ``f(w1, w2)``, vectorised: called once with two (resolution, resolution) arrays, returns
        the cost on the grid (same shape).
    paths : dict of str -> array_like, shape (T, 2)
        Positions :math:`w_0, w_1, \\dots, w_{T-1}` of each optimizer, starting point first.
    xlim, ylim : tuple of two floats
        Plotted ranges of :math:`w_1` and :math:`w_2`.
    ax : matplotlib Axes or None, default None
    levels : int or array_like, default 30
        Passed to ``Axes.contour``: a number of levels, or the level values (for bowl-shaped
        costs ``np.logspace`` values show the bottom better).
    resolution : int, default 200
        Grid points per axis.

    Returns
    -------
    matplotlib Axes
        One line (with markers) per path, T points each, labelled with its name; the start is
        marked by a black square.
    """
    paths = _check_paths(paths, "optimizer_paths")
    ax = _axes(ax)
    _contours(f, xlim, ylim, ax, levels, resolution)
    for name, p in paths.items():
        ax.plot(p[:, 0], p[:, 1], marker=".", markersize=4, linewidth=1.2, label=name)
    start = next(iter(paths.values()))[0]
    ax.plot([start[0]], [start[1]], "ks", markersize=6)
    ax.legend()
    return ax


def animate_paths(f, paths, xlim, ylim, interval=100, levels=30, resolution=200, figsize=(5, 4)):
    """Animate optimizer paths on the contours of ``f``, one step per frame.

    Same arguments as :func:`optimizer_paths`; frame ``t`` (0-based) shows the first
    ``t + 1`` points of every path (shorter paths stay at their end). The figure is closed
    after the animation is built, so a notebook shows only the animation:
    ``animate_paths(...).to_jshtml()`` renders it as HTML with playback controls.

    Parameters
    ----------
    interval : int, default 100
        Milliseconds between frames.
    figsize : tuple, default (5, 4)

    Returns
    -------
    matplotlib.animation.FuncAnimation
        ``max(T)`` frames; its figure holds one line per path.
    """
    from matplotlib.animation import FuncAnimation

    plt = _plt()
    paths = _check_paths(paths, "animate_paths")
    fig, ax = plt.subplots(figsize=figsize)
    _contours(f, xlim, ylim, ax, levels, resolution)
    lines = {name: ax.plot([], [], marker=".", markersize=4, linewidth=1.2, label=name)[0]
             for name in paths}
    ax.legend(loc="upper right")
    n_frames = max(len(p) for p in paths.values())

    def update(t):
        for name, p in paths.items():
            lines[name].set_data(p[: t + 1, 0], p[: t + 1, 1])
        return list(lines.values())

    anim = FuncAnimation(fig, update, frames=n_frames, interval=interval, blit=False)
    plt.close(fig)
    return anim


def activation_histograms(activations, ax=None, bins=50, labels=None):
    """One histogram per layer of the activation values (to watch them saturate or vanish).

    Parameters
    ----------
    activations : list of array_like
        ``activations[l]`` holds layer ``l+1``'s activations :math:`a^{[l+1]}`, any shape
        (usually (N, n_l)); all values are pooled into one histogram.
    ax : sequence of matplotlib Axes or None, default None
        One Axes per layer; None creates one row of ``len(activations)`` subplots.
    bins : int, default 50
    labels : list of str or None, default None
        Subplot titles; default ``"layer 1"``, ``"layer 2"``, ...

    Returns
    -------
    ndarray of matplotlib Axes, shape (L,)
        Each titled with the layer name, the mean and the standard deviation of its values.
    """
    if isinstance(activations, np.ndarray) or not isinstance(activations, (list, tuple)) or not activations:
        raise TypeError("activation_histograms: activations must be a non-empty list of arrays, one per layer")
    L = len(activations)
    labels = [f"layer {l + 1}" for l in range(L)] if labels is None else list(labels)
    if len(labels) != L:
        raise ValueError(f"activation_histograms: {len(labels)} labels for {L} layers")
    if ax is None:
        axes = np.atleast_1d(_plt().subplots(1, L, figsize=(2.6 * L, 2.4), sharey=True)[1])
    else:
        axes = np.atleast_1d(np.asarray(ax, dtype=object)).ravel()
        if len(axes) != L:
            raise ValueError(f"activation_histograms: {len(axes)} Axes given for {L} layers")
    for a, values, label in zip(axes, activations, labels):
        v = np.asarray(values, dtype=np.float64).ravel()
        a.hist(v, bins=bins, color="tab:blue")
        a.set_title(f"{label}\nmean {v.mean():.2f}, std {v.std():.2f}", fontsize=9)
    return axes
