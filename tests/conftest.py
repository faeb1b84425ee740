"""Make ``import nnlib`` work when pytest runs from the repository root without an installed nnlib."""

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
