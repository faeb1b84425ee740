"""One grading worker: ``python -m course.worker SPEC.json`` runs nbgrader's Autograde in-process
over every submission of a temporary course root (its own gradebook copy), then writes the
(assignment, student) pairs nbgrader could not grade into ``failures.json`` beside the spec.

``course.autograde`` starts one worker per core and merges their gradebooks afterwards.
"""

import json
import logging
import re
import sys
from pathlib import Path

FAILED_RE = re.compile(r"There was an error processing assignment '(.+?)' for student '(.+?)'")


def run(spec_path):
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    from course.nbconfig import apply
    from course.paths import Course, ErrorLog, use_venv_path
    from course.sandbox import Kernel

    spec = json.loads(Path(spec_path).read_text())
    use_venv_path()
    kernel = Kernel(Path(spec["kernel_home"]), sandboxed=spec["sandboxed"])
    c = apply(Config(), Course(Path(spec["root"])), kernel=kernel, timeout=spec["timeout"])
    coursedir = CourseDirectory(config=c)
    coursedir.assignment_id = "*"
    coursedir.student_id = "*"
    converter = Autograde(coursedir=coursedir, config=c)
    converter.log.setLevel(logging.WARNING if spec.get("quiet", True) else logging.INFO)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
    converter.log.addHandler(handler)
    failures = []
    with ErrorLog(converter.log) as errors:
        try:
            converter.start()
        except Exception as err:  # NbGraderException after per-student failures were logged
            failures.append(["*", "*", str(err)])
    failures = [[m.group(1), m.group(2), "nbgrader could not grade it (see the log)"]
                for m in map(FAILED_RE.search, errors) if m] or failures
    Path(spec_path).with_name("failures.json").write_text(json.dumps(failures))
    return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1]))
