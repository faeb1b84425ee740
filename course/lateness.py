"""Due dates and the late-submission penalty, applied by nbgrader's own mechanism.

The committed file ``due-dates.toml`` at the course root holds, per assignment, the due date (a
TOML date-time; one without an offset is read in ``timezone``, the LMS's time zone, which is also
how the naive times inside LMS zips are read) and the penalty policy::

    timezone = "Asia/Seoul"
    [penalty]
    per_day = 0.1        # fraction of the score taken per started day late
    max = 1.0            # at most this fraction
    grace_minutes = 5    # this late counts as on time
    [due]
    "03-activations" = 2026-03-27T23:59:00

How it reaches the grade: ``course collect`` writes each submission's time (from the LMS's own
metadata) to ``grading/submitted/<student>/<assignment>/timestamp.txt`` (nbgrader's file) and the due
dates into the gradebook; nbgrader's ``AssignLatePenalties`` step then calls :class:`LatePenalty`
(:class:`course.latepenalty.LatePenalty`, set by :func:`course.nbconfig.apply`) with the seconds late, and stores the penalty in the gradebook.
"""

import math
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomllib

FILE = "due-dates.toml"


def penalty(score, seconds_late, per_day, max_fraction=1.0, grace_minutes=0.0):
    """Points taken from ``score`` for a submission ``seconds_late`` seconds after the due date."""
    late = seconds_late - 60 * grace_minutes
    if late <= 0 or score <= 0:
        return 0.0
    return round(score * min(max_fraction, per_day * math.ceil(late / 86400)), 6)


def load(course):
    """``{"timezone": ZoneInfo, "penalty": {...}, "due": {assignment: aware datetime}}``.

    No file: no due dates, UTC, no penalty. Errors name the file (and TOML's line and column).
    """
    path = course.root / FILE
    out = {"timezone": ZoneInfo("UTC"), "penalty": {"per_day": 0.0, "max": 1.0, "grace_minutes": 0.0}, "due": {}}
    if not path.exists():
        return out
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ValueError(f"{path}: {err}") from None
    try:
        out["timezone"] = ZoneInfo(data.get("timezone", "UTC"))
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"{path}: unknown timezone {data.get('timezone')!r} (e.g. \"Asia/Seoul\")") from None
    pen = data.get("penalty", {})
    unknown = set(pen) - set(out["penalty"])
    if unknown:
        raise ValueError(f"{path}: [penalty] has unknown keys {sorted(unknown)} (known: per_day, max, grace_minutes)")
    for key, value in pen.items():
        if not isinstance(value, (int, float)) or value < 0:
            raise ValueError(f"{path}: [penalty] {key} must be a number >= 0, not {value!r}")
        out["penalty"][key] = float(value)
    known = course.assignments()
    for name, when in data.get("due", {}).items():
        if name not in known:
            raise ValueError(f"{path}: [due] names {name!r}, which is not an assignment (have: {', '.join(known)})")
        if not isinstance(when, datetime):
            raise ValueError(f"{path}: [due] {name} = {when!r} is not a date-time like 2026-03-27T23:59:00")  # noqa: TRY004
        out["due"][name] = when if when.tzinfo else when.replace(tzinfo=out["timezone"])
    return out


def apply_due_dates(course, dates=None):
    """Write the due dates into the gradebook (created if needed); nbgrader computes lateness from them."""
    dates = load(course)["due"] if dates is None else dates
    if not dates and not course.gradebook.exists():
        return
    from nbgrader.api import Gradebook

    from course.paths import COURSE_ID
    from course.speedups import fast_new_gradebooks

    fast_new_gradebooks()
    course.grading.mkdir(parents=True, exist_ok=True)
    with Gradebook(course.db_url, COURSE_ID) as gb:
        for name in course.assignments():
            due = dates.get(name)
            gb.update_or_create_assignment(name, duedate=due.astimezone(timezone.utc).replace(tzinfo=None)
                                           if due else None)


def timestamp_text(when):
    """``when`` (aware) as nbgrader's timestamp.txt expects it (UTC, ISO 8601)."""
    return when.astimezone(timezone.utc).isoformat()


def late_text(seconds):
    """'2 d 3 h late', '' when on time."""
    if not seconds or seconds <= 0:
        return ""
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    parts = [f"{days} d"] * bool(days) + [f"{hours} h"] * bool(hours) + [f"{rest // 60 or 1} min"] * (not days)
    return " ".join(parts) + " late"
