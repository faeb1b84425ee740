"""nnlib.train: every sample once per epoch, loss goes down in each mode, history, errors."""

import subprocess
import sys

import numpy as np
import pytest
import torch

from nnlib import optim
from nnlib.layers import Dense, Layer
from nnlib.model import Sequential, mlp
from nnlib.train import History, evaluate, fit

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_y = np.array([0, 1, 1, 0])


class Recorder(Layer):
    """Identity layer that records which samples (column 0 holds the sample id) it sees."""

    def __init__(self):
        super().__init__()
        self.batches = []

    def forward(self, x, train=True):
        if train:
            self.batches.append(x[:, 0].astype(int).tolist())
        return x

    def backward(self, dout, input_grad=True):
        return dout if input_grad else None


class LrRecorder:
    """Optimizer stand-in that changes nothing and records its lr at every step."""

    def __init__(self, lr=0.1):
        self.lr, self.seen = lr, []

    def step(self, params, grads):
        self.seen.append(self.lr)


def _recording_model():
    recorder = Recorder()
    return Sequential([recorder, Dense(1, 2, rng=np.random.default_rng(0))]), recorder


@pytest.mark.parametrize("mode, batch_size, expected_sizes", [
    ("batch", None, [10]),
    ("stochastic", None, [1] * 10),
    ("minibatch", 4, [4, 4, 2]),
    (None, 3, [3, 3, 3, 1]),          # mode derived from batch_size
    (None, None, [10]),
    (None, 1, [1] * 10),
])
def test_each_epoch_visits_every_sample_exactly_once(mode, batch_size, expected_sizes, rng):
    n, epochs = 10, 3
    X = np.arange(n, dtype=float)[:, None]          # sample id as the only feature
    y = np.arange(n) % 2
    model, recorder = _recording_model()
    fit(model, X, y, optimizer=LrRecorder(), epochs=epochs, mode=mode, batch_size=batch_size,
        rng=rng, progress=False)
    per_epoch = len(expected_sizes)
    assert len(recorder.batches) == epochs * per_epoch
    orders = []
    for e in range(epochs):
        batches = recorder.batches[e * per_epoch:(e + 1) * per_epoch]
        assert [len(b) for b in batches] == expected_sizes
        order = [i for b in batches for i in b]
        assert sorted(order) == list(range(n))
        orders.append(order)
    if per_epoch > 1:   # shuffled each epoch: three equal permutations of 10 has probability (1/10!)^2
        assert not orders[0] == orders[1] == orders[2]


def test_shuffle_order_comes_from_the_injected_rng():
    X, y = np.arange(12, dtype=float)[:, None], np.arange(12) % 2
    seen = []
    for _ in range(2):
        model, recorder = _recording_model()
        fit(model, X, y, optimizer=LrRecorder(), epochs=2, batch_size=5,
            rng=np.random.default_rng(123), progress=False)
        seen.append(recorder.batches)
    assert seen[0] == seen[1]


# learning rates that converge for every seed tried (stochastic steps are noisier: smaller lr)
@pytest.mark.parametrize("mode, batch_size, epochs, lr", [
    ("batch", None, 400, 1.0), ("stochastic", None, 150, 0.1), ("minibatch", 4, 200, 0.3)])
def test_training_reduces_loss_on_xor(mode, batch_size, epochs, lr):
    X = np.repeat(XOR_X, 4, axis=0)                  # 16 samples
    y = np.repeat(XOR_y, 4)
    model = mlp([2, 8, 2], activation="tanh", init="xavier_normal", rng=np.random.default_rng(1))
    start = evaluate(model, X, y)["loss"]
    hist = fit(model, X, y, optimizer=optim.SGD(lr=lr), epochs=epochs, mode=mode,
               batch_size=batch_size, rng=np.random.default_rng(2), progress=False)
    end = evaluate(model, X, y)
    assert hist.loss[-1] < 0.1 * hist.loss[0]
    assert end["loss"] < 0.1 * start
    assert end["accuracy"] == 1.0


def test_training_regression_with_mse_and_adam():
    rng = np.random.default_rng(3)
    X = rng.uniform(-1, 1, size=(64, 2))
    y = (X[:, :1] ** 2 - X[:, 1:]) * 0.5             # (N, 1) targets
    model = mlp([2, 16, 1], activation="tanh", rng=rng)
    hist = fit(model, X, y, loss="mse", optimizer=optim.Adam(lr=0.01), epochs=60, batch_size=16,
               rng=rng, X_val=X, y_val=y, progress=False)
    assert hist.loss[-1] < 0.2 * hist.loss[0]
    assert hist.accuracy == [] and hist.val_accuracy == []
    assert len(hist.val_loss) == 60


def test_history_shape_schedule_and_seconds():
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(30, 3)), rng.integers(0, 2, size=30)
    model = mlp([3, 4, 2], rng=rng)
    opt = LrRecorder(lr=1.0)
    hist = fit(model, X, y, optimizer=opt, epochs=5, batch_size=10, rng=rng,
               X_val=X[:10], y_val=y[:10], schedule=lambda epoch: 0.5 ** epoch, progress=False)
    assert isinstance(hist, History)
    for name in ("loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds"):
        assert len(hist[name]) == 5, name
    assert hist.epochs == [1, 2, 3, 4, 5]
    assert hist.lr == [1.0, 0.5, 0.25, 0.125, 0.0625]
    assert opt.seen == [lr for lr in hist.lr for _ in range(3)]   # 3 steps per epoch
    assert all(s > 0 for s in hist.seconds)
    assert all(0.0 <= a <= 1.0 for a in hist.accuracy + hist.val_accuracy)


def test_reported_loss_includes_l2_penalty_and_matches_torch():
    # With an optimizer that does not move the weights, batch mode, no dropout: the epoch's
    # reported loss is exactly CE + lam * sum W^2 at the initial weights.
    rng = np.random.default_rng(5)
    lam = 0.07
    model = mlp([4, 5, 3], l2=lam, rng=rng)
    X, y = rng.normal(size=(20, 4)), rng.integers(0, 3, size=20)
    p = {k: torch.tensor(v) for k, v in model.params().items()}
    z = torch.relu(torch.tensor(X) @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
    expected = (torch.nn.functional.cross_entropy(z, torch.tensor(y))
                + lam * ((p["W1"] ** 2).sum() + (p["W2"] ** 2).sum())).item()
    expected_acc = float(np.mean(z.argmax(dim=1).numpy() == y))
    hist = fit(model, X, y, optimizer=LrRecorder(), epochs=2, rng=rng, X_val=X, y_val=y,
               progress=False)
    assert hist.loss == pytest.approx([expected] * 2, rel=1e-12)
    assert hist.val_loss == pytest.approx([expected] * 2, rel=1e-12)
    assert hist.accuracy == hist.val_accuracy == [expected_acc] * 2
    scores = evaluate(model, X, y)
    assert scores["loss"] == pytest.approx(expected, rel=1e-12)
    assert scores["accuracy"] == expected_acc


def test_one_hot_targets_and_no_mutation():
    rng = np.random.default_rng(6)
    X, y = rng.normal(size=(12, 3)), rng.integers(0, 3, size=12)
    Y = np.eye(3)[y]
    X0, Y0 = X.copy(), Y.copy()
    m1, m2 = mlp([3, 4, 3], rng=np.random.default_rng(7)), mlp([3, 4, 3], rng=np.random.default_rng(7))
    h1 = fit(m1, X, y, optimizer=optim.SGD(lr=0.1), epochs=3, batch_size=4,
             rng=np.random.default_rng(8), progress=False)
    h2 = fit(m2, X, Y, optimizer=optim.SGD(lr=0.1), epochs=3, batch_size=4,
             rng=np.random.default_rng(8), progress=False)
    assert h1.loss == pytest.approx(h2.loss, rel=1e-12)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)


def test_progress_bar_shown_when_asked(capsys):
    X, y = XOR_X, XOR_y
    fit(mlp([2, 3, 2], rng=np.random.default_rng(0)), X, y, optimizer=optim.SGD(lr=0.1),
        epochs=3, progress=True)
    assert "3/3" in capsys.readouterr().err
    fit(mlp([2, 3, 2], rng=np.random.default_rng(0)), X, y, optimizer=optim.SGD(lr=0.1),
        epochs=3, progress="auto")                    # milliseconds: no bar
    assert capsys.readouterr().err == ""


def test_importing_the_network_modules_stays_light():
    code = ("import sys, nnlib.init, nnlib.layers, nnlib.model, nnlib.train; "
            "print(sorted(m for m in ('tqdm', 'matplotlib', 'sklearn', 'torch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"batch_size": 0}, ValueError, r"batch_size must be in \[1, N\] = \[1, 4\]; got 0"),
    ({"batch_size": 5}, ValueError, r"batch_size must be in \[1, N\]"),
    ({"mode": "online"}, ValueError, "unknown mode 'online'"),
    ({"mode": "batch", "batch_size": 2}, ValueError, "mode='batch' uses batches of 4 samples"),
    ({"mode": "stochastic", "batch_size": 2}, ValueError, "mode='stochastic' uses batches of 1 sample"),
    ({"mode": "minibatch"}, ValueError, "mode='minibatch' needs a batch_size"),
    ({"loss": "hinge"}, ValueError, "unknown loss 'hinge'"),
    ({"X_val": XOR_X}, ValueError, "pass both X_val and y_val"),
    ({"X_val": XOR_X, "y_val": XOR_y[:3]}, ValueError, "X_val and y_val must have the same number"),
    ({"batch_size": 2, "rng": 0}, TypeError, "rng=np.random.default_rng"),
    ({"batch_size": 2}, TypeError, "rng=np.random.default_rng"),
])
def test_fit_errors(kwargs, exc, match):
    args = {"optimizer": optim.SGD(lr=0.1), "progress": False, **kwargs}
    with pytest.raises(exc, match=match):
        fit(mlp([2, 3, 2], rng=np.random.default_rng(0)), XOR_X, XOR_y, **args)


def test_data_errors():
    model = mlp([2, 3, 2], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="X and y must have the same number of samples; got 4 and 3"):
        fit(model, XOR_X, XOR_y[:3], optimizer=optim.SGD(lr=0.1))
    with pytest.raises(ValueError, match=r"X must have shape \(N, D\)"):
        fit(model, XOR_X[:, 0], XOR_y, optimizer=optim.SGD(lr=0.1))
    with pytest.raises(ValueError, match=r"labels y must be whole numbers in \[0, 2\)"):
        fit(model, XOR_X, np.array([0, 1, 2, 5]), optimizer=optim.SGD(lr=0.1), progress=False)


OPTIMIZERS = {"sgd": lambda: optim.SGD(0.05), "momentum": lambda: optim.Momentum(0.05),
              "nesterov": lambda: optim.Nesterov(0.05), "adagrad": lambda: optim.AdaGrad(0.05),
              "rmsprop": lambda: optim.RMSProp(0.003), "adam": lambda: optim.Adam(0.003)}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_fast_path_and_readable_path_give_the_same_trajectory(name, dtype):
    # fit(fast=True) steps the optimizer through nnlib.fast (one vector holding every parameter,
    # the speed devices); fast=False on the named arrays W1, b1, ... (the readable path). Same weights.
    rng = np.random.default_rng(11)
    X, y = rng.normal(size=(40, 5)).astype(dtype), rng.integers(0, 3, size=40)
    models = [mlp([5, 8, 6, 3], l2=0.01, dropout=0.2, rng=np.random.default_rng(12), dtype=dtype)
              for _ in range(2)]
    hists = [fit(model, X, y, optimizer=OPTIMIZERS[name](), epochs=4, batch_size=8,
                 rng=np.random.default_rng(13), progress=False, fast=fast)
             for model, fast in zip(models, (True, False))]
    tol = 1e-12 if dtype == np.float64 else 1e-5
    for key, w in models[0].params().items():
        assert w.dtype == dtype
        np.testing.assert_allclose(w, models[1].params()[key], rtol=0, atol=tol)
    np.testing.assert_allclose(hists[0].loss, hists[1].loss, rtol=tol)
