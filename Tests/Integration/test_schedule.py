"""Groups, lessons, recurring lessons (upper/lower weeks) and the calendar, through nginx
and MariaDB: the authorization matrix of every route, validation errors naming the field,
week parity, DST, time zones, and idempotent concurrent materialisation."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import threading
from typing import Any, Callable

import pytest

from helpers import Actor, User, assert_error

GROUPS = "/api/schedule/groups/"
LESSONS = "/api/schedule/lessons/"
RECURRING = "/api/schedule/recurring-lessons/"
CALENDAR = "/api/schedule/calendar/"

LESSON_KEYS = {"id", "title", "teacher_id", "group_id", "start_time", "end_time", "topics", "record_lesson",
               "status", "zoom_meeting_id", "zoom_join_url", "zoom_password", "account_email",
               "recurring_lesson_id", "occurrence_date"}
EVENT_KEYS = {"id", "kind", "title", "start_time", "end_time", "group_id", "status", "lesson_id",
              "recurring_lesson_id", "occurrence_date"}


@pytest.fixture
def cast(stack, make_user: Callable[..., User]) -> dict[str, Actor]:
    """Teacher A owns a group with one student; teacher B, a student outside and an admin look on."""
    actors = {
        "a": Actor(stack, make_user("teacher", prefix="ta")),
        "b": Actor(stack, make_user("teacher", prefix="tb")),
        "member": Actor(stack, make_user("student", prefix="sin")),
        "outsider": Actor(stack, make_user("student", prefix="sout")),
        "admin": Actor(stack, make_user("admin")),
    }
    group = actors["a"].ok("POST", GROUPS, {"name": "Physics 1", "student_ids": [actors["member"].id]}, 201)
    actors["a"].group = group
    return actors


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_lesson(actor: Actor, group_id: int, start: str = "2030-01-15T10:00:00Z", **extra: Any) -> dict:
    body = {"title": "Optics", "group_id": group_id, "start_time": start, "duration": 90, **extra}
    return actor.ok("POST", LESSONS, body, 201)


def new_recurring(actor: Actor, group_id: int, **extra: Any) -> dict:
    body = {"title": "Mechanics", "group_id": group_id, "day_of_week": 1, "start_time": "10:00", "duration": 90,
            "week_type": "all", "valid_from": "2024-01-01", "timezone": "Europe/Berlin", **extra}
    return actor.ok("POST", RECURRING, body, 201)


def calendar(actor: Actor, start: str, end: str) -> list[dict]:
    body = actor.ok("GET", f"{CALENDAR}?from={start}&to={end}")
    assert set(body) == {"events"}
    for event in body["events"]:
        assert set(event) == EVENT_KEYS, event
    return body["events"]


def default_anchor(today: dt.date) -> dt.date:
    """SPEC §2: the first Monday of September of the current academic year."""
    year = today.year if today.month >= 9 else today.year - 1
    september = dt.date(year, 9, 1)
    return september + dt.timedelta(days=(7 - september.weekday()) % 7)


def is_upper(day: dt.date, anchor: dt.date) -> bool:
    monday = day - dt.timedelta(days=day.weekday())
    return ((monday - anchor).days // 7) % 2 == 0


# ------------------------------------------------------------ configuration


def test_a_parity_anchor_that_is_not_a_monday_stops_startup(stack) -> None:
    for anchor, why in (("2025-01-07", "2025-01-07 is not a Monday"), ("7.1.2025", "is not a YYYY-MM-DD date")):
        env = {**stack.lectern_environment(), "LECTERN_WEEK_PARITY_ANCHOR": anchor}
        result = subprocess.run([os.fspath(stack.lectern_bin), "serve", "--config", os.fspath(stack.env_file)],
                                env=env, capture_output=True, text=True, timeout=30)
        assert result.returncode != 0
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "LECTERN_WEEK_PARITY_ANCHOR" in lines[0] and why in lines[0], result.stderr


# ------------------------------------------------------------------ groups


def test_group_add_command_prints_the_id_alone(stack, make_user) -> None:
    teacher = make_user("teacher")
    students = [make_user("student"), make_user("student")]
    args = ["group", "add", "--teacher", teacher.email, "--name", "Chemistry 2"]
    for student in students:
        args += ["--student", student.email]
    out = stack.lectern(*args).stdout.strip()
    assert out.isdigit(), out
    actor = Actor(stack, teacher)
    group = actor.ok("GET", f"{GROUPS}{out}/")
    assert group == {"id": int(out), "name": "Chemistry 2", "teacher_id": teacher.id,
                     "student_ids": sorted(s.id for s in students)}

    unknown = stack.lectern("group", "add", "--teacher", "nobody@test.example", "--name", "X", check=False)
    assert unknown.returncode != 0 and unknown.stdout == ""
    assert unknown.stderr.strip().count("\n") == 0 and "nobody@test.example" in unknown.stderr
    not_student = stack.lectern("group", "add", "--teacher", teacher.email, "--name", "X",
                                "--student", teacher.email, check=False)
    assert not_student.returncode != 0 and "no student" in not_student.stderr
    missing = stack.lectern("group", "add", "--teacher", teacher.email, check=False)
    assert missing.returncode == 2 and "--name" in missing.stderr


def test_group_routes_authorization_matrix(cast) -> None:
    a, b, member, outsider, admin = (cast[k] for k in ("a", "b", "member", "outsider", "admin"))
    group = a.group
    path = f"{GROUPS}{group['id']}/"
    assert group["teacher_id"] == a.id and group["student_ids"] == [member.id]

    for actor in (a, member, admin):
        assert actor.ok("GET", path) == group
    for actor in (b, outsider):
        actor.fails("GET", path, 404, code="not_found")
        actor.fails("PATCH", path, 404, json={"name": "x"})
        actor.fails("DELETE", path, 404)
        actor.fails("POST", path + "members/", 404, json={"student_id": outsider.id})
        actor.fails("DELETE", f"{path}members/{member.id}/", 404)
    member.fails("PATCH", path, 403, json={"name": "x"}, code="permission_denied")
    member.fails("DELETE", path, 403)
    member.fails("POST", path + "members/", 403, json={"student_id": outsider.id})
    member.fails("DELETE", f"{path}members/{member.id}/", 403)
    member.fails("POST", GROUPS, 403, json={"name": "mine"})

    # Lists show exactly what each may see.
    assert group["id"] in [g["id"] for g in a.ok("GET", GROUPS)["results"]]
    assert group["id"] in [g["id"] for g in member.ok("GET", GROUPS)["results"]]
    assert group["id"] in [g["id"] for g in admin.ok("GET", GROUPS)["results"]]
    assert group["id"] not in [g["id"] for g in b.ok("GET", GROUPS)["results"]]
    assert outsider.ok("GET", GROUPS) == {"results": [], "next": None}

    renamed = a.ok("PATCH", path, {"name": "  Physics 1A "})
    assert renamed["name"] == "Physics 1A" and renamed["student_ids"] == [member.id]
    added = admin.ok("POST", path + "members/", {"student_id": outsider.id}, 201)
    assert added["student_ids"] == sorted([member.id, outsider.id])
    assert outsider.ok("GET", path)["id"] == group["id"]
    assert a.ok("POST", path + "members/", {"student_id": outsider.id}, 201)["student_ids"] == added["student_ids"]
    a.ok("DELETE", f"{path}members/{outsider.id}/", status=204)
    a.fails("DELETE", f"{path}members/{outsider.id}/", 404)
    outsider.fails("GET", path, 404)
    replaced = a.ok("PATCH", path, {"student_ids": []})
    assert replaced["student_ids"] == []
    member.fails("GET", path, 404)


def test_group_validation_names_the_field(cast) -> None:
    a, b, member, admin = cast["a"], cast["b"], cast["member"], cast["admin"]
    a.fails("POST", GROUPS, 400, json={}, code="missing_field", field="name")
    a.fails("POST", GROUPS, 400, json={"name": "   "}, field="name")
    a.fails("POST", GROUPS, 400, json={"name": "x", "student_ids": [b.id]}, field="student_ids")
    a.fails("POST", GROUPS, 400, json={"name": "x", "student_ids": ["one"]}, field="student_ids[0]")
    a.fails("POST", GROUPS, 400, json={"name": "x", "teacher_id": b.id}, field="teacher_id")
    admin.fails("POST", GROUPS, 400, json={"name": "x"}, field="teacher_id")
    admin.fails("POST", GROUPS, 400, json={"name": "x", "teacher_id": member.id}, field="teacher_id")
    made = admin.ok("POST", GROUPS, {"name": "For B", "teacher_id": b.id}, 201)
    assert made["teacher_id"] == b.id
    assert b.ok("GET", f"{GROUPS}{made['id']}/")["name"] == "For B"
    path = f"{GROUPS}{a.group['id']}/"
    a.fails("POST", path + "members/", 400, json={"student_id": a.id}, field="student_id")
    a.fails("POST", path + "members/", 400, json={}, field="student_id")
    a.fails("PATCH", path, 400, json={"name": None}, field="name")
    a.fails("GET", f"{GROUPS}abc/", 404)


def test_group_with_lessons_cannot_be_deleted(cast) -> None:
    a = cast["a"]
    path = f"{GROUPS}{a.group['id']}/"
    lesson = new_lesson(a, a.group["id"])
    a.fails("DELETE", path, 409, code="group_in_use")
    a.ok("DELETE", f"{LESSONS}{lesson['id']}/", status=204)
    a.ok("DELETE", path, status=204)
    a.fails("GET", path, 404)


def test_group_list_paginates(stack, make_user) -> None:
    teacher = Actor(stack, make_user("teacher"))
    made = [teacher.ok("POST", GROUPS, {"name": f"G{i}"}, 201)["id"] for i in range(5)]
    seen: list[int] = []
    page = teacher.ok("GET", f"{GROUPS}?limit=2")
    while True:
        assert len(page["results"]) <= 2
        seen += [g["id"] for g in page["results"]]
        if page["next"] is None:
            break
        page = teacher.ok("GET", page["next"])
    assert seen == made
    teacher.fails("GET", f"{GROUPS}?limit=0", 400, field="limit")
    teacher.fails("GET", f"{GROUPS}?limit=501", 400, field="limit")
    teacher.fails("GET", f"{GROUPS}?cursor=zz", 400, field="cursor")


# ------------------------------------------------------------------ lessons


def test_lesson_create_show_and_json_shape(cast) -> None:
    a, member, admin = cast["a"], cast["member"], cast["admin"]
    lesson = new_lesson(a, a.group["id"], topics="Lenses", record_lesson=True)
    assert set(lesson) == LESSON_KEYS | {"zoom_start_url"}
    assert lesson["teacher_id"] == a.id and lesson["group_id"] == a.group["id"]
    assert lesson["start_time"] == "2030-01-15T10:00:00Z" and lesson["end_time"] == "2030-01-15T11:30:00Z"
    assert lesson["status"] == "scheduled" and lesson["record_lesson"] is True and lesson["topics"] == "Lenses"
    for key in ("zoom_meeting_id", "zoom_join_url", "zoom_password", "account_email", "recurring_lesson_id",
                "occurrence_date", "zoom_start_url"):
        assert lesson[key] is None, key
    path = f"{LESSONS}{lesson['id']}/"
    assert a.ok("GET", path) == lesson
    assert admin.ok("GET", path) == lesson
    seen_by_student = member.ok("GET", path)
    assert set(seen_by_student) == LESSON_KEYS
    assert seen_by_student == {k: v for k, v in lesson.items() if k != "zoom_start_url"}

    with_end = a.ok("POST", LESSONS, {"title": "Waves", "group_id": a.group["id"],
                                      "start_time": "2030-01-16T08:00:00+02:00",
                                      "end_time": "2030-01-16T09:00:00+02:00"}, 201)
    assert (with_end["start_time"], with_end["end_time"]) == ("2030-01-16T06:00:00Z", "2030-01-16T07:00:00Z")
    assert with_end["topics"] is None and with_end["record_lesson"] is False


def test_lesson_pool_host_email_is_shown(stack, cast) -> None:
    a = cast["a"]
    lesson = new_lesson(a, a.group["id"])
    host = f"host-{lesson['id']}@pool.example"
    stack.sql("INSERT INTO zoom_apps (name, kind, account_id, client_id, client_secret_enc) "
              f"VALUES ('test app {lesson['id']}', 'provider', 'acc', 'cid', 'sealed')")
    stack.sql(f"INSERT INTO zoom_accounts (app_id, email) SELECT MAX(id), '{host}' FROM zoom_apps")
    stack.sql(f"UPDATE lessons SET zoom_account_id = (SELECT id FROM zoom_accounts WHERE email = '{host}'), "
              f"zoom_meeting_id = '81234567890', zoom_join_url = 'https://zoom.example/j/1', zoom_password = 'pw1' "
              f"WHERE id = {lesson['id']}")
    shown = a.ok("GET", f"{LESSONS}{lesson['id']}/")
    assert (shown["account_email"], shown["zoom_meeting_id"], shown["zoom_join_url"], shown["zoom_password"]) == \
        (host, "81234567890", "https://zoom.example/j/1", "pw1")


def test_lesson_validation_names_the_field(cast) -> None:
    a, b = cast["a"], cast["b"]
    group_id = a.group["id"]
    base = {"title": "T", "group_id": group_id, "start_time": "2030-02-01T10:00:00Z", "duration": 60}

    def without(key: str) -> dict:
        return {k: v for k, v in base.items() if k != key}

    a.fails("POST", LESSONS, 400, json=without("group_id"), code="missing_field", field="group_id")
    a.fails("POST", LESSONS, 400, json=without("title"), field="title")
    a.fails("POST", LESSONS, 400, json=without("start_time"), field="start_time")
    a.fails("POST", LESSONS, 400, json=without("duration"), field="end_time")
    a.fails("POST", LESSONS, 400, json={**base, "title": " "}, field="title")
    a.fails("POST", LESSONS, 400, json={**base, "start_time": "tomorrow"}, field="start_time")
    a.fails("POST", LESSONS, 400, json={**without("duration"), "end_time": "2030-02-01T09:00:00Z"}, field="end_time")
    a.fails("POST", LESSONS, 400, json={**without("duration"), "end_time": "2030-02-01T10:00:00Z"}, field="end_time")
    a.fails("POST", LESSONS, 400, json={**base, "end_time": "2030-02-01T11:00:00Z"}, field="duration")
    a.fails("POST", LESSONS, 400, json={**base, "duration": 0}, field="duration")
    a.fails("POST", LESSONS, 400, json={**base, "group_id": 999_999_999}, field="group_id")
    b.fails("POST", LESSONS, 400, json=base, field="group_id")
    a.fails("POST", LESSONS, 400, json={**base, "record_lesson": "yes"}, field="record_lesson")
    status, headers, body = a.stack.request("POST", LESSONS, body="{", token=a.token,
                                            headers={"Content-Type": "application/json"})
    assert_error(status, headers, body, 400, "invalid_json")
    status, headers, body = a.stack.request("POST", LESSONS, body="title=x", token=a.token,
                                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error(status, headers, body, 415)
    cast["member"].fails("POST", LESSONS, 403, json=base)
    status, headers, body = a.stack.request("POST", LESSONS, json=base)
    assert_error(status, headers, body, 401)


def test_lesson_routes_authorization_matrix(cast) -> None:
    a, b, member, outsider, admin = (cast[k] for k in ("a", "b", "member", "outsider", "admin"))
    lesson = new_lesson(a, a.group["id"])
    path = f"{LESSONS}{lesson['id']}/"
    for actor in (b, outsider):
        actor.fails("GET", path, 404)
        actor.fails("PATCH", path, 404, json={"title": "x"})
        actor.fails("PATCH", path, 404, json={"title": 5})
        actor.fails("DELETE", path, 404)
        assert lesson["id"] not in [x["id"] for x in actor.ok("GET", LESSONS)["results"]]
    member.fails("PATCH", path, 403, json={"title": "x"})
    member.fails("PATCH", path, 403, json={"status": "cancelled"})
    member.fails("DELETE", path, 403)
    for actor in (a, member, admin):
        assert lesson["id"] in [x["id"] for x in actor.ok("GET", LESSONS)["results"]]
    assert admin.ok("PATCH", path, {"title": "By admin"})["title"] == "By admin"
    assert a.ok("PATCH", path, {"topics": "Prisms"})["topics"] == "Prisms"
    assert a.ok("PATCH", path, {"topics": None})["topics"] is None
    admin.ok("DELETE", path, status=204)
    a.fails("GET", path, 404)


def test_lesson_patch_moves_and_checks_times(cast) -> None:
    a, b = cast["a"], cast["b"]
    lesson = new_lesson(a, a.group["id"])
    path = f"{LESSONS}{lesson['id']}/"
    moved = a.ok("PATCH", path, {"start_time": "2030-01-20T09:00:00Z"})
    assert (moved["start_time"], moved["end_time"]) == ("2030-01-20T09:00:00Z", "2030-01-20T10:30:00Z")
    assert a.ok("PATCH", path, {"duration": 45})["end_time"] == "2030-01-20T09:45:00Z"
    assert a.ok("PATCH", path, {"end_time": "2030-01-20T11:00:00Z"})["end_time"] == "2030-01-20T11:00:00Z"
    a.fails("PATCH", path, 400, json={"end_time": "2030-01-20T08:00:00Z"}, field="end_time")
    a.fails("PATCH", path, 400, json={"group_id": 999_999_999}, field="group_id")
    other = b.ok("POST", GROUPS, {"name": "B's"}, 201)
    a.fails("PATCH", path, 400, json={"group_id": other["id"]}, field="group_id")
    cast["admin"].fails("PATCH", path, 400, json={"group_id": other["id"]}, field="group_id")
    second = a.ok("POST", GROUPS, {"name": "Physics 2"}, 201)
    assert a.ok("PATCH", path, {"group_id": second["id"]})["group_id"] == second["id"]
    a.fails("PATCH", path, 400, json={"status": "live"}, field="status")
    a.fails("PATCH", path, 400, json={"status": "finished"}, field="status")
    assert a.ok("GET", path)["status"] == "scheduled"


def test_cancel_and_delete_follow_the_lesson_state(stack, cast) -> None:
    a = cast["a"]
    lesson = new_lesson(a, a.group["id"])
    path = f"{LESSONS}{lesson['id']}/"
    cancelled = a.ok("PATCH", path, {"status": "cancelled"})
    assert cancelled["status"] == "cancelled"
    a.fails("PATCH", path, 409, json={"status": "cancelled"}, code="lesson_not_scheduled")
    a.fails("PATCH", path, 409, json={"start_time": "2030-03-01T10:00:00Z"}, code="lesson_not_scheduled")
    assert a.ok("PATCH", path, {"title": "Called off"})["title"] == "Called off"
    a.ok("DELETE", path, status=204)

    started = new_lesson(a, a.group["id"])
    started_path = f"{LESSONS}{started['id']}/"
    stack.sql(f"UPDATE lessons SET status = 'live', started_at = UTC_TIMESTAMP(6), zoom_meeting_id = '123' "
              f"WHERE id = {started['id']}")
    a.fails("PATCH", started_path, 409, json={"status": "cancelled"})
    assert a.ok("PATCH", started_path, {"status": "live"})["status"] == "live"
    a.fails("DELETE", started_path, 409, code="lesson_started")
    stack.sql(f"UPDATE lessons SET status = 'ended' WHERE id = {started['id']}")
    a.fails("DELETE", started_path, 409, code="lesson_started")
    cast["admin"].fails("DELETE", started_path, 409)
    assert a.ok("GET", started_path)["status"] == "ended"


def test_expired_subscription_teacher_still_plans(stack, make_user) -> None:
    teacher = Actor(stack, make_user("teacher", subscription_until="2020-01-31"))
    group = teacher.ok("POST", GROUPS, {"name": "Late payers"}, 201)
    lesson = new_lesson(teacher, group["id"])
    assert teacher.ok("PATCH", f"{LESSONS}{lesson['id']}/", {"title": "Still mine"})["title"] == "Still mine"
    new_recurring(teacher, group["id"])
    assert len(calendar(teacher, "2030-01-14", "2030-01-20")) == 2


def test_lesson_list_filters_and_paginates(stack, make_user) -> None:
    teacher = Actor(stack, make_user("teacher", timezone="America/New_York"))
    first = teacher.ok("POST", GROUPS, {"name": "One"}, 201)["id"]
    second = teacher.ok("POST", GROUPS, {"name": "Two"}, 201)["id"]
    starts = ["2030-05-01T03:00:00Z", "2030-05-01T05:00:00Z", "2030-05-01T05:00:00Z", "2030-05-02T12:00:00Z",
              "2030-05-03T12:00:00Z"]
    made = [new_lesson(teacher, first if i % 2 == 0 else second, start)["id"] for i, start in enumerate(starts)]

    seen: list[int] = []
    page = teacher.ok("GET", f"{LESSONS}?limit=2")
    pages = 1
    while page["next"] is not None:
        assert len(page["results"]) == 2
        seen += [x["id"] for x in page["results"]]
        page = teacher.ok("GET", page["next"])
        pages += 1
    seen += [x["id"] for x in page["results"]]
    assert seen == made and pages == 3

    # 03:00Z on 1 May is still 30 April in New York (the caller's zone).
    day = teacher.ok("GET", f"{LESSONS}?from=2030-05-01&to=2030-05-01")["results"]
    assert [x["id"] for x in day] == made[1:3]
    april = teacher.ok("GET", f"{LESSONS}?from=2030-04-30&to=2030-04-30")["results"]
    assert [x["id"] for x in april] == made[:1]
    by_group = teacher.ok("GET", f"{LESSONS}?group_id={second}")["results"]
    assert [x["id"] for x in by_group] == [made[1], made[3]]
    paged = teacher.ok("GET", f"{LESSONS}?group_id={first}&from=2030-04-01&to=2030-05-31&limit=1")
    assert [x["id"] for x in paged["results"]] == [made[0]] and "group_id" in paged["next"]
    assert [x["id"] for x in teacher.ok("GET", paged["next"])["results"]] == [made[2]]

    teacher.fails("GET", f"{LESSONS}?from=2030-05-01", 400, field="to")
    teacher.fails("GET", f"{LESSONS}?from=2030-05-02&to=2030-05-01", 400, field="to")
    teacher.fails("GET", f"{LESSONS}?from=1.5.2030&to=2030-05-01", 400, field="from")
    teacher.fails("GET", f"{LESSONS}?group_id=x", 400, field="group_id")
    teacher.fails("GET", f"{LESSONS}?limit=501", 400, field="limit")
    teacher.fails("GET", f"{LESSONS}?cursor=nonsense", 400, field="cursor")
    assert len(teacher.ok("GET", f"{LESSONS}?limit=500")["results"]) == 5


# -------------------------------------------------------- recurring lessons


def test_recurring_lesson_crud_and_validation(cast) -> None:
    a, b, member, outsider, admin = (cast[k] for k in ("a", "b", "member", "outsider", "admin"))
    group_id = a.group["id"]
    made = new_recurring(a, group_id, week_type="upper", valid_until="2030-06-30", topics="Statics")
    assert made == {"id": made["id"], "title": "Mechanics", "teacher_id": a.id, "group_id": group_id, "day_of_week": 1,
                    "start_time": "10:00", "duration": 90, "week_type": "upper", "valid_from": "2024-01-01",
                    "valid_until": "2030-06-30", "timezone": "Europe/Berlin", "topics": "Statics",
                    "record_lesson": False}
    path = f"{RECURRING}{made['id']}/"
    for actor in (a, member, admin):
        assert actor.ok("GET", path) == made
        assert made["id"] in [r["id"] for r in actor.ok("GET", RECURRING)["results"]]
    for actor in (b, outsider):
        actor.fails("GET", path, 404)
        actor.fails("PATCH", path, 404, json={"title": "x"})
        actor.fails("DELETE", path, 404)
        assert made["id"] not in [r["id"] for r in actor.ok("GET", RECURRING)["results"]]
    member.fails("PATCH", path, 403, json={"title": "x"})
    member.fails("DELETE", path, 403)
    member.fails("POST", RECURRING, 403, json={"title": "x"})

    changed = a.ok("PATCH", path, {"day_of_week": 7, "start_time": "18:30", "week_type": "lower",
                                   "valid_until": None, "timezone": "America/New_York"})
    assert (changed["day_of_week"], changed["start_time"], changed["week_type"], changed["valid_until"],
            changed["timezone"], changed["topics"]) == (7, "18:30", "lower", None, "America/New_York", "Statics")
    assert a.ok("GET", path) == changed

    def post(**extra: Any) -> dict:
        return {"title": "T", "group_id": group_id, "day_of_week": 2, "start_time": "09:00", "duration": 45, **extra}

    a.fails("POST", RECURRING, 400, json=post(day_of_week=8), field="day_of_week")
    a.fails("POST", RECURRING, 400, json=post(day_of_week=0), field="day_of_week")
    a.fails("POST", RECURRING, 400, json=post(start_time="25:00"), field="start_time")
    a.fails("POST", RECURRING, 400, json=post(start_time="9:00"), field="start_time")
    a.fails("POST", RECURRING, 400, json=post(duration=0), field="duration")
    a.fails("POST", RECURRING, 400, json=post(week_type="odd"), field="week_type")
    a.fails("POST", RECURRING, 400, json=post(timezone="Mars/Olympus"), field="timezone")
    a.fails("POST", RECURRING, 400, json=post(valid_from="2030-02-30"), field="valid_from")
    a.fails("POST", RECURRING, 400, json=post(valid_from="2030-02-01", valid_until="2030-01-31"), field="valid_until")
    a.fails("POST", RECURRING, 400, json=post(group_id=999_999_999), field="group_id")
    b.fails("POST", RECURRING, 400, json=post(), field="group_id")
    a.fails("POST", RECURRING, 400, json={k: v for k, v in post().items() if k != "day_of_week"},
            code="missing_field", field="day_of_week")
    a.fails("PATCH", path, 400, json={"valid_from": "2031-01-01", "valid_until": "2030-01-01"}, field="valid_until")
    defaults = a.ok("POST", RECURRING, post(), 201)
    assert defaults["week_type"] == "all" and defaults["timezone"] == "UTC" and defaults["valid_until"] is None

    admin.ok("DELETE", path, status=204)
    a.fails("GET", path, 404)


# ---------------------------------------------------------------- calendar


def test_calendar_keeps_local_time_across_dst(cast) -> None:
    a = cast["a"]
    # Sundays 10:00 in Berlin; the clocks go forward on 29 March and back on 25 October 2026.
    rule = new_recurring(a, a.group["id"], day_of_week=7, start_time="10:00", duration=60)
    spring = [e for e in calendar(a, "2026-03-22", "2026-04-05") if e["recurring_lesson_id"] == rule["id"]]
    assert [e["start_time"] for e in spring] == ["2026-03-22T09:00:00Z", "2026-03-29T08:00:00Z",
                                                 "2026-04-05T08:00:00Z"]
    assert [e["end_time"] for e in spring] == ["2026-03-22T10:00:00Z", "2026-03-29T09:00:00Z",
                                               "2026-04-05T09:00:00Z"]
    autumn = [e for e in calendar(a, "2026-10-18", "2026-11-01") if e["recurring_lesson_id"] == rule["id"]]
    assert [e["start_time"] for e in autumn] == ["2026-10-18T08:00:00Z", "2026-10-25T09:00:00Z",
                                                 "2026-11-01T09:00:00Z"]
    first = spring[0]
    assert first == {"id": f"occurrence:{rule['id']}:2026-03-22", "kind": "occurrence", "title": "Mechanics",
                     "start_time": "2026-03-22T09:00:00Z", "end_time": "2026-03-22T10:00:00Z",
                     "group_id": a.group["id"], "status": "scheduled", "lesson_id": None,
                     "recurring_lesson_id": rule["id"], "occurrence_date": "2026-03-22"}


def test_calendar_upper_and_lower_weeks(cast) -> None:
    a = cast["a"]
    upper = new_recurring(a, a.group["id"], day_of_week=3, week_type="upper", title="Upper")
    lower = new_recurring(a, a.group["id"], day_of_week=3, week_type="lower", title="Lower")
    every = new_recurring(a, a.group["id"], day_of_week=3, week_type="all", title="Every")
    anchor = default_anchor(dt.datetime.now(dt.timezone.utc).date())
    start = anchor - dt.timedelta(days=14)
    events = calendar(a, start.isoformat(), (start + dt.timedelta(days=41)).isoformat())
    wednesdays = [start + dt.timedelta(days=2 + 7 * i) for i in range(6)]
    by_rule = {rid: [e["occurrence_date"] for e in events if e["recurring_lesson_id"] == rid]
               for rid in (upper["id"], lower["id"], every["id"])}
    assert by_rule[every["id"]] == [d.isoformat() for d in wednesdays]
    assert by_rule[upper["id"]] == [d.isoformat() for d in wednesdays if is_upper(d, anchor)]
    assert by_rule[lower["id"]] == [d.isoformat() for d in wednesdays if not is_upper(d, anchor)]
    # The anchor's own week is upper; the weeks before it alternate too.
    assert (anchor + dt.timedelta(days=2)).isoformat() in by_rule[upper["id"]]
    assert (anchor - dt.timedelta(days=5)).isoformat() in by_rule[lower["id"]]
    assert (anchor - dt.timedelta(days=12)).isoformat() in by_rule[upper["id"]]


def test_calendar_validity_window_and_sorting(cast) -> None:
    a = cast["a"]
    group_id = a.group["id"]
    bounded = new_recurring(a, group_id, day_of_week=2, start_time="12:00", valid_from="2030-01-08",
                            valid_until="2030-01-22", timezone="UTC")
    early = new_recurring(a, group_id, day_of_week=2, start_time="08:00", timezone="UTC", valid_from="2030-01-01")
    lesson = new_lesson(a, group_id, "2030-01-08T10:00:00Z")
    cancelled = new_lesson(a, group_id, "2030-01-15T10:00:00Z")
    a.ok("PATCH", f"{LESSONS}{cancelled['id']}/", {"status": "cancelled"})
    events = calendar(a, "2030-01-01", "2030-01-31")
    assert [e["occurrence_date"] for e in events if e["recurring_lesson_id"] == bounded["id"]] == \
        ["2030-01-08", "2030-01-15", "2030-01-22"]
    starts = [e["start_time"] for e in events]
    assert starts == sorted(starts)
    week = [(e["kind"], e["start_time"]) for e in events if e["start_time"].startswith("2030-01-08")]
    assert week == [("occurrence", "2030-01-08T08:00:00Z"), ("lesson", "2030-01-08T10:00:00Z"),
                    ("occurrence", "2030-01-08T12:00:00Z")]
    shown = {e["lesson_id"]: e for e in events if e["kind"] == "lesson"}
    assert shown[lesson["id"]]["id"] == f"lesson:{lesson['id']}"
    assert shown[cancelled["id"]]["status"] == "cancelled"
    assert len([e for e in events if e["recurring_lesson_id"] == early["id"]]) == 5


def test_calendar_days_are_the_callers_local_days(stack, make_user, cast) -> None:
    a = cast["a"]
    tz_student = Actor(stack, make_user("student", timezone="America/New_York"))
    a.ok("POST", f"{GROUPS}{a.group['id']}/members/", {"student_id": tz_student.id}, 201)
    # Tuesday 00:30 in Berlin is Monday 18:30 in New York.
    rule = new_recurring(a, a.group["id"], day_of_week=2, start_time="00:30", valid_from="2030-01-01")
    monday = [e for e in calendar(tz_student, "2030-01-14", "2030-01-14") if e["recurring_lesson_id"] == rule["id"]]
    assert [(e["occurrence_date"], e["start_time"]) for e in monday] == [("2030-01-15", "2030-01-14T23:30:00Z")]
    assert [e for e in calendar(tz_student, "2030-01-15", "2030-01-15") if e["recurring_lesson_id"] == rule["id"]] == []
    # Teacher A reads days in UTC, where it is 23:30 on Monday the 14th.
    utc_days = {day: [e["occurrence_date"] for e in calendar(a, day, day) if e["recurring_lesson_id"] == rule["id"]]
                for day in ("2030-01-14", "2030-01-15")}
    assert utc_days == {"2030-01-14": ["2030-01-15"], "2030-01-15": []}


def test_calendar_visibility(cast) -> None:
    a, b, member, outsider, admin = (cast[k] for k in ("a", "b", "member", "outsider", "admin"))
    rule = new_recurring(a, a.group["id"], valid_from="2030-01-01")
    lesson = new_lesson(a, a.group["id"], "2030-01-16T10:00:00Z")

    def mine(actor: Actor) -> set[str]:
        return {e["id"] for e in calendar(actor, "2030-01-14", "2030-01-20")
                if e["recurring_lesson_id"] == rule["id"] or e["lesson_id"] == lesson["id"]}

    expected = {f"occurrence:{rule['id']}:2030-01-14", f"lesson:{lesson['id']}"}
    assert mine(a) == expected and mine(member) == expected and mine(admin) == expected
    assert mine(b) == set() and mine(outsider) == set()
    assert calendar(outsider, "2030-01-14", "2030-01-20") == []


def test_calendar_range_is_checked(cast) -> None:
    a = cast["a"]
    a.fails("GET", f"{CALENDAR}?to=2030-01-01", 400, field="from")
    a.fails("GET", f"{CALENDAR}?from=2030-01-01", 400, field="to")
    a.fails("GET", f"{CALENDAR}?from=2030-01-02&to=2030-01-01", 400, field="to")
    a.fails("GET", f"{CALENDAR}?from=2030-01-01&to=2031-01-02", 400, field="to")
    a.fails("GET", f"{CALENDAR}?from=2030-01-01&to=2030-02-30", 400, field="to")
    calendar(a, "2030-01-01", "2031-01-01")  # 366 days counting both ends
    status, headers, body = a.stack.request("GET", f"{CALENDAR}?from=2030-01-01&to=2030-01-02")
    assert_error(status, headers, body, 401)


def test_materialised_occurrence_appears_once(stack, cast) -> None:
    a, b, member, admin = cast["a"], cast["b"], cast["member"], cast["admin"]
    rule = new_recurring(a, a.group["id"], valid_from="2030-01-01", topics="Levers", record_lesson=True)
    path = f"{RECURRING}{rule['id']}/occurrences/2030-01-14/"
    b.fails("POST", path, 404)
    member.fails("POST", path, 403)
    a.fails("POST", f"{RECURRING}{rule['id']}/occurrences/2030-01-15/", 404, code="no_occurrence")
    a.fails("POST", f"{RECURRING}{rule['id']}/occurrences/2029-12-30/", 404, code="no_occurrence")
    a.fails("POST", f"{RECURRING}{rule['id']}/occurrences/14-01-2030/", 404)

    lesson = a.ok("POST", path, status=201)
    assert (lesson["recurring_lesson_id"], lesson["occurrence_date"], lesson["start_time"], lesson["end_time"],
            lesson["title"], lesson["topics"], lesson["record_lesson"], lesson["group_id"], lesson["teacher_id"]) == \
        (rule["id"], "2030-01-14", "2030-01-14T09:00:00Z", "2030-01-14T10:30:00Z", "Mechanics", "Levers", True,
         a.group["id"], a.id)
    assert admin.ok("POST", path)["id"] == lesson["id"]
    events = [e for e in calendar(a, "2030-01-13", "2030-01-22") if e["recurring_lesson_id"] == rule["id"]]
    assert [(e["kind"], e["occurrence_date"]) for e in events] == [("lesson", "2030-01-14"), ("occurrence", "2030-01-21")]
    assert events[0]["lesson_id"] == lesson["id"]

    # Moved to another week, the lesson still stands for its occurrence, which does not come back.
    a.ok("PATCH", f"{LESSONS}{lesson['id']}/", {"start_time": "2030-02-05T09:00:00Z"})
    events = [e for e in calendar(a, "2030-01-13", "2030-01-22") if e["recurring_lesson_id"] == rule["id"]]
    assert [(e["kind"], e["occurrence_date"]) for e in events] == [("occurrence", "2030-01-21")]
    moved = [e for e in calendar(a, "2030-02-05", "2030-02-05") if e["recurring_lesson_id"] == rule["id"]]
    assert [(e["kind"], e["lesson_id"]) for e in moved] == [("lesson", lesson["id"])]

    # Deleting the recurring lesson keeps its materialised lesson as a one-off.
    a.ok("DELETE", f"{RECURRING}{rule['id']}/", status=204)
    kept = a.ok("GET", f"{LESSONS}{lesson['id']}/")
    assert kept["recurring_lesson_id"] is None and kept["occurrence_date"] == "2030-01-14"


def test_concurrent_materialisation_makes_one_lesson(stack, cast) -> None:
    a = cast["a"]
    rule = new_recurring(a, a.group["id"], valid_from="2030-01-01")
    path = f"{RECURRING}{rule['id']}/occurrences/2030-03-04/"
    results: list[tuple[int, Any]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def hit() -> None:
        barrier.wait()
        status, _, body = a.call("POST", path)
        with lock:
            results.append((status, body))

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 8, results
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * 7 + [201], results
    assert len({body["id"] for _, body in results}) == 1
    count = stack.sql(f"SELECT COUNT(*) FROM lessons WHERE recurring_lesson_id = {rule['id']}")
    assert count == [("1",)]


def test_calendar_of_a_busy_teacher(stack, make_user) -> None:
    """40 recurring and 500 one-off lessons over four weeks: complete and sorted."""
    teacher = Actor(stack, make_user("teacher"))
    group_id = teacher.ok("POST", GROUPS, {"name": "Busy"}, 201)["id"]
    values = []
    for i in range(40):
        values.append(f"('R{i}', {teacher.id}, {group_id}, {i % 7 + 1}, '{8 + i % 10:02d}:00:00', 60, 'all', "
                      f"'2030-01-01', NULL, 'Europe/Berlin')")
    stack.sql("INSERT INTO recurring_lessons (title, teacher_id, group_id, day_of_week, start_time, duration_minutes, "
              "week_type, valid_from, valid_until, timezone) VALUES " + ", ".join(values))
    base = dt.datetime(2030, 2, 4, 6, 0, tzinfo=dt.timezone.utc)
    rows = []
    for i in range(500):
        start = base + dt.timedelta(minutes=77 * i)
        rows.append(f"('L{i}', {teacher.id}, {group_id}, '{start:%Y-%m-%d %H:%M:%S}', "
                    f"'{start + dt.timedelta(hours=1):%Y-%m-%d %H:%M:%S}')")
    stack.sql("INSERT INTO lessons (title, teacher_id, group_id, start_time, end_time) VALUES " + ", ".join(rows))
    events = calendar(teacher, "2030-02-04", "2030-03-03")
    assert len([e for e in events if e["kind"] == "occurrence"]) == 160
    assert len([e for e in events if e["kind"] == "lesson"]) == 500
    assert [e["start_time"] for e in events] == sorted(e["start_time"] for e in events)
