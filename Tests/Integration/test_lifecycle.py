"""The pool's life cycle on a stack of its own, configured to recycle and time out fast:
workers recycled after LECTERN_MAX_REQUESTS, a worker stuck past LECTERN_REQUEST_TIMEOUT
killed and replaced, `lectern status` from the command line, and a graceful SIGTERM."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
import time

import pytest

from conftest import lectern_bin
from helpers import unique_email, wait_until
from stack import Stack, process_alive

HEALTH = "/api/schedule/health/"
WORKERS = 2
MAX_REQUESTS = 5


@pytest.fixture(scope="module")
def small_stack():
    s = Stack(None, lectern_bin(), workers=WORKERS,
              extra_env={"LECTERN_MAX_REQUESTS": str(MAX_REQUESTS), "LECTERN_REQUEST_TIMEOUT": "2"})
    s.up()
    try:
        yield s
    finally:
        s.down()


@contextlib.contextmanager
def row_lock(stack: Stack, email: str):
    """Holds a lock on the email's login_failures rows in an open transaction, so that a
    login for it (which deletes them) waits."""
    holder = subprocess.Popen(stack._mysql_client_args() + ["--unbuffered", stack.database],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        holder.stdin.write(f"BEGIN; SELECT id FROM login_failures WHERE email = '{email}' FOR UPDATE;\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip()  # the locked row's id: the lock is held
        yield
    finally:
        holder.stdin.write("ROLLBACK;\n")
        holder.stdin.close()
        holder.wait(timeout=10)


def steady(stack: Stack) -> set[int]:
    return wait_until(lambda: p if len(p := stack.worker_pids()) == WORKERS else None, 15, f"{WORKERS} workers")


def test_workers_are_recycled_after_max_requests(small_stack: Stack) -> None:
    before = steady(small_stack)
    statuses = [small_stack.request("GET", HEALTH)[0] for _ in range(WORKERS * MAX_REQUESTS * 2)]
    assert statuses == [200] * len(statuses)
    after = steady(small_stack)
    assert before.isdisjoint(after), (before, after)
    # Recycling is not a crash: no restart is counted.
    status, _, body = small_stack.request("GET", "/api/schedule/status/")
    assert status == 200
    assert body["worker_restarts"] == 0


def test_a_stuck_worker_is_killed_and_replaced(small_stack: Stack) -> None:
    """A login whose DELETE waits on a row lock held by this test outlives the 2 s request
    timeout: the master kills that worker, nginx answers an error for that request only,
    and the pool is whole again."""
    email = unique_email("stuck")
    small_stack.add_user(email, "Stuck", "teacher", "right-password")
    small_stack.sql(f"INSERT INTO login_failures (email, address) VALUES ('{email}', '192.0.2.1')")
    with row_lock(small_stack, email):
        steady(small_stack)
        started = time.monotonic()
        status, _, body = small_stack.request("POST", "/api/auth/token/", timeout=30,
                                              json={"email": email, "password": "right-password"})
        elapsed = time.monotonic() - started
        assert status in (502, 504), (status, body)
        assert elapsed < 4.5, f"the stuck request was not cut at the 2 s timeout ({elapsed:.1f} s)"
        assert "code" in body
    wait_until(lambda: "killing stuck worker" in small_stack.log_text(), 10, "the master's log line")
    steady(small_stack)
    assert small_stack.request("GET", HEALTH)[0] == 200
    assert small_stack.request("POST", "/api/auth/token/",
                               json={"email": email, "password": "right-password"})[0] == 200


def test_status_command_reads_the_running_pool(small_stack: Stack) -> None:
    result = small_stack.lectern("status")
    figures = json.loads(result.stdout)
    assert figures["configured_workers"] == WORKERS
    assert {w["pid"] for w in figures["workers"]} >= steady(small_stack)
    assert figures["database"] == "ok"
    assert figures["accepted_requests"] > 0


def test_a_sighup_during_a_reload_is_carried_out_after_it(small_stack: Stack) -> None:
    """An old worker kept busy (its login waits on a row lock) keeps the first reload going;
    a second SIGHUP then must be deferred, not dropped: the pool ends two generations on."""
    steady(small_stack)

    def generations() -> set[int]:
        return {w["generation"] for w in small_stack.request("GET", "/api/schedule/status/")[2]["workers"]}

    start = max(generations())
    email = unique_email("reload")
    small_stack.add_user(email, "Reload", "teacher", "right-password")
    small_stack.sql(f"INSERT INTO login_failures (email, address) VALUES ('{email}', '192.0.2.1')")
    with row_lock(small_stack, email):
        slow = threading.Thread(target=small_stack.request, args=("POST", "/api/auth/token/"),
                                kwargs={"json": {"email": email, "password": "right-password"}, "timeout": 30})
        slow.start()
        wait_until(lambda: small_stack.request("GET", "/api/schedule/status/")[2]["active_workers"] >= 2, 10,
                   "the login to be in progress")
        os.kill(small_stack.master_pid, signal.SIGHUP)
        wait_until(lambda: start + 1 in generations(), 10, f"generation {start + 1} to start")
        os.kill(small_stack.master_pid, signal.SIGHUP)
    slow.join(timeout=30)
    wait_until(lambda: generations() == {start + 2}, 20, f"every worker in generation {start + 2}")
    assert small_stack.request("GET", HEALTH)[0] == 200


def test_sigterm_stops_the_pool_gracefully(small_stack: Stack) -> None:
    master = small_stack.master_pid
    children = small_stack.worker_pids() | small_stack.transfer_pids()
    assert children
    code = small_stack.stop_lectern()
    assert code == 0
    for pid in children:
        assert not process_alive(pid), f"child {pid} outlived the master"
    assert not process_alive(master)
    assert not small_stack.fcgi_socket.exists(), "the socket file is left behind"
    result = small_stack.lectern("status", check=False)
    assert result.returncode == 1
    assert "no running master" in result.stderr
