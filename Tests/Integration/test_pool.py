"""The Zoom host pool through nginx, MariaDB and lectern-sim: the four capture invariants
under concurrent requests, every answer of the start/end routes, the admin pool routes,
personal credentials, Zoom faults (refusals, 429, expired tokens) and the stuck-host duty."""
from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any, Callable, Optional

import pytest

from helpers import Actor, User, assert_error, wait_until

GROUPS = "/api/schedule/groups/"
LESSONS = "/api/schedule/lessons/"
ACCOUNTS = "/api/schedule/zoom-accounts/"
START_KEYS = {"lesson_id", "zoom_start_url", "zoom_join_url", "zoom_meeting_id", "zoom_password", "account_email"}
ACCOUNT_KEYS = {"id", "app_id", "email", "zoom_user_id", "max_concurrent_meetings", "is_active", "current_meetings",
                "active_lesson_ids", "last_used_at"}
DUTY = "duty.release_stuck_hosts"


@pytest.fixture(autouse=True)
def needs_sim(stack) -> None:
    if stack.sim_port is None:
        pytest.skip("lectern-sim is not built beside lectern")
    stack.sim_request("DELETE", "/_sim/faults")
    stack.sim_request("POST", "/_sim/latency", {"ms": 0})


@pytest.fixture
def admin(stack, make_user: Callable[..., User]) -> Actor:
    return Actor(stack, make_user("admin"))


@pytest.fixture
def teacher(stack, make_user: Callable[..., User]) -> Actor:
    actor = Actor(stack, make_user("teacher"))
    actor.group = actor.ok("POST", GROUPS, {"name": "Pool group"}, 201)
    return actor


@pytest.fixture
def pool(stack, admin: Actor) -> Callable[..., list[dict]]:
    """pool(1, 2, …) → hosts with those capacities, after taking every other host out of the
    pool, so each test knows exactly how many slots there are."""

    def make(*capacities: int) -> list[dict]:
        stack.sql("UPDATE zoom_accounts SET is_active = 0")
        hosts = []
        for capacity in capacities:
            email = f"host-{time.monotonic_ns()}@pool.test"
            hosts.append(admin.ok("POST", ACCOUNTS, {"email": email, "max_concurrent_meetings": capacity}, 201))
        return hosts

    return make


def lesson(actor: Actor, minutes_from_now: int = 5, **extra: Any) -> dict:
    start = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=minutes_from_now)
    body = {"title": "Pool lesson", "group_id": actor.group["id"], "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "duration": 60, **extra}
    return actor.ok("POST", LESSONS, body, 201)


def start_new(actor: Actor, lesson_id: int) -> tuple[int, Any, Any]:
    return actor.call("POST", f"{LESSONS}{lesson_id}/start-new/")


def parallel(calls: list[Callable[[], Any]]) -> list[Any]:
    """Runs the calls at once (released together by a barrier); returns their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = calls[index]()
        except Exception as error:  # noqa: BLE001 - reported by the caller's assertions
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def open_leases(stack, account_id: int) -> int:
    return int(stack.sql(f"SELECT COUNT(*) FROM zoom_leases WHERE account_id = {account_id} AND released_at IS NULL")[0][0])


def sim_meeting(stack, meeting_id: str) -> dict:
    _, body = stack.sim_request("GET", "/_sim/meetings")
    return next(m for m in body["meetings"] if str(m["id"]) == str(meeting_id))


def sim_requests(stack, route: str) -> int:
    _, body = stack.sim_request("GET", "/_sim/stats")
    return body["requests"].get(route, 0)


def run_duty(stack) -> None:
    """Queues one stuck-host sweep and waits until the transfer child has run it."""
    stack.sql(f"INSERT INTO jobs (kind, max_attempts) VALUES ('{DUTY}', 1)")
    job = stack.sql(f"SELECT MAX(id) FROM jobs WHERE kind = '{DUTY}'")[0][0]

    def finished() -> Optional[str]:
        status = stack.sql(f"SELECT status FROM jobs WHERE id = {job}")[0][0]
        return status if status in ("done", "failed") else None

    assert wait_until(finished, 30, f"stuck-host job {job} to run") == "done"


# ------------------------------------------------------------------ starting


def test_start_new_creates_the_meeting_on_a_pool_host(stack, teacher, pool) -> None:
    [host] = pool(1)
    planned = lesson(teacher, record_lesson=True, topics="Waves")
    status, _, body = start_new(teacher, planned["id"])
    assert status == 200, body
    assert set(body) == START_KEYS
    assert body["lesson_id"] == planned["id"] and body["account_email"] == host["email"]
    meeting = sim_meeting(stack, body["zoom_meeting_id"])
    assert meeting["host_email"] == host["email"] and meeting["topic"] == "Pool lesson"
    assert meeting["settings"]["auto_recording"] == "cloud"
    assert meeting["password"] == body["zoom_password"] and 0 < len(body["zoom_password"]) <= 10
    assert (body["zoom_start_url"], body["zoom_join_url"]) == (meeting["start_url"], meeting["join_url"])
    shown = teacher.ok("GET", f"{LESSONS}{planned['id']}/")
    assert (shown["status"], shown["zoom_meeting_id"], shown["account_email"], shown["zoom_start_url"]) == \
        ("live", body["zoom_meeting_id"], host["email"], body["zoom_start_url"])
    # The start URL is a host key: sealed at rest.
    sealed = stack.sql(f"SELECT zoom_start_url_enc FROM lessons WHERE id = {planned['id']}")[0][0]
    assert sealed.startswith("v2:") and "zak=" not in sealed
    assert open_leases(stack, host["id"]) == 1


def test_unrecorded_lesson_has_no_cloud_recording(stack, teacher, pool) -> None:
    pool(1)
    status, _, body = start_new(teacher, lesson(teacher)["id"])
    assert status == 200, body
    assert sim_meeting(stack, body["zoom_meeting_id"])["settings"]["auto_recording"] == "none"


def test_pressing_start_again_returns_the_same_meeting(stack, teacher, pool) -> None:
    [host] = pool(2)
    planned = lesson(teacher)
    first = teacher.ok("POST", f"{LESSONS}{planned['id']}/start-new/")
    again = teacher.ok("POST", f"{LESSONS}{planned['id']}/start-new/")
    assert again == first
    assert open_leases(stack, host["id"]) == 1


def test_concurrent_presses_make_one_meeting_and_one_lease(stack, teacher, pool) -> None:
    """Invariant 3: one lesson, eight simultaneous presses."""
    [host] = pool(5)
    stack.sim_request("POST", "/_sim/latency", {"ms": 150})
    created_before = sim_requests(stack, "POST /v2/users/{id}/meetings")
    planned = lesson(teacher)
    results = parallel([lambda: start_new(teacher, planned["id"]) for _ in range(8)])
    statuses = [r[0] for r in results]
    assert statuses == [200] * 8, results
    assert len({r[2]["zoom_meeting_id"] for r in results}) == 1
    assert open_leases(stack, host["id"]) == 1
    assert int(stack.sql(f"SELECT COUNT(*) FROM zoom_leases WHERE lesson_id = {planned['id']}")[0][0]) == 1
    assert sim_requests(stack, "POST /v2/users/{id}/meetings") - created_before == 1


def test_hosts_are_never_over_allocated(stack, teacher, pool) -> None:
    """Invariant 1: ten simultaneous starts for three slots (capacities 1 and 2)."""
    hosts = pool(1, 2)
    lessons = [lesson(teacher) for _ in range(10)]
    results = parallel([lambda i=i: start_new(teacher, lessons[i]["id"]) for i in range(10)])
    statuses = sorted(r[0] for r in results)
    assert statuses == [200] * 3 + [429] * 7, results
    for host in hosts:
        assert open_leases(stack, host["id"]) == host["max_concurrent_meetings"]
    for status, headers, body in results:
        if status == 429:
            assert_error(status, headers, body, 429, "pool_exhausted")
            assert int(headers["Retry-After"]) > 0


def test_no_false_pool_exhausted(stack, teacher, pool) -> None:
    """Invariant 2: as many simultaneous starts as free slots all succeed, round after round."""
    hosts = pool(1, 2, 1, 2)
    for _ in range(3):
        lessons = [lesson(teacher) for _ in range(6)]
        results = parallel([lambda i=i: start_new(teacher, lessons[i]["id"]) for i in range(6)])
        assert [r[0] for r in results] == [200] * 6, results
        assert sorted(r[2]["account_email"] for r in results) == \
            sorted(h["email"] for h in hosts for _ in range(h["max_concurrent_meetings"]))
        ended = parallel([lambda i=i: teacher.call("POST", f"{LESSONS}{lessons[i]['id']}/end/") for i in range(6)])
        assert [r[0] for r in ended] == [200] * 6, ended


def test_pool_exhausted_answers_429_with_retry_after(stack, teacher, pool) -> None:
    pool(1)
    teacher.ok("POST", f"{LESSONS}{lesson(teacher)['id']}/start-new/")
    status, headers, body = start_new(teacher, lesson(teacher)["id"])
    assert_error(status, headers, body, 429, "pool_exhausted")
    assert int(headers["Retry-After"]) > 0


def test_zoom_refusal_answers_502_and_gives_the_host_back(stack, teacher, pool) -> None:
    [host] = pool(1)
    planned = lesson(teacher)
    stack.sim_request("POST", "/_sim/faults", {"method": "POST", "path": "/v2/users/", "status": 404, "code": 1001,
                                               "message": "User does not exist: nobody."})
    error = teacher.fails("POST", f"{LESSONS}{planned['id']}/start-new/", 502, code="zoom_error")
    assert "User does not exist: nobody." in error["detail"]
    assert open_leases(stack, host["id"]) == 0
    assert teacher.ok("GET", f"{LESSONS}{planned['id']}/")["status"] == "scheduled"
    # The host is free again, so the next press succeeds.
    assert teacher.ok("POST", f"{LESSONS}{planned['id']}/start-new/")["account_email"] == host["email"]


def test_zoom_server_error_on_create_is_not_retried(stack, teacher, pool) -> None:
    [host] = pool(1)
    before = sim_requests(stack, "POST /v2/users/{id}/meetings")
    stack.sim_request("POST", "/_sim/faults", {"method": "POST", "path": "/v2/users/", "status": 500, "count": 1})
    teacher.fails("POST", f"{LESSONS}{lesson(teacher)['id']}/start-new/", 502, code="zoom_error")
    assert sim_requests(stack, "POST /v2/users/{id}/meetings") - before == 1
    assert open_leases(stack, host["id"]) == 0


def test_zoom_rate_limit_is_waited_out(stack, teacher, pool) -> None:
    pool(1)
    before = sim_requests(stack, "POST /v2/users/{id}/meetings")
    stack.sim_request("POST", "/_sim/faults", {"method": "POST", "path": "/v2/users/", "status": 429,
                                               "retry_after": "1", "code": 429, "count": 1,
                                               "message": "You have reached the maximum per-second rate limit."})
    began = time.monotonic()
    teacher.ok("POST", f"{LESSONS}{lesson(teacher)['id']}/start-new/")
    assert time.monotonic() - began >= 0.9  # Retry-After was honoured
    assert sim_requests(stack, "POST /v2/users/{id}/meetings") - before == 2


def test_expired_token_is_refreshed_once_and_shared(stack, teacher, pool) -> None:
    pool(3)
    teacher.ok("POST", f"{LESSONS}{lesson(teacher)['id']}/start-new/")
    _, stats = stack.sim_request("GET", "/_sim/stats")
    issued = stats["tokens_issued"]
    # Every worker reuses the token stored in the database: no new token per request.
    teacher.ok("POST", f"{LESSONS}{lesson(teacher)['id']}/start-new/")
    assert stack.sim_request("GET", "/_sim/stats")[1]["tokens_issued"] == issued
    stack.sim_request("POST", "/_sim/tokens/expire")
    teacher.ok("POST", f"{LESSONS}{lesson(teacher)['id']}/start-new/")
    assert stack.sim_request("GET", "/_sim/stats")[1]["tokens_issued"] == issued + 1
    sealed = stack.sql("SELECT access_token_enc FROM zoom_apps WHERE id = 1")[0][0]
    assert sealed.startswith("v2:") and "sim." not in sealed


def test_concurrent_refreshes_fetch_one_token(stack, teacher, pool) -> None:
    """Zoom may invalidate older tokens when it issues a new one: after a revocation, workers
    refreshing at once take turns under the app's row lock and share one new token."""
    pool(6)
    teacher.ok("POST", f"{LESSONS}{lesson(teacher)['id']}/start-new/")
    lessons = [lesson(teacher) for _ in range(5)]
    issued = stack.sim_request("GET", "/_sim/stats")[1]["tokens_issued"]
    stack.sim_request("POST", "/_sim/tokens/expire")
    results = parallel([lambda i=i: start_new(teacher, lessons[i]["id"]) for i in range(5)])
    assert [r[0] for r in results] == [200] * 5, results
    assert stack.sim_request("GET", "/_sim/stats")[1]["tokens_issued"] == issued + 1


def test_who_may_start(stack, make_user, teacher, pool) -> None:
    pool(1)
    planned = lesson(teacher)
    student = Actor(stack, make_user("student"))
    teacher.ok("POST", f"{GROUPS}{teacher.group['id']}/members/", {"student_id": student.id}, 201)
    other = Actor(stack, make_user("teacher"))
    outsider = Actor(stack, make_user("student"))
    for path in ("start-new", "start", "end"):
        student.fails("POST", f"{LESSONS}{planned['id']}/{path}/", 403)
        other.fails("POST", f"{LESSONS}{planned['id']}/{path}/", 404, code="not_found")
        outsider.fails("POST", f"{LESSONS}{planned['id']}/{path}/", 404, code="not_found")
    teacher.fails("POST", f"{LESSONS}999999999/start-new/", 404)
    status, headers, body = stack.request("POST", f"{LESSONS}{planned['id']}/start-new/")
    assert_error(status, headers, body, 401)


def test_expired_subscription_cannot_start(stack, make_user, pool) -> None:
    pool(1)
    lapsed = Actor(stack, make_user("teacher", subscription_until="2020-01-31"))
    lapsed.group = lapsed.ok("POST", GROUPS, {"name": "Lapsed"}, 201)
    planned = lesson(lapsed)
    for path in ("start-new", "start"):
        lapsed.fails("POST", f"{LESSONS}{planned['id']}/{path}/", 403, code="subscription_expired")
    lapsed.fails("POST", f"{LESSONS}quick-start/", 403, {"title": "Now", "duration": 30}, code="subscription_expired")
    assert lapsed.ok("GET", f"{LESSONS}{planned['id']}/")["status"] == "scheduled"


def test_cancelled_and_ended_lessons_cannot_start(stack, teacher, pool) -> None:
    [host] = pool(2)
    cancelled = lesson(teacher)
    teacher.ok("PATCH", f"{LESSONS}{cancelled['id']}/", {"status": "cancelled"})
    teacher.fails("POST", f"{LESSONS}{cancelled['id']}/start-new/", 409, code="lesson_cancelled")
    ran = lesson(teacher)
    teacher.ok("POST", f"{LESSONS}{ran['id']}/start-new/")
    teacher.ok("POST", f"{LESSONS}{ran['id']}/end/")
    teacher.fails("POST", f"{LESSONS}{ran['id']}/start-new/", 409, code="lesson_ended")
    assert open_leases(stack, host["id"]) == 0


def test_end_ends_the_meeting_and_releases_the_host(stack, teacher, pool) -> None:
    [host] = pool(1)
    planned = lesson(teacher)
    teacher.fails("POST", f"{LESSONS}{planned['id']}/end/", 409, code="lesson_not_started")
    started = teacher.ok("POST", f"{LESSONS}{planned['id']}/start-new/")
    stack.sim_request("PATCH", f"/_sim/meetings/{started['zoom_meeting_id']}", {"status": "started"})
    assert teacher.ok("POST", f"{LESSONS}{planned['id']}/end/") == {"lesson_id": planned["id"], "status": "ended"}
    assert sim_meeting(stack, started["zoom_meeting_id"])["status"] == "finished"
    assert open_leases(stack, host["id"]) == 0
    assert teacher.ok("GET", f"{LESSONS}{planned['id']}/")["status"] == "ended"
    # Ending again changes nothing; the freed host serves the next lesson.
    teacher.ok("POST", f"{LESSONS}{planned['id']}/end/")
    assert teacher.ok("POST", f"{LESSONS}{lesson(teacher)['id']}/start-new/")["account_email"] == host["email"]


def test_end_answers_502_when_zoom_fails_and_keeps_the_host(stack, teacher, pool) -> None:
    [host] = pool(1)
    planned = lesson(teacher)
    teacher.ok("POST", f"{LESSONS}{planned['id']}/start-new/")
    stack.sim_request("POST", "/_sim/faults", {"method": "PUT", "path": "/v2/meetings/", "status": 503, "count": -1})
    teacher.fails("POST", f"{LESSONS}{planned['id']}/end/", 502, code="zoom_error")
    stack.sim_request("DELETE", "/_sim/faults")
    assert open_leases(stack, host["id"]) == 1
    teacher.ok("POST", f"{LESSONS}{planned['id']}/end/")
    assert open_leases(stack, host["id"]) == 0


def test_quick_start(stack, teacher, pool) -> None:
    [host] = pool(1)
    body = teacher.ok("POST", f"{LESSONS}quick-start/",
                      {"title": "Express", "duration": 45, "group_id": teacher.group["id"]}, 201)
    assert set(body) == START_KEYS and body["account_email"] == host["email"]
    shown = teacher.ok("GET", f"{LESSONS}{body['lesson_id']}/")
    assert (shown["title"], shown["status"], shown["group_id"]) == ("Express", "live", teacher.group["id"])
    start, end = (dt.datetime.fromisoformat(shown[k].replace("Z", "+00:00")) for k in ("start_time", "end_time"))
    assert end - start == dt.timedelta(minutes=45)
    assert abs((dt.datetime.now(dt.timezone.utc) - start).total_seconds()) < 120
    # Without a free host: 429, and no express lesson is left behind.
    before = int(stack.sql(f"SELECT COUNT(*) FROM lessons WHERE teacher_id = {teacher.id}")[0][0])
    teacher.fails("POST", f"{LESSONS}quick-start/", 429, {"title": "Express 2", "duration": 45}, code="pool_exhausted")
    assert int(stack.sql(f"SELECT COUNT(*) FROM lessons WHERE teacher_id = {teacher.id}")[0][0]) == before


def test_quick_start_validation(stack, make_user, teacher, pool) -> None:
    pool(1)
    for body, field in (({"duration": 30}, "title"), ({"title": "X"}, "duration"),
                        ({"title": "X", "duration": 0}, "duration"), ({"title": " ", "duration": 30}, "title"),
                        ({"title": "X", "duration": 30, "group_id": 999999999}, "group_id")):
        error = teacher.fails("POST", f"{LESSONS}quick-start/", 400, body)
        assert error["detail"].startswith(field), error
    student = Actor(stack, make_user("student"))
    student.fails("POST", f"{LESSONS}quick-start/", 403, {"title": "X", "duration": 30})


def test_start_with_personal_credentials(stack, teacher, pool) -> None:
    pool()  # no pool host at all: the personal route does not need one
    planned = lesson(teacher)
    teacher.fails("POST", f"{LESSONS}{planned['id']}/start/", 400, code="zoom_credentials_missing")
    account = f"acct-{teacher.id}"
    credentials = {"account_id": account, "client_id": f"client-{teacher.id}", "client_secret": f"secret-{teacher.id}"}
    stack.sim_request("POST", "/_sim/apps", credentials)
    status, _, body = teacher.call("PUT", "/api/me/zoom-credentials/", credentials)
    assert (status, body) == (204, None)
    sealed = stack.sql(f"SELECT client_secret_enc FROM zoom_apps WHERE kind = 'personal' AND owner_user_id = {teacher.id}")
    assert sealed[0][0].startswith("v2:") and credentials["client_secret"] not in sealed[0][0]
    started = teacher.ok("POST", f"{LESSONS}{planned['id']}/start/")
    assert set(started) == START_KEYS and started["account_email"] is None
    assert sim_meeting(stack, started["zoom_meeting_id"])["host_email"] == f"owner@{account}.sim.zoom"
    assert teacher.ok("POST", f"{LESSONS}{planned['id']}/start/") == started
    teacher.ok("POST", f"{LESSONS}{planned['id']}/end/")
    assert sim_meeting(stack, started["zoom_meeting_id"])["status"] == "finished"


def test_personal_credentials_validation(stack, make_user, teacher) -> None:
    teacher.fails("PUT", "/api/me/zoom-credentials/", 400, {"account_id": "a", "client_id": "b"})
    teacher.fails("PUT", "/api/me/zoom-credentials/", 400, {"account_id": "a", "client_id": " ", "client_secret": "c"})
    student = Actor(stack, make_user("student"))
    student.fails("PUT", "/api/me/zoom-credentials/", 403, {"account_id": "a", "client_id": "b", "client_secret": "c"})


def test_start_new_of_an_occurrence(stack, teacher, pool) -> None:
    [host] = pool(2)
    today = dt.date.today()
    recurring = teacher.ok("POST", "/api/schedule/recurring-lessons/", {
        "title": "Weekly", "group_id": teacher.group["id"], "day_of_week": today.isoweekday(), "start_time": "23:00",
        "duration": 30, "week_type": "all", "valid_from": "2024-01-01", "timezone": "UTC"}, 201)
    path = f"/api/schedule/recurring-lessons/{recurring['id']}/occurrences/{today.isoformat()}/start-new/"
    first = teacher.ok("POST", path)
    assert teacher.ok("POST", path) == first
    shown = teacher.ok("GET", f"{LESSONS}{first['lesson_id']}/")
    assert (shown["recurring_lesson_id"], shown["occurrence_date"], shown["status"]) == \
        (recurring["id"], today.isoformat(), "live")
    assert open_leases(stack, host["id"]) == 1
    wrong_day = today + dt.timedelta(days=1)
    teacher.fails("POST", f"/api/schedule/recurring-lessons/{recurring['id']}/occurrences/{wrong_day}/start-new/", 404)


# ---------------------------------------------------------------- admin pool


def test_zoom_accounts_admin_routes(stack, make_user, admin, teacher, pool) -> None:
    [busy, idle] = pool(2, 1)
    started = teacher.ok("POST", f"{LESSONS}{lesson(teacher)['id']}/start-new/")
    listed = {a["id"]: a for a in admin.ok("GET", f"{ACCOUNTS}?limit=500")["results"]}
    assert set(listed[busy["id"]]) == ACCOUNT_KEYS
    assert (listed[busy["id"]]["current_meetings"], listed[busy["id"]]["active_lesson_ids"]) == \
        (1, [started["lesson_id"]])
    assert listed[idle["id"]]["current_meetings"] == 0 and listed[idle["id"]]["is_active"] is True

    patched = admin.ok("PATCH", f"{ACCOUNTS}{idle['id']}/", {"max_concurrent_meetings": 3, "zoom_user_id": "zu-1",
                                                               "is_active": False})
    assert (patched["max_concurrent_meetings"], patched["zoom_user_id"], patched["is_active"]) == (3, "zu-1", False)
    assert admin.ok("PATCH", f"{ACCOUNTS}{busy['id']}/", {"max_concurrent_meetings": 1})["max_concurrent_meetings"] == 1
    admin.fails("POST", ACCOUNTS, 409, {"email": busy["email"]}, code="duplicate_email")
    admin.fails("POST", ACCOUNTS, 400, {"email": "not-an-email"})
    admin.fails("POST", ACCOUNTS, 400, {"email": "x@pool.test", "max_concurrent_meetings": 0})
    admin.fails("PATCH", f"{ACCOUNTS}999999999/", 404, {"is_active": True})

    released = admin.ok("POST", f"{ACCOUNTS}{busy['id']}/release/")
    assert (released["current_meetings"], released["active_lesson_ids"]) == (0, [])
    assert teacher.ok("GET", f"{LESSONS}{started['lesson_id']}/")["status"] == "ended"
    for path, method in ((ACCOUNTS, "GET"), (ACCOUNTS, "POST"), (f"{ACCOUNTS}{busy['id']}/", "PATCH"),
                         (f"{ACCOUNTS}{busy['id']}/release/", "POST")):
        teacher.fails(method, path, 403, {"email": "t@pool.test"} if method != "GET" else None)


def test_limit_cannot_drop_below_running_meetings(stack, admin, teacher, pool) -> None:
    [host] = pool(2)
    teacher.ok("POST", f"{LESSONS}{lesson(teacher)['id']}/start-new/")
    teacher.ok("POST", f"{LESSONS}{lesson(teacher)['id']}/start-new/")
    admin.fails("PATCH", f"{ACCOUNTS}{host['id']}/", 409, {"max_concurrent_meetings": 1}, code="account_busy")
    assert admin.ok("PATCH", f"{ACCOUNTS}{host['id']}/", {"max_concurrent_meetings": 2})["max_concurrent_meetings"] == 2


def test_account_commands(stack) -> None:
    email = f"cli-{time.monotonic_ns()}@pool.test"
    result = stack.lectern("account", "add", "--email", email, "--zoom-user-id", "zu-cli", "--max-concurrent", "3")
    assert result.stdout.strip().isdigit()
    host_id = int(result.stdout.strip())
    listing = stack.lectern("account", "list").stdout.splitlines()
    assert listing[0].split("\t")[:2] == ["id", "email"]
    assert f"{host_id}\t{email}\tzu-cli\t0/3\tyes\t-" in listing
    again = stack.lectern("account", "add", "--email", email, check=False)
    assert again.returncode == 1 and "already exists" in again.stderr and again.stdout == ""
    bad = stack.lectern("account", "add", "--email", "nope", check=False)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------ stuck-host duty


def test_duty_frees_a_lease_left_without_a_meeting(stack, teacher, pool) -> None:
    """Invariant 4: a crash between capture and meeting creation leaves a lease without a
    meeting; the duty frees it after five minutes, not before."""
    [host] = pool(1)
    planned = lesson(teacher)
    stack.sql(f"INSERT INTO zoom_leases (account_id, lesson_id, acquired_at) "
              f"VALUES ({host['id']}, {planned['id']}, UTC_TIMESTAMP(6) - INTERVAL 4 MINUTE)")
    teacher.fails("POST", f"{LESSONS}{lesson(teacher)['id']}/start-new/", 429, code="pool_exhausted")
    run_duty(stack)
    assert open_leases(stack, host["id"]) == 1
    stack.sql(f"UPDATE zoom_leases SET acquired_at = UTC_TIMESTAMP(6) - INTERVAL 6 MINUTE "
              f"WHERE account_id = {host['id']} AND released_at IS NULL")
    run_duty(stack)
    assert open_leases(stack, host["id"]) == 0
    assert stack.sql(f"SELECT release_reason FROM zoom_leases WHERE lesson_id = {planned['id']}")[0][0] == "no_meeting"
    assert teacher.ok("GET", f"{LESSONS}{planned['id']}/")["status"] == "scheduled"


def test_a_restarted_start_finishes_on_the_leftover_lease(stack, teacher, pool) -> None:
    [host] = pool(1)
    planned = lesson(teacher)
    stack.sql(f"INSERT INTO zoom_leases (account_id, lesson_id) VALUES ({host['id']}, {planned['id']})")
    started = teacher.ok("POST", f"{LESSONS}{planned['id']}/start-new/")
    assert started["account_email"] == host["email"]
    assert open_leases(stack, host["id"]) == 1


def test_duty_keeps_an_overrunning_meeting_until_the_hard_stop(stack, teacher, pool) -> None:
    [host] = pool(1)
    planned = lesson(teacher)
    started = teacher.ok("POST", f"{LESSONS}{planned['id']}/start-new/")
    stack.sim_request("PATCH", f"/_sim/meetings/{started['zoom_meeting_id']}", {"status": "started"})
    stack.sql(f"UPDATE lessons SET start_time = UTC_TIMESTAMP(6) - INTERVAL 80 MINUTE, started_at = start_time, "
              f"end_time = UTC_TIMESTAMP(6) - INTERVAL 20 MINUTE WHERE id = {planned['id']}")
    run_duty(stack)
    assert open_leases(stack, host["id"]) == 1  # Zoom says it still runs
    stack.sql(f"UPDATE lessons SET start_time = UTC_TIMESTAMP(6) - INTERVAL 6 HOUR, started_at = start_time, "
              f"end_time = UTC_TIMESTAMP(6) - INTERVAL 5 HOUR WHERE id = {planned['id']}")
    run_duty(stack)
    assert open_leases(stack, host["id"]) == 0
    assert stack.sql(f"SELECT release_reason FROM zoom_leases WHERE lesson_id = {planned['id']}")[0][0] == "hard_stop"
    assert teacher.ok("GET", f"{LESSONS}{planned['id']}/")["status"] == "ended"


def test_duty_releases_a_finished_meeting_after_fifteen_minutes(stack, teacher, pool) -> None:
    [host] = pool(1)
    planned = lesson(teacher)
    teacher.ok("POST", f"{LESSONS}{planned['id']}/start-new/")
    stack.sql(f"UPDATE lessons SET start_time = UTC_TIMESTAMP(6) - INTERVAL 70 MINUTE, started_at = start_time, "
              f"end_time = UTC_TIMESTAMP(6) - INTERVAL 10 MINUTE WHERE id = {planned['id']}")
    run_duty(stack)
    assert open_leases(stack, host["id"]) == 1  # within the 15 minutes' grace
    stack.sql(f"UPDATE lessons SET end_time = UTC_TIMESTAMP(6) - INTERVAL 16 MINUTE WHERE id = {planned['id']}")
    run_duty(stack)
    assert open_leases(stack, host["id"]) == 0
    assert stack.sql(f"SELECT release_reason FROM zoom_leases WHERE lesson_id = {planned['id']}")[0][0] == "ended"
    assert teacher.ok("GET", f"{LESSONS}{planned['id']}/")["status"] == "ended"


def test_duty_is_scheduled_by_the_transfer_child(stack) -> None:
    def queued() -> bool:
        return int(stack.sql(f"SELECT COUNT(*) FROM jobs WHERE kind = '{DUTY}' AND dedupe_key LIKE '{DUTY}:%'")[0][0]) > 0

    wait_until(queued, 30, "the transfer child to queue the stuck-host duty")
