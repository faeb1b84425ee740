"""nnlib.gradcheck: numerical gradients against analytic and torch-autograd gradients; rel_error."""

import numpy as np
import pytest
import torch

from nnlib.gradcheck import numerical_gradient, rel_error
from nnlib.losses import softmax_cross_entropy, softmax_cross_entropy_grad


def test_numerical_gradient_of_quadratic_form(rng):
    # f(x) = x^T A x / 2 + c.x  ->  grad = (A + A^T) x / 2 + c (analytic, by hand)
    A, c, x = rng.normal(size=(5, 5)), rng.normal(size=5), rng.normal(size=5)
    num = numerical_gradient(lambda v: 0.5 * v @ A @ v + c @ v, x)
    analytic = 0.5 * (A + A.T) @ x + c
    assert rel_error(num, analytic) < 1e-8


def test_numerical_gradient_matches_torch_autograd_on_an_mlp_loss(rng):
    X, labels = rng.normal(size=(6, 3)), rng.integers(0, 4, size=6)
    W1, W2 = rng.normal(size=(3, 5)), rng.normal(size=(5, 4))

    def loss(W1_):
        return softmax_cross_entropy(labels, np.tanh(X @ W1_) @ W2)

    t = torch.tensor(W1, requires_grad=True)
    torch.nn.functional.cross_entropy(torch.tanh(torch.tensor(X) @ t) @ torch.tensor(W2),
                                      torch.tensor(labels)).backward()
    num = numerical_gradient(loss, W1)
    assert num.shape == W1.shape
    assert rel_error(num, t.grad.numpy()) < 1e-7


def test_numerical_gradient_checks_softmax_cross_entropy_grad(rng):
    z, labels = rng.normal(size=(4, 3)) * 3, rng.integers(0, 3, size=4)
    num = numerical_gradient(lambda zz: softmax_cross_entropy(labels, zz), z)
    assert rel_error(num, softmax_cross_entropy_grad(labels, z)) < 1e-7


def test_error_shrinks_like_h_squared():
    # f = sin, f' = cos; central difference error ~ h^2 |f'''| / 6 = h^2 cos(x) / 6
    x = np.array([0.7])
    for h in (1e-2, 1e-3):
        err = abs(numerical_gradient(lambda v: np.sin(v[0]), x, h=h)[0] - np.cos(0.7))
        assert err == pytest.approx(h * h * np.cos(0.7) / 6, rel=1e-2)


def test_x_left_unchanged_even_if_f_looks_at_it(rng):
    x = rng.normal(size=(3, 2)).astype(np.float32)
    before = x.copy()
    seen = []
    grad = numerical_gradient(lambda v: (seen.append(v is x), float(np.sum(v ** 2)))[1], x)
    np.testing.assert_array_equal(x, before)
    assert not any(seen)  # f never receives the caller's array
    assert grad.shape == x.shape and grad.dtype == np.float64
    np.testing.assert_allclose(grad, 2 * before.astype(np.float64), rtol=1e-8)


def test_numerical_gradient_accepts_size_one_array_results():
    g = numerical_gradient(lambda v: np.array([[3.0 * v[0]]]), np.array([1.0]))
    np.testing.assert_allclose(g, [3.0], rtol=1e-9)


def test_numerical_gradient_bad_input():
    with pytest.raises(TypeError, match="scalar"):
        numerical_gradient(lambda v: v * 2, np.ones(3))


def test_rel_error_properties(rng):
    a, b = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    assert rel_error(a, a) == 0.0
    assert rel_error(a, b) == rel_error(b, a)
    assert 0 < rel_error(a, b) <= 1
    assert rel_error(a, -a) == 1.0
    # elementwise max, by hand: |1 - 1.1| / 2.1 and |100 - 100| / 200
    assert rel_error([1.0, 100.0], [1.1, 100.0]) == pytest.approx(0.1 / 2.1, rel=1e-12)
    # scale invariant above the floor
    assert rel_error(1e-3 * a, 1e-3 * b) == pytest.approx(rel_error(a, b), rel=1e-12)


def test_rel_error_floor():
    # both entries below the floor: difference divided by the floor (1e-8 by default)
    assert rel_error([1e-12], [3e-12]) == pytest.approx(2e-12 / 1e-8, rel=1e-12)
    assert rel_error([1e-12], [3e-12], floor=1e-20) == pytest.approx(0.5, rel=1e-12)


def test_rel_error_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        rel_error(np.zeros(3), np.zeros((3, 1)))
