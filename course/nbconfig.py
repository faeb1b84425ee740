"""The nbgrader settings of the course, shared by nbgrader_config.py and the grading workers.

Autograding outside ``course autograde`` (the formgrader's *Autograde* buttons, plain ``nbgrader
autograde``) would run student code without the sandbox: with ``nbgrader_config.py``'s settings it
stops before any cell runs (:class:`RefuseUnsandboxed`) and says to use ``python -m course autograde``.
Everything else of the formgrader (manual grading, its feedback button) works as usual.
"""

from nbconvert.preprocessors import Preprocessor

from course.paths import COURSE_ID, Course

#: Per-cell timeout in seconds for autograding (the capstone's cells need more than 30 s at worst).
CELL_TIMEOUT = 60

UNSANDBOXED = ("autograding from the formgrader or with plain `nbgrader autograde` is turned off in this course: "
               "it would run student code without the sandbox. Run `python -m course autograde` "
               "(or `make autograde`) instead; see the instructor guide.")


class RefuseUnsandboxed(Preprocessor):
    """First step of nbgrader's Autograde when no sandbox is configured: stop before any student cell runs."""

    def __call__(self, nb, resources):  # whether or not nbconvert marks it enabled
        raise RuntimeError(UNSANDBOXED)

    preprocess = __call__


def apply(c, course=None, *, kernel=None, timeout=CELL_TIMEOUT, late_policy=None):
    """Fill nbgrader's config object ``c`` for ``course`` (default: this repository).

    ``kernel``: a ``course.sandbox.Sandbox`` whose kernelspec the autograder uses (IPC transport);
    ``None`` (nbgrader_config.py: the formgrader, plain ``nbgrader`` commands) makes Autograde refuse
    to run (:class:`RefuseUnsandboxed`); generating assignments and feedback works. ``late_policy``:
    the ``[penalty]`` of ``due-dates.toml`` (:func:`course.lateness.load`; read from ``course`` when
    None), which nbgrader's ``AssignLatePenalties`` applies through :class:`course.latepenalty.LatePenalty`.
    """
    course = course or Course.at()
    c.CourseDirectory.root = str(course.root)
    c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.source_directory = "solutions"
    c.CourseDirectory.release_directory = "exercises"
    c.CourseDirectory.submitted_directory = "grading/submitted"
    c.CourseDirectory.autograded_directory = "grading/autograded"
    c.CourseDirectory.feedback_directory = "grading/feedback"
    c.CourseDirectory.solution_directory = "grading/released_solutions"
    c.CourseDirectory.db_url = course.db_url
    c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
    c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
    c.OverwriteCells.add_missing_cells = True
    c.Execute.timeout = timeout
    c.Execute.interrupt_on_timeout = True
    c.Execute.raise_on_iopub_timeout = False
    c.Execute.execute_retries = 0
    c.LimitOutput.max_lines = 1000
    c.LimitOutput.max_traceback = 100
    c.Autograde.sanitize_preprocessors = ([] if kernel is not None else ["course.nbconfig.RefuseUnsandboxed"]) + [
        "course.integrity.CheckStructure",
        "nbgrader.preprocessors.ClearOutput",
        "nbgrader.preprocessors.DeduplicateIds",
        "nbgrader.preprocessors.OverwriteKernelspec",
        "nbgrader.preprocessors.OverwriteCells",
        "nbgrader.preprocessors.CheckCellMetadata",
    ]
    c.Autograde.autograde_preprocessors = [
        "course.judge.JudgedExecute",
        "nbgrader.preprocessors.LimitOutput",
        "nbgrader.preprocessors.IgnorePattern",
        "nbconvert.preprocessors.ClearMetadataPreprocessor",
        "course.integrity.SanitizeStudentContent",
        "nbgrader.preprocessors.SaveAutoGrades",
        "nbgrader.preprocessors.AssignLatePenalties",
        "nbgrader.preprocessors.CheckCellMetadata",
    ]
    c.GenerateFeedback.preprocessors = [
        "nbgrader.preprocessors.GetGrades",
        "course.feedback.MarkPending",
        "course.integrity.HideHiddenTests",
        "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    ]
    if late_policy is None:
        from course.lateness import load

        late_policy = load(course)["penalty"]
    c.AssignLatePenalties.plugin_class = "course.latepenalty.LatePenalty"
    c.LatePenalty.per_day = late_policy["per_day"]
    c.LatePenalty.max_fraction = late_policy["max"]
    c.LatePenalty.grace_minutes = late_policy["grace_minutes"]
    if kernel is not None:
        c.KernelManager.transport = "ipc"
        c.KernelManager.ip = str(kernel.ipc_dir / "kernel")
        c.Execute.kernel_name = kernel.name
    return c
