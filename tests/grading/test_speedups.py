"""course.speedups gives the same answers as the nbgrader code it short-cuts."""

import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from course import speedups


def test_alembic_head_matches_the_alembic_command_nbgrader_runs():
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    done = subprocess.run([sys.executable, "-c", "import nbgrader.api as a; print(a.get_alembic_version())"],
                          env=env, capture_output=True, text=True, check=True)
    assert speedups.alembic_head() == done.stdout.strip() != ""


def _v3_schema():
    from nbgrader.nbgraderformat.v3 import MetadataValidatorV3

    return MetadataValidatorV3().schema


GOOD = {"grade": True, "grade_id": "test_a", "locked": True, "points": 2, "schema_version": 3, "solution": False}


@pytest.mark.parametrize("meta", [
    GOOD,
    {**GOOD, "points": "two"},           # wrong type
    {**GOOD, "schema_version": "3"},     # a version that is text
    {**GOOD, "surprise": 1},             # extra key
    {**GOOD, "grade": "yes", "locked": None},
])
def test_cached_validate_raises_exactly_what_jsonschema_validate_raises(meta):
    schema = _v3_schema()
    try:
        jsonschema.validate(meta, schema)
        expected = None
    except jsonschema.ValidationError as err:
        expected = (err.message, list(err.path), err.validator)
    try:
        speedups.validate(meta, _v3_schema())  # a fresh copy of the schema, as nbgrader loads it
        got = None
    except jsonschema.ValidationError as err:
        got = (err.message, list(err.path), err.validator)
    assert got == expected
    if meta is not GOOD:
        assert expected is not None  # the bad cases really are bad


def test_nbgrader_metadata_validation_uses_the_cached_validator_and_still_rejects_bad_cells():
    import nbformat
    from nbgrader.nbgraderformat import common
    from nbgrader.nbgraderformat.v3 import MetadataValidatorV3

    before = common.jsonschema
    try:
        speedups.fast_metadata_checks()
        assert common.jsonschema.validate is speedups.validate
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": GOOD})])
        MetadataValidatorV3().validate_nb(nb)  # valid: no error
        nb.cells[0].metadata["nbgrader"] = {**GOOD, "points": "two"}
        with pytest.raises(jsonschema.ValidationError, match="'two' is not of type"):
            MetadataValidatorV3().validate_nb(nb)
    finally:
        common.jsonschema = before
