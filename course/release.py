"""``course release``: regenerate exercises/ from solutions/ with nbgrader, byte for byte reproducibly.

nbgrader's generate_assignment does the work (solutions cleared, hidden tests removed, checksums,
locked cells). It writes into a temporary folder with a throwaway gradebook; the notebooks are then
normalised (outputs and execution counts cleared, cell ids derived from grade ids and positions,
JSON written by nbformat with sorted keys) so two releases of the same source are identical, and
copied to exercises/. ``--check`` compares instead of copying and lists every drifting file.
"""

import filecmp
import logging
import shutil
import tempfile
from pathlib import Path

import nbformat


LEAK_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS", "### BEGIN SOLUTION", "### END SOLUTION",
                "=== BEGIN MARK SCHEME ===")


def _normalise(path):
    """Rewrite notebook ``path`` in the canonical form; return its text."""
    nb = nbformat.read(path, as_version=4)
    nb.nbformat_minor = max(nb.nbformat_minor, 5)
    seen = set()
    for i, cell in enumerate(nb.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cid = grade_id if grade_id and grade_id not in seen else f"cell-{i:03d}"
        seen.add(cid)
        cell["id"] = cid
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for marker in LEAK_MARKERS:
            if marker in cell.source:
                raise ValueError(f"{path}: cell {i} still contains {marker!r} after release")
    nb.metadata.pop("widgets", None)
    text = nbformat.writes(nb, version=4) + "\n"
    Path(path).write_text(text, encoding="utf-8")
    return text


def generate(course, assignment, out_dir, db_url=None):
    """Run nbgrader's GenerateAssignment (in this process) for ``assignment`` into ``out_dir``.

    ``db_url``: the gradebook that records the assignment's cells (default: a throwaway one).
    """
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    from course.nbconfig import apply
    from course.paths import ErrorLog, use_venv_path

    with tempfile.TemporaryDirectory(prefix="course-release-") as tmp:
        c = apply(Config(), course)
        c.CourseDirectory.release_directory = str(out_dir)
        c.CourseDirectory.db_url = db_url or f"sqlite:///{tmp}/release.db"
        if db_url is None:  # no gradebook needed to release
            c.SaveCells.enabled = False
            c.GenerateAssignment.no_database = True
        c.BaseConverter.force = True
        coursedir = CourseDirectory(config=c)
        coursedir.assignment_id = assignment
        converter = GenerateAssignment(coursedir=coursedir, config=c)
        converter.log.setLevel(logging.WARNING)
        use_venv_path()
        with ErrorLog(converter.log) as errors:
            try:
                converter.start()
            except Exception as err:  # nbgrader raises NbGraderException after logging the cause
                detail = "\n".join(errors[-3:]) or str(err)
                raise RuntimeError(f"nbgrader generate_assignment {assignment} failed:\n{detail}") from err
    produced = Path(out_dir) / assignment
    if not produced.is_dir():
        raise RuntimeError(f"nbgrader generate_assignment {assignment} produced nothing")
    for nb in sorted(produced.rglob("*.ipynb")):
        _normalise(nb)
    return produced


def _differences(a, b):
    cmp = filecmp.dircmp(a, b)
    out = [f"only in {cmp.left}: {n}" for n in cmp.left_only] + [f"only in {cmp.right}: {n}" for n in cmp.right_only]
    for name in cmp.common_files:
        if not filecmp.cmp(Path(a) / name, Path(b) / name, shallow=False):
            out.append(f"differs: {Path(b) / name}")
    for sub in cmp.common_dirs:
        out += _differences(Path(a) / sub, Path(b) / sub)
    return out


def release(course, names=None, check=False):
    """Release (or with ``check``, compare) the assignments ``names`` (default: all). Returns drift lines."""
    drift = []
    for name in course.assignments(names):
        with tempfile.TemporaryDirectory(prefix="course-release-out-") as out:
            produced = generate(course, name, out)
            target = course.release / name
            if check:
                drift += [f"{name}: missing {target}"] if not target.is_dir() else [
                    f"{name}: {d}" for d in _differences(produced, target)]
            else:
                if target.exists():
                    shutil.rmtree(target)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copytree(produced, target)
    if check and course.release.is_dir():
        known = set(course.assignments())
        drift += [f"{p.name}: in exercises/ but not in solutions/" for p in course.release.iterdir()
                  if p.is_dir() and p.name not in known and not names]
    return drift
