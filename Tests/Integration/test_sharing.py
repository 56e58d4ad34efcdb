"""Students open their recordings (SPEC §4 "Recordings", §7 "Sharing", §10): Drive folder
permissions that follow the groups, and a recording's bytes streamed by nginx from Drive with
the service account's token, through nginx + TLS, MariaDB, the pool and lectern-sim."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import subprocess
import time
import urllib.parse
import uuid
from typing import Any, Callable, Optional

import pytest

from conftest import module_stack
from helpers import WORKERS, Actor, Stack, User, assert_error, wait_until

GROUPS = "/api/schedule/groups/"
LESSONS = "/api/schedule/lessons/"
RECORDINGS = "/api/schedule/recordings/"
ACCESS = "/api/schedule/drive-access/"
# A membership change takes effect within a minute (SPEC §7).
MINUTE = 60


@pytest.fixture(scope="module")
def stack():
    yield from module_stack(workers=WORKERS)


pytestmark = pytest.mark.usefixtures("sim_without_faults")


@pytest.fixture(autouse=True)
def no_refusals(stack: Stack):
    stack.sim_request("DELETE", "/_sim/drive/permission-refusals")
    yield
    stack.sim_request("DELETE", "/_sim/drive/permission-refusals")


class School:
    """A teacher's group with one student, another teacher's group with another, an admin."""

    def __init__(self, stack: Stack, make_user: Callable[..., User]):
        self.stack = stack
        self.admin = Actor(stack, make_user("admin"))
        self.teacher = Actor(stack, make_user("teacher"))
        self.student = Actor(stack, make_user("student"))
        self.other_teacher = Actor(stack, make_user("teacher"))
        self.other_student = Actor(stack, make_user("student"))
        self.group = self.teacher.ok("POST", GROUPS, {"name": f"Class {uuid.uuid4().hex[:6]}",
                                                      "student_ids": [self.student.id]}, 201)
        self.other_group = self.other_teacher.ok("POST", GROUPS, {"name": f"Class {uuid.uuid4().hex[:6]}",
                                                                  "student_ids": [self.other_student.id]}, 201)

    def folder_of(self, group: dict) -> str:
        """The group's Drive folder, made the way the transfer makes it (a recording of one
        of its lessons lands there): found on Drive or created, cached, and shared."""
        return make_group_folder(self.stack, group["name"])


def make_group_folder(stack: Stack, name: str) -> str:
    """Makes `{name}` under the root on lectern-sim's Drive and records it in drive_folders as
    the transfer does (`DriveFolders`), then queues the sharing run the transfer queues."""
    status, folder = stack.sim_request("POST", "/_sim/drive/files", {
        "name": name, "mimeType": "application/vnd.google-apps.folder", "size": 0})
    assert status == 201, folder
    key = f"sim-root-folder\n{name}"
    stack.sql("INSERT INTO drive_folders (path_hash, path, folder_id) VALUES "
              f"(SHA2({sql_text(key)}, 256), {sql_text(key)}, {sql_text(folder['id'])})")
    stack.sql("INSERT INTO jobs (kind, payload) VALUES ('duty.drive_sharing', '{\"list_drive\":false}')")
    return folder["id"]


def sql_text(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


def folder_readers(stack: Stack, folder_id: str) -> dict[str, dict]:
    status, body = stack.sim_request("GET", f"/_sim/drive/files/{folder_id}/permissions")
    assert status == 200, body
    return {p["email_address"]: p for p in body["permissions"]}


def readers_become(stack: Stack, folder_id: str, check: Callable[[dict[str, dict]], bool], what: str) -> dict:
    return wait_until(lambda: (lambda r: r if check(r) else None)(folder_readers(stack, folder_id)), MINUTE, what)


def access_rows(admin: Actor, status: Optional[str] = None) -> list[dict]:
    rows, path = [], ACCESS + (f"?status={status}&limit=500" if status else "?limit=500")
    while path:
        page = admin.ok("GET", path)
        rows += page["results"]
        path = page["next"]
    return rows


def sharing_jobs_idle(stack: Stack) -> bool:
    return stack.sql("SELECT COUNT(*) FROM jobs WHERE kind = 'duty.drive_sharing' "
                     "AND status IN ('pending', 'running') AND run_at <= UTC_TIMESTAMP(6)") == [("0",)]


@pytest.fixture
def school(stack: Stack, make_user: Callable[..., User]) -> School:
    return School(stack, make_user)


# ------------------------------------------------------------------ sharing

def test_the_groups_students_and_teacher_get_a_reader_permission_and_no_one_else(stack: Stack, school: School) -> None:
    folder = school.folder_of(school.group)
    other_folder = school.folder_of(school.other_group)
    readers = readers_become(stack, folder, lambda r: {school.student.user.email, school.teacher.user.email} <= set(r),
                             "the group's folder to be shared with its student and teacher")
    assert set(readers) == {school.student.user.email, school.teacher.user.email}
    assert {p["role"] for p in readers.values()} == {"reader"}
    others = readers_become(stack, other_folder, lambda r: len(r) == 2, "the other group's folder to be shared")
    assert set(others) == {school.other_student.user.email, school.other_teacher.user.email}
    assert school.admin.user.email not in set(readers) | set(others)

    rows = [r for r in access_rows(school.admin, "granted") if r["folder_id"] == folder]
    assert sorted(r["email"] for r in rows) == sorted([school.student.user.email, school.teacher.user.email])
    for row in rows:
        assert set(row) == {"id", "folder_id", "folder_path", "email", "role", "status", "message", "checked_at"}
        assert row["folder_path"] == school.group["name"] and row["role"] == "reader" and row["message"] is None
        assert dt.datetime.fromisoformat(row["checked_at"].replace("Z", "+00:00"))
    permission_ids = {r["email"]: readers[r["email"]]["id"] for r in rows}
    db_ids = dict(stack.sql(f"SELECT email, permission_id FROM drive_permissions WHERE folder_id = {sql_text(folder)}"))
    assert db_ids == permission_ids

    school.teacher.fails("GET", ACCESS, 403, code="permission_denied")
    school.student.fails("GET", ACCESS, 403)
    school.student.fails("POST", ACCESS + "sync/", 403)
    school.admin.fails("GET", ACCESS + "?status=lost", 400, field="status")


def test_removal_from_the_group_revokes_within_a_minute_and_a_foreign_permission_survives(
        stack: Stack, school: School) -> None:
    folder = school.folder_of(school.group)
    readers_become(stack, folder, lambda r: school.student.user.email in r, "the student's permission")
    # Someone shares the folder by hand, with a person and with the student too: not Lectern's to remove.
    assert stack.sim_request("POST", f"/_sim/drive/files/{folder}/permissions",
                             {"email": "colleague@elsewhere.example", "role": "writer"})[0] == 201

    school.teacher.ok("DELETE", f"{GROUPS}{school.group['id']}/members/{school.student.id}/", status=204)
    started = time.monotonic()
    readers = readers_become(stack, folder, lambda r: school.student.user.email not in r,
                             "the removed student's permission to go")
    assert time.monotonic() - started < MINUTE
    assert "colleague@elsewhere.example" in readers and school.teacher.user.email in readers
    revoked = [r for r in access_rows(school.admin, "revoked") if r["folder_id"] == folder]
    assert [r["email"] for r in revoked] == [school.student.user.email]

    # The hourly duty, run now, lists Drive and still leaves the foreign permission alone.
    assert school.admin.ok("POST", ACCESS + "sync/", status=202) == {"status": "queued"}
    wait_until(lambda: sharing_jobs_idle(stack), MINUTE, "the sharing duty to run")
    assert "colleague@elsewhere.example" in folder_readers(stack, folder)


def test_the_hourly_duty_repairs_drift_both_ways(stack: Stack, school: School) -> None:
    folder = school.folder_of(school.group)
    readers = readers_become(stack, folder, lambda r: len(r) == 2, "the folder to be shared")
    # Someone removes the teacher's permission by hand: the duty (run now) re-creates it.
    teacher_permission = readers[school.teacher.user.email]["id"]
    assert stack.sim_request("DELETE", f"/_sim/drive/files/{folder}/permissions/{teacher_permission}")[0] == 204
    # A student leaves while no quick run happens (straight in the database): the duty removes theirs.
    stack.sql(f"DELETE FROM group_members WHERE group_id = {school.group['id']}")
    school.admin.ok("POST", ACCESS + "sync/", status=202)
    readers_become(stack, folder, lambda r: set(r) == {school.teacher.user.email},
                   "the teacher's permission back and the student's gone")


def test_a_refused_email_is_listed_as_failed_with_googles_words(stack: Stack, school: School,
                                                                make_user: Callable[..., User]) -> None:
    folder = school.folder_of(school.group)
    readers_become(stack, folder, lambda r: len(r) == 2, "the folder to be shared")
    newcomer = make_user("student")
    words = f"Sorry, you can't share with {newcomer.email} because it isn't a Google account."
    assert stack.sim_request("POST", "/_sim/drive/permission-refusals", {
        "email": newcomer.email, "status": 403, "reason": "cannotShareTeamDriveWithNonGoogleAccounts",
        "message": words})[0] == 204
    school.teacher.ok("POST", f"{GROUPS}{school.group['id']}/members/", {"student_id": newcomer.id}, 201)

    def failed() -> Optional[dict]:
        return next((r for r in access_rows(school.admin, "failed")
                     if r["email"] == newcomer.email and r["folder_id"] == folder), None)

    row = wait_until(failed, MINUTE, "the refusal to be recorded")
    assert row["message"] == words
    assert newcomer.email not in folder_readers(stack, folder)
    retry_at = stack.sql(f"SELECT retry_at > UTC_TIMESTAMP(6) + INTERVAL 50 SECOND FROM drive_permissions "
                         f"WHERE id = {row['id']}")
    assert retry_at == [("1",)], "a refusal waits for its backoff before the next try"

    # Google accepts the address later: the next due try grants it.
    stack.sim_request("DELETE", "/_sim/drive/permission-refusals")
    stack.sql(f"UPDATE drive_permissions SET retry_at = UTC_TIMESTAMP(6) WHERE id = {row['id']}")
    school.admin.ok("POST", ACCESS + "sync/", status=202)
    readers_become(stack, folder, lambda r: newcomer.email in r, "the retried permission")
    assert [r["status"] for r in access_rows(school.admin) if r["id"] == row["id"]] == ["granted"]


def test_rate_limits_and_server_errors_are_retried(stack: Stack, school: School) -> None:
    stack.sim_request("POST", "/_sim/faults", {"method": "POST", "path": "/drive/v3/files/", "status": 429,
                                               "retryAfter": "1", "count": 1})
    stack.sim_request("POST", "/_sim/faults", {"method": "POST", "path": "/drive/v3/files/", "status": 403,
                                               "reason": "userRateLimitExceeded", "count": 1})
    stack.sim_request("POST", "/_sim/faults", {"method": "POST", "path": "/drive/v3/files/", "status": 503,
                                               "count": 1})
    folder = school.folder_of(school.group)
    readers_become(stack, folder, lambda r: len(r) == 2, "the folder to be shared despite the faults")
    assert stack.sim_request("GET", "/_sim/faults")[1]["faults"] == []
    assert not [r for r in access_rows(school.admin, "failed") if r["folder_id"] == folder]


def test_a_recorded_lessons_new_folder_is_shared_and_its_recording_streams_as_zoom_made_it(
        stack: Stack, school: School) -> None:
    """The whole way: the transfer files the recording under a new group folder, which is
    shared within a minute; the student then streams Zoom's very bytes from Drive."""
    stack.sql("UPDATE zoom_accounts SET is_active = 0")
    school.admin.ok("POST", "/api/schedule/zoom-accounts/", {"email": f"host-{time.monotonic_ns()}@pool.test"}, 201)
    start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    lesson = school.teacher.ok("POST", LESSONS, {
        "title": "Geometry", "group_id": school.group["id"], "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "duration": 2, "record_lesson": True}, 201)
    meeting = school.teacher.ok("POST", f"{LESSONS}{lesson['id']}/start-new/")["zoom_meeting_id"]
    assert stack.sim_request("POST", f"/_sim/meetings/{meeting}/end")[0] == 200

    def ready_mp4() -> Optional[tuple[str, ...]]:
        found = stack.sql(f"SELECT id, zoom_file_id, drive_folder_id, md5 FROM recordings WHERE lesson_id = {lesson['id']} "
                          "AND file_type = 'MP4' AND status = 'ready'")
        return found[0] if found else None

    rid, zoom_file_id, _, md5 = wait_until(ready_mp4, 120, "the MP4 to reach Drive")
    folder = stack.sql(f"SELECT folder_id FROM drive_folders WHERE path = {sql_text('sim-root-folder' + chr(10) + school.group['name'])}")
    assert folder, "the transfer made and cached the group's folder"
    readers_become(stack, folder[0][0], lambda r: set(r) == {school.student.user.email, school.teacher.user.email},
                   "the new group folder to be shared")

    zoom = {f["id"]: f for f in stack.sim_request("GET", "/_sim/recordings")[1]["files"]}[zoom_file_id]
    status, headers, body = raw_get(stack, f"{RECORDINGS}{rid}/content/", school.student.token)
    assert status == 200 and headers["Content-Type"] == "video/mp4"
    assert len(body) == int(zoom["file_size"]) and hashlib.md5(body).hexdigest() == zoom["md5"] == md5
    assert headers["Content-Disposition"].startswith("inline; filename*=UTF-8''Geometry%20")

    # Renamed, the group keeps its people on the folder that holds its older recordings.
    school.teacher.ok("PATCH", f"{GROUPS}{school.group['id']}/", {"name": school.group["name"] + " (renamed)"})
    wait_until(lambda: sharing_jobs_idle(stack), MINUTE, "the sharing run after the rename")
    school.admin.ok("POST", ACCESS + "sync/", status=202)
    wait_until(lambda: sharing_jobs_idle(stack), MINUTE, "the sharing duty")
    assert set(folder_readers(stack, folder[0][0])) == {school.student.user.email, school.teacher.user.email}


# ------------------------------------------------------------------ streaming

def ready_recording(stack: Stack, school: School, size: int, name: str, mime: str = "video/mp4",
                    status: str = "ready") -> tuple[int, dict]:
    """A Drive file of `size` generated bytes in the group's folder and a recording row of a
    lesson of the group that points at it (as the transfer leaves it)."""
    folder = school.folder_of(school.group)
    code, file = stack.sim_request("POST", "/_sim/drive/files", {
        "name": name, "parent": folder, "mimeType": mime, "size": size}, timeout=120)
    assert code == 201, file
    start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    lesson = school.teacher.ok("POST", LESSONS, {
        "title": "Streams", "group_id": school.group["id"], "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "duration": 30}, 201)
    zoom_id = uuid.uuid4().hex
    stack.sql(f"""INSERT INTO recordings (zoom_file_id, lesson_id, meeting_uuid, topic, file_type, file_extension,
                  file_size, status, drive_file_id, drive_folder_id, web_view_link, md5)
                  VALUES ('{zoom_id}', {lesson['id']}, '{uuid.uuid4().hex}', 'Streams', 'MP4', 'MP4', {size},
                  '{status}', '{file['id']}', '{folder}', '{file['webViewLink']}', '{file['md5Checksum']}')""")
    rid = int(stack.sql(f"SELECT id FROM recordings WHERE zoom_file_id = '{zoom_id}'")[0][0])
    return rid, file


def raw_get(stack: Stack, path: str, token: str, headers: Optional[dict[str, str]] = None,
            timeout: float = 60) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPSConnection("127.0.0.1", stack.port, timeout=timeout, context=stack.ssl_context)
    try:
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def sim_content(stack: Stack, file_id: str, token_free_range: Optional[str] = None) -> bytes:
    """The file's bytes straight from lectern-sim's alt=media, with a token of its own."""
    tokens = stack.sim_request("GET", "/_sim/google/tokens")[1]["tokens"]
    assert tokens, "Lectern has taken a Drive token by now"
    conn = http.client.HTTPConnection("127.0.0.1", stack.sim_port, timeout=60)
    try:
        headers = {"Authorization": f"Bearer {tokens[0]}"}
        if token_free_range:
            headers["Range"] = token_free_range
        conn.request("GET", f"/drive/v3/files/{file_id}?alt=media&supportsAllDrives=true", headers=headers)
        return conn.getresponse().read()
    finally:
        conn.close()


def test_content_streams_byte_exact_with_ranges_type_and_name(stack: Stack, school: School) -> None:
    name = "Algèbra 2025-01-15 10.00 shared_screen.mp4"
    size = 3 * 1024 * 1024 + 17
    rid, file = ready_recording(stack, school, size, name)
    listed = school.student.ok("GET", f"{RECORDINGS}?lesson_id={stack.sql(f'SELECT lesson_id FROM recordings WHERE id = {rid}')[0][0]}")
    assert [r["content_url"] for r in listed["results"]] == [f"{RECORDINGS}{rid}/content/"]

    status, headers, body = raw_get(stack, f"{RECORDINGS}{rid}/content/", school.student.token)
    assert status == 200, body[:300]
    assert len(body) == size and hashlib.md5(body).hexdigest() == file["md5Checksum"]
    assert body == sim_content(stack, file["id"])
    assert headers["Content-Type"] == "video/mp4"
    assert headers["Content-Disposition"] == "inline; filename*=UTF-8''" + urllib.parse.quote(name, safe="")
    assert headers.get_all("Content-Disposition") == [headers["Content-Disposition"]]

    status, headers, part = raw_get(stack, f"{RECORDINGS}{rid}/content/", school.teacher.token,
                                    {"Range": "bytes=1000000-1999999"})
    assert status == 206
    assert headers["Content-Range"] == f"bytes 1000000-1999999/{size}"
    assert part == body[1_000_000:2_000_000]
    status, headers, tail_part = raw_get(stack, f"{RECORDINGS}{rid}/content/", school.admin.token,
                                         {"Range": f"bytes={size - 10}-"})
    assert status == 206 and tail_part == body[-10:]
    assert headers["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"


def test_content_is_404_for_outsiders_and_409_until_ready(stack: Stack, school: School) -> None:
    rid, _ = ready_recording(stack, school, 4096, "Short.m4a", mime="audio/mp4")
    for outsider in (school.other_student, school.other_teacher):
        status, headers, body = raw_get(stack, f"{RECORDINGS}{rid}/content/", outsider.token)
        assert_error(status, headers, json.loads(body), 404, "not_found")
    status, headers, body = raw_get(stack, f"{RECORDINGS}{rid}/content/", "not-a-token")
    assert_error(status, headers, json.loads(body), 401)
    status, headers, body = raw_get(stack, f"{RECORDINGS}{rid}/content/", school.student.token)
    assert status == 200 and headers["Content-Type"] == "audio/mp4" and len(body) == 4096

    stack.sql(f"UPDATE recordings SET status = 'uploading' WHERE id = {rid}")
    status, headers, body = raw_get(stack, f"{RECORDINGS}{rid}/content/", school.teacher.token)
    assert_error(status, headers, json.loads(body), 409, "recording_not_ready")
    status, headers, body = raw_get(stack, f"{RECORDINGS}{rid}/content/", school.admin.token)
    assert_error(status, headers, json.loads(body), 409, "recording_not_ready")
    status, headers, body = raw_get(stack, f"{RECORDINGS}{rid}/content/", school.student.token)
    assert_error(status, headers, json.loads(body), 404, "not_found")

    # The internal location is not reachable from outside.
    status, headers, body = raw_get(stack, f"/_lectern/drive-media/{'a' * 20}", school.admin.token)
    assert_error(status, headers, json.loads(body), 404, "not_found")


def test_drives_refusal_mid_stream_is_a_json_502(stack: Stack, school: School) -> None:
    rid, _ = ready_recording(stack, school, 4096, "Refused.mp4")
    # Point the recording at a folder: Drive knows it (the worker's look-up succeeds) but
    # refuses its media (403 fileNotDownloadable), which nginx must not pass on as Google's page.
    folder = school.folder_of(school.other_group)
    stack.sql(f"UPDATE recordings SET drive_file_id = {sql_text(folder)} WHERE id = {rid}")
    status, headers, body = raw_get(stack, f"{RECORDINGS}{rid}/content/", school.student.token)
    assert_error(status, headers, json.loads(body), 502, "drive_failed")


def test_the_drive_token_reaches_no_client_and_no_log(stack: Stack, school: School) -> None:
    rid, file = ready_recording(stack, school, 65536, "Token.mp4")
    answers = [raw_get(stack, f"{RECORDINGS}{rid}/content/", school.student.token),
               raw_get(stack, f"{RECORDINGS}{rid}/content/", school.student.token, {"Range": "bytes=0-99"})]
    tokens = stack.sim_request("GET", "/_sim/google/tokens")[1]["tokens"]
    assert tokens
    logs = "".join(p.read_text(errors="replace") for p in (
        stack.lectern_log, stack.nginx_error_log, stack.nginx_dir / "access.log"))
    for status, headers, body in answers:
        assert status in (200, 206)
        head = "\n".join(f"{k}: {v}" for k, v in headers.items())
        assert "x-lectern-drive-token" not in head.lower() and "x-accel-redirect" not in head.lower()
        for token in tokens:
            assert token not in head and token.encode() not in body
    for token in tokens:
        assert token not in logs
    assert "ya29." not in logs


@pytest.mark.slow
def test_while_a_1_gib_recording_streams_every_worker_is_idle(stack: Stack, school: School) -> None:
    size = 1 << 30
    rid, file = ready_recording(stack, school, size, "Long lecture.mp4")
    conn = http.client.HTTPSConnection("127.0.0.1", stack.port, timeout=120, context=stack.ssl_context)
    try:
        conn.request("GET", f"{RECORDINGS}{rid}/content/", headers={"Authorization": f"Bearer {school.student.token}"})
        response = conn.getresponse()
        assert response.status == 200
        assert int(response.headers["Content-Length"]) == size
        digest = hashlib.md5()
        first = response.read(8 << 20)
        digest.update(first)
        # Mid-stream: the worker that answered is serving others already.
        figures = json.loads(subprocess.run([str(stack.lectern_bin), "status", "--config", str(stack.env_file)],
                                            capture_output=True, text=True, check=True).stdout)
        assert figures["active_workers"] == 0 and figures["idle_workers"] == WORKERS, figures
        page = stack.request("GET", "/api/schedule/status/")[2]
        assert page["active_workers"] == 1, page  # only the worker answering this very request
        while chunk := response.read(8 << 20):
            digest.update(chunk)
        assert digest.hexdigest() == file["md5Checksum"]
    finally:
        conn.close()


# ------------------------------------------------------------------ nginx's own answers

def test_nginx_errors_are_json_and_405_carries_allow(stack: Stack) -> None:
    conn = http.client.HTTPSConnection("127.0.0.1", stack.port, timeout=10, context=stack.ssl_context)
    try:
        conn.request("TRACE", "/api/me/")
        response = conn.getresponse()
        body = json.loads(response.read())
    finally:
        conn.close()
    assert_error(response.status, response.headers, body, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]
    status, headers, body = stack.request("GET", "/nowhere")
    assert_error(status, headers, body, 404, "not_found")
