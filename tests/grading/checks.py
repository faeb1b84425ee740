"""Assertions shared by the fixture test and the per-assignment proof (see harness.py)."""

import adversaries


def add_class(course, catalogue, with_generic=True):
    """Add solution, release, catalogue and generic-adversary students; return expectations."""
    course.add("solution", course.source)
    course.add("release", course.release)
    expect = {"solution": "full", "release": "zero"}
    for i, entry in enumerate(catalogue.WRONG):
        sid = f"wrong{i:02d}"
        course.add(sid, course.filled(entry.get("cells") or {entry["cell"]: entry["code"]}))
        expect[sid] = ("wrong", entry)
    for i, entry in enumerate(catalogue.RIGHT):
        sid = f"right{i:02d}"
        course.add(sid, course.filled(entry.get("cells") or {entry["cell"]: entry["code"]}))
        expect[sid] = ("right", entry)
    if with_generic and catalogue.WRONG:
        wrong = catalogue.WRONG[0]
        for name, (nb, files, must_flag) in adversaries.generic(course, wrong).items():
            course.add(f"adv-{name}", nb, files)
            expect[f"adv-{name}"] = ("cheat", wrong, must_flag)
        found = adversaries.delegation(course)
        if found:  # nnlib's own implementation is unreachable in the sandbox while this assignment is graded
            answer, test, nb = found
            course.add("adv-delegates-to-nnlib", nb)
            expect["adv-delegates-to-nnlib"] = ("delegates", test)
    return expect


def check_class(results, expect):
    """Every expectation of ``add_class``; returns a list of failures (empty when all hold)."""
    problems = []
    for sid, want in expect.items():
        if sid not in results.tests:
            problems.append(f"{sid}: missing from the gradebook")
            continue
        row = results.rows[sid]
        flags = results.flags.get(sid, [])
        if want in ("full", "zero") or want[0] == "right":
            if flags:  # an honest notebook must not land in the instructor's review list
                problems.append(f"{sid} is flagged although nothing is wrong with it: {flags}")
        if want == "full":
            if not results.full_auto(sid):
                problems.append(f"solution does not get full marks: {results.tests[sid]} {flags}")
        elif want == "zero":
            if results.auto_total(sid) != 0:
                problems.append(f"release scores {results.tests[sid]}")
            if any("time limit" in f or "kernel died" in f for f in flags):
                problems.append(f"release does not run to the end: {flags}")
        elif want[0] == "right":
            if not results.full_auto(sid):
                problems.append(f"right answer {want[1]['name']} loses points: {results.tests[sid]} "
                                f"{[results.message(sid, t) for t in results.tests[sid]]}")
        elif want[0] == "wrong":
            entry = want[1]
            for test in entry["fails"]:
                if results.score(sid, test) >= results.max(test):
                    problems.append(f"wrong answer {entry['name']} keeps the points of {test}")
            said = results.message(sid, entry["fails"][0]).lower()
            if entry.get("says", "").lower() not in said:
                problems.append(f"wrong answer {entry['name']}: message of {entry['fails'][0]} does not say "
                                f"{entry['says']!r}: {said[:300]!r}")
        elif want[0] == "delegates":
            if results.score(sid, want[1]) >= results.max(want[1]):
                problems.append(f"{sid} keeps the points of {want[1]} by calling nnlib's own implementation")
            said = results.message(sid, want[1])
            if "not available while assignment" not in said:
                problems.append(f"{sid}: the message of {want[1]} does not name the rule: {said[:300]!r}")
        elif want[0] == "cheat":
            test = want[1]["fails"][0]
            if results.score(sid, test) >= results.max(test):
                problems.append(f"{sid} gains the points of {test} with wrong answer {want[1]['name']}")
            if want[2] and not flags:
                problems.append(f"{sid} is not flagged")
        if row["status"] == "missing":
            problems.append(f"{sid} vanished from the export")
    return problems
