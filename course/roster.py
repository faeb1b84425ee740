"""The student roster: grading/roster.csv (private, ignored by git) (columns id, first_name, last_name, email).

Every rostered student appears in ``course export``; one who submitted nothing scores 0 there,
with the reason. ``course roster FILE.csv`` imports (merges) a roster exported from an LMS.
"""

import csv
import re

FIELDS = ["id", "first_name", "last_name", "email"]
ID_RE = re.compile(r"^[A-Za-z0-9_.@-]+$")


def read_roster(course):
    """Rows of roster.csv as dicts (empty list when there is no roster)."""
    if not course.roster.exists():
        return []
    return _read(course.roster)


def _read(path):
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "id" not in [f.strip().lower() for f in reader.fieldnames]:
            raise ValueError(f"{path}: the roster needs an 'id' column (columns: {', '.join(FIELDS)})")
        rows = []
        for n, raw in enumerate(reader, start=2):
            row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
            if not ID_RE.match(row.get("id", "")):
                raise ValueError(f"{path}:{n}: student id {row.get('id')!r} must be letters, digits, _ . @ -")
            rows.append({f: row.get(f, "") for f in FIELDS})
    ids = [r["id"] for r in rows]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"{path}: duplicated student ids: {', '.join(dupes)}")
    return rows


def write_roster(course, rows):
    course.roster.parent.mkdir(parents=True, exist_ok=True)
    with open(course.roster, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: r["id"]))


def cli(args, course):
    rows = {r["id"]: r for r in read_roster(course)}
    if args.csv:
        new = _read(args.csv)
        rows.update({r["id"]: r for r in new})
        write_roster(course, list(rows.values()))
        print(f"roster: {len(new)} imported, {len(rows)} students in {course.roster}")
    else:
        for r in sorted(rows.values(), key=lambda r: r["id"]):
            print(f"{r['id']:<20} {r['first_name']} {r['last_name']} {r['email']}")
        print(f"{len(rows)} students")
    return 0
