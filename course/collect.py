"""``course collect FOLDER_OR_ZIP``: import student submissions with LMS-style file names.

Understood names (the assignment name must appear in the file name, or pass ``--assignment``):

- Canvas:  ``kimminji_12345_67890_03-activations.ipynb`` (also with ``_late_``);
- Moodle:  ``Kim Minji_12345_assignsubmission_file_03-activations.ipynb``;
- plain:   ``kimminji_03-activations.ipynb``, or a folder per student ``kimminji/03-activations.ipynb``.

The student id is the first name token that is in the roster (roster.csv), else the first token.
Each notebook lands in grading/submitted/<student>/<assignment>/<assignment>.ipynb; other files of
the same student are kept beside it (``course autograde`` removes and flags those not released).
"""

import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from course.roster import read_roster

NOISE = {"late", "assignsubmission", "file", "onlinetext", "submission"}


def _student(tokens, roster_ids):
    for tok in tokens:
        if tok in roster_ids:
            return tok
    for tok in tokens:
        if tok and tok.lower() not in NOISE and not tok.isdigit():
            return re.sub(r"[^A-Za-z0-9_.@-]", "", tok)
    return None


def parse(path, base, assignments, roster_ids, forced=None):
    """(student, assignment, target file name) for one submitted file, or None if not recognised."""
    rel = path.relative_to(base)
    name = rel.name
    asg = forced or next((a for a in sorted(assignments, key=len, reverse=True) if a in str(rel)), None)
    if asg is None:
        return None
    if len(rel.parts) > 1:  # a folder per student
        return _student([rel.parts[0]], roster_ids), asg, name if asg not in name else f"{asg}{path.suffix}"
    stem = name.replace(asg, " ")
    tokens = [t for t in re.split(r"[_\s]+", stem) if t]
    student = _student(tokens, roster_ids)
    if student is None:
        return None
    target = f"{asg}.ipynb" if path.suffix == ".ipynb" else tokens[-1] if len(tokens) > 1 else name
    return student, asg, target


def collect(course, source, forced=None):
    """Import ``source`` (folder or .zip); return (imported [(student, asg, file)], skipped [names])."""
    source = Path(source)
    if not source.exists():
        raise FileNotFoundError(f"{source} does not exist")
    assignments = course.assignments()
    if forced and forced not in assignments:
        raise ValueError(f"unknown assignment {forced!r} (have: {', '.join(assignments)})")
    roster_ids = {r["id"] for r in read_roster(course)}
    with tempfile.TemporaryDirectory(prefix="course-collect-") as tmp:
        base = source
        if source.is_file():
            if not zipfile.is_zipfile(source):
                raise ValueError(f"{source} is neither a folder nor a zip file")
            with zipfile.ZipFile(source) as zf:
                for member in zf.namelist():
                    if member.startswith("/") or ".." in Path(member).parts:
                        raise ValueError(f"{source}: unsafe path in zip: {member}")
                zf.extractall(tmp)
            base = Path(tmp)
        imported, skipped = [], []
        for path in sorted(p for p in base.rglob("*") if p.is_file() and "__MACOSX" not in p.parts):
            hit = parse(path, base, assignments, roster_ids, forced)
            if hit is None:
                skipped.append(str(path.relative_to(base)))
                continue
            student, asg, target = hit
            dest = course.submitted / student / asg / target
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, dest)
            imported.append((student, asg, target))
    return imported, skipped


def cli(args, course):
    import os

    source = args.source or os.environ.get("SUBMISSIONS")
    if not source:
        raise ValueError("say where the submissions are: python -m course collect FOLDER_OR_ZIP "
                         "(or make collect SUBMISSIONS=...)")
    imported, skipped = collect(course, source, args.assignment)
    students = {s for s, _, _ in imported}
    print(f"imported {len(imported)} file(s) of {len(students)} student(s) into {course.submitted}")
    for name in skipped:
        print(f"  skipped (no assignment name or student in the file name): {name}")
    return 0
