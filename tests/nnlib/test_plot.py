"""Tests of nnlib.plot with the Agg backend: artists exist with the right data, errors are clear."""

import subprocess
import sys
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.animation import FuncAnimation  # noqa: E402

from nnlib import plot  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


HISTORY = {"loss": [1.0, 0.5, 0.3, 0.2], "val_loss": [1.1, 0.7, 0.6, 0.65],
           "accuracy": [0.5, 0.7, 0.8, 0.9], "val_accuracy": [0.5, 0.6, 0.7, 0.7]}


def test_import_does_not_import_matplotlib():
    code = "import sys, nnlib.plot; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("as_object", [False, True])
def test_loss_curves_from_dict_or_object(as_object):
    history = SimpleNamespace(**HISTORY) if as_object else HISTORY
    ax = plot.loss_curves(history)
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3, 4])
    np.testing.assert_array_equal(lines[0].get_ydata(), HISTORY["loss"])
    np.testing.assert_array_equal(lines[1].get_ydata(), HISTORY["val_loss"])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["training", "validation"]


def test_loss_curves_on_given_axes_and_without_validation():
    fig, ax = plt.subplots()
    out = plot.loss_curves({"loss": [3, 2, 1], "val_loss": []}, ax=ax)
    assert out is ax and len(ax.get_lines()) == 1


def test_accuracy_curves():
    ax = plot.accuracy_curves(SimpleNamespace(loss=[1.0], accuracy=[0.1, 0.2], val_accuracy=[0.3, 0.1]))
    assert [len(line.get_xdata()) for line in ax.get_lines()] == [2, 2]


def test_history_errors():
    with pytest.raises(ValueError, match="no loss or val_loss"):
        plot.loss_curves({"accuracy": [0.5]})
    with pytest.raises(ValueError, match="1-D"):
        plot.loss_curves({"loss": [[1, 2], [3, 4]]})


def test_decision_boundary_regions_follow_predict():
    X = np.array([[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]])
    y = np.array([0, 1, 0, 1])
    calls = []

    def predict(P):
        calls.append(P.shape)
        return (P[:, 0] > 0).astype(int)

    ax = plot.decision_boundary(predict, X, y, resolution=50)
    assert calls == [(2500, 2)]
    assert len(ax.collections) == 2  # filled regions + scatter
    np.testing.assert_array_equal(ax.collections[-1].get_offsets(), X)
    x0, x1 = ax.get_xlim()
    assert x0 <= -1.2 + 1e-9 and x1 >= 1.2 - 1e-9  # 10 % margin around the data


@pytest.mark.parametrize("output", ["scores", "proba_column", "proba_flat"])
def test_decision_boundary_accepts_scores_and_probabilities(output):
    X = np.random.default_rng(0).normal(size=(30, 2))
    y = (X[:, 1] > 0).astype(int)

    def predict(P):
        p = 1 / (1 + np.exp(-5 * P[:, 1]))
        return {"scores": np.column_stack([1 - p, p]), "proba_column": p[:, None], "proba_flat": p}[output]

    ax = plot.decision_boundary(predict, X, y, resolution=20)
    assert len(ax.collections) == 2


def test_decision_boundary_errors():
    X, y = np.zeros((5, 2)), np.zeros(5, int)
    with pytest.raises(ValueError, match=r"shape \(N, 2\)"):
        plot.decision_boundary(lambda P: P[:, 0], np.zeros((5, 3)), y)
    with pytest.raises(ValueError, match="y must have shape"):
        plot.decision_boundary(lambda P: P[:, 0], X, np.zeros(4))
    with pytest.raises(ValueError, match="resolution"):
        plot.decision_boundary(lambda P: P[:, 0], X, y, resolution=1)
    with pytest.raises(ValueError, match="grid points"):
        plot.decision_boundary(lambda P: np.zeros(3), X, y, resolution=5)
    with pytest.raises(TypeError, match="function"):
        plot.decision_boundary("model", X, y)


def bowl(w1, w2):
    return w1 ** 2 + 10 * w2 ** 2


PATHS = {"SGD": np.array([[2.0, 1.0], [1.5, 0.2], [1.0, 0.1]]),
         "Adam": np.array([[2.0, 1.0], [1.8, 0.8], [1.6, 0.6], [1.4, 0.4], [1.2, 0.2]])}


def test_optimizer_paths():
    ax = plot.optimizer_paths(bowl, PATHS, (-3, 3), (-2, 2), levels=10, resolution=40)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines[:2]] == ["SGD", "Adam"]
    np.testing.assert_array_equal(lines[1].get_xydata(), PATHS["Adam"])
    assert len(lines[0].get_xdata()) == 3
    assert ax.get_xlim() == (-3, 3) and len(ax.collections) >= 1  # contour set


def test_optimizer_paths_errors():
    with pytest.raises(ValueError, match="shape \\(T, 2\\)"):
        plot.optimizer_paths(bowl, {"bad": np.zeros((3, 3))}, (-1, 1), (-1, 1))
    with pytest.raises(TypeError, match="non-empty dict"):
        plot.optimizer_paths(bowl, [], (-1, 1), (-1, 1))
    with pytest.raises(ValueError, match="vectorised"):
        plot.optimizer_paths(lambda a, b: 0.0, PATHS, (-1, 1), (-1, 1), resolution=10)


def test_animate_paths_frames_show_growing_prefixes():
    anim = plot.animate_paths(bowl, PATHS, (-3, 3), (-2, 2), resolution=30)
    assert isinstance(anim, FuncAnimation)
    assert not plt.fignum_exists(anim._fig.number)  # closed: a notebook shows only the animation
    frames = list(anim.new_frame_seq())
    assert len(frames) == 5  # the longest path
    lines = anim._func(2)
    assert [len(line.get_xdata()) for line in lines] == [3, 3]
    lines = anim._func(4)
    assert [len(line.get_xdata()) for line in lines] == [3, 5]
    html = anim.to_jshtml()
    assert "<script" in html and html.count("data:image/png;base64") == 5


def test_activation_histograms():
    g = np.random.default_rng(0)
    acts = [np.tanh(g.normal(size=(100, 8))), 0.1 * g.normal(size=(100, 4)), g.random((100, 2))]
    axes = plot.activation_histograms(acts, bins=10)
    assert len(axes) == 3
    for a, values in zip(axes, acts):
        heights = [patch.get_height() for patch in a.patches]
        assert len(heights) == 10 and sum(heights) == values.size
        assert f"std {values.std():.2f}" in a.get_title()


def test_activation_histograms_on_given_axes_and_errors():
    fig, axes = plt.subplots(1, 2)
    out = plot.activation_histograms([np.zeros(3), np.ones(3)], ax=axes, labels=["a", "b"])
    assert out[0] is axes[0] and out[1].get_title().startswith("b")
    with pytest.raises(ValueError, match="2 Axes given for 3 layers"):
        plot.activation_histograms([np.zeros(3)] * 3, ax=axes)
    with pytest.raises(TypeError, match="list of arrays"):
        plot.activation_histograms(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="1 labels for 2 layers"):
        plot.activation_histograms([np.zeros(3)] * 2, labels=["x"])


@settings(max_examples=25, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=5), bias=st.booleans(), labels=st.booleans())
def test_network_diagram_draws_every_node_and_edge_with_its_symbol(sizes, bias, labels):
    from matplotlib.patches import Circle

    plt.close("all")  # hypothesis runs the body many times per test
    ax = plot.network_diagram(sizes, bias=bias, weight_labels=labels)
    M = len(sizes) - 1
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    assert len(circles) == sum(sizes) + bias * M
    expected = {f"$W^{{[{l}]}}_{{{j}{k}}}$": (j, k, l) for l in range(1, M + 1)
                for j in range(1, sizes[l - 1] + 1) for k in range(1, sizes[l] + 1)}
    if bias:
        expected.update({f"$b^{{[{l}]}}_{{{k}}}$": (0, k, l) for l in range(1, M + 1) for k in range(1, sizes[l] + 1)})
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert len(ax.get_lines()) == len(expected) and set(lines) == set(expected)
    centres = {}  # (layer, node) -> centre; node 0 = the bias node
    for c in circles:
        x, y = c.center
        centres.setdefault(round(x / plot.GAP), []).append(y)
    for symbol, (j, k, l) in expected.items():
        (x0, x1), (y0, y1) = lines[symbol].get_data()
        assert (x0, x1) == (plot.GAP * (l - 1), plot.GAP * l)  # from layer l-1 to layer l
        ys_from = sorted(centres[l - 1], reverse=True)  # top first: the bias node (if any), then nodes 1, 2, ...
        ys_to = sorted(centres[l], reverse=True)[1 if bias and l < M else 0:]
        assert y0 == ys_from[j - 1 + bias] if j else y0 == ys_from[0]
        assert y1 == ys_to[k - 1]
    texts = {t.get_text(): t.get_position() for t in ax.texts}
    for symbol in expected:
        assert (symbol in texts) == labels
        if labels:  # the label sits on its own edge
            (x0, x1), (y0, y1) = lines[symbol].get_data()
            tx, ty = texts[symbol]
            assert x0 < tx < x1 and ty == pytest.approx(y0 + (tx - x0) / (x1 - x0) * (y1 - y0))
    assert [t for t in texts if t.startswith("$x_")] == [f"$x_{{{j}}}$" for j in range(1, sizes[0] + 1)]
    assert sum(t.get_text() == "1" for t in ax.texts) == bias * M


def test_network_diagram_labels_and_errors():
    ax = plot.network_diagram([2, 2, 1], input_labels=["area", "age"], output_labels=[r"$\hat y$"],
                              layer_names=["in", "h", "out"])
    texts = [t.get_text() for t in ax.texts]
    assert {"area", "age", r"$\hat y$", "in", "h", "out", "$W^{[2]}_{21}$", "$b^{[1]}_{2}$"} <= set(texts)
    assert "$W^{[1]}_{12}$" in texts  # node 1 of the input layer to node 2 of layer 1: W1[0, 1]
    assert "$W^{[1]}_{10,3}$" in [t.get_text() for t in plot.network_diagram([10, 3], bias=False).texts]
    with pytest.raises(ValueError, match="2 layers"):
        plot.network_diagram([3])
    with pytest.raises(ValueError, match="1 input labels given, 2 needed"):
        plot.network_diagram([2, 1], input_labels=["x"])
    with pytest.raises(ValueError, match="2 layer names given, 3 needed"):
        plot.network_diagram([2, 2, 1], layer_names=["a", "b"])
