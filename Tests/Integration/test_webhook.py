"""POST /schedule/api/zoom/webhook/ through nginx + TLS on a stack of its own (with a known
webhook secret, and without the transfer child, so queued transfer jobs stay `pending`):
signatures over the exact bytes, the timestamp window, url validation, meeting and
recording events, duplicates (also concurrent), out-of-order delivery, trash/delete, and
that every rejection leaves webhook_events, recordings and jobs as they were."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import threading
import time
import uuid
from typing import Any, Callable, Optional

import pytest

from conftest import lectern_bin
from helpers import User, assert_error, unique_email
from stack import Stack

HOOK = "/schedule/api/zoom/webhook/"
GROUPS = "/api/schedule/groups/"
LESSONS = "/api/schedule/lessons/"
ACCOUNTS = "/api/schedule/zoom-accounts/"
SECRET = "hook-secret-" + secrets.token_hex(8)
TRANSFER = "recording.transfer"


@pytest.fixture(scope="module")
def stack():
    """This module's own stack; overrides the session stack for the fixtures of conftest."""
    s = Stack(None, lectern_bin(), workers=3, extra_env={"ZOOM_WEBHOOK_SECRET_TOKEN": SECRET},
              serve_args=("--no-transfer",))
    s.up()
    try:
        yield s
    finally:
        s.down()


# ------------------------------------------------------------------ helpers

def sign(body: bytes, timestamp: str, secret: str = SECRET) -> str:
    message = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def deliver(stack: Stack, body: bytes | str | dict, secret: str = SECRET, timestamp: Optional[str] = None,
            signature: Optional[str] = None, headers: Optional[dict[str, str]] = None) -> tuple[int, Any, Any]:
    """One signed delivery as Zoom sends it; `signature`/`headers` override what is sent."""
    raw = json.dumps(body).encode() if isinstance(body, dict) else body.encode() if isinstance(body, str) else body
    timestamp = str(int(time.time())) if timestamp is None else timestamp
    send = {"Content-Type": "application/json", "User-Agent": "Zoom Marketplace/1.0a",
            "x-zm-request-timestamp": timestamp, "x-zm-signature": signature or sign(raw, timestamp, secret),
            "x-zm-trackingid": "track-" + uuid.uuid4().hex[:12]}
    send.update(headers or {})
    return stack.request("POST", HOOK, body=raw, headers={k: v for k, v in send.items() if v is not None})


def counts(stack: Stack) -> tuple[int, int, int]:
    row = stack.sql("SELECT (SELECT COUNT(*) FROM webhook_events), (SELECT COUNT(*) FROM recordings), "
                    "(SELECT COUNT(*) FROM jobs)")[0]
    return tuple(int(v) for v in row)


def zoom_uuid(tricky: bool = True) -> str:
    """A fresh meeting UUID; `tricky` ones start with `/` and contain `//` like Zoom's worst."""
    core = secrets.token_urlsafe(12).replace("-", "+").replace("_", "a")
    return f"/{core[:4]}//{core[4:]}==" if tricky else f"{core}=="


def file_id() -> str:
    return str(uuid.uuid4())


def recording_file(fid: str, file_type: str, extension: str, meeting: str, status: str = "completed",
                   recording_type: str = "shared_screen_with_speaker_view", size: int = 1000) -> dict:
    return {"id": fid, "meeting_id": meeting, "recording_start": "2025-01-15T10:00:05Z",
            "recording_end": "2025-01-15T11:02:40Z", "file_type": file_type, "file_extension": extension,
            "file_size": size, "play_url": f"https://zoom.example/rec/play/{fid}",
            "download_url": f"https://zoom.example/rec/download/{fid}", "status": status,
            "recording_type": recording_type}


def recording_event(meeting_uuid: str, files: list[dict], event: str = "recording.completed",
                    meeting_id: int = 85746352411, token: Optional[str] = "default",
                    host_email: str = "pool3@school.example") -> dict:
    body: dict[str, Any] = {
        "event": event, "event_ts": int(time.time() * 1000),
        "payload": {"account_id": "AbCdEfGhIjKlMnOpQrStUv", "object": {
            "id": meeting_id, "uuid": meeting_uuid, "host_id": "zU2k8XqLTe6yD1vJ0aBcDe",
            "account_id": "AbCdEfGhIjKlMnOpQrStUv", "topic": "Algebra — group 11A", "type": 2,
            "start_time": "2025-01-15T10:00:02Z", "timezone": "Europe/Moscow", "host_email": host_email,
            "duration": 63, "total_size": 524328960, "recording_count": len(files),
            "share_url": "https://zoom.example/rec/share/AbC", "password": "", "recording_files": files}}}
    if event in ("recording.trashed", "recording.deleted"):
        body["payload"]["operator"] = "admin@school.example"
        body["payload"]["operator_id"] = "op-1"
    if token is not None and event != "recording.deleted":
        body["download_token"] = "eyJ" + secrets.token_urlsafe(40) if token == "default" else token
    return body


def meeting_event(event: str, meeting_id: str, meeting_uuid: Optional[str]) -> dict:
    obj: dict[str, Any] = {"id": meeting_id, "host_id": "zU2k8XqLTe6yD1vJ0aBcDe", "topic": "Algebra", "type": 2,
                           "start_time": "2025-01-15T10:00:02Z", "timezone": "Europe/Moscow", "duration": 60}
    if meeting_uuid is not None:
        obj["uuid"] = meeting_uuid
    if event == "meeting.ended":
        obj["end_time"] = "2025-01-15T11:02:41Z"
    return {"event": event, "event_ts": int(time.time() * 1000),
            "payload": {"account_id": "AbCdEfGhIjKlMnOpQrStUv", "object": obj}}


def accepted(result: tuple[int, Any, Any], outcome: Optional[str] = None) -> dict:
    status, _, body = result
    assert status == 200, f"expected 200, got {status}: {body!r}"
    if outcome is not None:
        assert body["outcome"] == outcome, body
    return body


def rows(stack: Stack, query: str) -> list[tuple]:
    return stack.sql(query)


def recordings_of(stack: Stack, meeting_uuid: str) -> dict[str, dict]:
    """zoom_file_id → the row's interesting columns, for one meeting."""
    escaped = meeting_uuid.replace("'", "''")
    found = stack.sql("SELECT zoom_file_id, id, lesson_id, status, host_email, download_url, download_token_enc, "
                      "download_token_expires_at, deleted_in_zoom_at, file_type, meeting_id FROM recordings "
                      f"WHERE meeting_uuid = '{escaped}'")
    keys = ["id", "lesson_id", "status", "host_email", "download_url", "download_token_enc",
            "download_token_expires_at", "deleted_in_zoom_at", "file_type", "meeting_id"]
    return {r[0]: dict(zip(keys, r[1:])) for r in found}


def jobs_of(stack: Stack, file_ids: list[str]) -> dict[str, dict]:
    keys = ", ".join(f"'transfer:{f}'" for f in file_ids)
    found = stack.sql(f"SELECT dedupe_key, kind, subject, payload, status FROM jobs WHERE dedupe_key IN ({keys})")
    return {r[0].removeprefix("transfer:"): {"kind": r[1], "subject": r[2], "payload": json.loads(r[3]),
                                            "status": r[4]} for r in found}


def last_event(stack: Stack) -> dict:
    row = stack.sql("SELECT event, tracking_id, event_ts, dedupe_key, outcome, app_id, body FROM webhook_events "
                    "ORDER BY id DESC LIMIT 1")[0]
    return dict(zip(["event", "tracking_id", "event_ts", "dedupe_key", "outcome", "app_id", "body"], row))


def parallel(calls: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = calls[index]()
        except Exception as error:  # noqa: BLE001 - asserted by the caller
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


class Actor:
    def __init__(self, stack: Stack, user: User):
        self.stack = stack
        self.user = user
        self.token = stack.login(user.email, user.password)

    def ok(self, method: str, path: str, json_body: Any = None, status: int = 200) -> Any:
        got, _, body = self.stack.request(method, path, json=json_body, token=self.token)
        assert got == status, f"{method} {path}: expected {status}, got {got}: {body!r}"
        return body


@pytest.fixture
def teacher(stack: Stack, make_user: Callable[..., User]) -> Actor:
    actor = Actor(stack, make_user("teacher"))
    actor.group = actor.ok("POST", GROUPS, {"name": "Webhook group"}, 201)
    return actor


def new_lesson(teacher: Actor, **extra: Any) -> dict:
    start = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)
    return teacher.ok("POST", LESSONS, {"title": "Webhook lesson", "group_id": teacher.group["id"],
                                        "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "duration": 60, **extra},
                      201)


def lesson_status(stack: Stack, lesson_id: int) -> str:
    return stack.sql(f"SELECT status FROM lessons WHERE id = {lesson_id}")[0][0]


@pytest.fixture
def started_lesson(stack: Stack, teacher: Actor, make_user: Callable[..., User]) -> dict:
    """A lesson started through the pool (lectern-sim made its meeting): live, with a lease."""
    if stack.sim_port is None:
        pytest.skip("lectern-sim is not built beside lectern")
    admin = Actor(stack, make_user("admin"))
    stack.sql("UPDATE zoom_accounts SET is_active = 0")
    host = admin.ok("POST", ACCOUNTS, {"email": unique_email("host"), "max_concurrent_meetings": 1}, 201)
    planned = new_lesson(teacher, record_lesson=True)
    started = teacher.ok("POST", f"{LESSONS}{planned['id']}/start-new/")
    lease = stack.sql(f"SELECT id, meeting_id, meeting_uuid FROM zoom_leases WHERE lesson_id = {planned['id']}")[0]
    return {"lesson_id": planned["id"], "meeting_id": started["zoom_meeting_id"], "host": host,
            "lease_id": int(lease[0]), "uuid": lease[2]}


def lease_state(stack: Stack, lease_id: int) -> tuple[Optional[str], Optional[str]]:
    released_at, reason = stack.sql(f"SELECT released_at, release_reason FROM zoom_leases WHERE id = {lease_id}")[0]
    return released_at, reason


# ------------------------------------------------------------------ signatures and rejections

def test_known_signing_vector() -> None:
    """The vector of shared/reference/zoom-webhooks.md, computed the way these tests sign."""
    assert sign(b'{"event":"x"}', "1700000000", "s3cr3t") == \
        "v0=f5642353f5d2cfe1835d2a1134f1b184576a4bc4c2a11c1c8c7c7aa1d4250093"


def test_url_validation_answers_the_hmac_of_the_plain_token(stack: Stack) -> None:
    plain = secrets.token_urlsafe(16)
    before = counts(stack)
    status, headers, body = deliver(stack, {"payload": {"plainToken": plain}, "event_ts": int(time.time() * 1000),
                                            "event": "endpoint.url_validation"})
    assert status == 200, body
    assert headers.get("Content-Type", "").startswith("application/json")
    assert body == {"plainToken": plain,
                    "encryptedToken": hmac.new(SECRET.encode(), plain.encode(), hashlib.sha256).hexdigest()}
    assert counts(stack) == (before[0] + 1, before[1], before[2])
    recorded = last_event(stack)
    assert (recorded["event"], recorded["outcome"], recorded["app_id"]) == ("endpoint.url_validation", "validated", "1")


REJECTIONS = {
    "missing signature": ({"x-zm-signature": None}, "invalid_signature"),
    "empty signature": ({"x-zm-signature": ""}, "invalid_signature"),
    "wrong scheme": ({"x-zm-signature": "v1=" + "0" * 64}, "invalid_signature"),
    "wrong signature": ({"x-zm-signature": "v0=" + "0" * 64}, "invalid_signature"),
    "missing timestamp": ({"x-zm-request-timestamp": None}, "invalid_timestamp"),
    "non-numeric timestamp": ({"x-zm-request-timestamp": "soon"}, "invalid_timestamp"),
    "fractional timestamp": ({"x-zm-request-timestamp": "1700000000.5"}, "invalid_timestamp"),
}


@pytest.mark.parametrize("case", sorted(REJECTIONS))
def test_rejections_answer_403_and_write_nothing(stack: Stack, case: str) -> None:
    headers, code = REJECTIONS[case]
    body = json.dumps({"payload": {"plainToken": "abc"}, "event": "endpoint.url_validation"}).encode()
    before = counts(stack)
    status, response_headers, answer = deliver(stack, body, headers=headers)
    assert_error(status, response_headers, answer, 403, code)
    assert counts(stack) == before


@pytest.mark.parametrize("skew", [-301, 301, -86400])
def test_stale_timestamps_are_refused_even_when_signed(stack: Stack, skew: int) -> None:
    uuid_ = zoom_uuid()
    body = recording_event(uuid_, [recording_file(file_id(), "MP4", "MP4", uuid_)])
    before = counts(stack)
    status, headers, answer = deliver(stack, body, timestamp=str(int(time.time()) + skew))
    assert_error(status, headers, answer, 403, "stale_timestamp")
    assert counts(stack) == before
    assert recordings_of(stack, uuid_) == {}


def test_a_body_signed_with_another_secret_is_refused(stack: Stack) -> None:
    uuid_ = zoom_uuid()
    before = counts(stack)
    status, headers, answer = deliver(stack, recording_event(uuid_, [recording_file(file_id(), "MP4", "MP4", uuid_)]),
                                      secret="not-" + SECRET)
    assert_error(status, headers, answer, 403, "invalid_signature")
    assert counts(stack) == before


def test_url_validation_needs_a_valid_signature(stack: Stack) -> None:
    before = counts(stack)
    body = json.dumps({"payload": {"plainToken": "abc"}, "event": "endpoint.url_validation"}).encode()
    status, headers, answer = deliver(stack, body, secret="guess")
    assert_error(status, headers, answer, 403, "invalid_signature")
    assert "encryptedToken" not in json.dumps(answer)
    assert counts(stack) == before


def test_signature_covers_the_exact_bytes(stack: Stack) -> None:
    """Unusual whitespace, key order and escapes are signed as sent; re-serialising the same
    JSON (what a careless server would verify) gives other bytes and is refused."""
    plain = secrets.token_urlsafe(8)
    raw = ('{\n\t"event" :  "endpoint.url_validation" ,\r\n "payload":{ "plainToken":"' + plain +
           '" , "note":"caf\\u00e9 \\/ \u00e9"} ,"event_ts":1700000000123 }\n\n').encode()
    timestamp = str(int(time.time()))
    result = deliver(stack, raw, timestamp=timestamp)
    assert accepted(result)["plainToken"] == plain
    reserialised = json.dumps(json.loads(raw)).encode()
    assert reserialised != raw
    before = counts(stack)
    status, headers, answer = deliver(stack, reserialised, signature=sign(raw, timestamp), timestamp=timestamp)
    assert_error(status, headers, answer, 403, "invalid_signature")
    assert counts(stack) == before


@pytest.mark.parametrize("raw", [b"{", b"[]", b"\"event\"", b"{\"payload\":{}}", b"\xff\xfe{}",
                                 b"{\"event\":\"recording.completed\",\"payload\":{\"object\":{\"id\":5}}}",
                                 b"{\"event\":\"endpoint.url_validation\",\"payload\":{}}"])
def test_malformed_json_is_400_and_writes_nothing(stack: Stack, raw: bytes) -> None:
    before = counts(stack)
    status, headers, answer = deliver(stack, raw)
    assert_error(status, headers, answer, 400)
    assert counts(stack) == before


def test_unsigned_malformed_json_is_403_not_400(stack: Stack) -> None:
    before = counts(stack)
    status, headers, answer = deliver(stack, b"{", headers={"x-zm-signature": None})
    assert_error(status, headers, answer, 403, "invalid_signature")
    assert counts(stack) == before


def test_body_over_one_mebibyte_is_413_from_nginx(stack: Stack) -> None:
    filler = "x" * (1024 * 1024)
    raw = json.dumps({"event": "endpoint.url_validation", "payload": {"plainToken": "abc", "pad": filler}}).encode()
    before = counts(stack)
    status, headers, answer = deliver(stack, raw)
    assert_error(status, headers, answer, 413, "payload_too_large")
    assert counts(stack) == before


def test_webhook_takes_no_bearer_token_and_only_post(stack: Stack) -> None:
    status, headers, answer = stack.request("GET", HOOK)
    assert_error(status, headers, answer, 405, "method_not_allowed")
    # A bearer token is neither needed nor enough.
    status, headers, answer = stack.request("POST", HOOK, json={"event": "x"}, token="whatever")
    assert_error(status, headers, answer, 403, "invalid_signature")


def test_unknown_event_is_200_and_recorded(stack: Stack) -> None:
    before = counts(stack)
    body = {"event": "meeting.participant_joined", "event_ts": 1736935200456, "payload": {"object": {"id": 1}}}
    result = deliver(stack, body, headers={"x-zm-trackingid": "track-unknown-1"})
    assert accepted(result, "ignored")["event"] == "meeting.participant_joined"
    assert counts(stack) == (before[0] + 1, before[1], before[2])
    recorded = last_event(stack)
    assert recorded["event"] == "meeting.participant_joined"
    assert recorded["tracking_id"] == "track-unknown-1"
    assert recorded["event_ts"] == "1736935200456"
    assert json.loads(recorded["body"]) == body
    assert "webhook event not handled" in stack.log_text()


def personal_app(stack: Stack, teacher: Actor, webhook_secret: Optional[str]) -> str:
    body = {"account_id": "acc", "client_id": "cid", "client_secret": "cs-" + secrets.token_hex(6)}
    if webhook_secret is not None:
        body["webhook_secret"] = webhook_secret
    teacher.ok("PUT", "/api/me/zoom-credentials/", body, 204)
    return stack.sql(f"SELECT id FROM zoom_apps WHERE kind = 'personal' AND owner_user_id = {teacher.user.id}")[0][0]


def test_secret_stored_with_an_app_identifies_that_app(stack: Stack, teacher: Actor) -> None:
    """A webhook secret kept (sealed) with an app in zoom_apps is accepted and names the app."""
    other = "app-secret-" + secrets.token_hex(6)
    app_id = personal_app(stack, teacher, other)
    assert stack.sql(f"SELECT webhook_secret_enc LIKE 'v2:%' FROM zoom_apps WHERE id = {app_id}")[0][0] == "1"
    result = deliver(stack, {"event": "app.some_event", "payload": {}}, secret=other)
    accepted(result, "ignored")
    assert last_event(stack)["app_id"] == app_id


def test_a_sealed_value_copied_into_another_column_does_not_open(stack: Stack, teacher: Actor) -> None:
    """Sealed values carry their table, column and row: a client secret pasted over the
    webhook secret verifies nothing, and pasted into a lesson's start URL it is not shown."""
    client_secret = "cs-" + secrets.token_hex(8)
    teacher.ok("PUT", "/api/me/zoom-credentials/", {"account_id": "acc", "client_id": "cid",
                                                   "client_secret": client_secret}, 204)
    app_id = stack.sql(f"SELECT id FROM zoom_apps WHERE kind = 'personal' AND owner_user_id = {teacher.user.id}")[0][0]
    stack.sql(f"UPDATE zoom_apps SET webhook_secret_enc = client_secret_enc WHERE id = {app_id}")
    status, _, _ = deliver(stack, {"event": "app.some_event", "payload": {}}, secret=client_secret)
    assert status == 403
    planned = new_lesson(teacher)
    stack.sql(f"UPDATE lessons SET zoom_meeting_id = '98000000001', zoom_start_url_enc = "
              f"(SELECT client_secret_enc FROM zoom_apps WHERE id = {app_id}) WHERE id = {planned['id']}")
    status, _, body = stack.request("GET", f"{LESSONS}{planned['id']}/", token=teacher.token)
    assert status == 200, body
    assert body["zoom_start_url"] is None and client_secret not in json.dumps(body)


def test_a_start_url_copied_to_another_lesson_is_not_shown_there(stack: Stack, teacher: Actor,
                                                                  started_lesson: dict) -> None:
    lesson_id = started_lesson["lesson_id"]
    shown = teacher.ok("GET", f"{LESSONS}{lesson_id}/")["zoom_start_url"]
    assert shown and shown.startswith("http")
    other = new_lesson(teacher)
    stack.sql(f"UPDATE lessons SET zoom_start_url_enc = (SELECT s FROM (SELECT zoom_start_url_enc AS s FROM lessons "
              f"WHERE id = {lesson_id}) AS copied) WHERE id = {other['id']}")
    assert teacher.ok("GET", f"{LESSONS}{other['id']}/")["zoom_start_url"] is None
    assert teacher.ok("GET", f"{LESSONS}{lesson_id}/")["zoom_start_url"] == shown


# ------------------------------------------------------------------ meetings

def test_meeting_ended_releases_the_lease_and_ends_the_lesson(stack: Stack, started_lesson: dict) -> None:
    lesson_id, lease_id = started_lesson["lesson_id"], started_lesson["lease_id"]
    assert lesson_status(stack, lesson_id) == "live"
    accepted(deliver(stack, meeting_event("meeting.started", started_lesson["meeting_id"], started_lesson["uuid"])),
             "duplicate")
    ended = meeting_event("meeting.ended", started_lesson["meeting_id"], started_lesson["uuid"])
    accepted(deliver(stack, ended), "applied")
    assert lesson_status(stack, lesson_id) == "ended"
    released_at, reason = lease_state(stack, lease_id)
    assert released_at is not None and reason == "meeting.ended"
    assert last_event(stack)["dedupe_key"] == f"meeting.ended:{started_lesson['uuid']}"
    # The same event again (Zoom's retry) changes nothing and is still answered 200.
    accepted(deliver(stack, ended), "duplicate")
    assert lease_state(stack, lease_id) == (released_at, reason)


def test_meeting_ended_matches_by_meeting_id_without_uuid(stack: Stack, started_lesson: dict) -> None:
    accepted(deliver(stack, meeting_event("meeting.ended", started_lesson["meeting_id"], None)), "applied")
    assert lesson_status(stack, started_lesson["lesson_id"]) == "ended"
    assert lease_state(stack, started_lesson["lease_id"])[1] == "meeting.ended"


def test_out_of_order_start_after_end_does_not_resurrect(stack: Stack, started_lesson: dict) -> None:
    meeting_id, uuid_ = started_lesson["meeting_id"], started_lesson["uuid"]
    accepted(deliver(stack, meeting_event("meeting.ended", meeting_id, uuid_)), "applied")
    accepted(deliver(stack, meeting_event("meeting.started", meeting_id, uuid_)), "duplicate")
    assert lesson_status(stack, started_lesson["lesson_id"]) == "ended"
    assert lease_state(stack, started_lesson["lease_id"])[1] == "meeting.ended"


def test_meeting_started_makes_a_scheduled_lesson_live(stack: Stack, teacher: Actor) -> None:
    planned = new_lesson(teacher)
    meeting_id = str(90_000_000_000 + secrets.randbelow(10**9))
    uuid_ = zoom_uuid(tricky=False)
    stack.sql(f"UPDATE lessons SET zoom_meeting_id = '{meeting_id}', zoom_uuid = '{uuid_}' WHERE id = {planned['id']}")
    accepted(deliver(stack, meeting_event("meeting.started", meeting_id, uuid_)), "applied")
    assert lesson_status(stack, planned["id"]) == "live"
    assert stack.sql(f"SELECT started_at FROM lessons WHERE id = {planned['id']}")[0][0].startswith("2025-01-15 10:00:02")
    accepted(deliver(stack, meeting_event("meeting.started", meeting_id, uuid_)), "duplicate")
    assert lesson_status(stack, planned["id"]) == "live"


def test_cancelled_lesson_stays_cancelled(stack: Stack, teacher: Actor) -> None:
    planned = new_lesson(teacher)
    meeting_id = str(91_000_000_000 + secrets.randbelow(10**9))
    stack.sql(f"UPDATE lessons SET zoom_meeting_id = '{meeting_id}', status = 'cancelled' WHERE id = {planned['id']}")
    for event in ("meeting.started", "meeting.ended"):
        accepted(deliver(stack, meeting_event(event, meeting_id, zoom_uuid())), "duplicate")
    assert lesson_status(stack, planned["id"]) == "cancelled"


def test_meeting_unknown_to_lectern_is_answered_and_recorded(stack: Stack) -> None:
    before = counts(stack)
    accepted(deliver(stack, meeting_event("meeting.ended", "99999999999", zoom_uuid())), "unmatched")
    assert counts(stack) == (before[0] + 1, before[1], before[2])


def test_concurrent_meeting_ended_deliveries_release_once(stack: Stack, started_lesson: dict) -> None:
    ended = json.dumps(meeting_event("meeting.ended", started_lesson["meeting_id"], started_lesson["uuid"])).encode()
    results = parallel([lambda: deliver(stack, ended) for _ in range(6)])
    outcomes = sorted(accepted(r)["outcome"] for r in results)
    assert outcomes == ["applied"] + ["duplicate"] * 5
    assert lesson_status(stack, started_lesson["lesson_id"]) == "ended"


# ------------------------------------------------------------------ recordings

def test_recording_completed_makes_one_row_and_one_job_per_allowed_file(stack: Stack, teacher: Actor) -> None:
    planned = new_lesson(teacher)
    uuid_ = zoom_uuid()
    meeting_id = 92_000_000_000 + secrets.randbelow(10**9)
    stack.sql(f"UPDATE lessons SET zoom_meeting_id = '{meeting_id}', zoom_uuid = '{uuid_}' WHERE id = {planned['id']}")
    video, audio, chat, timeline = file_id(), file_id(), file_id(), file_id()
    files = [recording_file(video, "MP4", "MP4", uuid_, size=523239424),
             recording_file(audio, "M4A", "M4A", uuid_, recording_type="audio_only"),
             recording_file(chat, "CHAT", "TXT", uuid_, recording_type="chat_file"),
             recording_file(file_id(), "SUMMARY", "JSON", uuid_),            # not a transferred type
             recording_file(timeline, "TIMELINE", "JSON", uuid_, status="processing")]  # not ready yet
    token = "eyJ" + secrets.token_urlsafe(48)
    before = counts(stack)
    started = time.monotonic()
    result = deliver(stack, recording_event(uuid_, files, meeting_id=meeting_id, token=token))
    assert time.monotonic() - started < 3, "Zoom needs the answer within 3 s"
    accepted(result, "applied")
    stored = recordings_of(stack, uuid_)
    assert set(stored) == {video, audio, chat}
    for fid, row in stored.items():
        assert row["lesson_id"] == str(planned["id"])
        assert row["status"] == "pending"
        assert row["meeting_id"] == str(meeting_id)
        assert row["download_url"] == f"https://zoom.example/rec/download/{fid}"
        assert row["download_token_enc"].startswith("v1:") and token not in row["download_token_enc"]
        expires = dt.datetime.fromisoformat(row["download_token_expires_at"]).replace(tzinfo=dt.timezone.utc)
        assert abs((expires - dt.datetime.now(dt.timezone.utc)).total_seconds() - 86400) < 120
    jobs = jobs_of(stack, [video, audio, chat])
    assert set(jobs) == {video, audio, chat}
    for fid, job in jobs.items():
        assert job["kind"] == TRANSFER and job["status"] == "pending"
        assert job["payload"] == {"recording_id": int(stored[fid]["id"])}
        assert job["subject"] == stored[fid]["id"]
    assert counts(stack) == (before[0] + 1, before[1] + 3, before[2] + 3)
    recorded = last_event(stack)
    assert recorded["dedupe_key"] == f"recording.completed:{uuid_}"
    assert token not in recorded["body"] and "[redacted]" in recorded["body"]


def test_duplicate_delivery_keeps_one_row_and_job_and_refreshes_the_pending_link(stack: Stack) -> None:
    uuid_ = zoom_uuid()
    video, chat = file_id(), file_id()
    first = recording_event(uuid_, [recording_file(video, "MP4", "MP4", uuid_), recording_file(chat, "CHAT", "TXT", uuid_)])
    accepted(deliver(stack, first), "applied")
    sealed_before = recordings_of(stack, uuid_)[video]["download_token_enc"]
    # The repeat comes from another address with another token and download URL.
    second = json.loads(json.dumps(first))
    second["download_token"] = "eyJ" + secrets.token_urlsafe(40)
    for entry in second["payload"]["object"]["recording_files"]:
        entry["download_url"] += "?retry=1"
    # The chat file's transfer has started: its link must stay as the transfer knows it.
    stack.sql(f"UPDATE recordings SET status = 'downloading' WHERE zoom_file_id = '{chat}'")
    before = counts(stack)
    accepted(deliver(stack, second), "duplicate")
    assert counts(stack) == (before[0] + 1, before[1], before[2])
    stored = recordings_of(stack, uuid_)
    assert stored[video]["download_url"].endswith("?retry=1")
    assert stored[video]["download_token_enc"] != sealed_before
    assert not stored[chat]["download_url"].endswith("?retry=1")
    assert len(jobs_of(stack, [video, chat])) == 2


def test_concurrent_duplicate_deliveries_make_one_row_and_one_job(stack: Stack) -> None:
    uuid_ = zoom_uuid()
    ids = [file_id() for _ in range(3)]
    files = [recording_file(f, t, t, uuid_) for f, t in zip(ids, ["MP4", "M4A", "CHAT"])]
    bodies = []
    for _ in range(8):
        event = recording_event(uuid_, files)
        event["download_token"] = "eyJ" + secrets.token_urlsafe(40)
        bodies.append(json.dumps(event).encode())
    before = counts(stack)
    results = parallel([lambda b=b: deliver(stack, b) for b in bodies])
    outcomes = sorted(accepted(r)["outcome"] for r in results)
    assert outcomes == ["applied"] + ["duplicate"] * 7
    assert set(recordings_of(stack, uuid_)) == set(ids)
    assert len(jobs_of(stack, ids)) == 3
    assert counts(stack) == (before[0] + 8, before[1] + 3, before[2] + 3)


def test_recordings_of_meetings_unknown_to_lectern_are_archived(stack: Stack) -> None:
    uuid_ = zoom_uuid()
    fid = file_id()
    accepted(deliver(stack, recording_event(uuid_, [recording_file(fid, "MP4", "MP4", uuid_)],
                                            meeting_id=93_000_000_001, host_email="visitor@school.example")), "applied")
    row = recordings_of(stack, uuid_)[fid]
    assert row["lesson_id"] is None
    assert row["host_email"] == "visitor@school.example"
    assert jobs_of(stack, [fid])[fid]["status"] == "pending"


def test_transcript_completed_adds_the_transcript(stack: Stack) -> None:
    uuid_ = zoom_uuid()
    video, transcript = file_id(), file_id()
    accepted(deliver(stack, recording_event(uuid_, [recording_file(video, "MP4", "MP4", uuid_)])), "applied")
    accepted(deliver(stack, recording_event(uuid_, [recording_file(transcript, "TRANSCRIPT", "VTT", uuid_,
                                                                   recording_type="audio_transcript")],
                                            event="recording.transcript_completed")), "applied")
    assert {row["file_type"] for row in recordings_of(stack, uuid_).values()} == {"MP4", "TRANSCRIPT"}
    assert len(jobs_of(stack, [video, transcript])) == 2


def test_recording_with_no_transferable_file_is_ignored(stack: Stack) -> None:
    uuid_ = zoom_uuid()
    before = counts(stack)
    accepted(deliver(stack, recording_event(uuid_, [recording_file(file_id(), "MP4", "MP4", uuid_,
                                                                   status="processing")])), "ignored")
    assert counts(stack) == (before[0] + 1, before[1], before[2])


@pytest.mark.parametrize("event", ["recording.trashed", "recording.deleted"])
def test_trashed_or_deleted_recordings(stack: Stack, event: str) -> None:
    """Files not yet copied become deleted_in_zoom and their queued jobs are cancelled; a
    copied (ready) one keeps its status and Drive copy and only notes the deletion."""
    uuid_ = zoom_uuid()
    pending, copied = file_id(), file_id()
    files = [recording_file(pending, "MP4", "MP4", uuid_), recording_file(copied, "M4A", "M4A", uuid_)]
    accepted(deliver(stack, recording_event(uuid_, files)), "applied")
    stack.sql(f"UPDATE recordings SET status = 'ready', drive_file_id = 'drive-1' WHERE zoom_file_id = '{copied}'")
    stack.sql(f"UPDATE jobs SET status = 'done' WHERE dedupe_key = 'transfer:{copied}'")
    before = counts(stack)
    accepted(deliver(stack, recording_event(uuid_, files, event=event)), "applied")
    assert counts(stack) == (before[0] + 1, before[1], before[2])
    stored = recordings_of(stack, uuid_)
    assert stored[pending]["status"] == "deleted_in_zoom" and stored[pending]["deleted_in_zoom_at"] is not None
    assert stored[copied]["status"] == "ready" and stored[copied]["deleted_in_zoom_at"] is not None
    assert stack.sql(f"SELECT drive_file_id FROM recordings WHERE zoom_file_id = '{copied}'")[0][0] == "drive-1"
    jobs = jobs_of(stack, [pending, copied])
    assert jobs[pending]["status"] == "cancelled" and jobs[copied]["status"] == "done"
    # Again: nothing left to change.
    accepted(deliver(stack, recording_event(uuid_, files, event=event)), "duplicate")


def test_trash_before_completed_never_starts_a_transfer(stack: Stack) -> None:
    """Out of order: the trash arrives first (the completion was being retried); the late
    completion must not queue a transfer of a file Zoom no longer has."""
    uuid_ = zoom_uuid()
    fid = file_id()
    files = [recording_file(fid, "MP4", "MP4", uuid_)]
    accepted(deliver(stack, recording_event(uuid_, files, event="recording.trashed")), "applied")
    accepted(deliver(stack, recording_event(uuid_, files)), "duplicate")
    assert recordings_of(stack, uuid_)[fid]["status"] == "deleted_in_zoom"
    assert jobs_of(stack, [fid]) == {}


# ------------------------------------------------------------------ lectern-sim as Zoom

def aim_sim(stack: Stack, secret: str = SECRET) -> None:
    status, _ = stack.sim_request("PUT", "/_sim/webhook", {"url": stack.base_url + HOOK, "secret": secret,
                                                           "ca_file": str(stack.cert)})
    assert status == 204


def test_sim_ends_a_recorded_meeting_with_signed_webhooks(stack: Stack, started_lesson: dict) -> None:
    """lectern-sim's "end meeting M": meeting.ended, then recording.completed for its files,
    signed like Zoom's and sent through nginx; ending it again is Zoom's repeated delivery."""
    aim_sim(stack)
    end = f"/_sim/meetings/{started_lesson['meeting_id']}/end"
    status, fired = stack.sim_request("POST", end)
    assert status == 200, fired
    assert [(d["event"], d["status"], d["outcome"]) for d in fired["deliveries"]] == [
        ("meeting.ended", 200, "applied"), ("recording.completed", 200, "applied")]
    assert lesson_status(stack, started_lesson["lesson_id"]) == "ended"
    assert lease_state(stack, started_lesson["lease_id"])[1] == "meeting.ended"
    stored = recordings_of(stack, started_lesson["uuid"])
    assert sorted(row["file_type"] for row in stored.values()) == ["CHAT", "M4A", "MP4"]
    assert {row["lesson_id"] for row in stored.values()} == {str(started_lesson["lesson_id"])}
    assert all(row["download_url"].startswith(stack.sim_url + "/rec/download/") for row in stored.values())
    assert len(jobs_of(stack, list(stored))) == 3
    before = counts(stack)
    status, fired = stack.sim_request("POST", end)
    assert [(d["status"], d["outcome"]) for d in fired["deliveries"]] == [(200, "duplicate"), (200, "duplicate")]
    assert counts(stack) == (before[0] + 2, before[1], before[2])
    assert set(recordings_of(stack, started_lesson["uuid"])) == set(stored)


def test_sim_deliveries_signed_with_another_secret_are_refused(stack: Stack, started_lesson: dict) -> None:
    aim_sim(stack, secret="not-the-secret")
    try:
        before = counts(stack)
        status, fired = stack.sim_request("POST", f"/_sim/meetings/{started_lesson['meeting_id']}/end")
        assert status == 200
        assert [(d["event"], d["status"]) for d in fired["deliveries"]] == [("meeting.ended", 403),
                                                                            ("recording.completed", 403)]
        assert counts(stack) == before
        assert lesson_status(stack, started_lesson["lesson_id"]) == "live"
    finally:
        aim_sim(stack)


# ------------------------------------------------------------------ the signing app scopes everything

PROVIDERS = "/api/schedule/event-providers/"
RECORDINGS = "/api/schedule/recordings/"


@pytest.fixture
def admin(stack: Stack, make_user: Callable[..., User]) -> Actor:
    return Actor(stack, make_user("admin"))


def new_provider(admin: Actor, host: User, webhook_secret: Optional[str]) -> dict:
    body = {"name": "Provider " + secrets.token_hex(3), "event_type": "meeting", "account_id": "acc",
            "client_id": "cid-" + secrets.token_hex(3), "client_secret": "cs-" + secrets.token_hex(6),
            "host_user_id": host.id}
    if webhook_secret is not None:
        body["webhook_secret"] = webhook_secret
    provider = admin.ok("POST", PROVIDERS, body, 201)
    provider["app_id"] = stack_app_id(admin.stack, provider["id"])
    return provider


def stack_app_id(stack: Stack, provider_id: int) -> str:
    return stack.sql(f"SELECT app_id FROM event_providers WHERE id = {provider_id}")[0][0]


def new_event(stack: Stack, provider: dict, host: User, zoom_id: int, title: str = "Open day") -> int:
    stack.sql("INSERT INTO events (title, provider_id, start_time, duration_minutes, host_id, status, zoom_id) "
              f"VALUES ('{title}', {provider['id']}, '2025-01-15 10:00:00', 60, {host.id}, 'scheduled', '{zoom_id}')")
    return int(stack.sql(f"SELECT id FROM events WHERE zoom_id = '{zoom_id}'")[0][0])


def test_a_providers_secret_cannot_end_a_pool_lesson_or_free_its_host(stack: Stack, started_lesson: dict,
                                                                        admin: Actor,
                                                                        make_user: Callable[..., User]) -> None:
    """Meeting ids are public (join URLs); a provider's host knows their own app's secret.
    A meeting.ended for a pool meeting signed with it is answered 200 and changes nothing."""
    provider_secret = "provider-" + secrets.token_hex(8)
    provider = new_provider(admin, make_user("teacher"), provider_secret)
    for event in ("meeting.started", "meeting.ended"):
        body = meeting_event(event, started_lesson["meeting_id"], started_lesson["uuid"])
        assert accepted(deliver(stack, body, secret=provider_secret), "ignored_foreign_app") == \
            {"event": event, "outcome": "ignored_foreign_app"}
        recorded = last_event(stack)
        assert (recorded["outcome"], recorded["app_id"]) == ("ignored_foreign_app", provider["app_id"])
    assert lesson_status(stack, started_lesson["lesson_id"]) == "live"
    assert lease_state(stack, started_lesson["lease_id"]) == (None, None)
    # The pool's own app still ends it.
    accepted(deliver(stack, meeting_event("meeting.ended", started_lesson["meeting_id"], started_lesson["uuid"])),
             "applied")
    assert lease_state(stack, started_lesson["lease_id"])[1] == "meeting.ended"


def test_a_providers_secret_cannot_attach_files_to_a_lesson(stack: Stack, teacher: Actor, admin: Actor,
                                                            make_user: Callable[..., User]) -> None:
    provider_secret = "provider-" + secrets.token_hex(8)
    new_provider(admin, make_user("teacher"), provider_secret)
    planned = new_lesson(teacher)
    uuid_ = zoom_uuid()
    meeting_id = 94_000_000_000 + secrets.randbelow(10**9)
    stack.sql(f"UPDATE lessons SET zoom_meeting_id = '{meeting_id}', zoom_uuid = '{uuid_}' WHERE id = {planned['id']}")
    fid = file_id()
    before = counts(stack)
    for event in ("recording.completed", "recording.trashed"):
        accepted(deliver(stack, recording_event(uuid_, [recording_file(fid, "MP4", "MP4", uuid_)], event=event,
                                                meeting_id=meeting_id), secret=provider_secret),
                 "ignored_foreign_app")
    assert counts(stack) == (before[0] + 2, before[1], before[2])
    # Files the pool's app announced are not the provider's to mark deleted either.
    accepted(deliver(stack, recording_event(uuid_, [recording_file(fid, "MP4", "MP4", uuid_)], meeting_id=meeting_id)),
             "applied")
    accepted(deliver(stack, recording_event(uuid_, [recording_file(fid, "MP4", "MP4", uuid_)], event="recording.deleted",
                                            meeting_id=meeting_id), secret=provider_secret), "ignored_foreign_app")
    assert recordings_of(stack, uuid_)[fid]["status"] == "pending"
    assert jobs_of(stack, [fid])[fid]["status"] == "pending"


def test_recordings_of_unknown_meetings_are_archived_only_for_the_pools_app(stack: Stack, admin: Actor,
                                                                            make_user: Callable[..., User]) -> None:
    provider_secret = "provider-" + secrets.token_hex(8)
    new_provider(admin, make_user("teacher"), provider_secret)
    uuid_ = zoom_uuid()
    before = counts(stack)
    accepted(deliver(stack, recording_event(uuid_, [recording_file(file_id(), "MP4", "MP4", uuid_)],
                                            meeting_id=95_000_000_001), secret=provider_secret), "ignored_foreign_app")
    assert counts(stack) == (before[0] + 1, before[1], before[2])


def test_a_providers_event_recordings_are_filed_with_the_event(stack: Stack, admin: Actor, teacher: Actor,
                                                               make_user: Callable[..., User]) -> None:
    """Signed by the event's provider's app, the files attach to the event (not to a lesson)
    and are visible to its host (any status) and its participants (once ready), not others."""
    host, participant, stranger = make_user("teacher"), make_user("student"), make_user("student")
    provider_secret = "provider-" + secrets.token_hex(8)
    provider = new_provider(admin, host, provider_secret)
    meeting_id = 96_000_000_000 + secrets.randbelow(10**9)
    event_id = new_event(stack, provider, host, meeting_id)
    stack.sql(f"INSERT INTO event_participants (event_id, user_id) VALUES ({event_id}, {participant.id})")
    uuid_ = zoom_uuid()
    fid = file_id()
    body = recording_event(uuid_, [recording_file(fid, "MP4", "MP4", uuid_)], meeting_id=meeting_id)
    # The pool's secret does not attach files to a provider's event.
    accepted(deliver(stack, body), "ignored_foreign_app")
    accepted(deliver(stack, body, secret=provider_secret), "applied")
    row = stack.sql(f"SELECT event_id, lesson_id, app_id FROM recordings WHERE zoom_file_id = '{fid}'")[0]
    assert row == (str(event_id), None, provider["app_id"])
    recording_id = int(recordings_of(stack, uuid_)[fid]["id"])

    def listed(user: User) -> list[int]:
        return [r["id"] for r in Actor(stack, user).ok("GET", RECORDINGS)["results"]]

    assert recording_id in listed(host)
    assert recording_id not in listed(participant)
    stack.sql(f"UPDATE recordings SET status = 'ready' WHERE id = {recording_id}")
    assert recording_id in listed(participant)
    assert recording_id not in listed(stranger)
    assert recording_id not in listed(teacher.user)


def test_a_teachers_own_app_acts_only_on_the_lessons_it_started(stack: Stack, teacher: Actor) -> None:
    own = "own-" + secrets.token_hex(8)
    app_id = personal_app(stack, teacher, own)
    mine, pools = new_lesson(teacher), new_lesson(teacher)
    my_meeting, pool_meeting = (str(97_000_000_000 + secrets.randbelow(10**9)) for _ in range(2))
    stack.sql(f"UPDATE lessons SET zoom_meeting_id = '{my_meeting}', zoom_app_id = {app_id} WHERE id = {mine['id']}")
    stack.sql(f"UPDATE lessons SET zoom_meeting_id = '{pool_meeting}', zoom_app_id = 1 WHERE id = {pools['id']}")
    accepted(deliver(stack, meeting_event("meeting.started", pool_meeting, None), secret=own), "ignored_foreign_app")
    accepted(deliver(stack, meeting_event("meeting.started", my_meeting, None)), "ignored_foreign_app")
    assert (lesson_status(stack, mine["id"]), lesson_status(stack, pools["id"])) == ("scheduled", "scheduled")
    accepted(deliver(stack, meeting_event("meeting.started", my_meeting, None), secret=own), "applied")
    accepted(deliver(stack, meeting_event("meeting.started", pool_meeting, None)), "applied")
    assert (lesson_status(stack, mine["id"]), lesson_status(stack, pools["id"])) == ("live", "live")


def test_webhook_secrets_are_unique_per_app(stack: Stack, admin: Actor, make_user: Callable[..., User]) -> None:
    """Storing a secret another app has (the pool's, or another provider's) is a 409 and
    changes nothing; the secret appears in no answer."""
    host = make_user("teacher")
    taken = "provider-" + secrets.token_hex(8)
    first = new_provider(admin, host, taken)
    providers_before = stack.sql("SELECT COUNT(*) FROM event_providers")[0][0]
    for secret in (SECRET, taken):
        body = {"name": "Copycat", "event_type": "meeting", "account_id": "acc", "client_id": "cid",
                "client_secret": "cs", "webhook_secret": secret, "host_user_id": host.id}
        status, headers, answer = stack.request("POST", PROVIDERS, json=body, token=admin.token)
        assert_error(status, headers, answer, 409, "webhook_secret_taken")
        assert secret not in json.dumps(answer)
    assert stack.sql("SELECT COUNT(*) FROM event_providers")[0][0] == providers_before
    second = new_provider(admin, host, None)
    status, headers, answer = stack.request("PATCH", f"{PROVIDERS}{second['id']}/", json={"webhook_secret": taken},
                                            token=admin.token)
    assert_error(status, headers, answer, 409, "webhook_secret_taken")
    assert stack.sql(f"SELECT webhook_secret_enc IS NULL FROM zoom_apps WHERE id = {second['app_id']}")[0][0] == "1"
    # Its own secret again is no conflict.
    admin.ok("PATCH", f"{PROVIDERS}{first['id']}/", {"webhook_secret": taken})
    # A teacher's own app is an app too.
    status, headers, answer = stack.request("PUT", "/api/me/zoom-credentials/", token=admin.token, json={
        "account_id": "acc", "client_id": "cid", "client_secret": "cs", "webhook_secret": taken})
    assert_error(status, headers, answer, 409, "webhook_secret_taken")
