"""Helpers shared by the load tests in Tests/Benchmarks (pool_load.py, webhook_load.py).

Standard library only; importing it puts deploy/local on sys.path, so `from stack import
Stack` works after `import loadkit`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
if str(REPO / "deploy" / "local") not in sys.path:
    sys.path.insert(0, str(REPO / "deploy" / "local"))
from stack import Stack  # noqa: E402

DEBUG_BIN = REPO / ".build" / "debug" / "lectern"


def default_lectern_bin() -> Path:
    """$LECTERN_BIN, else the debug build (lectern-sim must sit beside it, or be named by
    $LECTERN_SIM_BIN)."""
    return Path(os.environ.get("LECTERN_BIN") or DEBUG_BIN)


def add_binary_options(parser: argparse.ArgumentParser) -> None:
    """--lectern-bin, --build and --keep, as every stack benchmark takes them."""
    parser.add_argument("--lectern-bin", type=Path, help="default $LECTERN_BIN, else .build/debug/lectern")
    parser.add_argument("--build", action="store_true", help="build release binaries first and use them")
    parser.add_argument("--keep", action="store_true", help="keep the stack's directory (logs, data) afterwards")


def chosen_binary(args: argparse.Namespace) -> Path:
    """The binary the options name: a fresh release build with --build (lectern-sim beside it)."""
    if args.build:
        # One product per build: given `--product` twice, SwiftPM builds only the last.
        for product in ("lectern", "lectern-sim"):
            subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=REPO, check=True)
        return REPO / ".build" / "release" / "lectern"
    return args.lectern_bin or default_lectern_bin()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def latency_line(values: list[float], fractions: tuple[float, ...] = (0.5, 0.99)) -> str:
    """`n=… p50=… ms p99=… ms max=… ms mean=… ms` of latencies given in seconds."""
    quantiles = " ".join(f"p{round(f * 100)}={percentile(values, f) * 1000:.1f} ms" for f in fractions)
    return (f"n={len(values)} {quantiles} max={max(values) * 1000:.1f} ms "
            f"mean={statistics.mean(values) * 1000:.1f} ms")


def seed_pool(stack: Stack, hosts: int, lessons: int) -> tuple[str, list[int]]:
    """A teacher with `lessons` lessons starting soon, and `hosts` pool hosts of capacity 1
    (every other host taken out of the pool); returns the teacher's token and the lesson ids."""
    password = "load-test-password"
    teacher = stack.add_user(f"load-{time.monotonic_ns()}@bench.test", "Load Teacher", "teacher", password)
    token = stack.login(stack.sql(f"SELECT email FROM users WHERE id = {teacher}")[0][0], password)
    stack.sql("UPDATE zoom_accounts SET is_active = 0")
    stamp = time.monotonic_ns()
    stack.sql("INSERT INTO zoom_accounts (app_id, email, max_concurrent_meetings) VALUES "
              + ", ".join(f"(1, 'load-{stamp}-{i}@pool.bench', 1)" for i in range(hosts)))
    start = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)
    begin = start.strftime("%Y-%m-%d %H:%M:%S")
    end = (start + dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
    stack.sql("INSERT INTO lessons (title, teacher_id, start_time, end_time) VALUES "
              + ", ".join(f"('Load {i}', {teacher}, '{begin}', '{end}')" for i in range(lessons)))
    ids = [int(row[0]) for row in stack.sql(f"SELECT id FROM lessons WHERE teacher_id = {teacher} ORDER BY id")]
    return token, ids


def zoom_signature(raw: bytes, timestamp: str, secret: str) -> str:
    """`x-zm-signature` of a webhook body, as Zoom computes it."""
    return "v0=" + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
