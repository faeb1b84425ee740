"""Tests of nnlib.data: lecture tables, synthetic sets, digits, scaling, splits, IDX and MNIST.

Expected values come from the lecture text (typed here independently), from scikit-learn's
implementations, or from the defining equations; random functions are checked by properties.
Nothing here touches the network: an autouse fixture makes every socket connection fail.
"""

import gzip
import hashlib
import socket
import struct
import subprocess
import sys
import urllib.error
import urllib.request

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import MinMaxScaler as SkMinMax
from sklearn.preprocessing import StandardScaler as SkStandard

from nnlib import data
from nnlib.data import (ChecksumError, DownloadError, MinMaxScaler, Standardizer, load_apartment,
                        load_digits, load_lung_cancer, load_mnist, make_lung_cancer, make_moons,
                        make_spirals, make_xor, read_idx, standardize, train_val_test_split)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access is forbidden in the tests")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def rng(seed=0):
    return np.random.default_rng(seed)


# ---------------------------------------------------------------- lecture tables

# Typed from /work/shared/lectures/000 (ID, 평수, 연식, 가격).
LECTURE_APARTMENT = """
1 34 5 5
2 25 5 2.5
3 30 2 4
4 38 20 3
5 44 12 3.3
6 48 18 4.2
7 52 22 4.6
8 60 19 6
9 34 18 3
10 34 22 2.9
"""
# (ID, 나이, 흡연여부, 도시거주여부, 폐암 여부)
LECTURE_LUNG = """
1 34 1 0 1
2 60 0 1 1
3 55 0 0 0
"""


def parse(table):
    return np.array([[float(v) for v in line.split()] for line in table.strip().splitlines()])


def test_apartment_equals_lecture_table():
    X, y = load_apartment()
    T = parse(LECTURE_APARTMENT)
    assert X.dtype == np.float64 and X.shape == (10, 2) and y.shape == (10,)
    np.testing.assert_array_equal(X, T[:, 1:3])
    np.testing.assert_array_equal(y, T[:, 3])


def test_lung_cancer_equals_lecture_table():
    X, y = load_lung_cancer()
    T = parse(LECTURE_LUNG)
    assert X.shape == (3, 3) and y.shape == (3,) and np.issubdtype(y.dtype, np.integer)
    np.testing.assert_array_equal(X, T[:, 1:4])
    np.testing.assert_array_equal(y, T[:, 4].astype(int))


def test_tables_are_fresh_copies():
    X, y = load_apartment()
    X[:] = -1
    y[:] = -1
    X2, y2 = load_apartment()
    assert X2[0, 0] == 34 and y2[0] == 5


# ---------------------------------------------------------------- synthetic lung cancer

def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_make_lung_cancer_columns_and_types():
    X, y = make_lung_cancer(5000, rng(1))
    assert X.shape == (5000, 3) and X.dtype == np.float64 and y.shape == (5000,)
    assert np.issubdtype(y.dtype, np.integer) and set(np.unique(y)) <= {0, 1}
    assert X[:, 0].min() >= 20 and X[:, 0].max() <= 80 and np.all(X[:, 0] == np.round(X[:, 0]))
    assert set(np.unique(X[:, 1])) <= {0.0, 1.0} and set(np.unique(X[:, 2])) <= {0.0, 1.0}
    # Bernoulli rates of the documented feature distribution, within 5 standard deviations
    for col, p in ((1, 0.3), (2, 0.5)):
        k = X[:, col].sum()
        assert abs(k - 5000 * p) < 5 * np.sqrt(5000 * p * (1 - p))


def test_make_lung_cancer_positive_rate_matches_model_by_enumeration():
    # exact P(y=1) under the documented model, by enumerating all feature values
    ages = np.arange(20, 81)
    p = 0.0
    for smoker, ps in ((0, 0.7), (1, 0.3)):
        for city, pc in ((0, 0.5), (1, 0.5)):
            z = -2.0 + 0.6 * (ages - 50) / 10 + 2.0 * smoker + 0.4 * city
            p += ps * pc * sigmoid(z).mean()
    n = 40000
    _, y = make_lung_cancer(n, rng(2))
    assert abs(y.sum() - n * p) < 5 * np.sqrt(n * p * (1 - p))


def test_make_lung_cancer_logistic_regression_recovers_coefficients():
    X, y = make_lung_cancer(60000, rng(3))
    F = np.column_stack([(X[:, 0] - 50) / 10, X[:, 1], X[:, 2]])
    model = LogisticRegression(C=1e8, max_iter=1000).fit(F, y)
    np.testing.assert_allclose(model.intercept_[0], -2.0, atol=0.1)
    np.testing.assert_allclose(model.coef_[0], [0.6, 2.0, 0.4], atol=0.1)


@pytest.mark.parametrize("bad_rng", [None, 0, np.random.RandomState(0)])
def test_random_functions_require_a_generator(bad_rng):
    for call in (lambda: make_lung_cancer(10, bad_rng), lambda: make_moons(10, 0.1, bad_rng),
                 lambda: make_spirals(10, rng=bad_rng), lambda: make_xor(8, rng=bad_rng),
                 lambda: make_xor(noise=0.1, rng=bad_rng)):
        with pytest.raises(TypeError, match="rng"):
            call()


def test_bad_counts_and_noise_are_rejected():
    with pytest.raises(ValueError, match="n must be at least 1"):
        make_lung_cancer(0, rng())
    with pytest.raises(TypeError, match="integer"):
        make_lung_cancer(2.5, rng())
    with pytest.raises(ValueError, match="noise"):
        make_moons(10, -0.1, rng())
    with pytest.raises(ValueError, match="k must be at least 2"):
        make_spirals(10, k=1, rng=rng())
    with pytest.raises(ValueError, match="n must be at least 3"):
        make_spirals(2, k=3, rng=rng())


def test_same_seed_same_data_different_seed_different_data():
    a, b, c = (make_moons(50, 0.1, rng(s))[0] for s in (7, 7, 8))
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


# ---------------------------------------------------------------- XOR, moons, spirals

def test_xor_four_points():
    X, y = make_xor()
    assert X.shape == (4, 2) and y.shape == (4,)
    np.testing.assert_array_equal(np.sort(X @ [2, 1]), [0, 1, 2, 3])  # the four corners
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0], X[:, 1]).astype(int))


def test_xor_sampled_is_balanced_and_labelled_by_the_corner():
    X, y = make_xor(103, rng=rng(4))
    assert X.shape == (103, 2)
    counts = np.bincount((X @ [2, 1]).astype(int), minlength=4)
    assert counts.max() - counts.min() <= 1 and counts.sum() == 103
    np.testing.assert_array_equal(y, (X[:, 0] != X[:, 1]).astype(int))


def test_xor_noise_has_the_requested_spread():
    # Corners of class 1: (0,1), (1,0); of class 0: (0,0), (1,1), half each. With Gaussian noise
    # of sd s: every coordinate has mean 1/2 and variance 1/4 + s², and cov(x1, x2) = -1/4 for
    # class 1, +1/4 for class 0.
    X, y = make_xor(40000, noise=0.2, rng=rng(5))
    for label, cov in ((0, 0.25), (1, -0.25)):
        C = np.cov(X[y == label].T, bias=True)
        np.testing.assert_allclose(X[y == label].mean(axis=0), [0.5, 0.5], atol=0.01)
        np.testing.assert_allclose(np.diag(C), [0.25 + 0.04] * 2, atol=0.01)
        np.testing.assert_allclose(C[0, 1], cov, atol=0.01)


def test_moons_without_noise_lie_on_their_half_circles():
    X, y = make_moons(101, 0.0, rng(6))
    assert X.shape == (101, 2) and np.bincount(y).tolist() == [50, 51]
    up, low = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(up[:, 0], up[:, 1]), 1.0)
    assert np.all(up[:, 1] >= 0)
    np.testing.assert_allclose(np.hypot(low[:, 0] - 1, low[:, 1] - 0.5), 1.0)
    assert np.all(low[:, 1] <= 0.5)


def test_moons_noise_spread():
    X, y = make_moons(20000, 0.1, rng(7))
    up = X[y == 0]
    r = np.hypot(up[:, 0], up[:, 1])
    assert abs(np.median(r) - 1.0) < 0.01 and 0.08 < r.std() < 0.12


def test_spirals_without_noise_follow_the_stated_equation():
    k, n = 4, 203
    X, y = make_spirals(n, k=k, noise=0.0, rng=rng(8))
    counts = np.bincount(y)
    assert X.shape == (n, 2) and counts.tolist() == [51, 51, 51, 50]
    r = np.hypot(X[:, 0], X[:, 1])
    assert r.min() >= 0.1 - 1e-12 and r.max() <= 1 + 1e-12
    theta = np.arctan2(X[:, 0], X[:, 1])   # x = r (sin θ, cos θ)
    expected = 2 * np.pi * y / k + 4 * r
    np.testing.assert_allclose(np.angle(np.exp(1j * (theta - expected))), 0.0, atol=1e-9)


def test_spirals_noise_is_angular():
    X, y = make_spirals(30000, k=3, noise=0.2, rng=rng(9))
    r = np.hypot(X[:, 0], X[:, 1])
    resid = np.angle(np.exp(1j * (np.arctan2(X[:, 0], X[:, 1]) - 2 * np.pi * y / 3 - 4 * r)))
    assert abs(resid.mean()) < 0.01 and abs(resid.std() - 0.2) < 0.01


# ---------------------------------------------------------------- digits

def test_load_digits():
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64 and y.shape == (1797,)
    assert X.min() == 0 and X.max() == 16 and np.all(X == np.round(X))
    assert set(np.unique(y)) == set(range(10)) and np.issubdtype(y.dtype, np.integer)


# ---------------------------------------------------------------- scaling

def test_standardizer_matches_sklearn_and_uses_training_statistics():
    g = rng(10)
    X_train = g.normal([3.0, -1.0, 100.0], [2.0, 0.1, 30.0], size=(50, 3))
    X_test = g.normal(size=(7, 3))
    train_copy, test_copy = X_train.copy(), X_test.copy()
    s = Standardizer().fit(X_train)
    ref = SkStandard().fit(X_train)
    np.testing.assert_allclose(s.transform(X_test), ref.transform(X_test), rtol=1e-12, atol=1e-12)
    Z = s.transform(X_train)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1, rtol=1e-12)
    np.testing.assert_allclose(s.inverse_transform(s.transform(X_test)), X_test, rtol=1e-12)
    np.testing.assert_array_equal(X_train, train_copy)  # inputs untouched
    np.testing.assert_array_equal(X_test, test_copy)


def test_standardizer_apartment_by_hand():
    X, _ = load_apartment()
    size = X[:, 0]
    mu = sum(size) / 10
    sigma = (sum((s - mu) ** 2 for s in size) / 10) ** 0.5
    Z = Standardizer().fit_transform(X)
    np.testing.assert_allclose(Z[:, 0], [(s - mu) / sigma for s in size], rtol=1e-12)


def test_constant_columns_do_not_divide_by_zero():
    X = np.array([[0.1, 1.0], [0.1, 2.0], [0.1, 4.0]])
    with np.errstate(all="raise"):
        Z = Standardizer().fit_transform(X)
        M = MinMaxScaler((-1, 1)).fit_transform(X)
        W = Standardizer().fit(X).transform([[0.6, 1.0]])
    np.testing.assert_allclose(Z[:, 0], 0.0, atol=1e-15)
    np.testing.assert_array_equal(M[:, 0], -1.0)
    np.testing.assert_allclose(W[0, 0], 0.5)  # divided by 1: shifted by the training mean only


@pytest.mark.parametrize("feature_range", [(0, 1), (-1, 1), (2.0, 5.0)])
def test_minmax_matches_sklearn(feature_range):
    g = rng(11)
    X_train, X_test = g.normal(size=(40, 4)) * [1, 10, 100, 0.1], g.normal(size=(9, 4))
    m = MinMaxScaler(feature_range).fit(X_train)
    ref = SkMinMax(feature_range=feature_range).fit(X_train)
    np.testing.assert_allclose(m.transform(X_test), ref.transform(X_test), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(m.transform(X_train).min(axis=0), feature_range[0], atol=1e-12)
    np.testing.assert_allclose(m.transform(X_train).max(axis=0), feature_range[1], atol=1e-12)
    np.testing.assert_allclose(m.inverse_transform(m.transform(X_test)), X_test, rtol=1e-12)


def test_standardize_function_form():
    g = rng(12)
    A, B, C = g.normal(size=(20, 2)), g.normal(size=(5, 2)), g.normal(size=(3, 2))
    out = standardize(A, B, C)
    ref = SkStandard().fit(A)
    assert len(out) == 3
    for got, X in zip(out, (A, B, C)):
        np.testing.assert_allclose(got, ref.transform(X), rtol=1e-12, atol=1e-12)


def test_scaler_errors():
    with pytest.raises(RuntimeError, match="fit"):
        Standardizer().transform([[1.0]])
    s = Standardizer().fit(np.ones((3, 2)))
    with pytest.raises(ValueError, match="2"):
        s.transform(np.ones((3, 3)))
    with pytest.raises(ValueError, match="2-D"):
        Standardizer().fit([1.0, 2.0])
    with pytest.raises(ValueError, match="NaN"):
        Standardizer().fit([[1.0], [np.nan]])
    with pytest.raises(ValueError, match="no rows"):
        MinMaxScaler().fit(np.ones((0, 2)))
    with pytest.raises(ValueError, match="a < b"):
        MinMaxScaler((1, 1))
    with pytest.raises(TypeError, match="two numbers"):
        MinMaxScaler(1.0)
    with pytest.raises(TypeError, match="numeric"):
        Standardizer().fit([["a", "b"]])


# ---------------------------------------------------------------- train/val/test split

def test_split_is_a_partition_with_the_stated_sizes():
    X = np.arange(200.0).reshape(100, 2)
    y = np.arange(100)
    X0, y0 = X.copy(), y.copy()
    Xtr, Xva, Xte, ytr, yva, yte = train_val_test_split(X, y, val=0.2, test=0.15, rng=rng(13))
    assert (len(ytr), len(yva), len(yte)) == (65, 20, 15)
    ids = np.concatenate([ytr, yva, yte])
    np.testing.assert_array_equal(np.sort(ids), np.arange(100))   # every row exactly once
    for Xs, ys in ((Xtr, ytr), (Xva, yva), (Xte, yte)):
        np.testing.assert_array_equal(Xs[:, 0], 2 * ys)               # rows stay aligned with y
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)
    Xtr[:] = -1
    assert X.min() == 0  # outputs do not alias the input


def test_split_is_random_and_seeded():
    X, y = np.zeros((50, 1)), np.arange(50)
    a = train_val_test_split(X, y, rng=rng(1))[5]
    b = train_val_test_split(X, y, rng=rng(1))[5]
    c = train_val_test_split(X, y, rng=rng(2))[5]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_stratified_split_keeps_class_proportions():
    y = np.repeat([0, 1, 2], [60, 30, 10])
    X = np.arange(100.0)[:, None]
    _, _, _, ytr, yva, yte = train_val_test_split(X, y, val=0.2, test=0.1, rng=rng(14), stratify=True)
    assert np.bincount(yva).tolist() == [12, 6, 2]
    assert np.bincount(yte).tolist() == [6, 3, 1]
    assert np.bincount(ytr).tolist() == [42, 21, 7]


def test_split_zero_validation_is_allowed():
    out = train_val_test_split(np.zeros((10, 2)), np.zeros(10), val=0.0, test=0.3, rng=rng())
    assert [len(a) for a in out[3:]] == [7, 0, 3] and out[1].shape == (0, 2)


@pytest.mark.parametrize("val,test,msg", [(-0.1, 0.1, "val must be in"), (0.1, 1.0, "test must be in"),
                                          (0.6, 0.4, "val \\+ test"), ("a", 0.1, "number")])
def test_split_bad_fractions(val, test, msg):
    with pytest.raises((ValueError, TypeError), match=msg):
        train_val_test_split(np.zeros((10, 1)), np.zeros(10), val=val, test=test, rng=rng())


def test_split_other_errors():
    with pytest.raises(ValueError, match="rows"):
        train_val_test_split(np.zeros((10, 1)), np.zeros(9), rng=rng())
    with pytest.raises(TypeError, match="rng"):
        train_val_test_split(np.zeros((10, 1)), np.zeros(10))
    with pytest.raises(ValueError, match="1-D"):
        train_val_test_split(np.zeros((10, 1)), np.zeros((10, 2)), rng=rng(), stratify=True)
    with pytest.raises(ValueError, match="training set is empty"):
        train_val_test_split(np.zeros((2, 1)), np.zeros(2), val=0.45, test=0.45, rng=rng())


# ---------------------------------------------------------------- IDX files

def idx_bytes(array, code, fmt):
    """Encode an IDX file by hand with struct (independent of nnlib's reader)."""
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + struct.pack(f">{array.size}{fmt}", *array.ravel().tolist())


@pytest.mark.parametrize("dtype,code,fmt", [(np.uint8, 0x08, "B"), (np.int8, 0x09, "b"),
                                            (np.int16, 0x0B, "h"), (np.int32, 0x0C, "i"),
                                            (np.float32, 0x0D, "f"), (np.float64, 0x0E, "d")])
@pytest.mark.parametrize("compressed", [False, True])
def test_read_idx_round_trip(tmp_path, dtype, code, fmt, compressed):
    values = (np.arange(24).reshape(2, 3, 4) * (1 if np.dtype(dtype).kind == "u" else -1)).astype(dtype)
    if np.dtype(dtype).kind == "f":
        values = values / 3
    content = idx_bytes(values, code, fmt)
    path = tmp_path / ("a.idx.gz" if compressed else "a.idx")
    path.write_bytes(gzip.compress(content) if compressed else content)
    got = read_idx(path)
    assert got.shape == (2, 3, 4) and got.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(got, values)
    got[0, 0, 0] = 1  # writable, native order


def test_read_idx_detects_gzip_by_content(tmp_path):
    path = tmp_path / "labels-no-suffix"
    path.write_bytes(gzip.compress(idx_bytes(np.array([3, 1, 4], dtype=np.uint8), 0x08, "B")))
    np.testing.assert_array_equal(read_idx(path), [3, 1, 4])


@pytest.mark.parametrize("content,msg", [
    (b"\x01\x00\x08\x01\x00\x00\x00\x01\x05", "bad magic number"),
    (b"\x00\x00\x07\x01\x00\x00\x00\x01\x05", "unknown IDX type code 0x07"),
    (b"\x00\x00", "truncated"),
    (b"\x00\x00\x08\x03\x00\x00\x00\x02", "truncated inside its header"),
    (b"\x00\x00\x08\x01\x00\x00\x00\x05\x01\x02", "truncated: header announces shape (5,)"),
    (b"\x00\x00\x08\x01\x00\x00\x00\x01\x01\x02", "1 unexpected bytes"),
])
def test_read_idx_errors(tmp_path, content, msg):
    path = tmp_path / "bad.idx"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=msg.replace("(", "\\(").replace(")", "\\)")):
        read_idx(path)


def test_read_idx_truncated_gzip(tmp_path):
    path = tmp_path / "bad.gz"
    path.write_bytes(gzip.compress(idx_bytes(np.zeros(100, np.uint8), 0x08, "B"))[:20])
    with pytest.raises(ValueError, match="cannot be decompressed"):
        read_idx(path)


# ---------------------------------------------------------------- MNIST loader (offline)

def fake_mnist(folder, n_train=6, n_test=4, seed=0):
    """Write the four MNIST .gz files (small) into ``folder``; return arrays and SHA-256 sums."""
    g = rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    arrays, sums = {}, {}
    for kind, prefix, n in (("train", "train", n_train), ("test", "t10k", n_test)):
        images = g.integers(0, 256, size=(n, 28, 28)).astype(np.uint8)
        labels = g.integers(0, 10, size=n).astype(np.uint8)
        arrays[kind] = (images, labels)
        for name, arr in ((f"{prefix}-images-idx3-ubyte.gz", images), (f"{prefix}-labels-idx1-ubyte.gz", labels)):
            blob = gzip.compress(idx_bytes(arr, 0x08, "B"))
            (folder / name).write_bytes(blob)
            sums[name] = hashlib.sha256(blob).hexdigest()
    return arrays, sums


def test_mnist_downloads_from_file_url_verifies_and_caches(tmp_path):
    arrays, sums = fake_mnist(tmp_path / "server")
    cache = tmp_path / "cache"
    X, y = load_mnist(cache, base_url=(tmp_path / "server").as_uri() + "/", mirrors=(), checksums=sums)
    images, labels = arrays["train"]
    assert X.shape == (6, 784) and X.dtype == np.float64 and y.dtype == np.int64
    np.testing.assert_allclose(X, images.reshape(6, -1) / 255.0)
    np.testing.assert_array_equal(y, labels)
    assert sorted(p.name for p in cache.iterdir()) == ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"]
    # second call: served from the cache, no download possible or needed
    X2, y2 = load_mnist(cache, download=False, kind="train", normalize=False, flatten=False, checksums=sums)
    assert X2.shape == (6, 28, 28) and X2.dtype == np.uint8
    np.testing.assert_array_equal(X2, images)


def test_mnist_tries_mirrors_in_order(tmp_path):
    arrays, sums = fake_mnist(tmp_path / "server")
    mirrors = ((tmp_path / "missing").as_uri(), (tmp_path / "server").as_uri())
    X, y = load_mnist(tmp_path / "cache", kind="test", mirrors=mirrors, checksums=sums)
    np.testing.assert_array_equal(y, arrays["test"][1])


def test_mnist_checksum_mismatch_on_download(tmp_path):
    _, sums = fake_mnist(tmp_path / "server")
    sums["train-images-idx3-ubyte.gz"] = "0" * 64
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError, match="checksum mismatch"):
        load_mnist(cache, mirrors=[(tmp_path / "server").as_uri()], checksums=sums)
    assert not (cache / "train-images-idx3-ubyte.gz").exists()
    assert not list(cache.glob("*.part"))


def test_mnist_corrupt_cached_file(tmp_path):
    _, sums = fake_mnist(tmp_path / "cache")
    (tmp_path / "cache" / "t10k-labels-idx1-ubyte.gz").write_bytes(b"garbage")
    with pytest.raises(ChecksumError, match="t10k-labels.*delete it"):
        load_mnist(tmp_path / "cache", kind="test", download=False, checksums=sums)


def test_mnist_default_checksums_reject_fake_files(tmp_path):
    fake_mnist(tmp_path / "cache")
    with pytest.raises(ChecksumError, match="expected 440fcabf"):
        load_mnist(tmp_path / "cache", download=False)


def test_mnist_no_network_message_says_how_to_place_files(tmp_path, monkeypatch):
    def offline(*args, **kwargs):
        raise urllib.error.URLError("no route to host")
    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(DownloadError, match="by hand") as info:
        load_mnist(tmp_path / "cache")
    assert "no route to host" in str(info.value) and str(tmp_path / "cache") in str(info.value)


def test_mnist_missing_files_without_download(tmp_path):
    with pytest.raises(FileNotFoundError, match="by hand"):
        load_mnist(tmp_path, download=False)


def test_mnist_uses_uncompressed_copy(tmp_path):
    arrays, _ = fake_mnist(tmp_path / "gz")
    for name in ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
        (tmp_path / "raw").mkdir(exist_ok=True)
        (tmp_path / "raw" / name).write_bytes(gzip.decompress((tmp_path / "gz" / (name + ".gz")).read_bytes()))
    X, y = load_mnist(tmp_path / "raw", download=False, kind="test")
    np.testing.assert_array_equal(y, arrays["test"][1])


def test_mnist_default_directory_and_env(tmp_path, monkeypatch):
    monkeypatch.setenv("NNLIB_DATA", str(tmp_path))
    assert data.default_data_dir() == tmp_path / "mnist"
    arrays, sums = fake_mnist(tmp_path / "mnist")
    _, y = load_mnist(download=False, kind="test", checksums=sums)
    np.testing.assert_array_equal(y, arrays["test"][1])
    monkeypatch.delenv("NNLIB_DATA")
    assert data.default_data_dir().parts[-3:] == (".cache", "nnlib", "mnist")


def test_mnist_argument_errors(tmp_path):
    with pytest.raises(ValueError, match="kind"):
        load_mnist(tmp_path, kind="validation")
    with pytest.raises(TypeError, match="sequence"):
        load_mnist(tmp_path, mirrors="file:///x")
    with pytest.raises(ValueError, match="no entry"):
        load_mnist(tmp_path, checksums={})


def test_mnist_mismatched_images_and_labels(tmp_path):
    _, sums = fake_mnist(tmp_path, n_test=4)
    other = tmp_path / "other"
    _, other_sums = fake_mnist(other, n_test=5)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes((other / "t10k-labels-idx1-ubyte.gz").read_bytes())
    sums["t10k-labels-idx1-ubyte.gz"] = other_sums["t10k-labels-idx1-ubyte.gz"]
    with pytest.raises(ValueError, match="do not match"):
        load_mnist(tmp_path, download=False, kind="test", checksums=sums)


# ---------------------------------------------------------------- import weight

def test_import_pulls_in_no_heavy_module():
    code = ("import sys, nnlib, nnlib.data, nnlib.plot\n"
            "heavy = [m for m in ('matplotlib', 'sklearn', 'torch', 'tqdm', 'scipy', 'pandas')"
            " if m in sys.modules]\n"
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
