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


def _formats(node):
    """Every value of a "format" keyword in a JSON schema."""
    if isinstance(node, dict):
        found = [node["format"]] if isinstance(node.get("format"), str) else []
        return found + [f for v in node.values() for f in _formats(v)]
    if isinstance(node, list):
        return [f for v in node for f in _formats(v)]
    return []


def test_the_skipped_iri_checker_is_used_by_no_schema_grading_validates_against():
    import json

    import nbformat

    schemas = sorted((Path(nbformat.__file__).parent / "v4").glob("nbformat.v4*.schema.json"))
    assert schemas
    used = {f for path in schemas for f in _formats(json.loads(path.read_text()))}
    used |= set(_formats(_v3_schema()))
    assert not used & {"iri", "iri-reference"}, used


def test_skip_iri_format_checker_keeps_rfc3987_out_and_validation_working():
    code = ("import sys\nfrom course.speedups import skip_iri_format_checker\nskip_iri_format_checker()\n"
            "import nbformat, jsonschema\n"
            "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('x = 1')])\n"
            "nbformat.validate(nb)\n"
            "bad = nbformat.v4.new_notebook(); bad.cells = [{'cell_type': 'code'}]\n"
            "try:\n    nbformat.validate(bad)\n    print('bad accepted')\n"
            "except nbformat.ValidationError:\n    print('bad rejected')\n"
            "print(sys.modules.get('rfc3987_syntax', 'absent'))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.split() == ["bad", "rejected", "None"], done.stdout + done.stderr
