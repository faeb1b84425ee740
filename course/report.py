"""``course report``: what the class missed, under grading/reports/.

Per assignment: ``<assignment>-scores.png`` (histogram of total scores; missing submissions count
as 0) and ``<assignment>-tests.png`` (failure rate of each autograded test); for the whole class
``scores.csv`` (summary per assignment) and ``test-failures.csv`` (assignment, test, points,
submissions, failed, failure_rate), sorted so the most-missed test of each assignment comes first.
"""

import csv

from course.scores import score_rows


def _rates(rows):
    """{(assignment, test): [points, submitted, failed]} over graded (non-missing) submissions."""
    rates = {}
    for row in rows:
        if row["status"] == "missing":
            continue
        for test, (score, max_score, cell_type, manual) in row["tests"].items():
            if cell_type != "code" or manual:
                continue
            entry = rates.setdefault((row["assignment"], test), [max_score, 0, 0])
            entry[1] += 1
            entry[2] += int((score or 0) < max_score)
    return rates


def report(course):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = score_rows(course)
    out = course.reports
    out.mkdir(parents=True, exist_ok=True)
    rates = _rates(rows)
    files = []
    with open(out / "test-failures.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["assignment", "test", "points", "submissions", "failed", "failure_rate"])
        for (asg, test), (points, n, failed) in sorted(rates.items(), key=lambda kv: (kv[0][0], -kv[1][2] / kv[1][1])):
            writer.writerow([asg, test, points, n, failed, f"{failed / n:.3f}"])
    files.append(out / "test-failures.csv")
    with open(out / "scores.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["assignment", "students", "submitted", "mean", "median", "max_score"])
        for asg in sorted({r["assignment"] for r in rows}):
            scores = sorted(r["score"] for r in rows if r["assignment"] == asg)
            sub = sum(r["status"] != "missing" for r in rows if r["assignment"] == asg)
            mid = len(scores) // 2
            median = scores[mid] if len(scores) % 2 else (scores[mid - 1] + scores[mid]) / 2
            max_score = next(r["max_score"] for r in rows if r["assignment"] == asg)
            writer.writerow([asg, len(scores), sub, f"{sum(scores) / len(scores):.2f}", f"{median:.2f}", max_score])
            fig, ax = plt.subplots(figsize=(5, 3))
            ax.hist(scores, bins=min(20, max(5, int(max_score) + 1)), range=(0, max_score), color="#4c72b0")
            ax.set(xlabel="score", ylabel="students", title=f"{asg}: scores (max {max_score:g})")
            fig.tight_layout()
            fig.savefig(out / f"{asg}-scores.png", dpi=100)
            plt.close(fig)
            tests = sorted((t, v) for (a, t), v in rates.items() if a == asg)
            if tests:
                fig, ax = plt.subplots(figsize=(6, 0.35 * len(tests) + 1.2))
                ax.barh([t for t, _ in tests], [v[2] / v[1] for _, v in tests], color="#dd8452")
                ax.set(xlim=(0, 1), xlabel="fraction of submissions failing", title=f"{asg}: which tests failed")
                ax.invert_yaxis()
                fig.tight_layout()
                fig.savefig(out / f"{asg}-tests.png", dpi=100)
                plt.close(fig)
                files.append(out / f"{asg}-tests.png")
            files.append(out / f"{asg}-scores.png")
    files.append(out / "scores.csv")
    return files


def cli(args, course):
    files = report(course)
    print(f"wrote {len(files)} file(s) under {course.reports}")
    return 0
