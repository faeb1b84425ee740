"""nnlib: small numpy reference implementations for the deep-learning fundamentals course.

Every module holds one concept and depends on numpy alone; matplotlib (``nnlib.plot``)
and tqdm (progress bars in ``nnlib.train``) are imported only when used.

Submodules are imported lazily, so ``import nnlib`` stays fast::

    import nnlib
    nnlib.activations.sigmoid(0.0)   # imports nnlib.activations on first use
"""

from importlib import import_module as _import_module

__version__ = "0.1.0"

_SUBMODULES = (
    "activations",
    "losses",
    "gradcheck",
    "optim",
    "schedules",
    "init",
    "layers",
    "model",
    "train",
    "fast",
    "data",
    "plot",
)

__all__ = list(_SUBMODULES)


def __getattr__(name):
    if name in _SUBMODULES:
        module = _import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'nnlib' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_SUBMODULES))
