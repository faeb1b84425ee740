"""Generate the student edition: the public repository students clone, pull and read.

``make student-edition`` writes ``_build/student-edition/``, a git repository whose tree is
built from an **allow-list** (nothing else of this private repository is copied):

- the book's sources (``book/`` without the instructor guide), ``_config.yml``, ``_toc.yml``,
  the book build (``scripts/build_book.py``, ``vendor_assets.py``, ``book_offline.py``, ``kernel_wait.py``), the npm
  files for the offline assets, ``requirements.txt``, ``pyproject.toml``;
- ``nnlib/`` and, when it exists, ``coursecheck/`` (the checks the released notebooks import);
- ``exercises/NN-name/`` for each assignment listed in ``edition/published.txt``;
- the files of ``edition/template/``: the student README, ``student.py`` (set-up, start,
  update), a Makefile, ``.gitignore``, the Pages workflow, the Binder configuration and the
  Jupyter settings that hide nbgrader's instructor menus.

Generated on the way: ``_toc.yml`` without the instructor guide and the unpublished
assignments, chapter pages whose link to an unpublished assignment reads "not released yet",
and ``binder/requirements.txt`` (the runtime requirements minus the book build's).

With ``--base-repo URL`` the new tree is committed on top of that repository's branch (the
public repository's history: students' clones fast-forward); without it the edition is a new
repository with a single commit. Either way no commit of this repository is copied.
``--check`` scans the edition (and ``--site DIR``) for leaks (``tests/book/leakcheck.py``);
``--publish`` commits on top of the public repository named by ``repository.url`` in
``_config.yml`` and pushes (the workflow ``.github/workflows/publish.yml``; see PUBLISHING.md).

Usage::

    python scripts/student_edition.py [--output DIR] [--published FILE] [--check] [--site DIR]
                                      [--base-repo URL] [--publish]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
EDITION = ROOT / "edition"
TEMPLATE = EDITION / "template"
PUBLISHED = EDITION / "published.txt"
OUTPUT = ROOT / "_build" / "student-edition"

ALLOWED_FILES = ("_config.yml", "requirements.txt", "pyproject.toml", "package.json",
                 "package-lock.json", "scripts/build_book.py", "scripts/vendor_assets.py",
                 "scripts/book_offline.py", "scripts/kernel_wait.py")
REQUIRED_TREES = ("book", "nnlib")
OPTIONAL_TREES = ("coursecheck",)
INSTRUCTOR_PAGES = ("book/instructor-guide",)
BOOK_BUILD_ONLY = ("jupyter-book", "sphinxcontrib-bibtex")
_LINK = re.compile(r"\{doc\}`(?:[^`<]*<)?\.\./exercises/(?P<name>[^/`>]+)/[^`>]+>?`")
_SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}
_GIT_ID = {"GIT_AUTHOR_NAME": "Course edition", "GIT_AUTHOR_EMAIL": "course-edition@localhost",
           "GIT_COMMITTER_NAME": "Course edition", "GIT_COMMITTER_EMAIL": "course-edition@localhost"}


def read_published(path: Path = PUBLISHED) -> list[str]:
    """Assignment names listed in ``path`` (one a line; blank lines and ``#`` comments ignored)."""
    names = [line.split("#", 1)[0].strip() for line in Path(path).read_text(encoding="utf-8").splitlines()]
    names = [n for n in names if n]
    bad = [n for n in names if not re.fullmatch(r"\d\d-[a-z0-9-]+", n)]
    if bad:
        raise ValueError(f"{path}: not assignment names (NN-name): {bad}")
    return names


def assignments(root: Path = ROOT) -> list[str]:
    """Every released assignment of ``root`` (the folders of ``exercises/``)."""
    return sorted(p.name for p in (root / "exercises").iterdir()
                  if p.is_dir() and re.fullmatch(r"\d\d-[a-z0-9-]+", p.name))


def _listed(root: Path, paths: list[str]) -> list[str]:
    """Files under ``paths`` that git tracks or would track (not ignored), relative, existing."""
    proc = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard",
                           "--", *paths], cwd=root, capture_output=True)
    if proc.returncode == 0:
        names = proc.stdout.decode().split("\0")
    else:  # not a git checkout (e.g. a source archive): walk the folders
        names = [p.relative_to(root).as_posix() for top in paths for p in (root / top).rglob("*")]
        names += [t for t in paths if (root / t).is_file()]
    return sorted({n for n in names if n and (root / n).is_file()
                   and not _SKIP_PARTS.intersection(Path(n).parts)
                   and not n.startswith("book/_static/vendor/")})


def select_files(published: list[str], root: Path = ROOT) -> list[str]:
    """The allow-list: relative paths of ``root`` copied verbatim into the edition."""
    released = assignments(root)
    unknown = [n for n in published if n not in released]
    if unknown:
        raise ValueError(f"published but not in exercises/: {unknown}")
    missing = [p for p in (*ALLOWED_FILES, "_toc.yml", *REQUIRED_TREES) if not (root / p).exists()]
    if missing:
        raise FileNotFoundError(f"the edition needs {missing}, missing in {root}")
    trees = [*REQUIRED_TREES, *(t for t in OPTIONAL_TREES if (root / t).is_dir()),
             *(f"exercises/{n}" for n in published)]
    files = _listed(root, [*ALLOWED_FILES, *trees])
    hidden = {f"{page}.md" for page in INSTRUCTOR_PAGES}
    return [f for f in files if f not in hidden]


def mark_unreleased(text: str, unpublished: set[str]) -> str:
    """Replace each ``{doc}`` link to an unpublished assignment by a "not released yet" note."""
    def note(match: re.Match) -> str:
        name = match.group("name")
        return f"the assignment *{name}* (not released yet)" if name in unpublished else match.group(0)
    return _LINK.sub(note, text)


def edition_toc(toc: dict, drop: set[str]) -> dict:
    """A copy of a ``jb-book`` TOC without the entries whose ``file`` is in ``drop``."""
    def keep(entries: list[dict]) -> list[dict]:
        out = []
        for entry in entries:
            if entry["file"] in drop:
                continue
            new = {k: v for k, v in entry.items() if k != "sections"}
            sections = keep(entry.get("sections", []))
            if sections:
                new["sections"] = sections
            out.append(new)
        return out
    parts = [{**part, "chapters": keep(part["chapters"])} for part in toc.get("parts", [])]
    return {**toc, "parts": [p for p in parts if p["chapters"]]}


def binder_requirements(requirements: str) -> str:
    """Binder's requirements: the runtime lines of ``requirements.txt`` minus the book build.

    ``-e .`` is left to ``binder/postBuild`` (it runs from the repository root).
    """
    lines = ["# GENERATED by scripts/student_edition.py from requirements.txt: what the notebooks",
             "# need to run (no book build, no test tools). nnlib is installed by binder/postBuild.",
             "jupyterlab>=4"]
    for raw in requirements.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line and not line.startswith("-") and not line.startswith(BOOK_BUILD_ONLY):
            lines.append(line)
    return "\n".join(lines) + "\n"


def write_tree(out: Path, published: list[str], root: Path = ROOT) -> list[str]:
    """Write the edition's files into ``out`` (which must hold nothing but ``.git``).

    Returns the relative paths written.
    """
    unpublished = set(assignments(root)) - set(published)
    written = []
    for rel in select_files(published, root):
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel.startswith("book/") and rel.endswith(".md"):
            text = (root / rel).read_text(encoding="utf-8")
            target.write_text(mark_unreleased(text, unpublished), encoding="utf-8")
        else:
            shutil.copy2(root / rel, target)
        written.append(rel)
    for source in sorted(p for p in TEMPLATE.rglob("*") if p.is_file()):
        rel = source.relative_to(TEMPLATE).as_posix()
        if _SKIP_PARTS.intersection(Path(rel).parts):
            continue
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, out / rel)
        written.append(rel)
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    drop = set(INSTRUCTOR_PAGES) | {f"exercises/{n}/{n}" for n in unpublished}
    (out / "_toc.yml").write_text(
        "# Table of contents of the student edition (generated from the course's _toc.yml).\n"
        + yaml.safe_dump(edition_toc(toc, drop), sort_keys=False, allow_unicode=True), encoding="utf-8")
    (out / "binder").mkdir(exist_ok=True)
    (out / "binder" / "requirements.txt").write_text(
        binder_requirements((root / "requirements.txt").read_text(encoding="utf-8")), encoding="utf-8")
    return sorted({*written, "_toc.yml", "binder/requirements.txt"})


def _git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **_GIT_ID})
    if proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed in {cwd}:\n{proc.stdout}{proc.stderr}")
    return proc.stdout


def _start_repository(out: Path, base: str | None, branch: str) -> None:
    """Make ``out`` a git repository on ``branch``: a shallow clone of ``base``, or a new one."""
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if base:
        proc = subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--branch", branch, base, str(out)],
                              capture_output=True, text=True)
        if proc.returncode == 0:
            for child in out.iterdir():  # the new tree replaces the old one entirely
                if child.name != ".git":
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
            return
        if "not found" not in proc.stderr and "empty repository" not in proc.stderr:
            raise RuntimeError(f"git clone {base} failed:\n{proc.stderr}")
        if out.exists():
            shutil.rmtree(out)
    out.mkdir()
    _git(out, "init", "--quiet", "--initial-branch", branch)
    if base:
        _git(out, "remote", "add", "origin", base)


def generate(out: Path = OUTPUT, published: list[str] | None = None, base: str | None = None,
             branch: str = "main", root: Path = ROOT) -> bool:
    """Write the edition into ``out`` and commit it; return True if a new commit was made."""
    published = read_published() if published is None else list(published)
    _start_repository(Path(out), base, branch)
    write_tree(Path(out), published, root)
    _git(out, "add", "--all")
    if not _git(out, "status", "--porcelain"):
        return False
    listed = ", ".join(published) if published else "none"
    _git(out, "commit", "--quiet", "-m", f"Course edition\n\nPublished assignments: {listed}.")
    return True


def repository_settings(root: Path = ROOT) -> tuple[str, str]:
    """(``repository.url``, ``repository.branch``) of ``_config.yml``: the public repository."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"], config["repository"].get("branch", "main")


def ssh_url(url: str) -> str:
    """``https://github.com/org/name`` -> ``git@github.com:org/name.git`` (for a deploy key)."""
    parsed = urlparse(url)
    path = parsed.path.strip("/").removesuffix(".git")
    if parsed.scheme != "https" or path.count("/") != 1:
        raise ValueError(f"repository.url must look like https://host/org/name, got {url!r}")
    return f"git@{parsed.hostname}:{path}.git"


def scan(edition: Path, site: Path | None = None, published: list[str] | None = None,
         root: Path = ROOT) -> list[str]:
    """Leaks in ``edition`` (every file) and in ``site`` (a built book): one message each.

    Secret: every distinctive line of a solution region, hidden test, written answer's model
    answer or rubric (``solutions/``) that the published releases and nnlib do not show; every
    answer line of the catalogues (``tests/catalogue/a*.py``) that the published releases, nnlib
    and the chapter pages do not show; and every nbgrader region marker.
    """
    sys.path.insert(0, str(root / "tests" / "book"))
    import leakcheck  # noqa: E402  (the detector and its tests live with the book tests)

    # What students get anyway is read from this repository's own sources, never from the copy
    # being scanned: a leak planted in the edition's notebook must not make itself "public".
    published = read_published() if published is None else published
    released = [root / "exercises" / n / f"{n}.ipynb" for n in published]
    library = sorted((root / "nnlib").rglob("*.py"))  # the public reference library, by design
    pages = sorted((root / "book").glob("*.md"))
    edition = Path(edition)
    lines = leakcheck.secret_lines(sorted((root / "solutions").glob("*/*.ipynb")), released,
                                   public_files=library)
    lines.update(leakcheck.catalogue_lines(sorted((root / "tests" / "catalogue").glob("a*.py")),
                                           leakcheck.public_text(released, [*library, *pages])))
    targets = [(edition, (".git", "node_modules", "book/_static/vendor", "_build"))]
    if site is not None:
        targets.append((Path(site), leakcheck.VENDORED))
    messages = []
    for folder, exclude in targets:
        for line, origin, path in leakcheck.find_leaks(folder, lines, exclude=exclude, suffixes=None):
            messages.append(f"{path}: {line!r} (from {origin.relative_to(root)})")
        for marker, path in leakcheck.find_markers(folder, exclude=exclude):
            messages.append(f"{path}: nbgrader marker {marker!r}")
    return messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write (default: %(default)s)")
    parser.add_argument("--published", type=Path, default=PUBLISHED, help="list of published assignments")
    parser.add_argument("--base-repo", help="commit on top of this repository's branch (URL or path)")
    parser.add_argument("--check", action="store_true", help="scan the edition for leaks")
    parser.add_argument("--site", type=Path, help="with --check: also scan this built book")
    parser.add_argument("--publish", action="store_true",
                        help="commit on top of the public repository (repository.url) and push")
    args = parser.parse_args(argv)
    url, branch = repository_settings()
    base = args.base_repo or (ssh_url(url) if args.publish else None)
    if args.publish and urlparse(url).path.strip("/") == os.environ.get("GITHUB_REPOSITORY"):
        print(f"repository.url ({url}) names this private repository: refusing to publish", file=sys.stderr)
        return 1
    published = read_published(args.published)
    committed = generate(args.output, published, base, branch)
    print(f"student edition in {args.output}: {'new commit' if committed else 'unchanged'}"
          f" (published: {', '.join(published) or 'none'})")
    if args.check or args.publish:
        leaks = scan(args.output, args.site, published)
        for message in leaks[:50]:
            print(f"LEAK {message}", file=sys.stderr)
        if leaks:
            print(f"{len(leaks)} leak(s): the edition must not be published", file=sys.stderr)
            return 1
        print("leak scan: clean")
    if args.publish and committed:
        _git(args.output, "push", "--quiet", "origin", f"HEAD:{branch}")
        print(f"pushed to {base} ({branch})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
