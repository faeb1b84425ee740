"""``course export``: grading/grades.csv with one row per student and assignment.

Every student of the roster appears, for every assignment in the gradebook; a missing submission
scores 0 with the reason "no submission". Flags raised while grading are in the ``reason`` column.
"""

import csv
from pathlib import Path

from course.scores import score_rows

COLUMNS = ["student", "assignment", "score", "max_score", "status", "reason"]


def export(course, output=None):
    rows = score_rows(course)
    out = Path(output) if output else course.grading / "grades.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return out, rows


def cli(args, course):
    out, rows = export(course, args.output)
    missing = sum(r["status"] == "missing" for r in rows)
    print(f"wrote {len(rows)} rows ({missing} missing submissions scored 0) to {out}")
    return 0
