"""The rsync deploy script against a local directory, with the pool running from the
`current` symlink: a deploy switches releases and reloads with no failed request, the new
workers run the new release, --rollback goes back, and old releases are pruned."""
from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import pytest

from conftest import REPO, lectern_bin
from helpers import wait_until
from stack import Stack

DEPLOY = REPO / "deploy" / "deploy"


def deploy(target: Path, stack: Stack, *extra: str) -> str:
    result = subprocess.run([str(DEPLOY), "--target", str(target), "--binary", str(lectern_bin()),
                             "--config", str(stack.env_file), *extra],
                            capture_output=True, text=True, env=stack.lectern_environment(), timeout=120)
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


def current_release(target: Path) -> str:
    return os.readlink(target / "current").removeprefix("releases/")


def worker_releases(stack: Stack) -> set[str]:
    return {Path(os.readlink(f"/proc/{pid}/exe")).parent.parent.name for pid in stack.worker_pids()}


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    target = tmp_path_factory.mktemp("opt-lectern")
    s = Stack(None, target / "current" / "bin" / "lectern", workers=2)
    try:
        s.start_mariadb()
        s.make_certificate()
        s.start_nginx()
        s.write_env()
        deploy(target, s, "--reload", "true")
        s.start_lectern()
        yield target, s
    finally:
        s.down()


def test_deploy_switches_release_and_reloads_without_failures(deployed) -> None:
    target, stack = deployed
    first = current_release(target)
    wait_until(lambda: worker_releases(stack) == {first}, 15, "workers of the first release")
    master = stack.master_pid

    failures: list[str] = []
    done = threading.Event()
    count = 0

    def load() -> None:
        nonlocal count
        while not done.is_set():
            try:
                status, _, body = stack.request("GET", "/api/schedule/health/", timeout=10)
                if status != 200:
                    failures.append(f"{status} {body}")
            except Exception as error:  # noqa: BLE001 - any failure counts
                failures.append(repr(error))
            count += 1

    threads = [threading.Thread(target=load) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        deploy(target, stack, "--reload", f"kill -HUP {master}")
        second = current_release(target)
        assert second != first
        wait_until(lambda: worker_releases(stack) == {second}, 20, "workers of the new release")
    finally:
        done.set()
        for thread in threads:
            thread.join()
    assert count > 0
    assert failures == []
    assert stack.master_pid == master


def test_rollback_returns_to_the_previous_release(deployed) -> None:
    target, stack = deployed
    releases = sorted(p.name for p in (target / "releases").iterdir())
    assert current_release(target) == releases[-1]
    result = subprocess.run([str(DEPLOY), "--target", str(target), "--rollback",
                             "--reload", f"kill -HUP {stack.master_pid}"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert current_release(target) == releases[-2]
    wait_until(lambda: worker_releases(stack) == {releases[-2]}, 20, "workers of the previous release")
    assert stack.request("GET", "/api/schedule/health/")[0] == 200


def test_a_release_serves_its_own_api_document(deployed) -> None:
    """The document is embedded in the binary: a release directory holds no copy of it, and
    the pool running from one serves it byte for byte."""
    target, stack = deployed
    release = target / "releases" / current_release(target)
    assert not list(release.rglob("*.yaml"))
    status, headers, body = stack.request("GET", "/api/schema/")
    assert status == 200
    assert headers.get("Content-Type") == "application/yaml; charset=utf-8"
    assert body == (REPO / "Sources" / "LecternAPI" / "openapi.yaml").read_text()


def test_old_releases_are_pruned_but_never_current(deployed) -> None:
    target, stack = deployed
    deploy(target, stack, "--reload", "true", "--keep", "2")
    releases = sorted(p.name for p in (target / "releases").iterdir())
    assert len(releases) == 2, releases
    assert current_release(target) == releases[-1]
    assert not any(name.endswith(".partial") for name in releases)


def test_bad_arguments_exit_2() -> None:
    result = subprocess.run([str(DEPLOY), "--keep", "zero", "--target", "/tmp/x"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "--keep" in result.stderr
