"""Wrong and right answers for assignment 04-cost-functions (format: AUTHORING.md)."""

ASSIGNMENT = "04-cost-functions"

_SM = "    e = np.exp(z - z.max(axis=1, keepdims=True))\n    P = e / e.sum(axis=1, keepdims=True)\n"

WRONG = [
    # ---- mse
    {"name": "mse-sum", "cell": "mse",
     "code": "def mse(y, y_hat):\n    return float(np.sum((y_hat - y) ** 2))\n",
     "fails": ["test_mse"], "says": "mean"},
    {"name": "mse-absolute", "cell": "mse",
     "code": "def mse(y, y_hat):\n    return float(np.mean(np.abs(y_hat - y)))\n",
     "fails": ["test_mse"], "says": "square"},
    {"name": "mse-rmse", "cell": "mse",
     "code": "def mse(y, y_hat):\n    return float(np.sqrt(np.mean((y_hat - y) ** 2)))\n",
     "fails": ["test_mse"], "says": "square root"},
    {"name": "mse-per-column", "cell": "mse",
     "code": "def mse(y, y_hat):\n    return np.mean((y_hat - y) ** 2, axis=0)\n",
     "fails": ["test_mse"], "says": "single number"},
    # ---- mse_grad
    {"name": "mse-grad-sign", "cell": "mse_grad",
     "code": "def mse_grad(y, y_hat):\n    return 2 * (y - y_hat) / y_hat.size\n",
     "fails": ["test_mse_grad"], "says": "sign"},
    {"name": "mse-grad-no-2", "cell": "mse_grad",
     "code": "def mse_grad(y, y_hat):\n    return (y_hat - y) / y_hat.size\n",
     "fails": ["test_mse_grad"], "says": "factor 2"},
    {"name": "mse-grad-no-mean", "cell": "mse_grad",
     "code": "def mse_grad(y, y_hat):\n    return 2 * (y_hat - y)\n",
     "fails": ["test_mse_grad"], "says": "divide by N"},
    {"name": "mse-grad-scalar", "cell": "mse_grad",
     "code": "def mse_grad(y, y_hat):\n    return np.sum(2 * (y_hat - y) / y_hat.size)\n",
     "fails": ["test_mse_grad"], "says": "shape"},
    {"name": "mse-grad-rows-only", "cell": "mse_grad",
     "code": "def mse_grad(y, y_hat):\n    return 2 * (y_hat - y) / len(y_hat)\n",
     "fails": ["test_mse_grad"], "says": "12 elements"},
    # ---- binary_cross_entropy
    {"name": "bce-swapped", "cell": "binary_cross_entropy",
     "code": ("def binary_cross_entropy(y, p):\n    p = np.clip(p, 1e-12, 1 - 1e-12)\n"
              "    return float(-np.mean(y * np.log(1 - p) + (1 - y) * np.log(p)))\n"),
     "fails": ["test_binary_cross_entropy"], "says": "swapped"},
    {"name": "bce-no-minus", "cell": "binary_cross_entropy",
     "code": ("def binary_cross_entropy(y, p):\n    p = np.clip(p, 1e-12, 1 - 1e-12)\n"
              "    return float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))\n"),
     "fails": ["test_binary_cross_entropy"], "says": "minus"},
    {"name": "bce-sum", "cell": "binary_cross_entropy",
     "code": ("def binary_cross_entropy(y, p):\n    p = np.clip(p, 1e-12, 1 - 1e-12)\n"
              "    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))\n"),
     "fails": ["test_binary_cross_entropy"], "says": "mean"},
    {"name": "bce-no-clipping", "cell": "binary_cross_entropy",
     "code": ("def binary_cross_entropy(y, p):\n"
              "    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))\n"),
     "fails": ["test_binary_cross_entropy"], "says": "0 * ln 0"},
    {"name": "bce-pick-true-label-unclipped", "cell": "binary_cross_entropy",
     "code": ("def binary_cross_entropy(y, p):\n    y = np.asarray(y, float); p = np.asarray(p, float)\n"
              "    q = np.where(y == 1, p, 1 - p)\n    return float(-np.mean(np.log(q)))\n"),
     "fails": ["test_binary_cross_entropy"], "says": "-ln 0"},
    {"name": "bce-only-positive-term", "cell": "binary_cross_entropy",
     "code": ("def binary_cross_entropy(y, p):\n    p = np.clip(p, 1e-12, 1)\n"
              "    return float(-np.mean(y * np.log(p)))\n"),
     "fails": ["test_binary_cross_entropy"], "says": "-mean(y ln p + (1 - y) ln(1 - p))"},
    # ---- cross_entropy
    {"name": "ce-mean-over-entries", "cell": "cross_entropy",
     "code": "def cross_entropy(y, p):\n    return float(-np.mean(y * np.log(np.clip(p, 1e-12, 1))))\n",
     "fails": ["test_cross_entropy"], "says": "N*K"},
    {"name": "ce-no-minus", "cell": "cross_entropy",
     "code": "def cross_entropy(y, p):\n    return float(np.sum(y * np.log(np.clip(p, 1e-12, 1))) / len(y))\n",
     "fails": ["test_cross_entropy"], "says": "minus"},
    {"name": "ce-sum", "cell": "cross_entropy",
     "code": "def cross_entropy(y, p):\n    return float(-np.sum(y * np.log(np.clip(p, 1e-12, 1))))\n",
     "fails": ["test_cross_entropy"], "says": "mean"},
    {"name": "ce-no-clipping", "cell": "cross_entropy",
     "code": "def cross_entropy(y, p):\n    return float(-np.sum(y * np.log(p)) / len(y))\n",
     "fails": ["test_cross_entropy"], "says": "0 * ln 0"},
    {"name": "ce-pick-true-class-unclipped", "cell": "cross_entropy",
     "code": ("def cross_entropy(y, p):\n    labels = np.argmax(y, axis=1)\n"
              "    return float(-np.mean(np.log(np.asarray(p, float)[np.arange(len(labels)), labels])))\n"),
     "fails": ["test_cross_entropy"], "says": "-ln 0 = inf"},
    {"name": "ce-delta-too-large", "cell": "cross_entropy",
     "code": "def cross_entropy(y, p):\n    return float(-np.sum(y * np.log(p + 1e-3)) / len(y))\n",
     "fails": ["test_cross_entropy"], "says": "too large"},
    {"name": "ce-per-sample-vector", "cell": "cross_entropy",
     "code": "def cross_entropy(y, p):\n    return -np.sum(y * np.log(np.clip(p, 1e-12, 1)), axis=1)\n",
     "fails": ["test_cross_entropy"], "says": "single number"},
    # ---- softmax_cross_entropy_grad
    {"name": "sce-grad-no-mean", "cell": "softmax_cross_entropy_grad",
     "code": "def softmax_cross_entropy_grad(y, z):\n" + _SM + "    return P - y\n",
     "fails": ["test_softmax_cross_entropy_grad"], "says": "divide by N"},
    {"name": "sce-grad-sign", "cell": "softmax_cross_entropy_grad",
     "code": "def softmax_cross_entropy_grad(y, z):\n" + _SM + "    return (y - P) / len(z)\n",
     "fails": ["test_softmax_cross_entropy_grad"], "says": "sign"},
    {"name": "sce-grad-wrong-axis", "cell": "softmax_cross_entropy_grad",
     "code": ("def softmax_cross_entropy_grad(y, z):\n    e = np.exp(z - z.max())\n"
              "    P = e / e.sum(axis=0, keepdims=True)\n    return (P - y) / len(z)\n"),
     "fails": ["test_softmax_cross_entropy_grad"], "says": "axis=1"},
    {"name": "sce-grad-no-max-shift", "cell": "softmax_cross_entropy_grad",
     "code": ("def softmax_cross_entropy_grad(y, z):\n    e = np.exp(z)\n"
              "    P = e / e.sum(axis=1, keepdims=True)\n    return (P - y) / len(z)\n"),
     "fails": ["test_softmax_cross_entropy_grad"], "says": "maximum"},
    {"name": "sce-grad-mutates-z", "cell": "softmax_cross_entropy_grad",
     "code": ("def softmax_cross_entropy_grad(y, z):\n    z -= z.max(axis=1, keepdims=True)\n    e = np.exp(z)\n"
              "    P = e / e.sum(axis=1, keepdims=True)\n    return (P - y) / len(z)\n"),
     "fails": ["test_softmax_cross_entropy_grad"], "says": "changed z"},
]

_SIG = "    p = 1 / (1 + np.exp(-z))\n"
WRONG += [
    # ---- binary_cross_entropy_with_logits
    {"name": "bcel-sigmoid-then-log", "cell": "binary_cross_entropy_with_logits",
     "code": ("def binary_cross_entropy_with_logits(y, z):\n" + _SIG +
              "    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))\n"),
     "fails": ["test_binary_cross_entropy_with_logits"], "says": "ln 0"},
    {"name": "bcel-clipped-sigmoid", "cell": "binary_cross_entropy_with_logits",
     "code": ("def binary_cross_entropy_with_logits(y, z):\n" + _SIG + "    p = np.clip(p, 1e-12, 1 - 1e-12)\n"
              "    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))\n"),
     "fails": ["test_binary_cross_entropy_with_logits"], "says": "capped"},
    {"name": "bcel-softplus-overflows", "cell": "binary_cross_entropy_with_logits",
     "code": "def binary_cross_entropy_with_logits(y, z):\n    return float(np.mean(np.log(1 + np.exp(z)) - y * z))\n",
     "fails": ["test_binary_cross_entropy_with_logits"], "says": "overflowed"},
    {"name": "bcel-sign-of-z", "cell": "binary_cross_entropy_with_logits",
     "code": "def binary_cross_entropy_with_logits(y, z):\n    return float(np.mean(np.logaddexp(0, -z) - y * z))\n",
     "fails": ["test_binary_cross_entropy_with_logits"], "says": "sign of z"},
    {"name": "bcel-sum", "cell": "binary_cross_entropy_with_logits",
     "code": "def binary_cross_entropy_with_logits(y, z):\n    return float(np.sum(np.logaddexp(0, z) - y * z))\n",
     "fails": ["test_binary_cross_entropy_with_logits"], "says": "MEAN"},
    # ---- binary_cross_entropy_with_logits_grad
    {"name": "bcelg-no-mean", "cell": "binary_cross_entropy_with_logits_grad",
     "code": "def binary_cross_entropy_with_logits_grad(y, z):\n" + _SIG + "    return p - y\n",
     "fails": ["test_binary_cross_entropy_with_logits_grad"], "says": "N times"},
    {"name": "bcelg-sign", "cell": "binary_cross_entropy_with_logits_grad",
     "code": "def binary_cross_entropy_with_logits_grad(y, z):\n" + _SIG + "    return (y - p) / len(z)\n",
     "fails": ["test_binary_cross_entropy_with_logits_grad"], "says": "sign"},
    {"name": "bcelg-extra-sigmoid-derivative", "cell": "binary_cross_entropy_with_logits_grad",
     "code": "def binary_cross_entropy_with_logits_grad(y, z):\n" + _SIG + "    return (p - y) * p * (1 - p) / len(z)\n",
     "fails": ["test_binary_cross_entropy_with_logits_grad"], "says": "extra factor"},
    {"name": "bcelg-overflow", "cell": "binary_cross_entropy_with_logits_grad",
     "code": "def binary_cross_entropy_with_logits_grad(y, z):\n    p = np.exp(z) / (1 + np.exp(z))\n    return (p - y) / len(z)\n",
     "fails": ["test_binary_cross_entropy_with_logits_grad"], "says": "inf / inf"},
]

RIGHT = [
    {"name": "ce-deep-learning-from-scratch", "cell": "cross_entropy",
     "code": ("def cross_entropy(y, p):\n    # Saito, Deep Learning from Scratch: delta added inside the log\n"
              "    delta = 1e-7\n    batch_size = y.shape[0]\n    return -np.sum(y * np.log(p + delta)) / batch_size\n")},
    {"name": "bce-delta-inside-log", "cell": "binary_cross_entropy",
     "code": ("def binary_cross_entropy(y, p):\n    delta = 1e-7\n"
              "    return float(-np.mean(y * np.log(p + delta) + (1 - y) * np.log(1 - p + delta)))\n")},
    {"name": "bce-keras-clip-1e-7", "cell": "binary_cross_entropy",
     "code": ("def binary_cross_entropy(y, p):\n    p = np.clip(p, 1e-7, 1 - 1e-7)\n"
              "    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))\n")},
    {"name": "bcel-logaddexp", "cell": "binary_cross_entropy_with_logits",
     "code": "def binary_cross_entropy_with_logits(y, z):\n    return float(np.mean(np.logaddexp(0.0, z) - y * z))\n"},
    {"name": "bcel-two-branches", "cell": "binary_cross_entropy_with_logits",
     "code": ("def binary_cross_entropy_with_logits(y, z):\n    z = np.asarray(z, float); y = np.asarray(y, float)\n"
              "    pos = z >= 0\n    sp = np.empty_like(z)\n"
              "    sp[pos] = z[pos] + np.log1p(np.exp(-z[pos]))\n    sp[~pos] = np.log1p(np.exp(z[~pos]))\n"
              "    return float(np.mean(sp - y * z))\n")},
    {"name": "bcel-other-form", "cell": "binary_cross_entropy_with_logits",
     "code": ("def binary_cross_entropy_with_logits(y, z):\n    # ln(1 + e^-z) + (1 - y) z, the same function\n"
              "    return float(np.mean(np.logaddexp(0.0, -z) + (1 - y) * z))\n")},
    {"name": "bcelg-plain-sigmoid", "cell": "binary_cross_entropy_with_logits_grad",
     "code": "def binary_cross_entropy_with_logits_grad(y, z):\n" + _SIG + "    return (p - y) / len(z)\n"},
    {"name": "bcelg-via-two-logit-softmax", "cell": "binary_cross_entropy_with_logits_grad",
     "code": ("def binary_cross_entropy_with_logits_grad(y, z):\n    Z = np.column_stack([np.zeros_like(z), z])\n"
              "    Y = np.column_stack([1 - y, y])\n    return softmax_cross_entropy_grad(Y, Z)[:, 1]\n")},
    {"name": "mse-loop", "cell": "mse",
     "code": ("def mse(y, y_hat):\n    a, b = np.ravel(y), np.ravel(y_hat)\n    total = 0.0\n"
              "    for u, v in zip(a, b):\n        total += (v - u) ** 2\n    return total / len(a)\n")},
    {"name": "mse-dot", "cell": "mse",
     "code": "def mse(y, y_hat):\n    d = (np.asarray(y_hat, float) - y).ravel()\n    return d @ d / d.size\n"},
    {"name": "mse-grad-mean-of-ones", "cell": "mse_grad",
     "code": "def mse_grad(y, y_hat):\n    return 2 * (y_hat - y) * np.mean(np.ones_like(y_hat))  / np.size(y_hat)\n"},
    {"name": "bce-where", "cell": "binary_cross_entropy",
     "code": ("def binary_cross_entropy(y, p):\n    y = np.asarray(y, float); p = np.asarray(p, float)\n"
              "    q = np.where(y == 1, p, 1 - p)   # probability given to the true label\n"
              "    return float(-np.mean(np.log(np.maximum(q, 1e-12))))\n")},
    {"name": "ce-pick-true-class", "cell": "cross_entropy",
     "code": ("def cross_entropy(y, p):\n    labels = np.argmax(y, axis=1)\n"
              "    picked = np.asarray(p, float)[np.arange(len(labels)), labels]\n"
              "    return float(-np.mean(np.log(np.maximum(picked, 1e-12))))\n")},
    {"name": "sce-grad-logsumexp", "cell": "softmax_cross_entropy_grad",
     "code": ("def softmax_cross_entropy_grad(y, z):\n    z = np.asarray(z, float)\n    m = z.max(axis=1, keepdims=True)\n"
              "    log_p = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))\n"
              "    return (np.exp(log_p) - y) / z.shape[0]\n")},
]
