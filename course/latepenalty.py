"""The late-submission penalty plugin nbgrader's ``AssignLatePenalties`` calls (see :mod:`course.lateness`).

Kept apart from :mod:`course.lateness` so that ``course collect`` does not import nbgrader.
"""

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float

from course.lateness import penalty


class LatePenalty(LateSubmissionPlugin):
    """A fraction of the score per started day late (after a grace period), capped; set from due-dates.toml."""

    per_day = Float(0.0, help="fraction of the score taken per started day late").tag(config=True)
    max_fraction = Float(1.0, help="largest fraction of the score taken").tag(config=True)
    grace_minutes = Float(0.0, help="minutes late that count as on time").tag(config=True)

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        return penalty(score, total_seconds_late, self.per_day, self.max_fraction, self.grace_minutes)
