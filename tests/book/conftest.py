"""Fixtures for the book tests: the built site (built on demand, see booksite.py) and its pages."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from booksite import GENERATED_TOC, ensure_built, toc_docnames


@pytest.fixture(scope="session")
def site() -> Path:
    return ensure_built()


@pytest.fixture(scope="session")
def pages(site: Path) -> list[str]:
    """Docnames of the built book in reading order (from the TOC the build used)."""
    toc = yaml.safe_load(GENERATED_TOC.read_text(encoding="utf-8"))
    names = toc_docnames(toc)
    missing = [n for n in names if not (site / f"{n}.html").is_file()]
    assert not missing, f"pages in the TOC but not built: {missing}"
    return names
