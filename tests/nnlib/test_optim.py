"""nnlib.optim against torch.optim: the same trajectories, state, dtypes and argument checks.

Trajectories are compared through the displacement w_t - w_0 (not w_t itself), so a wrong update
cannot hide behind large parameters when the gradients are tiny (~1e-6). At every step the gradient
is computed by torch autograd at torch's parameters and fed to both optimizers (open loop): in a
closed loop (each side differentiating at its own parameters) RMSProp's sign-driven oscillation
near the optimum amplifies 1e-16 rounding differences to 1e-3 within 60 steps, which would test
chaos, not the update rule.
"""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from nnlib import optim

STEPS = 60
SCALES = [1.0, 1e-6]  # gradient magnitudes near 1 and near 1e-6

# name -> (nnlib optimizer, torch optimizer factory), same hyperparameters
PAIRS = {
    "sgd": (lambda: optim.SGD(0.1),
            lambda ps: torch.optim.SGD(ps, lr=0.1)),
    "momentum": (lambda: optim.Momentum(0.05, momentum=0.9),
                 lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9)),
    "momentum_0.5": (lambda: optim.Momentum(0.1, 0.5),
                     lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.5)),
    "nesterov": (lambda: optim.Nesterov(0.05, momentum=0.9),
                 lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True)),
    "adagrad": (lambda: optim.AdaGrad(0.1, eps=1e-8),
                lambda ps: torch.optim.Adagrad(ps, lr=0.1, eps=1e-8)),
    "rmsprop": (lambda: optim.RMSProp(0.01, rho=0.9, eps=1e-8),
                lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-8)),
    "rmsprop_0.99": (lambda: optim.RMSProp(0.003, rho=0.99, eps=1e-6),
                     lambda ps: torch.optim.RMSprop(ps, lr=0.003, alpha=0.99, eps=1e-6)),
    "adam": (lambda: optim.Adam(0.01),
             lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8)),
    "adam_defaults": (lambda: optim.Adam(),
                      lambda ps: torch.optim.Adam(ps)),
    "adam_custom": (lambda: optim.Adam(0.02, beta1=0.5, beta2=0.9, eps=1e-7),
                    lambda ps: torch.optim.Adam(ps, lr=0.02, betas=(0.5, 0.9), eps=1e-7)),
}


def _rel_diff(d_np, d_torch):
    """max |d_np - d_torch| / max |d_torch| over all parameters."""
    num = max(np.max(np.abs(d_np[k] - d_torch[k])) for k in d_np)
    den = max(np.max(np.abs(d_torch[k])) for k in d_torch)
    return num / den


def _worst_rel_diff(opt_np, opt_torch_factory, params0, torch_loss):
    """Run both optimizers STEPS steps on torch's autograd gradients (at torch's parameters);
    return the worst displacement difference over the steps and the final objects."""
    params = {k: v.copy() for k, v in params0.items()}
    tparams = {k: torch.tensor(v, requires_grad=True) for k, v in params0.items()}
    opt_t = opt_torch_factory(list(tparams.values()))
    worst = 0.0
    for _ in range(STEPS):
        opt_t.zero_grad()
        torch_loss(tparams).backward()
        torch_grads = {k: t.grad.numpy().copy() for k, t in tparams.items()}
        opt_np.step(params, torch_grads)
        opt_t.step()
        d_np = {k: params[k] - params0[k] for k in params}
        d_t = {k: tparams[k].detach().numpy() - params0[k] for k in params}
        worst = max(worst, _rel_diff(d_np, d_t))
    return worst, params, tparams, opt_t


def _quadratic(rng, scale):
    """f(W, b) = scale/2 (x - c)^T A (x - c), x = [vec W, b]; A SPD with eigenvalues in [0.5, 2]."""
    n = 3 * 4 + 4
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    A = Q @ np.diag(rng.uniform(0.5, 2.0, size=n)) @ Q.T
    c = rng.normal(size=n)
    params0 = {"W": rng.normal(size=(3, 4)), "b": rng.normal(size=4)}

    def np_grad(p):
        g = scale * A @ (np.concatenate([p["W"].ravel(), p["b"]]) - c)
        return {"W": g[:12].reshape(3, 4), "b": g[12:]}

    At, ct = torch.tensor(A), torch.tensor(c)

    def torch_loss(tp):
        r = torch.cat([tp["W"].reshape(-1), tp["b"]]) - ct
        return scale * 0.5 * (r @ At @ r)

    return params0, np_grad, torch_loss


def _mlp(rng, scale):
    """Cross-entropy of a 3-8-3 tanh MLP on random data, times scale."""
    X, y = torch.tensor(rng.normal(size=(16, 3))), torch.tensor(rng.integers(0, 3, size=16))
    params0 = {"W1": rng.normal(size=(3, 8)) * 0.7, "b1": rng.normal(size=8) * 0.1,
               "W2": rng.normal(size=(8, 3)) * 0.4, "b2": np.zeros(3)}

    def torch_loss(tp):
        a1 = torch.tanh(X @ tp["W1"] + tp["b1"])
        return scale * F.cross_entropy(a1 @ tp["W2"] + tp["b2"], y)

    return params0, torch_loss


# ------------------------------------------------------------------ trajectories vs torch
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", PAIRS)
def test_quadratic_trajectory_matches_torch(name, scale, rng):
    params0, _, torch_loss = _quadratic(rng, scale)
    make_np, make_torch = PAIRS[name]
    worst, *_ = _worst_rel_diff(make_np(), make_torch, params0, torch_loss)
    assert worst <= 1e-10  # required: 1e-6; measured at most 2.2e-13 (Adam defaults)


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", PAIRS)
def test_mlp_trajectory_matches_torch(name, scale, rng):
    params0, torch_loss = _mlp(rng, scale)
    make_np, make_torch = PAIRS[name]
    worst, *_ = _worst_rel_diff(make_np(), make_torch, params0, torch_loss)
    assert worst <= 1e-10  # required: 1e-6; measured at most 2.2e-13 (Adam defaults)


STATE_NAMES = {  # nnlib slot -> torch state key
    "momentum": {"v": "momentum_buffer"}, "nesterov": {"v": "momentum_buffer"},
    "adagrad": {"h": "sum"}, "rmsprop": {"s": "square_avg"},
    "adam": {"m": "exp_avg", "v": "exp_avg_sq"},
}


@pytest.mark.parametrize("name", STATE_NAMES)
def test_state_matches_torch(name, rng):
    params0, torch_loss = _mlp(rng, 1.0)
    opt = PAIRS[name][0]()
    _, params, tparams, opt_t = _worst_rel_diff(opt, PAIRS[name][1], params0, torch_loss)
    assert opt.t == STEPS
    for k, t in tparams.items():
        assert set(opt.state[k]) == set(STATE_NAMES[name])
        for slot, torch_key in STATE_NAMES[name].items():
            np.testing.assert_allclose(opt.state[k][slot], opt_t.state[t][torch_key].numpy(),
                                       rtol=1e-9, atol=1e-14)
        if name == "adam":
            assert float(opt_t.state[t]["step"]) == opt.t


def test_changing_lr_between_steps_matches_torch(rng):
    """A schedule sets opt.lr; torch sets param_group["lr"]. Both must follow the new rate."""
    params0, torch_loss = _mlp(rng, 1.0)
    params = {k: v.copy() for k, v in params0.items()}
    tparams = {k: torch.tensor(v, requires_grad=True) for k, v in params0.items()}
    opt, opt_t = optim.Adam(0.05), torch.optim.Adam(list(tparams.values()), lr=0.05)
    for t in range(STEPS):
        lr = 0.05 / (1 + 0.1 * t)
        opt.lr = lr
        opt_t.param_groups[0]["lr"] = lr
        opt_t.zero_grad()
        torch_loss(tparams).backward()
        opt.step(params, {k: v.grad.numpy().copy() for k, v in tparams.items()})
        opt_t.step()
    d_np = {k: params[k] - params0[k] for k in params}
    d_t = {k: tparams[k].detach().numpy() - params0[k] for k in params}
    assert _rel_diff(d_np, d_t) <= 1e-6


# ------------------------------------------------------------------ the lecture's variants
def test_lecture_momentum_form_gives_the_same_path(rng):
    """Lecture: v = gamma v + lr g, w -= v.  nnlib/torch: v = mu v + g, w -= lr v.  Same path
    for a constant lr (v_lecture = lr v); a changing lr separates them."""
    params0, np_grad, _ = _quadratic(rng, 1.0)
    lr, gamma = 0.05, 0.9
    for schedule in ("constant", "changing"):
        opt = optim.Momentum(lr, momentum=gamma)
        p_nn = {k: v.copy() for k, v in params0.items()}
        p_lec = {k: v.copy() for k, v in params0.items()}
        v_lec = {k: np.zeros_like(v) for k, v in params0.items()}
        for t in range(STEPS):
            eta = lr if schedule == "constant" else lr * 0.9 ** t
            opt.lr = eta
            opt.step(p_nn, np_grad(p_nn))
            g = np_grad(p_lec)
            for k in p_lec:
                v_lec[k] = gamma * v_lec[k] + eta * g[k]
                p_lec[k] = p_lec[k] - v_lec[k]
        diff = _rel_diff({k: p_lec[k] - params0[k] for k in p_lec}, {k: p_nn[k] - params0[k] for k in p_nn})
        if schedule == "constant":
            assert diff <= 1e-12
            for k in p_nn:
                np.testing.assert_allclose(v_lec[k], lr * opt.state[k]["v"], rtol=1e-9, atol=1e-15)
        else:
            assert diff > 1e-3


def test_nesterov_is_sutskever_look_ahead_form(rng):
    """Sutskever et al. (2013): v = mu v - lr grad(w + mu v), w += v. Its look-ahead point
    u = w + mu v follows exactly nnlib's (PyTorch's) Nesterov path."""
    params0, np_grad, _ = _quadratic(rng, 1.0)
    lr, mu = 0.05, 0.9
    opt = optim.Nesterov(lr, momentum=mu)
    p_nn = {k: v.copy() for k, v in params0.items()}
    w = {k: v.copy() for k, v in params0.items()}
    v = {k: np.zeros_like(a) for k, a in params0.items()}
    worst = 0.0
    for _ in range(STEPS):
        opt.step(p_nn, np_grad(p_nn))
        g = np_grad({k: w[k] + mu * v[k] for k in w})
        for k in w:
            v[k] = mu * v[k] - lr * g[k]
            w[k] = w[k] + v[k]
        u = {k: w[k] + mu * v[k] - params0[k] for k in w}
        worst = max(worst, _rel_diff(u, {k: p_nn[k] - params0[k] for k in p_nn}))
    assert worst <= 1e-12


def _eps_inside_vs_outside(make_opt, accumulate, grads_seq, params0):
    """Per step, ratio (lecture step with sqrt(h + eps)) / (nnlib step with sqrt(h) + eps),
    elementwise, with nnlib's own accumulator h; also the bound eps/sqrt(h) + eps/(2h)."""
    opt = make_opt()
    params = {"w": params0.copy()}
    ratios, bounds = [], []
    for g in grads_seq:
        before = params["w"].copy()
        opt.step(params, {"w": g})
        h = opt.state["w"][accumulate]
        lecture_step = opt.lr * g / np.sqrt(h + opt.eps)
        ratios.append(lecture_step / (before - params["w"]))
        bounds.append(opt.eps / np.sqrt(h) + opt.eps / (2 * h))
    return np.array(ratios), np.array(bounds)


@pytest.mark.parametrize("make_opt, slot", [
    (lambda: optim.AdaGrad(0.1, eps=1e-8), "h"),
    (lambda: optim.RMSProp(0.01, rho=0.9, eps=1e-8), "s"),
])
def test_eps_inside_the_root_differs_by_at_most_the_bound(make_opt, slot, rng):
    """(sqrt(h) + eps) / sqrt(h + eps) - 1 lies in [-eps/(2h), eps/sqrt(h)]: above, sqrt(h + eps)
    >= sqrt(h); below, sqrt(h + eps) <= sqrt(h) sqrt(1 + eps/h) <= sqrt(h) (1 + eps/(2h)).
    With |g| in [0.5, 2], h >= (1 - rho) 0.25 = 0.025, so the bound is <= 1e-8/0.158 + 1e-8/0.05
    = 2.7e-7: the two forms agree (measured up to 1.3e-7 for RMSProp, 5e-9 for AdaGrad; the bound
    is attained to 50-90 %). With |g| ~ 1e-6, h ~ 1e-13..1e-10 << eps = 1e-8 and the lecture's steps
    are 9x to 600x smaller (measured ratios 0.0017 to 0.11): they do not agree."""
    w0 = rng.normal(size=20)
    signs = rng.choice([-1.0, 1.0], size=(STEPS, 20))
    big = signs * rng.uniform(0.5, 2.0, size=(STEPS, 20))
    ratios, bounds = _eps_inside_vs_outside(make_opt, slot, big, w0)
    measured = np.abs(ratios - 1)
    # rounding of the measured step (|w| ~ 1, step ~ 1e-2: ~1e-14) is far below the bound
    assert np.all(measured <= bounds + 1e-12)
    assert measured.max() <= 2.7e-7
    assert np.max(measured / bounds) > 0.3  # the bound is tight, the difference real

    tiny = big * 1e-6
    ratios, _ = _eps_inside_vs_outside(make_opt, slot, tiny, w0)
    assert np.all(ratios < 0.2)


# ------------------------------------------------------------------ dtypes, in-place, no side effects
@pytest.mark.parametrize("name", PAIRS)
def test_float32_stays_float32_and_matches_torch_float32(name, rng):
    params0, torch_loss = _mlp(rng, 1.0)
    params = {k: v.astype(np.float32) for k, v in params0.items()}
    ids = {k: id(v) for k, v in params.items()}
    tparams = {k: torch.tensor(v, dtype=torch.float32, requires_grad=True) for k, v in params.items()}
    opt, opt_t = PAIRS[name][0](), PAIRS[name][1](list(tparams.values()))
    for _ in range(20):
        opt_t.zero_grad()
        loss = torch_loss({k: t.double() for k, t in tparams.items()})
        loss.backward()
        opt.step(params, {k: t.grad.numpy().copy() for k, t in tparams.items()})
        opt_t.step()
    for k, w in params.items():
        assert w.dtype == np.float32 and id(w) == ids[k]  # updated in place, dtype kept
        for slot in opt.state[k].values():
            assert slot.dtype == np.float32
    d_np = {k: params[k].astype(np.float64) - params0[k].astype(np.float32) for k in params}
    d_t = {k: tparams[k].detach().double().numpy() - params0[k].astype(np.float32) for k in params}
    assert _rel_diff(d_np, d_t) <= 1e-4  # float32 rounding (~6e-8 per operation) over 20 steps


def test_numpy_scalar_hyperparameters_do_not_upcast():
    opt = optim.Adam(np.float64(0.01), beta1=np.float64(0.9), beta2=np.float32(0.999), eps=np.float64(1e-8))
    assert all(type(getattr(opt, h)) is float for h in ("lr", "beta1", "beta2", "eps"))
    params = {"w": np.ones(3, dtype=np.float32)}
    opt.step(params, {"w": np.ones(3, dtype=np.float32)})
    assert params["w"].dtype == np.float32
    assert repr(opt).startswith("Adam(lr=0.01, beta1=0.9")


@pytest.mark.parametrize("name", PAIRS)
def test_grads_not_modified(name, rng):
    opt = PAIRS[name][0]()
    params = {"a": rng.normal(size=(2, 3)), "b": rng.normal(size=3)}
    grads = {"a": rng.normal(size=(2, 3)), "b": rng.normal(size=3)}
    copies = {k: v.copy() for k, v in grads.items()}
    for _ in range(3):
        opt.step(params, grads)
    for k in grads:
        np.testing.assert_array_equal(grads[k], copies[k])


def test_one_sgd_step_by_hand():
    params = {"w": np.array([1.0, -2.0])}
    optim.SGD(0.5).step(params, {"w": np.array([2.0, 2.0])})
    np.testing.assert_array_equal(params["w"], [0.0, -3.0])


def test_first_adam_step_is_lr_times_sign():
    # t = 1: m_hat = g, v_hat = g^2, step = lr g / (|g| + eps) ~ lr sign(g)
    params = {"w": np.zeros(3)}
    optim.Adam(0.1).step(params, {"w": np.array([3.0, -1e-3, 0.0])})
    np.testing.assert_allclose(params["w"], [-0.1 * 3 / (3 + 1e-8), 0.1 * 1e-3 / (1e-3 + 1e-8), 0.0], rtol=1e-15)


# ------------------------------------------------------------------ bad input
BAD_HYPER = [
    (optim.SGD, {"lr": 0.0}), (optim.SGD, {"lr": -0.1}), (optim.SGD, {"lr": math.nan}),
    (optim.SGD, {"lr": math.inf}), (optim.Momentum, {"lr": 0.1, "momentum": 1.0}),
    (optim.Momentum, {"lr": 0.1, "momentum": -0.1}), (optim.Nesterov, {"lr": 0.1, "momentum": 1.5}),
    (optim.AdaGrad, {"lr": 0.1, "eps": 0.0}), (optim.RMSProp, {"lr": 0.1, "rho": 0.0}),
    (optim.RMSProp, {"lr": 0.1, "rho": 1.0}), (optim.RMSProp, {"lr": 0.1, "eps": -1e-8}),
    (optim.Adam, {"beta1": 1.0}), (optim.Adam, {"beta2": -0.5}), (optim.Adam, {"eps": 0.0}),
    (optim.Adam, {"lr": -1e-3}),
]


@pytest.mark.parametrize("cls, kwargs", BAD_HYPER)
def test_bad_hyperparameters(cls, kwargs):
    name = [k for k in kwargs if k != "lr"][-1:] or ["lr"]
    with pytest.raises(ValueError, match=name[0]):
        cls(**kwargs)


def test_hyperparameter_assignment_by_a_schedule():
    opt = optim.Momentum(0.1)
    opt.lr = 0.2  # schedules do this
    assert opt.lr == 0.2 and opt.momentum == 0.9


def test_bad_params_and_grads():
    opt = optim.Adam()
    w = {"W": np.zeros((2, 3)), "b": np.zeros(3)}
    with pytest.raises(ValueError, match="same names"):
        opt.step(w, {"W": np.zeros((2, 3))})
    with pytest.raises(ValueError, match=r"grads\['W'\] has shape \(3, 2\)"):
        opt.step(w, {"W": np.zeros((3, 2)), "b": np.zeros(3)})


@pytest.mark.parametrize("name", PAIRS)
def test_parameters_of_two_dtypes_each_follow_their_own_path(name, rng):
    # One optimizer over a float64 and a float32 parameter gives each the path it has alone;
    # the state is per name, shaped and typed like its parameter.
    a, b = rng.normal(size=(3, 4)), rng.normal(size=5).astype(np.float32)
    ga, gb = rng.normal(size=(3, 4)), rng.normal(size=5).astype(np.float32)
    both, alone_a, alone_b = {"a": a.copy(), "b": b.copy()}, {"a": a.copy()}, {"b": b.copy()}
    opt, opt_a, opt_b = (PAIRS[name][0]() for _ in range(3))
    for k in range(1, 4):
        opt.step(both, {"a": k * ga, "b": k * gb})
        opt_a.step(alone_a, {"a": k * ga})
        opt_b.step(alone_b, {"b": k * gb})
    np.testing.assert_array_equal(both["a"], alone_a["a"])
    np.testing.assert_array_equal(both["b"], alone_b["b"])
    assert both["a"].dtype == np.float64 and both["b"].dtype == np.float32
    for slot, value in opt.state["b"].items():
        assert value.shape == (5,) and value.dtype == np.float32
        np.testing.assert_array_equal(value, opt_b.state["b"][slot])
