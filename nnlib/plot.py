"""Plots used throughout the book: training curves, decision boundaries, optimizer paths, network diagrams.

matplotlib is imported inside each function, so ``import nnlib.plot`` stays light and nnlib works without
matplotlib until a plot is requested. Every function draws on the ``ax`` it is given (or on a new figure when
``ax is None``) and returns what it drew on.
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
    """{key: float array} of the non-empty series of a dict or ``nnlib.train.History``-like object."""
    get = history.get if isinstance(history, Mapping) else (lambda k: getattr(history, k, None))
    series = {k: np.asarray(get(k), dtype=np.float64) for k in _HISTORY_KEYS if get(k) is not None and len(get(k))}
    for key, arr in series.items():
        if arr.ndim != 1:
            raise ValueError(f"history[{key!r}] must be a 1-D sequence of per-epoch values, got shape {arr.shape}")
    return series


def _plot_series(history, keys, ylabel, ax, func):
    series = _history_series(history)
    present = [k for k in keys if k in series]
    if not present:
        raise ValueError(f"{func}: history has no {' or '.join(keys)} values; pass a dict of per-epoch lists "
                         "or an object with those attributes (nnlib.train.History)")
    ax = _axes(ax)
    for key in present:
        epochs = np.arange(1, len(series[key]) + 1)
        val = key.startswith("val_")
        ax.plot(epochs, series[key], marker="o" if len(epochs) <= 30 else None, linestyle="--" if val else "-",
                label="validation" if val else "training")
    ax.set(xlabel="epoch", ylabel=ylabel)
    ax.legend()
    return ax


def loss_curves(history, ax=None):
    """Training and validation cost per epoch.

    Parameters
    ----------
    history : mapping or object
        Per-epoch lists ``loss`` and/or ``val_loss`` (length T each, epochs numbered from 1), as a dict or
        as attributes (``nnlib.train.History``).
    ax : matplotlib Axes or None, default None (a new figure)

    Returns
    -------
    matplotlib Axes
        One line per series present (solid: training, dashed: validation), x = 1..T.
    """
    return _plot_series(history, ("loss", "val_loss"), "cost L", ax, "loss_curves")


def accuracy_curves(history, ax=None):
    """Training and validation accuracy per epoch (``accuracy``, ``val_accuracy``); see :func:`loss_curves`."""
    return _plot_series(history, ("accuracy", "val_accuracy"), "accuracy", ax, "accuracy_curves")


def _labels_from_output(out, m):
    """Class labels (m,) from a prediction: labels, (m, K) scores, or (m,)/(m, 1) P(class 1)."""
    out = np.asarray(out)
    out = (out.argmax(axis=1) if out.ndim == 2 and out.shape[1] > 1 else out).reshape(-1)
    if out.shape != (m,):
        raise ValueError(f"decision_boundary: predict returned {out.size} values for {m} grid points")
    if np.issubdtype(out.dtype, np.floating) and not np.all(out == np.round(out)):
        return (out >= 0.5).astype(int)  # probabilities of class 1
    return out.astype(int)


def decision_boundary(predict, X, y, ax=None, resolution=200, margin=0.1):
    """Colour the plane by the class ``predict`` assigns, and scatter the data on top.

    A ``resolution × resolution`` grid covers the range of ``X`` widened by ``margin`` times its span on every
    side; ``predict`` is called once on all grid points.

    Parameters
    ----------
    predict : callable
        ``predict(P)`` with ``P`` of shape (G, 2) returns class labels (G,), class scores or probabilities
        (G, K) (the argmax is taken), or the probability of class 1 as (G,) or (G, 1) floats (threshold 0.5).
    X : array_like, shape (N, 2); y : array_like, shape (N,) of integer class labels
    ax : matplotlib Axes or None, default None
    resolution : int, default 200 (grid points per axis, at least 2)
    margin : float, default 0.1 (extra room around the data, as a fraction of each axis' span)

    Returns
    -------
    matplotlib Axes
        With one filled contour set (the regions) and one scatter collection (N points).
    """
    if not callable(predict):
        raise TypeError("decision_boundary: predict must be a function of a (G, 2) array")
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) or resolution < 2:
        raise ValueError(f"decision_boundary: resolution must be an integer >= 2, got {resolution!r}")
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"decision_boundary: X must have shape (N, 2) (two features to plot), got {X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(f"decision_boundary: y must have shape ({X.shape[0]},) to match X, got {y.shape}")
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = margin * np.where(hi > lo, hi - lo, 1.0)
    gx, gy = np.meshgrid(*(np.linspace(lo[d] - pad[d], hi[d] + pad[d], resolution) for d in (0, 1)))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    Z = _labels_from_output(predict(grid), len(grid)).reshape(gx.shape)
    classes = np.union1d(np.unique(Z), np.unique(y)).astype(int)
    ax = _axes(ax)
    ax.contourf(gx, gy, Z, levels=np.append(classes - 0.5, classes[-1] + 0.5), cmap="coolwarm", alpha=0.3)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", vmin=classes[0], vmax=classes[-1],
               edgecolors="k", linewidths=0.5, s=20)
    ax.set(xlabel="$x_1$", ylabel="$x_2$")
    return ax


def _contours(f, xlim, ylim, ax, levels, resolution):
    gx, gy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    F = np.asarray(f(gx, gy), dtype=np.float64)
    if F.shape != gx.shape:
        raise ValueError(f"f must be vectorised: f(x, y) on ({resolution}, {resolution}) grids gave shape {F.shape}")
    ax.contour(gx, gy, F, levels=levels, cmap="viridis", linewidths=0.7)
    ax.set(xlim=xlim, ylim=ylim, xlabel="$w_1$", ylabel="$w_2$")


def _check_paths(paths, func):
    if not isinstance(paths, Mapping) or not paths:
        raise TypeError(f"{func}: paths must be a non-empty dict name -> (T, 2) array of positions")
    checked = {str(name): np.asarray(path, dtype=np.float64) for name, path in paths.items()}
    for name, arr in checked.items():
        if arr.ndim != 2 or arr.shape[1] != 2 or arr.shape[0] < 1:
            raise ValueError(f"{func}: path {name!r} must have shape (T, 2), got {arr.shape}")
    return checked


def optimizer_paths(f, paths, xlim, ylim, ax=None, levels=30, resolution=200):
    """Contours of a 2-D cost ``f`` with the paths that optimizers took on it.

    Parameters
    ----------
    f : callable
        ``f(w1, w2)``, vectorised: called once with two (resolution, resolution) arrays, returns the cost there.
    paths : dict of str -> array_like, shape (T, 2)
        Positions :math:`w_0, w_1, \\dots, w_{T-1}` of each optimizer, starting point first.
    xlim, ylim : tuple of two floats (plotted ranges of :math:`w_1` and :math:`w_2`)
    ax : matplotlib Axes or None, default None
    levels : int or array_like, default 30
        Passed to ``Axes.contour`` (for bowl-shaped costs ``np.logspace`` values show the bottom better).
    resolution : int, default 200 (grid points per axis)

    Returns
    -------
    matplotlib Axes
        One line (with markers) per path, T points each, labelled with its name; a black square marks the start.
    """
    paths, ax = _check_paths(paths, "optimizer_paths"), _axes(ax)
    _contours(f, xlim, ylim, ax, levels, resolution)
    for name, p in paths.items():
        ax.plot(p[:, 0], p[:, 1], marker=".", markersize=4, linewidth=1.2, label=name)
    start = next(iter(paths.values()))[0]
    ax.plot([start[0]], [start[1]], "ks", markersize=6)
    ax.legend()
    return ax


def animate_paths(f, paths, xlim, ylim, interval=100, levels=30, resolution=200, figsize=(5, 4)):
    """Animate optimizer paths on the contours of ``f``, one step per frame.

    Same arguments as :func:`optimizer_paths`; frame ``t`` (0-based) shows the first ``t + 1`` points of every
    path (shorter paths stay at their end). The figure is closed after the animation is built, so a notebook
    shows only the animation: ``animate_paths(...).to_jshtml()`` renders it as HTML with playback controls.

    Returns
    -------
    matplotlib.animation.FuncAnimation
        ``max(T)`` frames, ``interval`` ms apart; its figure (``figsize``) holds one line per path.
    """
    from matplotlib.animation import FuncAnimation

    plt, paths = _plt(), _check_paths(paths, "animate_paths")
    fig, ax = plt.subplots(figsize=figsize)
    _contours(f, xlim, ylim, ax, levels, resolution)
    lines = {name: ax.plot([], [], marker=".", markersize=4, linewidth=1.2, label=name)[0] for name in paths}
    ax.legend(loc="upper right")

    def update(t):
        for name, p in paths.items():
            lines[name].set_data(p[: t + 1, 0], p[: t + 1, 1])
        return list(lines.values())

    anim = FuncAnimation(fig, update, frames=max(len(p) for p in paths.values()), interval=interval, blit=False)
    plt.close(fig)
    return anim


def activation_histograms(activations, ax=None, bins=50, labels=None):
    """One histogram per layer of the activation values (to watch them saturate or vanish).

    Parameters
    ----------
    activations : list of M array_like
        ``activations[l]`` holds :math:`a^{[l+1]}`, any shape (usually (N, n_l)), pooled into one histogram.
    ax : sequence of M matplotlib Axes or None, default None (one new row of M subplots)
    bins : int, default 50
    labels : list of str or None, default None (``"layer 1"``, ``"layer 2"``, ...)

    Returns
    -------
    ndarray of matplotlib Axes, shape (M,)
        Each titled with the layer name, the mean and the standard deviation of its values.
    """
    if isinstance(activations, np.ndarray) or not isinstance(activations, (list, tuple)) or not activations:
        raise TypeError("activation_histograms: activations must be a non-empty list of arrays, one per layer")
    M = len(activations)
    labels = [f"layer {l + 1}" for l in range(M)] if labels is None else list(labels)
    if len(labels) != M:
        raise ValueError(f"activation_histograms: {len(labels)} labels for {M} layers")
    axes = np.atleast_1d(_plt().subplots(1, M, figsize=(2.6 * M, 2.4), sharey=True)[1] if ax is None
                         else np.asarray(ax, dtype=object)).ravel()
    if len(axes) != M:
        raise ValueError(f"activation_histograms: {len(axes)} Axes given for {M} layers")
    for a, values, label in zip(axes, activations, labels):
        a.hist(v := np.asarray(values, dtype=np.float64).ravel(), bins=bins, color="tab:blue")
        a.set_title(f"{label}\nmean {v.mean():.2f}, std {v.std():.2f}", fontsize=9)
    return axes


GAP = 2.4  # network_diagram: horizontal distance between layers (vertical: 1 between nodes)


def network_diagram(sizes, *, ax=None, weight_labels=True, bias=True, input_labels=None, output_labels=None,
                    layer_names=None):
    """Draw a fully connected network: nodes, bias nodes and edges labelled with the book's symbols.

    Layer ``l`` (0 = input, ``M = len(sizes) - 1`` = output) is a column of circles labelled :math:`x_j`
    (input) or :math:`a^{[l]}_k`. The edge from node ``j`` of layer ``l - 1`` to node ``k`` of layer ``l``
    carries :math:`W^{[l]}_{jk}`, entry ``[j-1, k-1]`` of the ``(n_{l-1}, n_l)`` matrix (indices from 1, as
    on the notation page). A bias node (grey, labelled 1) beside each non-output layer sends :math:`b^{[l]}_k`.

    Parameters
    ----------
    sizes : sequence of int, length M + 1 >= 2 (nodes per layer, input first, e.g. ``[2, 2, 1]``)
    ax : matplotlib Axes or None, default None
    weight_labels : bool, default True (write :math:`W^{[l]}_{jk}` and :math:`b^{[l]}_k` on the edges)
    bias : bool, default True (draw the bias nodes and their edges)
    input_labels, output_labels : list of str or None (default :math:`x_j` and :math:`a^{[M]}_k`)
    layer_names : list of M + 1 str or None (captions; default "input", "hidden" or "hidden l", "output")

    Returns
    -------
    matplotlib Axes
        ``sum(sizes)`` (+ ``M`` bias) circles; one line per edge, labelled with its symbol (its ``get_label()``).
    """
    from matplotlib.patches import Circle  # lazy, as _plt
    sizes, M = [int(n) for n in sizes], len(sizes) - 1
    if M < 1 or min(sizes) < 1:
        raise ValueError(f"network_diagram: sizes must list >= 2 layers of >= 1 node each, got {sizes}")
    labels = [[f"$a^{{[{l}]}}_{{{k}}}$" for k in range(1, n + 1)] for l, n in enumerate(sizes)]
    labels[0] = list(input_labels or [f"$x_{{{j}}}$" for j in range(1, sizes[0] + 1)])
    labels[M] = list(output_labels or labels[M])
    hidden = ["hidden"] if M == 2 else [f"hidden {l}" for l in range(1, M)]
    names = ["input", *hidden, "output"] if layer_names is None else list(layer_names)
    for what, got, want in [("input labels", labels[0], sizes[0]), ("output labels", labels[M], sizes[M]),
                            ("layer names", names, M + 1)]:
        if len(got) != want:
            raise ValueError(f"network_diagram: {len(got)} {what} given, {want} needed")
    ys = [(n - 1) / 2 - np.arange(n) for n in sizes]
    top, bottom = max(y[0] for y in ys) + 1, min(y[-1] for y in ys)
    ax = _plt().subplots(figsize=(1.5 + 2 * M, 0.75 * (top - bottom) + 2))[1] if ax is None else ax
    sub = lambda *ks: ("" if max(ks) < 10 else ",").join(map(str, ks))  # W_12, but W_{10,3}
    for l in range(1, M + 1):
        for k, yk in enumerate(ys[l]):
            t = 0.2 + 0.3 * k / max(sizes[l] - 1, 1)  # where the labels sit: one x per receiving node
            edges = [(y0, f"$W^{{[{l}]}}_{{{sub(j + 1, k + 1)}}}$") for j, y0 in enumerate(ys[l - 1])]
            for y0, text in edges + [(top, f"$b^{{[{l}]}}_{{{k + 1}}}$")] * bias:
                ax.plot([GAP * (l - 1), GAP * l], [y0, yk], color="0.55", lw=0.8, zorder=1, label=text)
                if weight_labels:
                    ax.text(GAP * (l - 1 + t), y0 + t * (yk - y0), text, fontsize=8, ha="center", va="center",
                            zorder=3, bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85})
    for l in range(M + 1):
        nodes = [(y, text, 0.27, "#dbe8f6", "-") for y, text in zip(ys[l], labels[l])]
        for y, text, r, colour, ls in nodes + ([(top, "1", 0.2, "0.85", "--")] if bias and l < M else []):
            ax.add_patch(Circle((GAP * l, y), r, fc=colour, ec="k", lw=0.8, ls=ls, zorder=2))
            ax.text(GAP * l, y, text, fontsize=9, ha="center", va="center", zorder=4)
        ax.text(GAP * l, bottom - 0.6, names[l], fontsize=9, ha="center", va="top")
    ax.set(xlim=(-0.5, GAP * M + 0.5), ylim=(bottom - 1.0, top + 0.5), aspect="equal")
    ax.set_axis_off()
    return ax
