"""nnlib.layers against PyTorch (float64 autograd) and by properties (dropout)."""

import numpy as np
import pytest
import torch

from nnlib import layers
from nnlib.layers import ELU, Activation, Dense, Dropout, LeakyReLU, ReLU, Sigmoid, Tanh


def _t(a):
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


def _dense_with_random_bias(n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    layer = Dense(n_in, n_out, init="xavier_normal", rng=rng)
    layer.params["b"] = rng.normal(size=n_out)     # a zero bias would hide a wrong db
    return layer


# ---------------------------------------------------------------- Dense
def test_dense_forward_backward_match_torch():
    rng = np.random.default_rng(1)
    layer = _dense_with_random_bias(5, 3, seed=2)
    x, dout = rng.normal(size=(7, 5)), rng.normal(size=(7, 3))
    z = layer.forward(x)
    dx = layer.backward(dout)

    xt, Wt, bt = _t(x), _t(layer.params["W"]), _t(layer.params["b"])
    zt = torch.nn.functional.linear(xt, Wt.T, bt)   # torch stores (fan_out, fan_in)
    zt.backward(torch.tensor(dout))
    np.testing.assert_allclose(z, zt.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.grads["W"], Wt.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.grads["b"], bt.grad.numpy(), rtol=1e-12, atol=1e-12)
    assert z.shape == (7, 3) and dx.shape == (7, 5)


def test_dense_input_grad_false_skips_dx_but_keeps_grads():
    rng = np.random.default_rng(3)
    layer = _dense_with_random_bias(4, 2, seed=4)
    x, dout = rng.normal(size=(6, 4)), rng.normal(size=(6, 2))
    layer.forward(x)
    dx = layer.backward(dout)
    dW, db = layer.grads["W"].copy(), layer.grads["b"].copy()
    assert layer.backward(dout, input_grad=False) is None
    np.testing.assert_array_equal(layer.grads["W"], dW)
    np.testing.assert_array_equal(layer.grads["b"], db)
    assert dx.shape == x.shape


def test_dense_does_not_mutate_inputs():
    rng = np.random.default_rng(5)
    layer = _dense_with_random_bias(3, 4, seed=6)
    x, dout = rng.normal(size=(5, 3)), rng.normal(size=(5, 4))
    x0, dout0, W0, b0 = x.copy(), dout.copy(), layer.params["W"].copy(), layer.params["b"].copy()
    layer.forward(x)
    layer.backward(dout)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(dout, dout0)
    np.testing.assert_array_equal(layer.params["W"], W0)
    np.testing.assert_array_equal(layer.params["b"], b0)


def test_dense_float32_end_to_end():
    rng = np.random.default_rng(7)
    layer = Dense(6, 3, rng=rng, dtype=np.float32)
    assert layer.params["W"].dtype == np.float32 and layer.params["b"].dtype == np.float32
    x = rng.normal(size=(4, 6))                      # float64 input is converted
    z = layer.forward(x)
    dx = layer.backward(np.ones((4, 3)))
    assert z.dtype == dx.dtype == layer.grads["W"].dtype == layer.grads["b"].dtype == np.float32
    expected = x.astype(np.float32).astype(np.float64) @ layer.params["W"].astype(np.float64)
    np.testing.assert_allclose(z, expected, rtol=1e-5, atol=1e-5)


def test_dense_init_by_name_and_callable():
    calls = []

    def const(n_in, n_out, rng=None):
        calls.append((n_in, n_out))
        return np.full((n_in, n_out), 0.5)

    layer = Dense(3, 2, init=const)
    assert calls == [(3, 2)]
    np.testing.assert_array_equal(layer.params["W"], np.full((3, 2), 0.5))
    np.testing.assert_array_equal(layer.params["b"], np.zeros(2))
    # he_normal (the default) has std sqrt(2/n_in): check on a big layer within 5 standard errors
    W = Dense(2000, 50, rng=np.random.default_rng(8)).params["W"]
    sigma2 = 2 / 2000
    assert abs(W.var() - sigma2) < 5 * sigma2 * np.sqrt(2 / W.size)


def test_dense_errors():
    layer = Dense(3, 4, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"Dense\(3→4\) expects an input of shape \(N, 3\); got \(5, 2\)"):
        layer.forward(np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"\(N, 3\)"):
        layer.forward(np.zeros(3))
    layer.forward(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"dz of shape \(5, 4\)"):
        layer.backward(np.zeros((5, 3)))
    with pytest.raises(ValueError, match="unknown initializer"):
        Dense(3, 4, init="kaiming")
    with pytest.raises(TypeError, match="rng"):
        Dense(3, 4)


# ---------------------------------------------------------------- activations
ACTIVATIONS = [
    (ReLU(), lambda z: torch.relu(z)),
    (Sigmoid(), lambda z: torch.sigmoid(z)),
    (Tanh(), lambda z: torch.tanh(z)),
    (LeakyReLU(0.1), lambda z: torch.nn.functional.leaky_relu(z, 0.1)),
    (ELU(0.7), lambda z: torch.nn.functional.elu(z, 0.7)),
    (Activation("leaky_relu"), lambda z: torch.nn.functional.leaky_relu(z, 0.01)),
    (Activation("elu", alpha=2.0), lambda z: torch.nn.functional.elu(z, 2.0)),
]


@pytest.mark.parametrize("layer, torch_f", ACTIVATIONS, ids=lambda v: repr(v) if isinstance(v, layers.Layer) else "")
def test_activation_layers_match_torch(layer, torch_f):
    rng = np.random.default_rng(9)
    z = rng.normal(scale=2.0, size=(6, 5))
    dout = rng.normal(size=(6, 5))
    z0 = z.copy()
    a = layer.forward(z)
    dz = layer.backward(dout)
    zt = _t(z)
    at = torch_f(zt)
    at.backward(torch.tensor(dout))
    np.testing.assert_allclose(a, at.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dz, zt.grad.numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(z, z0)
    assert layer.backward(dout, input_grad=False) is None


def test_activation_float32_backward_stays_float32():
    layer = Sigmoid()
    z = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4)
    layer.forward(z)
    assert layer.backward(np.ones((3, 4), dtype=np.float32)).dtype == np.float32


def test_activation_errors():
    with pytest.raises(ValueError, match="unknown activation"):
        Activation("swish")
    with pytest.raises(ValueError, match="softmax_cross_entropy"):
        Activation("softmax")


# ---------------------------------------------------------------- Dropout (properties only)
@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_keeps_a_binomial_fraction_and_scales(p, rng):
    n = 200_000
    x = np.ones((400, 500))
    out = Dropout(p, rng=rng).forward(x, train=True)
    kept = np.count_nonzero(out)
    sd = np.sqrt(n * p * (1 - p))
    assert abs(kept - n * (1 - p)) < 5 * sd                 # binomial interval, 5 sd
    np.testing.assert_allclose(out[out != 0], 1 / (1 - p))  # inverted scaling of kept units
    # E[out] = x: each entry has mean 1 and variance p / (1 - p)
    assert abs(out.mean() - 1.0) < 5 * np.sqrt(p / (1 - p) / n)


def test_dropout_preserves_mean_of_varied_input(rng):
    x = rng.uniform(1.0, 3.0, size=(300, 400))
    p = 0.3
    out = Dropout(p, rng=rng).forward(x)
    # Var(x m / (1-p)) given x = x^2 p / (1-p); the mean difference has that variance / n
    se = np.sqrt(np.mean(x ** 2) * p / (1 - p) / x.size)
    assert abs(out.mean() - x.mean()) < 5 * se


def test_dropout_backward_reuses_mask_and_never_mutates(rng):
    x = rng.uniform(0.5, 1.5, size=(50, 40))
    dout = rng.normal(size=(50, 40))
    x0, dout0 = x.copy(), dout.copy()
    layer = Dropout(0.4, rng=rng)
    out = layer.forward(x)
    dx = layer.backward(dout)
    np.testing.assert_allclose(dx, dout * (out / x))      # same mask and scale as forward
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(dout, dout0)
    out2 = layer.forward(x)
    assert not np.array_equal(out, out2)                  # a fresh mask per call (P(equal) ~ 0)
    assert layer.backward(dout, input_grad=False) is None


def test_dropout_identity_at_inference_and_p_zero(rng):
    x = rng.normal(size=(20, 30))
    layer = Dropout(0.5, rng=rng)
    np.testing.assert_array_equal(layer.forward(x, train=False), x)
    np.testing.assert_array_equal(layer.backward(x), x)
    np.testing.assert_array_equal(Dropout(0.0).forward(x, train=True), x)


def test_dropout_float32_stays_float32(rng):
    x = np.ones((100, 100), dtype=np.float32)
    layer = Dropout(0.25, rng=rng)
    assert layer.forward(x).dtype == np.float32
    assert layer.backward(x).dtype == np.float32


def test_dropout_errors():
    for bad in (-0.1, 1.0, 1.5):
        with pytest.raises(ValueError, match="probability of dropping.*\\[0, 1\\)"):
            Dropout(bad, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        Dropout(0.5)
