"""nbgrader settings of the course (see course/nbconfig.py and book/instructor-guide.md).

source = solutions/, release = exercises/; submissions, autograded copies, feedback and the
gradebook live under grading/ (ignored by git). Prefer ``python -m course <step>``, which also
sandboxes the kernels and grades in parallel; plain ``nbgrader`` commands read this file too.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from course.nbconfig import apply  # noqa: E402

apply(get_config())  # noqa: F821  (get_config is provided by nbgrader's config loader)
