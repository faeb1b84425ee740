"""``course export``: the grades as the instructor and the LMSs read them, with names and ids.

Writes into grading/ (or beside ``--output``):

- ``grades.csv``: one row per student and assignment; every rostered student for every assignment
  in the gradebook (a missing submission scores 0 with the reason "no submission"); flags raised while
  grading are in ``reason``; names, email and LMS ids from the roster; the submission time, how late
  it was and nbgrader's late penalty; ``final_score`` = score - late penalty.
- ``canvas-import.csv``: Canvas's gradebook import format (Student, ID, SIS User ID, SIS Login ID,
  Section, one column per assignment, final scores). With ``--canvas EXPORT.csv`` (Canvas's own
  gradebook export) that file is filled in instead: the column whose name starts with the assignment's
  name gets the scores, every other cell stays as exported.
- ``moodle-import.csv``: for Moodle's "Import grades > CSV file" (ID number, Email address, First
  name, Last name, one column per assignment; map ID number or Email address to the user). With
  ``--moodle EXPORT.csv`` Moodle's gradebook export is filled in instead, or an assignment's grading
  worksheet (Identifier, Full name, Email address, ..., Grade; the file name Moodle gave it names the
  assignment), whose Grade column gets the scores, for the assignment's "Upload grading worksheet".

Only rostered students go into the LMS files; students the roster lacks are in grades.csv with
``rostered`` = no.
"""

import re
from pathlib import Path

from course.lateness import late_text
from course.lmstable import read_table, write_table
from course.roster import display_name, read_roster
from course.scores import score_rows

COLUMNS = ["student", "assignment", "score", "max_score", "status", "reason",
           "name", "email", "sis_id", "lms_id", "rostered", "submitted_at", "late", "late_penalty", "final_score"]


def _lateness(course, rows):
    """{(student, assignment): (timestamp, seconds late, penalty)} from the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    from course.paths import COURSE_ID

    out = {}
    with Gradebook(course.db_url, COURSE_ID) as gb:
        for r in rows:
            try:
                sub = gb.find_submission(r["assignment"], r["student"])
            except MissingEntry:
                continue
            out[r["student"], r["assignment"]] = (sub.timestamp, sub.total_seconds_late,
                                                  float(sub.late_submission_penalty or 0))
    return out


def grade_rows(course):
    """score_rows with roster fields, lateness and the final score."""
    roster = {r["id"]: r for r in read_roster(course)}
    rows = score_rows(course)
    late = _lateness(course, rows)
    for r in rows:
        info = roster.get(r["student"], {})
        stamp, seconds, pen = late.get((r["student"], r["assignment"]), (None, 0, 0.0))
        r.update(name=display_name(info) if info else "", email=info.get("email", ""),
                 sis_id=info.get("sis_id", ""), lms_id=info.get("lms_id", ""),
                 rostered="yes" if info else "no",
                 submitted_at=stamp.isoformat() + "Z" if stamp else "", late=late_text(seconds),
                 late_penalty=round(pen, 4), final_score=round(max(0.0, float(r["score"]) - pen), 4))
    return rows, roster


def _fmt(x):
    return f"{x:g}"


def canvas_file(rows, roster, out, exported=None):
    """Canvas's gradebook import CSV (or ``exported`` filled in) at ``out``."""
    scores = {(r["student"], r["assignment"]): r["final_score"] for r in rows if r["rostered"] == "yes"}
    assignments = sorted({r["assignment"] for r in rows})
    if exported is None:
        maxima = {r["assignment"]: r["max_score"] for r in rows}
        header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + assignments
        body = [["Points Possible", "", "", "", ""] + [_fmt(maxima[a]) for a in assignments]]
        for sid, info in sorted(roster.items()):
            name = ", ".join(p for p in (info["last_name"], info["first_name"]) if p)
            body.append([name, info["lms_id"], info["sis_id"] or (sid if not info["lms_id"] else ""),
                         info["login"], info["section"]] + [_fmt(scores.get((sid, a), 0.0)) for a in assignments])
        return write_table(out, header, body), set(roster)
    header, raw, dialect = read_table(exported)
    low = [h.lower() for h in header]
    by_lms = {info["lms_id"]: sid for sid, info in roster.items() if info["lms_id"]}
    by_sis = {info["sis_id"]: sid for sid, info in roster.items() if info["sis_id"]}
    return _fill(out, header, raw, dialect, assignments, scores, [
        (low.index("id"), by_lms) if "id" in low else None,
        (low.index("sis user id"), by_sis) if "sis user id" in low else None], exported)


def moodle_file(rows, roster, out, exported=None):
    """A CSV for Moodle's grade import (or Moodle's ``exported`` gradebook filled in) at ``out``."""
    scores = {(r["student"], r["assignment"]): r["final_score"] for r in rows if r["rostered"] == "yes"}
    assignments = sorted({r["assignment"] for r in rows})
    if exported is None:
        header = ["ID number", "Email address", "First name", "Last name"] + assignments
        body = [[info["sis_id"] or sid, info["email"], info["first_name"], info["last_name"]]
                + [_fmt(scores.get((sid, a), 0.0)) for a in assignments] for sid, info in sorted(roster.items())]
        return write_table(out, header, body), set(roster)
    header, raw, dialect = read_table(exported)
    low = [h.lower() for h in header]
    by_sis = {(info["sis_id"] or sid): sid for sid, info in roster.items()}
    by_mail = {info["email"].lower(): sid for sid, info in roster.items() if info["email"]}
    keys = [(low.index(h), by_sis) for h in ("id number", "id 번호", "학번") if h in low]
    keys += [(low.index(h), by_mail) for h in ("email address", "이메일 주소", "이메일") if h in low]
    columns = None
    grade = next((low.index(h) for h in ("grade", "성적") if h in low), None)
    if grade is not None and ({"identifier", "식별자"} & set(low)):  # an assignment's grading worksheet
        named = [a for a in assignments if a in Path(exported).name]
        if len(named) != 1:
            raise ValueError(f"{exported}: a Moodle grading worksheet, but its file name does not name one "
                             f"assignment ({', '.join(assignments)}); keep the name Moodle gave it")
        columns = {named[0]: grade}
    return _fill(out, header, raw, dialect, assignments, scores, keys, exported, columns)


def _fill(out, header, raw, dialect, assignments, scores, keys, exported, columns=None):
    """Write the LMS's own export with the assignments' columns filled for the students found
    (``columns``: {assignment: column index}; default: the columns named after the assignments)."""
    columns = {} if columns is None else columns
    for a in assignments if not columns else ():
        hits = [i for i, h in enumerate(header) if re.sub(r"^(assignment|과제)\s*:\s*", "", h, flags=re.IGNORECASE).startswith(a)]
        if len(hits) > 1:
            raise ValueError(f"{exported}: line 1: several columns are named for {a}: "
                             + ", ".join(repr(header[i]) for i in hits))
        if hits:
            columns[a] = hits[0]
    if not columns:
        raise ValueError(f"{exported}: line 1: no column is named for an assignment ({', '.join(assignments)}); "
                         "create the assignments in the LMS with these names, or export without the file")
    keys, body, found = [k for k in keys if k], [], set()
    for _, cells in raw:
        cells = cells + [""] * (len(header) - len(cells))
        sid = next((m.get(cells[i]) or m.get(cells[i].lower()) for i, m in keys
                    if m.get(cells[i]) or m.get(cells[i].lower())), None)
        if sid:
            found.add(sid)
            for a, i in columns.items():
                cells[i] = _fmt(scores.get((sid, a), 0.0))
        body.append(cells)
    return write_table(out, header, body, delimiter=dialect["delimiter"]), found


def export(course, output=None, canvas=None, moodle=None):
    """Write grades.csv and the LMS files; return (grades.csv path, rows, {kind: (path, ids filled in)})."""
    rows, roster = grade_rows(course)
    out = Path(output) if output else course.grading / "grades.csv"
    write_table(out, COLUMNS, [[r.get(c, "") for c in COLUMNS] for r in rows])
    lms = {"Canvas": canvas_file(rows, roster, out.parent / "canvas-import.csv", canvas),
           "Moodle": moodle_file(rows, roster, out.parent / "moodle-import.csv", moodle)}
    return out, rows, lms


def cli(args, course):
    if not course.gradebook.exists():
        raise ValueError("nothing graded yet: run `python -m course autograde` before `export`")
    out, rows, lms = export(course, args.output, getattr(args, "canvas", None), getattr(args, "moodle", None))
    missing = sum(r["status"] == "missing" for r in rows)
    late = sum(bool(r["late"]) for r in rows)
    print(f"wrote {len(rows)} rows ({missing} missing submissions scored 0, {late} late) to {out}")
    roster = {r["id"] for r in read_roster(course)}
    for kind, (path, found) in lms.items():
        print(f"{kind} import file: {path} ({len(found)} of {len(roster)} rostered students)")
        if roster - found:
            print(f"  not in the {kind} file (no matching ID / ID number / email), left as exported: "
                  f"{', '.join(sorted(roster - found))}")
    if not roster:
        print("note: no roster, so the LMS files are empty: import it with `python -m course roster EXPORT.csv`")
    return 0
