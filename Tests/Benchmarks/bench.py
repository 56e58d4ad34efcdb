#!/usr/bin/env python3
"""Lectern's benchmark: run by hand, never as a timed test.

    python3 Tests/Benchmarks/bench.py [--duration 10] [--connections 64] [--workers 4]
                                      [--lectern-bin PATH] [--requests 40] [--no-instructions]

Brings up the real stack (MariaDB, nginx + TLS, `lectern serve` from a release build with a
static Swift stdlib) and, behind the SAME nginx listener, three baselines:

- nginx's own `return 200` (the cost of nginx + TLS alone),
- a bare C libfcgi responder forked N times by spawn-fcgi (the ceiling of a prefork
  FastCGI pool: no routing, no database, no logging),
- php-fpm (pm=static, N children) running a trivial script.

Then it measures each with wrk in one run (SPEC §12: ratios measured side by side are what
counts, the machine may be shared) and prints requests/s, p50/p99 latency and the ratios
against nginx, the C responder and php-fpm, plus the memory of a Lectern worker. Lectern is
measured on: `health` (one MariaDB round trip), a 404 through the whole pipeline without the
database, a signed Zoom webhook (`meeting.started` of a meeting Lectern does not know: HMAC
check, parse, one transaction with the audit row), the four-week calendar of a teacher with 40
recurring and 100 one-off lessons (about 200 events), and that teacher's lesson and recording
lists of 100 items each.

Last, unless --no-instructions, it restarts the pool with one worker under callgrind and
counts the instructions per request of calendar, health and webhook (user space of the worker,
from accepting the request to finishing it; stable from run to run, unlike timings) and checks
them against Tests/Benchmarks/instructions.json. Exits 1 when a count exceeds its threshold.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "deploy" / "local"))
from stack import Stack, is_root, wait_until  # noqa: E402

APT_PACKAGES = ["wrk", "spawn-fcgi", "php-fpm", "libfcgi-dev", "gcc", "valgrind"]
THRESHOLDS = HERE / "instructions.json"
WEBHOOK_SECRET = "bench-webhook-secret"
WEBHOOK_PATH = "/schedule/api/zoom/webhook/"

NGINX, C, PHP = "nginx return 200", "C libfcgi responder (spawn-fcgi)", "php-fpm trivial script"
HEALTH, NOT_FOUND, WEBHOOK = "lectern health", "lectern 404 (no database)", "lectern signed webhook"
CALENDAR, LESSONS, RECORDINGS = "lectern calendar (40 rec + 100)", "lectern lessons (100 items)", "lectern recordings (100)"

# SPEC §12 and issue 10: the least share of the C ceiling's requests/s each route must reach.
TARGETS = {HEALTH: 0.8, WEBHOOK: 0.3, CALENDAR: 0.15, LESSONS: 0.15, RECORDINGS: 0.15}
CALENDAR_P99_MS = 30.0


class BenchStack(Stack):
    """The test stack's nginx with three extra locations for the baselines."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.c_socket = self.fcgi_socket.with_name("c-responder.sock")
        self.php_socket = self.fcgi_socket.with_name("php-fpm.sock")

    def render_nginx_config(self, port: int) -> str:
        text = super().render_nginx_config(port)
        # The baselines' locations go before the shared routing (nginx/lectern-routes.conf).
        extra = f"""
        location = /bench/static {{
            default_type application/json;
            return 200 '{{"status":"ok","database":"ok"}}';
        }}
        location = /bench/c {{
            include /etc/nginx/fastcgi_params;
            fastcgi_pass unix:{self.c_socket};
        }}
        location = /bench/php {{
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME {HERE / 'hello.php'};
            fastcgi_pass unix:{self.php_socket};
        }}

        include """
        return text.replace("\n        include ", extra, 1)


def ensure_packages() -> None:
    missing = [p for p in APT_PACKAGES
               if subprocess.run(["dpkg", "-s", p], capture_output=True).returncode != 0]
    if missing:
        prefix = [] if is_root() else ["sudo"]
        subprocess.run(prefix + ["apt-get", "update", "-qq"], check=True)
        subprocess.run(prefix + ["apt-get", "install", "-y", "-qq", *missing], check=True)


def build_lectern() -> Path:
    subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "lectern",
                    "--scratch-path", str(REPO / ".build-static")], cwd=REPO, check=True)
    return REPO / ".build-static" / "release" / "lectern"


def php_fpm_binary() -> str:
    for name in sorted(os.listdir("/usr/sbin"), reverse=True):
        if re.fullmatch(r"php-fpm[0-9.]*", name):
            return f"/usr/sbin/{name}"
    raise SystemExit("php-fpm not found")


def start_baselines(stack: BenchStack, workers: int, scratch: Path) -> list[subprocess.Popen]:
    responder = scratch / "fcgi_hello"
    subprocess.run(["gcc", "-O2", "-o", str(responder), str(HERE / "fcgi_hello.c"), "-lfcgi"], check=True)
    subprocess.run(["spawn-fcgi", "-s", str(stack.c_socket), "-M", "0666", "-F", str(workers),
                    "-P", str(scratch / "spawn-fcgi.pid"), "--", str(responder)], check=True,
                   stdout=subprocess.DEVNULL)
    config = scratch / "php-fpm.conf"
    user = "user = root\ngroup = root\n" if is_root() else ""
    config.write_text(f"""[global]
pid = {scratch}/php-fpm.pid
error_log = {scratch}/php-fpm.log
daemonize = no
[bench]
{user}listen = {stack.php_socket}
listen.mode = 0666
pm = static
pm.max_children = {workers}
""")
    argv = [php_fpm_binary(), "--fpm-config", str(config), "--nodaemonize"] + (["--allow-to-run-as-root"] if is_root() else [])
    php = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    wait_until(lambda: stack.php_socket.exists() and stack.c_socket.exists(), 20, "baseline sockets")
    return [php]


def stop_baselines(procs: list[subprocess.Popen], scratch: Path) -> None:
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)
    pid_file = scratch / "spawn-fcgi.pid"
    if pid_file.exists():
        for pid in pid_file.read_text().split():
            try:
                os.kill(int(pid), 15)
            except ProcessLookupError:
                pass


class Target:
    """One URL to load: GET with headers, or a POST whose body and headers a Lua script sets
    (wrk then still sends the same precomputed request every time)."""

    def __init__(self, name: str, url: str, headers: tuple[str, ...] = (), script: Path | None = None):
        self.name, self.url, self.headers, self.script = name, url, headers, script


def wrk(target: Target, duration: int, connections: int) -> dict:
    header_args = [arg for header in target.headers for arg in ("-H", header)]
    script_args = ["-s", str(target.script)] if target.script else []
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", *header_args,
                          *script_args, target.url], capture_output=True, text=True, check=True).stdout

    def latency(label: str) -> float:
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": latency("50"), "p99": latency("99"),
            "non2xx": int(errors.group(1)) if errors else 0,
            "socket_errors": socket_errors.group(1) if socket_errors else "none"}


def seed_busy_teacher(stack: BenchStack) -> tuple[str, int, int]:
    """A teacher with 40 recurring lessons and 100 one-off lessons over four weeks (2030-02-04
    to 2030-03-03), and 100 recordings of those lessons; returns the teacher's bearer token,
    id and group id."""
    email, password = "bench-teacher@bench.example", "bench-password"
    teacher = stack.add_user(email, "Bench Teacher", "teacher", password)
    group = int(stack.lectern("group", "add", "--teacher", email, "--name", "Bench").stdout.strip())
    stack.sql("INSERT INTO recurring_lessons (title, teacher_id, group_id, day_of_week, start_time, duration_minutes, "
              "week_type, valid_from, timezone) VALUES " + ", ".join(
                  f"('Recurring lesson {i}', {teacher}, {group}, {i % 7 + 1}, '{8 + i % 10:02d}:00:00', 60, "
                  f"'{('all', 'upper', 'lower')[i % 3]}', '2030-01-01', 'Europe/Berlin')" for i in range(40)))
    stack.sql("INSERT INTO lessons (title, teacher_id, group_id, start_time, end_time, topics) "
              f"SELECT CONCAT('Lesson ', seq), {teacher}, {group}, TIMESTAMP '2030-02-04 06:00:00' + INTERVAL seq * 400 MINUTE, "
              "TIMESTAMP '2030-02-04 07:00:00' + INTERVAL seq * 400 MINUTE, 'Fractions, \"percent\" and ratios' "
              "FROM seq_0_to_99")
    stack.sql("INSERT INTO recordings (zoom_file_id, lesson_id, meeting_id, meeting_uuid, topic, file_type, "
              "file_extension, recording_type, file_size, recording_start, recording_end, status, web_view_link, "
              "available_until) "
              "SELECT CONCAT('bench-file-', l.id), l.id, '85746352411', CONCAT('bench-uuid-', l.id), l.title, 'MP4', "
              "'MP4', 'shared_screen_with_speaker_view', 523239424, l.start_time, l.end_time, 'ready', "
              "CONCAT('https://drive.google.com/file/d/bench', l.id, '/view'), l.start_time + INTERVAL 90 DAY "
              f"FROM lessons l WHERE l.teacher_id = {teacher} ORDER BY l.id LIMIT 100")
    return stack.login(email, password), teacher, group


def signed_webhook(scratch: Path) -> Path:
    """A wrk script sending one signed `meeting.started` delivery (of a meeting Lectern does not
    know), signed now: Zoom's signature stays valid for 300 s."""
    body = json.dumps({"event": "meeting.started", "event_ts": int(time.time() * 1000),
                       "payload": {"account_id": "AbCdEfGhIjKlMnOpQrStUv", "object": {
                           "id": "85746352411", "uuid": "4Qa+Zk0pT1e0n3sYq8mXwA==", "host_id": "zU2k8XqLTe6yD1vJ0aBcDe",
                           "topic": "Algebra — group 11A", "type": 2, "start_time": "2025-01-15T10:00:02Z",
                           "timezone": "Europe/Moscow", "duration": 60}}}, ensure_ascii=False)
    stamp = str(int(time.time()))
    signature = "v0=" + hmac.new(WEBHOOK_SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    script = scratch / "webhook.lua"
    script.write_text(f"""wrk.method = "POST"
wrk.body = {lua_string(body)}
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-zm-request-timestamp"] = "{stamp}"
wrk.headers["x-zm-signature"] = "{signature}"
wrk.headers["x-zm-trackingid"] = "bench-tracking-id"
""")
    return script


def lua_string(text: str) -> str:
    return '"' + "".join(f"\\{b:03d}" if b < 32 or b > 126 or b in (34, 92) else chr(b) for b in text.encode()) + '"'


def memory(pid: int) -> dict:
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        parts = line.split()
        if parts and parts[0].rstrip(":") in ("Rss", "Pss", "Private_Clean", "Private_Dirty"):
            values[parts[0].rstrip(":")] = int(parts[1]) / 1024
    values["Private"] = values.pop("Private_Clean", 0) + values.pop("Private_Dirty", 0)
    return values


# ---------------------------------------------------------------- instructions per request

def count_instructions(stack: BenchStack, binary: Path, token: str, calendar_path: str, scratch: Path,
                       requests: int) -> dict[str, float]:
    """Restarts the pool with one worker under callgrind and counts, for each route, the
    instructions the worker spends on `requests` requests after a warm-up of 5."""
    stack.stop_lectern()
    wrapper = scratch / "lectern-under-callgrind"
    out_dir = scratch / "callgrind"
    out_dir.mkdir()
    wrapper.write_text(f"""#!/bin/sh
exec valgrind --tool=callgrind --trace-children=yes --dump-instr=no --compress-strings=no \\
    --callgrind-out-file={out_dir}/callgrind.%p {binary} "$@"
""")
    wrapper.chmod(0o755)
    stack.lectern_bin = wrapper
    stack.serve_args = ("--no-transfer",)
    stack.extra_env.update({"LECTERN_WORKERS": "1", "LECTERN_REQUEST_TIMEOUT": "300", "LECTERN_MAX_REQUESTS": "0"})
    stack.write_env()
    stack.start_lectern(timeout=300)
    (worker,) = wait_until(lambda: stack.worker_pids() or None, 60, "the worker under callgrind")

    def webhook_request() -> tuple[int, object, object]:
        body = json.dumps({"event": "meeting.started", "event_ts": int(time.time() * 1000),
                           "payload": {"account_id": "AbCdEfGhIjKlMnOpQrStUv", "object": {
                               "id": "85746352411", "uuid": "4Qa+Zk0pT1e0n3sYq8mXwA==", "topic": "Algebra",
                               "type": 2, "start_time": "2025-01-15T10:00:02Z", "duration": 60}}})
        stamp = str(int(time.time()))
        signature = "v0=" + hmac.new(WEBHOOK_SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
        return stack.request("POST", WEBHOOK_PATH, body=body, headers={
            "Content-Type": "application/json", "x-zm-request-timestamp": stamp, "x-zm-signature": signature})

    routes = {
        "health": lambda: stack.request("GET", "/api/schedule/health/"),
        "webhook": webhook_request,
        "calendar": lambda: stack.request("GET", calendar_path, token=token),
    }
    counts: dict[str, float] = {}
    seen: set[Path] = set()
    for name, send in routes.items():
        for _ in range(5):
            send()
        dump(worker, out_dir, seen)
        for _ in range(requests):
            status, _, body = send()
            if status != 200:
                raise SystemExit(f"{name} under callgrind answered {status}: {body}")
        counts[name] = dump(worker, out_dir, seen) / requests
    stack.stop_lectern()
    return counts


def dump(pid: int, out_dir: Path, seen: set[Path]) -> int:
    """Makes callgrind dump (and zero) the worker's counters; returns the instructions since
    the previous dump."""
    out = subprocess.run(["callgrind_control", "--dump", str(pid)], capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise SystemExit(f"callgrind_control failed: {out.stdout}{out.stderr}")

    def written() -> Path | None:
        fresh = [p for p in out_dir.glob(f"callgrind.{pid}*") if p not in seen and p.stat().st_size > 0]
        return fresh[0] if len(fresh) == 1 else None

    path = wait_until(written, 60, "callgrind's dump")
    seen.add(path)
    match = re.search(r"^(?:summary|totals):\s+(\d+)", path.read_text(errors="replace"), re.M)
    if not match:
        raise SystemExit(f"no instruction total in {path}")
    return int(match.group(1))


def check_instructions(counts: dict[str, float]) -> bool:
    thresholds = json.loads(THRESHOLDS.read_text())
    ok = True
    print(f"\ninstructions per request (callgrind, one worker, user space; thresholds in {THRESHOLDS.relative_to(REPO)})")
    print(f"{'route':10} {'measured':>12} {'threshold':>12}")
    for name, value in counts.items():
        limit = thresholds.get(name, {}).get("max")
        verdict = "no threshold" if limit is None else "ok" if value <= limit else "OVER THE THRESHOLD"
        ok = ok and (limit is None or value <= limit)
        print(f"{name:10} {value:12,.0f} {limit or 0:12,}  {verdict}")
    return ok


# ---------------------------------------------------------------- main

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--lectern-bin", type=Path, help="skip the release build and use this binary")
    parser.add_argument("--requests", type=int, default=40, help="requests per route under callgrind")
    parser.add_argument("--no-instructions", action="store_true", help="skip counting instructions")
    parser.add_argument("--no-load", action="store_true", help="only count instructions (no wrk runs)")
    parser.add_argument("--keep-callgrind", type=Path, help="copy callgrind's dumps here (for callgrind_annotate)")
    args = parser.parse_args()

    ensure_packages()
    binary = (args.lectern_bin or build_lectern()).resolve()
    scratch = Path(tempfile.mkdtemp(prefix="lectern-bench-"))
    stack = BenchStack(None, binary, workers=args.workers,
                       extra_env={"LECTERN_LOG_LEVEL": "warning", "ZOOM_WEBHOOK_SECRET_TOKEN": WEBHOOK_SECRET})
    procs: list[subprocess.Popen] = []
    passed = True
    try:
        stack.start_mariadb()
        stack.make_certificate()
        procs = start_baselines(stack, args.workers, scratch)
        stack.start_nginx()
        stack.write_env()
        stack.migrate()
        stack.start_lectern()
        base = stack.base_url
        token, _, _ = seed_busy_teacher(stack)
        auth = (f"Authorization: Bearer {token}",)
        calendar_path = "/api/schedule/calendar/?from=2030-02-04&to=2030-03-03"
        status, _, answer = stack.request("GET", calendar_path, token=token)
        events = len(answer["events"]) if status == 200 else 0
        targets = [
            Target(NGINX, f"{base}/bench/static"),
            Target(C, f"{base}/bench/c"),
            Target(PHP, f"{base}/bench/php"),
            Target(HEALTH, f"{base}/api/schedule/health/"),
            Target(NOT_FOUND, f"{base}/api/bench-no-such-route/"),
            Target(WEBHOOK, f"{base}{WEBHOOK_PATH}", script=signed_webhook(scratch)),
            Target(CALENDAR, f"{base}{calendar_path}", auth),
            Target(LESSONS, f"{base}/api/schedule/lessons/?limit=100", auth),
            Target(RECORDINGS, f"{base}/api/schedule/recordings/?limit=100", auth),
        ]
        if args.no_load:
            targets = []
        for target in targets:  # warm up every path once
            wrk(target, 1, 4)
        load_before = os.getloadavg()
        started = dt.datetime.now(dt.timezone.utc)
        results = {t.name: wrk(t, args.duration, args.connections) for t in targets}
        load_after = os.getloadavg()
        nginx, ceiling, php = (results[name]["rps"] if results else float("nan") for name in (NGINX, C, PHP))
        sizes = {name: len(json.dumps(stack.request("GET", path, token=token)[2]).encode())
                 for name, path in ((CALENDAR, calendar_path), (LESSONS, "/api/schedule/lessons/?limit=100"),
                                    (RECORDINGS, "/api/schedule/recordings/?limit=100"))}

        print(f"\n{started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average {load_before[0]:.1f} before and "
              f"{load_after[0]:.1f} after; {args.workers} workers each, wrk -t2 -c{args.connections} -d{args.duration}s, "
              f"TLS via one nginx; calendar: {events} events, ~{sizes[CALENDAR] // 1024} KiB")
        print(f"{'target':34} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'/nginx':>7} {'/C':>6} {'/php':>6} {'target':>7}  errors")
        for name, r in results.items():
            errors = f"non-2xx={r['non2xx']}" if r["non2xx"] and name != NOT_FOUND else ""
            if r["socket_errors"] != "none":
                errors += f" socket: {r['socket_errors']}"
            ratio = r["rps"] / ceiling
            goal = TARGETS.get(name)
            met = "" if goal is None else f"{'≥' if ratio >= goal else 'MISS '}{goal:.2f}"
            if goal is not None and ratio < goal:
                passed = False
            print(f"{name:34} {r['rps']:8.0f} {r['p50']:7.2f} {r['p99']:7.2f} {r['rps'] / nginx:7.2f} "
                  f"{ratio:6.2f} {r['rps'] / php:6.2f} {met:>7}  {errors}")
        if results and results[CALENDAR]["p99"] >= CALENDAR_P99_MS:
            passed = False
        if results:
            print(f"calendar p99 {results[CALENDAR]['p99']:.1f} ms (target < {CALENDAR_P99_MS:.0f} ms)")
        for pid in sorted(stack.worker_pids()):
            m = memory(pid)
            print(f"worker {pid}: RSS {m['Rss']:.1f} MiB, PSS {m['Pss']:.1f} MiB, private {m['Private']:.1f} MiB")

        if not args.no_instructions:
            counts = count_instructions(stack, binary, token, calendar_path, scratch, args.requests)
            if args.keep_callgrind:
                shutil.copytree(scratch / "callgrind", args.keep_callgrind, dirs_exist_ok=True)
            if not check_instructions(counts):
                passed = False
    finally:
        stop_baselines(procs, scratch)
        stack.down()
        shutil.rmtree(scratch, ignore_errors=True)
    if not passed:
        print("\nsome targets or thresholds were missed (see above)")
        sys.exit(1)


if __name__ == "__main__":
    main()
