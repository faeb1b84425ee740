"""Data for the course: the lecture's toy tables, synthetic 2-D problems, digits, MNIST, scaling, splits.

Only numpy is imported here; scikit-learn is imported inside :func:`load_digits` when called.

=============================  ============================================================
``load_apartment()``           the lecture's 10-row apartment-price table (regression)
``load_lung_cancer()``         the lecture's 3-row lung-cancer table (classification)
``make_lung_cancer(n, rng)``   a larger synthetic data set with the same columns
``make_xor``, ``make_moons``,  2-D problems a linear model cannot solve
``make_spirals``
``load_digits()``              8×8 digits bundled with scikit-learn (offline)
``load_mnist()``, ``read_idx`` MNIST download, checksum, cache and IDX parsing
``Standardizer``,              scaling fitted on the training set only
``MinMaxScaler``,
``standardize``
``train_val_test_split``       random (optionally stratified) three-way split
=============================  ============================================================
"""

from .digits import load_digits
from .idx import read_idx
from .lung import LUNG_CANCER_COEF, lung_cancer_logit, make_lung_cancer
from .mnist import (MNIST_FILES, MNIST_MIRRORS, MNIST_SHA256, ChecksumError, DownloadError,
                    default_data_dir, load_mnist)
from .scaling import MinMaxScaler, Standardizer, standardize
from .split import train_val_test_split
from .synthetic import make_moons, make_spirals, make_xor
from .tables import load_apartment, load_lung_cancer

__all__ = [
    "load_apartment", "load_lung_cancer", "make_lung_cancer", "lung_cancer_logit",
    "LUNG_CANCER_COEF", "make_xor", "make_moons", "make_spirals", "load_digits",
    "Standardizer", "MinMaxScaler", "standardize", "train_val_test_split",
    "load_mnist", "read_idx", "default_data_dir", "ChecksumError", "DownloadError",
    "MNIST_FILES", "MNIST_MIRRORS", "MNIST_SHA256",
]
