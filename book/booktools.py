"""Helpers for the book's pages: key-terms tables and the glossary.

Chapter pages are executed by myst-nb with the working directory ``book/``, so a page does::

    import booktools
    booktools.key_terms("03-activations")      # last line of a cell: the table is displayed

Each chapter's terms live in ``book/terms/<chapter>.yml`` (format: ``book/terms/README.md``):
a YAML list of entries with exactly the keys ``en`` (English term), ``ko`` (Korean term) and
``definition`` (one line, Markdown and ``$math$`` allowed). Both functions return an
``IPython.display.Markdown`` object holding a Markdown table.

Rendering: myst-nb parses ``text/markdown`` outputs as plain CommonMark by default, which has
no tables, no ``$math$`` and no cross-page links. The book therefore sets
``nb_render_markdown_format: myst`` (``_config.yml``, ``sphinx.config``); a single cell can do
the same with the cell metadata ``mystnb: {markdown_format: myst}`` (``glossary.md`` does).
"""

from pathlib import Path

import yaml

TERMS_DIR = Path(__file__).resolve().parent / "terms"
KEYS = ("en", "ko", "definition")


class TermsError(ValueError):
    """A terms file is malformed: the message names the file, the entry and the problem."""


def _cell(text):
    """Escape text for one Markdown table cell (pipes would split the cell; newlines end the row)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def load_terms(chapter, terms_dir=None):
    """Read and check ``<terms_dir>/<chapter>.yml``.

    Parameters
    ----------
    chapter : str
        Chapter name, e.g. ``"03-activations"`` (the file name without ``.yml``).
    terms_dir : str or Path or None, default None
        Folder of the term files; default ``book/terms`` next to this module.

    Returns
    -------
    list of dict
        The entries in file order, each ``{"en": str, "ko": str, "definition": str}`` with
        surrounding whitespace stripped.

    Raises
    ------
    FileNotFoundError
        No such chapter file.
    TermsError
        Not a YAML list, an entry that is not a mapping, a missing, empty, non-string or unknown
        key, or the same English term twice in the file.
    """
    path = Path(terms_dir or TERMS_DIR) / f"{chapter}.yml"
    if not path.is_file():
        raise FileNotFoundError(f"no key-terms file for chapter {chapter!r}: expected {path}")
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise TermsError(f"{path.name}: not valid YAML: {err}") from err
    if not isinstance(entries, list) or not entries:
        raise TermsError(f"{path.name}: must be a non-empty YAML list of entries with keys {', '.join(KEYS)}")
    terms, seen = [], {}
    for i, entry in enumerate(entries, start=1):
        where = f"{path.name}, entry {i}"
        if not isinstance(entry, dict):
            raise TermsError(f"{where}: must be a mapping with keys {', '.join(KEYS)}, got {entry!r}")
        missing = [k for k in KEYS if k not in entry]
        unknown = sorted(set(map(str, entry)) - set(KEYS))
        if missing:
            raise TermsError(f"{where} ({entry.get('en', '?')}): missing key(s) {', '.join(missing)}")
        if unknown:
            raise TermsError(f"{where} ({entry['en']}): unknown key(s) {', '.join(unknown)}; allowed: {', '.join(KEYS)}")
        for k in KEYS:
            if not isinstance(entry[k], str) or not entry[k].strip():
                raise TermsError(f"{where}: {k!r} must be a non-empty string, got {entry[k]!r}")
        term = {k: entry[k].strip() for k in KEYS}
        key = term["en"].casefold()
        if key in seen:
            raise TermsError(f"{where}: duplicate term {term['en']!r} (already entry {seen[key]})")
        seen[key] = i
        terms.append(term)
    return terms


def _markdown(text):
    from IPython.display import Markdown

    return Markdown(text)


def key_terms_markdown(chapter, terms_dir=None):
    """The Markdown table of :func:`key_terms` as a string (rows in file order)."""
    rows = ["| English | 한국어 | Meaning |", "|---|---|---|"]
    rows += [f"| **{_cell(t['en'])}** | {_cell(t['ko'])} | {_cell(t['definition'])} |"
             for t in load_terms(chapter, terms_dir)]
    return "\n".join(rows) + "\n"


def key_terms(chapter, terms_dir=None):
    """Key-terms table of one chapter: English, Korean, one-line meaning (file order).

    Returns an ``IPython.display.Markdown``; put the call last in a cell to display it.
    """
    return _markdown(key_terms_markdown(chapter, terms_dir))


def chapters(terms_dir=None):
    """Names of the chapters that have a terms file, sorted (``"01-..."``, ``"02-..."``, ...)."""
    return sorted(p.stem for p in Path(terms_dir or TERMS_DIR).glob("*.yml"))


def merged_terms(terms_dir=None):
    """All chapters' terms merged by English term (case-insensitive), sorted by English term.

    Returns
    -------
    list of dict
        ``{"en", "ko", "definition", "chapters"}``; the spelling and definition are those of the
        first chapter (in chapter order) that lists the term, ``chapters`` all chapters that do.

    Raises
    ------
    TermsError
        A term appears in two chapters with different Korean translations (whitespace and case
        aside), or any file is malformed (see :func:`load_terms`).
    """
    merged = {}
    for chapter in chapters(terms_dir):
        for term in load_terms(chapter, terms_dir):
            key = term["en"].casefold()
            if key not in merged:
                merged[key] = dict(term, chapters=[chapter])
                continue
            first = merged[key]
            if " ".join(first["ko"].split()).casefold() != " ".join(term["ko"].split()).casefold():
                raise TermsError(
                    f"term {term['en']!r} has two Korean translations: {first['ko']!r} in "
                    f"{first['chapters'][0]}.yml and {term['ko']!r} in {chapter}.yml; use one"
                )
            first["chapters"].append(chapter)
    return sorted(merged.values(), key=lambda t: (t["en"].casefold(), t["en"]))


def _chapter_link(chapter, pages_dir):
    """``[3](03-activations.md)``, or just ``3`` while the chapter page does not exist yet
    (a link to a missing page is a build warning, and the book is built with -W)."""
    number = chapter.split("-", 1)[0].lstrip("0") or "0"
    return f"[{number}]({chapter}.md)" if (pages_dir / f"{chapter}.md").is_file() else number


def glossary_markdown(terms_dir=None, pages_dir=None):
    """The Markdown table of :func:`glossary` as a string.

    ``pages_dir`` (default: the folder of this module, ``book/``) holds the chapter pages; a
    chapter is linked only if its page exists there.
    """
    pages_dir = Path(pages_dir) if pages_dir is not None else TERMS_DIR.parent
    rows = ["| English | 한국어 | Meaning | Chapter |", "|---|---|---|---|"]
    for t in merged_terms(terms_dir):
        links = ", ".join(_chapter_link(c, pages_dir) for c in t["chapters"])
        rows.append(f"| **{_cell(t['en'])}** | {_cell(t['ko'])} | {_cell(t['definition'])} | {links} |")
    return "\n".join(rows) + "\n"


def glossary(terms_dir=None, pages_dir=None):
    """Every chapter's key terms in one table, sorted by English term, with links to the chapters.

    Returns an ``IPython.display.Markdown``; the links are relative ``NN-name.md`` links, which
    Jupyter Book turns into links to the chapter pages (``glossary.md`` sits next to them).
    """
    return _markdown(glossary_markdown(terms_dir, pages_dir))
