#!/usr/bin/env python3
"""The pool under load: run by hand, never as a timed test.

    python3 Tests/Benchmarks/pool_load.py [--requests 500] [--hosts 50] [--latency-ms 50]
                                          [--workers 8] [--bin PATH]

Brings up the real stack (MariaDB, nginx + TLS, `lectern serve`, lectern-sim with every
Zoom answer delayed by --latency-ms), adds --hosts pool hosts of capacity 1 and one
lesson per request, then fires --requests `start-new` at once (one thread each, released
together). Expected: exactly `hosts` answers 200, the rest 429 pool_exhausted, no 5xx,
and no host with more than one unreleased lease. Prints the counts and p50/p99 latency of
the 200s and of the 429s; exits 1 when an expectation fails.

The binary is --bin, else $LECTERN_BIN, else .build/debug/lectern; lectern-sim must sit
beside it (or be named by $LECTERN_SIM_BIN).
"""
from __future__ import annotations

import argparse
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from loadkit import default_lectern_bin, latency_line, seed_pool
from stack import Stack  # on sys.path through loadkit


def fire(stack: Stack, token: str, lesson_ids: list[int]) -> list[tuple[int, float, str]]:
    """One start-new per lesson, all released at once; (status, seconds, error code) each."""
    barrier = threading.Barrier(len(lesson_ids))
    results: list[tuple[int, float, str]] = [(0, 0.0, "")] * len(lesson_ids)

    def run(index: int) -> None:
        barrier.wait()
        began = time.monotonic()
        try:
            status, _, body = stack.request("POST", f"/api/schedule/lessons/{lesson_ids[index]}/start-new/",
                                            token=token, timeout=120)
            code = body.get("code", "") if isinstance(body, dict) else ""
        except Exception as error:  # noqa: BLE001 - counted as a failure below
            status, code = -1, type(error).__name__
        results[index] = (status, time.monotonic() - began, code)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(lesson_ids))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--bin", type=Path, default=default_lectern_bin())
    args = parser.parse_args()
    if args.requests < args.hosts:
        parser.error("--requests must be at least --hosts")

    stack = Stack(None, args.bin, workers=args.workers)
    stack.up()
    try:
        if stack.sim_port is None:
            print(f"lectern-sim not found beside {args.bin}", file=sys.stderr)
            return 1
        token, lessons = seed_pool(stack, args.hosts, args.requests)
        stack.sim_request("POST", "/_sim/latency", {"ms": args.latency_ms})
        began = time.monotonic()
        results = fire(stack, token, lessons)
        wall = time.monotonic() - began

        counts = Counter(status for status, _, _ in results)
        ok = [seconds for status, seconds, _ in results if status == 200]
        exhausted = [seconds for status, seconds, code in results if status == 429 and code == "pool_exhausted"]
        over = stack.sql("SELECT a.email, COUNT(*) FROM zoom_leases l JOIN zoom_accounts a ON a.id = l.account_id "
                         "WHERE l.released_at IS NULL AND a.is_active = 1 GROUP BY a.id HAVING COUNT(*) > 1")
        leased = int(stack.sql("SELECT COUNT(DISTINCT l.account_id) FROM zoom_leases l JOIN zoom_accounts a "
                               "ON a.id = l.account_id WHERE l.released_at IS NULL AND a.is_active = 1")[0][0])

        print(f"{args.requests} simultaneous start-new, {args.hosts} hosts of capacity 1, "
              f"Zoom latency {args.latency_ms} ms, {args.workers} workers: {wall:.2f} s wall")
        print("answers: " + ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())))
        for label, values in (("200", ok), ("429", exhausted)):
            if values:
                print(f"  {label}: {latency_line(values)}")
        print(f"hosts with a lease: {leased}; hosts double-booked: {len(over)}")

        failures = []
        if len(ok) != args.hosts:
            failures.append(f"expected {args.hosts} × 200, got {len(ok)}")
        if len(exhausted) != args.requests - args.hosts:
            failures.append(f"expected {args.requests - args.hosts} × 429 pool_exhausted, got {len(exhausted)}")
        if any(status >= 500 or status < 0 for status in counts):
            failures.append("some answers were 5xx or no answer")
        if over or leased != args.hosts:
            failures.append(f"double-booked hosts: {over}; hosts leased: {leased}")
        for failure in failures:
            print("FAIL: " + failure)
        if not failures:
            print("OK")
        return 1 if failures else 0
    finally:
        stack.down()


if __name__ == "__main__":
    sys.exit(main())
