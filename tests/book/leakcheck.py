"""Find instructor-only text (solutions, hidden tests, mark schemes) in a built site.

nbgrader source notebooks in ``solutions/`` mark instructor-only text with regions that the
student release removes::

    ### BEGIN SOLUTION        ... ### END SOLUTION
    ### BEGIN HIDDEN TESTS    ... ### END HIDDEN TESTS
    === BEGIN MARK SCHEME === ... === END MARK SCHEME ===

A solution cell (``nbgrader.solution: true``) without these markers is replaced as a whole, so
its whole source is secret too. :func:`secret_lines` collects the lines of these regions that are
*distinctive*: not blank, not a comment, not ``pass``, at least ``min_len`` characters, and not
contained in the text of any released notebook (``exercises/``), since released text is public
anyway (e.g. a helper given away in one assignment and asked for in a later one).
:func:`find_leaks` then reports each distinctive line found in any file of the site: HTML is
compared as its visible text (tags removed, entities decoded, so highlighted code matches),
notebooks as their cell sources and text outputs, everything else as raw text. Whitespace runs
are collapsed on both sides.

The student edition (``scripts/student_edition.py``) is scanned more widely:
:func:`catalogue_lines` adds the alternative right and wrong answers of the answer catalogues
(``tests/catalogue/a*.py``), :func:`find_leaks` can read every file of a tree (``suffixes=None``),
and :func:`find_markers` reports any nbgrader region marker, which a release never contains.
"""
from __future__ import annotations

import html
import json
import re
import runpy
from pathlib import Path

MARKERS = (
    ("### BEGIN SOLUTION", "### END SOLUTION"),
    ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"),
    ("=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ==="),
)
MARKER_PATTERN = re.compile("|".join(re.escape(m) for pair in MARKERS for m in pair))
_TRIVIAL = {"pass", "else:", "try:", "finally:", "return", "...", '"""', "'''", "```"}
_WS = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")
_SKIP_BLOCKS = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.S | re.I)
VENDORED = ("_static/vendor",)
TEXT_SUFFIXES = {".html", ".htm", ".txt", ".md", ".ipynb", ".js", ".json", ".py", ".css", ".xml"}


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return _WS.sub(" ", text).strip()


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _regions(text: str) -> list[str]:
    out = []
    for begin, end in MARKERS:
        pattern = re.compile(re.escape(begin) + r"(.*?)" + re.escape(end), re.S)
        out.extend(m.group(1) for m in pattern.finditer(text))
    return out


def secret_regions(notebook: dict) -> list[str]:
    """Instructor-only text of one nbgrader source notebook (parsed JSON), region by region."""
    if not isinstance(notebook, dict) or "cells" not in notebook:
        raise ValueError("expected a notebook (a dict with 'cells'), e.g. json.load(open(path))")
    regions = []
    for cell in notebook["cells"]:
        text = _source(cell)
        found = _regions(text)
        is_solution = cell.get("metadata", {}).get("nbgrader", {}).get("solution", False)
        if not found and is_solution:
            found = [text]  # no markers: nbgrader replaces the whole cell
        regions.extend(found)
    return regions


# A bare exception clause (``except Exception:``) reveals no answer, whatever its length.
_GENERIC = re.compile(r"except\b[\w\s.,()]*:")


def _is_distinctive(line: str, min_len: int) -> bool:
    return (len(line) >= min_len and line not in _TRIVIAL and not line.startswith("#")
            and not _GENERIC.fullmatch(line)
            and "YOUR CODE HERE" not in line and "YOUR ANSWER HERE" not in line)


def notebook_text(notebook: dict) -> str:
    """All cell sources and text outputs of a notebook, one string."""
    parts = []
    for cell in notebook.get("cells", []):
        parts.append(_source(cell))
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append("".join(out["text"]) if isinstance(out["text"], list) else out["text"])
            for mime, data in out.get("data", {}).items():
                if mime.startswith("text/"):
                    parts.append("".join(data) if isinstance(data, list) else str(data))
    return "\n".join(parts)


def public_text(released_notebooks: list[Path], other_files: list[Path] = ()) -> str:
    """The normalised text that students get anyway: released notebooks and other public files."""
    parts = [notebook_text(json.loads(Path(p).read_text(encoding="utf-8"))) for p in released_notebooks]
    parts.extend(Path(p).read_text(encoding="utf-8", errors="replace") for p in other_files)
    return normalise("\n".join(parts))


def secret_lines(solution_notebooks: list[Path], released_notebooks: list[Path],
                 min_len: int = 16, public_files: list[Path] = ()) -> dict[str, Path]:
    """Map each distinctive instructor-only line (normalised) to the notebook it comes from.

    A line that occurs in a released notebook or in one of ``public_files`` (e.g. the sources of
    nnlib, the course's public reference library) is not secret.
    """
    if min_len < 1:
        raise ValueError(f"min_len must be >= 1, got {min_len}")
    public = public_text(released_notebooks, public_files)
    lines: dict[str, Path] = {}
    for path in solution_notebooks:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        for region in secret_regions(nb):
            for raw in region.splitlines():
                line = normalise(raw)
                if _is_distinctive(line, min_len) and line not in public:
                    lines.setdefault(line, Path(path))
    return lines


def catalogue_answers(catalogue: Path) -> list[str]:
    """Every answer (``code``, or each value of ``cells``) of a catalogue's WRONG and RIGHT lists.

    ``catalogue`` is a ``tests/catalogue/aNN_name.py`` module (format: AUTHORING.md); it is run
    with :func:`runpy.run_path`, so its helper functions may build the entries.
    """
    namespace = runpy.run_path(str(catalogue))
    entries = list(namespace.get("WRONG", [])) + list(namespace.get("RIGHT", []))
    if not entries:
        raise ValueError(f"{catalogue}: no WRONG or RIGHT entries")
    answers = []
    for entry in entries:
        if "code" in entry:
            answers.append(entry["code"])
        answers.extend(entry.get("cells", {}).values())
    return answers


def catalogue_lines(catalogues: list[Path], public: str, min_len: int = 16) -> dict[str, Path]:
    """Map each distinctive line of the catalogues' answers that is not in ``public`` to its catalogue.

    ``public``: normalised text students get anyway (:func:`public_text`); for catalogues this
    includes the chapter pages, which teach some of the alternative forms on purpose.
    """
    lines: dict[str, Path] = {}
    for path in catalogues:
        for answer in catalogue_answers(Path(path)):
            for raw in answer.splitlines():
                line = normalise(raw)
                if _is_distinctive(line, min_len) and line not in public:
                    lines.setdefault(line, Path(path))
    return lines


def searchable_text(path: Path) -> str:
    """The text of one built file as a reader or a download would expose it (normalised)."""
    raw = Path(path).read_text(encoding="utf-8", errors="replace")
    suffix = Path(path).suffix.lower()
    if suffix == ".ipynb":
        try:
            raw = notebook_text(json.loads(raw)) + "\n" + raw
        except json.JSONDecodeError:
            pass
    elif suffix in (".html", ".htm"):
        visible = html.unescape(_TAG.sub("", _SKIP_BLOCKS.sub(" ", raw)))
        raw = visible + "\n" + html.unescape(_TAG.sub("", raw))
    return normalise(raw)


def _files(site: Path, exclude: tuple[str, ...], suffixes: set[str] | None) -> list[Path]:
    skipped = [site / e for e in exclude]
    return [path for path in sorted(site.rglob("*"))
            if path.is_file() and (suffixes is None or path.suffix.lower() in suffixes)
            and not any(path.is_relative_to(s) for s in skipped)]


def find_leaks(site: Path, lines: dict[str, Path], exclude: tuple[str, ...] = VENDORED,
               suffixes: set[str] | None = TEXT_SUFFIXES) -> list[tuple[str, Path, Path]]:
    """Every (line, source notebook, built file) where a secret line occurs in ``site``.

    ``exclude``: folders (relative to ``site``) not searched; by default the third-party npm
    copies in ``_static/vendor`` (pinned by package-lock.json, 25 MB of minified JavaScript).
    ``suffixes``: the file types read; ``None`` reads every file (binary ones as replaced text).
    """
    site = Path(site)
    if not site.is_dir():
        raise FileNotFoundError(f"no built site at {site}")
    leaks = []
    for path in _files(site, exclude, suffixes):
        text = searchable_text(path)
        for line, origin in lines.items():
            if line in text:
                leaks.append((line, origin, path))
    return leaks


def find_markers(site: Path, exclude: tuple[str, ...] = VENDORED,
                 suffixes: set[str] | None = None) -> list[tuple[str, Path]]:
    """Every (marker, file) where an nbgrader region marker (``### BEGIN SOLUTION`` ...) occurs.

    A student release never contains one: nbgrader removes the regions with their markers.
    """
    site = Path(site)
    if not site.is_dir():
        raise FileNotFoundError(f"no folder at {site}")
    found = []
    for path in _files(site, exclude, suffixes):
        for match in sorted(set(MARKER_PATTERN.findall(searchable_text(path)))):
            found.append((match, path))
    return found
