"""The book's configuration and the TOC generation of scripts/build_book.py."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import build_book  # noqa: E402

CHAPTERS = ["01-network-structure", "02-forward-pass", "03-activations", "04-cost-functions",
            "05-gradient-descent", "06-optimizers", "07-initialization", "08-dropout", "09-capstone"]


def _toc() -> dict:
    return yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# x\n")


def test_toc_lists_every_final_page_in_the_fixed_parts():
    toc = _toc()
    assert toc["format"] == "jb-book" and toc["root"] == "book/intro"
    captions = [p["caption"] for p in toc["parts"]]
    assert captions[:3] == ["Part I: Foundations", "Part II: Training", "Part III: Making it work"]
    by_part = [[c["file"] for c in p["chapters"]] for p in toc["parts"]]
    assert by_part[0] == [f"book/{c}" for c in CHAPTERS[:4]]
    assert by_part[1] == [f"book/{c}" for c in CHAPTERS[4:6]]
    assert by_part[2] == [f"book/{c}" for c in CHAPTERS[6:]]
    for part in toc["parts"][:3]:
        for chapter in part["chapters"]:
            name = chapter["file"].split("/")[1]
            assert chapter["sections"] == [{"file": f"exercises/{name}/{name}"}]
    rest = [c["file"] for p in toc["parts"][3:] for c in p["chapters"]]
    assert rest == ["book/notation", "book/glossary", "book/bibliography",
                    "book/student-guide", "book/instructor-guide"]


def test_config_keeps_private_folders_out_and_exercises_unexecuted():
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert cfg["only_build_toc_files"] is True
    for folder in ("solutions", "_build", ".venv", "node_modules", "submitted", "autograded", "feedback"):
        assert folder in cfg["exclude_patterns"], folder
    assert cfg["execute"]["execute_notebooks"] == "cache"
    assert cfg["execute"]["exclude_patterns"] == ["exercises/*/*.ipynb"]
    assert cfg["launch_buttons"]["jupyterhub_url"] and cfg["launch_buttons"]["binderhub_url"]
    assert cfg["repository"]["url"].startswith("https://")
    sphinx = cfg["sphinx"]["config"]
    assert not sphinx["mathjax_path"].startswith(("http", "//"))
    assert all(not k.startswith(("http", "//")) for k in sphinx["nb_ipywidgets_js"])


def test_filter_toc_keeps_existing_pages_and_promotes_orphan_exercises(tmp_path):
    _touch(tmp_path, "book/intro.md", "book/01-network-structure.md",
           "exercises/01-network-structure/01-network-structure.ipynb",
           "exercises/02-forward-pass/02-forward-pass.ipynb", "book/student-guide.md")
    toc = _toc()
    before = yaml.safe_dump(toc)
    out, missing = build_book.filter_toc(toc, tmp_path)
    assert yaml.safe_dump(toc) == before, "filter_toc modified its input"
    assert out["root"] == "book/intro"
    assert [p["caption"] for p in out["parts"]] == ["Part I: Foundations", "Guides"]
    assert out["parts"][0]["chapters"] == [
        {"file": "book/01-network-structure",
         "sections": [{"file": "exercises/01-network-structure/01-network-structure"}]},
        {"file": "exercises/02-forward-pass/02-forward-pass"},
    ]
    assert out["parts"][1]["chapters"] == [{"file": "book/student-guide"}]
    assert "book/02-forward-pass" in missing and "book/06-optimizers" in missing
    assert "exercises/02-forward-pass/02-forward-pass" not in missing
    assert len(missing) == 23 - 4  # 23 entries below the root, 4 of them present


def test_filter_toc_rejects_a_bad_toc(tmp_path):
    with pytest.raises(ValueError, match="jb-book"):
        build_book.filter_toc({"format": "jb-article", "root": "x"}, tmp_path)
    with pytest.raises(ValueError, match="root page"):
        build_book.filter_toc({"format": "jb-book", "root": "book/intro"}, tmp_path)
    _touch(tmp_path, "book/intro.md")
    with pytest.raises(ValueError, match="file"):
        build_book.filter_toc({"format": "jb-book", "root": "book/intro",
                               "parts": [{"caption": "x", "chapters": [{"url": "https://x"}]}]}, tmp_path)


def test_generated_toc_matches_the_pages_that_exist(site):
    generated = yaml.safe_load((ROOT / "_build" / "_toc.generated.yml").read_text(encoding="utf-8"))
    expected, _ = build_book.filter_toc(_toc(), ROOT)
    assert generated == expected, "the built book is stale: run `make book` again"


def test_sync_static_copies_only_missing_or_changed_files(tmp_path):
    src, out = tmp_path / "static", tmp_path / "html" / "_static"
    (src / "vendor").mkdir(parents=True)
    (src / "custom.css").write_text("p { color: red }")
    (src / "vendor" / "a.js").write_text("var a = 1;")
    (src / "vendor" / ".lock.sha256").write_text("abc")  # hidden: Sphinx never publishes it
    out.mkdir(parents=True)
    (out / "custom.css").write_text("p { color: blue }")   # stale copy from an earlier build
    assert build_book.sync_static(src, out) == ["custom.css", "vendor/a.js"]
    assert (out / "custom.css").read_text() == "p { color: red }"
    assert (out / "vendor" / "a.js").read_text() == "var a = 1;"
    assert not (out / "vendor" / ".lock.sha256").exists()
    assert build_book.sync_static(src, out) == []  # nothing changed: nothing copied
