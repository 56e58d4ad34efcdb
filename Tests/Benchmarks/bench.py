#!/usr/bin/env python3
"""Lectern's benchmark: run by hand, never as a timed test.

    python3 Tests/Benchmarks/bench.py [--duration 10] [--connections 32] [--workers 2]

Brings up the real stack (MariaDB, nginx + TLS, `lectern serve` from a release build with a
static Swift stdlib) and, behind the SAME nginx listener, three baselines:

- nginx's own `return 200` (the cost of nginx + TLS alone),
- a bare C libfcgi responder forked N times by spawn-fcgi (the ceiling of a prefork
  FastCGI pool: no routing, no database, no logging),
- php-fpm (pm=static, N children) running a trivial script.

Then it measures each with wrk in one run and prints requests/s, p50/p99 latency and the
ratio against the C responder, plus the memory of a Lectern worker (RSS, PSS, private).
Lectern is measured three times: `health` (which pings MariaDB: one round trip per request),
a 404 through the full pipeline (routing, error JSON, request log) with no database, and
the four-week calendar of a teacher with 40 recurring and 500 one-off lessons (token
look-up plus the calendar's two indexed statements, about 600 events of JSON per answer).
Target (issue 2): the Swift layer costs < 10 % against the C responder; worker RSS < 20 MiB.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "deploy" / "local"))
from stack import Stack, is_root, wait_until  # noqa: E402

APT_PACKAGES = ["wrk", "spawn-fcgi", "php-fpm", "libfcgi-dev", "gcc"]


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


def wrk(url: str, duration: int, connections: int, headers: tuple[str, ...] = ()) -> dict:
    header_args = [arg for header in headers for arg in ("-H", header)]
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", *header_args, url],
                         capture_output=True, text=True, check=True).stdout

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


def seed_busy_teacher(stack: BenchStack) -> tuple[str, str]:
    """A teacher with 40 recurring and 500 one-off lessons over four weeks (2030-02-04 to
    2030-03-03); returns the calendar path for those weeks and the teacher's bearer token."""
    email, password = "bench-teacher@bench.example", "bench-password"
    teacher = stack.add_user(email, "Bench Teacher", "teacher", password)
    group = int(stack.lectern("group", "add", "--teacher", email, "--name", "Bench").stdout.strip())
    stack.sql("INSERT INTO recurring_lessons (title, teacher_id, group_id, day_of_week, start_time, duration_minutes, "
              "week_type, valid_from, timezone) VALUES " + ", ".join(
                  f"('R{i}', {teacher}, {group}, {i % 7 + 1}, '{8 + i % 10:02d}:00:00', 60, "
                  f"'{('all', 'upper', 'lower')[i % 3]}', '2030-01-01', 'Europe/Berlin')" for i in range(40)))
    stack.sql("INSERT INTO lessons (title, teacher_id, group_id, start_time, end_time) "
              f"SELECT CONCAT('L', seq), {teacher}, {group}, TIMESTAMP '2030-02-04 06:00:00' + INTERVAL seq * 77 MINUTE, "
              "TIMESTAMP '2030-02-04 07:00:00' + INTERVAL seq * 77 MINUTE FROM seq_0_to_499")
    return "/api/schedule/calendar/?from=2030-02-04&to=2030-03-03", stack.login(email, password)


def memory(pid: int) -> dict:
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        parts = line.split()
        if parts and parts[0].rstrip(":") in ("Rss", "Pss", "Private_Clean", "Private_Dirty"):
            values[parts[0].rstrip(":")] = int(parts[1]) / 1024
    values["Private"] = values.pop("Private_Clean", 0) + values.pop("Private_Dirty", 0)
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lectern-bin", type=Path, help="skip the release build and use this binary")
    args = parser.parse_args()

    ensure_packages()
    binary = args.lectern_bin or build_lectern()
    scratch = Path(tempfile.mkdtemp(prefix="lectern-bench-"))
    stack = BenchStack(None, binary, workers=args.workers,
                       extra_env={"LECTERN_LOG_LEVEL": "warning"})
    procs: list[subprocess.Popen] = []
    try:
        stack.start_mariadb()
        stack.make_certificate()
        procs = start_baselines(stack, args.workers, scratch)
        stack.start_nginx()
        stack.write_env()
        stack.migrate()
        stack.start_lectern()
        base = stack.base_url
        calendar_path, token = seed_busy_teacher(stack)
        calendar = "lectern calendar (40 recurring + 500)"
        targets = [
            ("nginx return 200", f"{base}/bench/static"),
            ("C libfcgi responder (spawn-fcgi)", f"{base}/bench/c"),
            ("php-fpm trivial script", f"{base}/bench/php"),
            ("lectern health (pings MariaDB)", f"{base}/api/schedule/health/"),
            ("lectern 404 (no database)", f"{base}/api/bench-no-such-route/"),
            (calendar, f"{base}{calendar_path}"),
        ]
        headers = {calendar: (f"Authorization: Bearer {token}",)}
        for name, url in targets:  # warm up every path once
            wrk(url, 1, 4, headers.get(name, ()))
        results = {name: wrk(url, args.duration, args.connections, headers.get(name, ())) for name, url in targets}
        ceiling = results["C libfcgi responder (spawn-fcgi)"]["rps"]
        print(f"\n{args.workers} workers each, {args.connections} connections, {args.duration}s, wrk -t2, TLS via nginx")
        print(f"{'target':36} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs C':>7}  errors")
        for name, r in results.items():
            expected_404 = name.startswith("lectern 404")
            errors = f"non-2xx={r['non2xx']}" if r["non2xx"] and not expected_404 else ""
            if r["socket_errors"] != "none":
                errors += f" socket: {r['socket_errors']}"
            print(f"{name:36} {r['rps']:9.0f} {r['p50']:8.2f} {r['p99']:8.2f} {r['rps'] / ceiling:7.2f}  {errors}")
        swift_cost = 1 - results["lectern 404 (no database)"]["rps"] / ceiling
        print(f"\nSwift layer cost vs the C responder (same work, no database): {swift_cost * 100:.1f} % (target < 10 %)")
        for pid in sorted(stack.worker_pids()):
            m = memory(pid)
            print(f"worker {pid}: RSS {m['Rss']:.1f} MiB, PSS {m['Pss']:.1f} MiB, private {m['Private']:.1f} MiB (target RSS < 20 MiB)")
    finally:
        stop_baselines(procs, scratch)
        stack.down()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
