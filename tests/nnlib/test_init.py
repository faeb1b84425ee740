"""nnlib.init: statistics against the formulas and torch.nn.init, orthogonality, LSUV."""

import numpy as np
import pytest
import torch

from nnlib import init

FAN_IN, FAN_OUT = 300, 500          # 150,000 samples per matrix
Z = 4.0                              # tolerance in standard errors


def _var_se_normal(sigma2, n):
    """Standard error of the sample variance of n normal draws: sqrt(2 / n) sigma^2."""
    return sigma2 * np.sqrt(2.0 / n)


def _var_se_uniform(bound, n):
    """U(-r, r): Var(W^2) = E W^4 - (E W^2)^2 = r^4/5 - r^4/9 = 4 r^4 / 45."""
    return np.sqrt(4.0 * bound ** 4 / 45.0 / n)


NORMALS = {
    "xavier_normal": (init.xavier_normal, 2.0 / (FAN_IN + FAN_OUT),
                      lambda w, g: torch.nn.init.xavier_normal_(w, generator=g)),
    "he_normal": (init.he_normal, 2.0 / FAN_IN,
                  lambda w, g: torch.nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu",
                                                         generator=g)),
}
UNIFORMS = {
    "xavier_uniform": (init.xavier_uniform, np.sqrt(6.0 / (FAN_IN + FAN_OUT)),
                       lambda w, g: torch.nn.init.xavier_uniform_(w, generator=g)),
    "he_uniform": (init.he_uniform, np.sqrt(6.0 / FAN_IN),
                   lambda w, g: torch.nn.init.kaiming_uniform_(w, mode="fan_in", nonlinearity="relu",
                                                           generator=g)),
}


def _torch_sample(torch_init, rng):
    generator = torch.Generator().manual_seed(int(rng.integers(2**62)))
    w = torch.empty(FAN_OUT, FAN_IN, dtype=torch.float64)   # torch: (fan_out, fan_in)
    torch_init(w, generator)
    return w.numpy()


@pytest.mark.parametrize("name", sorted(NORMALS))
def test_normal_initializers_variance_matches_formula_and_torch(name, rng):
    f, sigma2, torch_init = NORMALS[name]
    W = f(FAN_IN, FAN_OUT, rng=rng)
    assert W.shape == (FAN_IN, FAN_OUT) and W.dtype == np.float64
    n = W.size
    se = _var_se_normal(sigma2, n)
    assert abs(W.var() - sigma2) < Z * se
    assert abs(W.mean()) < Z * np.sqrt(sigma2 / n)
    # torch's definition gives the same variance (difference of two estimates: sqrt(2) se)
    assert abs(W.var() - _torch_sample(torch_init, rng).var()) < Z * np.sqrt(2) * se
    # normal: about 68.27 % within one sigma (binomial interval)
    inside = np.count_nonzero(np.abs(W) < np.sqrt(sigma2))
    assert abs(inside - 0.682689 * n) < 5 * np.sqrt(n * 0.682689 * 0.317311)


@pytest.mark.parametrize("name", sorted(UNIFORMS))
def test_uniform_initializers_bounds_and_variance(name, rng):
    f, bound, torch_init = UNIFORMS[name]
    W = f(FAN_IN, FAN_OUT, rng=rng)
    assert W.shape == (FAN_IN, FAN_OUT) and W.dtype == np.float64
    n = W.size
    assert np.abs(W).max() <= bound
    assert np.abs(W).max() > bound * (1 - 1e-3)          # P(all |w| < 0.999 r) = 0.999^n ~ 0
    se = _var_se_uniform(bound, n)
    assert abs(W.var() - bound ** 2 / 3) < Z * se
    Wt = _torch_sample(torch_init, rng)
    assert np.abs(Wt).max() <= bound                      # same bound as torch
    assert abs(W.var() - Wt.var()) < Z * np.sqrt(2) * se


def test_normal_and_zeros(rng):
    W = init.normal(FAN_IN, FAN_OUT, std=0.01, rng=rng)
    assert abs(W.var() - 1e-4) < Z * _var_se_normal(1e-4, W.size)
    Z0 = init.zeros(3, 4)
    assert Z0.shape == (3, 4) and Z0.dtype == np.float64 and not Z0.any()


def test_rng_is_required_and_a_seed_reproduces():
    with pytest.raises(TypeError, match="rng=np.random.default_rng"):
        init.he_normal(20, 30)
    c = init.xavier_uniform(20, 30, rng=np.random.default_rng(5))
    d = init.xavier_uniform(20, 30, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(c, d)


@pytest.mark.parametrize("shape", [(50, 20), (20, 50), (30, 30)])
def test_orthogonal_is_orthonormal(shape, rng):
    W = init.orthogonal(*shape, gain=1.0, rng=rng)
    assert W.shape == shape and W.dtype == np.float64
    if shape[0] >= shape[1]:
        np.testing.assert_allclose(W.T @ W, np.eye(shape[1]), atol=1e-12)
    if shape[0] <= shape[1]:
        np.testing.assert_allclose(W @ W.T, np.eye(shape[0]), atol=1e-12)
    W2 = init.orthogonal(*shape, gain=2.5, rng=rng)
    small = min(shape)
    gram = W2.T @ W2 if shape[0] >= shape[1] else W2 @ W2.T
    np.testing.assert_allclose(gram, 6.25 * np.eye(small), atol=1e-11)


def test_orthogonal_sign_fix_makes_entries_unbiased(rng):
    # Without the sign fix, Householder QR makes Q[0, 0] = -|a_00| / ||a_0|| < 0 always.
    # Haar-distributed Q: E Q[0, 0] = 0 and E Q[0, 0]^2 = 1/n.
    n, reps = 4, 4000
    q00 = np.array([init.orthogonal(n, n, rng=rng)[0, 0] for _ in range(reps)])
    assert abs(q00.mean()) < Z * np.sqrt(1 / n / reps)
    # Haar: q00^2 ~ Beta(1/2, (n-1)/2), mean 1/n, variance ab / ((a+b)^2 (a+b+1))
    a, b = 0.5, (n - 1) / 2
    var_q2 = a * b / ((a + b) ** 2 * (a + b + 1))
    assert abs(np.mean(q00 ** 2) - 1 / n) < Z * np.sqrt(var_q2 / reps)


def test_initializer_errors():
    with pytest.raises(TypeError, match="rng"):
        init.he_uniform(3, 3, rng=0)
    with pytest.raises(ValueError, match="unknown initializer 'kaiming'"):
        init.get("kaiming")


def test_uniform_bound_is_sqrt3_times_the_normal_std(rng):
    for uniform, var in ((init.xavier_uniform, 2 / (FAN_IN + FAN_OUT)), (init.he_uniform, 2 / FAN_IN)):
        W = uniform(FAN_IN, FAN_OUT, rng)
        assert np.abs(W).max() <= np.sqrt(3 * var) and np.abs(W).max() > 0.99 * np.sqrt(3 * var)
