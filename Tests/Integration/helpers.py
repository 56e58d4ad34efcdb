"""Helpers shared by the integration tests (imported by conftest.py and the tests)."""

from __future__ import annotations

import dataclasses
import sys
import uuid
from pathlib import Path
from typing import Any, Optional

REPO = Path(__file__).resolve().parents[2]
if str(REPO / "deploy" / "local") not in sys.path:
    sys.path.insert(0, str(REPO / "deploy" / "local"))

from stack import Stack, wait_until  # noqa: E402,F401

WORKERS = 3


@dataclasses.dataclass
class User:
    id: int
    email: str
    name: str
    role: str
    password: str


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@test.example"


def assert_error(status: int, headers, body, expected_status: int, code: Optional[str] = None) -> dict:
    """Lectern's error shape: exactly a string `detail` and a string `code`."""
    assert status == expected_status, f"expected {expected_status}, got {status}: {body!r}"
    content_type = (headers.get("Content-Type") or "").lower()
    assert content_type.startswith("application/json"), f"error content-type {content_type!r}: {body!r}"
    assert isinstance(body, dict), f"error body is not a JSON object: {body!r}"
    assert set(body) == {"detail", "code"}, f"error keys {sorted(body)}: {body!r}"
    assert isinstance(body["detail"], str) and body["detail"], body
    assert isinstance(body["code"], str) and body["code"], body
    if code is not None:
        assert body["code"] == code, f"expected code {code!r}: {body!r}"
    return body


class Actor:
    """A signed-in user with shorthand for requests."""

    def __init__(self, stack, user: User):
        self.stack = stack
        self.user = user
        self.id = user.id
        self.token = stack.login(user.email, user.password)

    def call(self, method: str, path: str, json: Any = None) -> tuple[int, Any, Any]:
        return self.stack.request(method, path, json=json, token=self.token)

    def ok(self, method: str, path: str, json: Any = None, status: int = 200) -> Any:
        got, _, body = self.call(method, path, json)
        assert got == status, f"{method} {path}: expected {status}, got {got}: {body!r}"
        return body

    def fails(self, method: str, path: str, status: int, json: Any = None, code: Optional[str] = None,
              field: Optional[str] = None) -> dict:
        """The error answer, checked; `field` must be what the detail names first."""
        got, headers, body = self.call(method, path, json)
        error = assert_error(got, headers, body, status, code)
        if field is not None:
            assert error["detail"].startswith(field + ":"), f"detail does not name {field}: {error!r}"
        return error
