"""Wrong and right answers for assignment 06-optimizers (format: AUTHORING.md).

Each WRONG entry is a mistake students really make; it must lose the points of the tests in ``fails`` and the
first of them must name the mistake (``says``). Each RIGHT entry is written differently from the solution
(another convention for the state, loops, another algebraic form) and keeps full marks.
"""

ASSIGNMENT = "06-optimizers"

WRONG = [
    # ---- sgd_update
    {"name": "sgd-sign", "cell": "sgd_update",
     "code": "def sgd_update(w, g, lr):\n    return w + lr * g\n",
     "fails": ["test_sgd_update"], "says": "uphill"},
    {"name": "sgd-in-place", "cell": "sgd_update",
     "code": "def sgd_update(w, g, lr):\n    w -= lr * g\n    return w\n",
     "fails": ["test_sgd_update"], "says": "in-place"},
    {"name": "sgd-fixed-lr", "cell": "sgd_update",
     "code": "def sgd_update(w, g, lr):\n    return w - 0.1 * g\n",
     "fails": ["test_sgd_update"], "says": "lr argument"},
    {"name": "sgd-wrapped-in-list", "cell": "sgd_update",
     "code": "def sgd_update(w, g, lr):\n    return [w - lr * g]\n",
     "fails": ["test_sgd_update"], "says": "shape"},
    # ---- momentum_update
    {"name": "momentum-lr-twice", "cell": "momentum_update",
     "code": ("def momentum_update(w, g, v, lr, momentum=0.9):\n"
              "    v = momentum * v + lr * g\n    return w - lr * v, v\n"),
     "fails": ["test_momentum_update"], "says": "applied exactly once"},
    {"name": "momentum-ema-scaling", "cell": "momentum_update",
     "code": ("def momentum_update(w, g, v, lr, momentum=0.9):\n"
              "    v = momentum * v + (1 - momentum) * g\n    return w - lr * v, v\n"),
     "fails": ["test_momentum_update"], "says": "1 - momentum"},
    {"name": "momentum-no-memory", "cell": "momentum_update",
     "code": ("def momentum_update(w, g, v, lr, momentum=0.9):\n"
              "    v = g\n    return w - lr * v, v\n"),
     "fails": ["test_momentum_update"], "says": "velocity must decay"},
    {"name": "momentum-sign", "cell": "momentum_update",
     "code": ("def momentum_update(w, g, v, lr, momentum=0.9):\n"
              "    v = momentum * v - g\n    return w - lr * v, v\n"),
     "fails": ["test_momentum_update"], "says": "uphill"},
    {"name": "momentum-in-place", "cell": "momentum_update",
     "code": ("def momentum_update(w, g, v, lr, momentum=0.9):\n"
              "    v *= momentum\n    v += g\n    w = w - lr * v\n    return w, v\n"),
     "fails": ["test_momentum_update"], "says": "changed the v"},
    {"name": "momentum-hard-coded", "cell": "momentum_update",
     "code": ("def momentum_update(w, g, v, lr, momentum=0.9):\n"
              "    v = 0.9 * v + g\n    return w - lr * v, v\n"),
     "fails": ["test_momentum_update"], "says": "momentum and lr arguments"},
    # ---- nesterov_update
    {"name": "nesterov-is-plain-momentum", "cell": "nesterov_update",
     "code": ("def nesterov_update(w, g, v, lr, momentum=0.9):\n"
              "    v = momentum * v + g\n    return w - lr * v, v\n"),
     "fails": ["test_nesterov_update"], "says": "updated velocity"},
    {"name": "nesterov-old-velocity", "cell": "nesterov_update",
     "code": ("def nesterov_update(w, g, v, lr, momentum=0.9):\n"
              "    new_w = w - lr * (g + momentum * v)\n    return new_w, momentum * v + g\n"),
     "fails": ["test_nesterov_update"], "says": "updated velocity"},
    {"name": "nesterov-sign", "cell": "nesterov_update",
     "code": ("def nesterov_update(w, g, v, lr, momentum=0.9):\n"
              "    v = momentum * v + g\n    return w + lr * (g + momentum * v), v\n"),
     "fails": ["test_nesterov_update"], "says": "uphill"},
    {"name": "nesterov-in-place", "cell": "nesterov_update",
     "code": ("def nesterov_update(w, g, v, lr, momentum=0.9):\n"
              "    v *= momentum\n    v += g\n    return w - lr * (g + momentum * v), v\n"),
     "fails": ["test_nesterov_update"], "says": "changed the v"},
    {"name": "nesterov-hard-coded", "cell": "nesterov_update",
     "code": ("def nesterov_update(w, g, v, lr, momentum=0.9):\n"
              "    v = 0.9 * v + g\n    return w - lr * (g + 0.9 * v), v\n"),
     "fails": ["test_nesterov_update"], "says": "momentum and lr arguments"},
    # ---- adagrad_update
    {"name": "adagrad-no-square", "cell": "adagrad_update",
     "code": ("def adagrad_update(w, g, h, lr, eps=1e-8):\n"
              "    h = h + np.abs(g)\n    return w - lr * g / (np.sqrt(h) + eps), h\n"),
     "fails": ["test_adagrad_update"], "says": "square the gradient"},
    {"name": "adagrad-no-accumulation", "cell": "adagrad_update",
     "code": ("def adagrad_update(w, g, h, lr, eps=1e-8):\n"
              "    h = g * g\n    return w - lr * g / (np.sqrt(h) + eps), h\n"),
     "fails": ["test_adagrad_update"], "says": "accumulate"},
    {"name": "adagrad-in-place", "cell": "adagrad_update",
     "code": ("def adagrad_update(w, g, h, lr, eps=1e-8):\n"
              "    h += g * g\n    return w - lr * g / (np.sqrt(h) + eps), h\n"),
     "fails": ["test_adagrad_update"], "says": "changed the h"},
    {"name": "adagrad-fixed-eps", "cell": "adagrad_update",
     "code": ("def adagrad_update(w, g, h, lr, eps=1e-8):\n"
              "    h = h + g * g\n    return w - lr * g / (np.sqrt(h) + 1e-8), h\n"),
     "fails": ["test_adagrad_update"], "says": "eps"},
    # ---- rmsprop_update
    {"name": "rmsprop-rho-swapped", "cell": "rmsprop_update",
     "code": ("def rmsprop_update(w, g, s, lr, rho=0.9, eps=1e-8):\n"
              "    s = (1 - rho) * s + rho * g * g\n    return w - lr * g / (np.sqrt(s) + eps), s\n"),
     "fails": ["test_rmsprop_update"], "says": "moving average"},
    {"name": "rmsprop-no-sqrt", "cell": "rmsprop_update",
     "code": ("def rmsprop_update(w, g, s, lr, rho=0.9, eps=1e-8):\n"
              "    s = rho * s + (1 - rho) * g * g\n    return w - lr * g / (s + eps), s\n"),
     "fails": ["test_rmsprop_update"], "says": "square root"},
    {"name": "rmsprop-in-place", "cell": "rmsprop_update",
     "code": ("def rmsprop_update(w, g, s, lr, rho=0.9, eps=1e-8):\n"
              "    s *= rho\n    s += (1 - rho) * g * g\n    return w - lr * g / (np.sqrt(s) + eps), s\n"),
     "fails": ["test_rmsprop_update"], "says": "changed the s"},
    {"name": "rmsprop-hard-coded-rho", "cell": "rmsprop_update",
     "code": ("def rmsprop_update(w, g, s, lr, rho=0.9, eps=1e-8):\n"
              "    s = 0.9 * s + 0.1 * g * g\n    return w - lr * g / (np.sqrt(s) + eps), s\n"),
     "fails": ["test_rmsprop_update"], "says": "arguments"},
    # ---- adam_update
    {"name": "adam-no-bias-correction", "cell": "adam_update",
     "code": ("def adam_update(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
              "    m = beta1 * m + (1 - beta1) * g\n    v = beta2 * v + (1 - beta2) * g * g\n"
              "    return w - lr * m / (np.sqrt(v) + eps), m, v\n"),
     "fails": ["test_adam_update"], "says": "bias correction"},
    {"name": "adam-t-one-too-high", "cell": "adam_update",
     "code": ("def adam_update(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
              "    m = beta1 * m + (1 - beta1) * g\n    v = beta2 * v + (1 - beta2) * g * g\n"
              "    m_hat = m / (1 - beta1 ** (t + 1))\n    v_hat = v / (1 - beta2 ** (t + 1))\n"
              "    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v\n"),
     "fails": ["test_adam_update"], "says": "one too high"},
    {"name": "adam-sign", "cell": "adam_update",
     "code": ("def adam_update(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
              "    m = beta1 * m + (1 - beta1) * g\n    v = beta2 * v + (1 - beta2) * g * g\n"
              "    m_hat = m / (1 - beta1 ** t)\n    v_hat = v / (1 - beta2 ** t)\n"
              "    return w + lr * m_hat / (np.sqrt(v_hat) + eps), m, v\n"),
     "fails": ["test_adam_update"], "says": "uphill"},
    {"name": "adam-in-place-moments", "cell": "adam_update",
     "code": ("def adam_update(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
              "    m *= beta1\n    m += (1 - beta1) * g\n    v *= beta2\n    v += (1 - beta2) * g * g\n"
              "    m_hat = m / (1 - beta1 ** t)\n    v_hat = v / (1 - beta2 ** t)\n"
              "    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v\n"),
     "fails": ["test_adam_update"], "says": "changed the m"},
    {"name": "adam-corrected-moments-handed-back", "cell": "adam_update",
     "code": ("def adam_update(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
              "    m = (beta1 * m + (1 - beta1) * g) / (1 - beta1 ** t)\n"
              "    v = (beta2 * v + (1 - beta2) * g * g) / (1 - beta2 ** t)\n"
              "    return w - lr * m / (np.sqrt(v) + eps), m, v\n"),
     "fails": ["test_adam_update"], "says": "hand back m and v themselves"},
    {"name": "adam-correction-ignores-t", "cell": "adam_update",
     "code": ("def adam_update(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
              "    m = beta1 * m + (1 - beta1) * g\n    v = beta2 * v + (1 - beta2) * g * g\n"
              "    m_hat = m / (1 - beta1)\n    v_hat = v / (1 - beta2)\n"
              "    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v\n"),
     "fails": ["test_adam_update"], "says": "ignores t"},
    {"name": "adam-no-sqrt", "cell": "adam_update",
     "code": ("def adam_update(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
              "    m = beta1 * m + (1 - beta1) * g\n    v = beta2 * v + (1 - beta2) * g * g\n"
              "    m_hat = m / (1 - beta1 ** t)\n    v_hat = v / (1 - beta2 ** t)\n"
              "    return w - lr * m_hat / (v_hat + eps), m, v\n"),
     "fails": ["test_adam_update"], "says": "square root of v_hat is missing"},
    {"name": "adam-lecture-slip-sqrt-beta1", "cell": "adam_update",
     "code": ("def adam_update(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
              "    # the lecture notes' folded step size, with a square root on 1 - beta1**t\n"
              "    m = beta1 * m + (1 - beta1) * g\n    v = beta2 * v + (1 - beta2) * g * g\n"
              "    lr_t = lr * np.sqrt(1 - beta2 ** t) / np.sqrt(1 - beta1 ** t)\n"
              "    return w - lr_t * m / np.sqrt(v + eps), m, v\n"),
     "fails": ["test_adam_update"], "says": "yours moves by other amounts"},
    {"name": "adam-hard-coded-betas", "cell": "adam_update",
     "code": ("def adam_update(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
              "    m = 0.9 * m + (1 - 0.9) * g\n    v = 0.999 * v + (1 - 0.999) * np.square(g)\n"
              "    m_hat = m / (1 - 0.9 ** t)\n    v_hat = v / (1 - 0.999 ** t)\n"
              "    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v\n"),
     "fails": ["test_adam_update"], "says": "not fixed numbers"},
    # ---- momentum_rate
    {"name": "rate-sqrt-mu-always", "cell": "momentum_rate",
     "code": "def momentum_rate(lr, momentum, curvature):\n    return float(np.sqrt(momentum))\n",
     "fails": ["test_momentum_rate"], "says": "over-damped case"},
    {"name": "rate-ignores-momentum", "cell": "momentum_rate",
     "code": "def momentum_rate(lr, momentum, curvature):\n    return abs(1 - lr * curvature)\n",
     "fails": ["test_momentum_rate"], "says": "does not depend on momentum"},
    {"name": "rate-smaller-eigenvalue", "cell": "momentum_rate",
     "code": ("def momentum_rate(lr, momentum, curvature):\n"
              "    A = np.array([[1 + momentum - lr * curvature, -momentum], [1.0, 0.0]])\n"
              "    return float(np.min(np.abs(np.linalg.eigvals(A))))\n"),
     "fails": ["test_momentum_rate"], "says": "smaller eigenvalue"},
    {"name": "rate-of-the-cost", "cell": "momentum_rate",
     "code": ("def momentum_rate(lr, momentum, curvature):\n"
              "    A = np.array([[1 + momentum - lr * curvature, -momentum], [1.0, 0.0]])\n"
              "    return float(np.max(np.abs(np.linalg.eigvals(A))) ** 2)\n"),
     "fails": ["test_momentum_rate"], "says": "rate squared"},
    {"name": "rate-wrong-sign-in-recursion", "cell": "momentum_rate",
     "code": ("def momentum_rate(lr, momentum, curvature):\n"
              "    # w_(t+1) = (1 + mu - lr*lam) w_t + mu w_(t-1): the sign of the momentum term is wrong\n"
              "    return float(np.max(np.abs(np.roots([1.0, -(1 + momentum - lr * curvature), -momentum]))))\n"),
     "fails": ["test_momentum_rate"], "says": "derive the recursion"},
    # ---- best_momentum
    {"name": "best-momentum-folklore-0.9", "cell": "best_momentum",
     "code": "def best_momentum(lr, curvatures):\n    return 0.9\n",
     "fails": ["test_best_momentum"], "says": "too large"},
    {"name": "best-momentum-steepest-only", "cell": "best_momentum",
     "code": ("def best_momentum(lr, curvatures):\n"
              "    # damps the steepest direction critically, forgets the flat one\n"
              "    return float((1 - np.sqrt(lr * max(curvatures))) ** 2)\n"),
     "fails": ["test_best_momentum"], "says": "too small"},
    {"name": "best-momentum-joint-formula", "cell": "best_momentum",
     "code": ("def best_momentum(lr, curvatures):\n"
              "    k = max(curvatures) / min(curvatures)\n"
              "    return float(((np.sqrt(k) - 1) / (np.sqrt(k) + 1)) ** 2)\n"),
     "fails": ["test_best_momentum"], "says": "jointly optimal"},
    {"name": "best-momentum-returns-rate", "cell": "best_momentum",
     "code": ("def best_momentum(lr, curvatures):\n"
              "    return float(np.max(1 - np.sqrt(lr * np.asarray(curvatures, dtype=float))))\n"),
     "fails": ["test_best_momentum"], "says": "not the rate"},
    # ---- state kept in a module global instead of the state passed in (reset when a zero state comes in):
    # a single run looks right, two runs that alternate step by step do not
    {"name": "momentum-global-velocity", "cell": "momentum_update",
     "code": ("_V = None\n\n\ndef momentum_update(w, g, v, lr, momentum=0.9):\n    global _V\n"
              "    if _V is None or not np.any(v):\n        _V = np.zeros_like(np.asarray(w, dtype=float))\n"
              "    _V = momentum * _V + g\n    return w - lr * _V, _V.copy()\n"),
     "fails": ["test_momentum_update"], "says": "alternate"},
    {"name": "adagrad-global-sum", "cell": "adagrad_update",
     "code": ("_H = None\n\n\ndef adagrad_update(w, g, h, lr, eps=1e-8):\n    global _H\n"
              "    if _H is None or not np.any(h):\n        _H = np.zeros_like(np.asarray(w, dtype=float))\n"
              "    _H = _H + g * g\n    return w - lr * g / (np.sqrt(_H) + eps), _H.copy()\n"),
     "fails": ["test_adagrad_update"], "says": "alternate"},
    {"name": "adam-global-moments", "cell": "adam_update",
     "code": ("_M = _V = None\n\n\ndef adam_update(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
              "    global _M, _V\n    if t == 1 or _M is None:\n        _M, _V = np.zeros_like(m), np.zeros_like(v)\n"
              "    _M = beta1 * _M + (1 - beta1) * g\n    _V = beta2 * _V + (1 - beta2) * g * g\n"
              "    m_hat = _M / (1 - beta1 ** t)\n    v_hat = _V / (1 - beta2 ** t)\n"
              "    return w - lr * m_hat / (np.sqrt(v_hat) + eps), _M.copy(), _V.copy()\n"),
     "fails": ["test_adam_update"], "says": "alternate"},
]

RIGHT = [
    {"name": "sgd-loop", "cell": "sgd_update",
     "code": ("def sgd_update(w, g, lr):\n    w = np.array(w, dtype=float)\n    flat, gf = w.reshape(-1), np.ravel(g)\n"
              "    for i in range(flat.size):\n        flat[i] = flat[i] - lr * gf[i]\n    return w\n")},
    {"name": "momentum-lecture-form", "cell": "momentum_update",
     "code": ("def momentum_update(w, g, v, lr, momentum=0.9):\n"
              "    # the lecture's convention: v <- gamma*v + lr*g, w <- w - v\n"
              "    v = momentum * v + lr * g\n    return w - v, v\n")},
    {"name": "nesterov-lr-scaled-velocity", "cell": "nesterov_update",
     "code": ("def nesterov_update(w, g, v, lr, momentum=0.9):\n"
              "    v = momentum * v + lr * g\n    return w - (lr * g + momentum * v), v\n")},
    {"name": "nesterov-bengio-form", "cell": "nesterov_update",
     "code": ("def nesterov_update(w, g, v, lr, momentum=0.9):\n"
              "    # Bengio et al. (2013): v_new = mu v - lr g; w <- w - mu v_old + (1 + mu) v_new\n"
              "    v_new = momentum * v - lr * g\n    return w - momentum * v + (1 + momentum) * v_new, v_new\n")},
    {"name": "adagrad-per-coordinate-loop", "cell": "adagrad_update",
     "code": ("def adagrad_update(w, g, h, lr, eps=1e-8):\n"
              "    w = np.array(w, dtype=float); h = np.array(h, dtype=float); g = np.asarray(g, dtype=float)\n"
              "    for i in np.ndindex(w.shape):\n"
              "        h[i] = h[i] + g[i] ** 2\n        w[i] = w[i] - lr * g[i] / (h[i] ** 0.5 + eps)\n"
              "    return w, h\n")},
    {"name": "rmsprop-interpolation-form", "cell": "rmsprop_update",
     "code": ("def rmsprop_update(w, g, s, lr, rho=0.9, eps=1e-8):\n"
              "    s = s + (1 - rho) * (g ** 2 - s)   # the same moving average, written as a correction\n"
              "    return w - lr * g / (np.sqrt(s) + eps), s\n")},
    {"name": "adam-folded-step-size", "cell": "adam_update",
     "code": ("def adam_update(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
              "    # the paper's efficient form with eps rescaled so that it stays outside sqrt(v_hat)\n"
              "    m = beta1 * m + (1 - beta1) * g\n    v = beta2 * v + (1 - beta2) * np.square(g)\n"
              "    bc2 = np.sqrt(1 - beta2 ** t)\n    step = lr * bc2 / (1 - beta1 ** t)\n"
              "    return w - step * m / (np.sqrt(v) + eps * bc2), m, v\n")},
    {"name": "adagrad-eps-inside-root", "cell": "adagrad_update",
     "code": ("def adagrad_update(w, g, h, lr, eps=1e-8):\n"
              "    # the lectures' form: eps inside the square root\n"
              "    h = h + g * g\n    return w - lr * g / np.sqrt(h + eps), h\n")},
    {"name": "rmsprop-eps-inside-root", "cell": "rmsprop_update",
     "code": ("def rmsprop_update(w, g, s, lr, rho=0.9, eps=1e-8):\n"
              "    s = rho * s + (1 - rho) * g * g\n    return w - lr * g / np.sqrt(s + eps), s\n")},
    {"name": "adam-eps-inside-root", "cell": "adam_update",
     "code": ("def adam_update(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
              "    m = beta1 * m + (1 - beta1) * g\n    v = beta2 * v + (1 - beta2) * g * g\n"
              "    m_hat = m / (1 - beta1 ** t)\n    v_hat = v / (1 - beta2 ** t)\n"
              "    return w - lr * m_hat / np.sqrt(v_hat + eps), m, v\n")},
    {"name": "adam-folded-tensorflow", "cell": "adam_update",
     "code": ("def adam_update(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
              "    # the paper's efficient form with eps not rescaled (TensorFlow/Keras)\n"
              "    m = beta1 * m + (1 - beta1) * g\n    v = beta2 * v + (1 - beta2) * g * g\n"
              "    lr_t = lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)\n"
              "    return w - lr_t * m / (np.sqrt(v) + eps), m, v\n")},
    {"name": "adam-folded-eps-inside", "cell": "adam_update",
     "code": ("def adam_update(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
              "    # the lecture's folded step size (without its slip) and eps inside the root\n"
              "    m = beta1 * m + (1 - beta1) * g\n    v = beta2 * v + (1 - beta2) * g * g\n"
              "    lr_t = lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)\n"
              "    return w - lr_t * m / np.sqrt(v + eps), m, v\n")},
    {"name": "rate-lecture-form-matrix", "cell": "momentum_rate",
     "code": ("def momentum_rate(lr, momentum, curvature):\n"
              "    # state (w, v_lecture): v' = gamma v + lr lam w, w' = w - v' = (1 - lr lam) w - gamma v\n"
              "    A = np.array([[1 - lr * curvature, -momentum], [lr * curvature, momentum]])\n"
              "    return float(max(abs(z) for z in np.linalg.eigvals(A)))\n")},
    {"name": "rate-closed-form", "cell": "momentum_rate",
     "code": ("import cmath\n\n\ndef momentum_rate(lr, momentum, curvature):\n"
              "    a = 1 + momentum - lr * curvature\n    d = cmath.sqrt(a * a - 4 * momentum)\n"
              "    return max(abs((a + d) / 2), abs((a - d) / 2))\n")},
    {"name": "best-momentum-grid-search", "cell": "best_momentum",
     "code": ("def best_momentum(lr, curvatures):\n"
              "    mus = np.linspace(0, 0.999, 1000)\n"
              "    worst = [max(momentum_rate(lr, mu, lam) for lam in curvatures) for mu in mus]\n"
              "    return float(mus[int(np.argmin(worst))])\n")},
    {"name": "best-momentum-simulated", "cell": "best_momentum",
     "code": ("def best_momentum(lr, curvatures):\n"
              "    # measure: run momentum on each direction for 200 steps, keep the mu with the smallest worst error\n"
              "    lam = np.asarray(curvatures, dtype=float)\n    best, best_err = 0.0, np.inf\n"
              "    for mu in np.linspace(0, 0.99, 100):\n"
              "        w, v = np.ones_like(lam), np.zeros_like(lam)\n"
              "        for _ in range(200):\n            v = mu * v + lam * w\n            w = w - lr * v\n"
              "        err = np.max(np.abs(w))\n"
              "        if err < best_err:\n            best, best_err = mu, err\n"
              "    return float(best)\n")},
]
