#!/usr/bin/env python3
"""Zoom's webhook under load: run by hand, never as a timed test.

    python3 Tests/Benchmarks/webhook_load.py [--events 1000] [--concurrency 100] [--duplicates 0.2]
                                             [--workers 8] [--lectern-bin PATH] [--keep]

Brings up the real stack (MariaDB, nginx + TLS, lectern-sim, and `lectern serve --no-transfer`,
so the queued transfer jobs stay `pending` and can be counted) and starts a few lessons
through the pool (start-new, one pool host of capacity 1 each). Then it sends --events signed
deliveries to POST /schedule/api/zoom/webhook/, --concurrency at a time, each on a new TLS
connection as Zoom does, and measures every answer.

The distinct events: for each started lesson (about 5 % of them), its meeting.started,
meeting.ended and recording.completed (3 files); the rest recording.completed of meetings
unknown to Lectern (archived too) with 2 or 3 files each. --duplicates of the deliveries
repeat an earlier event as Zoom does: same meeting uuid and file ids, another download_token
and download_url, a fresh timestamp and signature. All deliveries are shuffled, so repeats
race their originals.

Prints throughput, p50/p95/p99/max latency and the status and outcome counts, then checks
MariaDB: every delivery answered 200/204 within Zoom's 3 s; one webhook_events row per
delivery; one recordings row and one pending `recording.transfer` job (dedupe_key
`transfer:{file id}`) per distinct file; each started lesson's lease released once by its
meeting.ended and the lesson ended; no event applied twice. Exits 1 when a check fails.

The binary is --lectern-bin, else $LECTERN_BIN, else .build/debug/lectern (built first);
lectern-sim must sit beside it (or be named by $LECTERN_SIM_BIN).
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import re
import secrets
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Optional

from loadkit import DEBUG_BIN, REPO, default_lectern_bin, latency_line, seed_pool, zoom_signature
from stack import Stack  # on sys.path through loadkit

HOOK = "/schedule/api/zoom/webhook/"
SECRET = "bench-webhook-secret-" + secrets.token_hex(8)
TRANSFER = "recording.transfer"
LESSON_SHARE = 0.05     # of the distinct events: lessons started through the pool (3 events each)
ZOOM_DEADLINE = 3.0     # seconds; Zoom retries an event that is not answered in time
ACCOUNT = "AbCdEfGhIjKlMnOpQrStUv"
FILE_KINDS = [("MP4", "MP4", "shared_screen_with_speaker_view", 523239424),
              ("M4A", "M4A", "audio_only", 1054720),
              ("CHAT", "TXT", "chat_file", 34816)]


# ------------------------------------------------------------------ deliveries

@dataclasses.dataclass
class Event:
    """One distinct Zoom event; every delivery of it renders `body` afresh."""
    name: str
    meeting_uuid: str
    body: dict
    files: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Delivery:
    event: Event
    raw: bytes
    tracking_id: str
    urls: dict[str, str]  # file id → the download_url this delivery carried


def zoom_time(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def zoom_uuid(rng: random.Random) -> str:
    """A meeting UUID; one in four looks like Zoom's worst (leading `/`, a `//`)."""
    core = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+") for _ in range(22))
    return f"/{core[:4]}//{core[4:]}==" if rng.random() < 0.25 else f"{core}=="


def meeting_event(name: str, meeting_id: str, meeting_uuid: str, began: dt.datetime) -> Event:
    obj: dict[str, Any] = {"id": meeting_id, "uuid": meeting_uuid, "host_id": "zU2k8XqLTe6yD1vJ0aBcDe",
                           "topic": "Load lesson", "type": 2, "start_time": zoom_time(began),
                           "timezone": "Europe/Berlin", "duration": 60}
    if name == "meeting.ended":
        obj["end_time"] = zoom_time(began + dt.timedelta(minutes=62))
    return Event(name, meeting_uuid, {"event": name, "event_ts": int(time.time() * 1000),
                                      "payload": {"account_id": ACCOUNT, "object": obj}})


def recording_event(meeting_id: int, meeting_uuid: str, file_count: int, host_email: str,
                    began: dt.datetime) -> Event:
    ended = began + dt.timedelta(minutes=62)
    files = [{"id": str(uuid.uuid4()), "meeting_id": meeting_uuid, "recording_start": zoom_time(began),
              "recording_end": zoom_time(ended), "file_type": file_type, "file_extension": extension,
              "file_size": size, "play_url": "", "download_url": "", "status": "completed",
              "recording_type": recording_type}
             for file_type, extension, recording_type, size in FILE_KINDS[:file_count]]
    body = {"event": "recording.completed", "event_ts": int(time.time() * 1000), "download_token": "",
            "payload": {"account_id": ACCOUNT, "object": {
                "id": meeting_id, "uuid": meeting_uuid, "host_id": "zU2k8XqLTe6yD1vJ0aBcDe", "account_id": ACCOUNT,
                "topic": "Load lesson", "type": 2, "start_time": zoom_time(began), "timezone": "Europe/Berlin",
                "host_email": host_email, "duration": 62, "total_size": sum(f["file_size"] for f in files),
                "recording_count": len(files), "share_url": "https://zoom.example/rec/share/" + secrets.token_urlsafe(8),
                "password": "", "recording_files": files}}}
    return Event("recording.completed", meeting_uuid, body, [f["id"] for f in files])


def render(event: Event) -> Delivery:
    """The bytes of one delivery: a recording event gets its own download_token and links."""
    body = json.loads(json.dumps(event.body))
    urls: dict[str, str] = {}
    if event.files:
        body["download_token"] = "eyJ" + secrets.token_urlsafe(40)
        for entry in body["payload"]["object"]["recording_files"]:
            link = secrets.token_urlsafe(12)
            entry["download_url"] = f"https://zoom.example/rec/download/{link}"
            entry["play_url"] = f"https://zoom.example/rec/play/{link}"
            urls[entry["id"]] = entry["download_url"]
    return Delivery(event, json.dumps(body, ensure_ascii=False).encode(), "bench-" + uuid.uuid4().hex, urls)


def prepare(lessons: list[dict], count: int, duplicates: float, rng: random.Random) -> list[Delivery]:
    """`count` deliveries: the lessons' three events each, recordings of unknown meetings for
    the rest of the distinct events, then `duplicates` × count repeats of them; shuffled."""
    repeats = round(count * duplicates)
    distinct = count - repeats
    began = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(minutes=70)
    events: list[Event] = []
    for lesson in lessons:
        events.append(meeting_event("meeting.started", lesson["meeting_id"], lesson["uuid"], began))
        events.append(meeting_event("meeting.ended", lesson["meeting_id"], lesson["uuid"], began))
        events.append(recording_event(int(lesson["meeting_id"]), lesson["uuid"], 3, lesson["host"], began))
    while len(events) < distinct:
        events.append(recording_event(80_000_000_000 + rng.randrange(10**10), zoom_uuid(rng), rng.choice((2, 3)),
                                      f"host{rng.randrange(50)}@school.example", began))
    deliveries = [render(event) for event in events]
    deliveries += [render(rng.choice(events)) for _ in range(repeats)]
    rng.shuffle(deliveries)
    return deliveries


def lessons_for(distinct: int) -> int:
    return min(distinct // 3, max(1, round(distinct * LESSON_SHARE)))


# ------------------------------------------------------------------ seeding and firing

def start_lessons(stack: Stack, count: int) -> list[dict]:
    """`count` lessons started through the pool (lectern-sim makes their meetings): live,
    each holding the lease of a pool host of capacity 1."""
    if count == 0:
        return []
    token, ids = seed_pool(stack, count, count)
    for lesson_id in ids:
        status, _, body = stack.request("POST", f"/api/schedule/lessons/{lesson_id}/start-new/", token=token)
        if status != 200:
            raise RuntimeError(f"start-new of lesson {lesson_id}: {status} {body!r}")
    rows = stack.sql("SELECT l.id, l.lesson_id, COALESCE(l.meeting_id, s.zoom_meeting_id), "
                     "COALESCE(l.meeting_uuid, s.zoom_uuid), a.email FROM zoom_leases l "
                     "JOIN lessons s ON s.id = l.lesson_id JOIN zoom_accounts a ON a.id = l.account_id "
                     f"WHERE l.lesson_id IN ({', '.join(map(str, ids))}) AND l.released_at IS NULL ORDER BY l.lesson_id")
    if len(rows) != count:
        raise RuntimeError(f"expected {count} live leases after start-new, found {len(rows)}")
    return [{"lease_id": int(r[0]), "lesson_id": int(r[1]), "meeting_id": r[2], "uuid": r[3], "host": r[4]}
            for r in rows]


@dataclasses.dataclass
class Answer:
    status: int
    seconds: float
    outcome: str
    began: float
    ended: float


def fire(stack: Stack, deliveries: list[Delivery], concurrency: int) -> list[Answer]:
    """`concurrency` threads send the deliveries in order, each signed just before it leaves."""
    answers: list[Optional[Answer]] = [None] * len(deliveries)
    lock = threading.Lock()
    cursor = iter(range(len(deliveries)))
    barrier = threading.Barrier(concurrency)

    def run() -> None:
        barrier.wait()
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                return
            delivery = deliveries[index]
            timestamp = str(int(time.time()))
            headers = {"Content-Type": "application/json", "User-Agent": "Zoom Marketplace/1.0a",
                       "x-zm-request-timestamp": timestamp, "x-zm-signature": zoom_signature(delivery.raw, timestamp, SECRET),
                       "x-zm-trackingid": delivery.tracking_id}
            began = time.monotonic()
            try:
                status, _, body = stack.request("POST", HOOK, body=delivery.raw, headers=headers, timeout=60)
                outcome = (body.get("outcome") or body.get("code") or "") if isinstance(body, dict) else ""
            except Exception as error:  # noqa: BLE001 - counted as a failure below
                status, outcome = -1, type(error).__name__
            ended = time.monotonic()
            answers[index] = Answer(status, ended - began, outcome, began, ended)

    threads = [threading.Thread(target=run, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    return [a if a is not None else Answer(-1, float("nan"), "not sent", 0, 0) for a in answers]


# ------------------------------------------------------------------ checks

def innodb_status(stack: Stack) -> dict[str, int]:
    rows = stack.sql("SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_deadlocks', 'Innodb_row_lock_waits', "
                     "'Innodb_row_lock_time_max')")
    return {name: int(value) for name, value in rows}


def log_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def log_since(path: Path, offset: int) -> list[str]:
    """The lines written to `path` after it was `offset` bytes long."""
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            return f.read().decode(errors="replace").splitlines()
    except OSError:
        return []


def lectern_times(lines: list[str]) -> list[float]:
    """Lectern's own time per webhook request (its request log line), in seconds."""
    pattern = re.compile(rf"POST {re.escape(HOOK)} \d+ ([\d.]+)ms")
    return [float(m.group(1)) / 1000 for m in map(pattern.search, lines) if m]


def log_trouble(lectern_lines: list[str], nginx_lines: list[str]) -> tuple[list[str], list[str]]:
    """lectern.log lines at warning level or above, nginx error.log lines at error or above."""
    return ([line for line in lectern_lines if line.split(" ", 2)[1:2] in (["warning"], ["error"], ["critical"])],
            [line for line in nginx_lines if any(level in line for level in ("[error]", "[crit]", "[alert]", "[emerg]"))])


def verify(stack: Stack, deliveries: list[Delivery], answers: list[Answer], lessons: list[dict]) -> list[tuple[bool, str]]:
    checks: list[tuple[bool, str]] = []

    def check(ok: bool, text: str) -> None:
        checks.append((bool(ok), text))

    good = sum(1 for a in answers if a.status in (200, 204))
    check(good == len(deliveries), f"every delivery answered 200/204 ({good} of {len(deliveries)})")
    slow = sum(1 for a in answers if not a.seconds <= ZOOM_DEADLINE)
    check(slow == 0, f"every answer within Zoom's {ZOOM_DEADLINE:g} s ({slow} slower)")

    # webhook_events: each delivery exactly once, found by its x-zm-trackingid.
    recorded = dict((tid, int(n)) for tid, n in stack.sql(
        "SELECT tracking_id, COUNT(*) FROM webhook_events WHERE tracking_id LIKE 'bench-%' GROUP BY tracking_id"))
    sent = {d.tracking_id for d in deliveries}
    missing = len(sent - set(recorded))
    doubled = sum(1 for n in recorded.values() if n > 1)
    stray = len(set(recorded) - sent)
    check(not (missing or doubled or stray) and sum(recorded.values()) == len(deliveries),
          f"webhook_events: one row per delivery ({sum(recorded.values())} rows; "
          f"{missing} missing, {doubled} doubled, {stray} unknown)")

    # recordings: one row per distinct file, holding one of the links sent for it.
    links: dict[str, set[str]] = defaultdict(set)
    for delivery in deliveries:
        for fid, url in delivery.urls.items():
            links[fid].add(url)
    rows = stack.sql("SELECT zoom_file_id, id, lesson_id, status, download_url FROM recordings")
    stored = {r[0]: r for r in rows}
    check(len(rows) == len(links) and set(stored) == set(links),
          f"recordings: one row per distinct file ({len(rows)} rows, {len(links)} distinct files, "
          f"{len(set(links) - set(stored))} missing, {len(set(stored) - set(links))} unknown)")
    stale = sum(1 for fid, r in stored.items() if r[3] != "pending" or r[4] not in links.get(fid, ()))
    check(stale == 0, f"recordings: pending, with a download_url sent for the file ({stale} not)")
    lesson_of = {lesson["uuid"]: str(lesson["lesson_id"]) for lesson in lessons}
    mislinked = sum(1 for d in deliveries for fid in d.event.files
                    if fid in stored and stored[fid][2] != lesson_of.get(d.event.meeting_uuid))
    check(mislinked == 0, f"recordings: linked to the started lesson, unknown meetings to none ({mislinked} not)")

    # jobs: one pending transfer per distinct file, naming its recording.
    jobs = stack.sql(f"SELECT dedupe_key, status, subject FROM jobs WHERE kind = '{TRANSFER}'")
    keyed = Counter(j[0] for j in jobs)
    expected = {f"transfer:{fid}" for fid in links}
    wrong = sum(1 for key, status, subject in jobs
                if status != "pending" or subject != stored.get(key.removeprefix("transfer:"), (None, None))[1])
    check(len(jobs) == len(expected) and set(keyed) == expected and wrong == 0,
          f"jobs: one pending {TRANSFER} per distinct file ({len(jobs)} jobs for {len(expected)} files, "
          f"{len(expected - set(keyed))} missing, {sum(1 for n in keyed.values() if n > 1)} doubled, {wrong} wrong)")

    # leases: released once, by meeting.ended, and the lessons ended.
    if lessons:
        ids = ", ".join(str(lesson["lease_id"]) for lesson in lessons)
        released = stack.sql(f"SELECT COUNT(*) FROM zoom_leases WHERE id IN ({ids}) AND released_at IS NOT NULL "
                             "AND release_reason = 'meeting.ended'")[0][0]
        ended = stack.sql("SELECT COUNT(*) FROM lessons WHERE status = 'ended' AND id IN ("
                          + ", ".join(str(lesson["lesson_id"]) for lesson in lessons) + ")")[0][0]
        check(int(released) == len(lessons) and int(ended) == len(lessons),
              f"leases: all {len(lessons)} released by meeting.ended ({released}), lessons ended ({ended})")
    live = int(stack.sql("SELECT COUNT(*) FROM zoom_leases WHERE released_at IS NULL")[0][0])
    check(live == 0, f"leases: none left unreleased ({live})")

    # outcomes: each business key applied once (recordings, meeting.ended) or never twice.
    applied = Counter(key for key, in stack.sql(
        "SELECT dedupe_key FROM webhook_events WHERE tracking_id LIKE 'bench-%' AND outcome = 'applied'"))
    keys = {f"{d.event.name}:{d.event.meeting_uuid}" for d in deliveries}
    once = {k for k in keys if not k.startswith("meeting.started:")}
    twice = sum(1 for n in applied.values() if n > 1)
    never = sum(1 for k in once if applied.get(k, 0) == 0)
    check(twice == 0 and never == 0,
          f"webhook_events: each recording.completed and meeting.ended applied exactly once "
          f"({twice} applied twice or more, {never} never)")
    return checks


# ------------------------------------------------------------------ main

def build() -> Path:
    for product in ("lectern", "lectern-sim"):
        subprocess.run(["swift", "build", "--product", product], cwd=REPO, check=True)
    return DEBUG_BIN


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--duplicates", type=float, default=0.2, metavar="FRACTION")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--lectern-bin", type=Path, help="skip the build; default $LECTERN_BIN, else .build/debug/lectern")
    parser.add_argument("--keep", action="store_true", help="keep the stack's directory (logs, data) afterwards")
    args = parser.parse_args()
    if args.events < 1 or args.concurrency < 1 or not 0 <= args.duplicates < 1:
        parser.error("--events and --concurrency must be positive, --duplicates in [0, 1)")

    binary = args.lectern_bin or (default_lectern_bin() if os.environ.get("LECTERN_BIN") else build())
    stack = Stack(None, binary, workers=args.workers, keep=args.keep, serve_args=("--no-transfer",),
                  extra_env={"ZOOM_WEBHOOK_SECRET_TOKEN": SECRET})
    stack.up()
    try:
        if stack.sim_port is None:
            print(f"lectern-sim not found beside {binary}", file=sys.stderr)
            return 1
        rng = random.Random()
        repeats = round(args.events * args.duplicates)
        lessons = start_lessons(stack, lessons_for(args.events - repeats))
        deliveries = prepare(lessons, args.events, args.duplicates, rng)
        before = innodb_status(stack)
        logs_from = log_size(stack.lectern_log), log_size(stack.nginx_error_log)
        answers = fire(stack, deliveries, min(args.concurrency, len(deliveries)))
        after = innodb_status(stack)

        sent = [a for a in answers if a.began]
        wall = max(a.ended for a in sent) - min(a.began for a in sent)
        timed = [a.seconds for a in sent]
        files = len({fid for d in deliveries for fid in d.urls})
        print(f"\n{len(deliveries)} signed deliveries ({len(deliveries) - repeats} distinct events, {repeats} repeats; "
              f"{files} distinct files; {len(lessons)} lessons started through the pool), "
              f"{args.concurrency} at a time, {args.workers} workers, nginx + TLS, a new connection each")
        print(f"{wall:.2f} s wall, {len(sent) / wall:.0f} events/s")
        print("answers: " + ", ".join(f"{status}: {n}" for status, n in sorted(Counter(a.status for a in answers).items())))
        lectern_lines = log_since(stack.lectern_log, logs_from[0])
        print(f"  answer time (client, with connect and TLS handshake): {latency_line(timed, (0.5, 0.95, 0.99))}")
        own = lectern_times(lectern_lines)
        if own:
            print(f"  inside lectern (its request log): {latency_line(own, (0.5, 0.95, 0.99))}")
        per_event: dict[str, Counter] = defaultdict(Counter)
        for delivery, answer in zip(deliveries, answers):
            per_event[delivery.event.name][answer.outcome] += 1
        for name, outcomes in sorted(per_event.items()):
            print(f"  {name}: " + ", ".join(f"{outcome} {n}" for outcome, n in sorted(outcomes.items())))
        print(f"InnoDB during the run: {after['Innodb_deadlocks'] - before['Innodb_deadlocks']} deadlocks, "
              f"{after['Innodb_row_lock_waits'] - before['Innodb_row_lock_waits']} row lock waits "
              f"(longest {after['Innodb_row_lock_time_max']} ms)")
        noisy, nginx = log_trouble(lectern_lines, log_since(stack.nginx_error_log, logs_from[1]))
        print(f"lectern.log: {len(noisy)} lines at warning or above; nginx error.log: {len(nginx)} at error or above")
        for line in noisy[:5] + nginx[:5]:
            print("  " + line[:300])

        checks = verify(stack, deliveries, answers, lessons)
        print()
        for ok, text in checks:
            print(("PASS  " if ok else "FAIL  ") + text)
        failed = sum(1 for ok, _ in checks if not ok)
        print(f"FAIL: {failed} of {len(checks)} checks" if failed else f"PASS: all {len(checks)} checks")
        return 1 if failed else 0
    finally:
        stack.down()
        if args.keep:
            print(f"stack kept in {stack.root}")


if __name__ == "__main__":
    sys.exit(main())
