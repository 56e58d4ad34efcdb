"""The foundation through the real stack (nginx + TLS → FastCGI pool → MariaDB):
health, authentication, the error shape, nginx limits, login throttling, the job queue,
the status page and metrics, request logging, and the pool's behaviour under kill -9,
SIGHUP and a MariaDB outage.

Tests run in file order; the disruptive ones (kill -9, SIGHUP, MariaDB down) are last.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid

import pytest

from helpers import WORKERS, Stack, User, assert_error, unique_email, wait_until

HEALTH = "/api/schedule/health/"
TOKEN = "/api/auth/token/"
USER_KEYS = {"id", "email", "name", "role", "timezone", "subscription_expires_at"}


def steady_workers(stack: Stack, timeout: float = 15) -> set[int]:
    """The worker pids once the pool has exactly the configured number of workers."""
    return wait_until(lambda: p if len(p := stack.worker_pids()) == WORKERS else None,
                      timeout, f"{WORKERS} workers")


# ------------------------------------------------------------------------ health


def test_health(stack: Stack) -> None:
    status, headers, body = stack.request("GET", HEALTH)
    assert status == 200, body
    assert headers.get("Content-Type", "").lower().startswith("application/json")
    assert body == {"status": "ok", "database": "ok"}


# -------------------------------------------------------------------------- auth


def test_login_me_logout(stack: Stack, make_user) -> None:
    user: User = make_user("teacher", timezone="Europe/Berlin", subscription_until="2030-01-31")
    status, headers, body = stack.request("POST", TOKEN, json={"email": user.email, "password": user.password})
    assert status == 200, body
    assert headers.get("Content-Type", "").lower().startswith("application/json")
    assert isinstance(body["access_token"], str) and len(body["access_token"]) >= 20
    assert body["token_type"] == "Bearer"
    assert isinstance(body["expires_in"], int) and not isinstance(body["expires_in"], bool)
    assert body["expires_in"] > 0
    who = body["user"]
    assert USER_KEYS <= set(who), who
    assert who["id"] == user.id
    assert who["email"] == user.email
    assert who["name"] == user.name
    assert who["role"] == "teacher"
    assert who["timezone"] == "Europe/Berlin"
    assert isinstance(who["subscription_expires_at"], str) and who["subscription_expires_at"].endswith("Z")
    assert who["subscription_expires_at"].startswith("2030-0")
    token = body["access_token"]

    status, _, me = stack.request("GET", "/api/me/", token=token)
    assert status == 200, me
    assert USER_KEYS <= set(me), me
    assert me["email"] == user.email
    assert me["id"] == user.id

    status, _, body = stack.request("DELETE", TOKEN, token=token)
    assert status == 204, body
    assert body is None
    assert_error(*stack.request("GET", "/api/me/", token=token), 401)


def test_student_without_subscription(stack: Stack, make_user) -> None:
    user: User = make_user("student")
    token = stack.login(user.email, user.password)
    status, _, me = stack.request("GET", "/api/me/", token=token)
    assert status == 200, me
    assert me["role"] == "student"
    assert me["timezone"] == "UTC"
    assert me["subscription_expires_at"] is None


def test_wrong_password_and_unknown_email(stack: Stack, teacher: User) -> None:
    assert_error(*stack.request("POST", TOKEN, json={"email": teacher.email, "password": "wrong-password"}),
                 401, "invalid_credentials")
    assert_error(*stack.request("POST", TOKEN, json={"email": unique_email("nobody"), "password": "whatever"}),
                 401, "invalid_credentials")


def test_missing_and_bad_tokens(stack: Stack) -> None:
    assert_error(*stack.request("GET", "/api/me/"), 401)
    assert_error(*stack.request("GET", "/api/me/", token="not-a-real-token"), 401)
    assert_error(*stack.request("GET", "/api/me/", headers={"Authorization": "Basic dXNlcjpwYXNz"}), 401)


# --------------------------------------------------------------- errors and limits


def test_malformed_json_is_400(stack: Stack) -> None:
    assert_error(*stack.request("POST", TOKEN, body=b'{"email": "a@test.example", "password": ',
                                headers={"Content-Type": "application/json"}), 400)


def test_missing_field_is_400_naming_it(stack: Stack) -> None:
    body = assert_error(*stack.request("POST", TOKEN, json={"email": "a@test.example"}), 400)
    assert "password" in body["detail"], body
    body = assert_error(*stack.request("POST", TOKEN, json={"password": "x"}), 400)
    assert "email" in body["detail"], body


def test_wrong_content_type_is_415(stack: Stack) -> None:
    assert_error(*stack.request("POST", TOKEN, body="email=a@test.example&password=x",
                                headers={"Content-Type": "text/plain"}), 415)


def test_unknown_route_is_404(stack: Stack) -> None:
    assert_error(*stack.request("GET", "/api/nope/"), 404)


def test_wrong_method_is_405_with_allow(stack: Stack) -> None:
    status, headers, body = stack.request("PUT", HEALTH)
    assert_error(status, headers, body, 405)
    allow = headers.get("Allow")
    assert allow, f"no Allow header: {dict(headers)}"
    assert "GET" in allow.upper()


def test_oversized_body_is_413_from_nginx(stack: Stack) -> None:
    status, headers, body = stack.request("POST", TOKEN, body=b" " * (2 * 1024 * 1024),
                                          headers={"Content-Type": "application/json"})
    assert status == 413, body
    # nginx answers with the JSON error page of nginx/lectern*.conf.
    assert_error(status, headers, body, 413, "payload_too_large")


# ------------------------------------------------------------------ throttling


def test_login_throttling(stack: Stack, make_user) -> None:
    victim: User = make_user("teacher", prefix="throttled")
    bystander: User = make_user("teacher", prefix="bystander")
    for attempt in range(10):
        status, headers, body = stack.request("POST", TOKEN, json={"email": victim.email, "password": f"wrong-{attempt}"})
        assert_error(status, headers, body, 401, "invalid_credentials")
    # The 11th attempt is refused even with the right password.
    status, headers, body = stack.request("POST", TOKEN, json={"email": victim.email, "password": victim.password})
    assert_error(status, headers, body, 429)
    retry_after = headers.get("Retry-After")
    assert retry_after is not None and retry_after.strip().isdigit(), f"Retry-After {retry_after!r}"
    assert int(retry_after) > 0
    # Another email is not affected.
    assert stack.login(bystander.email, bystander.password)


# ---------------------------------------------------------- status and metrics


STATUS_KEYS = {
    "start_time", "accepted_requests", "active_workers", "idle_workers", "total_workers", "max_active_workers",
    "slow_requests", "worker_restarts", "transfer_queue_depth", "oldest_pending_job_age_seconds", "listen_queue",
    "recordings_in_flight", "recordings_failed", "notifications_unsent", "notifications_given_up", "workers",
}


def test_status_page_from_loopback(stack: Stack) -> None:
    workers = steady_workers(stack)
    status, headers, body = stack.request("GET", "/api/schedule/status/")
    assert status == 200, body
    assert headers.get("Content-Type", "").lower().startswith("application/json")
    assert STATUS_KEYS <= set(body), sorted(STATUS_KEYS - set(body))
    assert isinstance(body["accepted_requests"], int) and body["accepted_requests"] >= 1
    assert body["total_workers"] == WORKERS
    assert body["listen_queue"] is None or isinstance(body["listen_queue"], int)
    assert isinstance(body["workers"], list) and body["workers"]
    for worker in body["workers"]:
        assert isinstance(worker, dict) and isinstance(worker.get("pid"), int), worker
    assert {w["pid"] for w in body["workers"]} == workers


def test_metrics(stack: Stack) -> None:
    status, headers, body = stack.request("GET", "/metrics")
    assert status == 200, body
    assert "text/plain" in headers.get("Content-Type", "")
    assert isinstance(body, str) and "lectern_accepted_requests_total" in body
    failed = int(stack.sql("SELECT COUNT(*) FROM recordings WHERE status = 'failed'")[0][0])
    assert f"\nlectern_recordings_failed {failed}\n" in body
    assert "\nlectern_notifications_unsent " in body


def test_master_children(stack: Stack) -> None:
    assert stack.master_pid is not None
    assert len(steady_workers(stack)) == WORKERS
    assert len(stack.transfer_pids()) == 1, "the master runs exactly one transfer child"


def test_one_log_line_per_request(stack: Stack) -> None:
    probe = uuid.uuid4().hex
    status, _, _ = stack.request("GET", f"/api/me/?probe={probe}")
    assert status == 401

    def line() -> str | None:
        return next((l for l in stack.log_text().splitlines() if probe in l), None)

    found = wait_until(line, 10, "the request's log line")
    assert "GET" in found and "/api/me/" in found and "401" in found and "pid=" in found, found
    assert sum(probe in l for l in stack.log_text().splitlines()) == 1


# ------------------------------------------------------------------------ jobs


def job_rows(stack: Stack, where: str) -> list[tuple]:
    return stack.sql(f"SELECT id, status, attempts, locked_by, last_error FROM jobs WHERE {where}")


@pytest.mark.slow
def test_unknown_job_kind_fails_once(stack: Stack) -> None:
    job_id = int(stack.sql("INSERT INTO jobs (kind, payload, run_at) VALUES ('no_such_kind', '{}', NOW(6)); "
                           "SELECT LAST_INSERT_ID()")[0][0])

    def failed():
        rows = job_rows(stack, f"id = {job_id}")
        return rows[0] if rows and rows[0][1] == "failed" else None

    _, status, attempts, _, last_error = wait_until(failed, 30, f"job {job_id} to be failed")
    assert int(attempts) == 1
    assert last_error and "no_such_kind" in last_error, last_error


@pytest.mark.slow
def test_jobs_shared_by_several_transfer_processes(stack: Stack) -> None:
    extra = [stack.start_lectern_process("transfer", log_name=f"transfer-extra-{i}.log") for i in range(2)]
    try:
        kind = f"no_such_kind_{uuid.uuid4().hex[:8]}"
        # Due over three seconds from one second on, so that every process is polling
        # while the jobs come due (all three compete for them).
        values = ", ".join(
            f"('{kind}', '{{}}', NOW(6) + INTERVAL {1_000_000 + i * 10_000} MICROSECOND)" for i in range(300))
        stack.sql(f"INSERT INTO jobs (kind, payload, run_at) VALUES {values}")
        for proc in extra:
            assert proc.poll() is None, f"extra transfer process exited with {proc.returncode}"

        def all_failed():
            for proc in extra:
                assert proc.poll() is None, f"extra transfer process exited with {proc.returncode}"
            rows = job_rows(stack, f"kind = '{kind}'")
            return rows if len(rows) == 300 and all(r[1] == "failed" for r in rows) else None

        rows = wait_until(all_failed, 60, "300 jobs to be failed")
        assert [r for r in rows if int(r[2]) != 1] == [], "every job is claimed exactly once"
        holders = {r[3] for r in rows if r[3]}
        assert len(holders) >= 2, f"jobs were claimed by {holders}"
    finally:
        for proc in extra:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in extra:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except Exception:
                proc.kill()
                proc.wait()
                pytest.fail(f"transfer process {proc.pid} did not exit within 10 s of SIGTERM")


# ------------------------------------------------------------------ disruptive


@pytest.mark.slow
@pytest.mark.disruptive
def test_kill_9_worker_is_replaced(stack: Stack) -> None:
    master = stack.master_pid
    before = steady_workers(stack)
    victim = min(before)
    stop = threading.Event()
    sent = [0]

    def background() -> None:
        hard_deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < hard_deadline:
            try:
                stack.request("GET", HEALTH, timeout=10)
            except Exception:  # in flight at the kill: may fail
                pass
            sent[0] += 1

    thread = threading.Thread(target=background, daemon=True)
    thread.start()
    try:
        wait_until(lambda: sent[0] >= 5, 15, "background requests to flow")
        os.kill(victim, signal.SIGKILL)

        def replaced():
            pids = stack.worker_pids()
            return pids if len(pids) == WORKERS and victim not in pids and pids - before else None

        after = wait_until(replaced, 15, "the killed worker to be replaced")
        assert stack.master_pid == master
        statuses = [stack.request("GET", HEALTH)[0] for _ in range(20)]
        assert statuses == [200] * 20, statuses
        assert len(after - before) == 1
    finally:
        stop.set()
        thread.join(timeout=30)


@pytest.mark.slow
@pytest.mark.disruptive
def test_sighup_under_load_drops_nothing(stack: Stack) -> None:
    master = stack.master_pid
    before = steady_workers(stack)
    lock = threading.Lock()
    counts = {"ok": 0, "failed": 0, "after_hup": 0}
    failures: list[str] = []
    hup_at = [None]
    started = time.monotonic()
    end = started + 3.0

    def client() -> None:
        while time.monotonic() < end:
            t0 = time.monotonic()
            try:
                status, _, body = stack.request("GET", HEALTH, timeout=20)
                outcome = None if status == 200 else f"{status} {body!r}"
            except Exception as e:  # connection errors count as failures
                outcome = f"{type(e).__name__}: {e}"
            with lock:
                if outcome is None:
                    counts["ok"] += 1
                else:
                    counts["failed"] += 1
                    failures.append(outcome)
                if hup_at[0] is not None and t0 > hup_at[0]:
                    counts["after_hup"] += 1

    threads = [threading.Thread(target=client, daemon=True) for _ in range(4)]
    for t in threads:
        t.start()
    wait_until(lambda: counts["ok"] >= 20 or time.monotonic() > started + 1.5, 5, "load to build up")
    hup_at[0] = time.monotonic()
    os.kill(master, signal.SIGHUP)
    for t in threads:
        t.join(timeout=60)
    print(f"SIGHUP under load: {counts['ok']} ok, {counts['failed']} failed, "
          f"{counts['after_hup']} started after the SIGHUP, {time.monotonic() - started:.1f}s")

    def new_generation():
        pids = stack.worker_pids()
        return pids if len(pids) == WORKERS and pids.isdisjoint(before) else None

    after = wait_until(new_generation, 20, "a complete new generation of workers")
    assert stack.master_pid == master and master is not None
    assert counts["failed"] == 0, failures[:10]
    assert counts["after_hup"] > 0, "no request was sent after the SIGHUP"
    assert after.isdisjoint(before)


@pytest.mark.slow
@pytest.mark.disruptive
def test_mariadb_down_and_back(stack: Stack, teacher: User) -> None:
    token = stack.login(teacher.email, teacher.password)
    master = stack.master_pid
    workers = steady_workers(stack)
    stack.stop_mariadb()
    try:
        status, headers, body = stack.request("GET", HEALTH)
        assert status == 503, body
        assert headers.get("Content-Type", "").lower().startswith("application/json")
        assert isinstance(body, dict)
        # Either the health shape ({"status":"degraded","database":"unavailable"}) or the error shape.
        assert (isinstance(body.get("database"), str) and body["database"] != "ok") \
            or body.get("code") == "database_unavailable", body

        assert_error(*stack.request("GET", "/api/me/", token=token), 503, "database_unavailable")
        assert stack.master_pid == master
        assert stack.worker_pids() == workers, "workers survive a database outage"
    finally:
        if stack.mariadb_pid is None:
            stack.start_mariadb_again()

    wait_until(lambda: stack.request("GET", HEALTH)[0] == 200, 30, "health to be 200 again")
    assert stack.master_pid == master
    status, _, me = stack.request("GET", "/api/me/", token=token)
    assert status == 200 and me["email"] == teacher.email, me
    assert stack.login(teacher.email, teacher.password)
