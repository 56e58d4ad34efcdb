#!/usr/bin/env python3
"""Benchmark of streaming a recording to a student (SPEC §4 `…/content/`): a 1 GiB file on
lectern-sim's Drive fetched through nginx + TLS (the worker checks access and answers
X-Accel-Redirect; nginx proxies Drive's alt=media) beside a plain `curl` of the same alt=media
URL straight from lectern-sim, in one run, alternating, best of `--rounds` each.

Reports both throughputs, their ratio (target ≥ 0.8) and the CPU seconds the pool's workers
spent while the recording streamed (target ~0: the worker is free as soon as it has answered).
Checks that both downloads have the Drive file's MD5.

    python3 Tests/Benchmarks/stream_bench.py [--size 1G] [--rounds 2] [--lectern-bin .build/release/lectern]

Run it by hand on a quiet machine, with release binaries for meaningful numbers
(`swift build -c release --product lectern` and `--product lectern-sim`, or `--build`).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import uuid
from pathlib import Path

from loadkit import add_binary_options, chosen_binary
from stack import SIM_DRIVE_ROOT_FOLDER_ID, Stack
from transfer_bench import human, parse_size

RATIO_TARGET = 0.8
WORKER_SECONDS_LIMIT = 0.5


def cpu_seconds(pids: set[int]) -> float:
    """utime + stime of the processes, from /proc (clock ticks)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def curl(url: str, headers: list[str], cafile: Path | None = None) -> tuple[int, float, str]:
    """(bytes, seconds, md5) of one download piped into md5sum, as a player would consume it."""
    command = ["curl", "-sS", "--fail", "-o", "-", "-w", "%{stderr}%{size_download} %{time_total}", url]
    for header in headers:
        command[1:1] = ["-H", header]
    if cafile:
        command[1:1] = ["--cacert", str(cafile)]
    download = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    md5 = subprocess.run(["md5sum"], stdin=download.stdout, stdout=subprocess.PIPE, text=True, check=True).stdout.split()[0]
    download.stdout.close()
    figures = download.stderr.read().decode().split()
    if download.wait() != 0:
        raise SystemExit(f"curl failed: {' '.join(figures)}")
    return int(figures[-2]), float(figures[-1]), md5


def seed(stack: Stack, size: int) -> tuple[int, str, str, str]:
    """A student of a group, a `size`-byte ready recording of the group's lesson on Drive;
    returns (recording id, the student's token, the Drive file id, its MD5)."""
    password = "pw-" + uuid.uuid4().hex
    teacher = stack.add_user(f"t-{uuid.uuid4().hex[:8]}@bench.test", "Teacher", "teacher", password)
    student_email = f"s-{uuid.uuid4().hex[:8]}@bench.test"
    student = stack.add_user(student_email, "Student", "student", password)
    stack.sql(f"INSERT INTO `groups` (teacher_id, name) VALUES ({teacher}, 'Bench')")
    group = stack.sql("SELECT MAX(id) FROM `groups`")[0][0]
    stack.sql(f"INSERT INTO group_members (group_id, student_id) VALUES ({group}, {student})")
    stack.sql(f"INSERT INTO lessons (title, teacher_id, group_id, start_time, end_time, status) VALUES "
              f"('Bench', {teacher}, {group}, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 HOUR, 'ended')")
    lesson = stack.sql("SELECT MAX(id) FROM lessons")[0][0]
    status, file = stack.sim_request("POST", "/_sim/drive/files", {
        "name": "Bench lecture.mp4", "parent": SIM_DRIVE_ROOT_FOLDER_ID, "mimeType": "video/mp4", "size": size},
        timeout=600)
    if status != 201:
        raise SystemExit(f"lectern-sim refused the file: {status} {file}")
    stack.sql(f"INSERT INTO recordings (zoom_file_id, lesson_id, meeting_uuid, topic, file_type, file_extension, "
              f"file_size, status, drive_file_id, md5) VALUES ('{uuid.uuid4().hex}', {lesson}, '{uuid.uuid4().hex}', "
              f"'Bench', 'MP4', 'MP4', {size}, 'ready', '{file['id']}', '{file['md5Checksum']}')")
    recording = stack.sql("SELECT MAX(id) FROM recordings")[0][0]
    return int(recording), stack.login(student_email, password), file["id"], file["md5Checksum"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=parse_size, default=1 << 30, help="recording size (default 1G)")
    parser.add_argument("--rounds", type=int, default=2, help="downloads of each kind, alternating (default 2)")
    add_binary_options(parser)
    args = parser.parse_args()

    binary = chosen_binary(args)
    stack = Stack(None, binary, workers=2, keep=args.keep, extra_env={"LECTERN_LOG_LEVEL": "warning"})
    stack.up()
    try:
        recording, token, file_id, md5 = seed(stack, args.size)
        print(f"recording: {human(args.size)} ({args.size} bytes) on lectern-sim's Drive", flush=True)
        through_nginx = f"{stack.base_url}/api/schedule/recordings/{recording}/content/"
        # One small request first: the worker fetches its Drive token, which the direct curl then borrows.
        subprocess.run(["curl", "-sS", "--fail", "-o", "/dev/null", "--cacert", str(stack.cert), "-H", "Range: bytes=0-0",
                        "-H", f"Authorization: Bearer {token}", through_nginx], check=True)
        drive_token = stack.sim_request("GET", "/_sim/google/tokens")[1]["tokens"][0]
        direct = f"{stack.sim_url}/drive/v3/files/{file_id}?alt=media&supportsAllDrives=true"

        best_direct = best_nginx = 0.0
        worker_seconds = 0.0
        digests = set()
        for round_number in range(1, args.rounds + 1):
            size, seconds, digest = curl(direct, [f"Authorization: Bearer {drive_token}"])
            digests.add(digest)
            best_direct = max(best_direct, size / seconds)
            print(f"round {round_number}: direct curl of alt=media  {human(size / seconds)}/s ({seconds:.2f} s)", flush=True)
            workers = stack.worker_pids()
            before = cpu_seconds(workers)
            size, seconds, digest = curl(through_nginx, [f"Authorization: Bearer {token}"], cafile=stack.cert)
            spent = cpu_seconds(workers) - before
            worker_seconds = max(worker_seconds, spent)
            digests.add(digest)
            best_nginx = max(best_nginx, size / seconds)
            print(f"round {round_number}: through nginx + TLS       {human(size / seconds)}/s ({seconds:.2f} s), "
                  f"worker CPU {spent:.2f} s", flush=True)
        ratio = best_nginx / best_direct
        print(f"best: nginx {human(best_nginx)}/s, direct {human(best_direct)}/s, ratio {ratio:.2f}")
        checks = [
            (ratio >= RATIO_TARGET, f"through nginx ≥ {RATIO_TARGET}× the direct download ({ratio:.2f}×)"),
            (worker_seconds < WORKER_SECONDS_LIMIT,
             f"workers spent < {WORKER_SECONDS_LIMIT} CPU s while a recording streamed ({worker_seconds:.2f} s)"),
            (digests == {md5}, "every download has the Drive file's MD5"),
        ]
        for ok, text in checks:
            print(("PASS: " if ok else "FAIL: ") + text)
        return 0 if all(ok for ok, _ in checks) else 1
    finally:
        stack.down()


if __name__ == "__main__":
    sys.exit(main())
