"""nnlib.losses against torch.nn.functional (mean reduction, float64) and hand-computed values."""

import math
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from nnlib import losses as L
from nnlib.activations import softmax


def _one_hot(labels, K):
    return np.eye(K)[labels]


# ------------------------------------------------------------------ MSE
@pytest.mark.parametrize("shape", [(1,), (10,), (8, 1), (6, 3)])
def test_mse_and_grad_match_torch(rng, shape):
    y, y_hat = rng.normal(size=shape), rng.normal(size=shape)
    t_hat = torch.tensor(y_hat, requires_grad=True)
    loss = F.mse_loss(t_hat, torch.tensor(y))  # reduction="mean": over all elements
    loss.backward()
    assert math.isclose(L.mse(y, y_hat), loss.item(), rel_tol=1e-13)
    np.testing.assert_allclose(L.mse_grad(y, y_hat), t_hat.grad.numpy(), rtol=1e-13)


def test_mse_by_hand():
    # ((2-1)^2 + (4-2)^2) / 2 = 2.5 ; gradient 2 (y_hat - y) / 2 = [1, 2]
    assert L.mse([1.0, 2.0], [2.0, 4.0]) == 2.5
    np.testing.assert_array_equal(L.mse_grad([1.0, 2.0], [2.0, 4.0]), [1.0, 2.0])
    assert isinstance(L.mse([1, 2], [1, 2]), float)


def test_mse_grad_keeps_float32():
    g = L.mse_grad(np.ones(4), np.zeros(4, dtype=np.float32))
    assert g.dtype == np.float32
    np.testing.assert_array_equal(g, np.full(4, -0.5))


def test_mse_refuses_broadcasting_shapes():
    with pytest.raises(ValueError, match=r"same shape.*\(4,\) and \(4, 1\)"):
        L.mse(np.zeros(4), np.zeros((4, 1)))
    with pytest.raises(ValueError, match="same shape"):
        L.mse_grad(np.zeros(3), np.zeros(4))


# ------------------------------------------------------------------ binary cross-entropy
@pytest.mark.parametrize("shape", [(12,), (9, 1)])
def test_binary_cross_entropy_matches_torch(rng, shape):
    p = rng.uniform(1e-6, 1 - 1e-6, size=shape)
    for y in (rng.integers(0, 2, size=shape).astype(float), rng.uniform(0, 1, size=shape)):
        expected = F.binary_cross_entropy(torch.tensor(p), torch.tensor(y)).item()
        assert math.isclose(L.binary_cross_entropy(y, p), expected, rel_tol=1e-12)


def test_binary_cross_entropy_by_hand():
    # -(ln 0.8 + ln(1 - 0.4)) / 2
    expected = -(math.log(0.8) + math.log(0.6)) / 2
    assert math.isclose(L.binary_cross_entropy([1, 0], [0.8, 0.4]), expected, rel_tol=1e-15)


def test_binary_cross_entropy_finite_at_0_and_1():
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        right = L.binary_cross_entropy([0.0, 1.0], [0.0, 1.0])
        wrong = L.binary_cross_entropy([1.0, 0.0], [0.0, 1.0])
        wrong32 = L.binary_cross_entropy([1.0], np.array([0.0], dtype=np.float32))
    assert 0 <= right < 1e-11                      # -ln(1 - 1e-12) ~ 1e-12
    assert math.isclose(wrong, 12 * math.log(10), rel_tol=1e-9)   # -ln(1e-12) per sample
    assert math.isclose(wrong32, 12 * math.log(10), rel_tol=1e-9)
    assert math.isclose(L.binary_cross_entropy([1.0], [0.0], eps=1e-3), -math.log(1e-3), rel_tol=1e-12)


def test_binary_cross_entropy_errors():
    with pytest.raises(ValueError, match="same shape"):
        L.binary_cross_entropy(np.zeros(3), np.full((3, 1), 0.5))
    with pytest.raises(ValueError, match=r"p must contain probabilities in \[0, 1\]"):
        L.binary_cross_entropy([1.0, 0.0], [2.3, -0.5])
    with pytest.raises(ValueError, match="p must contain probabilities"):
        L.binary_cross_entropy([1.0], [np.nan])
    with pytest.raises(ValueError, match="y must contain probabilities"):
        L.binary_cross_entropy([2.0], [0.5])


# ------------------------------------------------------------------ cross-entropy of probabilities
def test_cross_entropy_matches_torch_nll(rng):
    N, K = 11, 4
    p = softmax(rng.normal(size=(N, K)) * 2)
    labels = rng.integers(0, K, size=N)
    expected = F.nll_loss(torch.log(torch.tensor(p)), torch.tensor(labels)).item()
    assert math.isclose(L.cross_entropy(labels, p), expected, rel_tol=1e-13)
    assert math.isclose(L.cross_entropy(_one_hot(labels, K), p), expected, rel_tol=1e-13)
    assert math.isclose(L.cross_entropy(labels.astype(float), p), expected, rel_tol=1e-13)


def test_cross_entropy_by_hand_and_at_zero():
    p = np.array([[0.7, 0.2, 0.1], [0.0, 1.0, 0.0]])
    assert math.isclose(L.cross_entropy([0, 1], p), -math.log(0.7) / 2, rel_tol=1e-15)
    with warnings.catch_warnings(), np.errstate(divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        worst = L.cross_entropy([2, 0], p)
    assert math.isclose(worst, (-math.log(0.1) + 12 * math.log(10)) / 2, rel_tol=1e-12)


# ------------------------------------------------------------------ softmax cross-entropy from logits
@pytest.mark.parametrize("scale", [1.0, 50.0, 1000.0])
def test_softmax_cross_entropy_and_grad_match_torch(rng, scale):
    N, K = 9, 5
    z = rng.normal(size=(N, K)) * scale
    labels = rng.integers(0, K, size=N)
    t = torch.tensor(z, requires_grad=True)
    loss = F.cross_entropy(t, torch.tensor(labels))
    loss.backward()
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        for y in (labels, _one_hot(labels, K)):
            assert math.isclose(L.softmax_cross_entropy(y, z), loss.item(), rel_tol=1e-12, abs_tol=1e-300)
            np.testing.assert_allclose(L.softmax_cross_entropy_grad(y, z), t.grad.numpy(),
                                       rtol=1e-12, atol=1e-300)


def test_softmax_cross_entropy_equals_cross_entropy_of_softmax(rng):
    z, labels = rng.normal(size=(6, 3)), rng.integers(0, 3, size=6)
    assert math.isclose(L.softmax_cross_entropy(labels, z), L.cross_entropy(labels, softmax(z)), rel_tol=1e-12)
    # gradient is (P - Y) / N: rows sum to 0
    g = L.softmax_cross_entropy_grad(labels, z)
    np.testing.assert_allclose(g, (softmax(z) - _one_hot(labels, 3)) / 6, rtol=1e-14)
    np.testing.assert_allclose(g.sum(axis=1), 0.0, atol=1e-16)


def test_softmax_cross_entropy_by_hand():
    # logits [0, ln 3] -> P = [1/4, 3/4]; labels 1 and 0 -> (ln(4/3) + ln 4) / 2
    z = np.array([[0.0, math.log(3)], [0.0, math.log(3)]])
    assert math.isclose(L.softmax_cross_entropy([1, 0], z), (math.log(4 / 3) + math.log(4)) / 2, rel_tol=1e-14)
    np.testing.assert_allclose(L.softmax_cross_entropy_grad([1, 0], z),
                               [[0.125, -0.125], [-0.375, 0.375]], rtol=1e-14)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_cross_entropy_and_grad_match_torch_in_both_dtypes(rng, dtype):
    N, K = 11, 4
    z = (20.0 * rng.normal(size=(N, K))).astype(dtype)
    labels = rng.integers(0, K, size=N)
    t = torch.tensor(z.astype(np.float64), requires_grad=True)
    loss = F.cross_entropy(t, torch.tensor(labels))
    loss.backward()
    tol = 1e-12 if dtype == np.float64 else 1e-5    # float32: the logits are shifted in float32
    z0 = z.copy()
    for y in (labels, _one_hot(labels, K), labels.astype(float)):
        value, grad = L.softmax_cross_entropy(y, z), L.softmax_cross_entropy_grad(y, z)
        assert isinstance(value, float) and grad.dtype == dtype and grad.shape == (N, K)
        assert math.isclose(value, loss.item(), rel_tol=tol)
        np.testing.assert_allclose(grad, t.grad.numpy(), rtol=tol, atol=tol)
    np.testing.assert_array_equal(z, z0)


def test_softmax_cross_entropy_by_hand_and_integer_logits():
    # logits [0, ln 3] -> P = [1/4, 3/4]; labels 1 and 0 -> (ln(4/3) + ln 4) / 2, (P - Y) / 2
    z = np.array([[0.0, math.log(3)], [0.0, math.log(3)]])
    value, grad = L.softmax_cross_entropy([1, 0], z), L.softmax_cross_entropy_grad([1, 0], z)
    assert math.isclose(value, (math.log(4 / 3) + math.log(4)) / 2, rel_tol=1e-14)
    np.testing.assert_allclose(grad, [[0.125, -0.125], [-0.375, 0.375]], rtol=1e-14)
    # integer logits [[0, 0]]: P = [1/2, 1/2], L = ln 2, gradient in float64
    value, grad = L.softmax_cross_entropy([1], [[0, 0]]), L.softmax_cross_entropy_grad([1], [[0, 0]])
    assert math.isclose(value, math.log(2), rel_tol=1e-15) and grad.dtype == np.float64
    np.testing.assert_array_equal(grad, [[0.5, -0.5]])


def test_softmax_cross_entropy_grad_keeps_float32():
    z = np.zeros((2, 3), dtype=np.float32)
    assert L.softmax_cross_entropy_grad([0, 2], z).dtype == np.float32


def test_losses_do_not_modify_inputs(rng):
    z, p = rng.normal(size=(4, 3)), softmax(rng.normal(size=(4, 3)))
    Y = _one_hot(np.array([0, 1, 2, 1]), 3)
    copies = [a.copy() for a in (z, p, Y)]
    L.softmax_cross_entropy(Y, z), L.softmax_cross_entropy_grad(Y, z), L.cross_entropy(Y, p)
    L.mse(z, p), L.mse_grad(z, p), L.binary_cross_entropy(Y, p)
    for a, b in zip((z, p, Y), copies):
        np.testing.assert_array_equal(a, b)


# ------------------------------------------------------------------ classification target errors
CLASS_LOSSES = [L.cross_entropy, L.softmax_cross_entropy, L.softmax_cross_entropy_grad]
P = np.full((3, 4), 0.25)


@pytest.mark.parametrize("loss", CLASS_LOSSES)
def test_labels_out_of_range(loss):
    with pytest.raises(ValueError, match=r"\[0, 4\)"):
        loss([0, 1, 4], P)
    with pytest.raises(ValueError, match=r"\[0, 4\)"):
        loss([0, -1, 2], P)


@pytest.mark.parametrize("loss", CLASS_LOSSES)
def test_non_integer_labels(loss):
    with pytest.raises(ValueError, match="whole numbers"):
        loss([0, 1.5, 2], P)


@pytest.mark.parametrize("loss", CLASS_LOSSES)
@pytest.mark.parametrize("Y", [
    [[1, 0, 0, 0], [0, 1, 1, 0], [0, 0, 0, 1]],         # two ones
    [[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]],         # no one
    [[0.5, 0.5, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]],     # soft label
])
def test_rows_that_are_not_one_hot(loss, Y):
    with pytest.raises(ValueError, match="one-hot"):
        loss(np.array(Y, dtype=float), P)


@pytest.mark.parametrize("loss", CLASS_LOSSES)
def test_class_shape_mismatches(loss):
    with pytest.raises(ValueError, match=r"labels of shape \(N,\) = \(3,\)"):
        loss([0, 1], P)
    with pytest.raises(ValueError, match=r"one-hot rows of shape \(N, K\) = \(3, 4\)"):
        loss(np.eye(3), P)
    with pytest.raises(ValueError, match="labels of shape"):
        loss(np.zeros((3, 4, 1)), P)


def test_probability_and_logit_values_checked():
    with pytest.raises(ValueError, match="probabilities"):
        L.cross_entropy([0, 1, 2], P * 5)
