"""nnlib.fast: the speed devices of fit give the readable path's weights (to 1e-12 in float64)."""

import numpy as np
import pytest

from nnlib import fast, optim
from nnlib.model import mlp

OPTIMIZERS = {"sgd": lambda: optim.SGD(0.1), "momentum": lambda: optim.Momentum(0.05, momentum=0.9),
              "nesterov": lambda: optim.Nesterov(0.05, momentum=0.9), "adagrad": lambda: optim.AdaGrad(0.1),
              "rmsprop": lambda: optim.RMSProp(0.01, rho=0.9), "adam": lambda: optim.Adam(0.01),
              "adam_betas": lambda: optim.Adam(0.003, beta1=0.5, beta2=0.9, eps=1e-6)}


def test_flatten_keeps_params_live_in_the_order_of_params(rng):
    model = mlp([3, 4, 2], rng=rng)
    before = {k: v.copy() for k, v in model.params().items()}
    theta = fast.flatten(model)
    assert theta.shape == (3 * 4 + 4 + 4 * 2 + 2,)
    np.testing.assert_array_equal(theta, np.concatenate([v.ravel() for v in before.values()]))
    for k, v in model.params().items():
        np.testing.assert_array_equal(v, before[k])
        assert np.shares_memory(v, theta)
    theta -= 1.0                                      # what an optimizer does
    np.testing.assert_array_equal(model.params()["W2"], before["W2"] - 1.0)


def test_flatten_refuses_parameters_of_two_dtypes(rng):
    model = mlp([3, 4, 2], rng=rng)
    model.set_params({**model.params(), "b1": np.zeros(4, dtype=np.float32)})
    with pytest.raises(ValueError, match="one dtype"):
        fast.flatten(model)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_flat_step_follows_the_readable_step(name, rng):
    # A network large enough for several CHUNK slices (300 x 240 = 72,000 weights in W1): the
    # optimizer stepping one vector slice by slice (Adam: without temporaries) against
    # optimizer.step on the named arrays W1, b1, ...; weights and state agree to 1e-12.
    assert 300 * 240 > 2 * fast.CHUNK
    fast_model = mlp([300, 240, 3], rng=np.random.default_rng(5))
    readable = mlp([300, 240, 3], rng=np.random.default_rng(5))
    fast_opt, readable_opt = OPTIMIZERS[name](), OPTIMIZERS[name]()
    flat = fast.FlatStep(fast_model, fast_opt)
    X, dz = rng.normal(size=(16, 300)), rng.normal(size=(16, 3))
    for _ in range(6):
        for model in (fast_model, readable):
            model.forward(X)
            model.backward(dz * np.cos(model.forward(X)))   # any gradient that depends on w
        flat.step()
        readable_opt.step(readable.params(), readable.grads())
        for key, w in readable.params().items():
            np.testing.assert_allclose(fast_model.params()[key], w, rtol=0, atol=1e-12)
    assert fast_opt.t == readable_opt.t == 6
    for slot in readable_opt.slots:
        together = np.concatenate([readable_opt.state[k][slot].ravel() for k in readable.params()])
        np.testing.assert_allclose(fast_opt.state["theta"][slot], together, rtol=0, atol=1e-12)


@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-12), (np.float32, 1e-6)])
def test_adam_without_temporaries_is_adams_formula(dtype, tol, rng):
    w0 = rng.normal(size=1000).astype(dtype)
    readable, fused = w0.copy(), w0.copy()
    opt_r, opt_f = optim.Adam(0.01), optim.Adam(0.01)
    state_r = {slot: np.zeros_like(w0) for slot in opt_r.slots}
    state_f = {slot: np.zeros_like(w0) for slot in opt_f.slots}
    a, b = np.empty_like(w0), np.empty_like(w0)
    for t in range(1, 31):
        g = np.cos(3.0 * readable) + 0.1 * t
        opt_r.t = opt_f.t = t
        opt_r.update(readable, g, state_r)
        fast.adam_update(opt_f, fused, g.copy(), state_f, a, b)
        np.testing.assert_allclose(fused, readable, rtol=0, atol=tol)
        assert fused.dtype == dtype and state_f["v"].dtype == dtype


def test_a_subclass_with_its_own_formula_keeps_it(rng):
    class SignAdam(optim.Adam):           # a different update: the fused Adam must not replace it
        def update(self, w, g, state):
            w -= self.lr * np.sign(g)

    model = mlp([4, 3, 2], rng=rng)
    before = fast.flatten(model).copy()
    flat = fast.FlatStep(model, SignAdam(0.5))
    model.forward(rng.normal(size=(5, 4)))
    model.backward(rng.normal(size=(5, 2)))
    grads = np.concatenate([g.ravel() for g in model.grads().values()])
    flat.step()
    np.testing.assert_allclose(flat.theta, before - 0.5 * np.sign(grads))
