"""nnlib.model: Sequential backward against PyTorch autograd (with L2), gradient check, API."""

import numpy as np
import pytest
import torch

from nnlib import losses
from nnlib.gradcheck import numerical_gradient, rel_error
from nnlib.layers import Dense, Dropout, ReLU, Tanh
from nnlib import init
from nnlib.model import Sequential, lsuv, mlp

TORCH_ACT = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


def _random_biases(model, rng):
    for key, value in model.params().items():
        if key.startswith("b"):
            value[...] = rng.normal(scale=0.5, size=value.shape)   # test setup, not the code under test
    return model


def _torch_forward(params, X, activation, n_dense):
    """Same network in torch; params are (n_in, n_out) like ours."""
    a = X
    for k in range(1, n_dense + 1):
        a = a @ params[f"W{k}"] + params[f"b{k}"]
        if k < n_dense:
            a = TORCH_ACT[activation](a)
    return a


@pytest.mark.parametrize("activation", ["relu", "tanh"])
@pytest.mark.parametrize("lam", [0.0, 0.05])
def test_backward_matches_torch_autograd_softmax_ce(activation, lam):
    rng = np.random.default_rng(10)
    model = _random_biases(mlp([6, 8, 7, 4], activation=activation, l2=lam, rng=rng), rng)
    X, y = rng.normal(size=(9, 6)), rng.integers(0, 4, size=9)

    z = model.forward(X)
    cost = losses.softmax_cross_entropy(y, z) + model.penalty()
    dX = model.backward(losses.softmax_cross_entropy_grad(y, z), input_grad=True)

    tp = {k: torch.tensor(v, requires_grad=True) for k, v in model.params().items()}
    Xt = torch.tensor(X, requires_grad=True)
    zt = _torch_forward(tp, Xt, activation, 3)
    Jt = torch.nn.functional.cross_entropy(zt, torch.tensor(y))
    Jt = Jt + lam * sum((tp[f"W{k}"] ** 2).sum() for k in (1, 2, 3))   # L = CE + lam * sum W^2
    Jt.backward()

    np.testing.assert_allclose(z, zt.detach().numpy(), rtol=1e-12, atol=1e-12)
    assert cost == pytest.approx(Jt.item(), rel=1e-12)
    grads = model.grads()
    assert sorted(grads) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    for key, g in grads.items():
        np.testing.assert_allclose(g, tp[key].grad.numpy(), rtol=1e-10, atol=1e-13, err_msg=key)
    np.testing.assert_allclose(dX, Xt.grad.numpy(), rtol=1e-10, atol=1e-13)


def test_backward_matches_torch_mse_regression_with_l2():
    rng = np.random.default_rng(11)
    lam = 0.02
    model = _random_biases(mlp([3, 5, 2], activation="tanh", l2=lam, rng=rng), rng)
    X, Y = rng.normal(size=(8, 3)), rng.normal(size=(8, 2))
    out = model.forward(X)
    model.backward(losses.mse_grad(Y, out))
    tp = {k: torch.tensor(v, requires_grad=True) for k, v in model.params().items()}
    Jt = torch.nn.functional.mse_loss(_torch_forward(tp, torch.tensor(X), "tanh", 2), torch.tensor(Y))
    Jt = Jt + lam * ((tp["W1"] ** 2).sum() + (tp["W2"] ** 2).sum())
    Jt.backward()
    assert losses.mse(Y, out) + model.penalty() == pytest.approx(Jt.item(), rel=1e-12)
    for key, g in model.grads().items():
        np.testing.assert_allclose(g, tp[key].grad.numpy(), rtol=1e-10, atol=1e-13, err_msg=key)


def test_gradient_check_three_layer_mlp():
    rng = np.random.default_rng(12)
    model = _random_biases(mlp([5, 6, 4, 3], activation="tanh", init="xavier_normal", l2=0.1,
                               rng=rng), rng)
    X, y = rng.normal(size=(7, 5)), rng.integers(0, 3, size=7)
    z = model.forward(X)
    model.backward(losses.softmax_cross_entropy_grad(y, z))
    analytic = {k: v.copy() for k, v in model.grads().items()}
    original = model.params()

    for key in original:
        def cost(value, key=key):
            model.set_params({**original, key: value})
            return losses.softmax_cross_entropy(y, model.forward(X)) + model.penalty()

        numeric = numerical_gradient(cost, original[key])
        model.set_params(original)
        assert rel_error(numeric, analytic[key]) < 1e-7, key


def test_params_are_live_and_named_by_dense_layer():
    rng = np.random.default_rng(13)
    d1, d2 = Dense(3, 4, rng=rng), Dense(4, 2, rng=rng)
    model = Sequential([d1, ReLU(), Dropout(0.2, rng=rng), d2])
    params = model.params()
    assert list(params) == ["W1", "b1", "W2", "b2"]
    assert params["W1"] is d1.params["W"] and params["b2"] is d2.params["b"]
    params["W2"] -= 1.0                        # what an optimizer does
    np.testing.assert_array_equal(d2.params["W"], params["W2"])


def test_mlp_structure():
    model = mlp([4, 8, 8, 3], activation="tanh", dropout=0.25, rng=np.random.default_rng(0))
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["Dense", "Activation", "Dropout", "Dense", "Activation", "Dropout", "Dense"]
    assert [layer.p for layer in model.layers if isinstance(layer, Dropout)] == [0.25, 0.25]
    shapes = {k: v.shape for k, v in model.params().items()}
    assert shapes == {"W1": (4, 8), "b1": (8,), "W2": (8, 8), "b2": (8,), "W3": (8, 3), "b3": (3,)}
    assert [type(layer).__name__ for layer in mlp([2, 1], rng=np.random.default_rng(0)).layers] == ["Dense"]


def test_predict_and_predict_proba():
    rng = np.random.default_rng(14)
    model = mlp([4, 6, 3], dropout=0.5, rng=rng)
    X = rng.normal(size=(10, 4))
    z = model.forward(X, train=False)
    P = model.predict_proba(X)
    np.testing.assert_allclose(P, torch.softmax(torch.tensor(z), dim=1).numpy(), rtol=1e-12)
    np.testing.assert_array_equal(model.predict(X), torch.tensor(z).argmax(dim=1).numpy())
    np.testing.assert_array_equal(model.forward(X, train=False), z)    # inference is deterministic


def test_penalty_and_no_mutation():
    rng = np.random.default_rng(15)
    model = mlp([3, 4, 2], l2=0.3, rng=rng)
    W1, W2 = model.params()["W1"], model.params()["W2"]
    assert model.penalty() == pytest.approx(0.3 * (np.sum(W1 * W1) + np.sum(W2 * W2)), rel=1e-12)
    assert mlp([3, 2], rng=rng).penalty() == 0.0
    X = rng.normal(size=(5, 3))
    X0 = X.copy()
    dz = np.ones((5, 2))
    model.forward(X)
    model.backward(dz)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(dz, np.ones((5, 2)))


def test_float32_model_stays_float32():
    rng = np.random.default_rng(16)
    model = mlp([5, 6, 3], l2=0.01, dropout=0.1, rng=rng, dtype=np.float32)
    z = model.forward(rng.normal(size=(4, 5)))
    model.backward(losses.softmax_cross_entropy_grad(np.array([0, 1, 2, 0]), z))
    assert z.dtype == np.float32
    assert all(g.dtype == np.float32 for g in model.grads().values())


def test_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="l2 .* >= 0"):
        Sequential([Dense(2, 2, rng=rng)], l2=-0.1)
    with pytest.raises(ValueError, match="unknown activation"):
        mlp([3, 4, 2], activation="gelu", rng=rng)
    model = Sequential([Dense(2, 3, rng=rng), Tanh(), Dense(3, 1, rng=rng)])
    with pytest.raises(ValueError, match="set_params expects keys"):
        model.set_params({"W1": np.zeros((2, 3))})
    bad = {k: np.zeros(v.shape[::-1] + (1,)) for k, v in model.params().items()}
    with pytest.raises(ValueError, match="should have shape"):
        model.set_params(bad)
    with pytest.raises(ValueError, match=r"Dense\(2→3\) expects an input of shape \(N, 2\)"):
        model.forward(np.zeros((4, 3)))


# ---------------------------------------------------------------- LSUV
def _dense_output_variances(model, X):
    out, a = [], X
    for layer in model.layers:
        a = layer.forward(a, train=False)
        if isinstance(layer, Dense):
            out.append(float(np.var(a)))
    return out


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_lsuv_gives_unit_output_variance_per_layer(activation, rng):
    model = mlp([20, 64, 64, 64, 5], activation=activation, init="he_normal", rng=rng)
    X = 3.0 * rng.normal(size=(256, 20)) + 1.0             # badly scaled input
    before = {k: v.copy() for k, v in model.params().items()}
    tol = 0.1
    new = lsuv(model, X, rng=rng, tol=tol)
    for var in _dense_output_variances(new, X):
        assert abs(var - 1.0) < tol
    # the input model is untouched, the new one is a different object
    assert new is not model
    for key, value in model.params().items():
        np.testing.assert_array_equal(value, before[key])
    # weights are orthogonal up to scale (columns or rows), biases zero
    for key, W in new.params().items():
        if key.startswith("W"):
            gram = W.T @ W if W.shape[0] >= W.shape[1] else W @ W.T
            np.testing.assert_allclose(gram, gram[0, 0] * np.eye(len(gram)), atol=1e-10)
        else:
            assert not W.any()


def test_lsuv_keeps_dtype_and_ignores_dropout(rng):
    model = mlp([10, 30, 3], dropout=0.5, rng=rng, dtype=np.float32)
    X = rng.normal(size=(128, 10))
    new = lsuv(model, X, rng=rng, tol=0.05)
    assert all(v.dtype == np.float32 for v in new.params().values())
    for var in _dense_output_variances(new, X):
        assert abs(var - 1.0) < 0.05


def test_lsuv_is_still_importable_from_init():
    assert init.lsuv is lsuv
