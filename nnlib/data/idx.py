"""Read IDX files, the binary format of MNIST, with numpy (plain or gzip-compressed).

IDX layout (LeCun et al., http://yann.lecun.com/exdb/mnist/): a 4-byte magic number
``0x00 0x00 <dtype code> <ndim>``, then ``ndim`` dimension sizes as big-endian unsigned 32-bit
integers, then the data in C (row-major) order, big-endian.
"""

import gzip
import zlib
from pathlib import Path

import numpy as np

#: IDX type codes → numpy dtypes (big-endian, as stored in the file).
IDX_DTYPES = {
    0x08: np.dtype(">u1"),  # unsigned byte
    0x09: np.dtype(">i1"),  # signed byte
    0x0B: np.dtype(">i2"),  # short
    0x0C: np.dtype(">i4"),  # int
    0x0D: np.dtype(">f4"),  # float
    0x0E: np.dtype(">f8"),  # double
}
_GZIP_MAGIC = b"\x1f\x8b"


def _read_bytes(path):
    """File content, gunzipped if it starts with the gzip magic bytes (whatever its name)."""
    raw = Path(path).read_bytes()
    if raw[:2] != _GZIP_MAGIC:
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, OSError, zlib.error) as err:
        raise ValueError(
            f"read_idx: {path} looks gzip-compressed but cannot be decompressed "
            f"(truncated or corrupt download?): {err}"
        ) from err


def read_idx(path):
    """Read one IDX file into a numpy array.

    Parameters
    ----------
    path : str or os.PathLike
        An IDX file, raw (``train-images-idx3-ubyte``) or gzip-compressed
        (``train-images-idx3-ubyte.gz``); compression is detected from the content.

    Returns
    -------
    ndarray, shape (d_1, ..., d_ndim)
        The data in native byte order, dtype from the type code: 0x08 uint8, 0x09 int8,
        0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64. MNIST images come back as
        uint8 arrays of shape (N, 28, 28), labels as uint8 of shape (N,).

    Raises
    ------
    ValueError
        Bad magic number (first two bytes not zero), unknown type code, a header or data
        shorter than the header announces (truncated file), extra bytes after the data, or a
        corrupt gzip stream. The message names the file and the problem.
    FileNotFoundError
        The file does not exist.
    """
    data = _read_bytes(path)
    if len(data) < 4:
        raise ValueError(f"read_idx: {path} is truncated: {len(data)} bytes, shorter than the 4-byte magic number")
    if data[0] != 0 or data[1] != 0:
        raise ValueError(
            f"read_idx: {path} has a bad magic number {data[:4].hex()} (an IDX file starts "
            "with two zero bytes); is it an IDX file?"
        )
    code, ndim = data[2], data[3]
    if code not in IDX_DTYPES:
        raise ValueError(
            f"read_idx: {path} has unknown IDX type code 0x{code:02x}; known codes: "
            + ", ".join(f"0x{c:02x}" for c in IDX_DTYPES)
        )
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(f"read_idx: {path} is truncated inside its header ({ndim} dimensions announced)")
    shape = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    dtype = IDX_DTYPES[code]
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    actual = len(data) - header
    if actual < expected:
        raise ValueError(
            f"read_idx: {path} is truncated: header announces shape {shape} ({expected} data bytes) "
            f"but only {actual} bytes follow; download the file again"
        )
    if actual > expected:
        raise ValueError(
            f"read_idx: {path} has {actual - expected} unexpected bytes after the data of shape {shape}"
        )
    array = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    return array.astype(dtype.newbyteorder("="))  # native byte order, writable copy
