"""SPEC §4 "Input is bounded", through nginx and MariaDB: every bound is a 400 naming the
field (never a 500 from MariaDB: 1406 data too long, 1292 incorrect datetime, a duplicate
key), the values at the bound are accepted, duplicates in id lists collapse, an over-long
login email is no failed login, and unknown keys are ignored."""
from __future__ import annotations

import uuid
from typing import Callable

import pytest

from helpers import Actor, User

GROUPS = "/api/schedule/groups/"
LESSONS = "/api/schedule/lessons/"
RECURRING = "/api/schedule/recurring-lessons/"
EVENTS = "/api/schedule/events/"
PROVIDERS = "/api/schedule/event-providers/"
ACCOUNTS = "/api/schedule/zoom-accounts/"
LOGIN = "/api/auth/token/"

# Code points, not bytes or grapheme clusters: "é" written as e + a combining accent is one
# grapheme of two code points, so 100 of them are 200 code points and 100 graphemes.
COMBINING_200 = "e\u0301" * 100


@pytest.fixture
def cast(stack, make_user: Callable[..., User]) -> dict:
    teacher = Actor(stack, make_user("teacher", prefix="bnd"))
    admin = Actor(stack, make_user("admin", prefix="bndadm"))
    students = [make_user("student", prefix="bnds") for _ in range(2)]
    group = teacher.ok("POST", GROUPS, {"name": "Bounds", "student_ids": [s.id for s in students]}, 201)
    return {"teacher": teacher, "admin": admin, "students": students, "group": group}


def lesson_body(group_id: int, **extra) -> dict:
    return {"title": "Bounded", "group_id": group_id, "start_time": "2031-03-01T10:00:00Z", "duration": 60, **extra}


def test_titles_and_names_are_at_most_200_code_points(cast) -> None:
    teacher, group = cast["teacher"], cast["group"]
    teacher.fails("POST", LESSONS, 400, lesson_body(group["id"], title="x" * 201), field="title")
    assert teacher.ok("POST", LESSONS, lesson_body(group["id"], title="x" * 200), 201)["title"] == "x" * 200
    teacher.fails("POST", LESSONS, 400, lesson_body(group["id"], title=COMBINING_200 + "e"), field="title")
    assert teacher.ok("POST", LESSONS, lesson_body(group["id"], title=COMBINING_200), 201)["title"] == COMBINING_200
    teacher.fails("POST", GROUPS, 400, {"name": "g" * 201}, field="name")
    teacher.fails("PATCH", f"{GROUPS}{group['id']}/", 400, {"name": "g" * 201}, field="name")
    teacher.fails("POST", GROUPS, 400, {"name": "   "}, field="name")
    recurring = {"title": "r" * 201, "group_id": group["id"], "day_of_week": 1, "start_time": "10:00",
                 "duration": 60}
    teacher.fails("POST", RECURRING, 400, recurring, field="title")
    teacher.fails("POST", "/api/schedule/lessons/quick-start/", 400, {"title": "q" * 201, "duration": 30},
                  field="title")


def test_topics_and_descriptions_are_at_most_10000_code_points(cast) -> None:
    teacher, group = cast["teacher"], cast["group"]
    teacher.fails("POST", LESSONS, 400, lesson_body(group["id"], topics="t" * 10_001), field="topics")
    lesson = teacher.ok("POST", LESSONS, lesson_body(group["id"], topics="t" * 10_000), 201)
    assert len(lesson["topics"]) == 10_000
    teacher.fails("PATCH", f"{LESSONS}{lesson['id']}/", 400, {"topics": "t" * 10_001}, field="topics")
    recurring = {"title": "R", "group_id": group["id"], "day_of_week": 1, "start_time": "10:00", "duration": 60,
                 "topics": "t" * 10_001}
    teacher.fails("POST", RECURRING, 400, recurring, field="topics")


def test_id_lists_are_at_most_1000_and_duplicates_collapse(cast) -> None:
    teacher, students = cast["teacher"], cast["students"]
    teacher.fails("POST", GROUPS, 400, {"name": "Many", "student_ids": list(range(1, 1002))}, field="student_ids")
    twice = [students[0].id, students[0].id, students[1].id]
    group = teacher.ok("POST", GROUPS, {"name": "Twice", "student_ids": twice}, 201)
    assert sorted(group["student_ids"]) == sorted([students[0].id, students[1].id])
    group = teacher.ok("PATCH", f"{GROUPS}{group['id']}/", {"student_ids": twice}, 200)
    assert sorted(group["student_ids"]) == sorted([students[0].id, students[1].id])
    teacher.fails("PATCH", f"{GROUPS}{group['id']}/", 400, {"student_ids": [students[0].id] * 1001},
                  field="student_ids")


def test_id_list_of_participants_is_bounded(stack, cast) -> None:
    if stack.sim_port is None:
        pytest.skip("lectern-sim is not built beside lectern")
    admin, teacher = cast["admin"], cast["teacher"]
    tag = uuid.uuid4().hex[:10]
    provider = admin.ok("POST", PROVIDERS, {"name": "Bounds", "event_type": "meeting", "account_id": f"a-{tag}",
                                            "client_id": f"c-{tag}", "client_secret": f"s-{tag}",
                                            "host_user_id": teacher.id}, 201)
    event_body = {"title": "Ev", "provider_id": provider["id"], "start_time": "2031-03-01T10:00:00Z", "duration": 60}
    admin.fails("POST", EVENTS, 400, {**event_body, "title": "e" * 201}, field="title")
    admin.fails("POST", EVENTS, 400, {**event_body, "description": "d" * 10_001}, field="description")
    admin.fails("POST", EVENTS, 400, {**event_body, "start_time": "+10000-01-01T00:00:00Z"}, field="start_time")
    event = admin.ok("POST", EVENTS, event_body, 201)
    admin.fails("PATCH", f"{EVENTS}{event['id']}/", 400, {"start_time": "9999-12-31T23:00:00-05:00"},
                field="start_time")
    path = f"{EVENTS}{event['id']}/participants/"
    admin.fails("POST", path, 400, {"user_ids": list(range(1, 1002))}, field="user_ids")
    student = cast["students"][0].id
    answer = admin.ok("POST", path, {"user_ids": [student, student, student]}, 201)
    assert answer["participant_ids"].count(student) == 1
    admin.fails("POST", PROVIDERS, 400, {"name": "n" * 201, "event_type": "meeting", "account_id": "a",
                                         "client_id": "c", "client_secret": "s", "host_user_id": teacher.id},
                field="name")


def test_timestamps_are_within_1970_to_9999(cast) -> None:
    teacher, group = cast["teacher"], cast["group"]
    # Year 10000 in UTC, written with an offset, and the last minute of 9999 plus a duration past it.
    teacher.fails("POST", LESSONS, 400, lesson_body(group["id"], start_time="9999-12-31T23:30:00-05:00"),
                  field="start_time")
    teacher.fails("POST", LESSONS, 400, lesson_body(group["id"], start_time="1969-12-31T23:59:59Z"),
                  field="start_time")
    teacher.fails("POST", LESSONS, 400, lesson_body(group["id"], start_time="9999-12-31T23:30:00Z", duration=60),
                  field="duration")
    late = teacher.ok("POST", LESSONS, lesson_body(group["id"], start_time="9999-12-31T22:00:00Z", duration=60), 201)
    assert late["end_time"] == "9999-12-31T23:00:00Z"
    teacher.fails("PATCH", f"{LESSONS}{late['id']}/", 400, {"start_time": "9999-12-31T23:30:00Z"}, field="end_time")
    teacher.fails("PATCH", f"{LESSONS}{late['id']}/", 400, {"start_time": "9999-12-31T23:30:00-01:00"},
                  field="start_time")
    early = teacher.ok("POST", LESSONS, lesson_body(group["id"], start_time="1970-01-01T00:00:00Z"), 201)
    assert early["start_time"] == "1970-01-01T00:00:00Z"


def test_days_are_within_1970_to_9999(cast) -> None:
    teacher, group = cast["teacher"], cast["group"]
    recurring = {"title": "R", "group_id": group["id"], "day_of_week": 5, "start_time": "23:00", "duration": 60,
                 "timezone": "Etc/GMT+12"}
    teacher.fails("POST", RECURRING, 400, {**recurring, "valid_from": "1969-12-29"}, field="valid_from")
    made = teacher.ok("POST", RECURRING, {**recurring, "valid_from": "9999-12-01", "valid_until": "9999-12-31"}, 201)
    # 9999-12-31 is a Friday; 23:00 at UTC-12 is in year 10000 in UTC.
    for route in ("", "start-new/"):
        teacher.fails("POST", f"{RECURRING}{made['id']}/occurrences/9999-12-31/{route}", 400, field="date")
    teacher.fails("POST", f"{RECURRING}{made['id']}/occurrences/0999-12-31/", 400, field="date")
    lesson = teacher.ok("POST", f"{RECURRING}{made['id']}/occurrences/9999-12-24/", status=201)
    assert lesson["start_time"] == "9999-12-25T11:00:00Z"
    teacher.fails("GET", f"{LESSONS}?from=1969-12-31&to=1970-01-02", 400, field="from")
    # Windows that end at the last day still find what starts in it (the teacher reads UTC days).
    found = teacher.ok("GET", f"{LESSONS}?from=9999-12-25&to=9999-12-31")["results"]
    assert [item["id"] for item in found] == [lesson["id"]]
    events = teacher.ok("GET", "/api/schedule/calendar/?from=9999-12-01&to=9999-12-31")["events"]
    kinds = {(event["kind"], event["start_time"]) for event in events if event.get("recurring_lesson_id") == made["id"]}
    assert ("lesson", "9999-12-25T11:00:00Z") in kinds, events
    assert ("occurrence", "9999-12-18T11:00:00Z") in kinds, events
    teacher.fails("GET", f"{EVENTS}?from=2025-01-01&to=0000-01-01", 400)


def test_durations_and_limits(cast) -> None:
    teacher, group = cast["teacher"], cast["group"]
    for minutes in (0, 1441):
        teacher.fails("POST", LESSONS, 400, lesson_body(group["id"], duration=minutes), field="duration")
        teacher.fails("POST", "/api/schedule/lessons/quick-start/", 400, {"title": "Q", "duration": minutes},
                      field="duration")
    for path in (GROUPS, LESSONS, RECURRING, EVENTS, "/api/schedule/recordings/"):
        for limit in ("0", "501", "x"):
            teacher.fails("GET", f"{path}?limit={limit}", 400, field="limit")
        assert teacher.ok("GET", f"{path}?limit=500")["next"] is None
    cast["admin"].fails("GET", f"{ACCOUNTS}?limit=501", 400, field="limit")
    cast["admin"].fails("GET", f"{PROVIDERS}?limit=0", 400, field="limit")


def test_lesson_cursor_out_of_range_is_a_400(cast) -> None:
    import base64
    cursor = base64.urlsafe_b64encode(b"9223372036854775807.1").decode().rstrip("=")
    cast["teacher"].fails("GET", f"{LESSONS}?cursor={cursor}", 400, field="cursor")


def test_emails_are_at_most_254(stack, cast) -> None:
    long_email = "a" * 250 + "@x.example"
    admin = cast["admin"]
    admin.fails("POST", ACCOUNTS, 400, {"email": long_email}, field="email")
    for _ in range(12):
        status, _, body = stack.request("POST", LOGIN, json={"email": long_email, "password": "wrong"})
        assert status == 400, body
        assert body["detail"].startswith("email:"), body
    # None of them counted as failed logins (ten would throttle that email).
    assert stack.sql("SELECT COUNT(*) FROM login_failures WHERE email LIKE 'aaaa%'") == [("0",)]


def test_unknown_keys_are_ignored(cast) -> None:
    teacher, group = cast["teacher"], cast["group"]
    lesson = teacher.ok("POST", LESSONS, lesson_body(group["id"], colour="blue", nested={"a": [1, 2]}), 201)
    assert "colour" not in lesson
    assert teacher.ok("PATCH", f"{LESSONS}{lesson['id']}/", {"unknown": 1, "title": "Renamed"})["title"] == "Renamed"


def test_a_body_that_is_not_an_object_is_a_400(cast) -> None:
    error = cast["teacher"].fails("POST", GROUPS, 400, ["not", "an", "object"])
    assert "JSON object" in error["detail"], error
