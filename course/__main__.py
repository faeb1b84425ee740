"""``python -m course <step> [options]``: the instructor workflow; ``python -m course -h`` lists it."""

import argparse
import sys

from course.paths import Course
from course.speedups import skip_iri_format_checker

skip_iri_format_checker()  # before nbformat/nbgrader import jsonschema: saves 1 s per command


def _release(args, course):
    from course.release import release

    drift = release(course, args.assignments, check=args.check)
    if args.check:
        if drift:
            print("exercises/ differs from what nbgrader generates from solutions/:\n  " + "\n  ".join(drift))
            print("run `python -m course release` (or `make release`) and commit exercises/")
            return 1
        print("exercises/ is up to date")
        return 0
    print(f"released {', '.join(course.assignments(args.assignments)) or 'nothing'} into {course.release}")
    return 0


def _lazy(module, func):
    def run(args, course):
        mod = __import__(f"course.{module}", fromlist=[func])
        return getattr(mod, func)(args, course)
    return run


def build_parser():
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=argparse.SUPPRESS,
                        help="course root (default: this repository, or $COURSE_ROOT)")
    parser = argparse.ArgumentParser(prog="python -m course", description=__doc__, parents=[common])
    sub = parser.add_subparsers(dest="step", required=True)
    sub_add = sub.add_parser
    sub.add_parser = lambda *a, **k: sub_add(*a, parents=[common], **k)

    p = sub.add_parser("release", help="regenerate exercises/ from solutions/ (nbgrader generate_assignment)")
    p.add_argument("assignments", nargs="*", help="e.g. 03-activations (default: all)")
    p.add_argument("--check", action="store_true", help="only compare; exit 1 if exercises/ drifted")
    p.set_defaults(run=_release)

    p = sub.add_parser("roster", help="show, import (merge) or edit the student roster (grading/roster.csv)")
    p.add_argument("csv", nargs="?", help="a Canvas or Moodle gradebook/participants export, or a CSV with an "
                                          "'id' column (UTF-8, CP949 or UTF-16; , ; or tab); merged, never blanking")
    p.add_argument("--drop", nargs="+", metavar="ID", help="remove these students from the roster")
    p.set_defaults(run=_lazy("roster", "cli"))

    p = sub.add_parser("collect", help="import a folder or zip of submissions (LMS-style file names)")
    p.add_argument("source", nargs="?", help="folder or .zip (default: $SUBMISSIONS)")
    p.add_argument("--assignment", help="assignment name when the file names do not say it")
    p.add_argument("--allow-unplaced", action="store_true",
                   help="exit 0 even when some files could not be placed (they are listed and kept)")
    p.set_defaults(run=_lazy("collect", "cli"))

    p = sub.add_parser("autograde", help="grade the submissions that changed (sandboxed, on Dask)")
    p.add_argument("assignments", nargs="*", help="default: every assignment with submissions")
    p.add_argument("--all", action="store_true",
                   help="grade every submission again, also those unchanged since they were last graded")
    p.add_argument("--workers", type=int, default=0,
                   help="worker processes of the local Dask cluster (default: all cores)")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="grade on the Dask cluster whose scheduler is at ADDRESS (e.g. tcp://10.0.0.5:8786) "
                        "instead of a local one; see the instructor guide")
    p.add_argument("--timeout", type=int, default=None,
                   help="seconds per cell and per call of the student's code (default 60)")
    p.add_argument("--budget", type=int, default=None, help="seconds per notebook, all cells (default 900)")
    p.add_argument("--memory", type=int, default=None, metavar="MB",
                   help="memory of one submission's sandbox, all its processes together (default 3072)")
    p.add_argument("--no-sandbox", action="store_true", help="run student code as you (see the guide: risky)")
    p.set_defaults(run=_lazy("autograde", "cli"))

    p = sub.add_parser("feedback", help="HTML feedback per student, hidden tests removed")
    p.add_argument("assignments", nargs="*")
    p.set_defaults(run=_lazy("feedback", "cli"))

    p = sub.add_parser("export", help="grades.csv, canvas-import.csv, moodle-import.csv: every rostered student")
    p.add_argument("--output", help="CSV path (default grading/grades.csv)")
    p.add_argument("--canvas", metavar="EXPORT.csv", help="Canvas's own gradebook export to fill in (default: a new file)")
    p.add_argument("--moodle", metavar="EXPORT.csv", help="Moodle's own gradebook export to fill in (default: a new file)")
    p.set_defaults(run=_lazy("export", "cli"))

    p = sub.add_parser("report", help="class report: score histograms and per-test failure rates (PNG + CSV)")
    p.set_defaults(run=_lazy("report", "cli"))
    return parser


def main(argv=None):
    import warnings

    # nbgrader's gradebook triggers SQLAlchemy "not in session" warnings that mean nothing here
    warnings.filterwarnings("ignore", message=".*not in session.*")
    args = build_parser().parse_args(argv)
    try:
        course = Course.at(getattr(args, "root", None))
        return args.run(args, course) or 0
    except (ValueError, RuntimeError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
