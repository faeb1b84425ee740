"""Wrong and right answers for assignment 07-initialization (format: AUTHORING.md).

The WRONG entries are the formulas students (and lecture notes) really get wrong: fan_in only, the variance used as
the standard deviation, He's formula multiplied instead of divided, fan_out in He, the wrong distribution, the
uniform bound set to the standard deviation, np.random instead of the injected rng, a transposed shape, a truncated
normal (Keras's he_normal draws one); for layer_stds: the std before the activation, every layer fed X, ddof=1, an
extra entry for the input, no validation; for estimate_gain: E[f(z)^2] itself, its inverse (g squared), the variance
instead of the second moment, uniform draws, np.random instead of rng, a fixed sample size.
"""

ASSIGNMENT = "07-initialization"


def _fn(name, body):
    return f"def {name}(fan_in, fan_out, rng):\n" + "".join(f"    {line}\n" for line in body.split("\n"))


_EG_HEAD = "def estimate_gain(activation, rng, n=200_000):\n"
_LS_HEAD = "def layer_stds(X, weights, activation):\n"
_LS_CHECKS = ("    if not callable(activation):\n        raise TypeError('activation must be callable')\n"
              "    a = np.asarray(X, dtype=float)\n"
              "    for W in weights:\n"
              "        if np.shape(W)[0] != a.shape[1]:\n            raise ValueError('shapes do not chain')\n"
              "        a = a @ W\n"
              "    a = np.asarray(X, dtype=float)\n")

WRONG = [
    # ---- xavier_normal
    # the lecture's code line randn(fan_in, fan_out) / sqrt(fan_in)
    {"name": "xavier-normal-fan-in-only", "cell": "xavier_normal",
     "code": _fn("xavier_normal", "return rng.standard_normal((fan_in, fan_out)) / np.sqrt(fan_in)"),
     "fails": ["test_xavier_normal_std"], "says": "uses both fan_in and fan_out"},
    {"name": "xavier-normal-variance-as-std", "cell": "xavier_normal",
     "code": _fn("xavier_normal", "return rng.normal(0.0, 2.0 / (fan_in + fan_out), size=(fan_in, fan_out))"),
     "fails": ["test_xavier_normal_std"], "says": "which is the variance"},
    {"name": "xavier-normal-transposed", "cell": "xavier_normal",
     "code": _fn("xavier_normal", "return rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=(fan_out, fan_in))"),
     "fails": ["test_xavier_normal_shape"], "says": "shape"},
    {"name": "xavier-normal-global-random", "cell": "xavier_normal",
     "code": _fn("xavier_normal", "return np.random.randn(fan_in, fan_out) * np.sqrt(2.0 / (fan_in + fan_out))"),
     "fails": ["test_xavier_normal_shape"], "says": "rng"},
    {"name": "xavier-normal-draws-uniform", "cell": "xavier_normal",
     "code": _fn("xavier_normal", "b = np.sqrt(6.0 / (fan_in + fan_out))\nreturn rng.uniform(-b, b, size=(fan_in, fan_out))"),
     "fails": ["test_xavier_normal_std"], "says": "normal (Gaussian)"},
    # ---- xavier_uniform
    {"name": "xavier-uniform-bound-is-std", "cell": "xavier_uniform",
     "code": _fn("xavier_uniform", "b = np.sqrt(2.0 / (fan_in + fan_out))\nreturn rng.uniform(-b, b, size=(fan_in, fan_out))"),
     "fails": ["test_xavier_uniform_std"], "says": "bound"},
    {"name": "xavier-uniform-fan-in-only", "cell": "xavier_uniform",
     "code": _fn("xavier_uniform", "b = np.sqrt(3.0 / fan_in)\nreturn rng.uniform(-b, b, size=(fan_in, fan_out))"),
     "fails": ["test_xavier_uniform_std"], "says": "uses both fan_in and fan_out"},
    {"name": "xavier-uniform-draws-normal", "cell": "xavier_uniform",
     "code": _fn("xavier_uniform", "return rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=(fan_in, fan_out))"),
     "fails": ["test_xavier_uniform_std"], "says": "uniform distribution"},
    {"name": "xavier-uniform-zero-to-b", "cell": "xavier_uniform",
     "code": _fn("xavier_uniform", "b = np.sqrt(6.0 / (fan_in + fan_out))\nreturn rng.uniform(0.0, b, size=(fan_in, fan_out))"),
     "fails": ["test_xavier_uniform_std"], "says": "mean 0"},
    # ---- he_normal
    # the lecture's misprint randn(fan_in, fan_out) * sqrt(fan_in / 2)
    {"name": "he-normal-multiplies", "cell": "he_normal",
     "code": _fn("he_normal", "return rng.standard_normal((fan_in, fan_out)) * np.sqrt(fan_in / 2)"),
     "fails": ["test_he_normal_std"], "says": "divide by fan_in"},
    {"name": "he-normal-fan-out", "cell": "he_normal",
     "code": _fn("he_normal", "return rng.normal(0.0, np.sqrt(2.0 / fan_out), size=(fan_in, fan_out))"),
     "fails": ["test_he_normal_std"], "says": "fan_out"},
    {"name": "he-normal-missing-factor-2", "cell": "he_normal",
     "code": _fn("he_normal", "return rng.normal(0.0, np.sqrt(1.0 / fan_in), size=(fan_in, fan_out))"),
     "fails": ["test_he_normal_std"], "says": "factor 2"},
    {"name": "he-normal-variance-as-std", "cell": "he_normal",
     "code": _fn("he_normal", "return rng.normal(0.0, 2.0 / fan_in, size=(fan_in, fan_out))"),
     "fails": ["test_he_normal_std"], "says": "which is the variance"},
    # a truncated normal at two standard deviations (tf.keras's he_normal without its 0.88 correction): its spread is
    # 0.88 of He's and happens to match Xavier's for (300, 100); the message must name the truncation
    {"name": "he-normal-truncated", "cell": "he_normal",
     "code": _fn("he_normal", "std = np.sqrt(2.0 / fan_in)\nW = rng.normal(0.0, std, size=(fan_in, fan_out))\n"
                 "bad = np.abs(W) > 2 * std\nwhile bad.any():\n    W[bad] = rng.normal(0.0, std, size=int(bad.sum()))\n"
                 "    bad = np.abs(W) > 2 * std\nreturn W"),
     "fails": ["test_he_normal_std"], "says": "truncated normal"},
    # the same, corrected so that the standard deviation is right (tf.keras): still not the normal the book asks for
    {"name": "he-normal-truncated-rescaled", "cell": "he_normal",
     "code": _fn("he_normal", "std = np.sqrt(2.0 / fan_in) / 0.87962566103423978\n"
                 "W = rng.normal(0.0, std, size=(fan_in, fan_out))\n"
                 "bad = np.abs(W) > 2 * std\nwhile bad.any():\n    W[bad] = rng.normal(0.0, std, size=int(bad.sum()))\n"
                 "    bad = np.abs(W) > 2 * std\nreturn W"),
     "fails": ["test_he_normal_std"], "says": "truncated normal"},
    # ---- he_uniform
    {"name": "he-uniform-bound-is-std", "cell": "he_uniform",
     "code": _fn("he_uniform", "b = np.sqrt(2.0 / fan_in)\nreturn rng.uniform(-b, b, size=(fan_in, fan_out))"),
     "fails": ["test_he_uniform_std"], "says": "bound"},
    {"name": "he-uniform-xavier-bound", "cell": "he_uniform",
     "code": _fn("he_uniform", "b = np.sqrt(6.0 / (fan_in + fan_out))\nreturn rng.uniform(-b, b, size=(fan_in, fan_out))"),
     "fails": ["test_he_uniform_std"], "says": "matches Xavier's"},
    {"name": "he-uniform-draws-normal", "cell": "he_uniform",
     "code": _fn("he_uniform", "return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))"),
     "fails": ["test_he_uniform_std"], "says": "uniform distribution"},
    {"name": "he-uniform-global-random", "cell": "he_uniform",
     "code": _fn("he_uniform", "b = np.sqrt(6.0 / fan_in)\nreturn np.random.uniform(-b, b, size=(fan_in, fan_out))"),
     "fails": ["test_he_uniform_shape"], "says": "rng"},
    # ---- layer_stds
    {"name": "layer-stds-before-activation", "cell": "layer_stds",
     "code": _LS_HEAD + _LS_CHECKS +
             "    out = []\n    for W in weights:\n        z = a @ W\n        out.append(np.std(z))\n        a = activation(z)\n"
             "    return np.array(out)\n",
     "fails": ["test_layer_stds"], "says": "after the activation"},
    {"name": "layer-stds-every-layer-fed-x", "cell": "layer_stds",
     "code": _LS_HEAD + _LS_CHECKS +
             "    return np.array([np.std(activation(a @ W)) if W.shape[0] == a.shape[1] else 0.0 for W in weights])\n",
     "fails": ["test_layer_stds"], "says": "previous layer"},
    {"name": "layer-stds-includes-input", "cell": "layer_stds",
     "code": _LS_HEAD + _LS_CHECKS +
             "    out = [np.std(a)]\n    for W in weights:\n        a = activation(a @ W)\n        out.append(np.std(a))\n"
             "    return np.array(out)\n",
     "fails": ["test_layer_stds"], "says": "shape"},
    {"name": "layer-stds-per-unit", "cell": "layer_stds",
     "code": _LS_HEAD + _LS_CHECKS +
             "    out = []\n    for W in weights:\n        a = activation(a @ W)\n        out.append(np.std(a, axis=0).mean())\n"
             "    return np.array(out)\n",
     "fails": ["test_layer_stds"], "says": "after the activation"},
    {"name": "layer-stds-ddof-1", "cell": "layer_stds",
     "code": _LS_HEAD + _LS_CHECKS +
             "    out = []\n    for W in weights:\n        a = activation(a @ W)\n        out.append(np.std(a, ddof=1))\n"
             "    return np.array(out)\n",
     "fails": ["test_layer_stds"], "says": "after the activation"},
    {"name": "layer-stds-no-validation", "cell": "layer_stds",
     "code": _LS_HEAD +
             "    a = np.asarray(X, dtype=float)\n    out = []\n"
             "    for W in weights:\n        try:\n            a = activation(a @ W)\n        except Exception:\n            return np.zeros(len(weights))\n"
             "        out.append(np.std(a))\n    return np.array(out)\n",
     "fails": ["test_layer_stds_errors"], "says": "ValueError"},
    # ---- estimate_gain
    {"name": "gain-returns-second-moment", "cell": "estimate_gain",
     "code": _EG_HEAD + "    z = rng.standard_normal(n)\n    return float(np.mean(activation(z) ** 2))\n",
     "fails": ["test_estimate_gain"], "says": "E[f(z)^2] itself"},
    {"name": "gain-squared", "cell": "estimate_gain",
     "code": _EG_HEAD + "    z = rng.standard_normal(n)\n    return float(1.0 / np.mean(activation(z) ** 2))\n",
     "fails": ["test_estimate_gain"], "says": "square of the gain"},
    {"name": "gain-inverted", "cell": "estimate_gain",
     "code": _EG_HEAD + "    z = rng.standard_normal(n)\n    return float(np.sqrt(np.mean(activation(z) ** 2)))\n",
     "fails": ["test_estimate_gain"], "says": "inverse of the gain"},
    # np.var / np.std subtract the mean: the variance formula needs E[a^2] (zero-mean weights, not zero-mean inputs)
    {"name": "gain-uses-variance", "cell": "estimate_gain",
     "code": _EG_HEAD + "    z = rng.standard_normal(n)\n    return float(1.0 / np.std(activation(z)))\n",
     "fails": ["test_estimate_gain"], "says": "variance of f(z)"},
    {"name": "gain-uniform-samples", "cell": "estimate_gain",
     "code": _EG_HEAD + "    z = rng.uniform(-1.0, 1.0, n)\n    return float(1.0 / np.sqrt(np.mean(activation(z) ** 2)))\n",
     "fails": ["test_estimate_gain"], "says": "standard normal"},
    {"name": "gain-global-random", "cell": "estimate_gain",
     "code": _EG_HEAD + "    z = np.random.randn(n)\n    return float(1.0 / np.sqrt(np.mean(activation(z) ** 2)))\n",
     "fails": ["test_estimate_gain_rng"], "says": "rng argument"},
    {"name": "gain-fixed-sample-size", "cell": "estimate_gain",
     "code": _EG_HEAD + "    z = rng.standard_normal(200)\n    return float(1.0 / np.sqrt(np.mean(activation(z) ** 2)))\n",
     "fails": ["test_estimate_gain"], "says": "six Monte Carlo"},
]

RIGHT = [
    {"name": "xavier-normal-standard-normal-scaled", "cell": "xavier_normal",
     "code": _fn("xavier_normal", "return rng.standard_normal(size=(fan_in, fan_out)) * (2.0 / (fan_in + fan_out)) ** 0.5")},
    {"name": "xavier-uniform-from-unit-interval", "cell": "xavier_uniform",
     "code": _fn("xavier_uniform", "b = (6.0 / (fan_in + fan_out)) ** 0.5\nreturn (2.0 * rng.random((fan_in, fan_out)) - 1.0) * b")},
    # torch.nn.init's form: std = gain / sqrt(fan_in) with gain = sqrt(2) for ReLU
    {"name": "he-normal-gain-form", "cell": "he_normal",
     "code": _fn("he_normal", "gain = np.sqrt(2.0)\nreturn rng.normal(size=(fan_in, fan_out)) * gain / np.sqrt(fan_in)")},
    {"name": "he-uniform-sqrt3-times-std", "cell": "he_uniform",
     "code": _fn("he_uniform", "std = np.sqrt(2.0 / fan_in)\nb = np.sqrt(3.0) * std\nreturn rng.uniform(low=-b, high=b, size=(fan_in, fan_out))")},
    {"name": "layer-stds-variance-formula", "cell": "layer_stds",
     "code": _LS_HEAD + _LS_CHECKS +
             "    stds = np.zeros(len(weights))\n"
             "    for l in range(len(weights)):\n"
             "        a = activation(np.dot(a, weights[l]))\n"
             "        stds[l] = np.sqrt(np.mean(a ** 2) - np.mean(a) ** 2)\n"
             "    return stds\n"},
    {"name": "layer-stds-returns-list", "cell": "layer_stds",
     "code": _LS_HEAD + _LS_CHECKS +
             "    out = []\n    for W in weights:\n        a = activation(a @ np.asarray(W))\n        out.append(float(a.std()))\n"
             "    return out\n"},
    {"name": "gain-rng-normal-power", "cell": "estimate_gain",
     "code": _EG_HEAD + "    a = np.asarray(activation(rng.normal(0.0, 1.0, size=n)))\n    return float(np.mean(a * a) ** -0.5)\n"},
    # a deterministic quadrature is more accurate than Monte Carlo and still right
    {"name": "gain-quadrature", "cell": "estimate_gain",
     "code": _EG_HEAD + "    x, w = np.polynomial.hermite_e.hermegauss(120)\n"
             "    m = float(np.sum(w * np.asarray(activation(x)) ** 2) / np.sqrt(2 * np.pi))\n"
             "    return 1.0 / np.sqrt(m)\n"},
    {"name": "he-normal-gain-over-sqrt-fan", "cell": "he_normal",
     "code": _fn("he_normal", "gain, fan_mode = 2 ** 0.5, fan_in\nreturn gain / fan_mode ** 0.5 * rng.standard_normal((fan_in, fan_out))")},
]
