"""The worked numbers of the book's chapters, checked against PyTorch (kept out of the pages, which
must not import torch so that they execute fast).

Chapter 6 (optimizers): the lecture's Adam example f(x) = (2x - 10)^2 from x0 = 0 with lr = 0.1, whose
table the page computes with ``nnlib.optim.Adam``; the momentum and Nesterov paths on the page's ravine
x^2/20 + y^2; the RMSProp first step with epsilon outside the root. Expected values come from
``torch.optim`` (a different implementation) and from the hand computation printed in the text.
"""
from __future__ import annotations

import numpy as np
import torch

from nnlib import optim


def _nnlib_path(opt, grad, w0, steps: int) -> np.ndarray:
    """Positions w_0..w_steps of an nnlib optimizer, as the page's ``run`` helper computes them."""
    params = {"w": np.array(w0, dtype=float)}
    path = [params["w"].copy()]
    for _ in range(steps):
        opt.step(params, {"w": grad(params["w"])})
        path.append(params["w"].copy())
    return np.array(path)


def _torch_path(make_opt, loss, w0, steps: int) -> np.ndarray:
    """Positions w_0..w_steps of a torch.optim optimizer minimising ``loss(w)`` (float64)."""
    w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    opt = make_opt([w])
    path = [w.detach().numpy().copy()]
    for _ in range(steps):
        opt.zero_grad()
        loss(w).backward()
        opt.step()
        path.append(w.detach().numpy().copy())
    return np.array(path)


def test_adam_worked_example_matches_torch_and_the_hand_computation():
    ours = _nnlib_path(optim.Adam(lr=0.1), lambda x: 4 * (2 * x - 10), [0.0], 5)[:, 0]
    theirs = _torch_path(lambda p: torch.optim.Adam(p, lr=0.1, betas=(0.9, 0.999), eps=1e-8),
                         lambda x: ((2 * x - 10) ** 2).sum(), [0.0], 5)[:, 0]
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)
    # By hand (chapter 6 text): g1 = -40, m1 = -4, v1 = 1.6, m_hat = -40, v_hat = 1600, x1 = 0.1 (up to eps).
    assert abs(theirs[1] - 0.1 * 40 / (40 + 1e-8)) < 1e-15
    # While the gradient keeps its sign, every step is about lr long (the text's "steady pace of 0.1").
    np.testing.assert_allclose(np.diff(theirs), 0.1, rtol=0.02)


def test_adam_folded_step_size_of_the_warning_box():
    # eta_1 = lr * sqrt(1 - beta2) / (1 - beta1) = 0.1 * sqrt(0.001) / 0.1 = sqrt(0.001)
    assert abs(0.1 * np.sqrt(1 - 0.999) / (1 - 0.9) - np.sqrt(0.001)) < 1e-15
    # ... and eta_1 * |m1| / sqrt(v1) = 0.0316... * 4 / sqrt(1.6) = 0.1, the torch x1.
    x1 = _torch_path(lambda p: torch.optim.Adam(p, lr=0.1), lambda x: ((2 * x - 10) ** 2).sum(), [0.0], 1)[1, 0]
    assert abs(np.sqrt(0.001) * 4 / np.sqrt(1.6) - x1) < 1e-7


def _ravine_grad(w):
    return np.array([w[0] / 10, 2 * w[1]])


def _ravine_loss(w):
    return (w[0] ** 2 / 20 + w[1] ** 2).sum()


def test_momentum_and_nesterov_on_the_ravine_match_torch_sgd():
    start = [-7.0, 2.0]
    for nesterov, cls in ((False, optim.Momentum), (True, optim.Nesterov)):
        ours = _nnlib_path(cls(lr=0.1, momentum=0.9), _ravine_grad, start, 60)
        theirs = _torch_path(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=nesterov),
                             _ravine_loss, start, 60)
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_rmsprop_first_step_has_eps_outside_the_root_as_torch():
    for scale in (1.0, 1e-6):
        g = scale * np.array([0.3, -1.2])
        ours = _nnlib_path(optim.RMSProp(lr=0.01, rho=0.9), lambda w: g, [0.0, 0.0], 1)[1]
        theirs = _torch_path(lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-8),
                             lambda w: (torch.tensor(g) * w).sum(), [0.0, 0.0], 1)[1]
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-15)
