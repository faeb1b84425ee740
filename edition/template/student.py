"""Course helper for students: set up Jupyter, start an assignment, update the course safely.

Run it with the course's Python, from the course folder (``.venv/bin/python`` on Linux and macOS,
``.venv\\Scripts\\python`` on Windows)::

    python student.py setup               # hide nbgrader's instructor menus (Validate stays)
    python student.py start 03-activations  # copy the assignment into my-work/03-activations/
    python student.py update              # bring the course's fixes, keep all your work

Your work lives in ``my-work/``, which git ignores: ``git pull`` never touches it. ``update``
also rescues work written straight into ``exercises/`` (it is moved to ``my-work/`` before
pulling), and when an assignment you started was fixed, it rebuilds your copy from the fixed
release with your answers put back, after saving the previous copy in ``my-work/<name>/.backups/``.
Only the Python standard library is used.
"""
from __future__ import annotations

import argparse
import copy
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
WORK = ROOT / "my-work"
RELEASE = ROOT / "exercises"
JUPYTER_CONFIG = ROOT / "jupyter"


def _stamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def _git(*args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}")
    return proc.stdout


def setup(prefix: Path) -> list[Path]:
    """Copy the Jupyter settings that hide nbgrader's instructor menus into ``prefix/etc/jupyter``.

    Hidden: the formgrader, course list, create-assignment and assignment-list panels and the
    *Nbgrader* menu (for a student they fail with "unable to open database file" or "exchange
    directory does not exist"). The **Validate** button stays. Returns the files written.
    """
    written = []
    for source in sorted(p for p in JUPYTER_CONFIG.rglob("*") if p.is_file()):
        target = Path(prefix) / "etc" / "jupyter" / source.relative_to(JUPYTER_CONFIG)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.name == "page_config.json" and target.is_file():  # keep other settings
            merged = json.loads(target.read_text(encoding="utf-8"))
            merged.setdefault("disabledExtensions", {}).update(
                json.loads(source.read_text(encoding="utf-8"))["disabledExtensions"])
            target.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
        else:
            shutil.copyfile(source, target)
        written.append(target)
    return written


def start(name: str) -> Path:
    """Copy ``exercises/<name>/`` to ``my-work/<name>/`` (never over an existing copy)."""
    source, target = RELEASE / name, WORK / name
    if not source.is_dir():
        known = ", ".join(sorted(p.name for p in RELEASE.iterdir() if p.is_dir())) if RELEASE.is_dir() else "none"
        raise SystemExit(f"no assignment {name!r} (released: {known})")
    if target.exists():
        raise SystemExit(f"{target.relative_to(ROOT)} exists already: open it and carry on")
    shutil.copytree(source, target)
    return target


def _cells_by_id(notebook: dict) -> dict[str, dict]:
    return {cell["metadata"]["nbgrader"]["grade_id"]: cell for cell in notebook.get("cells", [])
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")}


def merge_notebook(release: dict, mine: dict) -> dict:
    """The new ``release`` notebook with the answers of ``mine`` put back.

    Every answer cell (``nbgrader.solution: true``) of the release takes the source (and, for
    code, the outputs) of the student's cell with the same ``grade_id``; every other cell (text,
    setup, checks) comes from the release, so its fixes arrive. Neither input is modified.
    """
    merged = copy.deepcopy(release)
    answers = _cells_by_id(mine)
    for cell in merged["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        answer = answers.get(meta.get("grade_id"))
        if meta.get("solution") and answer is not None:
            cell["source"] = copy.deepcopy(answer["source"])
            if cell["cell_type"] == "code" and answer.get("cell_type") == "code":
                cell["outputs"] = copy.deepcopy(answer.get("outputs", []))
                cell["execution_count"] = answer.get("execution_count")
    return merged


def _rescue(path: str, stamp: str) -> str:
    """Save a locally changed tracked file where ``git pull`` cannot touch it; say where."""
    source = ROOT / path
    rel = Path(path)
    if rel.parts[0] == "exercises" and len(rel.parts) > 1:
        target = WORK.joinpath(*rel.parts[1:])
    else:
        target = WORK / "_rescued" / stamp / rel
    if target.is_file() and target.read_bytes() == source.read_bytes():
        return f"{path}: already saved as {target.relative_to(ROOT)}"
    if target.exists():
        target = target.with_name(f"{target.stem}.rescued-{stamp}{target.suffix}")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return f"{path}: your version saved as {target.relative_to(ROOT)}"


def update() -> list[str]:
    """Rescue local changes, ``git pull --ff-only``, merge fixed releases into ``my-work/``.

    Returns the lines of the report printed to the student. Nothing the student wrote is
    deleted: changed tracked files are copied to ``my-work/`` before git restores them, and a
    copy in ``my-work/`` is backed up before the fixed release is merged into it.
    """
    report, stamp = [], _stamp()
    changed = []
    for line in _git("status", "--porcelain", "--untracked-files=no").splitlines():
        path = line[3:].split(" -> ")[-1].strip('"')
        changed.append(path)
        if (ROOT / path).is_file():
            report.append(_rescue(path, stamp))
    if changed:
        _git("checkout", "HEAD", "--", *changed)
    old = _git("rev-parse", "HEAD").strip()
    _git("pull", "--ff-only", "--quiet")
    new = _git("rev-parse", "HEAD").strip()
    fixed = set(_git("diff", "--name-only", old, new, "--", "exercises").splitlines()) if old != new else set()
    for mine in sorted(WORK.glob("*/*.ipynb")) if WORK.is_dir() else []:
        release = RELEASE / mine.relative_to(WORK)
        if release.relative_to(ROOT).as_posix() not in fixed or not release.is_file():
            continue
        backup = mine.parent / ".backups" / f"{mine.stem}-{stamp}{mine.suffix}"
        backup.parent.mkdir(exist_ok=True)
        shutil.copy2(mine, backup)
        merged = merge_notebook(json.loads(release.read_text(encoding="utf-8")),
                                json.loads(mine.read_text(encoding="utf-8")))
        mine.write_text(json.dumps(merged, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        report.append(f"{mine.relative_to(ROOT)}: the course's fixes merged in, your answers kept "
                      f"(previous copy: {backup.relative_to(ROOT)})")
    report.append("course updated" if old != new else "the course had no new changes")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_setup = sub.add_parser("setup", help="hide nbgrader's instructor menus in this Python's Jupyter")
    p_setup.add_argument("--prefix", type=Path, default=Path(sys.prefix),
                         help="environment to configure (default: the running Python's)")
    p_start = sub.add_parser("start", help="copy an assignment into my-work/")
    p_start.add_argument("name", help="assignment, e.g. 03-activations")
    sub.add_parser("update", help="bring the course's fixes; keep your work")
    args = parser.parse_args(argv)
    if args.command == "setup":
        for path in setup(args.prefix):
            print(f"wrote {path}")
    elif args.command == "start":
        target = start(args.name)
        print(f"open {(target / (args.name + '.ipynb')).relative_to(ROOT)} in JupyterLab")
    else:
        try:
            for line in update():
                print(line)
        except RuntimeError as error:
            print(error, file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
