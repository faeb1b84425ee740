"""course.safeio: the trusted side reads only plain regular files, never through a link."""

import os

import pytest

from course.safeio import Unsafe, copy_tree_safely, read_regular


def test_files_are_read_only_when_plain(tmp_path):
    (tmp_path / "ok.ipynb").write_text("{}")
    os.symlink(tmp_path / "ok.ipynb", tmp_path / "link.ipynb")
    os.mkfifo(tmp_path / "fifo.ipynb")
    os.link(tmp_path / "ok.ipynb", tmp_path / "hard.ipynb")
    (tmp_path / "big").write_bytes(b"x" * 2000)
    with pytest.raises(Unsafe, match="plain file"):
        read_regular(tmp_path / "link.ipynb")
    with pytest.raises(Unsafe, match="not a regular file"):
        read_regular(tmp_path / "fifo.ipynb")  # and no hang
    with pytest.raises(Unsafe, match="hard link"):
        read_regular(tmp_path / "hard.ipynb")
    with pytest.raises(Unsafe, match="larger"):
        read_regular(tmp_path / "big", limit=1000)
    os.unlink(tmp_path / "hard.ipynb")
    assert read_regular(tmp_path / "ok.ipynb") == b"{}"
    left = dict(copy_tree_safely(tmp_path, tmp_path.parent / "copy"))
    assert sorted(left) == ["fifo.ipynb", "link.ipynb"]
    assert sorted(p.name for p in (tmp_path.parent / "copy").iterdir()) == ["big", "ok.ipynb"]
