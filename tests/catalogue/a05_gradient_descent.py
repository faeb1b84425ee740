"""Wrong and right answers for assignment 05-gradient-descent (format: AUTHORING.md)."""

ASSIGNMENT = "05-gradient-descent"

_SIG = "1.0 / (1.0 + np.exp(-z1))"


def _backward(d2="2.0 * (y_hat - y) / N", dz1="(d2 @ params['W2'].T) * a1 * (1.0 - a1)", reshape=True,
              db1="dz1.sum(axis=0)", db2="d2.sum(axis=0)"):
    return ("def backward_two_layer(X, y, params):\n"
            "    X = np.asarray(X, dtype=float)\n"
            + ("    y = np.asarray(y, dtype=float).reshape(-1, 1)\n" if reshape else "    y = np.asarray(y, dtype=float)\n")
            + "    N = X.shape[0]\n"
            "    z1 = X @ params['W1'] + params['b1']\n"
            f"    a1 = {_SIG}\n"
            "    y_hat = a1 @ params['W2'] + params['b2']\n"
            f"    d2 = {d2}\n"
            f"    dz1 = {dz1}\n"
            f"    return {{'W1': X.T @ dz1, 'b1': {db1}, 'W2': a1.T @ d2, 'b2': {db2}}}\n")


def _tanh_bce(d2="(p - y) / N", d1="(d2 @ params['W2'].T) * (1.0 - a1 ** 2)", reshape=True,
              p="1.0 / (1.0 + np.exp(-z2))"):
    return ("def backward_tanh_bce(X, y, params):\n"
            "    X = np.asarray(X, dtype=float)\n"
            + ("    y = np.asarray(y, dtype=float).reshape(-1, 1)\n" if reshape else "    y = np.asarray(y, dtype=float)\n")
            + "    N = X.shape[0]\n"
            "    z1 = X @ params['W1'] + params['b1']\n"
            "    a1 = np.tanh(z1)\n"
            "    z2 = a1 @ params['W2'] + params['b2']\n"
            f"    p = {p}\n"
            f"    d2 = {d2}\n"
            f"    d1 = {d1}\n"
            "    return {'W1': X.T @ d1, 'b1': d1.sum(axis=0), 'W2': a1.T @ d2, 'b2': d2.sum(axis=0)}\n")


WRONG = [
    # ---- numerical_gradient
    {"name": "numgrad-forward-difference", "cell": "numerical_gradient",
     "code": ("def numerical_gradient(f, w, h=1e-5):\n    x = np.array(w, dtype=float)\n    g = np.zeros_like(x)\n"
              "    f0 = f(x)\n    for j in np.ndindex(x.shape):\n        x[j] += h\n        g[j] = (f(x) - f0) / h\n"
              "        x[j] -= h\n    return g\n"),
     "fails": ["test_numerical_gradient"], "says": "central difference"},
    {"name": "numgrad-divides-by-h", "cell": "numerical_gradient",
     "code": ("def numerical_gradient(f, w, h=1e-5):\n    x = np.array(w, dtype=float)\n    g = np.zeros_like(x)\n"
              "    for j in np.ndindex(x.shape):\n        x[j] += h\n        fp = f(x)\n        x[j] -= 2 * h\n"
              "        fm = f(x)\n        x[j] += h\n        g[j] = (fp - fm) / h\n    return g\n"),
     "fails": ["test_numerical_gradient"], "says": "divides by 2h"},
    {"name": "numgrad-mutates-w", "cell": "numerical_gradient",
     "code": ("def numerical_gradient(f, w, h=1e-5):\n    g = np.zeros_like(w, dtype=float)\n"
              "    for j in np.ndindex(w.shape):\n        w[j] += h\n        fp = f(w)\n        w[j] -= 2 * h\n"
              "        fm = f(w)\n        g[j] = (fp - fm) / (2 * h)\n    return g\n"),
     "fails": ["test_numerical_gradient"], "says": "changed the w"},
    {"name": "numgrad-flat-result", "cell": "numerical_gradient",
     "code": ("def numerical_gradient(f, w, h=1e-5):\n    x = np.array(w, dtype=float)\n    flat = x.reshape(-1)\n"
              "    g = np.zeros(flat.size)\n    for j in range(flat.size):\n        old = flat[j]\n"
              "        flat[j] = old + h\n        fp = f(x)\n        flat[j] = old - h\n        fm = f(x)\n"
              "        flat[j] = old\n        g[j] = (fp - fm) / (2 * h)\n    return g\n"),
     "fails": ["test_numerical_gradient"], "says": "shape"},
    {"name": "numgrad-ignores-h", "cell": "numerical_gradient",
     "code": ("def numerical_gradient(f, w, h=1e-5):\n    x = np.array(w, dtype=float)\n    g = np.zeros_like(x)\n"
              "    for j in np.ndindex(x.shape):\n        old = x[j]\n        x[j] = old + 1e-5\n        fp = f(x)\n"
              "        x[j] = old - 1e-5\n        fm = f(x)\n        x[j] = old\n        g[j] = (fp - fm) / 2e-5\n"
              "    return g\n"),
     "fails": ["test_numerical_gradient"], "says": "h argument"},
    # ---- backward_two_layer
    {"name": "backprop-sign", "cell": "backward_two_layer", "code": _backward(d2="2.0 * (y - y_hat) / N"),
     "fails": ["test_backward_two_layer"], "says": "sign"},
    {"name": "backprop-missing-factor-2", "cell": "backward_two_layer", "code": _backward(d2="(y_hat - y) / N"),
     "fails": ["test_backward_two_layer"], "says": "factor 2"},
    {"name": "backprop-sum-not-mean", "cell": "backward_two_layer", "code": _backward(d2="2.0 * (y_hat - y)"),
     "fails": ["test_backward_two_layer"], "says": "divide by N"},
    {"name": "backprop-sigmoid-derivative-of-z", "cell": "backward_two_layer",
     "code": _backward(dz1="(d2 @ params['W2'].T) * z1 * (1.0 - z1)"),
     "fails": ["test_backward_two_layer"], "says": "a1 * (1 - a1)"},
    {"name": "backprop-no-activation-derivative", "cell": "backward_two_layer",
     "code": _backward(dz1="d2 @ params['W2'].T"),
     "fails": ["test_backward_two_layer"], "says": "derivative"},
    {"name": "backprop-broadcast-y", "cell": "backward_two_layer", "code": _backward(reshape=False),
     "fails": ["test_backward_two_layer"], "says": "broadcast"},
    {"name": "backprop-bias-not-summed", "cell": "backward_two_layer",
     "code": _backward(db1="dz1", db2="d2"),
     "fails": ["test_backward_two_layer"], "says": "sum"},
    # ---- minibatches
    {"name": "minibatches-no-shuffle", "cell": "minibatches",
     "code": ("def minibatches(n, batch_size, rng):\n"
              "    return [np.arange(s, min(s + batch_size, n)) for s in range(0, n, batch_size)]\n"),
     "fails": ["test_minibatches"], "says": "shuffle"},
    {"name": "minibatches-drop-last", "cell": "minibatches",
     "code": ("def minibatches(n, batch_size, rng):\n    order = rng.permutation(n)\n"
              "    return [order[s:s + batch_size] for s in range(0, n - batch_size + 1, batch_size)]\n"),
     "fails": ["test_minibatches"], "says": "last batch"},
    {"name": "minibatches-with-replacement", "cell": "minibatches",
     "code": ("def minibatches(n, batch_size, rng):\n    order = rng.integers(0, n, size=n)\n"
              "    return [order[s:s + batch_size] for s in range(0, n, batch_size)]\n"),
     "fails": ["test_minibatches"], "says": "exactly once"},
    {"name": "minibatches-global-random", "cell": "minibatches",
     "code": ("def minibatches(n, batch_size, rng):\n    order = np.random.permutation(n)\n"
              "    return [order[s:s + batch_size] for s in range(0, n, batch_size)]\n"),
     "fails": ["test_minibatches"], "says": "rng argument"},
    {"name": "minibatches-own-seed", "cell": "minibatches",
     "code": ("def minibatches(n, batch_size, rng):\n    order = np.random.default_rng(0).permutation(n)\n"
              "    return [order[s:s + batch_size] for s in range(0, n, batch_size)]\n"),
     "fails": ["test_minibatches"], "says": "rng"},
    {"name": "minibatches-shuffle-batch-order-only", "cell": "minibatches",
     "code": ("def minibatches(n, batch_size, rng):\n"
              "    batches = [np.arange(s, min(s + batch_size, n)) for s in range(0, n, batch_size)]\n"
              "    return [batches[i] for i in rng.permutation(len(batches))]\n"),
     "fails": ["test_minibatches"], "says": "shuffle"},
    # ---- step_decay
    {"name": "decay-continuous", "cell": "step_decay",
     "code": "def step_decay(lr0, epoch, drop=0.5, every=10):\n    return lr0 * drop ** (epoch / every)\n",
     "fails": ["test_step_decay"], "says": "floor"},
    {"name": "decay-off-by-one", "cell": "step_decay",
     "code": "def step_decay(lr0, epoch, drop=0.5, every=10):\n    return lr0 * drop ** ((epoch + 1) // every)\n",
     "fails": ["test_step_decay"], "says": "epoch = every"},
    {"name": "decay-linear", "cell": "step_decay",
     "code": "def step_decay(lr0, epoch, drop=0.5, every=10):\n    return lr0 * drop * (epoch // every)\n",
     "fails": ["test_step_decay"], "says": "epoch 0"},
    {"name": "decay-hard-coded", "cell": "step_decay",
     "code": "def step_decay(lr0, epoch, drop=0.5, every=10):\n    return lr0 * 0.5 ** (epoch // 10)\n",
     "fails": ["test_step_decay"], "says": "drop and every"},
    # ---- standardize
    {"name": "standardize-test-own-stats", "cell": "standardize",
     "code": ("def standardize(X_train, X_test):\n"
              "    f = lambda X: (X - X.mean(axis=0)) / X.std(axis=0)\n    return f(X_train), f(X_test)\n"),
     "fails": ["test_standardize"], "says": "its own statistics"},
    {"name": "standardize-global-stats", "cell": "standardize",
     "code": ("def standardize(X_train, X_test):\n    m, s = X_train.mean(), X_train.std()\n"
              "    return (X_train - m) / s, (X_test - m) / s\n"),
     "fails": ["test_standardize"], "says": "axis=0"},
    {"name": "standardize-sample-std", "cell": "standardize",
     "code": ("def standardize(X_train, X_test):\n    m, s = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)\n"
              "    return (X_train - m) / s, (X_test - m) / s\n"),
     "fails": ["test_standardize"], "says": "ddof=0"},
    {"name": "standardize-in-place", "cell": "standardize",
     "code": ("def standardize(X_train, X_test):\n    m, s = X_train.mean(axis=0), X_train.std(axis=0)\n"
              "    X_train -= m\n    X_train /= s\n    X_test -= m\n    X_test /= s\n    return X_train, X_test\n"),
     "fails": ["test_standardize"], "says": "in place"},
    {"name": "standardize-constant-column", "cell": "standardize",
     "code": ("def standardize(X_train, X_test):\n    m, s = X_train.mean(axis=0), X_train.std(axis=0)\n"
              "    return (X_train - m) / s, (X_test - m) / s\n"),
     "fails": ["test_standardize"], "says": "nan"},
    # numerical_gradient: a row at a time, and an integer copy
    {"name": "numgrad-row-by-row", "cell": "numerical_gradient",
     "code": ("def numerical_gradient(f, w, h=1e-5):\n    w = np.array(w, dtype=float)\n    if w.ndim > 1:\n"
              "        return np.array([numerical_gradient(f, row, h) for row in w])\n    g = np.zeros_like(w)\n"
              "    for j in range(w.size):\n        e = np.zeros_like(w)\n        e[j] = h\n"
              "        g[j] = (f(w + e) - f(w - e)) / (2 * h)\n    return g\n"),
     "fails": ["test_numerical_gradient"], "says": "one row at a time"},
    {"name": "numgrad-integer-copy", "cell": "numerical_gradient",
     "code": ("def numerical_gradient(f, w, h=1e-5):\n    x = np.array(w)\n    g = np.zeros_like(x)\n"
              "    for j in np.ndindex(x.shape):\n        old = x[j]\n        x[j] = old + h\n        fp = f(x)\n"
              "        x[j] = old - h\n        fm = f(x)\n        x[j] = old\n        g[j] = (fp - fm) / (2 * h)\n"
              "    return g\n"),
     "fails": ["test_numerical_gradient"], "says": "integer"},
    # ---- backward_tanh_bce
    {"name": "tanh-bce-sigmoid-derivative", "cell": "backward_tanh_bce",
     "code": _tanh_bce(d1="(d2 @ params['W2'].T) * a1 * (1.0 - a1)"),
     "fails": ["test_backward_tanh_bce"], "says": "sigmoid's derivative a(1 - a)"},
    {"name": "tanh-bce-sigmoid-derivative-twice", "cell": "backward_tanh_bce",
     "code": _tanh_bce(d2="(p - y) * p * (1 - p) / N"),
     "fails": ["test_backward_tanh_bce"], "says": "once too often"},
    {"name": "tanh-bce-sum-not-mean", "cell": "backward_tanh_bce", "code": _tanh_bce(d2="(p - y)"),
     "fails": ["test_backward_tanh_bce"], "says": "N times too large"},
    {"name": "tanh-bce-sign", "cell": "backward_tanh_bce", "code": _tanh_bce(d2="(y - p) / N"),
     "fails": ["test_backward_tanh_bce"], "says": "sign"},
    {"name": "tanh-bce-broadcast-y", "cell": "backward_tanh_bce", "code": _tanh_bce(reshape=False),
     "fails": ["test_backward_tanh_bce"], "says": "broadcast"},
    {"name": "tanh-bce-unsimplified", "cell": "backward_tanh_bce",
     "code": _tanh_bce(d2="(-y / p + (1 - y) / (1 - p)) * p * (1 - p) / N"),
     "fails": ["test_backward_tanh_bce"], "says": "nan or inf"},
    {"name": "tanh-bce-tanh-derivative-of-z", "cell": "backward_tanh_bce",
     "code": _tanh_bce(d1="(d2 @ params['W2'].T) * (1.0 - z1 ** 2)"),
     "fails": ["test_backward_tanh_bce"], "says": "tanh'(z1)"},
    # ---- standardize: statistics of train and test together
    {"name": "standardize-pooled-stats", "cell": "standardize",
     "code": ("def standardize(X_train, X_test):\n    both = np.vstack([X_train, X_test])\n"
              "    m, s = both.mean(axis=0), both.std(axis=0)\n    return (X_train - m) / s, (X_test - m) / s\n"),
     "fails": ["test_standardize"], "says": "pooled"},
]

RIGHT = [
    {"name": "numgrad-unit-vectors", "cell": "numerical_gradient",
     "code": ("def numerical_gradient(f, w, h=1e-5):\n    w = np.asarray(w, dtype=float)\n    g = np.empty(w.size)\n"
              "    for j in range(w.size):\n        e = np.zeros(w.size)\n        e[j] = h\n        e = e.reshape(w.shape)\n"
              "        g[j] = (f(w + e) - f(w - e)) / (2 * h)\n    return g.reshape(w.shape)\n")},
    {"name": "backprop-loops-per-sample", "cell": "backward_two_layer",
     "code": ("def backward_two_layer(X, y, params):\n    X = np.asarray(X, float); y = np.ravel(y)\n"
              "    W1, b1, W2, b2 = params['W1'], params['b1'], params['W2'], params['b2']\n"
              "    g = {'W1': np.zeros_like(W1), 'b1': np.zeros_like(b1), 'W2': np.zeros_like(W2), 'b2': np.zeros_like(b2)}\n"
              "    N = len(X)\n    for i in range(N):\n        a = 1 / (1 + np.exp(-(X[i] @ W1 + b1)))\n"
              "        e = 2 * ((a @ W2 + b2)[0] - y[i]) / N\n        g['W2'] += e * a[:, None]\n        g['b2'] += e\n"
              "        d = e * W2[:, 0] * a * (1 - a)\n        g['W1'] += np.outer(X[i], d)\n        g['b1'] += d\n"
              "    return g\n")},
    {"name": "backprop-tanh-form-sigmoid", "cell": "backward_two_layer",
     "code": _backward().replace(_SIG, "0.5 * (1 + np.tanh(z1 / 2))")},
    {"name": "minibatches-shuffled-copy", "cell": "minibatches",
     "code": ("def minibatches(n, batch_size, rng):\n    idx = np.arange(n)\n    rng.shuffle(idx)\n"
              "    k = -(-n // batch_size)\n    return [idx[i * batch_size:(i + 1) * batch_size] for i in range(k)]\n")},
    {"name": "minibatches-array-split", "cell": "minibatches",
     "code": ("def minibatches(n, batch_size, rng):\n    order = rng.permutation(n)\n"
              "    return list(np.split(order, np.arange(batch_size, n, batch_size)))\n")},
    {"name": "decay-math-floor", "cell": "step_decay",
     "code": ("import math\n\ndef step_decay(lr0, epoch, drop=0.5, every=10):\n    lr = lr0\n"
              "    for _ in range(math.floor(epoch / every)):\n        lr *= drop\n    return lr\n")},
    {"name": "standardize-manual-stats", "cell": "standardize",
     "code": ("def standardize(X_train, X_test):\n    X_train = np.asarray(X_train, float)\n    n = len(X_train)\n"
              "    m = X_train.sum(axis=0) / n\n    s = np.sqrt(((X_train - m) ** 2).sum(axis=0) / n)\n"
              "    s[s == 0] = 1.0\n    return (X_train - m) / s, (np.asarray(X_test, float) - m) / s\n")},
    {"name": "tanh-bce-sech-squared", "cell": "backward_tanh_bce",
     "code": _tanh_bce(d1="(d2 @ params['W2'].T) / np.cosh(z1) ** 2")},
    {"name": "tanh-bce-logaddexp-probability", "cell": "backward_tanh_bce",
     "code": _tanh_bce(p="np.exp(-np.logaddexp(0.0, -z2))")},
    {"name": "tanh-bce-loops-per-sample", "cell": "backward_tanh_bce",
     "code": ("def backward_tanh_bce(X, y, params):\n    X = np.asarray(X, float); t = np.ravel(y).astype(float)\n"
              "    W1, b1, W2, b2 = params['W1'], params['b1'], params['W2'], params['b2']\n"
              "    g = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}\n    N = len(X)\n"
              "    for i in range(N):\n        a = np.tanh(X[i] @ W1 + b1)\n"
              "        p = 1 / (1 + np.exp(-(a @ W2 + b2)[0]))\n        e = (p - t[i]) / N\n"
              "        g['W2'] += e * a[:, None]\n        g['b2'] += e\n        d = e * W2[:, 0] * (1 - a * a)\n"
              "        g['W1'] += np.outer(X[i], d)\n        g['b1'] += d\n    return g\n")},
]
