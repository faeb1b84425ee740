"""Checks for the test cells of the course's graded notebooks, and the bridge they are graded through.

Test cells use :data:`expect` (``from coursecheck import expect``). The same test text runs in two
places (see AUTHORING.md, "The test-cell contract"):

- in the student's own Jupyter (visible checks, ``nbgrader validate``), in the student's kernel, where
  nothing is at stake;
- at grading time in the trusted *judge* (``course.judge``), which runs no student code: every name
  of the student's that a test uses is a :class:`coursecheck.remote.Remote` whose calls go to the
  sandboxed kernel as plain data (:mod:`coursecheck.wire`) and are served there by
  :mod:`coursecheck.kernel_side`.
"""

from coursecheck.checks import expect
from coursecheck.remote import Remote, StudentError

__all__ = ["Remote", "StudentError", "expect"]
