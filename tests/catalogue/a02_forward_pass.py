"""Wrong and right answers for assignment 02-forward-pass (format: AUTHORING.md, "catalogues").

Each WRONG entry is a mistake students really make; it must lose points on the tests in ``fails`` and the first
of those must say ``says``. Each RIGHT entry is written differently from the solution and keeps full marks.
"""

ASSIGNMENT = "02-forward-pass"

_SIG = "1.0 / (1.0 + np.exp(-{}))"

WRONG = [
    # dense_forward
    {"name": "dense-transposed-W", "cell": "dense_forward",
     "code": "def dense_forward(X, W, b):\n    return np.asarray(X) @ np.asarray(W).T + b\n",
     "fails": ["test_dense_forward"], "says": "transpose"},
    {"name": "dense-W-times-X", "cell": "dense_forward",
     "code": "def dense_forward(X, W, b):\n    return W @ X + b\n",
     "fails": ["test_dense_forward"], "says": "X @ W"},
    {"name": "dense-no-bias", "cell": "dense_forward",
     "code": "def dense_forward(X, W, b):\n    return np.asarray(X) @ np.asarray(W)\n",
     "fails": ["test_dense_forward"], "says": "bias"},
    {"name": "dense-bias-subtracted", "cell": "dense_forward",
     "code": "def dense_forward(X, W, b):\n    return np.asarray(X) @ np.asarray(W) - b\n",
     "fails": ["test_dense_forward"], "says": "bias"},
    {"name": "dense-elementwise", "cell": "dense_forward",
     "code": "def dense_forward(X, W, b):\n    return X * W + b\n",
     "fails": ["test_dense_forward"], "says": "X * W"},
    {"name": "dense-bias-in-place", "cell": "dense_forward",
     "code": "def dense_forward(X, W, b):\n    out = X @ W\n    out += b\n    b += 0.0 * b + 1.0\n    return out\n",
     "fails": ["test_dense_forward"], "says": "changed its input b"},
    # forward_apartment
    {"name": "apartment-sigmoid-on-output", "cell": "forward_apartment",
     "code": "def forward_apartment(X, params):\n"
             "    a1 = 1 / (1 + np.exp(-(X @ params['W1'] + params['b1'])))\n"
             "    z2 = a1 @ params['W2'] + params['b2']\n"
             "    return (1 / (1 + np.exp(-z2)))[:, 0]\n",
     "fails": ["test_forward_apartment"], "says": "identity"},
    {"name": "apartment-lecture-bias-twice", "cell": "forward_apartment",
     "code": "def forward_apartment(X, params):\n"
             "    # the garbled lecture formula: z3 = b + w3 f(z1) + b + w4 f(z2)\n"
             "    a1 = 1 / (1 + np.exp(-(X @ params['W1'] + params['b1'])))\n"
             "    W2, b2 = params['W2'][:, 0], params['b2'][0]\n"
             "    return b2 + W2[0] * a1[:, 0] + b2 + W2[1] * a1[:, 1]\n",
     "fails": ["test_forward_apartment"], "says": "b2 is added once"},
    {"name": "apartment-linear-hidden", "cell": "forward_apartment",
     "code": "def forward_apartment(X, params):\n"
             "    a1 = X @ params['W1'] + params['b1']\n"
             "    return (a1 @ params['W2'] + params['b2'])[:, 0]\n",
     "fails": ["test_forward_apartment"], "says": "sigmoid"},
    {"name": "apartment-relu-hidden", "cell": "forward_apartment",
     "code": "def forward_apartment(X, params):\n"
             "    a1 = np.maximum(0, X @ params['W1'] + params['b1'])\n"
             "    return (a1 @ params['W2'] + params['b2'])[:, 0]\n",
     "fails": ["test_forward_apartment"], "says": "sigmoid"},
    {"name": "apartment-keeps-column", "cell": "forward_apartment",
     "code": "def forward_apartment(X, params):\n"
             "    a1 = 1 / (1 + np.exp(-(X @ params['W1'] + params['b1'])))\n"
             "    return a1 @ params['W2'] + params['b2']\n",
     "fails": ["test_forward_apartment"], "says": "shape (N,)"},
    {"name": "apartment-W1-transposed", "cell": "forward_apartment",
     "code": "def forward_apartment(X, params):\n"
             "    a1 = 1 / (1 + np.exp(-(X @ params['W1'].T + params['b1'])))\n"
             "    return (a1 @ params['W2'] + params['b2'])[:, 0]\n",
     "fails": ["test_forward_apartment"], "says": "not X @ W1.T"},
    {"name": "apartment-global-params", "cell": "forward_apartment",
     "code": "def forward_apartment(X, params):\n"
             "    p = params_apt   # the book's weights instead of the argument\n"
             "    a1 = 1 / (1 + np.exp(-(X @ p['W1'] + p['b1'])))\n"
             "    return (a1 @ p['W2'] + p['b2'])[:, 0]\n",
     "fails": ["test_forward_apartment"], "says": "ignores its params argument"},
    {"name": "apartment-squeeze", "cell": "forward_apartment",
     "code": "def forward_apartment(X, params):\n"
             "    a1 = 1 / (1 + np.exp(-(X @ params['W1'] + params['b1'])))\n"
             "    return (a1 @ params['W2'] + params['b2']).squeeze()\n",
     "fails": ["test_forward_apartment"], "says": ".squeeze()"},
    # softmax
    {"name": "softmax-axis-0", "cell": "softmax",
     "code": "def softmax(z):\n    e = np.exp(z - np.max(z))\n    return e / e.sum(axis=0)\n",
     "fails": ["test_softmax"], "says": "axis=1"},
    {"name": "softmax-whole-array", "cell": "softmax",
     "code": "def softmax(z):\n    e = np.exp(z)\n    return e / e.sum()\n",
     "fails": ["test_softmax"], "says": "sum to 1"},
    {"name": "softmax-no-max-shift", "cell": "softmax",
     "code": "def softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=1, keepdims=True)\n",
     "fails": ["test_softmax"], "says": "overflows"},
    {"name": "softmax-global-max", "cell": "softmax",
     "code": "def softmax(z):\n    e = np.exp(z - np.max(z))\n    return e / e.sum(axis=1, keepdims=True)\n",
     "fails": ["test_softmax"], "says": "each row's max"},
    {"name": "softmax-in-place-shift", "cell": "softmax",
     "code": "def softmax(z):\n    z -= z.max(axis=1, keepdims=True)\n    e = np.exp(z)\n    return e / e.sum(axis=1, keepdims=True)\n",
     "fails": ["test_softmax"], "says": "changed its input"},
    {"name": "softmax-is-sigmoid", "cell": "softmax",
     "code": "def softmax(z):\n    return 1 / (1 + np.exp(-np.asarray(z)))\n",
     "fails": ["test_softmax"], "says": "sum to 1"},
    {"name": "softmax-min-shift", "cell": "softmax",
     "code": "def softmax(z):\n    z = np.asarray(z, float)\n    e = np.exp(z - z.min(axis=1, keepdims=True))\n    return e / e.sum(axis=1, keepdims=True)\n",
     "fails": ["test_softmax"], "says": "row minimum"},
    {"name": "softmax-mean-shift", "cell": "softmax",
     "code": "def softmax(z):\n    z = np.asarray(z, float)\n    e = np.exp(z - z.mean(axis=1, keepdims=True))\n    return e / e.sum(axis=1, keepdims=True)\n",
     "fails": ["test_softmax"], "says": "(or the mean)"},
    # forward_lung_cancer
    {"name": "lung-sigmoid-output", "cell": "forward_lung_cancer",
     "code": "def forward_lung_cancer(X, params):\n"
             "    a1 = 1 / (1 + np.exp(-(X @ params['W1'] + params['b1'])))\n"
             "    return 1 / (1 + np.exp(-(a1 @ params['W2'] + params['b2'])))\n",
     "fails": ["test_forward_lung_cancer"], "says": "apply softmax"},
    {"name": "lung-columns-swapped", "cell": "forward_lung_cancer",
     "code": "def forward_lung_cancer(X, params):\n"
             "    a1 = 1 / (1 + np.exp(-(X @ params['W1'] + params['b1'])))\n"
             "    P = softmax(a1 @ params['W2'] + params['b2'])\n"
             "    return P[:, ::-1]\n",
     "fails": ["test_forward_lung_cancer"], "says": "column order"},
    {"name": "lung-linear-hidden", "cell": "forward_lung_cancer",
     "code": "def forward_lung_cancer(X, params):\n"
             "    a1 = X @ params['W1'] + params['b1']\n"
             "    return softmax(a1 @ params['W2'] + params['b2'])\n",
     "fails": ["test_forward_lung_cancer"], "says": "sigmoid"},
    {"name": "lung-only-p1", "cell": "forward_lung_cancer",
     "code": "def forward_lung_cancer(X, params):\n"
             "    a1 = 1 / (1 + np.exp(-(X @ params['W1'] + params['b1'])))\n"
             "    return softmax(a1 @ params['W2'] + params['b2'])[:, 1]\n",
     "fails": ["test_forward_lung_cancer"], "says": "one column per class"},
    # predict_class
    {"name": "predict-axis-0", "cell": "predict_class",
     "code": "def predict_class(P):\n    return np.argmax(P, axis=0)\n",
     "fails": ["test_predict_class"], "says": "axis=1"},
    {"name": "predict-returns-max-probability", "cell": "predict_class",
     "code": "def predict_class(P):\n    return np.max(P, axis=1)\n",
     "fails": ["test_predict_class"], "says": "not probabilities"},
    {"name": "predict-threshold-p0", "cell": "predict_class",
     "code": "def predict_class(P):\n    return (np.asarray(P)[:, 0] > 0.5).astype(int)\n",
     "fails": ["test_predict_class"], "says": "largest probability"},
    {"name": "predict-flat-argmax", "cell": "predict_class",
     "code": "def predict_class(P):\n    return np.argmax(P)\n",
     "fails": ["test_predict_class"], "says": "shape"},
    {"name": "predict-float-classes", "cell": "predict_class",
     "code": "def predict_class(P):\n    return np.argmax(P, axis=1).astype(float)\n",
     "fails": ["test_predict_class"], "says": "return integers"},
    {"name": "predict-bool-two-classes", "cell": "predict_class",
     "code": "def predict_class(P):\n    P = np.asarray(P)\n    return P[:, 1] > P[:, 0]\n",
     "fails": ["test_predict_class"], "says": "True/False"},
    # forward_mlp
    {"name": "mlp-sigmoid-on-output", "cell": "forward_mlp",
     "code": "def forward_mlp(X, params):\n    a = X\n    for l in range(1, len(params) // 2 + 1):\n"
             "        a = 1 / (1 + np.exp(-(a @ params[f'W{l}'] + params[f'b{l}'])))\n    return a\n",
     "fails": ["test_forward_mlp"], "says": "none on the output"},
    {"name": "mlp-two-layers-only", "cell": "forward_mlp",
     "code": "def forward_mlp(X, params):\n    a1 = 1 / (1 + np.exp(-(X @ params['W1'] + params['b1'])))\n"
             "    return a1 @ params['W2'] + params['b2']\n",
     "fails": ["test_forward_mlp"], "says": "one layer (M = 1)"},
    {"name": "mlp-M-is-len-params", "cell": "forward_mlp",
     "code": "def forward_mlp(X, params):\n    M = len(params)\n    a = X\n    for l in range(1, M + 1):\n"
             "        z = a @ params[f'W{l}'] + params[f'b{l}']\n        a = z if l == M else 1 / (1 + np.exp(-z))\n    return a\n",
     "fails": ["test_forward_mlp"], "says": "len(params) // 2"},
    {"name": "mlp-first-layer-always-sigmoid", "cell": "forward_mlp",
     "code": "def forward_mlp(X, params):\n    M = len(params) // 2\n"
             "    a = 1 / (1 + np.exp(-(X @ params['W1'] + params['b1'])))\n"
             "    for l in range(2, M + 1):\n        z = a @ params[f'W{l}'] + params[f'b{l}']\n"
             "        a = z if l == M else 1 / (1 + np.exp(-z))\n    return a\n",
     "fails": ["test_forward_mlp"], "says": "M = 1"},
    {"name": "mlp-sorted-key-strings", "cell": "forward_mlp",
     "code": "def forward_mlp(X, params):\n    Ws = sorted(k for k in params if k.startswith('W'))\n    a = X\n"
             "    for i, name in enumerate(Ws):\n        z = a @ params[name] + params['b' + name[1:]]\n"
             "        a = z if i == len(Ws) - 1 else 1 / (1 + np.exp(-z))\n    return a\n",
     "fails": ["test_forward_mlp"], "says": "W10"},
    {"name": "mlp-drops-column", "cell": "forward_mlp",
     "code": "def forward_mlp(X, params):\n    M = len(params) // 2\n    a = X\n    for l in range(1, M + 1):\n"
             "        z = a @ params[f'W{l}'] + params[f'b{l}']\n        a = z if l == M else 1 / (1 + np.exp(-z))\n    return a.squeeze()\n",
     "fails": ["test_forward_mlp"], "says": "keep the column axis"},
]

RIGHT = [
    {"name": "dense-loops", "cell": "dense_forward",
     "code": "def dense_forward(X, W, b):\n"
             "    N, n_in = len(X), len(W)\n"
             "    n_out = len(b)\n"
             "    z = np.zeros((N, n_out))\n"
             "    for i in range(N):\n"
             "        for k in range(n_out):\n"
             "            z[i, k] = b[k] + sum(X[i][j] * W[j][k] for j in range(n_in))\n"
             "    return z\n"},
    {"name": "dense-einsum-list-inputs", "cell": "dense_forward",
     "code": "def dense_forward(X, W, b):\n    return np.einsum('ij,jk->ik', np.array(X, float), np.array(W, float)) + np.array(b, float)[None, :]\n"},
    {"name": "apartment-lecture-node-by-node", "cell": "forward_apartment",
     "code": "def forward_apartment(X, params):\n"
             "    W1, b1, W2, b2 = params['W1'], params['b1'], params['W2'], params['b2']\n"
             "    f = lambda z: 1 / (1 + np.exp(-z))\n"
             "    out = []\n"
             "    for x1, x2 in X:\n"
             "        h1 = W1[0, 0] * x1 + W1[1, 0] * x2 + b1[0]\n"
             "        h2 = W1[0, 1] * x1 + W1[1, 1] * x2 + b1[1]\n"
             "        out.append(W2[0, 0] * f(h1) + W2[1, 0] * f(h2) + b2[0])\n"
             "    return np.array(out)\n"},
    {"name": "apartment-tanh-form-sigmoid", "cell": "forward_apartment",
     "code": "def forward_apartment(X, params):\n"
             "    a1 = 0.5 * (1 + np.tanh(0.5 * (X @ params['W1'] + params['b1'])))\n"
             "    return (a1 @ params['W2']).ravel() + params['b2']\n"},
    {"name": "softmax-logsumexp", "cell": "softmax",
     "code": "def softmax(z):\n"
             "    z = np.array(z, dtype=float)\n"
             "    m = z.max(axis=1, keepdims=True)\n"
             "    lse = m + np.log(np.exp(z - m).sum(axis=1, keepdims=True))\n"
             "    return np.exp(z - lse)\n"},
    {"name": "softmax-row-loop", "cell": "softmax",
     "code": "def softmax(z):\n"
             "    rows = []\n"
             "    for row in z:\n"
             "        e = [np.exp(v - max(row)) for v in row]\n"
             "        rows.append([v / sum(e) for v in e])\n"
             "    return rows\n"},
    {"name": "lung-two-class-sigmoid-trick", "cell": "forward_lung_cancer",
     "code": "def forward_lung_cancer(X, params):\n"
             "    # for two classes softmax(z)[:, 1] = sigmoid(z1 - z0)\n"
             "    a1 = 1 / (1 + np.exp(-(X @ params['W1'] + params['b1'])))\n"
             "    z = a1 @ params['W2'] + params['b2']\n"
             "    p1 = 1 / (1 + np.exp(-(z[:, 1] - z[:, 0])))\n"
             "    return np.column_stack([1 - p1, p1])\n"},
    {"name": "predict-loop", "cell": "predict_class",
     "code": "def predict_class(P):\n"
             "    out = []\n"
             "    for row in P:\n"
             "        row = list(row)\n"
             "        out.append(row.index(max(row)))\n"
             "    return out\n"},
    {"name": "predict-int32", "cell": "predict_class",
     "code": "def predict_class(P):\n    return np.asarray(P).argmax(axis=1).astype(np.int32)\n"},
    {"name": "apartment-ravel", "cell": "forward_apartment",
     "code": "def forward_apartment(X, params):\n"
             "    a1 = 1 / (1 + np.exp(-dense_forward(X, params['W1'], params['b1'])))\n"
             "    return dense_forward(a1, params['W2'], params['b2']).ravel()\n"},
    {"name": "mlp-numeric-key-order-no-helper", "cell": "forward_mlp",
     "code": "def forward_mlp(X, params):\n"
             "    layers = sorted((int(k[1:]), params[k], params['b' + k[1:]]) for k in params if k[0] == 'W')\n"
             "    a = np.array(X, dtype=float)\n"
             "    for l, W, b in layers:\n"
             "        z = a @ W + b\n"
             "        a = z if l == len(layers) else 0.5 * (1 + np.tanh(z / 2))\n"
             "    return a\n"},
    {"name": "mlp-while-loop", "cell": "forward_mlp",
     "code": "def forward_mlp(X, params):\n    a, l = np.asarray(X, float), 1\n"
             "    while f'W{l}' in params:\n        a = dense_forward(a, params[f'W{l}'], params[f'b{l}'])\n"
             "        if f'W{l + 1}' in params:\n            a = 1 / (1 + np.exp(-a))\n        l += 1\n    return a\n"},
]
