"""course.integrity: the sanitizer of student content and the feedback's hidden-test filter."""

import json

from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from course.integrity import HideHiddenTests, SanitizeStudentContent


def test_sanitizer_leaves_course_text_and_test_outputs_alone():
    course_md = new_markdown_cell("<b>course</b>", metadata={"nbgrader": {"locked": True, "grade_id": "intro"}})
    answer = new_markdown_cell('<img src=x onerror="alert(1)">', metadata={"nbgrader": {"solution": True,
                                                                                        "grade": True}})
    out = new_code_cell("x")
    out.outputs = [new_output("display_data", data={"text/html": "<script>alert(1)</script>", "text/plain": "x",
                                                     "application/javascript": "alert(2)"})]
    sanitize = SanitizeStudentContent()
    for cell in (course_md, answer, out):
        sanitize.preprocess_cell(cell, {}, 0)
    assert course_md.source == "<b>course</b>"
    assert "onerror" not in answer.source.replace("&", "").split("<img")[-1] or "<img" not in answer.source
    assert "application/javascript" not in out.outputs[0].data and "<script>" not in out.outputs[0].data["text/html"]


def test_feedback_shows_only_the_message_of_a_hidden_test():
    cell = new_code_cell("visible()\n### BEGIN HIDDEN TESTS\nsecret_check(42)\n### END HIDDEN TESTS\n")
    cell.outputs = [new_output("error", ename="AssertionError", evalue="wrong for large z",
                               traceback=["line 3 secret_check(42)", "AssertionError: wrong for large z"])]
    HideHiddenTests().preprocess_cell(cell, {}, 0)
    assert "secret_check" not in cell.source and "secret_check" not in json.dumps(cell.outputs)
    assert cell.outputs[0].evalue == "wrong for large z"
