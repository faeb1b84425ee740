"""Tests of book/booktools.py: key-terms tables, the merged glossary, and errors for bad YAML."""

import sys
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[2] / "book"
sys.path.insert(0, str(BOOK))
import booktools  # noqa: E402


def write(folder, chapter, text):
    (folder / f"{chapter}.yml").write_text(text, encoding="utf-8")


@pytest.fixture
def terms(tmp_path):
    write(tmp_path, "01-network-structure", """
- en: hidden layer
  ko: 은닉층
  definition: A layer between the input and the output layer.
- en: Bias
  ko: 편향
  definition: "The constant $b$ in $z = aW + b$ | added to every sample."
""")
    write(tmp_path, "03-activations", """
- en: activation function
  ko: 활성화 함수
  definition: The nonlinear function $f$ in $a = f(z)$.
- en: bias
  ko: " 편향 "
  definition: Another wording.
""")
    return tmp_path


def rows(markdown):
    lines = markdown.strip().splitlines()
    return lines[0], lines[1], lines[2:]


def test_key_terms_table_in_file_order(terms):
    header, rule, body = rows(booktools.key_terms_markdown("01-network-structure", terms))
    assert header == "| English | 한국어 | Meaning |" and rule == "|---|---|---|"
    assert body[0] == "| **hidden layer** | 은닉층 | A layer between the input and the output layer. |"
    assert body[1] == "| **Bias** | 편향 | The constant $b$ in $z = aW + b$ \\| added to every sample. |"


def test_key_terms_returns_ipython_markdown(terms):
    from IPython.display import Markdown

    out = booktools.key_terms("03-activations", terms)
    assert isinstance(out, Markdown) and "활성화 함수" in out.data


def test_glossary_merges_sorts_and_links(terms):
    for chapter in ("01-network-structure", "03-activations"):
        (terms / f"{chapter}.md").write_text("# page")
    header, _, body = rows(booktools.glossary_markdown(terms, pages_dir=terms))
    assert header == "| English | 한국어 | Meaning | Chapter |"
    assert [line.split("|")[1].strip() for line in body] == [
        "**activation function**", "**Bias**", "**hidden layer**"]
    assert body[1].endswith("| [1](01-network-structure.md), [3](03-activations.md) |")
    assert "The constant $b$" in body[1]  # the first chapter's definition is kept
    assert body[0].endswith("| [3](03-activations.md) |")
    assert isinstance(booktools.glossary(terms, pages_dir=terms).data, str)


def test_glossary_links_only_existing_pages(terms):
    (terms / "03-activations.md").write_text("# page")
    body = rows(booktools.glossary_markdown(terms, pages_dir=terms))[2]
    assert body[1].endswith("| 1, [3](03-activations.md) |")


def test_chapters_lists_yml_files(terms):
    (terms / "README.md").write_text("not a chapter")
    assert booktools.chapters(terms) == ["01-network-structure", "03-activations"]


@pytest.mark.parametrize("text,message", [
    ("- en: a\n  ko: 가\n", "missing key\\(s\\) definition"),
    ("- en: a\n  ko: 가\n  definition: d\n  defintion: typo\n", "unknown key\\(s\\) defintion"),
    ("- en: a\n  ko: ''\n  definition: d\n", "'ko' must be a non-empty string"),
    ("- en: 3\n  ko: 가\n  definition: d\n", "'en' must be a non-empty string"),
    ("en: a\nko: 가\n", "non-empty YAML list"),
    ("- just a string\n", "must be a mapping"),
    ("- en: a\n  ko: 가\n  definition: d\n- en: A\n  ko: 가\n  definition: e\n", "duplicate term 'A'"),
    ("- en: [unclosed\n", "not valid YAML"),
])
def test_malformed_entries_name_the_problem(tmp_path, text, message):
    write(tmp_path, "02-forward-pass", text)
    with pytest.raises(booktools.TermsError, match=message) as info:
        booktools.key_terms("02-forward-pass", tmp_path)
    assert "02-forward-pass.yml" in str(info.value)


def test_same_term_with_different_korean_is_an_error(terms):
    write(terms, "05-gradient-descent", "- en: Hidden Layer\n  ko: 히든 레이어\n  definition: d\n")
    with pytest.raises(booktools.TermsError, match="two Korean translations.*은닉층.*히든 레이어"):
        booktools.glossary(terms)


def test_missing_chapter_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no key-terms file for chapter '09-capstone'"):
        booktools.key_terms("09-capstone", tmp_path)


@pytest.mark.parametrize("chapter", booktools.chapters())
def test_repository_term_file(chapter):
    """Every book/terms/*.yml written by the chapter authors loads, renders and merges."""
    import yaml

    raw = yaml.safe_load((BOOK / "terms" / f"{chapter}.yml").read_text(encoding="utf-8"))
    body = booktools.key_terms_markdown(chapter).strip().splitlines()[2:]
    assert len(body) == len(raw)
    merged = {t["en"].casefold(): t for t in booktools.merged_terms()}
    for entry in raw:
        assert chapter in merged[entry["en"].strip().casefold()]["chapters"]
