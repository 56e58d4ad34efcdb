"""The OpenAPI document against the running code: schemathesis (from PyPI, installed by
`deploy/local/ensure-packages --schemathesis`) runs every phase — examples, coverage,
fuzzing and stateful through the document's links — with a fixed seed and a bounded number
of examples, against a stack of its own (MariaDB, nginx + TLS, the pool, lectern-sim), once
each with an admin's, a teacher's and a student's token, and every check must pass.

By hand, against `deploy/local/run`'s stack (the README says how), or against this module's
stack with LECTERN_KEEP_STACK=1 to read the reports it leaves in the stack's directory."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from conftest import module_stack
from helpers import unique_email

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DOCUMENT = REPO / "Sources" / "LecternAPI" / "openapi.yaml"
SEED = 20261204
MAX_EXAMPLES = 6
STATEFUL_STEPS = 10
STATEFUL_SCENARIOS = 15


@pytest.fixture(scope="module")
def stack():
    yield from module_stack()


@pytest.fixture(scope="module")
def seeded(stack) -> dict:
    return seed(stack)


def schemathesis_command() -> list[str]:
    found = shutil.which("st") or shutil.which("schemathesis")
    if found:
        return [found]
    probe = subprocess.run([sys.executable, "-c", "import schemathesis"], capture_output=True)
    if probe.returncode != 0:
        pytest.fail("schemathesis is not installed: run deploy/local/ensure-packages --schemathesis", pytrace=False)
    return [sys.executable, "-m", "schemathesis.cli"]


def seed(stack) -> dict:
    """Users of each role, a group, an event provider and a pool host; their ids pin the body
    fields that name other objects, so that schema-valid requests name objects that exist."""
    people = {}
    for role in ("admin", "teacher", "student"):
        email, password = unique_email(f"st-{role}"), "pw-" + uuid.uuid4().hex
        people[role] = {"id": stack.add_user(email, f"Schemathesis {role}", role, password),
                        "token": stack.login(email, password)}

    def call(role: str, method: str, path: str, body: dict) -> dict:
        status, _, answer = stack.request(method, path, json=body, token=people[role]["token"])
        assert status in (200, 201), f"{method} {path}: {status} {answer!r}"
        return answer
    group = call("teacher", "POST", "/api/schedule/groups/",
                 {"name": "Schemathesis", "student_ids": [people["student"]["id"]]})
    app = {"account_id": f"st-{uuid.uuid4().hex[:8]}", "client_id": f"st-{uuid.uuid4().hex[:8]}",
           "client_secret": uuid.uuid4().hex}
    stack.sim_request("POST", "/_sim/apps", app)
    provider = call("admin", "POST", "/api/schedule/event-providers/",
                    {"name": "Schemathesis", "event_type": "meeting", "host_user_id": people["teacher"]["id"], **app})
    call("admin", "POST", "/api/schedule/zoom-accounts/", {"email": unique_email("st-host"), "max_concurrent_meetings": 5})
    return {"people": people, "group": group["id"], "provider": provider["id"]}


def config(ids: dict) -> str:
    """schemathesis.toml: the seed, the bounds of the run and the ids that body fields name."""
    people = ids["people"]
    teacher, student = people["teacher"]["id"], people["student"]["id"]
    # Each accepted 400 below is a rule OpenAPI cannot state: it relates two values, or a value
    # to the stored state. The operation's description states it; test_schedule.py, test_events.py,
    # test_pool.py and test_bounds.py assert each. (The coverage phase does not apply the body
    # pins of [parameters], so an id that names nothing still reaches these operations.)
    names_an_object = "a body id must name an object that exists and that the caller may use"
    state_dependent = {
        "POST /api/schedule/groups/": names_an_object,
        "PATCH /api/schedule/groups/{id}/": names_an_object,
        "POST /api/schedule/groups/{id}/members/": names_an_object,
        "POST /api/schedule/lessons/": names_an_object + "; end_time after start_time, within 24 hours",
        "PATCH /api/schedule/lessons/{id}/": names_an_object + "; new times against the lesson's others",
        "GET /api/schedule/lessons/": "cursor is a token the list makes, not any string",
        "POST /api/schedule/lessons/quick-start/": names_an_object,
        "POST /api/schedule/recurring-lessons/": names_an_object + "; valid_until not before valid_from; an IANA zone",
        "PATCH /api/schedule/recurring-lessons/{id}/": names_an_object + "; valid_until not before valid_from",
        "POST /api/schedule/lessons/{id}/start/": "zoom_credentials_missing until the teacher has set them",
        "POST /api/schedule/recurring-lessons/{id}/occurrences/{date}/": "an occurrence past 9999 in UTC",
        "POST /api/schedule/recurring-lessons/{id}/occurrences/{date}/start-new/": "an occurrence past 9999 in UTC",
        "POST /api/schedule/event-providers/": names_an_object,
        "PATCH /api/schedule/event-providers/{id}/": names_an_object,
        "POST /api/schedule/events/": names_an_object,
        "PATCH /api/schedule/events/{id}/": names_an_object + "; a scheduled event's start_time in the future",
        "POST /api/schedule/events/{id}/participants/": names_an_object,
    }
    lines = [
        f"seed = {SEED}",
        "continue-on-failure = true",
        "",
        "[generation]",
        f"max-examples = {MAX_EXAMPLES}",
        "",
        "[phases.stateful]",
        f"max-steps = {STATEFUL_STEPS}",
        # Only the document's own links: inferred ones guess, e.g. a group's id as a student's.
        "inference.algorithms = []",
        "[phases.stateful.generation]",
        f"max-examples = {STATEFUL_SCENARIOS}",
        "",
        "[parameters]",
        f'"body.group_id" = {ids["group"]}',
        f'"body.provider_id" = {ids["provider"]}',
        f'"body.host_id" = {teacher}',
        f'"body.host_user_id" = {teacher}',
        f'"body.teacher_id" = {teacher}',
        f'"body.student_ids" = [{student}]',
        f'"body.student_id" = {student}',
        f'"body.user_ids" = [{student}]',
        '"body.timezone" = "Europe/Berlin"',
        # Both days or neither; a fixed week keeps the calendar's range within 366 days.
        '"from" = "2030-01-13"',
        '"to" = "2030-01-19"',
        "",
    ]
    # These call Zoom (lectern-sim), which rightly refuses what the fuzzer stored before: a pool
    # host or personal credentials made of random text. Lectern answers 502 with Zoom's words,
    # as SPEC §4 says; any other 5xx is still a failure.
    calls_zoom = {"POST /api/schedule/lessons/quick-start/", "POST /api/schedule/lessons/{id}/start-new/",
                  "POST /api/schedule/lessons/{id}/start/", "POST /api/schedule/lessons/{id}/end/",
                  "POST /api/schedule/recurring-lessons/{id}/occurrences/{date}/start-new/",
                  "POST /api/schedule/events/", "PATCH /api/schedule/events/{id}/", "DELETE /api/schedule/events/{id}/"}
    for name in sorted(set(state_dependent) | calls_zoom):
        lines += ["[[operations]]", f'include-name = "{name}"']
        if name in state_dependent:
            lines += [f"# 400: {state_dependent[name]}", "[operations.checks.positive_data_acceptance]",
                      'expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]']
        if name in calls_zoom:
            lines += ["[operations.checks.not_a_server_error]", 'expected-statuses = ["2xx", "3xx", "4xx", "502"]']
        if name == "POST /api/schedule/events/":
            # A new event is a draft: scheduling one needs a start in the future.
            lines += ["[operations.parameters]", '"body.status" = "draft"']
        lines.append("")
    return "\n".join(lines)


def command_for(stack, ids: dict, role: str, work: Path) -> list[str]:
    return schemathesis_command() + [
        "--config-file", str(work / "schemathesis.toml"), "run", str(DOCUMENT),
        "--url", stack.base_url, "--tls-verify", str(stack.cert),
        "--header", f"Authorization: Bearer {ids['people'][role]['token']}",
        "--checks", "all", "--phases", "examples,coverage,fuzzing,stateful",
        # Revoking the run's own token would turn every later request into a 401.
        "--exclude-name", "DELETE /api/auth/token/",
        "--report", "junit", "--report-dir", str(work),
        "--no-color", "--workers", "1", "--request-timeout", "30",
    ]


@pytest.mark.slow
def test_schemathesis_finds_no_failure_as_admin_teacher_or_student(stack, seeded: dict) -> None:
    """The three roles' runs go side by side (each one request at a time) to keep the wall time short."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")]))}
    runs = {}
    for role in ("admin", "teacher", "student"):
        work = stack.root / f"schemathesis-{role}"
        work.mkdir(exist_ok=True)
        (work / "schemathesis.toml").write_text(config(seeded))
        output = (work / "output.txt").open("w")
        runs[role] = (subprocess.Popen(command_for(stack, seeded, role, work), stdout=output, stderr=subprocess.STDOUT,
                                       cwd=work, env=environment, text=True), work, output)
    failed = []
    for role, (process, work, output) in runs.items():
        try:
            code = process.wait(timeout=600)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        output.close()
        if code != 0:
            failed.append(f"--- schemathesis as {role} exited {code}:\n{(work / 'output.txt').read_text()[-15000:]}")
    assert not failed, "\n".join(failed)
