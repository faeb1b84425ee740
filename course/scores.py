"""Read scores from the gradebook: one row per (rostered or submitting) student and assignment."""

from nbgrader.api import Gradebook, MissingEntry

from course.paths import COURSE_ID
from course.roster import read_roster


def _flags(course):
    import csv

    path = course.grading / "flags.csv"
    out = {}
    if path.exists():
        with open(path, newline="") as fh:
            for row in csv.DictReader(fh):
                out.setdefault((row["student"], row["assignment"]), []).append(row["flag"])
    return out


def _not_graded(course):
    import csv

    path = course.grading / "not-graded.csv"
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as fh:
        return {(r["student"], r["assignment"]): r["error"] for r in csv.DictReader(fh)}


def score_rows(course):
    """Dicts: student, assignment, score, max_score, status, reason, rostered, ``pending`` (points of
    graded cells still needing manual grading) and per-test (score, max_score, cell_type,
    needs_manual_grade) in ``tests``."""
    roster = [r["id"] for r in read_roster(course)]
    flags, failed = _flags(course), _not_graded(course)
    rows = []
    with Gradebook(course.db_url, COURSE_ID) as gb:
        assignments = sorted(a.name for a in gb.assignments)
        students = sorted(set(roster) | {s.id for s in gb.students})
        for asg in assignments:
            max_score = gb.find_assignment(asg).max_score
            for sid in students:
                row = {"student": sid, "assignment": asg, "max_score": max_score, "tests": {},
                       "rostered": sid in roster, "pending": 0.0}
                try:
                    sub = gb.find_submission(asg, sid)
                except MissingEntry:
                    if (sid, asg) in failed:
                        row.update(score=0.0, status="not graded", reason=f"the grader failed: {failed[sid, asg]}")
                    else:
                        row.update(score=0.0, status="missing", reason="no submission")
                    rows.append(row)
                    continue
                for nb in sub.notebooks:
                    for g in nb.grades:
                        row["tests"][g.name] = (g.score, g.max_score, g.cell_type, g.needs_manual_grade)
                manual = sum(1 for t in row["tests"].values() if t[3])
                row["pending"] = float(sum(t[1] or 0 for t in row["tests"].values() if t[3]))
                problems = flags.get((sid, asg), [])
                row.update(score=float(sub.score), status="graded" if not manual else "needs manual grading",
                           reason="; ".join(problems))
                if (sid, asg) in failed:  # the last run failed on it: the score is an earlier run's
                    row.update(status="not graded", reason=f"kept from an earlier run; the grader failed: "
                                                           f"{failed[sid, asg]}")
                rows.append(row)
    return rows
