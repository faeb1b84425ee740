"""The nbgrader settings of the course, shared by nbgrader_config.py and the grading workers."""

from course.paths import COURSE_ID, Course

#: Per-cell timeout in seconds for autograding (the capstone's cells need more than 30 s at worst).
CELL_TIMEOUT = 60


def apply(c, course=None, *, kernel=None, timeout=CELL_TIMEOUT):
    """Fill nbgrader's config object ``c`` for ``course`` (default: this repository).

    ``kernel``: a ``course.sandbox.Sandbox`` whose kernelspec the autograder uses (IPC transport);
    ``None`` keeps the notebook's own kernel (plain ``nbgrader autograde``, no sandbox).
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
    c.Autograde.sanitize_preprocessors = [
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
        "course.integrity.HideHiddenTests",
        "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    ]
    if kernel is not None:
        c.KernelManager.transport = "ipc"
        c.KernelManager.ip = str(kernel.ipc_dir / "kernel")
        c.Execute.kernel_name = kernel.name
    return c
