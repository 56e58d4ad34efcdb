"""The recording pipeline end to end (SPEC §8): lectern-sim ends a recorded meeting and
sends signed webhooks through nginx; the transfer child downloads each file from the
emulated Zoom, uploads it resumably to the emulated Drive, verifies size and MD5, marks it
ready, trashes Zoom's copy and notifies the group's students. Faults on both sides
(HTML instead of the file, dropped connections mid-download and mid-chunk, an expired
download token, a file deleted in Zoom, kill -9 of the transfer child mid-upload) must
still end with exactly one verified copy — or none, when Zoom lost the file first."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import http.client
import http.server
import json
import os
import signal
import threading
import time
import urllib.parse
import uuid
from typing import Any, Callable, Optional

import pytest

from conftest import module_stack
from helpers import Actor, User, WORKERS, assert_error, wait_until
from stack import SIM_ZOOM_CREDENTIALS, Stack

GROUPS = "/api/schedule/groups/"
LESSONS = "/api/schedule/lessons/"
RECORDINGS = "/api/schedule/recordings/"
HOOK = "/schedule/api/zoom/webhook/"
CHUNK = 512 * 1024
# Lessons last 3 minutes: the emulated MP4 is 3 MiB, six upload chunks of 512 KiB.
MINUTES = 3


@pytest.fixture(scope="module")
def stack():
    """This module's own stack: small upload chunks, so that a file takes several."""
    yield from module_stack(workers=WORKERS, extra_env={"LECTERN_CHUNK_SIZE": str(CHUNK)})


pytestmark = pytest.mark.usefixtures("sim_without_faults")


class Classroom:
    """A teacher with a group of one student, an outsider student, an admin and a pool host."""

    def __init__(self, stack: Stack, make_user: Callable[..., User]):
        self.stack = stack
        self.make_user = make_user
        self.admin = Actor(stack, make_user("admin"))
        self.teacher = Actor(stack, make_user("teacher"))
        self.student = Actor(stack, make_user("student"))
        self.outsider = Actor(stack, make_user("student"))
        self.other_teacher = Actor(stack, make_user("teacher"))
        self.group = self.teacher.ok("POST", GROUPS, {"name": f"Class {uuid.uuid4().hex[:6]}",
                                                      "student_ids": [self.student.id]}, 201)
        stack.sql("UPDATE zoom_accounts SET is_active = 0")
        self.host = self.admin.ok("POST", "/api/schedule/zoom-accounts/",
                                  {"email": f"host-{time.monotonic_ns()}@pool.test"}, 201)

    def recorded_lesson(self, title: str = "Algebra") -> dict:
        start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        lesson = self.teacher.ok("POST", LESSONS, {
            "title": title, "group_id": self.group["id"], "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "duration": MINUTES, "record_lesson": True}, 201)
        started = self.teacher.ok("POST", f"{LESSONS}{lesson['id']}/start-new/")
        return {**lesson, "meeting_id": started["zoom_meeting_id"]}

    def end_in_zoom(self, lesson: dict, file_types: Optional[list[str]] = None) -> list[dict]:
        """lectern-sim ends the meeting and delivers meeting.ended + recording.completed."""
        status, fired = self.stack.sim_request("POST", f"/_sim/meetings/{lesson['meeting_id']}/end",
                                               {"file_types": file_types} if file_types else None)
        assert status == 200, fired
        assert [(d["event"], d["status"]) for d in fired["deliveries"]] == [
            ("meeting.ended", 200), ("recording.completed", 200)], fired
        return recordings_of_lesson(self.stack, lesson["id"])


@pytest.fixture
def classroom(stack: Stack, make_user: Callable[..., User]) -> Classroom:
    return Classroom(stack, make_user)


# ------------------------------------------------------------------ helpers

COLUMNS = ("id", "zoom_file_id", "meeting_uuid", "status", "file_type", "file_size", "md5", "drive_file_id", "drive_folder_id",
           "web_view_link", "available_until", "attempts", "last_error", "deleted_in_zoom_at", "upload_session_enc",
           "upload_offset")


def rows(stack: Stack, where: str) -> list[dict]:
    found = stack.sql(f"SELECT {', '.join(COLUMNS)} FROM recordings WHERE {where} ORDER BY id")
    return [dict(zip(COLUMNS, row)) for row in found]


def recordings_of_lesson(stack: Stack, lesson_id: int) -> list[dict]:
    return rows(stack, f"lesson_id = {int(lesson_id)}")


def settled(stack: Stack, where: str, timeout: float = 90) -> list[dict]:
    """Waits until every matching recording has left the pipeline (ready, failed, deleted)
    and its job has finished (after `ready` come Zoom's clean-up and the notifications)."""

    def done() -> Optional[list[dict]]:
        found = rows(stack, where)
        if not found or any(r["status"] not in ("ready", "failed", "deleted_in_zoom") for r in found):
            return None
        keys = ", ".join(f"'transfer:{r['zoom_file_id']}'" for r in found)
        open_jobs = stack.sql(f"SELECT COUNT(*) FROM jobs WHERE dedupe_key IN ({keys}) "
                              f"AND status IN ('pending', 'running')")
        return rows(stack, where) if open_jobs == [("0",)] else None

    return wait_until(done, timeout, f"recordings ({where}) to settle")


def sim_files(stack: Stack) -> dict[str, dict]:
    _, body = stack.sim_request("GET", "/_sim/recordings")
    return {f["id"]: f for f in body["files"]}


def drive_files(stack: Stack) -> list[dict]:
    _, body = stack.sim_request("GET", "/_sim/drive/files")
    return body["files"]


def drive_copies(stack: Stack, zoom_file_id: str) -> list[dict]:
    return [f for f in drive_files(stack)
            if (f.get("appProperties") or {}).get("zoom_file_id") == zoom_file_id and not f.get("trashed")]


def drive_path(stack: Stack, file: dict) -> list[str]:
    """Folder names from the root down to the file's folder."""
    by_id = {f["id"]: f for f in drive_files(stack)}
    path, parent = [], (file.get("parents") or [None])[0]
    while parent in by_id:
        path.insert(0, by_id[parent]["name"])
        parent = (by_id[parent].get("parents") or [None])[0]
    return path


def assert_copied(stack: Stack, row: dict) -> dict:
    """The row is ready and its Drive copy is the one and only, byte for byte Zoom's file."""
    assert row["status"] == "ready", row
    zoom = sim_files(stack)[row["zoom_file_id"]]
    copies = drive_copies(stack, row["zoom_file_id"])
    assert len(copies) == 1, copies
    copy = copies[0]
    assert copy["id"] == row["drive_file_id"]
    assert int(copy["size"]) == int(zoom["file_size"]) == int(row["file_size"])
    assert copy["md5Checksum"] == zoom["md5"] == row["md5"]
    assert row["upload_session_enc"] is None
    return copy


def log_count(stack: Stack, text: str) -> int:
    """Lines of Lectern's log that contain `text`."""
    return sum(text in line for line in stack.lectern_log.read_text(errors="replace").splitlines())


def spool_files(stack: Stack) -> list[str]:
    return sorted(os.listdir(stack.spool_dir)) if stack.spool_dir.exists() else []


def job_of(stack: Stack, zoom_file_id: str) -> dict:
    found = stack.sql(f"SELECT status, attempts, last_error FROM jobs WHERE dedupe_key = 'transfer:{zoom_file_id}'")
    assert len(found) == 1, found
    return dict(zip(("status", "attempts", "last_error"), found[0]))


def failed_once(stack: Stack, zoom_file_id: str) -> bool:
    """The file's job is waiting for its retry after a failed attempt — read in one query:
    two would see `pending` before the first claim and the attempt count after it."""
    job = job_of(stack, zoom_file_id)
    return job["status"] == "pending" and int(job["attempts"]) >= 1


def zoom_api(stack: Stack, method: str, path: str, body: Any = None) -> int:
    """Calls the emulated Zoom's API as an admin would (its own OAuth token); returns the status."""
    basic = base64.b64encode(f"{SIM_ZOOM_CREDENTIALS['ZOOM_CLIENT_ID']}:"
                             f"{SIM_ZOOM_CREDENTIALS['ZOOM_CLIENT_SECRET']}".encode()).decode()
    conn = http.client.HTTPConnection("127.0.0.1", stack.sim_port, timeout=10)
    try:
        conn.request("POST", "/oauth/token?grant_type=account_credentials&account_id="
                             + SIM_ZOOM_CREDENTIALS["ZOOM_ACCOUNT_ID"], headers={"Authorization": f"Basic {basic}"})
        token = json.loads(conn.getresponse().read())["access_token"]
        payload = json.dumps(body).encode() if body is not None else None
        conn.request(method, path, body=payload, headers={"Authorization": f"Bearer {token}",
                                                          "Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def quoted_uuid(meeting_uuid: str) -> str:
    """A meeting UUID as a path segment, encoded twice as Zoom wants for `/` and `//`."""
    return urllib.parse.quote(urllib.parse.quote(meeting_uuid, safe=""), safe="")


def past_meeting(stack: Stack, host_email: str, topic: str, file_types: tuple[str, ...] = ("MP4", "CHAT"),
                 **extra: Any) -> dict:
    """A recorded meeting Lectern never saw, made in lectern-sim without webhooks."""
    status, meeting = stack.sim_request("POST", "/_sim/recordings", {
        "host_email": host_email, "topic": topic, "start_time": "2025-01-31T23:30:00Z", "duration": 2,
        "timezone": "Europe/Berlin", "file_types": list(file_types), **extra})
    assert status in (200, 201), meeting
    return meeting


def deliver_completed(stack: Stack, meeting: dict, token: str, download_base: Optional[str] = None,
                      file_size: Optional[int] = None, secret: Optional[str] = None,
                      event: str = "recording.completed") -> None:
    """recording.completed (or another recording event) for lectern-sim's meeting, signed, with
    the download token given; `download_base` and `file_size` replace what the payload says of
    every file."""
    files = [{"id": f["id"], "meeting_id": meeting["uuid"], "recording_start": "2025-01-31T23:30:00Z",
              "recording_end": "2025-01-31T23:32:00Z", "file_type": f["file_type"],
              "file_extension": f.get("file_extension", f["file_type"]),
              "file_size": f["file_size"] if file_size is None else file_size,
              "download_url": f"{download_base or stack.sim_url}/rec/download/{f['id']}", "status": "completed",
              "recording_type": f.get("recording_type", "shared_screen_with_speaker_view")}
             for f in meeting["recording_files"]]
    body = json.dumps({"event": event, "event_ts": int(time.time() * 1000), "download_token": token,
                       "payload": {"account_id": SIM_ZOOM_CREDENTIALS["ZOOM_ACCOUNT_ID"], "object": {
                           "id": meeting["id"], "uuid": meeting["uuid"], "host_id": meeting.get("host_id", "h"),
                           "topic": meeting["topic"], "type": 2, "start_time": "2025-01-31T23:30:00Z",
                           "timezone": "Europe/Berlin", "host_email": meeting["host_email"], "duration": 2,
                           "recording_files": files}}}).encode()
    timestamp = str(int(time.time()))
    key = (secret or SIM_ZOOM_CREDENTIALS["ZOOM_WEBHOOK_SECRET_TOKEN"]).encode()
    signature = "v0=" + hmac.new(key, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    status, _, answer = stack.request("POST", HOOK, body=body, headers={
        "Content-Type": "application/json", "x-zm-request-timestamp": timestamp, "x-zm-signature": signature})
    assert status in (200, 204), answer


# ------------------------------------------------------------------ the whole way

def test_recorded_lesson_lands_on_drive_for_its_students(stack: Stack, classroom: Classroom) -> None:
    lesson = classroom.recorded_lesson("Algebra")
    announced = classroom.end_in_zoom(lesson)
    assert sorted(r["file_type"] for r in announced) == ["CHAT", "M4A", "MP4"]
    ready = settled(stack, f"lesson_id = {lesson['id']}")
    zoom = sim_files(stack)
    for row in ready:
        copy = assert_copied(stack, row)
        assert drive_path(stack, copy) == [classroom.group["name"], "Algebra"]
        assert copy["name"].startswith("Algebra ") and copy["name"].endswith("." + zoom[row["zoom_file_id"]]
                                                                                ["file_type"].lower()
                                                                                .replace("chat", "txt"))
        assert row["web_view_link"] and row["available_until"] is not None
        # LECTERN_ZOOM_AFTER_TRANSFER=trash: Zoom's copy goes once Drive's is verified.
        assert zoom[row["zoom_file_id"]]["state"] == "trashed"
        assert row["deleted_in_zoom_at"] is not None
        assert job_of(stack, row["zoom_file_id"])["status"] == "done"
    days = (dt.datetime.fromisoformat(ready[0]["available_until"]) - dt.datetime.utcnow()).days
    assert 88 <= days <= 90
    assert wait_until(lambda: not spool_files(stack), 10, "the spool to be emptied")
    notified = stack.sql(f"SELECT recipient_user_id, kind FROM notifications WHERE dedupe_key LIKE "
                         f"'recording-ready:{lesson['id']}:%'")
    assert notified == [(str(classroom.student.id), "recording_ready")]

    listed = classroom.student.ok("GET", f"{LESSONS}{lesson['id']}/recordings/")
    assert sorted(r["id"] for r in listed["results"]) == sorted(int(r["id"]) for r in ready)
    item = listed["results"][0]
    assert set(item) == {"id", "lesson_id", "topic", "file_type", "recording_type", "file_size", "recording_start",
                         "recording_end", "status", "web_view_link", "content_url", "available_until"}
    assert item["status"] == "ready" and item["web_view_link"].startswith("https://")
    mine = classroom.student.ok("GET", f"{RECORDINGS}?lesson_id={lesson['id']}")
    assert len(mine["results"]) == 3
    assert classroom.outsider.ok("GET", f"{RECORDINGS}?lesson_id={lesson['id']}")["results"] == []
    classroom.outsider.fails("GET", f"{LESSONS}{lesson['id']}/recordings/", 404)
    classroom.other_teacher.fails("GET", f"{LESSONS}{lesson['id']}/recordings/", 404)
    taught = classroom.teacher.ok("GET", f"{RECORDINGS}?lesson_id={lesson['id']}&status=ready")
    assert {"attempts", "last_error"} <= set(taught["results"][0])
    assert len(classroom.admin.ok("GET", f"{RECORDINGS}?lesson_id={lesson['id']}")["results"]) == 3
    classroom.teacher.fails("GET", f"{RECORDINGS}?status=lost", 400)


def test_a_meetings_students_get_one_mail_listing_every_file(stack: Stack, classroom: Classroom) -> None:
    """Video, audio, chat and transcript: each student gets one "your recording is ready" mail
    for the meeting, queued once its last file is on Drive, listing all four."""
    second = Actor(stack, classroom.make_user("student"))
    classroom.teacher.ok("PATCH", f"{GROUPS}{classroom.group['id']}/",
                         {"student_ids": [classroom.student.id, second.id]})
    lesson = classroom.recorded_lesson("Four files")
    announced = classroom.end_in_zoom(lesson, ["MP4", "M4A", "CHAT", "TRANSCRIPT"])
    assert sorted(r["file_type"] for r in announced) == ["CHAT", "M4A", "MP4", "TRANSCRIPT"]
    ready = settled(stack, f"lesson_id = {lesson['id']}")
    assert all(r["status"] == "ready" for r in ready)
    mails = stack.sql(f"SELECT recipient_user_id, subject, body FROM notifications "
                      f"WHERE kind = 'recording_ready' AND dedupe_key LIKE 'recording-ready:{lesson['id']}:%' "
                      f"ORDER BY recipient_user_id")
    assert [int(m[0]) for m in mails] == sorted([classroom.student.id, second.id])
    for _, subject, body in mails:
        assert subject == 'Recording of "Four files" is available'
        for row in ready:
            assert row["web_view_link"] in body, (row["file_type"], body)
        lines = body.splitlines()
        assert [line.split(":")[0] for line in lines[1:]] == [
            "- Video (MP4)", "- Audio (M4A)", "- Transcript (TRANSCRIPT)", "- Chat (CHAT)"]


def test_download_faults_are_retried_within_the_attempt(stack: Stack, classroom: Classroom) -> None:
    """An HTML page with status 200, then connections dropped after 100 KiB: each download
    resumes where it broke, and no attempt is spent."""
    stack.sim_request("POST", "/_sim/faults", {"path": "/rec/file/", "html": True, "count": 1})
    stack.sim_request("POST", "/_sim/faults", {"path": "/rec/file/", "dropAfterBytes": 100 * 1024, "count": 3})
    retries_before = log_count(stack, "download retried")
    lesson = classroom.recorded_lesson("Faulty download")
    classroom.end_in_zoom(lesson)
    for row in settled(stack, f"lesson_id = {lesson['id']}"):
        assert_copied(stack, row)
        assert row["attempts"] == "0", row
    _, armed = stack.sim_request("GET", "/_sim/faults")
    assert armed["faults"] == [], "every fault fired"
    # The page, and at least one broken connection (a drop can land on the chat file, or on a
    # resumed download with less than 100 KiB left, and then break nothing).
    assert log_count(stack, "download retried") - retries_before >= 2


def test_the_upload_sends_what_has_arrived_while_the_download_goes_on(stack: Stack) -> None:
    """The download breaks after every 2 MiB and resumes after its backoff; meanwhile the
    upload has sent the chunks already in the spool: Drive holds bytes while the row still
    says `downloading` and no MD5 is known. The last chunk waits for the whole download."""
    meeting = past_meeting(stack, f"overlap-{uuid.uuid4().hex[:6]}@school.test", "Overlapped", ("MP4",),
                           file_size=12 * CHUNK)
    (video,) = meeting["recording_files"]
    stack.sim_request("POST", "/_sim/faults", {"path": "/rec/file/", "dropAfterBytes": 4 * CHUNK, "count": 2})
    deliver_completed(stack, meeting, token=meeting["download_access_token"])

    def uploading_while_downloading() -> Optional[dict]:
        found = stack.sql(f"SELECT status, md5 IS NULL, upload_offset FROM recordings WHERE zoom_file_id = '{video['id']}'")
        if found and found[0][0] == "downloading" and found[0][1] == "1" and int(found[0][2]) >= 2 * CHUNK:
            return {"offset": int(found[0][2])}
        return None

    seen = wait_until(uploading_while_downloading, 30, "chunks on Drive while the download is still going", interval=0.05)
    assert seen["offset"] < 12 * CHUNK
    assert drive_copies(stack, video["id"]) == [], "no finished copy before the download is"
    (row,) = settled(stack, f"zoom_file_id = '{video['id']}'")
    assert_copied(stack, row)
    assert row["attempts"] == "0", row


def test_a_download_that_fails_leaves_no_finished_copy_on_drive(stack: Stack) -> None:
    """Everything but the file's last bytes arrives, then Zoom refuses the rest. The chunks
    already in the spool went to Drive, but not the one that would complete the file: the
    attempt fails with nothing finished on Drive, and the next one completes the session."""
    meeting = past_meeting(stack, f"short-{uuid.uuid4().hex[:6]}@school.test", "Cut short", ("MP4",),
                           file_size=2 * CHUNK + 1000)
    (video,) = meeting["recording_files"]
    stack.sim_request("POST", "/_sim/faults", {"path": "/rec/file/", "dropAfterBytes": 2 * CHUNK + 500, "count": 1})
    stack.sim_request("POST", "/_sim/faults", {"path": "/rec/file/", "status": 404, "count": -1,
                                               "message": "Gone for now."})
    deliver_completed(stack, meeting, token=meeting["download_access_token"])
    key = f"transfer:{video['id']}"
    wait_until(lambda: failed_once(stack, video["id"]), 60, "the attempt to fail")
    row = rows(stack, f"zoom_file_id = '{video['id']}'")[0]
    assert "HTTP 404" in row["last_error"], row
    assert int(row["upload_offset"]) == 2 * CHUNK and row["upload_session_enc"], "the whole chunks went"
    assert drive_copies(stack, video["id"]) == []
    stack.sim_request("DELETE", "/_sim/faults")
    stack.sql(f"UPDATE jobs SET run_at = UTC_TIMESTAMP(6) WHERE dedupe_key = '{key}'")
    (row,) = settled(stack, f"zoom_file_id = '{video['id']}'")
    assert_copied(stack, row)


def test_upload_resumes_from_what_drive_holds(stack: Stack, classroom: Classroom) -> None:
    """The connection drops in the middle of a chunk; Drive kept part of it. The client must
    ask and go on from Drive's offset, not from what it sent."""
    stack.sim_request("POST", "/_sim/faults", {"method": "PUT", "path": "/upload/drive/v3/files",
                                               "dropAfterBytes": 300 * 1024, "count": 2})
    lesson = classroom.recorded_lesson("Faulty upload")
    classroom.end_in_zoom(lesson)
    for row in settled(stack, f"lesson_id = {lesson['id']}"):
        assert_copied(stack, row)
    _, armed = stack.sim_request("GET", "/_sim/faults")
    assert armed["faults"] == []


def test_a_chunk_dropped_mid_way_is_never_sent_again_from_its_start(stack: Stack) -> None:
    """Drive keeps the whole 256 KiB units of a chunk whose connection dropped and refuses a
    chunk that starts anywhere but after them. libcurl, left to itself, sends a request that
    died on a reused connection again from its first byte; the pipeline must instead ask Drive
    (`bytes */total`) and go on from its `Range`, within the attempt."""
    meeting = past_meeting(stack, f"drop-{uuid.uuid4().hex[:6]}@school.test", "Dropped chunk", ("MP4",),
                           file_size=3 * CHUNK + 1000)
    (video,) = meeting["recording_files"]
    stack.sim_request("POST", "/_sim/faults", {"method": "PUT", "path": "/upload/drive/v3/files",
                                               "dropAfterBytes": 300 * 1024, "count": 1})
    deliver_completed(stack, meeting, token=meeting["download_access_token"])
    (row,) = settled(stack, f"zoom_file_id = '{video['id']}'")
    assert_copied(stack, row)
    assert row["attempts"] == "0", row
    _, armed = stack.sim_request("GET", "/_sim/faults")
    assert armed["faults"] == []


def test_kill_9_of_the_transfer_child_mid_upload_resumes_the_session(stack: Stack, classroom: Classroom) -> None:
    stack.sim_request("POST", "/_sim/faults", {"method": "PUT", "path": "/upload/drive/v3/files", "latencyMs": 400,
                                               "count": -1})
    lesson = classroom.recorded_lesson("Interrupted")
    classroom.end_in_zoom(lesson)

    def uploading() -> Optional[dict]:
        found = stack.sql(f"SELECT zoom_file_id, upload_offset FROM recordings WHERE lesson_id = {lesson['id']} "
                          f"AND file_type = 'MP4' AND upload_offset > 0 AND upload_session_enc IS NOT NULL")
        return {"file": found[0][0], "offset": int(found[0][1])} if found else None

    wait_until(uploading, 60, "the MP4 upload to be under way")
    (child,) = stack.transfer_pids()
    os.kill(child, signal.SIGKILL)
    wait_until(lambda: stack.transfer_pids() - {child}, 20, "the master to start a new transfer child")
    # The dead child's claims (holder `host:pid:…`) would lapse after their lease; let them
    # lapse now — only theirs, or a job of the new child could be claimed twice.
    stack.sql(f"UPDATE jobs SET locked_until = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND "
              f"WHERE status = 'running' AND locked_by LIKE '%:{child}:%'")
    stack.sim_request("DELETE", "/_sim/faults")
    for row in settled(stack, f"lesson_id = {lesson['id']}"):
        assert_copied(stack, row)
    sessions = stack.sql(f"SELECT COUNT(*) FROM recordings WHERE lesson_id = {lesson['id']} "
                         f"AND upload_session_enc IS NOT NULL")
    assert sessions == [("0",)]


def upload_puts(stack: Stack) -> int:
    """Chunks and status queries lectern-sim's Drive has answered so far."""
    _, stats = stack.sim_request("GET", "/_sim/stats")
    return int(stats["requests"].get("PUT /upload/drive/v3/files", 0))


def test_a_job_whose_lease_was_taken_stops_and_changes_nothing(stack: Stack) -> None:
    """Mid-upload, another holder takes the job over (as after a database outage longer than
    the lease). The process that lost it sends no further chunk and writes nothing; once the
    other holder's lease lapses, the job is claimed again and resumes the same session: one
    verified copy."""
    meeting = past_meeting(stack, f"lease-{uuid.uuid4().hex[:6]}@school.test", "Stolen lease", ("MP4",),
                           file_size=12 * CHUNK)
    (video,) = meeting["recording_files"]
    stack.sim_request("POST", "/_sim/faults", {"method": "PUT", "path": "/upload/drive/v3/files", "latencyMs": 300,
                                               "count": -1})
    deliver_completed(stack, meeting, token=meeting["download_access_token"])
    key = f"transfer:{video['id']}"

    def uploading() -> bool:
        found = stack.sql(f"SELECT upload_offset FROM recordings WHERE zoom_file_id = '{video['id']}'")
        return bool(found) and int(found[0][0]) >= CHUNK

    wait_until(uploading, 60, "the upload to be under way")
    stack.sql(f"UPDATE jobs SET locked_by = 'thief:0:0', locked_until = UTC_TIMESTAMP(6) + INTERVAL 1 HOUR "
              f"WHERE dedupe_key = '{key}' AND status = 'running'")
    stolen = rows(stack, f"zoom_file_id = '{video['id']}'")[0]
    wait_until(lambda: log_count(stack, f"recording {stolen['id']}: stopped: the lease of job") >= 1, 30,
               "the transfer to notice that its lease is gone")
    puts = upload_puts(stack)
    time.sleep(1.5)  # a stopped transfer must stay stopped: nothing to poll for
    assert upload_puts(stack) == puts, "no chunk after the lease was lost"
    assert rows(stack, f"zoom_file_id = '{video['id']}'")[0] == stolen, "nothing written without the lease"
    assert stack.sql(f"SELECT locked_by FROM jobs WHERE dedupe_key = '{key}'") == [("thief:0:0",)]
    assert drive_copies(stack, video["id"]) == []

    stack.sim_request("DELETE", "/_sim/faults")
    stack.sql(f"UPDATE jobs SET locked_until = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE dedupe_key = '{key}'")
    (row,) = settled(stack, f"zoom_file_id = '{video['id']}'")
    assert_copied(stack, row)


def test_a_folder_trashed_on_drive_is_made_again(stack: Stack, classroom: Classroom) -> None:
    """Someone trashes the lesson's folder in Drive by hand: the next copies must not land
    in the trash with it, but in a new folder of the same name."""
    first = classroom.recorded_lesson("Geometry")
    classroom.end_in_zoom(first)
    chat = next(r for r in settled(stack, f"lesson_id = {first['id']}") if r["file_type"] == "CHAT")
    trashed = chat["drive_folder_id"]
    assert stack.sim_request("POST", f"/_sim/drive/files/{trashed}/trash")[0] == 204
    second = classroom.recorded_lesson("Geometry")
    classroom.end_in_zoom(second)
    folders = {f["id"]: f for f in drive_files(stack)}
    for row in settled(stack, f"lesson_id = {second['id']}"):
        copy = assert_copied(stack, row)
        assert row["drive_folder_id"] != trashed
        folder = folders.get(row["drive_folder_id"]) or {f["id"]: f for f in drive_files(stack)}[row["drive_folder_id"]]
        assert folder["name"] == "Geometry" and not folder.get("trashed")
        assert drive_path(stack, copy) == [classroom.group["name"], "Geometry"]


# ------------------------------------------------------------------ Zoom's side of things

def test_unknown_meeting_with_an_expired_token_is_archived_under_its_host(stack: Stack, classroom: Classroom) -> None:
    """A meeting Lectern never scheduled, announced with a download token that no longer
    works: the pipeline fetches a fresh one and files the copy under host/month (local)."""
    host = f"staff-{uuid.uuid4().hex[:6]}@school.test"
    meeting = past_meeting(stack, host, "Staff meeting")
    deliver_completed(stack, meeting, token="expired-" + uuid.uuid4().hex)
    ids = ", ".join(f"'{f['id']}'" for f in meeting["recording_files"])
    for row in settled(stack, f"zoom_file_id IN ({ids})"):
        copy = assert_copied(stack, row)
        # 23:30 UTC on 31 January is February in Berlin.
        assert drive_path(stack, copy) == [host, "2025-02"]
        assert copy["name"].startswith("Staff meeting 2025-02-01 00.30 ")
    recorded = classroom.admin.ok("GET", RECORDINGS + "?status=ready&limit=500")["results"]
    assert {f["id"] for f in meeting["recording_files"]} <= {
        r["zoom_file_id"] for r in rows(stack, "lesson_id IS NULL")}
    assert all(r["lesson_id"] is not None for r in classroom.teacher.ok("GET", RECORDINGS)["results"])
    assert recorded


def test_a_file_deleted_in_zoom_first_is_not_copied(stack: Stack) -> None:
    """Zoom's API no longer lists the announced files: nothing is downloaded, each row fails
    saying why, at once (SPEC §5)."""
    meeting = past_meeting(stack, f"gone-{uuid.uuid4().hex[:6]}@school.test", "Gone")
    for f in meeting["recording_files"]:
        assert zoom_api(stack, "DELETE", f"/v2/meetings/{quoted_uuid(meeting['uuid'])}/recordings/{f['id']}"
                                         "?action=trash") == 204
    deliver_completed(stack, meeting, token="expired-" + uuid.uuid4().hex)
    ids = [f["id"] for f in meeting["recording_files"]]
    for row in settled(stack, "zoom_file_id IN (" + ", ".join(f"'{i}'" for i in ids) + ")"):
        assert row["status"] == "failed", row
        assert "does not confirm" in row["last_error"] and row["attempts"] == "1", row
        assert job_of(stack, row["zoom_file_id"])["status"] == "failed"
        assert drive_copies(stack, row["zoom_file_id"]) == []


class Listener:
    """An HTTP server on another loopback host that counts every request it gets."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, Optional[str]]] = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                owner.requests.append((self.path, self.headers.get("Authorization")))
                body = b"not a recording"
                self.send_response(200)
                self.send_header("Content-Type", "video/mp4")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Handler)
        self.base = f"http://127.0.0.2:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    served = Listener()
    yield served
    served.close()


def test_a_payload_url_on_another_host_is_never_fetched(stack: Stack, listener: Listener) -> None:
    """The payload is a hint: the files move from the URLs Zoom's API gives, with the app's
    token, and the host the payload named receives no request at all."""
    meeting = past_meeting(stack, f"hint-{uuid.uuid4().hex[:6]}@school.test", "Hinted")
    deliver_completed(stack, meeting, token="eyJ" + uuid.uuid4().hex, download_base=listener.base)
    ids = ", ".join(f"'{f['id']}'" for f in meeting["recording_files"])
    for row in settled(stack, f"zoom_file_id IN ({ids})"):
        assert_copied(stack, row)
    assert listener.requests == []


def test_a_meeting_the_api_does_not_know_is_never_fetched(stack: Stack, listener: Listener) -> None:
    meeting = past_meeting(stack, f"ghost-{uuid.uuid4().hex[:6]}@school.test", "Ghost")
    ghost = dict(meeting, uuid="ghost" + uuid.uuid4().hex[:10] + "==", id=81_000_000_000 + int(time.time()) % 10**9,
                 recording_files=[dict(f, id=str(uuid.uuid4())) for f in meeting["recording_files"]])
    deliver_completed(stack, ghost, token="eyJ" + uuid.uuid4().hex, download_base=listener.base)
    ids = ", ".join(f"'{f['id']}'" for f in ghost["recording_files"])
    for row in settled(stack, f"zoom_file_id IN ({ids})"):
        assert row["status"] == "failed" and "does not confirm" in row["last_error"], row
        assert drive_copies(stack, row["zoom_file_id"]) == []
    assert listener.requests == []


def test_a_missing_file_size_takes_the_apis(stack: Stack) -> None:
    """A payload that says 0 bytes does not switch the size check off: the API's size is kept
    and the copy is checked against it."""
    meeting = past_meeting(stack, f"sized-{uuid.uuid4().hex[:6]}@school.test", "Sized")
    deliver_completed(stack, meeting, token="eyJ" + uuid.uuid4().hex, file_size=0)
    zoom = sim_files(stack)
    ids = ", ".join(f"'{f['id']}'" for f in meeting["recording_files"])
    for row in settled(stack, f"zoom_file_id IN ({ids})"):
        assert int(row["file_size"]) == int(zoom[row["zoom_file_id"]]["file_size"]) > 0, row
        assert_copied(stack, row)


# ------------------------------------------------------------------ retries

def test_a_repeated_transfer_never_makes_a_second_copy(stack: Stack, classroom: Classroom) -> None:
    """The bookkeeping after an upload is lost (the row still says uploading, no Drive id):
    the next run finds the copy by its zoom_file_id instead of uploading another."""
    lesson = classroom.recorded_lesson("Twice")
    classroom.end_in_zoom(lesson)
    row = next(r for r in settled(stack, f"lesson_id = {lesson['id']}") if r["file_type"] == "CHAT")
    first = assert_copied(stack, row)
    recover = {"action": "recover"}
    assert zoom_api(stack, "PUT", f"/v2/meetings/{quoted_uuid(row['meeting_uuid'])}/recordings/"
                                  f"{row['zoom_file_id']}/status", recover) == 204
    stack.sql(f"UPDATE recordings SET status = 'uploading', drive_file_id = NULL, deleted_in_zoom_at = NULL "
              f"WHERE id = {row['id']}")
    stack.sql(f"UPDATE jobs SET status = 'pending', run_at = UTC_TIMESTAMP(6) "
              f"WHERE dedupe_key = 'transfer:{row['zoom_file_id']}'")
    again = settled(stack, f"id = {row['id']}")[0]
    assert assert_copied(stack, again)["id"] == first["id"]


def test_a_copy_filed_before_a_rename_is_found_not_copied_again(stack: Stack, classroom: Classroom) -> None:
    """As above, but the lesson was renamed in between: the copy sits in the old title's
    folder. The existing-copy check searches the whole shared drive, so it is found there."""
    lesson = classroom.recorded_lesson("Before the rename")
    classroom.end_in_zoom(lesson)
    row = next(r for r in settled(stack, f"lesson_id = {lesson['id']}") if r["file_type"] == "CHAT")
    first = assert_copied(stack, row)
    classroom.teacher.ok("PATCH", f"{LESSONS}{lesson['id']}/", {"title": "After the rename"})
    assert zoom_api(stack, "PUT", f"/v2/meetings/{quoted_uuid(row['meeting_uuid'])}/recordings/"
                                  f"{row['zoom_file_id']}/status", {"action": "recover"}) == 204
    stack.sql(f"UPDATE recordings SET status = 'uploading', drive_file_id = NULL, drive_folder_id = NULL, "
              f"deleted_in_zoom_at = NULL WHERE id = {row['id']}")
    stack.sql(f"UPDATE jobs SET status = 'pending', run_at = UTC_TIMESTAMP(6) "
              f"WHERE dedupe_key = 'transfer:{row['zoom_file_id']}'")
    again = settled(stack, f"id = {row['id']}")[0]
    assert assert_copied(stack, again)["id"] == first["id"]
    assert again["drive_folder_id"] == first["parents"][0]
    assert drive_path(stack, first) == [classroom.group["name"], "Before the rename"]


def test_a_trash_webhook_mid_upload_leaves_the_verified_copy_recorded(stack: Stack) -> None:
    """Zoom's copy is trashed while the upload runs: the upload still completes and verifies,
    and the row must say so (ready, with its Drive id) instead of hiding a copy on Drive."""
    meeting = past_meeting(stack, f"trash-{uuid.uuid4().hex[:6]}@school.test", "Trashed meanwhile", ("MP4",),
                           file_size=8 * CHUNK)
    (video,) = meeting["recording_files"]
    stack.sim_request("POST", "/_sim/faults", {"method": "PUT", "path": "/upload/drive/v3/files", "latencyMs": 300,
                                               "count": -1})
    deliver_completed(stack, meeting, token=meeting["download_access_token"])
    wait_until(lambda: int(rows(stack, f"zoom_file_id = '{video['id']}'")[0]["upload_offset"]) >= CHUNK, 60,
               "the upload to be under way")
    deliver_completed(stack, meeting, token=meeting["download_access_token"], event="recording.trashed")
    assert rows(stack, f"zoom_file_id = '{video['id']}'")[0]["status"] == "deleted_in_zoom"
    stack.sim_request("DELETE", "/_sim/faults")
    (row,) = settled(stack, f"zoom_file_id = '{video['id']}'")
    copy = assert_copied(stack, row)
    assert row["drive_folder_id"] == copy["parents"][0]
    assert row["deleted_in_zoom_at"] is not None


def test_retry_requeues_a_failed_recording(stack: Stack, classroom: Classroom) -> None:
    stack.sim_request("POST", "/_sim/faults", {"path": "/rec/download/", "status": 404, "count": -1,
                                               "message": "Gone for now."})
    lesson = classroom.recorded_lesson("Retried")
    classroom.end_in_zoom(lesson)
    row = next(r for r in recordings_of_lesson(stack, lesson["id"]) if r["file_type"] == "MP4")
    # Zoom still lists the file but will not hand it over: the attempt fails and waits for
    # its backoff. Make it the last attempt, as if the limit had been reached.
    wait_until(lambda: failed_once(stack, row["zoom_file_id"]), 30, "the attempt to fail")
    stack.sql(f"UPDATE recordings SET status = 'failed', last_error = 'gave up' WHERE id = {row['id']}")
    stack.sql(f"UPDATE jobs SET status = 'failed' WHERE dedupe_key = 'transfer:{row['zoom_file_id']}'")
    stack.sim_request("DELETE", "/_sim/faults")

    classroom.outsider.fails("POST", f"{RECORDINGS}{row['id']}/retry/", 404)
    classroom.other_teacher.fails("POST", f"{RECORDINGS}{row['id']}/retry/", 404)
    failed = classroom.teacher.ok("GET", f"{RECORDINGS}?status=failed&lesson_id={lesson['id']}")["results"]
    assert [r["last_error"] for r in failed] == ["gave up"]
    queued = classroom.teacher.ok("POST", f"{RECORDINGS}{row['id']}/retry/", status=202)
    assert queued["status"] == "pending" and queued["attempts"] == 0
    assert_copied(stack, settled(stack, f"id = {row['id']}")[0])
    classroom.student.fails("POST", f"{RECORDINGS}{row['id']}/retry/", 403)
    classroom.teacher.fails("POST", f"{RECORDINGS}{row['id']}/retry/", 409, code="recording_not_failed")
    classroom.teacher.fails("POST", f"{RECORDINGS}999999999/retry/", 404)


def test_a_drive_refusal_fails_the_recording_at_once_and_frees_the_spool(stack: Stack, classroom: Classroom) -> None:
    """Drive refuses the upload for good (a 400): no attempts are wasted on it, the rows are
    `failed` with Drive's reason, their spool files are gone, and a retry by hand works."""
    stack.sim_request("POST", "/_sim/faults", {"method": "POST", "path": "/upload/drive/v3/files", "status": 400,
                                               "reason": "badRequest", "message": "Invalid metadata.", "count": -1})
    lesson = classroom.recorded_lesson("Refused")
    classroom.end_in_zoom(lesson)
    failed = settled(stack, f"lesson_id = {lesson['id']}")
    for row in failed:
        assert row["status"] == "failed" and row["attempts"] == "1", row
        assert "Drive refused the request (HTTP 400, badRequest)" in row["last_error"]
        assert job_of(stack, row["zoom_file_id"])["status"] == "failed"
        assert drive_copies(stack, row["zoom_file_id"]) == []
    spooled = {f"{r['zoom_file_id'].encode().hex()}.part" for r in failed}
    assert spooled.isdisjoint(spool_files(stack))
    stack.sim_request("DELETE", "/_sim/faults")
    video = next(r for r in failed if r["file_type"] == "MP4")
    classroom.teacher.ok("POST", f"{RECORDINGS}{video['id']}/retry/", status=202)
    assert_copied(stack, settled(stack, f"id = {video['id']}")[0])


def test_an_empty_recording_is_copied(stack: Stack) -> None:
    """A 0-byte file has no chunk to send; the upload still completes (`bytes */0`)."""
    status, meeting = stack.sim_request("POST", "/_sim/recordings", {
        "host_email": f"empty-{uuid.uuid4().hex[:6]}@school.test", "topic": "Empty", "start_time": "2025-01-31T23:30:00Z",
        "duration": 2, "timezone": "Europe/Berlin", "file_types": ["MP4"], "file_size": 0})
    assert status in (200, 201), meeting
    deliver_completed(stack, meeting, token="eyJ" + uuid.uuid4().hex)
    (row,) = settled(stack, f"zoom_file_id = '{meeting['recording_files'][0]['id']}'")
    copy = assert_copied(stack, row)
    assert int(copy["size"]) == 0 and copy["md5Checksum"] == hashlib.md5(b"").hexdigest()


def test_a_providers_event_recording_is_filed_under_events(stack: Stack, classroom: Classroom) -> None:
    """Signed by the provider's own app, an event's recording moves with that app's token and
    is filed under Events/{event title}, visible to the event's host."""
    webhook_secret = "provider-" + uuid.uuid4().hex
    provider = classroom.admin.ok("POST", "/api/schedule/event-providers/", {
        "name": "Guest lectures " + uuid.uuid4().hex[:4], "event_type": "meeting",
        "account_id": SIM_ZOOM_CREDENTIALS["ZOOM_ACCOUNT_ID"], "client_id": SIM_ZOOM_CREDENTIALS["ZOOM_CLIENT_ID"],
        "client_secret": SIM_ZOOM_CREDENTIALS["ZOOM_CLIENT_SECRET"], "webhook_secret": webhook_secret,
        "host_user_id": classroom.teacher.id}, 201)
    meeting = past_meeting(stack, f"guest-{uuid.uuid4().hex[:6]}@school.test", "Guest lecture")
    title = "Guest lecture " + uuid.uuid4().hex[:4]
    stack.sql("INSERT INTO events (title, provider_id, start_time, duration_minutes, host_id, status, zoom_id) "
              f"VALUES ('{title}', {provider['id']}, '2025-01-31 23:30:00', 2, {classroom.teacher.id}, 'scheduled', "
              f"'{meeting['id']}')")
    deliver_completed(stack, meeting, token="eyJ" + uuid.uuid4().hex, secret=webhook_secret)
    ids = ", ".join(f"'{f['id']}'" for f in meeting["recording_files"])
    for row in settled(stack, f"zoom_file_id IN ({ids})"):
        assert drive_path(stack, assert_copied(stack, row)) == ["Events", title]
    listed = {r["id"] for r in classroom.teacher.ok("GET", RECORDINGS + "?limit=500")["results"]}
    assert {int(r["id"]) for r in rows(stack, f"zoom_file_id IN ({ids})")} <= listed
