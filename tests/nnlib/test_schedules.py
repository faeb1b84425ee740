"""nnlib.schedules against torch.optim.lr_scheduler and hand-computed values."""

import math

import numpy as np
import pytest
import torch

from nnlib.schedules import exponential_decay, inverse_time_decay, step_decay

EPOCHS = 35


def _torch_rates(lr0, make_scheduler):
    """The lr torch uses in epochs 0 .. EPOCHS-1 (scheduler.step() once per epoch)."""
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr0)
    sched = make_scheduler(opt)
    rates = []
    for _ in range(EPOCHS):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return np.array(rates)


@pytest.mark.parametrize("drop, every", [(0.5, 10), (0.1, 3), (0.9, 1), (1.0, 5)])
def test_step_decay_matches_steplr(drop, every):
    expected = _torch_rates(0.2, lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=every, gamma=drop))
    ours = np.array([step_decay(0.2, e, drop=drop, every=every) for e in range(EPOCHS)])
    np.testing.assert_allclose(ours, expected, rtol=1e-12)


@pytest.mark.parametrize("k", [0.0, 0.05, 0.5])
def test_exponential_decay_matches_exponentiallr(k):
    expected = _torch_rates(0.1, lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=math.exp(-k)))
    ours = np.array([exponential_decay(0.1, e, k) for e in range(EPOCHS)])
    np.testing.assert_allclose(ours, expected, rtol=1e-12)


@pytest.mark.parametrize("k", [0.0, 0.1, 2.0])
def test_inverse_time_decay_matches_lambdalr(k):
    expected = _torch_rates(0.1, lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda e: 1 / (1 + k * e)))
    ours = np.array([inverse_time_decay(0.1, e, k) for e in range(EPOCHS)])
    np.testing.assert_allclose(ours, expected, rtol=1e-12)


def test_by_hand():
    assert step_decay(0.1, 0) == 0.1 and step_decay(0.1, 9) == 0.1
    assert step_decay(0.1, 10) == 0.05 and step_decay(0.1, 25) == 0.025
    assert exponential_decay(1.0, 2, 0.5) == pytest.approx(1 / math.e, rel=1e-15)
    assert inverse_time_decay(0.3, 4, 0.5) == pytest.approx(0.1, rel=1e-15)
    assert isinstance(step_decay(0.1, 3), float)


def test_array_of_epochs():
    e = np.arange(30).reshape(3, 10)
    for f, args in ((step_decay, ()), (exponential_decay, (0.1,)), (inverse_time_decay, (0.1,))):
        out = f(0.5, e, *args)
        assert isinstance(out, np.ndarray) and out.shape == (3, 10)
        np.testing.assert_allclose(out.ravel(), [f(0.5, int(i), *args) for i in e.ravel()], rtol=1e-15)
        assert np.all(np.diff(out.ravel()) <= 0)  # never increases


def test_fractional_epochs():
    assert step_decay(1.0, 9.99) == 1.0 and step_decay(1.0, 10.0) == 0.5
    assert exponential_decay(1.0, 0.5, 2.0) == pytest.approx(math.exp(-1.0), rel=1e-15)


@pytest.mark.parametrize("f, extra", [(step_decay, {}), (exponential_decay, {"k": 0.1}),
                                      (inverse_time_decay, {"k": 0.1})])
def test_bad_lr0_and_epoch(f, extra):
    for lr0 in (0.0, -0.1, math.inf, math.nan):
        with pytest.raises(ValueError, match="lr0"):
            f(lr0, 1, **extra)
    with pytest.raises(TypeError, match="lr0"):
        f("0.1", 1, **extra)
    for epoch in (-1, math.nan, [0, -2]):
        with pytest.raises(ValueError, match="epoch"):
            f(0.1, epoch, **extra)
    for epoch in ("3", True, None):
        with pytest.raises(TypeError, match="epoch"):
            f(0.1, epoch, **extra)


@pytest.mark.parametrize("f", [exponential_decay, inverse_time_decay])
def test_bad_k(f):
    for k in (-0.1, math.inf, math.nan):
        with pytest.raises(ValueError, match="k must be"):
            f(0.1, 1, k)
    with pytest.raises(TypeError, match="k must be"):
        f(0.1, 1, "0.1")


def test_bad_drop_and_every():
    for drop in (0.0, -0.5, 1.5, math.nan):
        with pytest.raises(ValueError, match="drop"):
            step_decay(0.1, 1, drop=drop)
    for every in (0, -3):
        with pytest.raises(ValueError, match="every"):
            step_decay(0.1, 1, every=every)
    for every in (2.5, "10", True):
        with pytest.raises(TypeError, match="every"):
            step_decay(0.1, 1, every=every)
    with pytest.raises(TypeError, match="drop"):
        step_decay(0.1, 1, drop="0.5")
