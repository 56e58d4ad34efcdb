"""`lectern zoom2drive` (SPEC §9) against lectern-sim's Zoom and Drive: users and recordings
listed month by month through every page, `--skip` and `--include-inactive`, the per-user
listing as text and JSON, and transfers through the recording pipeline — every file ends
`ready` with one verified Drive copy, a second run moves nothing, `--after keep` leaves
Zoom's copies, a failing file fails the run and is named, and the transfer child never
works on a file at the same time as the command."""
from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import time
import uuid
from typing import Any, Optional

import pytest

from conftest import module_stack
from stack import Stack

CHUNK = 512 * 1024
# lectern-sim's MP4s are this big here (two upload chunks); a CHAT is always 2 KiB, an M4A
# of a 2-minute meeting 128 KiB.
SIZE = 700 * 1024
CHAT_SIZE = 2048


@pytest.fixture(scope="module")
def stack():
    """This module's own stack, without the transfer child, so that nothing races the
    command unless a test starts a transfer process itself."""
    yield from module_stack(workers=2, serve_args=("--no-transfer",), extra_env={"LECTERN_CHUNK_SIZE": str(CHUNK)})


pytestmark = pytest.mark.usefixtures("sim_without_faults")


# ------------------------------------------------------------------ helpers

def email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@school.test"


def zoom_user(stack: Stack, address: str, status: str = "active") -> dict:
    code, user = stack.sim_request("POST", "/_sim/users", {"email": address, "status": status})
    assert code in (200, 201), user
    return user


def recorded(stack: Stack, host: str, start: str, topic: str = "Lesson",
             file_types: tuple[str, ...] = ("MP4", "CHAT")) -> dict:
    """A past, finished 2-minute meeting of `host` with cloud recordings (no webhooks)."""
    code, meeting = stack.sim_request("POST", "/_sim/recordings", {
        "host_email": host, "topic": topic, "start_time": start, "duration": 2, "timezone": "Europe/Berlin",
        "file_types": list(file_types), "file_size": SIZE})
    assert code in (200, 201), meeting
    return meeting


def zoom2drive(stack: Stack, *args: str, input: Optional[str] = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return stack.lectern("zoom2drive", *args, input=input, check=False, timeout=timeout)


def listed(stack: Stack, *args: str) -> dict:
    result = zoom2drive(stack, "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def sim_files(stack: Stack) -> dict[str, dict]:
    _, body = stack.sim_request("GET", "/_sim/recordings")
    return {f["id"]: f for f in body["files"]}


def drive_copies(stack: Stack, zoom_file_id: str) -> list[dict]:
    _, body = stack.sim_request("GET", "/_sim/drive/files")
    return [f for f in body["files"]
            if (f.get("appProperties") or {}).get("zoom_file_id") == zoom_file_id and not f.get("trashed")]


def rows(stack: Stack, file_ids: list[str]) -> dict[str, dict]:
    columns = ("zoom_file_id", "status", "md5", "drive_file_id", "deleted_in_zoom_at", "last_error")
    quoted = ", ".join(f"'{i}'" for i in file_ids)
    found = stack.sql(f"SELECT {', '.join(columns)} FROM recordings WHERE zoom_file_id IN ({quoted})")
    return {row[0]: dict(zip(columns, row)) for row in found}


def jobs(stack: Stack, file_ids: list[str]) -> dict[str, dict]:
    keys = ", ".join(f"'transfer:{i}'" for i in file_ids)
    found = stack.sql(f"SELECT dedupe_key, status, attempts, locked_by FROM jobs WHERE dedupe_key IN ({keys})")
    return {row[0].split(":", 1)[1]: {"status": row[1], "attempts": int(row[2]), "locked_by": row[3]} for row in found}


def file_ids(*meetings: dict, types: tuple[str, ...] = ("MP4", "M4A", "CHAT")) -> list[str]:
    return [f["id"] for m in meetings for f in m["recording_files"] if f["file_type"] in types]


def assert_on_drive(stack: Stack, ids: list[str]) -> None:
    """Every file is `ready` with exactly one Drive copy, byte for byte Zoom's."""
    zoom = sim_files(stack)
    found = rows(stack, ids)
    assert sorted(found) == sorted(ids)
    for file_id in ids:
        row = found[file_id]
        assert row["status"] == "ready", row
        copies = drive_copies(stack, file_id)
        assert len(copies) == 1, copies
        assert copies[0]["id"] == row["drive_file_id"]
        assert int(copies[0]["size"]) == int(zoom[file_id]["file_size"])
        assert copies[0]["md5Checksum"] == zoom[file_id]["md5"] == row["md5"]


def user_line(output: str, address: str) -> list[str]:
    (line,) = [line for line in output.splitlines() if line.startswith(address + " ")]
    return line.split()


# ------------------------------------------------------------------ arguments

@pytest.mark.parametrize("args, problem", [
    ((), "--user"),
    (("--user", "nobody"), "--user"),
    (("--user", "all", "--from", "2025-02-30"), "--from"),
    (("--user", "all", "--from", "2025-03-01", "--to", "2025-02-01"), "after --to"),
    (("--user", "a@school.test", "--skip", "b@school.test"), "--skip"),
    (("--user", "all", "--skip", "not-an-email"), "--skip"),
    (("--user", "all", "--action", "move"), "--action"),
    (("--user", "all", "--after", "shred", "--action", "transfer"), "--after"),
    (("--user", "all", "--after", "keep"), "--after"),
    (("--user", "all", "--concurrency", "0"), "--concurrency"),
])
def test_bad_arguments_exit_2_with_one_line(stack: Stack, args: tuple[str, ...], problem: str) -> None:
    result = zoom2drive(stack, *args)
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lectern: ") and problem in lines[0], result.stderr
    assert result.stdout == ""


# ------------------------------------------------------------------ list

def test_list_counts_one_users_recordings_over_several_months(stack: Stack) -> None:
    host = email("teacher")
    zoom_user(stack, host)
    january = recorded(stack, host, "2025-01-20T09:00:00Z", "Algebra", ("MP4", "M4A", "CHAT"))
    february = recorded(stack, host, "2025-02-28T23:30:00Z", "Geometry", ("MP4",))
    march = recorded(stack, host, "2025-03-05T09:00:00Z", "Physics", ("CHAT",))
    recorded(stack, host, "2025-03-20T09:00:00Z", "Outside the range", ("MP4",))
    files = [f for m in (january, february, march) for f in m["recording_files"]]
    total = sum(int(f["file_size"]) for f in files)

    document = listed(stack, "--user", host, "--from", "2025-01-15", "--to", "2025-03-10")
    assert document["from"] == "2025-01-15" and document["to"] == "2025-03-10"
    assert document["users"] == [{"email": host, "meetings": 3, "files": len(files), "bytes": total}]
    assert document["totals"] == {"users": 1, "meetings": 3, "files": len(files), "bytes": total}

    text = zoom2drive(stack, "--user", host, "--from", "2025-01-15", "--to", "2025-03-10")
    assert text.returncode == 0, text.stderr
    assert user_line(text.stdout, host)[1:3] == ["3", str(len(files))]
    assert re.search(r"\d(\.\d)? (B|KiB|MiB|GiB)$", text.stdout.splitlines()[-2]), text.stdout
    assert text.stdout.splitlines()[-1].startswith("total (1 user)")
    # Listing changes nothing.
    assert rows(stack, [f["id"] for f in files]) == {}


def test_list_follows_every_page_of_a_users_recordings(stack: Stack) -> None:
    host = email("busy")
    zoom_user(stack, host)
    meetings = 301
    for index in range(meetings):
        recorded(stack, host, f"2024-05-{1 + index % 28:02d}T{index % 24:02d}:{index % 60:02d}:00Z", f"M{index}",
                 ("CHAT",))
    # Zoom's pages hold 300 meetings at most.
    document = listed(stack, "--user", host, "--from", "2024-05-01", "--to", "2024-05-31")
    assert document["users"] == [{"email": host, "meetings": meetings, "files": meetings,
                                  "bytes": CHAT_SIZE * meetings}]


def test_all_users_with_skip_and_include_inactive(stack: Stack) -> None:
    kept, skipped, gone = email("kept"), email("skipped"), email("gone")
    zoom_user(stack, kept)
    zoom_user(stack, skipped)
    zoom_user(stack, gone, status="inactive")
    for host in (kept, skipped, gone):
        recorded(stack, host, "2023-09-12T08:00:00Z", "Staff", ("MP4",))
    window = ("--from", "2023-09-01", "--to", "2023-09-30")

    active = {u["email"]: u for u in listed(stack, "--user", "all", *window, "--skip", skipped.upper())["users"]}
    assert kept in active and skipped not in active and gone not in active
    assert active[kept]["files"] == 1

    # More inactive users than one page of Zoom's user listing holds.
    inactive = [email("former") for _ in range(301)]
    for address in inactive:
        zoom_user(stack, address, status="inactive")
    everyone = {u["email"] for u in listed(stack, "--user", "all", *window, "--include-inactive")["users"]}
    assert {kept, skipped, gone} | set(inactive) <= everyone


def test_listing_waits_out_zoom_rate_limits(stack: Stack) -> None:
    host = email("limited")
    zoom_user(stack, host)
    recorded(stack, host, "2024-12-24T18:00:00Z", "Carols", ("CHAT",))
    stack.sim_request("POST", "/_sim/faults", {"path": "/v2/users", "status": 429, "retryAfter": "1", "count": 3,
                                               "code": 429, "message": "Too many requests."})
    started = time.monotonic()
    document = listed(stack, "--user", "all", "--from", "2024-12-01", "--to", "2024-12-31")
    assert time.monotonic() - started >= 2.5
    assert {"email": host, "meetings": 1, "files": 1, "bytes": CHAT_SIZE} in document["users"]
    _, armed = stack.sim_request("GET", "/_sim/faults")
    assert armed["faults"] == [], "every 429 was answered"


def test_an_unknown_user_fails_with_one_line(stack: Stack) -> None:
    result = zoom2drive(stack, "--user", email("nobody"), "--from", "2025-01-01", "--to", "2025-01-31")
    assert result.returncode == 1, result
    assert result.stderr.startswith("lectern: Zoom has no user "), result.stderr


# ------------------------------------------------------------------ transfer

def test_transfer_moves_every_file_and_a_second_run_nothing(stack: Stack) -> None:
    host = email("mover")
    zoom_user(stack, host)
    first = recorded(stack, host, "2024-10-30T10:00:00Z", "Chemistry")
    second = recorded(stack, host, "2024-11-02T10:00:00Z", "Biology")
    ids = file_ids(first, second)
    window = ("--user", host, "--from", "2024-10-01", "--to", "2024-11-30")

    result = zoom2drive(stack, *window, "--action", "transfer", "--yes", "--concurrency", "3")
    assert result.returncode == 0, result.stderr + result.stdout
    assert_on_drive(stack, ids)
    lines = result.stdout.splitlines()
    assert sorted(line.split()[0] for line in lines[:len(ids)]) == ["ok"] * len(ids)
    assert any("Chemistry 2024-10-30 MP4 (700 KiB)" in line for line in lines), lines
    assert lines[-1].startswith(f"{len(ids)} files") and f"{len(ids)} transferred" in lines[-1], lines
    # LECTERN_ZOOM_AFTER_TRANSFER=trash: Zoom's copies are in its trash, so Zoom lists nothing more.
    assert {sim_files(stack)[i]["state"] for i in ids} == {"trashed"}
    assert all(j["status"] == "done" and j["attempts"] == 1 and j["locked_by"].startswith("zoom2drive:")
               for j in jobs(stack, ids).values()), jobs(stack, ids)

    again = zoom2drive(stack, *window, "--action", "transfer", "--yes")
    assert again.returncode == 0, again.stderr
    assert "Nothing to transfer" in again.stdout
    assert_on_drive(stack, ids)


def test_after_keep_leaves_zoom_copies_and_a_rerun_skips_what_is_done(stack: Stack) -> None:
    host = email("keeper")
    zoom_user(stack, host)
    meeting = recorded(stack, host, "2024-04-03T07:45:00Z", "History", ("MP4", "M4A", "CHAT"))
    ids = file_ids(meeting)
    window = ("--user", host, "--from", "2024-04-01", "--to", "2024-04-30")

    result = zoom2drive(stack, *window, "--action", "transfer", "--after", "keep", "--yes", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["totals"]["transferred"] == len(ids) and report["totals"]["failed"] == 0
    assert sorted(f["zoom_file_id"] for f in report["files"]) == sorted(ids)
    assert_on_drive(stack, ids)
    assert {sim_files(stack)[i]["state"] for i in ids} == {"available"}
    assert all(r["deleted_in_zoom_at"] is None for r in rows(stack, ids).values())

    again = zoom2drive(stack, *window, "--action", "transfer", "--after", "keep", "--yes", "--json")
    assert again.returncode == 0, again.stderr
    totals = json.loads(again.stdout)["totals"]
    assert totals["already_done"] == len(ids) and totals["transferred"] == 0, totals
    assert_on_drive(stack, ids)
    assert all(j["attempts"] == 1 for j in jobs(stack, ids).values())


def test_transfer_asks_first_and_anything_but_yes_changes_nothing(stack: Stack) -> None:
    host = email("asked")
    zoom_user(stack, host)
    meeting = recorded(stack, host, "2024-02-29T12:00:00Z", "Leap day", ("CHAT",))
    ids = file_ids(meeting)
    window = ("--user", host, "--from", "2024-02-01", "--to", "2024-02-29", "--action", "transfer")

    refused = zoom2drive(stack, *window, input="no\n")
    assert refused.returncode == 1
    assert ("This copies 1 file (2.0 KiB) of 1 meeting of 1 user to Google Drive, then moves Zoom's copies to "
            "Zoom's trash. Type yes to transfer 1 file (2.0 KiB): ") in refused.stderr, refused.stderr
    assert refused.stderr.strip().endswith("lectern: not confirmed: nothing was transferred")
    assert rows(stack, ids) == {}
    assert zoom2drive(stack, *window, input="").returncode == 1

    accepted = zoom2drive(stack, *window, "--after", "keep", input="yes\n")
    assert accepted.returncode == 0, accepted.stderr
    assert_on_drive(stack, ids)


def test_a_failing_file_fails_the_run_and_is_named(stack: Stack) -> None:
    host = email("faulty")
    zoom_user(stack, host)
    meeting = recorded(stack, host, "2024-07-15T10:00:00Z", "Broken")
    mp4 = next(f for f in meeting["recording_files"] if f["file_type"] == "MP4")
    chat = next(f for f in meeting["recording_files"] if f["file_type"] == "CHAT")
    stack.sim_request("POST", "/_sim/faults", {"path": f"/rec/download/{mp4['id']}", "status": 404, "count": -1,
                                               "message": "Gone for now."})
    window = ("--user", host, "--from", "2024-07-01", "--to", "2024-07-31", "--action", "transfer", "--after", "keep")

    result = zoom2drive(stack, *window, "--yes")
    assert result.returncode == 1, result
    assert result.stderr.strip().endswith("lectern: 1 of 2 files failed"), result.stderr
    failed = [line for line in result.stdout.splitlines() if line.startswith("failed: ")]
    assert len(failed) == 1 and f'"Broken" MP4 file {mp4["id"]}' in failed[0], result.stdout
    assert any(line.startswith("ok Broken") and " CHAT " in line for line in result.stdout.splitlines())
    assert_on_drive(stack, [chat["id"]])
    assert rows(stack, [mp4["id"]])[mp4["id"]]["status"] != "ready"

    # Zoom hands the file over again: the next run retries it at once and skips the rest.
    stack.sim_request("DELETE", "/_sim/faults")
    again = zoom2drive(stack, *window, "--yes")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "1 transferred, 1 already on Drive" in again.stdout
    assert_on_drive(stack, [mp4["id"], chat["id"]])


def test_a_terminal_gets_one_progress_line(stack: Stack) -> None:
    host = email("watched")
    zoom_user(stack, host)
    meeting = recorded(stack, host, "2024-03-11T09:00:00Z", "Watched", ("MP4", "CHAT"))
    main, terminal = pty.openpty()
    argv = [str(stack.lectern_bin), "zoom2drive", "--user", host, "--from", "2024-03-01", "--to", "2024-03-31",
            "--action", "transfer", "--after", "keep", "--yes", "--config", str(stack.env_file)]
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=terminal, stderr=subprocess.PIPE,
                            env=stack.lectern_environment())
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(main)
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    text = output.decode()
    assert "\r" in text and "\x1b[K" in text
    assert re.search(r"2/2 files  702 KiB/702 KiB  \S+ ?\S*/s  ETA ", text), text
    assert "ETA" in text
    # The files are not listed one by one on a terminal; the summary follows the line.
    assert "ok Watched" not in text
    assert "2 files (" in text and "2 transferred" in text
    assert_on_drive(stack, file_ids(meeting))


def test_the_transfer_child_and_the_command_never_run_a_file_twice(stack: Stack) -> None:
    """A transfer process (the child, as the master would run it) claims the jobs the
    command admits while the command's lanes claim others: every job is claimed exactly
    once, every file ends with one copy, and the command reports the child's files by
    their result. `--after keep` travels with the jobs: the child, whose own setting is the
    default `trash`, keeps Zoom's copies of the files it moves too. Uploads are slowed so
    that both sides have work in flight at once."""
    host = email("shared")
    zoom_user(stack, host)
    meetings = [recorded(stack, host, f"2024-08-{day:02d}T10:00:00Z", f"Shared {day}") for day in range(1, 6)]
    ids = file_ids(*meetings)
    stack.sim_request("POST", "/_sim/faults", {"method": "PUT", "path": "/upload/drive/v3/files", "latencyMs": 300,
                                               "count": -1})
    child = stack.start_lectern_process("transfer", log_name="zoom2drive-transfer-child.log")
    try:
        result = zoom2drive(stack, "--user", host, "--from", "2024-08-01", "--to", "2024-08-31", "--action", "transfer",
                            "--after", "keep", "--yes", "--concurrency", "2", "--json")
    finally:
        child.terminate()
        child.wait(timeout=60)
    assert result.returncode == 0, result.stderr
    totals = json.loads(result.stdout)["totals"]
    assert totals["failed"] == 0 and totals["files"] == len(ids), totals
    assert_on_drive(stack, ids)
    claims = jobs(stack, ids)
    assert all(j["status"] == "done" and j["attempts"] == 1 for j in claims.values()), claims
    holders = {j["locked_by"].startswith("zoom2drive:") for j in claims.values()}
    assert holders == {True, False}, claims
    by_child = sum(not j["locked_by"].startswith("zoom2drive:") for j in claims.values())
    assert totals["already_done"] + totals["done_elsewhere"] == by_child, totals
    assert totals["transferred"] == len(ids) - by_child
    assert "LECTERN_ZOOM_AFTER_TRANSFER" not in stack.env_file.read_text()
    assert {i: sim_files(stack)[i]["state"] for i in ids} == {i: "available" for i in ids}
    assert all(r["deleted_in_zoom_at"] is None for r in rows(stack, ids).values())
