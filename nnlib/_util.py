"""The two helpers every nnlib module shares (private): float arrays and the rng policy.

**rng policy.** Every function that draws random numbers takes ``rng``, an
``np.random.Generator`` (``np.random.default_rng(seed)``), and uses nothing else; there is no
hidden global randomness. Where randomness is used, ``rng=None`` is an error that says what to
pass (a run must be reproducible from the seeds in its code).
"""

import numpy as np


def as_float(x):
    """``x`` as a floating ndarray, no copy if it already is one (float32 stays float32; ints
    and bools become float64)."""
    x = np.asarray(x)
    return x if x.dtype.kind == "f" else x.astype(np.float64)


def check_rng(rng, func):
    """Return ``rng`` if it is an ``np.random.Generator``, else raise a TypeError naming ``func``."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{func} needs rng=np.random.default_rng(seed) (an np.random.Generator); "
                        f"got {type(rng).__name__}")
    return rng
