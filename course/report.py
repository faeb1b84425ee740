"""``course report``: what the class missed, under grading/reports/.

Only students on the roster count (everyone in the gradebook when there is no roster). Per assignment:

- ``<assignment>-tests.png``: for each autograded test, the failure rate among the students who
  *attempted* it, sorted with the most-failed test on top; every bar says ``failed/attempted`` and how
  many did not attempt it (the answer left as released, ``NotImplementedError``, or no submission),
  and under the test's name its most common failure message (numbers replaced by ``#``), which
  names what was missed.
- ``<assignment>-scores.png``: the score distribution, stacked: fully graded submissions, submissions
  whose written answers are still to be graded (their score so far; the pending points are said in
  the title) and students with no submission.

For the whole class ``scores.csv`` (per assignment: students, submitted, pending, mean and median of
the graded ones) and ``test-failures.csv`` (assignment, test, points, attempted, failed, failure_rate,
not_attempted, no_submission, top_message, top_message_count), sorted so the most-missed test of each
assignment comes first.
"""

import csv
import json
import re
from collections import Counter

from course.scores import score_rows

NUMBER_RE = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
NOT_ATTEMPTED = {"NotImplementedError"}


def normalise(message):
    """One failure message with its numbers replaced by ``#`` (so the same mistake counts once)."""
    first = next((ln.strip() for ln in str(message).splitlines() if ln.strip()), "")
    return NUMBER_RE.sub("#", first)[:200]


def test_errors(course, student, assignment):
    """{grade_id: (ename, evalue)} of the failed graded cells in a student's autograded notebooks."""
    out = {}
    for path in sorted((course.autograded / student / assignment).glob("*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            gid = ((cell.get("metadata") or {}).get("nbgrader") or {}).get("grade_id")
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if gid and errors:
                out[gid] = (errors[0].get("ename", ""), errors[0].get("evalue", ""))
    return out


def counted(rows):
    """The rows the report counts: rostered students only, unless nobody is on the roster."""
    if any(r.get("rostered") for r in rows):
        return [r for r in rows if r.get("rostered")]
    return list(rows)


def test_table(course, rows):
    """{(assignment, test): {points, attempted, failed, not_attempted, no_submission, messages: Counter}}."""
    table = {}
    tests_of = {}
    for row in rows:
        for test, (_, max_score, cell_type, manual) in row["tests"].items():
            if cell_type == "code" and not manual:
                tests_of.setdefault(row["assignment"], {})[test] = max_score
    for row in rows:
        asg = row["assignment"]
        errors = test_errors(course, row["student"], asg) if row["status"] not in ("missing",) else {}
        for test, points in tests_of.get(asg, {}).items():
            entry = table.setdefault((asg, test), {"points": points, "attempted": 0, "failed": 0, "not_attempted": 0,
                                                   "no_submission": 0, "messages": Counter()})
            if row["status"] == "missing" or test not in row["tests"]:
                entry["no_submission"] += 1
                continue
            score, max_score = row["tests"][test][0] or 0.0, row["tests"][test][1]
            ename, evalue = errors.get(test, ("", ""))
            if score < max_score and ename in NOT_ATTEMPTED:
                entry["not_attempted"] += 1
                continue
            entry["attempted"] += 1
            if score < max_score:
                entry["failed"] += 1
                entry["messages"][normalise(f"{ename}: {evalue}" if evalue else ename) or "(no message)"] += 1
    return table


def _rate(entry):
    return entry["failed"] / entry["attempted"] if entry["attempted"] else 0.0


def _order(table, asg):
    """The tests of ``asg``, most-failed first (then most not attempted, then by name)."""
    tests = [(t, v) for (a, t), v in table.items() if a == asg]
    return sorted(tests, key=lambda tv: (-_rate(tv[1]), -tv[1]["not_attempted"], tv[0]))


def _tests_png(plt, path, asg, tests, n_students):
    import textwrap

    from matplotlib.ticker import PercentFormatter

    labels = []
    for test, v in tests:
        top = v["messages"].most_common(1)
        line = f"\n{textwrap.shorten(top[0][0], 70)} ({top[0][1]}x)" if top else ""
        labels.append(test + line)
    fig, ax = plt.subplots(figsize=(8, 0.75 * len(tests) + 1.6))
    rates = [_rate(v) for _, v in tests]
    ax.barh(range(len(tests)), rates, color="#dd8452", height=0.6)
    ax.set_yticks(range(len(tests)), labels, fontsize=8)
    for i, (_, v) in enumerate(tests):
        note = f"{v['failed']} of n={v['attempted']} failed"
        skipped = v["not_attempted"] + v["no_submission"]
        if skipped:
            note += f"; {skipped} not attempted"
        ax.text(min(rates[i], 1.0) + 0.01, i, note, va="center", fontsize=8)
    ax.set(xlim=(0, 1.35), xlabel="failure rate among students who attempted the test",
           title=f"{asg}: which tests failed ({n_students} students)")
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _scores_png(plt, path, asg, rows, max_score):
    from matplotlib.ticker import MaxNLocator

    groups = {"graded": [], "written answers pending (score so far)": [], "no submission": []}
    for r in rows:
        key = "no submission" if r["status"] == "missing" else (
            "written answers pending (score so far)" if r.get("pending") else "graded")
        groups[key].append(r["score"])
    pending_points = sum(r.get("pending") or 0 for r in rows)
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    if float(max_score).is_integer() and max_score <= 40:  # one bar per whole point, centred on it
        bins = [b - 0.5 for b in range(int(max_score) + 2)]
    else:
        bins = [max_score * i / 20 for i in range(21)]
    counts, _, _ = ax.hist(list(groups.values()), bins=bins, stacked=True, label=list(groups),
                           color=["#4c72b0", "#ccb974", "#c44e52"], edgecolor="white")
    top = max((max(c) for c in counts), default=1) if len(rows) else 1
    ax.set_ylim(0, max(top, 1) * 1.45)  # room for the legend above the bars
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    title = f"{asg}: scores of {len(rows)} students (max {max_score:g})"
    if pending_points:
        n = len(groups["written answers pending (score so far)"])
        title += f"\n{n} with written answers to grade ({pending_points:g} point(s) pending)"
    ax.set(xlabel="score", ylabel="students", title=title)
    ax.legend(fontsize=7, loc="upper center", ncol=3, frameon=False)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def report(course):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = counted(score_rows(course))
    out = course.reports
    out.mkdir(parents=True, exist_ok=True)
    table = test_table(course, rows)
    assignments = sorted({r["assignment"] for r in rows})
    files = [out / "test-failures.csv", out / "scores.csv"]
    with open(files[0], "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["assignment", "test", "points", "attempted", "failed", "failure_rate", "not_attempted",
                         "no_submission", "top_message", "top_message_count"])
        for asg in assignments:
            for test, v in _order(table, asg):
                top = v["messages"].most_common(1)
                writer.writerow([asg, test, v["points"], v["attempted"], v["failed"],
                                 f"{_rate(v):.3f}" if v["attempted"] else "", v["not_attempted"], v["no_submission"],
                                 top[0][0] if top else "", top[0][1] if top else 0])
    with open(files[1], "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["assignment", "students", "submitted", "pending_manual", "pending_points",
                         "mean_graded", "median_graded", "max_score"])
        for asg in assignments:
            mine = [r for r in rows if r["assignment"] == asg]
            done = sorted(r["score"] for r in mine if r["status"] != "missing" and not r.get("pending"))
            max_score = mine[0]["max_score"]
            median = ""
            if done:
                mid = len(done) // 2
                median = f"{done[mid] if len(done) % 2 else (done[mid - 1] + done[mid]) / 2:.2f}"
            writer.writerow([asg, len(mine), sum(r["status"] != "missing" for r in mine),
                             sum(bool(r.get("pending")) for r in mine), f"{sum(r.get('pending') or 0 for r in mine):g}",
                             f"{sum(done) / len(done):.2f}" if done else "", median, max_score])
            _scores_png(plt, out / f"{asg}-scores.png", asg, mine, max_score)
            files.append(out / f"{asg}-scores.png")
            tests = _order(table, asg)
            if tests:
                _tests_png(plt, out / f"{asg}-tests.png", asg, tests, len(mine))
                files.append(out / f"{asg}-tests.png")
    return files


def cli(args, course):
    files = report(course)
    print(f"wrote {len(files)} file(s) under {course.reports}")
    return 0
