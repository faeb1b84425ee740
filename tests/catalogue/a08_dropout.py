"""Wrong and right answers for assignment 08-dropout (format: AUTHORING.md, "Wrong-/right-answer catalogues").

Each WRONG entry is a mistake students really make; the harness checks that it loses points on the tests in
``fails`` and that the first test's message contains ``says``. Each RIGHT entry is written differently from the
solution and must keep full marks.
"""

ASSIGNMENT = "08-dropout"

_FWD_HEAD = "def dropout_forward(x, p, rng, train=True):\n"
_CHECK_P = ("    if not 0 <= p < 1:\n"
            "        raise ValueError('p must be in [0, 1)')\n")

_ES_HEAD = "def early_stopping(val_costs, patience):\n"
_ES_CHECKS = ("    costs = [float(c) for c in val_costs]\n"
              "    if len(costs) == 0 or patience < 1:\n        raise ValueError('need costs and patience >= 1')\n")

WRONG = [
    # ---- dropout_forward
    {"name": "forward-keep-probability", "cell": "dropout_forward",
     "code": _FWD_HEAD + _CHECK_P +
             "    if not train:\n        return x.copy(), np.ones_like(x)\n"
             "    mask = (rng.random(x.shape) < p) / p if p > 0 else np.ones_like(x)\n"
             "    return x * mask, mask\n",
     "fails": ["test_dropout_forward_rate"], "says": "probability of dropping"},
    {"name": "forward-no-scaling", "cell": "dropout_forward",
     "code": _FWD_HEAD + _CHECK_P +
             "    if not train:\n        return x.copy(), np.ones_like(x)\n"
             "    mask = (rng.random(x.shape) >= p).astype(float)\n"
             "    return x * mask, mask\n",
     "fails": ["test_dropout_forward_scale"], "says": "1/(1-p)"},
    {"name": "forward-scale-by-p", "cell": "dropout_forward",
     "code": _FWD_HEAD + _CHECK_P +
             "    if not train:\n        return x.copy(), np.ones_like(x)\n"
             "    mask = (rng.random(x.shape) >= p) / max(p, 1e-12)\n"
             "    return x * mask, mask\n",
     "fails": ["test_dropout_forward_scale"], "says": "1/(1-p)"},
    {"name": "forward-boolean-mask", "cell": "dropout_forward",
     "code": _FWD_HEAD + _CHECK_P +
             "    if not train:\n        return x.copy(), np.ones_like(x)\n"
             "    keep = rng.random(x.shape) >= p\n"
             "    return x * keep / (1 - p), keep\n",
     "fails": ["test_dropout_forward_scale"], "says": "mask should hold"},
    {"name": "forward-global-random", "cell": "dropout_forward",
     "code": _FWD_HEAD + _CHECK_P +
             "    if not train:\n        return x.copy(), np.ones_like(x)\n"
             "    mask = (np.random.rand(*np.shape(x)) >= p) / (1 - p)\n"
             "    return x * mask, mask\n",
     "fails": ["test_dropout_forward_rng"], "says": "rng"},
    {"name": "forward-own-seeded-generator", "cell": "dropout_forward",
     "code": _FWD_HEAD + _CHECK_P +
             "    if not train:\n        return x.copy(), np.ones_like(x)\n"
             "    mask = (np.random.default_rng(0).random(np.shape(x)) >= p) / (1 - p)\n"
             "    return x * mask, mask\n",
     "fails": ["test_dropout_forward_rng"], "says": "rng"},
    {"name": "forward-same-mask-every-sample", "cell": "dropout_forward",
     "code": _FWD_HEAD + _CHECK_P +
             "    if not train:\n        return x.copy(), np.ones_like(x)\n"
             "    mask = np.broadcast_to((rng.random(x.shape[-1]) >= p) / (1 - p), x.shape).copy()\n"
             "    return x * mask, mask\n",
     "fails": ["test_dropout_forward_rng"], "says": "same mask"},
    {"name": "forward-drops-in-evaluation", "cell": "dropout_forward",
     "code": _FWD_HEAD + _CHECK_P +
             "    mask = (rng.random(x.shape) >= p) / (1 - p)\n"
             "    return x * mask, mask\n",
     "fails": ["test_dropout_forward_eval"], "says": "evaluation mode"},
    {"name": "forward-scales-in-evaluation", "cell": "dropout_forward",
     "code": _FWD_HEAD + _CHECK_P +
             "    if not train:\n        return x * (1 - p), np.full(x.shape, 1 - p)\n"
             "    mask = (rng.random(x.shape) >= p) / (1 - p)\n"
             "    return x * mask, mask\n",
     "fails": ["test_dropout_forward_eval"], "says": "identity"},
    {"name": "forward-mutates-input", "cell": "dropout_forward",
     "code": _FWD_HEAD + _CHECK_P +
             "    if not train:\n        return x, np.ones_like(x)\n"
             "    mask = (rng.random(x.shape) >= p) / (1 - p)\n"
             "    x *= mask\n"
             "    return x, mask\n",
     "fails": ["test_dropout_forward_shape"], "says": "in place"},
    {"name": "forward-no-check-of-p", "cell": "dropout_forward",
     "code": _FWD_HEAD +
             "    x = np.asarray(x, dtype=float)\n"
             "    if not train:\n        return x.copy(), np.ones_like(x)\n"
             "    with np.errstate(divide='ignore', invalid='ignore'):\n"
             "        mask = (rng.random(x.shape) >= p) / (1 - p)\n"
             "    return x * mask, mask\n",
     "fails": ["test_dropout_forward_errors"], "says": "ValueError"},
    # a fixed number of dropped units per call: the overall fraction is exactly p, but the count never varies, and
    # with 4 units and p = 0.1 nothing is ever dropped
    {"name": "forward-fixed-count", "cell": "dropout_forward",
     "code": _FWD_HEAD + _CHECK_P +
             "    x = np.asarray(x, dtype=float)\n"
             "    if not train:\n        return x.copy(), np.ones_like(x)\n"
             "    k = int(round(p * x.size))\n"
             "    mask = np.full(x.size, 1.0 / (1.0 - p))\n"
             "    mask[rng.permutation(x.size)[:k]] = 0.0\n"
             "    mask = mask.reshape(x.shape)\n"
             "    return x * mask, mask\n",
     "fails": ["test_dropout_forward_rate"], "says": "fixed count"},
    # the same count in every row (rng.choice per sample)
    {"name": "forward-fixed-count-per-row", "cell": "dropout_forward",
     "code": _FWD_HEAD + _CHECK_P +
             "    x = np.asarray(x, dtype=float)\n"
             "    if not train:\n        return x.copy(), np.ones_like(x)\n"
             "    rows = x.reshape(-1, x.shape[-1])\n"
             "    mask = np.full(rows.shape, 1.0 / (1.0 - p))\n"
             "    k = int(round(p * rows.shape[1]))\n"
             "    for r in range(rows.shape[0]):\n"
             "        mask[r, rng.choice(rows.shape[1], size=k, replace=False)] = 0.0\n"
             "    mask = mask.reshape(x.shape)\n"
             "    return x * mask, mask\n",
     "fails": ["test_dropout_forward_rate"], "says": "4 units"},
    # ---- dropout_backward
    {"name": "backward-ignores-mask", "cell": "dropout_backward",
     "code": "def dropout_backward(dout, mask):\n    return np.array(dout, dtype=float)\n",
     "fails": ["test_dropout_backward"], "says": "pass no gradient"},
    {"name": "backward-returns-mask", "cell": "dropout_backward",
     "code": "def dropout_backward(dout, mask):\n    return np.array(mask, dtype=float)\n",
     "fails": ["test_dropout_backward"], "says": "dx = dout times"},
    {"name": "backward-forgets-scaling", "cell": "dropout_backward",
     "code": "def dropout_backward(dout, mask):\n    return dout * (np.asarray(mask) > 0)\n",
     "fails": ["test_dropout_backward"], "says": "1/(1-p)"},
    {"name": "backward-in-place", "cell": "dropout_backward",
     "code": "def dropout_backward(dout, mask):\n    dout *= mask\n    return dout\n",
     "fails": ["test_dropout_backward"], "says": "in place"},
    # ---- l2_penalty
    {"name": "penalty-half-factor", "cell": "l2_penalty",
     "code": "def l2_penalty(weights, lam):\n    if lam < 0:\n        raise ValueError('lam < 0')\n"
             "    return 0.5 * lam * sum(float(np.sum(W ** 2)) for W in weights)\n",
     "fails": ["test_l2_penalty"], "says": "1/2 factor"},
    {"name": "penalty-mean-not-sum", "cell": "l2_penalty",
     "code": "def l2_penalty(weights, lam):\n    if lam < 0:\n        raise ValueError('lam < 0')\n"
             "    return lam * sum(float(np.mean(W ** 2)) for W in weights)\n",
     "fails": ["test_l2_penalty"], "says": "not the mean"},
    {"name": "penalty-absolute-values", "cell": "l2_penalty",
     "code": "def l2_penalty(weights, lam):\n    if lam < 0:\n        raise ValueError('lam < 0')\n"
             "    return lam * sum(float(np.sum(np.abs(W))) for W in weights)\n",
     "fails": ["test_l2_penalty"], "says": "squared entries"},
    {"name": "penalty-norm-not-squared", "cell": "l2_penalty",
     "code": "def l2_penalty(weights, lam):\n    if lam < 0:\n        raise ValueError('lam < 0')\n"
             "    return lam * sum(float(np.linalg.norm(W)) for W in weights)\n",
     "fails": ["test_l2_penalty"], "says": "squared entries"},
    {"name": "penalty-first-matrix-only", "cell": "l2_penalty",
     "code": "def l2_penalty(weights, lam):\n    if lam < 0:\n        raise ValueError('lam < 0')\n"
             "    return lam * float(np.sum(weights[0] ** 2))\n",
     "fails": ["test_l2_penalty"], "says": "every matrix"},
    {"name": "penalty-negative-lambda-accepted", "cell": "l2_penalty",
     "code": "def l2_penalty(weights, lam):\n    return lam * sum(float(np.sum(W ** 2)) for W in weights)\n",
     "fails": ["test_l2_penalty_errors"], "says": "ValueError"},
    # ---- l2_grad
    {"name": "grad-missing-factor-2", "cell": "l2_grad",
     "code": "def l2_grad(W, lam):\n    return lam * W\n",
     "fails": ["test_l2_grad"], "says": "factor 2"},
    {"name": "grad-wrong-sign", "cell": "l2_grad",
     "code": "def l2_grad(W, lam):\n    return -2 * lam * W\n",
     "fails": ["test_l2_grad"], "says": "sign"},
    {"name": "grad-forgets-lambda", "cell": "l2_grad",
     "code": "def l2_grad(W, lam):\n    return 2 * W\n",
     "fails": ["test_l2_grad"], "says": "depend on lam"},
    {"name": "grad-in-place", "cell": "l2_grad",
     "code": "def l2_grad(W, lam):\n    W *= 2 * lam\n    return W\n",
     "fails": ["test_l2_grad"], "says": "in place"},
    {"name": "grad-returns-scalar", "cell": "l2_grad",
     "code": "def l2_grad(W, lam):\n    return 2 * lam * np.sum(W)\n",
     "fails": ["test_l2_grad"], "says": "shape"},


    # ---- early_stopping
    {"name": "es-global-argmin", "cell": "early_stopping",
     "code": _ES_HEAD + _ES_CHECKS +
             "    best, t = 1, 1\n"
             "    for t in range(2, len(costs) + 1):\n"
             "        if costs[t - 1] < costs[best - 1]:\n            best = t\n"
             "        elif t - best >= patience:\n            break\n"
             "    return int(np.argmin(costs)) + 1, t\n",
     "fails": ["test_early_stopping"], "says": "after training stopped"},
    {"name": "es-zero-based", "cell": "early_stopping",
     "code": _ES_HEAD + _ES_CHECKS +
             "    best = 0\n"
             "    for t in range(1, len(costs)):\n"
             "        if costs[t] < costs[best]:\n            best = t\n"
             "        elif t - best >= patience:\n            return best, t\n"
             "    return best, len(costs) - 1\n",
     "fails": ["test_early_stopping"], "says": "count epochs from 1"},
    {"name": "es-stops-one-late", "cell": "early_stopping",
     "code": _ES_HEAD + _ES_CHECKS +
             "    best = 1\n"
             "    for t in range(2, len(costs) + 1):\n"
             "        if costs[t - 1] < costs[best - 1]:\n            best = t\n"
             "        elif t - best > patience:\n            return best, t\n"
             "    return best, len(costs)\n",
     "fails": ["test_early_stopping"], "says": "one epoch late"},
    {"name": "es-compares-with-previous-epoch", "cell": "early_stopping",
     "code": _ES_HEAD + _ES_CHECKS +
             "    best = 1\n"
             "    for t in range(2, len(costs) + 1):\n"
             "        if costs[t - 1] < costs[t - 2]:\n            best = t\n"
             "        elif t - best >= patience:\n            return best, t\n"
             "    return best, len(costs)\n",
     "fails": ["test_early_stopping"], "says": "strictly lower than every earlier cost"},
    {"name": "es-tie-improves", "cell": "early_stopping",
     "code": _ES_HEAD + _ES_CHECKS +
             "    best = 1\n"
             "    for t in range(2, len(costs) + 1):\n"
             "        if costs[t - 1] <= costs[best - 1]:\n            best = t\n"
             "        elif t - best >= patience:\n            return best, t\n"
             "    return best, len(costs)\n",
     "fails": ["test_early_stopping"], "says": "tie is not an improvement"},
    {"name": "es-no-validation", "cell": "early_stopping",
     "code": "def early_stopping(val_costs, patience):\n"
             "    costs = list(val_costs) or [0.0]\n"
             "    best = 1\n"
             "    for t in range(2, len(costs) + 1):\n"
             "        if costs[t - 1] < costs[best - 1]:\n            best = t\n"
             "        elif t - best >= max(patience, 1):\n            return best, t\n"
             "    return best, len(costs)\n",
     "fails": ["test_early_stopping_errors"], "says": "ValueError"},
]

RIGHT = [
    {"name": "forward-binomial-draws", "cell": "dropout_forward",
     "code": _FWD_HEAD + _CHECK_P +
             "    x = np.array(x, dtype=float)\n"
             "    if not train:\n        return x, np.ones(x.shape)\n"
             "    keep_prob = 1.0 - p  # the lecture's 'keep' convention, converted\n"
             "    mask = rng.binomial(1, keep_prob, size=x.shape) / keep_prob\n"
             "    return x * mask, mask\n"},
    {"name": "forward-where-uniform", "cell": "dropout_forward",
     "code": _FWD_HEAD +
             "    if p < 0 or p >= 1:\n        raise ValueError(f'bad p={p}')\n"
             "    if not train:\n        return np.copy(x), np.ones(np.shape(x))\n"
             "    mask = np.where(rng.uniform(size=np.shape(x)) < p, 0.0, 1.0 / (1.0 - p))\n"
             "    return np.multiply(x, mask), mask\n"},
    {"name": "forward-loop-over-rows", "cell": "dropout_forward",
     "code": _FWD_HEAD + _CHECK_P +
             "    x = np.asarray(x, dtype=float)\n"
             "    if not train:\n        return x.copy(), np.ones_like(x)\n"
             "    rows = x.reshape(-1, x.shape[-1]) if x.ndim > 1 else x.reshape(1, -1)\n"
             "    masks = []\n"
             "    for row in rows:\n"
             "        keep = rng.random(row.shape) >= p\n"
             "        masks.append(np.where(keep, 1.0 / (1.0 - p), 0.0))\n"
             "    mask = np.array(masks).reshape(x.shape)\n"
             "    return x * mask, mask\n"},
    {"name": "backward-multiply", "cell": "dropout_backward",
     "code": "def dropout_backward(dout, mask):\n    return np.multiply(dout, mask)\n"},
    {"name": "backward-where", "cell": "dropout_backward",
     "code": "def dropout_backward(dout, mask):\n"
             "    mask = np.asarray(mask, dtype=float)\n"
             "    return np.where(mask == 0, 0.0, dout * mask)\n"},
    {"name": "penalty-loop-vdot", "cell": "l2_penalty",
     "code": "def l2_penalty(weights, lam):\n    if lam < 0:\n        raise ValueError('lam must be >= 0')\n"
             "    total = 0.0\n    for W in weights:\n        W = np.ravel(W)\n        total += float(np.dot(W, W))\n"
             "    return lam * total\n"},
    {"name": "penalty-frobenius", "cell": "l2_penalty",
     "code": "def l2_penalty(weights, lam):\n    if lam < 0:\n        raise ValueError('lam must be >= 0')\n"
             "    return float(lam * sum(np.linalg.norm(W, 'fro') ** 2 for W in weights))\n"},
    {"name": "grad-sum-form", "cell": "l2_grad",
     "code": "def l2_grad(W, lam):\n    W = np.asarray(W, dtype=float)\n    return lam * (W + W)\n"},
    {"name": "grad-multiply", "cell": "l2_grad",
     "code": "def l2_grad(W, lam):\n    return np.multiply(2 * lam, W)\n"},
    # a counter of epochs without improvement, as Keras's EarlyStopping keeps it
    {"name": "es-wait-counter", "cell": "early_stopping",
     "code": _ES_HEAD + _ES_CHECKS +
             "    best_cost, best_epoch, wait = np.inf, 0, 0\n"
             "    for epoch, c in enumerate(costs, start=1):\n"
             "        if c < best_cost:\n            best_cost, best_epoch, wait = c, epoch, 0\n"
             "        else:\n            wait += 1\n"
             "            if wait >= patience:\n                return best_epoch, epoch\n"
             "    return best_epoch, len(costs)\n"},
    {"name": "es-numpy-minimum-so-far", "cell": "early_stopping",
     "code": _ES_HEAD + _ES_CHECKS +
             "    c = np.asarray(costs)\n"
             "    running = np.minimum.accumulate(c)\n"
             "    improved = np.r_[True, c[1:] < running[:-1]]\n"
             "    last = np.maximum.accumulate(np.where(improved, np.arange(1, len(c) + 1), 0))\n"
             "    since = np.arange(1, len(c) + 1) - last\n"
             "    hit = np.nonzero(since >= patience)[0]\n"
             "    stop = int(hit[0]) + 1 if hit.size else len(c)\n"
             "    return int(last[stop - 1]), stop\n"},
]
