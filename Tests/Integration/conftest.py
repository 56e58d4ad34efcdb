"""Integration tests against the real stack: MariaDB, nginx + TLS, the Lectern pool.

One throwaway stack (deploy/local/stack.py) serves the whole session. The binary is
$LECTERN_BIN, else .build/debug/lectern. Set LECTERN_KEEP_STACK=1 to keep the stack's
directory (logs, configs) after the run; its path is printed at the start.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import Callable, Optional

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "deploy" / "local"))

pytest.register_assert_rewrite("helpers")

from stack import Stack, tail  # noqa: E402

from helpers import WORKERS, User, unique_email  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes several seconds (load, restarts, many jobs)")
    config.addinivalue_line("markers", "disruptive: kills processes or stops MariaDB; runs late")


def lectern_bin() -> Path:
    given = os.environ.get("LECTERN_BIN")
    return Path(given) if given else REPO / ".build" / "debug" / "lectern"


_STACK: Optional[Stack] = None


@pytest.fixture(scope="session")
def stack() -> Stack:
    """The session's stack, started once, torn down at the end."""
    global _STACK
    binary = lectern_bin()
    if not binary.exists():
        pytest.fail(f"lectern binary not found at {binary}: run `swift build` or set LECTERN_BIN", pytrace=False)
    keep = os.environ.get("LECTERN_KEEP_STACK") == "1"
    s = Stack(None, binary, workers=WORKERS, keep=keep)
    print(f"\nstack root: {s.root}", file=sys.stderr)
    s.up()  # on failure up() stops what it started; its error carries the log tails
    _STACK = s
    try:
        yield s
    finally:
        _STACK = None
        s.down()


def module_stack(**options):
    """A stack of a test module's own (`with` options such as `extra_env`, `serve_args`),
    with lectern-sim; the module is skipped when lectern-sim is not built. Use as the body of
    a module-scoped `stack` fixture: `yield from module_stack(...)`."""
    s = Stack(None, lectern_bin(), keep=os.environ.get("LECTERN_KEEP_STACK") == "1", **options)
    s.up()
    try:
        if s.sim_port is None:
            pytest.skip("lectern-sim is not built beside lectern")
        yield s
    finally:
        s.down()


@pytest.fixture
def sim_without_faults(stack: Stack):
    """lectern-sim with no fault armed, before and after the test."""
    stack.sim_request("DELETE", "/_sim/faults")
    yield
    stack.sim_request("DELETE", "/_sim/faults")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """On a failure, attach the tails of Lectern's and nginx's logs to the report."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and _STACK is not None:
        report.sections.append(("lectern.log (tail)", tail(_STACK.lectern_log, 60)))
        report.sections.append(("nginx error.log (tail)", tail(_STACK.nginx_error_log, 20)))


@pytest.fixture
def make_user(stack: Stack) -> Callable[..., User]:
    """make_user(role="teacher", prefix=None, timezone=None, subscription_until=None) → User
    with a unique email and a random password, created through `lectern user add`."""

    def make(role: str = "teacher", prefix: Optional[str] = None, timezone: Optional[str] = None,
             subscription_until: Optional[str] = None) -> User:
        email = unique_email(prefix or role)
        password = "pw-" + secrets.token_urlsafe(12)
        name = f"Test {role.title()} {email[:8]}"
        uid = stack.add_user(email, name, role, password, timezone=timezone, subscription_until=subscription_until)
        return User(uid, email, name, role, password)

    return make


@pytest.fixture
def teacher(make_user: Callable[..., User]) -> User:
    return make_user("teacher")


@pytest.fixture
def token(stack: Stack, teacher: User) -> str:
    """A fresh teacher's bearer token, new for every test."""
    return stack.login(teacher.email, teacher.password)
