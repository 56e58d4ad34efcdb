"""Lectern on a three-node Galera cluster used single-writer (SPEC §14, issue 14), built from
the recipe in deploy/galera/ by deploy/local/galera.py: HAProxy sends every connection to
node 1 while it is Synced, else to node 2 or 3. Two Lectern hosts (each nginx + TLS + a pool
with its transfer child) share the cluster and one lectern-sim. The writer is killed (-9)
during a burst of starts and during an upload: no lesson gets a second Zoom meeting, no live
lesson's host is freed, the burst is exact, nothing answers 500, a start while no node takes
writes answers 503, node 1 rejoins by IST, and the upload finishes with one good copy."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Callable

import pytest

from conftest import lectern_bin
from helpers import Actor, User, unique_email, wait_until
from test_transfer import CHUNK, MINUTES, assert_copied, recordings_of_lesson, settled

from galera import GaleraCluster, GaleraStack  # deploy/local, on sys.path through conftest

pytestmark = pytest.mark.disruptive
LESSONS = "/api/schedule/lessons/"
CREATE = "POST /v2/users/{id}/meetings"
HOSTS, CAPACITY = 3, 3  # nine slots


@pytest.fixture(scope="module")
def cluster():
    root = Path(tempfile.mkdtemp(prefix="lectern-galera-", dir=os.environ.get("LECTERN_STACK_PARENT") or None))
    built = GaleraCluster(root / "cluster")
    stacks: list[GaleraStack] = []
    try:
        built.up()
        env = {"LECTERN_CHUNK_SIZE": str(CHUNK)}
        stacks.append(GaleraStack(built, lectern_bin(), workers=4, extra_env=env).up())
        if stacks[0].sim_port is None:
            pytest.skip("lectern-sim is not built beside lectern")
        stacks.append(GaleraStack(built, lectern_bin(), workers=4, extra_env=env, sim_of=stacks[0]).up())
        yield built, stacks
    finally:
        for s in reversed(stacks):
            s.down()
        built.down()
        if os.environ.get("LECTERN_KEEP_STACK") != "1":
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def people(cluster):
    _, (first, second) = cluster
    password = "pw-" + uuid.uuid4().hex

    def user(role: str) -> User:
        email = unique_email(role)
        return User(first.add_user(email, f"Galera {role}", role, password), email, f"Galera {role}", role, password)

    admin, teacher = user("admin"), user("teacher")
    # The same people on both hosts: their tokens live in the shared database.
    return {"admin": Actor(first, admin), "a": Actor(first, teacher), "b": Actor(second, teacher)}


def plan(actor: Actor, title: str, minutes: int = 60, record: bool = False) -> dict:
    start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    group = actor.ok("POST", "/api/schedule/groups/", {"name": f"G {title}"}, 201)
    return actor.ok("POST", LESSONS, {"title": title, "group_id": group["id"], "duration": minutes,
                                      "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "record_lesson": record}, 201)


def creates(stack) -> int:
    return stack.sim_request("GET", "/_sim/stats")[1]["requests"].get(CREATE, 0)


def healthy(stack) -> bool:
    try:
        return stack.request("GET", "/api/schedule/health/", timeout=5)[0] == 200
    except OSError:
        return False


def test_the_cluster_has_what_galera_needs(cluster) -> None:
    built, _ = cluster
    node = built.node(1)
    assert node.sql("SELECT @@binlog_format, @@innodb_autoinc_lock_mode, @@wsrep_on") == [("ROW", "2", "1")]
    assert node.status("wsrep_cluster_size") == "3"
    without_key = node.sql("""
        SELECT t.table_name FROM information_schema.tables t
        WHERE t.table_schema = 'lectern' AND t.table_type = 'BASE TABLE' AND NOT EXISTS (
            SELECT 1 FROM information_schema.table_constraints c
            WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name
              AND c.constraint_type = 'PRIMARY KEY')""")
    assert without_key == []
    engines = node.sql("SELECT DISTINCT engine FROM information_schema.tables "
                       "WHERE table_schema = 'lectern' AND table_type = 'BASE TABLE'")
    assert engines == [("InnoDB",)]
    assert built.writer() == 1


def test_a_start_burst_survives_the_writers_death(cluster, people) -> None:
    built, (first, second) = cluster
    admin, a, b = people["admin"], people["a"], people["b"]
    first.sql("UPDATE zoom_accounts SET is_active = 0")
    hosts = [admin.ok("POST", "/api/schedule/zoom-accounts/",
                      {"email": f"galera-{i}-{time.monotonic_ns()}@pool.test", "max_concurrent_meetings": CAPACITY}, 201)
             for i in range(HOSTS)]
    probe = plan(a, "Probe lesson")
    a.ok("POST", f"{LESSONS}{probe['id']}/start-new/")
    lessons = [plan(a, f"Burst lesson {i} {uuid.uuid4().hex[:6]}") for i in range(HOSTS * CAPACITY - 1)]
    before = creates(first)
    first.sim_request("POST", "/_sim/faults", {"method": "POST", "path": "/v2/users/", "latency_ms": 1500,
                                               "count": len(lessons)})
    answers: dict[int, Any] = {}

    def press(actor: Actor, lesson_id: int) -> None:
        answers[lesson_id] = actor.call("POST", f"{LESSONS}{lesson_id}/start-new/")

    threads = [threading.Thread(target=press, args=((a, b)[i % 2], lesson["id"])) for i, lesson in enumerate(lessons)]
    for thread in threads:
        thread.start()
    wait_until(lambda: creates(first) >= before + 3, 20, "presses to be inside Zoom's create")
    built.kill(1)
    probes: list[int] = []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the fail-over takes about a second, sometimes unnoticed
        probes.append(b.call("POST", f"{LESSONS}{probe['id']}/start-new/")[0])
        time.sleep(0.05)
    for thread in threads:
        thread.join(90)
    statuses = [answers[lesson["id"]][0] for lesson in lessons]
    assert 500 not in statuses + probes, (statuses, probes)
    assert set(statuses) <= {200, 409, 503}, [answers[lesson["id"]] for lesson in lessons]
    assert set(probes) <= {200, 503}, probes  # a press that lands in the dead window answers 503
    assert built.writer() == 2
    wait_until(lambda: healthy(first) and healthy(second), 30, "both hosts to be healthy on node 2")

    # Whoever did not get the meeting presses again, until every lesson has it.
    def all_started() -> bool:
        for i, lesson in enumerate(lessons):
            if answers[lesson["id"]][0] != 200:
                answers[lesson["id"]] = (a, b)[i % 2].call("POST", f"{LESSONS}{lesson['id']}/start-new/")
        return all(answers[lesson["id"]][0] == 200 for lesson in lessons)

    wait_until(all_started, 90, "every lesson of the burst to be started")

    meetings = first.sim_request("GET", "/_sim/meetings")[1]["meetings"]
    for lesson in lessons + [probe]:
        made = [m for m in meetings if m["topic"] == lesson["title"]]
        assert len(made) == 1, (lesson["title"], made)  # no second Zoom meeting
        row = first.sql(f"SELECT status, zoom_meeting_id FROM lessons WHERE id = {lesson['id']}")
        assert row == [("live", str(made[0]["id"]))], row
        leases = first.sql(f"SELECT meeting_id FROM zoom_leases WHERE lesson_id = {lesson['id']} AND released_at IS NULL")
        assert leases == [(str(made[0]["id"]),)], leases  # its host is held, by its meeting
    for host in hosts:
        held = int(first.sql(f"SELECT COUNT(*) FROM zoom_leases WHERE account_id = {host['id']} "
                             f"AND released_at IS NULL")[0][0])
        assert held == CAPACITY  # exact: never more, and no slot lost
    a.fails("POST", f"{LESSONS}{plan(a, 'One too many')['id']}/start-new/", 429, code="pool_exhausted")


def test_a_start_while_no_node_takes_writes_answers_503_never_500(cluster, people) -> None:
    """A dead window made certain: node 1 is still down and nodes 2 and 3 desync (as a donor
    does), so the health check fails everywhere and HAProxy has no writer at all."""
    built, (_, second) = cluster
    b = people["b"]
    lesson = second.sql("SELECT MAX(id) FROM lessons WHERE status = 'live'")[0][0]
    for number in (2, 3):
        built.node(number).sql("SET GLOBAL wsrep_desync = ON")
    try:
        wait_until(lambda: built.writer() is None, 30, "HAProxy to have no healthy node")
        status, _, body = b.call("POST", f"{LESSONS}{lesson}/start-new/")
        assert status == 503 and body["code"] == "database_unavailable", body
    finally:
        for number in (2, 3):
            built.node(number).sql("SET GLOBAL wsrep_desync = OFF")
    wait_until(lambda: built.writer() == 2, 30, "node 2 to take the writes again")
    wait_until(lambda: b.call("POST", f"{LESSONS}{lesson}/start-new/")[0] == 200, 30, "the start to answer again")


def test_the_old_writer_rejoins_by_ist_and_takes_the_writes_back(cluster) -> None:
    built, stacks = cluster
    built.start(1)
    assert "IST received" in built.node(1).log.read_text(errors="replace")
    wait_until(lambda: built.writer() == 1, 30, "HAProxy to send connections to node 1 again")
    for s in stacks:
        wait_until(lambda: healthy(s), 30, "the host to be healthy on node 1")


def test_an_upload_in_flight_when_the_writer_dies_makes_one_good_copy(cluster, people) -> None:
    built, (first, second) = cluster
    admin, a = people["admin"], people["a"]
    first.sql("UPDATE zoom_accounts SET is_active = 0")
    admin.ok("POST", "/api/schedule/zoom-accounts/", {"email": f"galera-rec-{time.monotonic_ns()}@pool.test"}, 201)
    lesson = plan(a, f"Recorded {uuid.uuid4().hex[:6]}", minutes=MINUTES, record=True)
    started = a.ok("POST", f"{LESSONS}{lesson['id']}/start-new/")
    first.sim_request("POST", "/_sim/faults", {"method": "PUT", "path": "/upload/drive/v3/files", "latency_ms": 300,
                                               "count": -1})
    status, fired = first.sim_request("POST", f"/_sim/meetings/{started['zoom_meeting_id']}/end")
    assert status == 200, fired

    def uploading() -> bool:
        return bool(first.sql(f"SELECT id FROM recordings WHERE lesson_id = {lesson['id']} AND file_type = 'MP4' "
                              f"AND upload_offset > 0"))

    wait_until(uploading, 60, "the MP4 upload to be under way")
    built.kill(1)
    wait_until(lambda: built.writer() == 2, 30, "HAProxy to fail over to node 2")
    first.sim_request("DELETE", "/_sim/faults")
    rows = settled(first, f"lesson_id = {lesson['id']}", timeout=240)
    assert rows
    for row in rows:
        assert_copied(first, row)
    assert len(recordings_of_lesson(first, lesson["id"])) == len(rows)
