"""Wrong and right answers for assignment 09-capstone (format: AUTHORING.md).

The model is a one-hidden-layer ReLU network trained with Adam on shift-augmented, standardised digits, written as
a small class (unlike the solution's closure). The WRONG entries change one thing each: predictions made on unscaled
images, a single epoch without augmentation, dropout left on when predicting, probabilities returned instead of
labels, the training images scaled in place; and one tamper attempt (the notebook's validation labels
rebound so that a constant model looks right).
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
        for _ in range(self.epochs):
            perm = r.permutation(len(X))
            for i in range(0, len(X), 64):
                b = perm[i:i + 64]
                h = self._hidden(X[b])
                z = h @ self.W2 + self.b2
                e = np.exp(z - z.max(axis=1, keepdims=True))
                dz = (e / e.sum(axis=1, keepdims=True) - Y[b]) / len(b)
                dh = (dz @ self.W2.T) * (h > 0)
                xs = (X[b] - self.mu) / self.sd
                grads = (xs.T @ dh + 2e-4 * self.W1, dh.sum(axis=0), h.T @ dz + 2e-4 * self.W2, dz.sum(axis=0))
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
             "SCALE_LINE": "X = np.array(X, dtype=float)",
             "PREDICT_LINE": "return self.scores(X).argmax(axis=1)"}


def _model(**changes):
    code = _TEMPLATE
    for key, value in {**_DEFAULTS, **changes}.items():
        code = code.replace(key, value)
    return code.lstrip("\n")


WRONG = [
    {"name": "predict-forgets-scaling", "cell": "train_digits",
     "code": _model(PREDICT_LINE="h = np.maximum(np.asarray(X, dtype=float) @ self.W1 + self.b1, 0.0); "
                                 "return (h @ self.W2 + self.b2).argmax(axis=1)"),
     "fails": ["test_train_digits_accuracy", "test_train_digits_heldout"], "says": "the goal is at least 0.97"},
    {"name": "one-epoch-no-augmentation", "cell": "train_digits", "code": _model(EPOCHS="1", AUGMENT="False"),
     "fails": ["test_train_digits_accuracy", "test_train_digits_heldout"], "says": "the goal is at least 0.97"},
    {"name": "dropout-left-on-at-prediction", "cell": "train_digits", "code": _model(P_PREDICT="0.7"),
     "fails": ["test_train_digits_accuracy", "test_train_digits_heldout"], "says": "the goal is at least 0.97"},
    {"name": "predict-returns-probabilities", "cell": "train_digits",
     "code": _model(PREDICT_LINE="s = self.scores(X); e = np.exp(s - s.max(axis=1, keepdims=True)); "
                                 "return e / e.sum(axis=1, keepdims=True)"),
     "fails": ["test_train_digits_api"], "says": "shape"},
    {"name": "scales-training-images-in-place", "cell": "train_digits",
     "code": _model(SCALE_LINE="X /= 16.0; X = X * 16.0"),
     "fails": ["test_train_digits_api"], "says": "in place"},
    # Tampering: a model that always answers 0, plus the notebook's data rebound so that 0 is always right. The test
    # cells load the digits themselves, so the rebinding changes nothing and the model fails on accuracy.
    {"name": "rebinds-the-validation-labels", "cell": "train_digits",
     "code": "class _Zero:\n"
             "    def predict(self, X):\n"
             "        return np.zeros(len(X), dtype=int)\n\n\n"
             "def train_digits(X_train, y_train, rng):\n"
             "    return _Zero()\n\n\n"
             "y_val = np.zeros_like(y_val)\n"
             "y_all = np.zeros_like(y_all)\n"
             "X_val = X_val.copy()\n",
     "fails": ["test_train_digits_accuracy", "test_train_digits_heldout"], "says": "the goal is at least 0.97"},
]

RIGHT = [
    {"name": "class-based-network", "cell": "train_digits", "code": _model()},
    {"name": "float-labels-wider-layer", "cell": "train_digits",
     "code": _model(HIDDEN="320", PREDICT_LINE="return self.scores(X).argmax(axis=1).astype(float)")},
]
