#!/usr/bin/env python3
"""Benchmark of the recording pipeline (SPEC §12): one large recording (2 GiB by default)
moved from lectern-sim's Zoom to lectern-sim's Drive by the transfer child, beside a plain
`curl` download of the same file and a plain `curl` upload of it (one PUT to a resumable
session) against the same emulator, in the same run.

Reports the download's and the whole transfer's throughput, the curl baselines, the ratio of
the transfer's wall time to the two curls' sum — which a transfer that does not overlap its
halves cannot beat; the target is at most 1.0 — and the transfer process's peak RSS (VmHWM),
which must stay under 64 MiB whatever the file size: memory is bounded by the upload chunk.
Checks that the Drive copy's MD5 is Zoom's.

    python3 Tests/Benchmarks/transfer_bench.py [--size 2G] [--lectern-bin .build/release/lectern] [--keep]

Run it by hand on a quiet machine, with release binaries for meaningful numbers
(`swift build -c release --product lectern` and `--product lectern-sim`, or `--build`).
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import resource
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from loadkit import add_binary_options, chosen_binary, zoom_signature
from stack import SIM_ZOOM_CREDENTIALS, Stack, wait_until

RSS_LIMIT = 64 << 20
RATIO_TARGET = 1.0


def parse_size(text: str) -> int:
    match = re.fullmatch(r"(\d+)([KMG]?)(?:i?B)?", text.strip(), re.IGNORECASE)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 2G, 512M)")
    return int(match.group(1)) << {"": 0, "K": 10, "M": 20, "G": 30}[match.group(2).upper()]


def human(count: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return f"{count:.1f} {unit}" if unit != "B" else f"{int(count)} B"
        count /= 1024
    return f"{count:.1f} GiB"


def status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class PeakRSS(threading.Thread):
    """Samples the transfer process's VmHWM (the kernel's own peak) until stopped."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            try:
                self.peak_kib = max(self.peak_kib, status_kib(self.pid, "VmHWM"))
            except OSError:
                return


def curl_download(stack: Stack, file_id: str, token: str, target: Path) -> tuple[int, float]:
    """curl fetching the file into the spool directory, as the transfer does: the same
    disk, so the comparison is of the programs, not of /dev/null against a file system."""
    stack.spool_dir.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(["curl", "-sS", "-L", "-o", str(target), "-H", f"Authorization: Bearer {token}",
                          "-w", "%{size_download} %{time_total}", f"{stack.sim_url}/rec/download/{file_id}"],
                         check=True, stdout=subprocess.PIPE, text=True).stdout.split()
    return int(float(out[0])), float(out[1])


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def drive_token(stack: Stack) -> str:
    """An access token for the stack's service account from lectern-sim's token endpoint:
    the JWT Lectern sends, signed RS256 by `openssl`."""
    key = json.loads(stack.google_key_file.read_text())
    now = int(time.time())
    header = b64url(json.dumps({"alg": "RS256", "typ": "JWT", "kid": key["private_key_id"]}).encode())
    claims = b64url(json.dumps({"iss": key["client_email"], "scope": "https://www.googleapis.com/auth/drive",
                                "aud": "https://oauth2.googleapis.com/token", "iat": now, "exp": now + 3600}).encode())
    pem = stack.root / "bench-key.pem"
    pem.write_text(key["private_key"])
    os.chmod(pem, 0o600)
    try:
        signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", str(pem)], input=f"{header}.{claims}".encode(),
                                   check=True, stdout=subprocess.PIPE).stdout
    finally:
        pem.unlink()
    form = f"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={header}.{claims}.{b64url(signature)}"
    out = subprocess.run(["curl", "-sS", "-f", "-d", form, f"{stack.sim_url}/token"], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out)["access_token"]


def curl_upload(stack: Stack, source: Path, token: str) -> tuple[int, float]:
    """curl sending the file to a resumable upload session in one PUT, streaming it from
    the spool directory; returns the bytes Drive holds and the PUT's seconds."""
    size = source.stat().st_size
    metadata = json.dumps({"name": "curl-baseline.mp4", "parents": ["sim-root-folder"], "mimeType": "video/mp4"})
    head = subprocess.run(["curl", "-sS", "-f", "-D", "-", "-o", "/dev/null", "-X", "POST",
                           "-H", f"Authorization: Bearer {token}", "-H", "Content-Type: application/json; charset=UTF-8",
                           "-H", "X-Upload-Content-Type: video/mp4", "-H", f"X-Upload-Content-Length: {size}",
                           "--data-binary", metadata,
                           f"{stack.sim_url}/upload/drive/v3/files?uploadType=resumable&supportsAllDrives=true"],
                          check=True, stdout=subprocess.PIPE, text=True).stdout
    session = next(line.split(":", 1)[1].strip() for line in head.splitlines() if line.lower().startswith("location:"))
    out = subprocess.run(["curl", "-sS", "-f", "-T", str(source), "-H", f"Authorization: Bearer {token}",
                          "-H", "Content-Type: video/mp4", "-H", "Expect:", "-w", "\n%{size_upload} %{time_total}",
                          "-o", "-", session], check=True, stdout=subprocess.PIPE, text=True).stdout
    body, figures = out.rsplit("\n", 1)
    uploaded = int(json.loads(body)["size"])
    if uploaded != size:
        raise SystemExit(f"the curl upload left {uploaded} of {size} bytes on Drive")
    return size, float(figures.split()[1])


def deliver(stack: Stack, meeting: dict) -> None:
    """recording.completed for the emulator's meeting, signed like Zoom's."""
    files = [{"id": f["id"], "meeting_id": meeting["uuid"], "recording_start": meeting["start_time"],
              "recording_end": meeting["start_time"], "file_type": f["file_type"],
              "file_extension": f.get("file_extension", f["file_type"]), "file_size": f["file_size"],
              "download_url": f"{stack.sim_url}/rec/download/{f['id']}", "status": "completed",
              "recording_type": f.get("recording_type", "shared_screen_with_speaker_view")}
             for f in meeting["recording_files"]]
    raw = json.dumps({"event": "recording.completed", "event_ts": int(time.time() * 1000),
                      "download_token": meeting["download_access_token"],
                      "payload": {"account_id": SIM_ZOOM_CREDENTIALS["ZOOM_ACCOUNT_ID"], "object": {
                          "id": meeting["id"], "uuid": meeting["uuid"], "topic": meeting["topic"], "type": 2,
                          "start_time": meeting["start_time"], "timezone": "UTC",
                          "host_email": meeting["host_email"], "recording_files": files}}}).encode()
    stamp = str(int(time.time()))
    status, _, body = stack.request("POST", "/schedule/api/zoom/webhook/", body=raw, headers={
        "Content-Type": "application/json", "x-zm-request-timestamp": stamp,
        "x-zm-signature": zoom_signature(raw, stamp, SIM_ZOOM_CREDENTIALS["ZOOM_WEBHOOK_SECRET_TOKEN"])})
    if status not in (200, 204):
        raise SystemExit(f"the webhook was refused: {status} {body}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=parse_size, default=2 << 30, help="recording size (default 2G)")
    add_binary_options(parser)
    parser.add_argument("--perf", type=Path, help="record a `perf` profile of the transfer process into this file")
    args = parser.parse_args()

    binary = chosen_binary(args)
    stack = Stack(None, binary, workers=2, keep=args.keep, extra_env={"LECTERN_TRANSFER_CONCURRENCY": "1"})
    stack.up()
    try:
        status, meeting = stack.sim_request("POST", "/_sim/recordings", {
            "host_email": "bench@school.test", "topic": "Transfer benchmark", "start_time": "2025-03-03T09:00:00Z",
            "duration": 90, "file_types": ["MP4"], "file_size": args.size}, timeout=60)
        if status not in (200, 201):
            raise SystemExit(f"lectern-sim refused the recording: {status} {meeting}")
        mp4 = meeting["recording_files"][0]
        print(f"recording: {human(mp4['file_size'])} ({mp4['file_size']} bytes)", flush=True)

        baseline = stack.spool_dir / "curl-baseline.part"
        sim_pid = stack._sim.pid
        sim_cpu, curl_cpu = cpu_seconds(sim_pid), children_cpu_seconds()
        try:
            size, seconds = curl_download(stack, mp4["id"], meeting["download_access_token"], baseline)
            print(f"curl download:        {human(size / seconds)}/s ({seconds:.2f} s, into the spool directory)",
                  flush=True)
            _, upload_seconds = curl_upload(stack, baseline, drive_token(stack))
            print(f"curl upload:          {human(size / upload_seconds)}/s ({upload_seconds:.2f} s, one PUT "
                  f"from the spool directory)", flush=True)
        finally:
            baseline.unlink(missing_ok=True)
        curl_sum = seconds + upload_seconds
        curl_cpu = children_cpu_seconds() - curl_cpu
        curl_sim_cpu = cpu_seconds(sim_pid) - sim_cpu
        print(f"curl download + upload: {curl_sum:.2f} s (CPU: curl {curl_cpu:.2f} s, lectern-sim {curl_sim_cpu:.2f} s)",
              flush=True)

        (child,) = stack.transfer_pids()
        sampler = PeakRSS(child)
        sampler.start()
        child_cpu, sim_cpu = cpu_seconds(child), cpu_seconds(sim_pid)
        profiler = (subprocess.Popen(["perf", "record", "-F", "499", "-g", "-p", str(child), "-o", str(args.perf)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) if args.perf else None)
        started = time.monotonic()
        deliver(stack, meeting)

        def ready() -> str | None:
            found = stack.sql(f"SELECT status, last_error FROM recordings WHERE zoom_file_id = '{mp4['id']}'")
            if found and found[0][0] in ("ready", "failed"):
                return found[0][0]
            if found and found[0][1]:
                raise SystemExit(f"the transfer failed an attempt: {found[0][1]}")
            return None

        outcome = wait_until(ready, 3600, "the recording to reach Drive", interval=0.2)
        elapsed = time.monotonic() - started
        child_cpu, sim_cpu = cpu_seconds(child) - child_cpu, cpu_seconds(sim_pid) - sim_cpu
        if profiler:
            profiler.send_signal(2)
            profiler.wait(timeout=60)
        sampler.done.set()
        sampler.join()
        # The download's own line comes once its spool file is on disk, which may be after `ready`.
        wait_until(lambda: stack.sql(f"SELECT 1 FROM jobs WHERE dedupe_key = 'transfer:{mp4['id']}' "
                                     f"AND status IN ('done', 'failed')"), 120, "the transfer job to end")
        download = re.search(r"downloaded (\d+) bytes in ([\d.]+) s", stack.lectern_log.read_text())
        print(f"Lectern download:     {human(int(download.group(1)) / max(float(download.group(2)), 0.001))}/s "
              f"({download.group(2)} s)" if download else "Lectern download:     (no log line)")
        print(f"Lectern whole copy:   {human(mp4['file_size'] / elapsed)}/s ({elapsed:.2f} s: download and chunked "
              f"upload overlapped, verification; CPU: transfer process {child_cpu:.2f} s, lectern-sim {sim_cpu:.2f} s)")
        ratio = elapsed / curl_sum
        print(f"wall time / (curl download + curl upload): {ratio:.2f} (target <= {RATIO_TARGET:.1f})")
        peak = sampler.peak_kib << 10
        print(f"transfer process peak RSS (VmHWM): {human(peak)} (limit {human(RSS_LIMIT)})")

        _, zoom = stack.sim_request("GET", "/_sim/recordings", timeout=600)
        _, drive = stack.sim_request("GET", "/_sim/drive/files")
        source = next(f for f in zoom["files"] if f["id"] == mp4["id"])
        copies = [f for f in drive["files"] if (f.get("appProperties") or {}).get("zoom_file_id") == mp4["id"]]
        checks = [
            (outcome == "ready", f"the recording is ready (status {outcome})"),
            (len(copies) == 1, f"one Drive copy ({len(copies)})"),
            (bool(copies) and copies[0].get("md5Checksum") == source["md5"], "the copy's MD5 is Zoom's"),
            (peak < RSS_LIMIT, f"peak RSS under {human(RSS_LIMIT)}"),
            (ratio <= RATIO_TARGET, f"wall time at most {RATIO_TARGET:.1f}x the curl download + upload ({ratio:.2f}x)"),
        ]
        for ok, text in checks:
            print(("PASS: " if ok else "FAIL: ") + text)
        return 0 if all(ok for ok, _ in checks) else 1
    finally:
        stack.down()


if __name__ == "__main__":
    sys.exit(main())
