"""The start claim against MariaDB through nginx and lectern-sim (issue 14, issue 9 items 4
and 5): a press whose database session is killed while it waits on Zoom, a claim that
expired and was taken over, the meeting a losing press made deleted in Zoom (or recorded
for the stuck-host duty), and the duty deciding again from fresh facts after asking Zoom."""
from __future__ import annotations

import subprocess
import tempfile
import threading
from typing import Any, Optional

from helpers import Actor, wait_until
from test_pool import (LESSONS, admin, lesson, needs_sim, open_leases, pool, run_duty, sim_requests,  # noqa: F401
                       start_new, teacher)

CREATE = "POST /v2/users/{id}/meetings"


def in_background(call) -> tuple[threading.Thread, dict]:
    result: dict = {}

    def run() -> None:
        result["value"] = call()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def slow_create(stack, ms: int) -> int:
    """The next meeting create takes `ms` longer; returns the create count before it."""
    before = sim_requests(stack, CREATE)
    stack.sim_request("POST", "/_sim/faults", {"method": "POST", "path": "/v2/users/", "latency_ms": ms, "count": 1})
    return before


def wait_for_creates(stack, count: int) -> None:
    """Until Zoom has received `count` creates (the emulator counts a request as it arrives,
    before its latency), i.e. the press is inside its Zoom call."""
    wait_until(lambda: sim_requests(stack, CREATE) >= count, 20, f"{count} meeting creates to reach Zoom")


def kill_lectern_sessions(stack) -> int:
    """KILL CONNECTION of every session of Lectern's database but this one."""
    ids = [row[0] for row in stack.sql(
        "SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID()")]
    for session in ids:
        try:
            stack.sql(f"KILL CONNECTION {session}")
        except Exception:  # noqa: BLE001 - a session may have ended by itself meanwhile
            pass
    return len(ids)


def sim_meetings_of(stack, host_email: str) -> list[dict]:
    _, body = stack.sim_request("GET", "/_sim/meetings")
    return [m for m in body["meetings"] if m.get("host_email", "").lower() == host_email.lower()]


def lease_rows(stack, lesson_id: int) -> list[tuple[Optional[str], ...]]:
    return stack.sql(f"SELECT id, meeting_id, released_at FROM zoom_leases WHERE lesson_id = {lesson_id} ORDER BY id")


def assert_one_live_meeting_on_a_held_host(stack, teacher: Actor, host: dict, lesson_id: int, meeting_id: str) -> None:
    shown = teacher.ok("GET", f"{LESSONS}{lesson_id}/")
    assert shown["status"] == "live" and shown["zoom_meeting_id"] == meeting_id
    leases = lease_rows(stack, lesson_id)
    assert [row[1] for row in leases if row[2] is None] == [meeting_id], leases
    assert open_leases(stack, host["id"]) == 1
    assert [str(m["id"]) for m in sim_meetings_of(stack, host["email"])] == [meeting_id]


def test_a_press_whose_session_is_killed_mid_zoom_call_keeps_its_meeting(stack, teacher, pool) -> None:
    """Before the claim, the killed session took the GET_LOCK with it: the second press
    reused the meetingless lease and made a meeting, and the first press, failing to store a
    second one, gave back the lease the live meeting was using."""
    [host] = pool(1)
    planned = lesson(teacher)
    before = slow_create(stack, 2500)
    first, first_result = in_background(lambda: start_new(teacher, planned["id"]))
    wait_for_creates(stack, before + 1)
    assert kill_lectern_sessions(stack) > 0
    second = start_new(teacher, planned["id"])
    first.join(60)
    status, _, body = first_result["value"]
    assert status == 200, body
    assert second[0] == 200, second
    assert second[2]["zoom_meeting_id"] == body["zoom_meeting_id"]
    assert sim_requests(stack, CREATE) - before == 1
    assert len(lease_rows(stack, planned["id"])) == 1
    assert_one_live_meeting_on_a_held_host(stack, teacher, host, planned["id"], body["zoom_meeting_id"])


def test_a_second_press_waits_for_the_first_then_answers_with_its_meeting(stack, teacher, pool) -> None:
    [host] = pool(1)
    planned = lesson(teacher)
    before = slow_create(stack, 1500)
    first, first_result = in_background(lambda: start_new(teacher, planned["id"]))
    wait_for_creates(stack, before + 1)
    claim = stack.sql(f"SELECT start_claim IS NOT NULL, start_claim_until > UTC_TIMESTAMP(6) FROM lessons "
                      f"WHERE id = {planned['id']}")
    assert claim == [("1", "1")]  # committed, so every node and every session sees it
    second = start_new(teacher, planned["id"])
    first.join(60)
    assert first_result["value"][0] == 200 and second[0] == 200
    assert second[2] == first_result["value"][2]
    assert stack.sql(f"SELECT start_claim FROM lessons WHERE id = {planned['id']}") == [(None,)]
    assert_one_live_meeting_on_a_held_host(stack, teacher, host, planned["id"], second[2]["zoom_meeting_id"])


def take_over_an_expired_claim(stack, teacher: Actor, host: dict) -> tuple[dict, tuple[int, Any, Any], dict]:
    """A first press hangs in Zoom past its claim; a second press takes the claim over and
    starts the lesson. Returns the lesson, the first press's answer and the second's meeting."""
    planned = lesson(teacher)
    before = slow_create(stack, 3000)
    first, first_result = in_background(lambda: start_new(teacher, planned["id"]))
    wait_for_creates(stack, before + 1)
    stack.sql(f"UPDATE lessons SET start_claim_until = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = {planned['id']}")
    second = teacher.ok("POST", f"{LESSONS}{planned['id']}/start-new/")
    first.join(60)
    assert sim_requests(stack, CREATE) - before == 2
    assert len(lease_rows(stack, planned["id"])) == 1  # taken over, not a second host
    return planned, first_result["value"], second


def test_a_press_whose_claim_was_taken_over_fails_cleanly_and_deletes_its_meeting(stack, teacher, pool) -> None:
    [host] = pool(1)
    deletes = sim_requests(stack, "DELETE /v2/meetings/{id}")
    planned, (status, _, body), second = take_over_an_expired_claim(stack, teacher, host)
    assert status == 409 and body["code"] == "start_in_progress", body
    assert sim_requests(stack, "DELETE /v2/meetings/{id}") - deletes == 1
    # The late press gave back nothing: the lease carries the winner's meeting.
    assert_one_live_meeting_on_a_held_host(stack, teacher, host, planned["id"], second["zoom_meeting_id"])
    assert int(stack.sql("SELECT COUNT(*) FROM zoom_orphan_meetings")[0][0]) == 0


def test_a_meeting_zoom_would_not_delete_is_deleted_by_the_duty(stack, teacher, pool) -> None:
    [host] = pool(1)
    stack.sim_request("POST", "/_sim/faults", {"method": "DELETE", "path": "/v2/meetings/", "status": 503, "count": -1})
    stack.sql("DELETE FROM zoom_orphan_meetings")
    planned, (status, _, body), second = take_over_an_expired_claim(stack, teacher, host)
    assert status == 409, body
    [(orphan, reason)] = stack.sql("SELECT meeting_id, reason FROM zoom_orphan_meetings")
    assert reason == "start_not_stored"
    assert sorted(str(m["id"]) for m in sim_meetings_of(stack, host["email"])) == sorted([orphan, second["zoom_meeting_id"]])
    stack.sim_request("DELETE", "/_sim/faults")
    run_duty(stack)
    assert stack.sql("SELECT COUNT(*) FROM zoom_orphan_meetings") == [("0",)]
    assert_one_live_meeting_on_a_held_host(stack, teacher, host, planned["id"], second["zoom_meeting_id"])


def test_a_failed_press_leaves_the_lesson_free_to_start_at_once(stack, teacher, pool) -> None:
    """Zoom's refusal gives back the press's lease and clears its claim in one go."""
    [host] = pool(1)
    planned = lesson(teacher)
    stack.sim_request("POST", "/_sim/faults", {"method": "POST", "path": "/v2/users/", "status": 400, "code": 300,
                                               "message": "Invalid meeting."})
    teacher.fails("POST", f"{LESSONS}{planned['id']}/start-new/", 502, code="zoom_error")
    assert stack.sql(f"SELECT start_claim FROM lessons WHERE id = {planned['id']}") == [(None,)]
    assert stack.sql(f"SELECT release_reason FROM zoom_leases WHERE lesson_id = {planned['id']}") == [("zoom_error",)]
    started = teacher.ok("POST", f"{LESSONS}{planned['id']}/start-new/")
    assert_one_live_meeting_on_a_held_host(stack, teacher, host, planned["id"], started["zoom_meeting_id"])


def test_the_duty_decides_again_after_asking_zoom(stack, teacher, pool) -> None:
    """The duty read an ended lesson, then asked Zoom (slowly); meanwhile the lesson was
    moved later. Releasing on the stale read would free a host whose lesson still runs."""
    [host] = pool(1)
    planned = lesson(teacher)
    teacher.ok("POST", f"{LESSONS}{planned['id']}/start-new/")
    stack.sql(f"UPDATE lessons SET start_time = UTC_TIMESTAMP(6) - INTERVAL 80 MINUTE, started_at = start_time, "
              f"end_time = UTC_TIMESTAMP(6) - INTERVAL 20 MINUTE WHERE id = {planned['id']}")
    asks = sim_requests(stack, "GET /v2/meetings/{id}")
    stack.sim_request("POST", "/_sim/faults", {"method": "GET", "path": "/v2/meetings/", "latency_ms": 3000, "count": 1})
    duty, _ = in_background(lambda: run_duty(stack))
    wait_until(lambda: sim_requests(stack, "GET /v2/meetings/{id}") > asks, 30, "the duty to ask Zoom")
    stack.sql(f"UPDATE lessons SET end_time = UTC_TIMESTAMP(6) + INTERVAL 30 MINUTE WHERE id = {planned['id']}")
    duty.join(60)
    assert open_leases(stack, host["id"]) == 1
    assert teacher.ok("GET", f"{LESSONS}{planned['id']}/")["status"] == "live"


def test_the_duty_counts_a_late_start_from_when_it_started(stack, teacher, pool) -> None:
    """Planned 100–40 minutes ago but started 30 minutes late: it runs until 10 minutes ago,
    within the 15 minutes' grace, although its planned end is 40 minutes past."""
    [host] = pool(1)
    planned = lesson(teacher)
    teacher.ok("POST", f"{LESSONS}{planned['id']}/start-new/")
    stack.sql(f"UPDATE lessons SET start_time = UTC_TIMESTAMP(6) - INTERVAL 100 MINUTE, "
              f"end_time = UTC_TIMESTAMP(6) - INTERVAL 40 MINUTE, "
              f"started_at = UTC_TIMESTAMP(6) - INTERVAL 70 MINUTE WHERE id = {planned['id']}")
    run_duty(stack)
    assert open_leases(stack, host["id"]) == 1
    stack.sql(f"UPDATE lessons SET started_at = UTC_TIMESTAMP(6) - INTERVAL 80 MINUTE WHERE id = {planned['id']}")
    run_duty(stack)
    assert open_leases(stack, host["id"]) == 0


def test_a_store_whose_session_is_killed_is_retried_on_a_new_one(stack, teacher, pool) -> None:
    """The press's session dies while it stores the meeting (here: killed while it waits for
    the lesson's row lock). Its token still holds, so it stores again on a new session, rather
    than answering 503 and leaving the meeting in Zoom and the host half given back."""
    [host] = pool(1)
    planned = lesson(teacher)
    before = slow_create(stack, 6000)
    deletes = sim_requests(stack, "DELETE /v2/meetings/{id}")
    first, first_result = in_background(lambda: start_new(teacher, planned["id"]))
    wait_for_creates(stack, before + 1)
    # The holder says when it holds the row (unbuffered: the client otherwise keeps its answers
    # until it exits), so the test never guesses from the server's lists; a loaded machine may
    # take a while to connect it (the stack's client default is 2 s).
    holder_errors = tempfile.TemporaryFile(mode="w+")
    holder = subprocess.Popen(stack._mysql_client_args() + ["--connect-timeout=20", "--unbuffered", stack.database],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=holder_errors, text=True)
    try:
        holder.stdin.write(f"START TRANSACTION; SELECT id FROM lessons WHERE id = {planned['id']} FOR UPDATE; "
                           "SELECT 'held';\n")
        holder.stdin.flush()
        answer: list[str] = []
        reader = threading.Thread(target=lambda: answer.extend(iter(holder.stdout.readline, "")), daemon=True)
        reader.start()
        try:
            wait_until(lambda: any(line.strip() == "held" for line in answer), 20, "the lesson row to be held")
        except TimeoutError:
            holder_errors.seek(0)
            raise AssertionError(f"holder: {answer} {holder_errors.read()!r} (exit {holder.poll()}), "
                                 f"sessions: {stack.sql('SELECT id, command, state, info FROM information_schema.processlist')}")

        def storing() -> list:
            return stack.sql("SELECT id FROM information_schema.processlist WHERE db = DATABASE() "
                             "AND info LIKE 'SELECT id FROM lessons WHERE id = ? FOR UPDATE'")

        [(session,)] = wait_until(storing, 20, "the press to wait for the lesson row in its store")
        stack.sql(f"KILL CONNECTION {session}")
    finally:
        holder.stdin.close()
        holder.wait(20)
    first.join(60)
    status, _, body = first_result["value"]
    assert status == 200, body
    assert sim_requests(stack, CREATE) - before == 1
    assert sim_requests(stack, "DELETE /v2/meetings/{id}") == deletes
    assert len(lease_rows(stack, planned["id"])) == 1
    assert_one_live_meeting_on_a_held_host(stack, teacher, host, planned["id"], body["zoom_meeting_id"])
