"""Wrong and right answers for assignment 09-capstone (format: AUTHORING.md).

The model is a one-hidden-layer ReLU network trained with Adam on shift-augmented, standardised digits, written as
a small class (unlike the solution's closure). The WRONG entries change one thing each: predictions made on unscaled
images, a single epoch without augmentation, dropout left on when predicting, probabilities returned instead of
labels, the training images scaled in place, predict standardising with the batch's own statistics, weights kept in
notebook globals, rng ignored, shuffling from np.random, training on the notebook's own data instead of the
arguments, a training slower than the 60 s a call may take; and two cheats: the notebook's validation labels rebound
so that a constant model looks right, and a "model" that looks the images up in all 1,797 digits (the grading
sandbox cannot load the held-out ones). The RIGHT entries include the suggested recipe without augmentation (it must
keep full marks: pooled held-out accuracy 0.968 at the grader's seeds, top band 0.96) and a compliant model that takes
20 s per training on the full course part.
"""

ASSIGNMENT = "09-capstone"

_TEMPLATE = '''
class _Net:
    """One hidden ReLU layer, softmax output; Adam; standardisation fitted on the training images."""

    def __init__(self, rng, hidden=HIDDEN, lr=LR, epochs=EPOCHS, augment=AUGMENT, p_predict=P_PREDICT):
        self.rng, self.hidden, self.lr, self.epochs = rng, hidden, lr, epochs
        self.augment, self.p_predict = augment, p_predict

    @staticmethod
    def _shift(X, dx, dy):
        img = np.roll(X.reshape(-1, 8, 8), (dy, dx), axis=(1, 2))
        if dy == 1: img[:, 0, :] = 0
        if dy == -1: img[:, -1, :] = 0
        if dx == 1: img[:, :, 0] = 0
        if dx == -1: img[:, :, -1] = 0
        return img.reshape(len(X), 64)

    def _hidden(self, X):
        return np.maximum(((X - self.mu) / self.sd) @ self.W1 + self.b1, 0.0)

    def fit(self, X, y):
        SCALE_LINE
        if self.augment:
            X = np.vstack([X] + [self._shift(X, dx, dy) for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))])
            y = np.concatenate([y] * 5)
        self.mu, self.sd = X.mean(axis=0), X.std(axis=0) + 1.0
        r = self.rng
        self.W1 = r.standard_normal((64, self.hidden)) * np.sqrt(2 / 64); self.b1 = np.zeros(self.hidden)
        self.W2 = r.standard_normal((self.hidden, 10)) * np.sqrt(2 / self.hidden); self.b2 = np.zeros(10)
        names = ("W1", "b1", "W2", "b2")
        m = [np.zeros_like(getattr(self, k)) for k in names]
        v = [np.zeros_like(getattr(self, k)) for k in names]
        Y = np.zeros((len(y), 10)); Y[np.arange(len(y)), y] = 1.0
        step = 0
        SLOW_LINE
        for _ in range(self.epochs):
            perm = PERM_LINE
            for i in range(0, len(X), BATCH):
                b = perm[i:i + BATCH]
                h = self._hidden(X[b])
                z = h @ self.W2 + self.b2
                e = np.exp(z - z.max(axis=1, keepdims=True))
                dz = (e / e.sum(axis=1, keepdims=True) - Y[b]) / len(b)
                dh = (dz @ self.W2.T) * (h > 0)
                xs = (X[b] - self.mu) / self.sd
                grads = (xs.T @ dh + LAM * self.W1, dh.sum(axis=0), h.T @ dz + LAM * self.W2, dz.sum(axis=0))
                step += 1
                for j, k in enumerate(names):
                    m[j] = 0.9 * m[j] + 0.1 * grads[j]
                    v[j] = 0.999 * v[j] + 0.001 * grads[j] ** 2
                    upd = self.lr * (m[j] / (1 - 0.9 ** step)) / (np.sqrt(v[j] / (1 - 0.999 ** step)) + 1e-8)
                    setattr(self, k, getattr(self, k) - upd)
        return self

    def scores(self, X):
        h = self._hidden(np.asarray(X, dtype=float))
        if self.p_predict:
            h = h * (self.rng.random(h.shape) >= self.p_predict) / (1 - self.p_predict)
        return h @ self.W2 + self.b2

    def predict(self, X):
        PREDICT_LINE


def train_digits(X_train, y_train, rng):
    return _Net(rng).fit(X_train, np.asarray(y_train).astype(int))
'''

_DEFAULTS = {"HIDDEN": "256", "LR": "1e-3", "EPOCHS": "15", "AUGMENT": "True", "P_PREDICT": "0.0",
             "SCALE_LINE": "X = np.array(X, dtype=float)", "PERM_LINE": "r.permutation(len(X))", "BATCH": "64",
             "LAM": "2e-4", "SLOW_LINE": "pass",
             "PREDICT_LINE": "return self.scores(X).argmax(axis=1)"}
_TRAIN = "def train_digits(X_train, y_train, rng):\n    return _Net(rng).fit(X_train, np.asarray(y_train).astype(int))\n"


def _model(**changes):
    code = _TEMPLATE
    for key, value in {**_DEFAULTS, **changes}.items():
        code = code.replace(key, value)
    return code.lstrip("\n")


WRONG = [
    {"name": "predict-forgets-scaling", "cell": "train_digits",
     "code": _model(PREDICT_LINE="h = np.maximum(np.asarray(X, dtype=float) @ self.W1 + self.b1, 0.0); "
                                 "return (h @ self.W2 + self.b2).argmax(axis=1)"),
     "fails": ["test_train_digits_accuracy", "test_train_digits_heldout"], "says": "the goal is at least 0.95"},
    {"name": "one-epoch-no-augmentation", "cell": "train_digits", "code": _model(EPOCHS="1", AUGMENT="False"),
     "fails": ["test_train_digits_accuracy", "test_train_digits_heldout"], "says": "the goal is at least 0.95"},
    {"name": "dropout-left-on-at-prediction", "cell": "train_digits", "code": _model(P_PREDICT="0.2"),
     "fails": ["test_train_digits_behaviour"], "says": "predicting the same images twice"},
    {"name": "predict-returns-probabilities", "cell": "train_digits",
     "code": _model(PREDICT_LINE="s = self.scores(X); e = np.exp(s - s.max(axis=1, keepdims=True)); "
                                 "return e / e.sum(axis=1, keepdims=True)"),
     "fails": ["test_train_digits_api"], "says": "shape"},
    {"name": "scales-training-images-in-place", "cell": "train_digits",
     "code": _model(SCALE_LINE="X /= 16.0; X = X * 16.0"),
     "fails": ["test_train_digits_api"], "says": "in place"},
    # predict standardises with the statistics of the images it is given: fine for a large batch, but one image
    # alone becomes all zeros (every image alone gets the same label)
    {"name": "predict-scales-with-the-batch-statistics", "cell": "train_digits",
     "code": _model(PREDICT_LINE="Xb = np.asarray(X, dtype=float); "
                                 "h = np.maximum(((Xb - Xb.mean(axis=0)) / (Xb.std(axis=0) + 1.0)) @ self.W1 "
                                 "+ self.b1, 0.0); return (h @ self.W2 + self.b2).argmax(axis=1)"),
     "fails": ["test_train_digits_behaviour"], "says": "predicted alone"},
    {"name": "weights-in-notebook-globals", "cell": "train_digits",
     "code": _model().replace(_TRAIN,
                              "def _predict(X):\n"
                              "    h = np.maximum(((np.asarray(X, dtype=float) - mu) / sd) @ W1 + b1, 0.0)\n"
                              "    return (h @ W2 + b2).argmax(axis=1)\n\n\n"
                              "def train_digits(X_train, y_train, rng):\n"
                              "    global W1, b1, W2, b2, mu, sd\n"
                              "    import types\n"
                              "    net = _Net(rng).fit(X_train, np.asarray(y_train).astype(int))\n"
                              "    W1, b1, W2, b2, mu, sd = net.W1, net.b1, net.W2, net.b2, net.mu, net.sd\n"
                              "    return types.SimpleNamespace(predict=_predict)\n"),
     "fails": ["test_train_digits_behaviour"], "says": "changed the predictions of the first"},
    {"name": "ignores-rng", "cell": "train_digits",
     "code": _model().replace("return _Net(rng).fit(", "return _Net(np.random.default_rng(0)).fit("),
     "fails": ["test_train_digits_behaviour"], "says": "never drew a number from rng"},
    {"name": "shuffles-with-np-random", "cell": "train_digits",
     "code": _model(PERM_LINE="np.random.permutation(len(X))"),
     "fails": ["test_train_digits_behaviour"], "says": "same seed gave different models"},
    # trains on the notebook's own X_train/X_val (the course part) whatever it is given: it gains nothing on the
    # held-out digits, and a model trained on other labels shows that it does not learn from its arguments
    {"name": "trains-on-the-notebook-data", "cell": "train_digits",
     "code": _model().replace(_TRAIN,
                              "def train_digits(X, y, rng):\n"
                              "    return _Net(rng).fit(np.vstack([X_train, X_val]),\n"
                              "                         np.concatenate([y_train, y_val]).astype(int))\n"),
     "fails": ["test_train_digits_behaviour"], "says": "learn from the x_train and y_train it is given"},
    {"name": "slower-than-a-call-may-take", "cell": "train_digits",
     "code": _model(SLOW_LINE="if len(X) > 7000: import time; time.sleep(90)"),
     "fails": ["test_train_digits_heldout", "test_train_digits_heldout_top"], "says": "may take at most 60 s"},
    # Tampering: a model that always answers 0, plus the notebook's data rebound so that 0 is always right. The test
    # cells load the digits themselves, so the rebinding changes nothing and the model fails on accuracy.
    {"name": "rebinds-the-validation-labels", "cell": "train_digits",
     "code": "class _Zero:\n"
             "    def predict(self, X):\n"
             "        return np.zeros(len(X), dtype=int)\n\n\n"
             "def train_digits(X_train, y_train, rng):\n"
             "    return _Zero()\n\n\n"
             "y_val = np.zeros_like(y_val)\n"
             "y_course = np.zeros_like(y_course)\n"
             "X_val = X_val.copy()\n",
     "fails": ["test_train_digits_accuracy", "test_train_digits_heldout"], "says": "the goal is at least 0.95"},
    # Cheat: look every image up in all 1,797 digits. At home this scores 1.0; while the notebook is graded, nnlib's
    # loader gives only the course part and refuses the rest.
    {"name": "looks-the-images-up-in-all-digits", "cell": "train_digits",
     "code": "def train_digits(X_train, y_train, rng):\n"
             "    from nnlib.data import load_digits\n"
             "    X_all, y_all = load_digits()\n\n"
             "    class _Lookup:\n"
             "        def predict(self, X):\n"
             "            d = ((np.asarray(X, dtype=float)[:, None, :] - X_all[None, :, :]) ** 2).sum(axis=2)\n"
             "            return y_all[d.argmin(axis=1)]\n\n"
             "    return _Lookup()\n",
     "fails": ["test_train_digits_heldout", "test_train_digits_heldout_top"],
     "says": "is not available while assignment 09-capstone is graded"},
    # the same cheat through scikit-learn's bundled file: in the grading sandbox it holds the course part only,
    # so exact matches find none of the held-out images (1-nearest-neighbour would be honest learning)
    {"name": "looks-the-images-up-in-sklearn", "cell": "train_digits",
     "code": "def train_digits(X_train, y_train, rng):\n"
             "    from sklearn.datasets import load_digits\n"
             "    X_all, y_all = load_digits(return_X_y=True)\n\n"
             "    class _Lookup:\n"
             "        def predict(self, X):\n"
             "            d = ((np.asarray(X, dtype=float)[:, None, :] - X_all[None, :, :]) ** 2).sum(axis=2)\n"
             "            return np.where(d.min(axis=1) == 0, y_all[d.argmin(axis=1)], 0)\n\n"
             "    return _Lookup()\n",
     "fails": ["test_train_digits_heldout", "test_train_digits_heldout_top"],
     "says": "held-out digits your model reaches"},
]

RIGHT = [
    {"name": "class-based-network", "cell": "train_digits", "code": _model()},
    {"name": "float-labels-wider-layer", "cell": "train_digits",
     "code": _model(HIDDEN="320", PREDICT_LINE="return self.scores(X).argmax(axis=1).astype(float)")},
    # the suggested recipe without augmentation (128 units, batch 32, Adam 1e-3, 20 epochs, no L2): full marks
    {"name": "suggested-recipe-without-augmentation", "cell": "train_digits",
     "code": _model(HIDDEN="128", BATCH="32", EPOCHS="20", AUGMENT="False", LAM="0.0")},
    # randomness from a generator seeded from rng
    {"name": "own-generator-seeded-from-rng", "cell": "train_digits",
     "code": _model().replace("r = self.rng\n", "r = np.random.default_rng(self.rng.integers(2**32))\n")},
    # compliant but slow: 20 s per training on the full course part (three such trainings in one test cell)
    {"name": "twenty-seconds-per-training", "cell": "train_digits",
     "code": _model(SLOW_LINE="if len(X) > 7000: import time; time.sleep(20)")},
]
