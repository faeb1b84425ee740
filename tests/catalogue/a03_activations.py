"""Wrong and right answers for assignment 03-activations (format: AUTHORING.md, "catalogues")."""

ASSIGNMENT = "03-activations"


def _w(name, cell, body, says, sig=None):
    """A WRONG entry whose answer cell is ``def <sig>:`` followed by ``body`` (one or more lines)."""
    sig = sig or f"{cell}(z)"
    code = f"def {sig}:\n" + "".join("    " + line + "\n" for line in body.strip("\n").split("\n"))
    return {"name": name, "cell": cell, "code": code, "fails": [f"test_{cell}"], "says": says}


def _r(name, cell, body, sig=None):
    sig = sig or f"{cell}(z)"
    code = f"def {sig}:\n" + "".join("    " + line + "\n" for line in body.strip("\n").split("\n"))
    return {"name": name, "cell": cell, "code": code}


_LR, _LRG = "leaky_relu(z, alpha=0.01)", "leaky_relu_grad(z, alpha=0.01)"
_E, _EG = "elu(z, alpha=1.0)", "elu_grad(z, alpha=1.0)"
_M = "maxout(X, W1, b1, W2, b2)"

WRONG = [
    _w("sigmoid-sign", "sigmoid", "return 1 / (1 + np.exp(np.asarray(z, float)))", "sign in the exponent"),
    _w("sigmoid-no-one-plus", "sigmoid", "return 1 / np.exp(-np.asarray(z, float))", "0.5"),
    _w("sigmoid-is-tanh", "sigmoid", "return np.tanh(z)", "sigmoid(0)"),
    _w("sigmoid-in-place", "sigmoid", "z = np.asarray(z, float)\nz *= -1\nreturn 1 / (1 + np.exp(z))", "changed its input"),
    _w("sigmoid-naive-two-exp", "sigmoid", "z = np.asarray(z, float)\nreturn np.exp(z) / (1 + np.exp(z))", "overflow"),
    _w("sigmoid-grad-applied-to-z", "sigmoid_grad", "z = np.asarray(z, float)\nreturn z * (1 - z)", "not to z"),
    _w("sigmoid-grad-negative", "sigmoid_grad", "s = sigmoid(z)\nreturn s * (s - 1)", "0.25"),
    _w("sigmoid-grad-squared", "sigmoid_grad", "s = sigmoid(z)\nreturn s * s", "finite differences"),
    _w("sigmoid-grad-returns-sigmoid", "sigmoid_grad", "return sigmoid(z)", "0.25"),
    _w("tanh-is-sigmoid", "tanh", "return 1 / (1 + np.exp(-np.asarray(z, float)))", "tanh(0) should be 0"),
    _w("tanh-missing-factor-2", "tanh", "z = np.asarray(z, float)\nreturn 2 / (1 + np.exp(-z)) - 1", "the 2 inside"),
    _w("tanh-sign-flipped", "tanh", "z = np.asarray(z, float)\nreturn (np.exp(-z) - np.exp(z)) / (np.exp(z) + np.exp(-z))", "odd"),
    _w("tanh-naive-overflow", "tanh", "z = np.asarray(z, float)\nreturn (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))", "overflow"),
    _w("tanh-grad-of-z", "tanh_grad", "z = np.asarray(z, float)\nreturn 1 - z ** 2", "not z"),
    _w("tanh-grad-no-square", "tanh_grad", "return 1 - tanh(z)", "1 - tanh(z)**2"),
    _w("tanh-grad-sigmoid-pattern", "tanh_grad", "t = tanh(z)\nreturn t * (1 - t)", "tanh_grad(0) should be 1"),
    _w("tanh-grad-exp-2z-overflows", "tanh_grad", "e = np.exp(2 * np.asarray(z, float))\nreturn 4 * e / (e + 1) ** 2", "overflow"),
    _w("tanh-grad-two-exp-quotient", "tanh_grad",
       "z = np.asarray(z, float)\nt = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))\nreturn 1 - t ** 2", "nan"),
    _w("relu-abs", "relu", "return np.abs(z)", "negative z gives 0"),
    _w("relu-min", "relu", "return np.minimum(0, z)", "max(0, z)"),
    _w("relu-in-place", "relu", "z[z < 0] = 0\nreturn z", "changed its input"),
    _w("relu-returns-mask", "relu", "return (np.asarray(z) > 0).astype(float)", "passes through unchanged"),
    _w("relu-grad-returns-relu", "relu_grad", "return np.maximum(0, z)", "not its value"),
    _w("relu-grad-inverted", "relu_grad", "return (np.asarray(z) < 0).astype(float)", "1 where z > 0"),
    _w("relu-grad-all-ones", "relu_grad", "return np.ones_like(np.asarray(z, float))", "0 where z < 0"),
    _w("leaky-default-0.1", "leaky_relu", "z = np.asarray(z, float)\nalpha = 0.1 if alpha == 0.01 else alpha\nreturn np.where(z > 0, z, alpha * z)", "default value of alpha", _LR),
    _w("leaky-alpha-on-positive-side", "leaky_relu", "z = np.asarray(z, float)\nreturn np.where(z > 0, alpha * z, z)", "which side", _LR),
    _w("leaky-ignores-alpha", "leaky_relu", "z = np.asarray(z, float)\nreturn np.where(z > 0, z, 0.01 * z)", "ignores its alpha", _LR),
    _w("leaky-in-place", "leaky_relu", "z[z < 0] *= alpha\nreturn z", "changed its input", _LR),
    _w("leaky-grad-zero-for-negative", "leaky_relu_grad", "return (np.asarray(z) > 0).astype(float)", "not 0", _LRG),
    _w("leaky-grad-alpha-times-z", "leaky_relu_grad", "z = np.asarray(z, float)\nreturn np.where(z > 0, 1.0, alpha * z)", "not alpha * z", _LRG),
    _w("leaky-grad-ignores-alpha", "leaky_relu_grad", "z = np.asarray(z, float)\nreturn np.where(z > 0, 1.0, 0.01)", "ignores its alpha", _LRG),
    _w("elu-no-minus-one", "elu", "z = np.asarray(z, float)\nreturn np.where(z > 0, z, alpha * np.exp(z))", "- 1", _E),
    _w("elu-alpha-on-positive-side", "elu", "z = np.asarray(z, float)\nreturn np.where(z > 0, alpha * z, np.exp(z) - 1)", "misplaces alpha", _E),
    _w("elu-ignores-alpha", "elu", "z = np.asarray(z, float)\nreturn np.where(z > 0, z, np.exp(z) - 1)", "ignores", _E),
    _w("elu-is-relu-on-left", "elu", "z = np.asarray(z, float)\nreturn np.maximum(z, 0) * 1.0", "e^z - 1", _E),
    _w("elu-grad-value-not-slope", "elu_grad", "z = np.asarray(z, float)\nreturn np.where(z > 0, 1.0, alpha * (np.exp(z) - 1))", "finite differences", _EG),
    _w("elu-grad-ignores-alpha", "elu_grad", "z = np.asarray(z, float)\nreturn np.where(z > 0, 1.0, np.exp(z))", "ignores alpha", _EG),
    _w("elu-grad-relu-grad", "elu_grad", "return (np.asarray(z) > 0).astype(float)", "alpha * e^z", _EG),
    _w("maxout-max-over-axis", "maxout", "return np.max(X @ W1 + b1, axis=1)", "not a max over an axis", _M),
    _w("maxout-sum", "maxout", "return (X @ W1 + b1) + (X @ W2 + b2)", "elementwise maximum", _M),
    _w("maxout-forgets-bias", "maxout", "return np.maximum(X @ W1, X @ W2)", "including both biases", _M),
    _w("swish-sign-flipped", "swish", "z = np.asarray(z, float)\nreturn z / (1 + np.exp(z))", "sign in the exponent"),
    _w("swish-is-sigmoid", "swish", "return sigmoid(z)", "swish(0)"),
    _w("swish-z-tanh", "swish", "z = np.asarray(z, float)\nreturn z * np.tanh(z)", "z * sigmoid(z)"),
    _w("swish-in-place", "swish", "z = np.asarray(z, float)\nz *= sigmoid(z)\nreturn z", "changed its input"),
    _w("swish-grad-no-product-rule", "swish_grad", "return sigmoid(z)", "product rule"),
    _w("swish-grad-only-second-term", "swish_grad", "z = np.asarray(z, float)\nreturn z * sigmoid_grad(z)", "0.5"),
    _w("swish-grad-forgets-one-minus-sigma", "swish_grad", "z = np.asarray(z, float)\nreturn sigmoid(z) + z * sigmoid(z)", "product rule"),
    _w("swish-grad-raw-exp-overflows", "swish_grad",
       "z = np.asarray(z, float)\ne = np.exp(-z)\nreturn 1 / (1 + e) + z * e / (1 + e) ** 2", "overflowed"),
    _w("maxout-stacked-wrong-axis", "maxout", "return np.max(np.stack([X @ W1 + b1, X @ W2 + b2]), axis=1)", "shape", _M),
]

RIGHT = [
    _r("sigmoid-tanh-form", "sigmoid", "return 0.5 * (1 + np.tanh(np.asarray(z, float) / 2))"),
    _r("sigmoid-plain-overflow-warns", "sigmoid", "return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))"),
    _r("sigmoid-grad-explicit-exp", "sigmoid_grad", "z = np.asarray(z, float)\nreturn np.exp(-z) / (1 + np.exp(-z)) ** 2"),
    _r("tanh-numpy", "tanh", "return np.tanh(z)"),
    _r("tanh-grad-cosh", "tanh_grad", "return 1 / np.cosh(np.asarray(z, float)) ** 2"),
    _r("relu-multiply-mask", "relu", "z = np.array(z, dtype=float)\nreturn z * (z > 0)"),
    _r("relu-grad-ge-zero", "relu_grad", "return np.where(np.asarray(z) >= 0, 1.0, 0.0)"),
    _r("leaky-lecture-max-form", "leaky_relu", "z = np.asarray(z, float)\nreturn np.maximum(alpha * z, z)", _LR),
    _r("leaky-grad-loop", "leaky_relu_grad",
       "z = np.asarray(z, float)\nout = np.empty_like(z)\nfor i, v in np.ndenumerate(z):\n    out[i] = 1.0 if v > 0 else alpha\nreturn out", _LRG),
    _r("elu-lecture-ge-convention", "elu", "z = np.asarray(z, float)\nreturn np.where(z >= 0, z, alpha * (np.exp(z) - 1))", _E),
    _r("elu-grad-from-value", "elu_grad", "z = np.asarray(z, float)\nreturn np.where(z > 0, 1.0, elu(z, alpha) + alpha)", _EG),
    _r("tanh-grad-cosh-form", "tanh_grad", "z = np.asarray(z, float)\nreturn 1 - np.tanh(z) ** 2"),
    _r("swish-plain-formula-warns", "swish", "z = np.asarray(z, dtype=float)\nreturn z / (1 + np.exp(-z))"),
    _r("swish-grad-from-swish", "swish_grad", "s = sigmoid(z)\nreturn swish(z) + s * (1 - swish(z))"),
    _r("maxout-loops", "maxout",
       "N, M = len(X), len(b1)\nout = np.zeros((N, M))\nfor i in range(N):\n    for k in range(M):\n"
       "        a = sum(X[i][j] * W1[j][k] for j in range(len(W1))) + b1[k]\n"
       "        b = sum(X[i][j] * W2[j][k] for j in range(len(W2))) + b2[k]\n"
       "        out[i, k] = max(a, b)\nreturn out", _M),
]

# Tampering with what the test cells use: each test cell builds its own inputs, reference values and
# finite-difference helper, so a student cell that redefines or edits them changes no verdict.
WRONG += [
    {"name": "tamper-redefines-slope", "cell": "sigmoid_grad",
     "code": ("def sigmoid_grad(z):\n    return np.full(np.shape(z), 0.25)\n\n"
              "def _slope(f, z, h=1e-6):   # would make any answer agree with the finite differences\n"
              "    return sigmoid_grad(z)\n"),
     "fails": ["test_sigmoid_grad"], "says": "finite differences"},
    {"name": "tamper-edits-test-inputs", "cell": "relu",
     "code": ("def relu(z):\n    return np.abs(np.asarray(z, float))\n\n"
              "try:   # make every test input positive, where abs and relu agree\n"
              "    Z_TEST[...] = np.abs(Z_TEST)\nexcept NameError:\n    pass\n"),
     "fails": ["test_relu"], "says": "negative z gives 0"},
]
