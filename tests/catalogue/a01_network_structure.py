"""Wrong and right answers for assignment 01-network-structure (format: AUTHORING.md, "catalogues")."""

ASSIGNMENT = "01-network-structure"

_XOR_HEAD = "def xor_network(X):\n    X = np.asarray(X, dtype=float)\n"

WRONG = [
    # count_parameters
    {"name": "count-no-biases", "cell": "count_parameters",
     "code": "def count_parameters(layer_sizes):\n"
             "    return sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))\n",
     "fails": ["test_count_parameters"], "says": "1 bias"},
    {"name": "count-bias-on-input-side", "cell": "count_parameters",
     "code": "def count_parameters(layer_sizes):\n"
             "    return sum(a * b + a for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))\n",
     "fails": ["test_count_parameters"], "says": "bias"},
    {"name": "count-bias-for-every-node-incl-input", "cell": "count_parameters",
     "code": "def count_parameters(layer_sizes):\n"
             "    weights = sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))\n"
             "    return weights + sum(layer_sizes)\n",
     "fails": ["test_count_parameters"], "says": "the bias belongs to the receiving node"},
    {"name": "count-product-of-sizes", "cell": "count_parameters",
     "code": "def count_parameters(layer_sizes):\n"
             "    return int(np.prod(layer_sizes)) + sum(layer_sizes[1:])\n",
     "fails": ["test_count_parameters"], "says": "every pair of consecutive layers"},
    {"name": "count-off-by-one-loop", "cell": "count_parameters",
     "code": "def count_parameters(layer_sizes):\n"
             "    total = 0\n"
             "    for i in range(len(layer_sizes) - 2):\n"
             "        total += layer_sizes[i] * layer_sizes[i + 1] + layer_sizes[i + 1]\n"
             "    return total\n",
     "fails": ["test_count_parameters"], "says": "4 parameters"},
    {"name": "count-returns-float", "cell": "count_parameters",
     "code": "def count_parameters(layer_sizes):\n"
             "    s = np.asarray(layer_sizes, dtype=float)\n"
             "    return np.sum(s[:-1] * s[1:] + s[1:])\n",
     "fails": ["test_count_parameters"], "says": "should return an int"},
    # layer_shapes
    {"name": "shapes-W-transposed", "cell": "layer_shapes",
     "code": "def layer_shapes(layer_sizes):\n"
             "    return [((b, a), (b,)) for a, b in zip(layer_sizes[:-1], layer_sizes[1:])]\n",
     "fails": ["test_layer_shapes"], "says": "(n_in, n_out)"},
    {"name": "shapes-bias-of-input-size", "cell": "layer_shapes",
     "code": "def layer_shapes(layer_sizes):\n"
             "    return [((a, b), (a,)) for a, b in zip(layer_sizes[:-1], layer_sizes[1:])]\n",
     "fails": ["test_layer_shapes"], "says": "(n_out,)"},
    {"name": "shapes-bias-row-vector", "cell": "layer_shapes",
     "code": "def layer_shapes(layer_sizes):\n"
             "    return [((a, b), (1, b)) for a, b in zip(layer_sizes[:-1], layer_sizes[1:])]\n",
     "fails": ["test_layer_shapes"], "says": "1-D vector"},
    {"name": "shapes-one-entry-per-node-layer", "cell": "layer_shapes",
     "code": "def layer_shapes(layer_sizes):\n"
             "    out = []\n"
             "    for i in range(len(layer_sizes)):\n"
             "        n_in = layer_sizes[i - 1] if i > 0 else layer_sizes[0]\n"
             "        out.append(((n_in, layer_sizes[i]), (layer_sizes[i],)))\n"
             "    return out\n",
     "fails": ["test_layer_shapes"], "says": "one entry per layer"},
    {"name": "shapes-bias-int-not-tuple", "cell": "layer_shapes",
     "code": "def layer_shapes(layer_sizes):\n"
             "    return [((a, b), (b)) for a, b in zip(layer_sizes[:-1], layer_sizes[1:])]\n",
     "fails": ["test_layer_shapes"], "says": "without a comma"},
    # perceptron
    {"name": "perceptron-bias-subtracted", "cell": "perceptron",
     "code": "def perceptron(x, w, b):\n    return (np.asarray(x) @ w - b > 0).astype(int)\n",
     "fails": ["test_perceptron"], "says": "sign of b"},
    {"name": "perceptron-no-step", "cell": "perceptron",
     "code": "def perceptron(x, w, b):\n    return np.asarray(x) @ w + b\n",
     "fails": ["test_perceptron"], "says": "0 or 1"},
    {"name": "perceptron-sign-output", "cell": "perceptron",
     "code": "def perceptron(x, w, b):\n    return np.sign(np.asarray(x) @ w + b)\n",
     "fails": ["test_perceptron"], "says": "0 or 1"},
    {"name": "perceptron-sigmoid", "cell": "perceptron",
     "code": "def perceptron(x, w, b):\n    return 1 / (1 + np.exp(-(np.asarray(x) @ w + b)))\n",
     "fails": ["test_perceptron"], "says": "step"},
    {"name": "perceptron-inverted-step", "cell": "perceptron",
     "code": "def perceptron(x, w, b):\n    return (np.asarray(x) @ w + b < 0).astype(int)\n",
     "fails": ["test_perceptron"], "says": "should be 0"},
    {"name": "perceptron-elementwise", "cell": "perceptron",
     "code": "def perceptron(x, w, b):\n    return (np.asarray(x) * w + b > 0).astype(int)\n",
     "fails": ["test_perceptron"], "says": "shape (N,)"},
    {"name": "perceptron-step-of-zero-is-one", "cell": "perceptron",
     "code": "def perceptron(x, w, b):\n    return (np.asarray(x, dtype=float) @ w + b >= 0).astype(int)\n",
     "fails": ["test_perceptron"], "says": "step(0) = 0"},
    {"name": "perceptron-ge-and-loop", "cell": "perceptron",
     "code": "def perceptron(x, w, b):\n"
             "    x = np.asarray(x, dtype=float)\n"
             "    if x.ndim == 1:\n"
             "        return 1 if sum(xi * wi for xi, wi in zip(x, w)) + b >= 0 else 0\n"
             "    return np.array([1 if sum(xi * wi for xi, wi in zip(row, w)) + b >= 0 else 0 for row in x])\n",
     "fails": ["test_perceptron"], "says": "not z >= 0"},
    {"name": "perceptron-in-place", "cell": "perceptron",
     "code": "def perceptron(x, w, b):\n"
             "    x = np.asarray(x, dtype=float)\n"
             "    x *= w\n"
             "    return (x.sum(axis=-1) + b > 0).astype(int)\n",
     "fails": ["test_perceptron"], "says": "changed its input x"},
    {"name": "perceptron-two-inputs-only", "cell": "perceptron",
     "code": "def perceptron(x, w, b):\n"
             "    x = np.asarray(x, dtype=float)\n"
             "    return (x[..., 0] * w[0] + x[..., 1] * w[1] + b > 0).astype(int)\n",
     "fails": ["test_perceptron"], "says": "any number D of inputs"},
    # xor_network
    {"name": "xor-single-or-perceptron", "cell": "xor_network",
     "code": _XOR_HEAD + "    return perceptron(X, np.array([1.0, 1.0]), -0.5)\n",
     "fails": ["test_xor_network"], "says": "not OR or AND"},
    {"name": "xor-exact-comparison", "cell": "xor_network",
     "code": _XOR_HEAD + "    return (X[:, 0] != X[:, 1]).astype(int)\n",
     "fails": ["test_xor_network"], "says": "noisy"},
    {"name": "xor-output-not-thresholded", "cell": "xor_network",
     "code": _XOR_HEAD + "    h_or = perceptron(X, np.array([1.0, 1.0]), -0.5)\n"
             "    h_and = perceptron(X, np.array([1.0, 1.0]), -1.5)\n"
             "    return h_or + h_and\n",
     "fails": ["test_xor_network"], "says": "0 or 1"},
    {"name": "xor-and-instead-of-and-not", "cell": "xor_network",
     "code": _XOR_HEAD + "    h_or = perceptron(X, np.array([1.0, 1.0]), -0.5)\n"
             "    h_and = perceptron(X, np.array([1.0, 1.0]), -1.5)\n"
             "    return perceptron(np.column_stack([h_or, h_and]), np.array([1.0, 1.0]), -1.5)\n",
     "fails": ["test_xor_network"], "says": "XOR"},
    {"name": "xor-threshold-on-corner", "cell": "xor_network",
     "code": _XOR_HEAD + "    h_or = perceptron(X, np.array([1.0, 1.0]), 0.0)\n"
             "    h_and = perceptron(X, np.array([1.0, 1.0]), -2.0)\n"
             "    return perceptron(np.column_stack([h_or, h_and]), np.array([1.0, -1.0]), -0.5)\n",
     "fails": ["test_xor_network"], "says": "XOR"},
    {"name": "xor-thresholds-fit-visible-only", "cell": "xor_network",
     "code": _XOR_HEAD + "    s = X[:, 0] + X[:, 1]\n"
             "    h_or = (s > 0.9).astype(int)     # just below the visible 0.95\n"
             "    h_and = (s > 1.65).astype(int)   # just below the visible 1.7\n"
             "    return ((h_or - h_and) > 0.5).astype(int)\n",
     "fails": ["test_xor_network"], "says": "halfway between the corners"},
    {"name": "xor-calls-buggy-perceptron",
     "cells": {"perceptron": "def perceptron(x, w, b):\n    return (np.asarray(x) @ w - b > 0).astype(int)\n",
               "xor_network": _XOR_HEAD + "    h_or = perceptron(X, np.array([1.0, 1.0]), -0.5)\n"
                              "    h_and = perceptron(X, np.array([1.0, 1.0]), -1.5)\n"
                              "    return perceptron(np.column_stack([h_or, h_and]), np.array([1.0, -1.0]), -0.5)\n"},
     "fails": ["test_xor_network", "test_perceptron"], "says": "fix perceptron first"},
    # parity_weights
    {"name": "parity-two-input-xor", "cell": "parity_weights",
     "code": "def parity_weights():\n"
             "    return np.ones((2, 2)), np.array([-0.5, -1.5]), np.array([1.0, -1.0]), -0.5\n",
     "fails": ["test_parity_weights"], "says": "three inputs"},
    {"name": "parity-adds-hidden-features", "cell": "parity_weights",
     "code": "def parity_weights():\n"
             "    return np.ones((3, 3)), np.array([-0.5, -1.5, -2.5]), np.array([1.0, 1.0, 1.0]), -0.5\n",
     "fails": ["test_parity_weights"], "says": "alternating their signs"},
    {"name": "parity-thresholds-on-the-counts", "cell": "parity_weights",
     "code": "def parity_weights():\n"
             "    return np.ones((3, 3)), np.array([-1.0, -2.0, -3.0]), np.array([1.0, -1.0, 1.0]), -0.5\n",
     "fails": ["test_parity_weights"], "says": "odd number of inputs"},
    {"name": "parity-no-margin", "cell": "parity_weights",
     "code": "def parity_weights():\n"
             "    return np.ones((3, 3)), np.array([-0.9, -1.9, -2.9]), np.array([1.0, -1.0, 1.0]), -0.5\n",
     "fails": ["test_parity_weights"], "says": "within 0.15"},
    {"name": "parity-ignores-x3", "cell": "parity_weights",
     "code": "def parity_weights():\n"
             "    W1 = np.array([[1.0, 1.0], [1.0, 1.0], [0.0, 0.0]])\n"
             "    return W1, np.array([-0.5, -1.5]), np.array([1.0, -1.0]), -0.5\n",
     "fails": ["test_parity_weights"], "says": "odd number of inputs"},
]

RIGHT = [
    {"name": "count-loop-with-shapes", "cell": "count_parameters",
     "code": "def count_parameters(layer_sizes):\n"
             "    total = 0\n"
             "    for i in range(1, len(layer_sizes)):\n"
             "        W = np.zeros((layer_sizes[i - 1], layer_sizes[i]))\n"
             "        b = np.zeros(layer_sizes[i])\n"
             "        total += W.size + b.size\n"
             "    return total\n"},
    {"name": "count-factored-form", "cell": "count_parameters",
     "code": "def count_parameters(layer_sizes):\n"
             "    s = list(layer_sizes)\n"
             "    return int(sum((a + 1) * b for a, b in zip(s, s[1:])))  # the bias node as an extra input\n"},
    {"name": "count-numpy-int", "cell": "count_parameters",
     "code": "def count_parameters(layer_sizes):\n"
             "    s = np.array(layer_sizes)\n"
             "    return np.sum(s[:-1] * s[1:] + s[1:])   # a numpy integer is an int too\n"},
    {"name": "shapes-loop-lists", "cell": "layer_shapes",
     "code": "def layer_shapes(layer_sizes):\n"
             "    out = []\n"
             "    for i in range(len(layer_sizes) - 1):\n"
             "        out.append([[layer_sizes[i], layer_sizes[i + 1]], [layer_sizes[i + 1]]])\n"
             "    return out\n"},
    {"name": "perceptron-loop", "cell": "perceptron",
     "code": "def perceptron(x, w, b):\n"
             "    x = np.asarray(x, dtype=float)\n"
             "    if x.ndim == 1:\n"
             "        return 1 if sum(xi * wi for xi, wi in zip(x, w)) + b > 0 else 0\n"
             "    return np.array([1 if sum(xi * wi for xi, wi in zip(row, w)) + b > 0 else 0 for row in x])\n"},
    {"name": "perceptron-heaviside-float", "cell": "perceptron",
     "code": "def perceptron(x, w, b):\n    return np.heaviside(np.dot(x, w) + b, 0.0)\n"},
    {"name": "xor-nand-or-and", "cell": "xor_network",
     "code": _XOR_HEAD + "    h_or = perceptron(X, np.array([1.0, 1.0]), -0.5)\n"
             "    h_nand = perceptron(X, np.array([-1.0, -1.0]), 1.5)\n"
             "    return perceptron(np.column_stack([h_or, h_nand]), np.array([1.0, 1.0]), -1.5)\n"},
    {"name": "xor-own-step-matrices", "cell": "xor_network",
     "code": _XOR_HEAD + "    W1 = np.array([[1.0, 1.0], [1.0, 1.0]]); b1 = np.array([-0.5, -1.5])\n"
             "    H = (X @ W1 + b1 > 0).astype(float)\n"
             "    return (H @ np.array([2.0, -4.0]) - 1.0 > 0).astype(int)\n"},
    {"name": "xor-book-construction-with-perceptron", "cell": "xor_network",
     "code": _XOR_HEAD + "    h_or = perceptron(X, np.array([1.0, 1.0]), -0.5)\n"
             "    h_and = perceptron(X, np.array([1.0, 1.0]), -1.5)\n"
             "    return perceptron(np.column_stack([h_or, h_and]), np.array([1.0, -1.0]), -0.5)\n"},
    {"name": "parity-scaled-column-output", "cell": "parity_weights",
     "code": "def parity_weights():\n"
             "    W1 = 10 * np.ones((3, 3)); b1 = 10 * np.array([-0.5, -1.5, -2.5])\n"
             "    return W1, b1, np.array([[2.0], [-2.0], [2.0]]), np.array([-1.0])\n"},
    {"name": "parity-exact-count-detectors", "cell": "parity_weights",
     "code": "def parity_weights():\n"
             "    # h1: count >= 1, h2: count >= 2, h3: count >= 3, h4: count >= 2 again (harmless duplicate)\n"
             "    W1 = np.ones((3, 4)); b1 = np.array([-0.5, -1.5, -2.5, -1.5])\n"
             "    return W1, b1, np.array([1.0, -0.5, 1.0, -0.5]), -0.5\n"},
]
