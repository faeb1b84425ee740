"""The student roster: grading/roster.csv (private, ignored by git).

Columns: ``id`` (the student's id in the gradebook and in grading/submitted/), ``first_name``,
``last_name``, ``email``, ``lms_id`` (Canvas's user ID), ``sis_id`` (Canvas's SIS User ID or
Moodle's ID number), ``login`` (Canvas's SIS Login ID) and ``section``.

``course roster FILE.csv`` imports (merges) one of:

- a Canvas gradebook export (``Student, ID, SIS User ID, SIS Login ID, Section, ...``): the
  "Points Possible" row and the test student are skipped; id = SIS User ID, else Canvas's ID;
- a Moodle gradebook or participants export (``First name, Last name, ID number, ...,
  Email address``, English or Korean headers): id = ID number, else the email address;
- a plain CSV with an ``id`` column (and any of the columns above).

Encoding and separator are detected (:mod:`course.lmstable`). Merging never blanks a stored field:
an empty or absent column keeps what the roster had. ``course roster --drop ID`` removes a student.
Every rostered student appears in ``course export``; one who submitted nothing scores 0 there.
"""

import csv
import re
import unicodedata

from course.lmstable import TableError, read_table, where

FIELDS = ["id", "first_name", "last_name", "email", "lms_id", "sis_id", "login", "section"]
ID_RE = re.compile(r"^[A-Za-z0-9_.@-]+$")
ID_RULE = "letters, digits, _ . @ - only"

CANVAS = {"student": "name", "id": "lms_id", "sis user id": "sis_id", "sis login id": "login",
          "section": "section"}
MOODLE = {"first name": "first_name", "이름": "first_name", "last name": "last_name", "성": "last_name",
          "id number": "sis_id", "id 번호": "sis_id", "학번": "sis_id", "email address": "email",
          "이메일 주소": "email", "이메일": "email", "username": "login", "사용자 아이디": "login"}
PLAIN = {f: f for f in FIELDS} | {"name": "name"}
TEST_STUDENTS = {"student, test", "test student", "테스트 학생", "학생, 테스트"}


def _kind(header):
    keys = {h.lower() for h in header}
    if {"student", "id"} <= keys and keys & {"sis user id", "sis login id", "section"}:
        return "Canvas", CANVAS
    if "id" in keys:
        return "plain", PLAIN
    if keys & {"id number", "id 번호", "학번", "email address", "이메일 주소", "이메일"}:
        return "Moodle", MOODLE
    return None, None


def display_name(row):
    """'First Last' (or the one name there is) for reports and exports; Korean names family name first ('김민지')."""
    first, last = row.get("first_name", ""), row.get("last_name", "")
    if first and last and all("가" <= ch <= "힣" for ch in first + last):
        return last + first
    return " ".join(p for p in (first, last) if p)


def parse_roster(path):
    """(rows, kind, skipped) of an LMS export or plain roster CSV at ``path``.

    ``rows`` are dicts over :data:`FIELDS`; ``skipped`` lists (line, reason) of rows left out
    (Canvas's "Points Possible" and test-student rows). Raises :class:`ValueError` naming the
    file, line and column of the first problem.
    """
    header, raw, dialect = read_table(path)
    kind, mapping = _kind(header)
    if kind is None:
        hint = ""
        if len(header) == 1 and any(c in header[0] for c in "|: ^"):
            hint = " (only one column was found: is the separator something other than , ; or tab?)"
        raise TableError(f"{where(path, 1)}: no student id column{hint}; found columns: "
                         f"{', '.join(repr(h) for h in header)}; expected 'id', Canvas's 'Student'/'ID'/"
                         f"'SIS User ID', or Moodle's 'ID number'/'Email address'")
    cols = {mapping[h.lower()]: i for i, h in reversed(list(enumerate(header))) if h.lower() in mapping}
    rows, skipped, seen = [], [], {}
    for line, cells in raw:
        row = {f: cells[i] if i < len(cells) else "" for f, i in cols.items()}
        if kind == "Canvas":
            first = cells[0] if cells else ""
            if first.lower() in ("points possible", "manual posting") or not row.get("lms_id"):
                skipped.append((line, f"Canvas's {first or 'unnamed'!r} row (no Canvas ID: not a student)"))
                continue
            if row["name"].lower() in TEST_STUDENTS:
                skipped.append((line, f"Canvas's test student {row['name']!r}"))
                continue
            last, _, given = row.pop("name").partition(",")
            row.update(last_name=last.strip(), first_name=given.strip())
            key = "sis_id" if row.get("sis_id") else "lms_id"
        elif kind == "Moodle":
            key = next((k for k in ("sis_id", "email", "login") if row.get(k)), "sis_id")
        else:
            key = "id"
            if row.get("name") and not (row.get("first_name") or row.get("last_name")):
                row["last_name"] = row["name"]
            row.pop("name", None)
        sid = row.get(key, "")
        if not ID_RE.match(sid):
            col = cols.get(key)
            what = "is empty" if not sid else f"{sid!r} is not a valid id ({ID_RULE})"
            raise TableError(f"{where(path, line, col, header)}: the student id {what}")
        if sid in seen:
            raise TableError(f"{where(path, line, cols.get(key), header)}: student id {sid!r} "
                             f"again (first on line {seen[sid]})")
        seen[sid] = line
        row["id"] = sid
        rows.append({f: row.get(f, "") for f in FIELDS})
    return rows, f"{kind} ({dialect['encoding']}, {dialect['delimiter']!r}-separated)", skipped


def read_roster(course):
    """Rows of roster.csv as dicts over :data:`FIELDS` (empty list when there is no roster)."""
    if not course.roster.exists():
        return []
    rows, _, _ = parse_roster(course.roster)
    return rows


def require_roster(course, step):
    """The roster's rows; a one-line error saying what to run first when there is none."""
    rows = read_roster(course)
    if not rows:
        raise ValueError(f"{step} needs the roster first: import it with `python -m course roster "
                         f"EXPORT.csv` (a Canvas or Moodle gradebook export, or a CSV with an 'id' column)")
    return rows


def write_roster(course, rows):
    course.roster.parent.mkdir(parents=True, exist_ok=True)
    with open(course.roster, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: r["id"]))


def merge(old, new):
    """``old`` rows updated by ``new`` ones (by id); an empty field in ``new`` never blanks ``old``'s."""
    rows = {r["id"]: dict(r) for r in old}
    for r in new:
        kept = rows.setdefault(r["id"], {f: "" for f in FIELDS})
        kept.update({f: v for f, v in r.items() if v})
    return list(rows.values())


def key(text):
    """A name reduced to lower-case letters and digits (NFC; Hangul kept) for matching."""
    return "".join(ch for ch in unicodedata.normalize("NFC", text).lower() if ch.isalnum())


class Lookup:
    """Look-ups from what LMS file names carry to roster ids."""

    def __init__(self, rows):
        self.ids = {r["id"] for r in rows}
        self.lms = {r["lms_id"]: r["id"] for r in rows if r.get("lms_id")}
        self.has_lms = {r["id"] for r in rows if r.get("lms_id")}
        self.names = {}
        for r in rows:
            for k in {key(r["id"]), key(r["first_name"] + r["last_name"]), key(r["last_name"] + r["first_name"]),
                      key(r.get("login", "")), key(r.get("sis_id", ""))} - {""}:
                self.names.setdefault(k, set()).add(r["id"])

    def by_name(self, name):
        """(id, None) or (None, reason)."""
        hits = self.names.get(key(name), set())
        if len(hits) == 1:
            return next(iter(hits)), None
        if hits:
            return None, f"the name {name!r} fits several rostered students ({', '.join(sorted(hits))})"
        return None, f"{name!r} is not on the roster" if key(name) else "the file name carries no student name"


def _sync_gradebook(course, rows):
    """Names and emails into the gradebook (the formgrader shows them), when there is one."""
    if not course.gradebook.exists():
        return
    from nbgrader.api import Gradebook

    from course.paths import COURSE_ID

    with Gradebook(course.db_url, COURSE_ID) as gb:
        for r in rows:
            gb.update_or_create_student(r["id"], first_name=r["first_name"] or None,
                                        last_name=r["last_name"] or None, email=r["email"] or None)


def cli(args, course):
    rows = read_roster(course)
    if getattr(args, "drop", None):
        ids = {r["id"] for r in rows}
        unknown = [i for i in args.drop if i not in ids]
        if unknown:
            raise ValueError(f"not on the roster: {', '.join(unknown)} (see `python -m course roster`)")
        rows = [r for r in rows if r["id"] not in args.drop]
        write_roster(course, rows)
        print(f"roster: dropped {', '.join(args.drop)}; {len(rows)} students in {course.roster} "
              f"(their submissions and grades are kept; exports list rostered students only)")
        return 0
    if args.csv:
        new, kind, skipped = parse_roster(args.csv)
        before = {r["id"] for r in rows}
        rows = merge(rows, new)
        write_roster(course, rows)
        _sync_gradebook(course, rows)
        added = sum(r["id"] not in before for r in new)
        print(f"roster: read {len(new)} students from {args.csv} [{kind}]: {added} new, "
              f"{len(new) - added} updated; {len(rows)} students in {course.roster}")
        for line, why in skipped:
            print(f"  skipped line {line}: {why}")
        return 0
    for r in sorted(rows, key=lambda r: r["id"]):
        print(f"{r['id']:<20} {display_name(r):<24} {r['email']}")
    print(f"{len(rows)} students")
    return 0
