"""Shared fixtures for the nnlib tests.

* ``rng``: a fresh ``np.random.Generator`` per test, seeded from the test's id (reproducible, but
  different tests see different data).
* every test in tests/nnlib runs with PyTorch's default dtype set to float64 (restored afterwards),
  so reference computations in torch are as precise as nnlib's.
"""

import zlib

import numpy as np
import pytest
import torch

# Tests use tiny tensors: one intra-op thread avoids oversubscribing the shared cores (and is faster).
torch.set_num_threads(1)


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.nodeid.encode()))


@pytest.fixture(autouse=True)
def torch_float64():
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(previous)
