"""nnlib.activations against PyTorch (float64): values, autograd derivatives, stability, errors."""

import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnlib import activations as A

# name -> (nnlib f, nnlib f', torch f); alpha-taking ones are bound to the tested alpha.
CASES = {
    "sigmoid": (A.sigmoid, A.sigmoid_grad, torch.sigmoid),
    "tanh": (A.tanh, A.tanh_grad, torch.tanh),
    "relu": (A.relu, A.relu_grad, torch.relu),
    "identity": (A.identity, A.identity_grad, lambda t: t * 1.0),
    "leaky_relu_0.01": (A.leaky_relu, A.leaky_relu_grad, F.leaky_relu),
    "leaky_relu_0.2": (lambda z: A.leaky_relu(z, 0.2), lambda z: A.leaky_relu_grad(z, alpha=0.2),
                       lambda t: F.leaky_relu(t, 0.2)),
    "elu_1": (A.elu, A.elu_grad, F.elu),
    "elu_0.5": (lambda z: A.elu(z, 0.5), lambda z: A.elu_grad(z, alpha=0.5),
                lambda t: F.elu(t, alpha=0.5)),
}

EXTREMES = np.array([-np.inf, -1e308, -1000.0, -710.0, -50.0, -30.0, -1e-300, -0.0, 0.0,
                     1e-300, 30.0, 50.0, 710.0, 1000.0, 1e308, np.inf])


def _inputs(rng):
    """Random z of all magnitudes, including exactly 0 and +-1000."""
    return np.concatenate([
        rng.normal(size=300) * 3,
        rng.uniform(-1000, 1000, size=100),
        rng.normal(size=50) * 1e-4,
        [-1000.0, -40.0, -1e-3, 0.0, 1e-3, 40.0, 1000.0],
    ])


def _torch_value_and_grad(torch_f, z):
    t = torch.tensor(z, requires_grad=True)
    out = torch_f(t)
    out.sum().backward()
    return out.detach().numpy(), t.grad.numpy()


@pytest.mark.parametrize("name", CASES)
def test_value_and_derivative_match_torch_autograd(name, rng):
    f, f_grad, torch_f = CASES[name]
    z = _inputs(rng)
    expected, expected_grad = _torch_value_and_grad(torch_f, z)
    # atol: torch rounds sigmoid(z < -709) to 0, nnlib keeps the subnormal e^z
    np.testing.assert_allclose(f(z), expected, rtol=1e-13, atol=1e-300)
    # atol: torch's sigmoid'/tanh' = y(1-y) / 1-y^2 lose relative accuracy where they are ~1e-14
    np.testing.assert_allclose(f_grad(z), expected_grad, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", CASES)
def test_extreme_inputs_match_torch_without_warnings(name):
    f, f_grad, torch_f = CASES[name]
    expected, expected_grad = _torch_value_and_grad(torch_f, EXTREMES)
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        value, grad = f(EXTREMES), f_grad(EXTREMES)
    np.testing.assert_allclose(value, expected, rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-12, atol=1e-15)
    assert np.all(np.isfinite(grad))


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.integers(1, 8), elements=st.floats(allow_nan=False, allow_infinity=True)))
def test_any_float_input_is_safe(z):
    """Property: for every float input (any size, +-inf) no floating-point error is raised, the
    ranges hold and the derivatives are finite and nonnegative."""
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s, t = A.sigmoid(z), A.tanh(z)
        assert np.all((0 <= s) & (s <= 1)) and np.all((-1 <= t) & (t <= 1))
        for f_grad in (A.sigmoid_grad, A.tanh_grad, A.relu_grad, A.leaky_relu_grad, A.elu_grad):
            g = f_grad(z)
            assert np.all(np.isfinite(g) & (g >= 0))
        e = A.elu(z)
        assert np.all(e >= -1.0)
        np.testing.assert_array_equal(A.relu(z), np.where(z > 0, z, 0.0))
        if np.all(np.isfinite(z)):
            p = A.softmax(z)
            assert np.all(np.isfinite(p) & (p >= 0)) and abs(p.sum() - 1) < 1e-12


def test_sigmoid_and_tanh_saturate_exactly():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert A.sigmoid(1000.0) == 1.0 and A.sigmoid(-1000.0) == 0.0
        assert A.sigmoid(np.inf) == 1.0 and A.sigmoid(-np.inf) == 0.0
        assert A.tanh(-1000.0) == -1.0 and A.tanh_grad(1000.0) == 0.0
    # full relative accuracy in the tail, where sigma'(z) ~ e^{-|z|}
    z = np.array([-40.0, 40.0, -700.0])
    np.testing.assert_allclose(A.sigmoid_grad(z), np.exp(-np.abs(z)), rtol=1e-15)
    np.testing.assert_allclose(A.tanh_grad(z[:2]), 4 * np.exp(-2 * np.abs(z[:2])), rtol=1e-15)


def test_step_is_heaviside_with_zero_at_zero_and_equals_relu_grad(rng):
    z = _inputs(rng)
    expected = torch.heaviside(torch.tensor(z), torch.tensor(0.0)).numpy()
    np.testing.assert_array_equal(A.step(z), expected)
    np.testing.assert_array_equal(A.step(z), A.relu_grad(z))
    assert A.step(0.0) == 0.0 and A.step(1e-300) == 1.0


def test_conventions_at_zero():
    # PyTorch autograd at exactly 0: relu' = 0, leaky' = alpha, elu' = alpha
    assert A.relu_grad(0.0) == 0.0
    assert A.leaky_relu_grad(0.0) == 0.01 and A.leaky_relu_grad(0.0, alpha=0.3) == 0.3
    assert A.elu_grad(0.0, alpha=0.5) == 0.5 and A.elu_grad(0.0) == 1.0
    assert A.sigmoid_grad(0.0) == 0.25 and A.tanh_grad(0.0) == 1.0


def test_leaky_relu_is_max_of_alpha_z_and_z(rng):
    z = _inputs(rng)
    np.testing.assert_array_equal(A.leaky_relu(z, 0.1), np.maximum(0.1 * z, z))
    np.testing.assert_array_equal(A.leaky_relu(z, 0.0), A.relu(z))


def test_dtype_shape_and_scalars():
    z32 = np.linspace(-1000, 1000, 12, dtype=np.float32).reshape(3, 4)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for f in (A.step, A.sigmoid, A.sigmoid_grad, A.tanh, A.tanh_grad, A.relu, A.relu_grad,
                  A.leaky_relu, A.leaky_relu_grad, A.elu, A.elu_grad, A.identity, A.identity_grad):
            out = f(z32)
            assert out.dtype == np.float32 and out.shape == (3, 4), f.__name__
            assert f([1, -2]).dtype == np.float64, f.__name__       # ints are promoted
            assert np.ndim(f(0.5)) == 0, f.__name__                 # scalars stay scalars
        assert A.softmax(z32).dtype == np.float32


def test_functions_do_not_modify_inputs(rng):
    z = rng.normal(size=(4, 5)) * 100
    before = z.copy()
    for f in (A.step, A.sigmoid, A.sigmoid_grad, A.tanh, A.tanh_grad, A.relu, A.relu_grad,
              A.leaky_relu, A.leaky_relu_grad, A.elu, A.elu_grad, A.identity, A.identity_grad,
              A.softmax):
        f(z)
        np.testing.assert_array_equal(z, before)
    out = A.identity(z)
    out += 1
    np.testing.assert_array_equal(z, before)  # identity returns a copy


# ------------------------------------------------------------------ softmax
@pytest.mark.parametrize("scale", [1.0, 30.0, 1000.0])
@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax_matches_torch(rng, scale, axis):
    z = rng.normal(size=(6, 5, 4)) * scale
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        p = A.softmax(z, axis=axis)
    np.testing.assert_allclose(p, torch.softmax(torch.tensor(z), dim=axis).numpy(), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(p.sum(axis=axis), 1.0, rtol=1e-14)


def test_softmax_stable_and_shift_invariant(rng):
    assert np.array_equal(A.softmax([1000.0, 1000.0]), [0.5, 0.5])
    assert np.array_equal(A.softmax([-1000.0, -1000.0]), [0.5, 0.5])
    z = rng.normal(size=(3, 7))
    np.testing.assert_allclose(A.softmax(z + 500.0), A.softmax(z), rtol=1e-12)
    # by hand: softmax([0, ln 3]) = [1/4, 3/4]
    np.testing.assert_allclose(A.softmax([0.0, np.log(3.0)]), [0.25, 0.75], rtol=1e-15)


# ------------------------------------------------------------------ maxout
def test_maxout_matches_torch_and_a_loop(rng):
    N, D, M = 7, 4, 3
    X, W1, W2 = rng.normal(size=(N, D)), rng.normal(size=(D, M)), rng.normal(size=(D, M))
    b1, b2 = rng.normal(size=M), rng.normal(size=M)
    out = A.maxout(X, W1, b1, W2, b2)
    T = [torch.tensor(a) for a in (X, W1, b1, W2, b2)]
    expected = torch.maximum(T[0] @ T[1] + T[2], T[0] @ T[3] + T[4]).numpy()
    np.testing.assert_allclose(out, expected, rtol=1e-13)
    loop = np.array([[max(sum(X[n, d] * W1[d, m] for d in range(D)) + b1[m],
                          sum(X[n, d] * W2[d, m] for d in range(D)) + b2[m])
                      for m in range(M)] for n in range(N)])
    np.testing.assert_allclose(out, loop, rtol=1e-12)


def test_maxout_generalises_relu_and_leaky_relu(rng):
    X, W, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
    z = X @ W + b
    np.testing.assert_allclose(A.maxout(X, W, b, np.zeros((3, 4)), np.zeros(4)), A.relu(z), rtol=1e-14)
    np.testing.assert_allclose(A.maxout(X, W, b, 0.1 * W, 0.1 * b), A.leaky_relu(z, 0.1), rtol=1e-12)


# ------------------------------------------------------------------ registry and errors
def test_get_returns_function_and_derivative():
    assert A.get("relu") == (A.relu, A.relu_grad)
    assert A.get("sigmoid") == (A.sigmoid, A.sigmoid_grad)
    for name in A.NAMES:
        f, f_grad = A.get(name)
        assert callable(f) and callable(f_grad)
    assert set(A.NAMES) == {"sigmoid", "tanh", "relu", "leaky_relu", "elu", "identity"}


def test_get_unknown_name_lists_known_ones():
    with pytest.raises(ValueError, match="unknown activation 'swish'") as info:
        A.get("swish")
    for name in A.NAMES:
        assert name in str(info.value)
