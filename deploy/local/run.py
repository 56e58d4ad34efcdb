#!/usr/bin/env python3
"""Run the whole Lectern stack locally (README: `deploy/local/run`).

Builds the release binaries, starts MariaDB (own data dir), nginx with a self-signed
certificate and the pool (master, workers, transfer child) under .local/stack/, seeds
demo users, prints a walkthrough and stays in the foreground until Ctrl-C; then stops
everything. The directory is kept (logs, config, certificate) until the next run.

`deploy/local/run` installs missing Debian packages first and then runs this file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

from stack import Stack, StackError, tail  # noqa: E402

DEMO_USERS = [
    ("admin@school.example", "Ada Admin", "admin"),
    ("teacher@school.example", "Tom Teacher", "teacher"),
    ("student@school.example", "Sam Student", "student"),
]


def has_product(name: str) -> bool:
    text = (REPO / "Package.swift").read_text()
    return re.search(r'\.executable\(\s*name:\s*"' + re.escape(name) + '"', text) is not None


def build(configuration: str) -> Path:
    products = ["lectern"] + (["lectern-sim"] if has_product("lectern-sim") else [])
    for product in products:
        print(f"==> swift build -c {configuration} --product {product}", flush=True)
        subprocess.run(["swift", "build", "-c", configuration, "--product", product], cwd=REPO, check=True)
    out = subprocess.run(["swift", "build", "-c", configuration, "--show-bin-path"], cwd=REPO, check=True,
                         stdout=subprocess.PIPE, text=True).stdout.strip()
    return Path(out)


def seed(stack: Stack) -> tuple[list[tuple[str, str, str]], str]:
    accounts = []
    next_year = (dt.date.today() + dt.timedelta(days=365)).isoformat()
    for email, name, role in DEMO_USERS:
        password = secrets.token_urlsafe(12)
        stack.add_user(email, name, role, password,
                       subscription_until=next_year if role == "teacher" else None)
        accounts.append((email, role, password))
    for host in ("host1@school.example", "host2@school.example"):
        stack.lectern("account", "add", "--email", host, "--max-concurrent", "1")
    group = stack.lectern("group", "add", "--teacher", "teacher@school.example", "--name", "Demo group",
                          "--student", "student@school.example").stdout.strip()
    return accounts, group


def walkthrough(stack: Stack, accounts: list[tuple[str, str, str]], group: str) -> str:
    c = f"curl -sS -w '\\n' --cacert {stack.cert}"
    url = stack.base_url
    teacher = next(a for a in accounts if a[1] == "teacher")
    admin = next(a for a in accounts if a[1] == "admin")
    lines = [
        "",
        "Lectern is running.",
        "",
        f"  API (nginx + TLS)  {url}/api/",
        f"  stack directory    {stack.root}",
        f"  pool log           {stack.lectern_log}",
        f"  nginx error log    {stack.nginx_error_log}",
        f"  MariaDB            mariadb --no-defaults -uroot --socket={stack.mysql_socket} {stack.database}",
        f"  env file           {stack.env_file}",
    ]
    if stack.sim_port is not None:
        lines.append(f"  lectern-sim        {stack.sim_url}  (Zoom and Google Drive emulator)")
    lines += ["", "Demo users (passwords are new on every run):"]
    for email, role, password in accounts:
        lines.append(f"  {role:8} {email:26} {password}")
    lines += [
        "",
        "Try:",
        f"  {c} {url}/api/schedule/health/",
        f"  TOKEN=$({c} -H 'Content-Type: application/json' \\",
        f"      -d '{{\"email\":\"{teacher[0]}\",\"password\":\"{teacher[2]}\"}}' {url}/api/auth/token/ \\",
        "      | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')",
        f"  {c} -H \"Authorization: Bearer $TOKEN\" {url}/api/me/",
        "",
        "A recorded lesson, started through the pool and ended in the emulated Zoom:",
        f"  AUTH=\"Authorization: Bearer $TOKEN\"; JSON='Content-Type: application/json'",
        f"  LESSON=$({c} -H \"$AUTH\" -H \"$JSON\" {url}/api/schedule/lessons/ -d \"$(printf \\",
        f"      '{{\"title\":\"Algebra\",\"group_id\":{group},\"start_time\":\"%s\",\"duration\":5,"
        "\"record_lesson\":true}' \"$(date -u +%FT%TZ)\")\" \\",
        "      | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"id\"])')",
        f"  MEETING=$({c} -H \"$AUTH\" -X POST {url}/api/schedule/lessons/$LESSON/start-new/ \\",
        "      | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"zoom_meeting_id\"])')",
        f"  curl -sS -X POST {stack.sim_url}/_sim/meetings/$MEETING/end     # meeting.ended + recording.completed",
        f"  {c} -H \"$AUTH\" {url}/api/schedule/lessons/$LESSON/recordings/   # ready within seconds",
        f"  curl -sS {stack.sim_url}/_sim/drive/files                      # the copies on the emulated Drive",
        f"  REC=$({c} -H \"$AUTH\" {url}/api/schedule/lessons/$LESSON/recordings/ \\",
        "      | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"results\"][0][\"id\"])')",
        f"  {c} -H \"$AUTH\" -o recording.bin {url}/api/schedule/recordings/$REC/content/   # streamed by nginx from Drive",
        f"  ADMIN=$({c} -H 'Content-Type: application/json' \\",
        f"      -d '{{\"email\":\"{admin[0]}\",\"password\":\"{admin[2]}\"}}' {url}/api/auth/token/ \\",
        "      | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')",
        f"  {c} -H \"Authorization: Bearer $ADMIN\" {url}/api/schedule/drive-access/   # the folder permissions Lectern manages (admins)",
        "",
        "Operations:",
        f"  {c} {url}/api/schedule/status/      # loopback only",
        f"  {c} {url}/metrics                   # loopback only",
        f"  {stack.lectern_bin} status --config {stack.env_file}",
        f"  {stack.lectern_bin} zoom2drive --user all --config {stack.env_file}   # what bulk migration would move",
        f"  kill -HUP {stack.master_pid}    # graceful reload of the workers",
        f"  tail -f {stack.lectern_log}",
        "",
        "Ctrl-C stops everything.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=3, help="worker processes (default 3)")
    parser.add_argument("--debug", action="store_true", help="build and run the debug configuration")
    parser.add_argument("--no-build", action="store_true", help="use the binaries already built")
    parser.add_argument("--root", type=Path, default=REPO / ".local" / "stack", help="stack directory")
    options = parser.parse_args()

    configuration = "debug" if options.debug else "release"
    if options.no_build:
        bin_dir = REPO / ".build" / configuration
    else:
        bin_dir = build(configuration)
    lectern = bin_dir / "lectern"
    if not lectern.exists():
        print(f"run: {lectern} does not exist", file=sys.stderr)
        return 1

    root = options.root.resolve()
    Stack.reap_leftovers(root)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)

    stopping = []

    def on_signal(signum: int, _frame) -> None:
        stopping.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    stack: Stack | None = None
    try:
        stack = Stack(root, lectern, workers=options.workers, keep=True, sim_state=root / "sim")
        print(f"==> starting MariaDB, nginx and the pool under {root}", flush=True)
        stack.up()
        accounts, group = seed(stack)
        text = walkthrough(stack, accounts, group)
        (root / "walkthrough.txt").write_text(text)
        print(text, flush=True)
        while True:
            if stack.master_pid is None:
                code = stack.lectern_process.returncode if stack.lectern_process else None
                print(f"run: the pool's master exited ({code}); see {stack.lectern_log}", file=sys.stderr)
                print(tail(stack.lectern_log, 20), file=sys.stderr)
                return 1
            time.sleep(1)  # idle: nothing to synchronise with, just watching the master
    except KeyboardInterrupt:
        print("\n==> stopping", flush=True)
        return 0
    except (StackError, TimeoutError, subprocess.CalledProcessError) as e:
        print(f"run: {e}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the teardown
        if stack is not None:
            stack.down()
        print(f"stopped; logs and config kept in {root}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
