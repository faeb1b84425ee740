"""``course collect FOLDER_OR_ZIP``: import submissions as Canvas and Moodle download them; lose nothing.

Every file is either placed under exactly one rostered student or listed as not placed, with the
reason (the command then exits 1 unless ``--allow-unplaced``). Understood layouts:

- Canvas:  ``kimminji_12345_67890_03-activations.ipynb`` (``_LATE_``/``_late_`` too; 12345 is the
  Canvas user ID, matched to the roster's ``lms_id``; Canvas's ``-1`` and the browser's ``(1)``
  renames are undone);
- Moodle:  a folder per student ``Kim Minji_501_assignsubmission_file_/03-activations.ipynb`` or the
  flat ``Kim Minji_501_assignsubmission_file_03-activations.ipynb`` (matched by the roster's name);
- plain:   ``<id>_03-activations.ipynb``, ``<id>/03-activations.ipynb`` or ``<id>/<assignment>/...``.

The assignment name must appear in the path, or pass ``--assignment``. Several files for one
student's same file: the newest by the LMS's time (the zip's entry time, read in the LMS's time zone
of due-dates.toml; a folder's file time) wins; the others are kept in grading/collect/<time>/superseded/.
Files not placed are copied to grading/collect/<time>/not-placed/; its log.csv lists every file.
A re-collect replaces a student's earlier submission of that assignment; the submission time goes to
nbgrader's timestamp.txt and the due dates into the gradebook (:mod:`course.lateness`).
"""

import contextlib
import csv
import re
import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from course import lateness
from course.lmsfiles import Entry, read_source
from course.roster import Lookup, require_roster

SYSTEM = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$|desktop\.ini$|\._)", re.IGNORECASE)
MOODLE = re.compile(r"^(?P<name>.+?)_(?P<pid>[^_]+)_(?:assignsubmission|assignfeedback)_[a-z]+_(?P<rest>.*)$")
CANVAS = re.compile(r"^(?P<name>[^_]*)_(?:(?P<late>late)_)?(?P<uid>\d+)_(?:(?P<att>\d+)_)?(?P<rest>.+)$", re.IGNORECASE)
NO_ASSIGNMENT = "no assignment name in its path (pass --assignment NAME)"
RENAMED = re.compile(r" ?\(\d+\)$")  # a browser's or file manager's "(1)" (Canvas's "-1": see clean_name)
SAFE_NAME = re.compile(r"^[\w가-힣][\w가-힣 .()+-]*$")


def clean_name(name, asg, forced):
    """The name a submitted file gets in grading/submitted/ (None if it is unusable).

    A notebook named after the assignment becomes ``<assignment>.ipynb`` whatever Canvas (``-1``) or a
    browser (`` (1)``) appended; other files keep their names (``layer-2.py`` may be the student's own).
    """
    path = PurePosixPath(name)
    stem = RENAMED.sub("", path.stem)
    if path.suffix.lower() == ".ipynb" and (asg in stem or forced):
        return f"{asg}.ipynb"
    name = stem + path.suffix  # never timestamp.txt: that is the LMS's time, not the student's word
    return name if SAFE_NAME.match(name) and ".." not in name and name.lower() != "timestamp.txt" else None


def place(entry, roster, assignments, forced):
    """Fill ``entry.student``, ``.assignment``, ``.target`` (or ``.reason``) from its path.

    ``forced``: the assignment of every file (``--assignment``, or the one the zip's own name says).
    The download may sit in a wrapper folder: every folder of the path is tried.
    """
    parts = entry.rel.split("/")
    dirs, name = parts[:-1], parts[-1]
    asg = forced or next((a for a in sorted(assignments, key=len, reverse=True) if a in entry.rel), None)
    student, why, rest = None, None, name
    moodle = next((m for m in map(MOODLE.match, dirs + [name]) if m), None)
    canvas = CANVAS.match(name)
    if moodle:
        student, why = roster.by_name(moodle["name"])
        if student is None and moodle["pid"] in roster.ids:
            student, why = moodle["pid"], None
        rest, entry.kind = (moodle["rest"] if moodle.string == name else name), "Moodle"
    elif canvas:
        student = roster.lms.get(canvas["uid"]) or (canvas["uid"] if canvas["uid"] in roster.ids else None)
        if student is None:
            student, why = roster.by_name(canvas["name"])
            if student is None or student in roster.has_lms:  # a rostered Canvas user has another ID
                student, why = None, f"Canvas user {canvas['uid']} ({canvas['name'] or 'no name'}) is not on the roster"
        if student:
            entry.late, entry.order, rest = bool(canvas["late"]), int(canvas["att"] or 0), canvas["rest"]
            entry.kind = "Canvas"
    if student is None and not moodle:
        for folder in (d for d in dirs if d not in assignments):  # a folder per student
            found, reason = roster.by_name(folder)
            student, why = (found, None) if found else (None, why or reason)
            if found:
                entry.kind = "folder"
                break
    if student is None and not moodle and not canvas and not dirs:
        prefix = name.split(asg)[0].strip("_- ") if asg and asg in name else ""
        for token in [prefix] + [t for t in re.split(r"[_\s]+", name.replace(asg or "\0", " ")) if t]:
            student, why = roster.by_name(token)
            if student:
                entry.kind = "plain"
                break
    if student is None:
        entry.reason = why
        return
    entry.student, entry.rest = student, rest
    if asg is None:
        entry.reason = NO_ASSIGNMENT
        return
    set_target(entry, asg, forced)


def set_target(entry, asg, forced):
    target = clean_name(PurePosixPath(entry.rest).name, asg, forced)
    if target is None:
        entry.reason = f"unusable file name {PurePosixPath(entry.rest).name!r}"
    else:
        entry.assignment, entry.target, entry.reason = asg, target, ""


def collect(course, source, forced=None):
    """Import ``source`` (folder or .zip); return (every :class:`Entry` with status and reason, run folder)."""
    source = Path(source)
    if not source.exists():
        raise FileNotFoundError(f"{source} does not exist")
    assignments = course.assignments()
    if forced and forced not in assignments:
        raise ValueError(f"unknown assignment {forced!r} (have: {', '.join(assignments)})")
    if not source.is_dir() and not zipfile.is_zipfile(source) and source.suffix.lower() != ".zip":
        raise ValueError(f"{source} is neither a folder nor a zip file")
    roster = Lookup(require_roster(course, "collect"))
    named = [a for a in assignments if a in source.name]
    forced = forced or (named[0] if len(named) == 1 else None)
    settings = lateness.load(course)
    with contextlib.ExitStack() as stack:
        entries = read_source(source, settings["timezone"], stack)
        work = _place_all(course, entries, roster, assignments, forced)
    _stamp(course, entries, settings)
    entries += _stale(course, roster, work)
    _log(work / "log.csv", entries)
    return entries, work


def _place_all(course, entries, roster, assignments, forced):
    """Decide every entry's place, write the placed and keep the rest; return this run's folder."""
    for e in entries:
        if SYSTEM.search(e.rel):
            e.status, e.reason = "ignored", "system file"
        elif e.opener is not None:
            place(e, roster, assignments, forced)
    homes = {}
    for e in entries:
        if e.target:
            homes.setdefault(e.student, set()).add(e.assignment)
    for e in entries:  # a helper file beside the one assignment its student submitted here
        if e.reason == NO_ASSIGNMENT and len(homes.get(e.student, ())) == 1:
            set_target(e, next(iter(homes[e.student])), None)
    chosen = {}
    for e in entries:
        if e.target and e.opener is not None:
            chosen.setdefault((e.student, e.assignment, e.target), []).append(e)
    work = course.grading / "collect" / datetime.now().strftime("%Y%m%d-%H%M%S-%f")  # this run's; others kept
    replaced = set()
    for (student, asg, target), group in sorted(chosen.items()):
        group.sort(key=lambda e: (e.when or datetime.min.replace(tzinfo=timezone.utc), e.order, e.rel))
        newest = group[-1]
        for old in group[:-1]:
            old.status = "superseded"
            old.reason = f"older than {newest.rel}; kept in {work / 'superseded'}"
            _keep(work / "superseded" / student / asg, old)
        folder = course.submitted / student / asg
        if (student, asg) not in replaced:  # the earlier submission goes (the folder is kept: rmdir is slow)
            if folder.is_symlink() or folder.is_file():
                folder.unlink()
            for child in folder.iterdir() if folder.is_dir() else ():
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
            replaced.add((student, asg))
            folder.mkdir(parents=True, exist_ok=True)
        _copy(newest, folder / target)
        newest.status, newest.reason = "placed", "LMS marked it late" if newest.late else ""
    for e in entries:
        if e.status == "not placed":
            _keep(work / "not-placed" / PurePosixPath(e.rel).parent, e)
    return work


def _copy(entry, dest):
    with entry.opener() as src, open(dest, "wb") as out:
        shutil.copyfileobj(src, out, 1 << 20)


def _keep(folder, entry):
    if entry.opener is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / PurePosixPath(entry.rel).name
    n = 1
    while dest.exists():
        dest, n = folder / f"{n}-{PurePosixPath(entry.rel).name}", n + 1
    _copy(entry, dest)


def _stamp(course, entries, settings):
    """timestamp.txt (nbgrader's) of every placed submission; due dates into the gradebook."""
    newest = {}
    for e in entries:
        if e.status == "placed" and e.when is not None:
            k = (e.student, e.assignment)
            newest[k] = max(newest.get(k, e.when), e.when)
    for (student, asg), when in newest.items():
        (course.submitted / student / asg / "timestamp.txt").write_text(lateness.timestamp_text(when) + "\n")
    if newest or settings["due"]:
        lateness.apply_due_dates(course, settings["due"])


def _stale(course, roster, work):
    """Folders under grading/submitted/ that are not rostered students (an earlier run's): moved aside."""
    moved = []
    if course.submitted.is_dir():
        for folder in sorted(course.submitted.iterdir()):
            if folder.name not in roster.ids:
                dest = work / "not-on-roster" / folder.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(folder), dest)
                moved.append(Entry(f"grading/submitted/{folder.name}", reason="left by an earlier collect and "
                                   f"not a rostered student; moved to {dest}"))
    return moved


def _log(path, entries):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "status", "student", "assignment", "placed_as", "layout", "lms_time", "reason"])
        for e in entries:
            writer.writerow([e.rel, e.status, e.student, e.assignment, e.target if e.status == "placed" else "",
                             e.kind, e.when.isoformat() if e.when else "", e.reason])


def cli(args, course):
    import os

    source = args.source or os.environ.get("SUBMISSIONS")
    if not source:
        raise ValueError("say where the submissions are: python -m course collect FOLDER_OR_ZIP "
                         "(or make collect SUBMISSIONS=...)")
    entries, work = collect(course, source, args.assignment)
    placed = [e for e in entries if e.status == "placed"]
    print(f"placed {len(placed)} file(s) of {len({e.student for e in placed})} student(s) into {course.submitted}")
    for status in ("superseded", "not placed", "ignored"):
        group = [e for e in entries if e.status == status]
        if group:
            print(f"{status}: {len(group)} file(s)")
        for e in group:
            print(f"  {e.rel}: {e.reason}")
    late = [e for e in placed if e.late]
    if late:
        print(f"marked late by the LMS: {', '.join(sorted({f'{e.student} ({e.assignment})' for e in late}))}")
    due = lateness.load(course)["due"]
    late = sorted({(e.student, e.assignment, e.when - due[e.assignment]) for e in placed
                   if e.when and e.assignment in due and e.target.endswith(".ipynb") and e.when > due[e.assignment]})
    for student, asg, delay in late:
        print(f"after the due date of due-dates.toml: {student} ({asg}), {lateness.late_text(delay.total_seconds())}")
    print(f"every file and what became of it: {work / 'log.csv'}")
    unplaced = sum(e.status == "not placed" for e in entries)
    if unplaced and not args.allow_unplaced:
        print(f"error: {unplaced} file(s) not placed (copied to {work / 'not-placed'}); fix the roster or "
              f"the names and collect again, or pass --allow-unplaced", file=__import__("sys").stderr)
        return 1
    return 0
