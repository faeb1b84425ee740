"""MNIST: download (with mirrors), SHA-256 verification, a local cache and IDX parsing.

The loader never needs the network once the four standard files are in the cache directory;
they can also be placed there by hand. See :func:`load_mnist`.
"""

import os
from pathlib import Path

import numpy as np

from .idx import read_idx

#: The four standard files: (images, labels) for each part.
MNIST_FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}
#: SHA-256 of the four .gz files. Not computed on this project's machines (they have no
#: internet access): these are the digests published by several independent projects that
#: download MNIST (e.g. Guild AI's MNIST package, torch.rb, mnist download scripts), for files
#: of 9,912,422 / 28,881 / 1,648,877 / 4,542 bytes whose MD5s are torchvision's
#: f68b3c2d..., d53e105e..., 9fb629c4..., ec29112d... .
MNIST_SHA256 = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
#: Base URLs tried in order (PyTorch's and TensorFlow's mirrors, then the original site).
MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)


class ChecksumError(ValueError):
    """A file's SHA-256 differs from the expected one (corrupt or wrong file)."""


class DownloadError(OSError):
    """No mirror could deliver a file (no network, or every mirror failed)."""


def default_data_dir():
    """Cache directory: ``$NNLIB_DATA/mnist`` if NNLIB_DATA is set, else ``~/.cache/nnlib/mnist``."""
    root = os.environ.get("NNLIB_DATA")
    return (Path(root) if root else Path.home() / ".cache" / "nnlib") / "mnist"


def sha256_of(path):
    """Hex SHA-256 digest of a file, read in 1 MiB blocks."""
    import hashlib  # imported on use: keeps `import nnlib.data` light

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verify(path, expected, origin):
    if expected is None:
        return
    actual = sha256_of(path)
    if actual != expected.lower():
        raise ChecksumError(
            f"load_mnist: checksum mismatch for {path.name} ({origin}): SHA-256 is {actual}, "
            f"expected {expected}. The file is corrupt or not the original; delete it and retry."
        )


def _manual_help(directory, names):
    return (
        f"To install the files by hand, download {', '.join(names)} from any MNIST mirror (e.g. "
        f"{MNIST_MIRRORS[0]}) and put them, still gzip-compressed, in {directory} "
        "(or set the NNLIB_DATA environment variable to a folder holding a 'mnist' subfolder)."
    )


def _download(name, directory, urls, expected, timeout):
    """Fetch ``name`` from the first working base URL into ``directory``; verify; move in place."""
    import tempfile  # imported here: urllib.request is slow to import and rarely needed
    import urllib.error
    import urllib.request

    failures = []
    for base in urls:
        url = base if base.endswith("/") else base + "/"
        url += name
        fd, tmp = tempfile.mkstemp(prefix=name + ".", suffix=".part", dir=directory)
        tmp = Path(tmp)
        try:
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as resp:
                for block in iter(lambda: resp.read(1 << 20), b""):
                    out.write(block)
            _verify(tmp, expected, f"downloaded from {url}")
            os.replace(tmp, directory / name)
            return
        except (urllib.error.URLError, OSError, ChecksumError) as err:
            failures.append(f"{url}: {err}")
        finally:
            tmp.unlink(missing_ok=True)
    raise DownloadError(
        f"load_mnist: could not download {name} (no network, or every mirror failed):\n  "
        + "\n  ".join(failures) + "\n" + _manual_help(directory, [name])
    )


def load_mnist(path=None, download=True, *, kind="train", normalize=True, flatten=True,
               base_url=None, mirrors=MNIST_MIRRORS, checksums=MNIST_SHA256, timeout=60.0):
    """Load the MNIST handwritten digits (LeCun et al., 1998), downloading them once if needed.

    The four standard IDX files are looked up in the cache directory; a missing ``.gz`` file is
    downloaded (``download=True``) from ``base_url`` and then each of ``mirrors`` in turn, its
    SHA-256 checked before it is moved into the cache. Cached ``.gz`` files are checked again on
    every load. An uncompressed copy (the name without ``.gz``) is used if the ``.gz`` file is
    absent; it cannot be checked against the digests, which are those of the ``.gz`` files.

    Parameters
    ----------
    path : str, os.PathLike or None, default None
        Cache directory; ``None`` means :func:`default_data_dir` (``$NNLIB_DATA/mnist`` or
        ``~/.cache/nnlib/mnist``). Created if missing.
    download : bool, default True
        If False, missing files raise FileNotFoundError instead of being downloaded.
    kind : {"train", "test"}, default "train"
        The 60,000 training images or the 10,000 test images.
    normalize : bool, default True
        True: float64 pixels divided by 255, in [0, 1]. False: the raw uint8 grey levels 0-255.
    flatten : bool, default True
        True: X has shape (N, 784) (rows of the 28×28 image concatenated); False: (N, 28, 28).
    base_url : str or None, default None
        A base URL tried before the mirrors (``file://`` URLs work too).
    mirrors : sequence of str, default MNIST_MIRRORS
        Base URLs tried in order after ``base_url``.
    checksums : mapping of file name to hex SHA-256, or None, default MNIST_SHA256
        Expected digests of the ``.gz`` files. A file missing from the mapping is an error;
        ``None`` disables verification (not recommended).
    timeout : float, default 60.0
        Seconds to wait for a mirror to answer.

    Returns
    -------
    X : ndarray, shape (N, 784) or (N, 28, 28)
        float64 in [0, 1] (``normalize=True``) or uint8; N = 60,000 (train) or 10,000 (test).
        Memory: the float64 training set takes about 376 MB.
    y : ndarray of int64, shape (N,)
        The digits 0-9.

    Raises
    ------
    FileNotFoundError
        Files missing and ``download=False`` (the message says how to place them by hand).
    DownloadError
        (an OSError) no URL delivered a file with the right checksum: no network, for instance.
    ChecksumError
        (a ValueError) a cached file's SHA-256 is wrong.
    ValueError
        Bad arguments, unreadable IDX content, or images and labels that do not match.
    """
    if kind not in MNIST_FILES:
        raise ValueError(f"load_mnist: kind must be 'train' or 'test', got {kind!r}")
    if isinstance(mirrors, str):
        raise TypeError("load_mnist: mirrors must be a sequence of base URLs, not one string")
    directory = Path(path) if path is not None else default_data_dir()
    names = MNIST_FILES[kind]
    urls = ([base_url] if base_url else []) + list(mirrors)
    arrays = []
    for name in names:
        expected = None
        if checksums is not None:
            if name not in checksums:
                raise ValueError(f"load_mnist: checksums has no entry for {name}")
            expected = checksums[name]
        gz, raw = directory / name, directory / name[: -len(".gz")]
        if gz.exists():
            _verify(gz, expected, "cached copy")
            arrays.append(read_idx(gz))
        elif raw.exists():
            arrays.append(read_idx(raw))
        elif not download:
            raise FileNotFoundError(
                f"load_mnist: {name} is not in {directory} and download=False. "
                + _manual_help(directory, names)
            )
        else:
            if not urls:
                raise ValueError("load_mnist: no base_url or mirrors to download from")
            directory.mkdir(parents=True, exist_ok=True)
            _download(name, directory, urls, expected, timeout)
            arrays.append(read_idx(gz))
    images, labels = arrays
    if images.ndim != 3 or labels.ndim != 1 or images.shape[0] != labels.shape[0]:
        raise ValueError(
            f"load_mnist: images of shape {images.shape} and labels of shape {labels.shape} do "
            "not match (expected (N, rows, cols) and (N,))"
        )
    if labels.size and (labels.min() < 0 or labels.max() > 9):
        raise ValueError("load_mnist: labels outside 0-9; are the label and image files swapped?")
    X = images.reshape(images.shape[0], -1) if flatten else images
    X = X / 255.0 if normalize else X.astype(np.uint8)
    return X, labels.astype(np.int64)
