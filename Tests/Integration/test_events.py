"""Event providers, events, participants and reminders (seed 004) through nginx, MariaDB and
lectern-sim: providers' secrets sealed and never returned, the authorization matrix of every
route, validation naming the field, the status machine, scheduling a meeting or a webinar
with the provider's own Zoom app, reminder rows in the outbox (count, due times, moves on
reschedule, participants added and removed, cancel), and Zoom failures leaving nothing behind."""
from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from typing import Any, Callable, Optional
from zoneinfo import ZoneInfo

import pytest

from helpers import Actor, User, assert_error, wait_until

PROVIDERS = "/api/schedule/event-providers/"
EVENTS = "/api/schedule/events/"
PROVIDER_KEYS = {"id", "name", "event_type", "app_id", "account_id", "client_id", "host_user_id", "zoom_user_id",
                 "has_webhook_secret"}
EVENT_KEYS = {"id", "title", "provider_id", "event_type", "start_time", "end_time", "duration", "host_id",
              "description", "status", "reminders", "zoom_id", "zoom_join_url"}
HOST_KEYS = EVENT_KEYS | {"participant_ids", "zoom_start_url"}
OFFSETS = {"1h": dt.timedelta(hours=1), "1d": dt.timedelta(days=1), "2d": dt.timedelta(days=2),
           "3d": dt.timedelta(days=3), "4d": dt.timedelta(days=4)}


@pytest.fixture(autouse=True)
def needs_sim(stack) -> None:
    if stack.sim_port is None:
        pytest.skip("lectern-sim is not built beside lectern")
    stack.sim_request("DELETE", "/_sim/faults")


def fails(actor: Actor, method: str, path: str, status: int, json: Any = None, code: Optional[str] = None,
          field: Optional[str] = None) -> dict:
    got, headers, body = actor.call(method, path, json)
    error = assert_error(got, headers, body, status, code)
    if field is not None:
        assert error["detail"].startswith(field + ":"), f"detail does not name {field}: {error!r}"
    return error


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_now(**delta: float) -> dt.datetime:
    """A whole second in the future (or past), in UTC."""
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(**delta)).replace(microsecond=0)


def credentials() -> dict[str, str]:
    """Fresh Server-to-Server app credentials (the emulated Zoom knows them once registered)."""
    tag = uuid.uuid4().hex[:10]
    return {"account_id": f"evacct-{tag}", "client_id": f"evclient-{tag}", "client_secret": f"evsecret-{tag}"}


@pytest.fixture
def cast(stack, make_user: Callable[..., User]) -> dict[str, Actor]:
    """An admin; teacher A hosts a provider; teacher B; a student who takes part and one who does not."""
    return {
        "admin": Actor(stack, make_user("admin")),
        "a": Actor(stack, make_user("teacher", prefix="eva")),
        "b": Actor(stack, make_user("teacher", prefix="evb")),
        "member": Actor(stack, make_user("student", prefix="evin", timezone="Europe/Berlin")),
        "outsider": Actor(stack, make_user("student", prefix="evout")),
    }


@pytest.fixture
def make_provider(stack, cast) -> Callable[..., dict]:
    """make_provider(host=cast["a"], event_type="meeting", **extra) → a provider whose app
    lectern-sim accepts; its credentials are kept on the answer as `_credentials`."""

    def make(host: Optional[Actor] = None, event_type: str = "meeting", **extra: Any) -> dict:
        app = credentials()
        assert stack.sim_request("POST", "/_sim/apps", app)[0] == 204
        body = {"name": f"Provider {app['client_id']}", "event_type": event_type, **app,
                "host_user_id": (host or cast["a"]).id, **extra}
        provider = cast["admin"].ok("POST", PROVIDERS, body, 201)
        provider["_credentials"] = app
        return provider

    return make


def new_event(actor: Actor, provider: dict, start: Optional[dt.datetime] = None, **extra: Any) -> dict:
    body = {"title": "Fire safety from 1 September", "provider_id": provider["id"],
            "start_time": iso(start or from_now(days=10)), "duration": 90, **extra}
    return actor.ok("POST", EVENTS, body, 201)


def sim_meetings(stack) -> dict[str, dict]:
    return {str(m["id"]): m for m in stack.sim_request("GET", "/_sim/meetings")[1]["meetings"]}


def reminders(stack, event_id: int) -> dict[tuple[int, str], tuple[dt.datetime, Optional[str]]]:
    """The event's reminder rows: (recipient, offset) → (due, sent_at)."""
    rows = stack.sql("SELECT recipient_user_id, dedupe_key, due_at, sent_at, kind FROM notifications "
                     f"WHERE dedupe_key LIKE 'event-reminder:{event_id}:%'")
    found = {}
    for user_id, key, due, sent, kind in rows:
        assert kind == "event_reminder"
        _, event, user, offset = key.split(":")
        assert (int(event), int(user)) == (event_id, int(user_id)), key
        found[(int(user_id), offset)] = (dt.datetime.fromisoformat(due).replace(tzinfo=dt.timezone.utc), sent)
    return found


def expected(recipients: list[int], start: dt.datetime, offsets: list[str]) -> dict[tuple[int, str], dt.datetime]:
    now = dt.datetime.now(dt.timezone.utc)
    return {(user, offset): start - OFFSETS[offset] for user in recipients for offset in offsets
            if start - OFFSETS[offset] > now}


def due_times(stack, event_id: int) -> dict[tuple[int, str], dt.datetime]:
    return {key: due for key, (due, _) in reminders(stack, event_id).items()}


def schedule(actor: Actor, event: dict) -> dict:
    return actor.ok("PATCH", f"{EVENTS}{event['id']}/", {"status": "scheduled"})


# --------------------------------------------------------------- providers


def test_provider_secrets_are_sealed_and_never_returned(stack, cast) -> None:
    admin, a = cast["admin"], cast["a"]
    app = credentials()
    body = {"name": "  Ivanov+Zoom ", "event_type": "meeting", **app, "webhook_secret": "whsec-plain-value",
            "host_user_id": a.id}
    status, _, raw = stack.request("POST", PROVIDERS, json=body, token=admin.token)
    assert status == 201, raw
    assert set(raw) == PROVIDER_KEYS
    text = json.dumps(raw)
    assert app["client_secret"] not in text and "whsec-plain-value" not in text
    assert (raw["name"], raw["event_type"], raw["account_id"], raw["client_id"], raw["host_user_id"],
            raw["zoom_user_id"], raw["has_webhook_secret"]) == \
        ("Ivanov+Zoom", "meeting", app["account_id"], app["client_id"], a.id, a.user.email, True)
    sealed = stack.sql(f"SELECT kind, client_secret_enc, webhook_secret_enc FROM zoom_apps WHERE id = {raw['app_id']}")
    kind, secret, webhook = sealed[0]
    assert kind == "provider"
    assert secret.startswith("v2:") and app["client_secret"] not in secret
    assert webhook.startswith("v2:") and "whsec-plain-value" not in webhook
    path = f"{PROVIDERS}{raw['id']}/"
    assert admin.ok("GET", path) == raw
    listed = admin.ok("GET", f"{PROVIDERS}?limit=500")
    assert raw in listed["results"] and "evsecret" not in json.dumps(listed)
    # Lectern's log never carries the secrets either.
    assert app["client_secret"] not in stack.log_text() and "whsec-plain-value" not in stack.log_text()


def test_provider_routes_are_for_admins(stack, cast, make_provider) -> None:
    provider = make_provider()
    path = f"{PROVIDERS}{provider['id']}/"
    body = {"name": "X", "event_type": "meeting", **credentials(), "host_user_id": cast["a"].id}
    for who in ("a", "b", "member"):
        actor = cast[who]
        fails(actor, "GET", PROVIDERS, 403, code="permission_denied")
        fails(actor, "POST", PROVIDERS, 403, json=body)
        fails(actor, "GET", path, 403)
        fails(actor, "PATCH", path, 403, json={"name": "Y"})
        fails(actor, "DELETE", path, 403)
    status, headers, error = stack.request("GET", PROVIDERS)
    assert_error(status, headers, error, 401)
    admin = cast["admin"]
    fails(admin, "GET", f"{PROVIDERS}999999999/", 404)
    fails(admin, "PATCH", f"{PROVIDERS}999999999/", 404, json={"name": "Y"})
    fails(admin, "DELETE", f"{PROVIDERS}999999999/", 404)


def test_provider_validation_names_the_field(stack, cast) -> None:
    admin, a, member = cast["admin"], cast["a"], cast["member"]
    base = {"name": "P", "event_type": "webinar", **credentials(), "host_user_id": a.id}

    def without(key: str) -> dict:
        return {k: v for k, v in base.items() if k != key}

    for key in ("name", "event_type", "account_id", "client_id", "client_secret", "host_user_id"):
        fails(admin, "POST", PROVIDERS, 400, json=without(key), code="missing_field", field=key)
    fails(admin, "POST", PROVIDERS, 400, json={**base, "name": "  "}, field="name")
    fails(admin, "POST", PROVIDERS, 400, json={**base, "event_type": "seminar"}, field="event_type")
    fails(admin, "POST", PROVIDERS, 400, json={**base, "client_secret": " "}, field="client_secret")
    fails(admin, "POST", PROVIDERS, 400, json={**base, "client_id": "x" * 129}, field="client_id")
    fails(admin, "POST", PROVIDERS, 400, json={**base, "webhook_secret": ""}, field="webhook_secret")
    fails(admin, "POST", PROVIDERS, 400, json={**base, "host_user_id": member.id}, field="host_user_id")
    fails(admin, "POST", PROVIDERS, 400, json={**base, "host_user_id": 999_999_999}, field="host_user_id")
    fails(admin, "POST", PROVIDERS, 400, json={**base, "zoom_user_id": " "}, field="zoom_user_id")
    made = admin.ok("POST", PROVIDERS, {**base, "host_user_id": admin.id, "zoom_user_id": "zoom-user-7"}, 201)
    assert (made["event_type"], made["zoom_user_id"], made["has_webhook_secret"]) == ("webinar", "zoom-user-7", False)


def test_provider_patch_rotates_secrets_and_delete_waits_for_its_events(stack, cast, make_provider) -> None:
    admin, a, b = cast["admin"], cast["a"], cast["b"]
    provider = make_provider()
    path = f"{PROVIDERS}{provider['id']}/"
    before = stack.sql(f"SELECT client_secret_enc FROM zoom_apps WHERE id = {provider['app_id']}")[0][0]
    changed = admin.ok("PATCH", path, {"client_secret": "rotated-secret-1", "webhook_secret": "rotated-hook",
                                       "name": "Renamed", "host_user_id": b.id, "zoom_user_id": "zu-9"})
    assert "rotated" not in json.dumps(changed)
    assert (changed["name"], changed["host_user_id"], changed["zoom_user_id"], changed["has_webhook_secret"]) == \
        ("Renamed", b.id, "zu-9", True)
    secret, webhook, token = stack.sql("SELECT client_secret_enc, webhook_secret_enc, access_token_enc "
                                       f"FROM zoom_apps WHERE id = {provider['app_id']}")[0]
    assert secret != before and secret.startswith("v2:") and "rotated-secret-1" not in secret
    assert webhook.startswith("v2:") and "rotated-hook" not in webhook and token is None
    assert admin.ok("PATCH", path, {"webhook_secret": None})["has_webhook_secret"] is False
    fails(admin, "PATCH", path, 400, json={"event_type": "lecture"}, field="event_type")
    fails(admin, "PATCH", path, 400, json={"host_user_id": cast["member"].id}, field="host_user_id")
    fails(admin, "PATCH", path, 400, json={"client_secret": None}, field="client_secret")

    used = make_provider()
    event = new_event(admin, used)
    used_path = f"{PROVIDERS}{used['id']}/"
    fails(admin, "DELETE", used_path, 409, code="provider_in_use")
    fails(admin, "PATCH", used_path, 409, json={"event_type": "webinar"}, code="provider_in_use")
    assert admin.ok("PATCH", used_path, {"event_type": "meeting", "name": "Still meetings"})["name"] == "Still meetings"
    admin.ok("DELETE", f"{EVENTS}{event['id']}/", status=204)
    admin.ok("DELETE", used_path, status=204)
    fails(admin, "GET", used_path, 404)
    assert stack.sql(f"SELECT COUNT(*) FROM zoom_apps WHERE id = {used['app_id']}") == [("0",)]
    admin.ok("DELETE", path, status=204)


# ------------------------------------------------------------------ events


def test_event_create_and_json_shape(stack, cast, make_provider) -> None:
    admin, a, member = cast["admin"], cast["a"], cast["member"]
    provider = make_provider()
    start = from_now(days=10)
    event = new_event(a, provider, start, description="Changes to the law", reminders=["1d", "1h"])
    assert set(event) == HOST_KEYS
    assert (event["title"], event["provider_id"], event["event_type"], event["host_id"], event["status"],
            event["duration"], event["reminders"], event["description"], event["participant_ids"]) == \
        ("Fire safety from 1 September", provider["id"], "meeting", a.id, "draft", 90, ["1h", "1d"],
         "Changes to the law", [])
    assert (event["start_time"], event["end_time"]) == (iso(start), iso(start + dt.timedelta(minutes=90)))
    assert event["zoom_id"] is None and event["zoom_join_url"] is None and event["zoom_start_url"] is None
    path = f"{EVENTS}{event['id']}/"
    assert a.ok("GET", path) == event and admin.ok("GET", path) == event
    a.ok("POST", f"{path}participants/", {"user_ids": [member.id]}, 201)
    seen = member.ok("GET", path)
    assert set(seen) == EVENT_KEYS
    assert seen == {k: v for k, v in event.items() if k in EVENT_KEYS}
    # Admins plan for any provider; the host defaults to the provider's.
    by_admin = new_event(admin, provider)
    assert by_admin["host_id"] == a.id and by_admin["reminders"] == [] and by_admin["description"] is None
    other = new_event(admin, provider, host_id=cast["b"].id)
    assert other["host_id"] == cast["b"].id


def test_event_routes_authorization_matrix(stack, cast, make_provider) -> None:
    admin, a, b, member, outsider = (cast[k] for k in ("admin", "a", "b", "member", "outsider"))
    event = new_event(a, make_provider())
    path = f"{EVENTS}{event['id']}/"
    a.ok("POST", f"{path}participants/", {"user_ids": [member.id]}, 201)
    for actor in (b, outsider):
        fails(actor, "GET", path, 404, code="not_found")
        fails(actor, "PATCH", path, 404, json={"title": "x"})
        fails(actor, "PATCH", path, 404, json={"title": 5})
        fails(actor, "DELETE", path, 404)
        fails(actor, "POST", f"{path}participants/", 404, json={"user_ids": [actor.id]})
        fails(actor, "DELETE", f"{path}participants/{member.id}/", 404)
        assert event["id"] not in [e["id"] for e in actor.ok("GET", f"{EVENTS}?limit=500")["results"]]
    fails(member, "PATCH", path, 403, json={"title": "x"}, code="permission_denied")
    fails(member, "PATCH", path, 403, json={"status": "cancelled"})
    fails(member, "DELETE", path, 403)
    fails(member, "POST", f"{path}participants/", 403, json={"user_ids": [outsider.id]})
    fails(member, "DELETE", f"{path}participants/{member.id}/", 403)
    fails(member, "POST", EVENTS, 403, json={"title": "x"})
    for actor in (a, member, admin):
        assert event["id"] in [e["id"] for e in actor.ok("GET", f"{EVENTS}?limit=500")["results"]]
    # A teacher who takes part reads the event, without the host's details.
    a.ok("POST", f"{path}participants/", {"user_ids": [b.id]}, 201)
    assert set(b.ok("GET", path)) == EVENT_KEYS
    fails(b, "PATCH", path, 403, json={"title": "x"})
    assert admin.ok("PATCH", path, {"title": "By admin"})["title"] == "By admin"
    for method, target in (("GET", EVENTS), ("GET", path), ("POST", f"{path}participants/")):
        status, headers, error = stack.request(method, target)
        assert_error(status, headers, error, 401)
    admin.ok("DELETE", path, status=204)
    fails(a, "GET", path, 404)


def test_teachers_plan_with_their_own_providers_for_themselves(stack, cast, make_provider) -> None:
    a, b = cast["a"], cast["b"]
    provider = make_provider(host=a)
    base = {"title": "T", "provider_id": provider["id"], "start_time": iso(from_now(days=3)), "duration": 30}
    fails(b, "POST", EVENTS, 400, json=base, field="provider_id")
    fails(a, "POST", EVENTS, 400, json={**base, "host_id": b.id}, field="host_id")
    assert a.ok("POST", EVENTS, {**base, "host_id": a.id}, 201)["host_id"] == a.id
    draft = new_event(a, provider)
    fails(a, "PATCH", f"{EVENTS}{draft['id']}/", 400, json={"provider_id": make_provider(host=b)["id"]},
          field="provider_id")
    admin_provider = make_provider(host=cast["admin"])
    fails(a, "POST", EVENTS, 400, json={**base, "provider_id": admin_provider["id"]}, field="provider_id")
    fails(cast["admin"], "POST", EVENTS, 400, json={**base, "host_id": cast["member"].id}, field="host_id")


def test_event_validation_names_the_field(stack, cast, make_provider) -> None:
    a = cast["a"]
    provider = make_provider()
    base = {"title": "T", "provider_id": provider["id"], "start_time": iso(from_now(days=3)), "duration": 30}

    def without(key: str) -> dict:
        return {k: v for k, v in base.items() if k != key}

    for key in ("title", "provider_id", "start_time", "duration"):
        fails(a, "POST", EVENTS, 400, json=without(key), code="missing_field", field=key)
    fails(a, "POST", EVENTS, 400, json={**base, "title": " "}, field="title")
    fails(a, "POST", EVENTS, 400, json={**base, "start_time": "soon"}, field="start_time")
    for duration in (0, 1441, -5):
        fails(a, "POST", EVENTS, 400, json={**base, "duration": duration}, field="duration")
    fails(a, "POST", EVENTS, 400, json={**base, "reminders": ["2h"]}, field="reminders")
    fails(a, "POST", EVENTS, 400, json={**base, "reminders": ["1d", "1h", "1d"]}, field="reminders")
    fails(a, "POST", EVENTS, 400, json={**base, "reminders": "1d"}, field="reminders")
    fails(a, "POST", EVENTS, 400, json={**base, "provider_id": 999_999_999}, field="provider_id")
    fails(a, "POST", EVENTS, 400, json={**base, "host_id": 999_999_999}, field="host_id")
    fails(a, "POST", EVENTS, 400, json={**base, "status": "finished"}, field="status")
    fails(a, "POST", EVENTS, 400, json={**base, "status": "live"}, field="status")
    fails(a, "POST", EVENTS, 400, json={**base, "description": "x" * 10_001}, field="description")
    past = {**base, "start_time": iso(from_now(hours=-1))}
    fails(a, "POST", EVENTS, 400, json={**past, "status": "scheduled"}, field="start_time")
    # A draft may start in the past; scheduling it may not.
    draft = a.ok("POST", EVENTS, past, 201)
    path = f"{EVENTS}{draft['id']}/"
    fails(a, "PATCH", path, 400, json={"status": "scheduled"}, field="start_time")
    fails(a, "PATCH", path, 400, json={"reminders": ["1w"]}, field="reminders")
    fails(a, "PATCH", path, 400, json={"duration": 0}, field="duration")
    fails(a, "PATCH", path, 400, json={"status": "over"}, field="status")
    fails(a, "PATCH", path, 400, json={"title": None}, field="title")
    assert a.ok("PATCH", path, {"description": "D"})["description"] == "D"
    assert a.ok("PATCH", path, {"description": None})["description"] is None
    assert a.ok("GET", path)["status"] == "draft"
    fails(a, "GET", f"{EVENTS}?status=over", 400, field="status")
    fails(a, "GET", f"{EVENTS}?from=2030-01-01", 400, field="to")
    fails(a, "GET", f"{EVENTS}?limit=501", 400, field="limit")


def test_event_list_filters_and_paginates(stack, make_user, make_provider) -> None:
    host = Actor(stack, make_user("teacher", timezone="America/New_York"))
    provider = make_provider(host=host)
    starts = [dt.datetime(2031, 5, 1, 3, 0, tzinfo=dt.timezone.utc), dt.datetime(2031, 5, 1, 5, 0, tzinfo=dt.timezone.utc),
              dt.datetime(2031, 5, 2, 12, 0, tzinfo=dt.timezone.utc)]
    made = [new_event(host, provider, start)["id"] for start in starts]
    host.ok("PATCH", f"{EVENTS}{made[2]}/", {"status": "cancelled"})
    seen: list[int] = []
    page = host.ok("GET", f"{EVENTS}?limit=2")
    while True:
        seen += [e["id"] for e in page["results"]]
        if page["next"] is None:
            break
        page = host.ok("GET", page["next"])
    assert seen == made
    # 03:00Z on 1 May is still 30 April in New York (the caller's zone).
    assert [e["id"] for e in host.ok("GET", f"{EVENTS}?from=2031-05-01&to=2031-05-01")["results"]] == [made[1]]
    assert [e["id"] for e in host.ok("GET", f"{EVENTS}?status=cancelled")["results"]] == [made[2]]
    assert [e["id"] for e in host.ok("GET", f"{EVENTS}?status=draft&from=2031-04-30&to=2031-05-31")["results"]] == made[:2]


# -------------------------------------------------------- scheduling, Zoom


def test_scheduling_makes_the_meeting_with_the_providers_app(stack, cast, make_provider) -> None:
    a, member = cast["a"], cast["member"]
    provider = make_provider(zoom_user_id="me")
    start = from_now(days=5)
    event = new_event(a, provider, start, description="Agenda", reminders=["1h"])
    scheduled = schedule(a, event)
    assert scheduled["status"] == "scheduled" and scheduled["zoom_id"]
    meeting = sim_meetings(stack)[scheduled["zoom_id"]]
    # "me" is the account owner of the provider's app: the meeting was made with its credentials.
    assert meeting["host_email"] == f"owner@{provider['_credentials']['account_id'].lower()}.sim.zoom"
    assert (meeting["type"], meeting["topic"], meeting["duration"], meeting["agenda"], meeting["start_time"]) == \
        (2, event["title"], 90, "Agenda", iso(start))
    assert (scheduled["zoom_join_url"], scheduled["zoom_start_url"]) == (meeting["join_url"], meeting["start_url"])
    token = stack.sql(f"SELECT access_token_enc FROM zoom_apps WHERE id = {provider['app_id']}")[0][0]
    assert token and token.startswith("v2:")
    sealed = stack.sql(f"SELECT zoom_start_url_enc FROM events WHERE id = {event['id']}")[0][0]
    assert sealed.startswith("v2:") and "zak=" not in sealed
    a.ok("POST", f"{EVENTS}{event['id']}/participants/", {"user_ids": [member.id]}, 201)
    seen = member.ok("GET", f"{EVENTS}{event['id']}/")
    assert "zoom_start_url" not in seen and seen["zoom_join_url"] == meeting["join_url"]
    # Scheduling again is a no-op: no second meeting.
    count = len(sim_meetings(stack))
    assert schedule(a, event)["zoom_id"] == scheduled["zoom_id"]
    assert len(sim_meetings(stack)) == count


def test_a_webinar_provider_makes_webinars(stack, cast, make_provider) -> None:
    a = cast["a"]
    provider = make_provider(event_type="webinar")
    event = a.ok("POST", EVENTS, {"title": "Webinar", "provider_id": provider["id"], "start_time": iso(from_now(days=2)),
                                  "duration": 60, "status": "scheduled"}, 201)
    assert (event["status"], event["event_type"]) == ("scheduled", "webinar")
    webinar = sim_meetings(stack)[event["zoom_id"]]
    assert webinar["type"] == 5 and webinar["host_email"] == a.user.email
    # Moving it moves the webinar (PATCH /webinars/{id}).
    start = from_now(days=3)
    a.ok("PATCH", f"{EVENTS}{event['id']}/", {"start_time": iso(start), "title": "Webinar, moved"})
    webinar = sim_meetings(stack)[event["zoom_id"]]
    assert (webinar["start_time"], webinar["topic"]) == (iso(start), "Webinar, moved")
    a.ok("PATCH", f"{EVENTS}{event['id']}/", {"status": "cancelled"})
    assert event["zoom_id"] not in sim_meetings(stack)


def test_zoom_refusal_answers_502_and_leaves_the_draft(stack, cast, make_provider) -> None:
    a, member = cast["a"], cast["member"]
    provider = make_provider()
    event = new_event(a, provider, reminders=["1h", "1d"])
    path = f"{EVENTS}{event['id']}/"
    a.ok("POST", f"{path}participants/", {"user_ids": [member.id]}, 201)
    before = len(sim_meetings(stack))
    stack.sim_request("POST", "/_sim/faults", {"method": "POST", "path": "/v2/users/", "status": 400, "code": 1001,
                                               "message": "User does not exist: nobody@zoom."})
    error = fails(a, "PATCH", path, 502, json={"status": "scheduled", "title": "Renamed"}, code="zoom_error")
    assert "User does not exist: nobody@zoom." in error["detail"]
    shown = a.ok("GET", path)
    assert (shown["status"], shown["title"], shown["zoom_id"], shown["zoom_start_url"]) == \
        ("draft", event["title"], None, None)
    assert reminders(stack, event["id"]) == {}
    assert len(sim_meetings(stack)) == before
    # A new event asked to be scheduled at once leaves nothing behind either.
    stack.sim_request("POST", "/_sim/faults", {"method": "POST", "path": "/v2/users/", "status": 400, "code": 1001,
                                               "message": "User does not exist."})
    count = stack.sql(f"SELECT COUNT(*) FROM events WHERE provider_id = {provider['id']}")
    fails(a, "POST", EVENTS, 502, json={"title": "Now", "provider_id": provider["id"],
                                        "start_time": iso(from_now(days=1)), "duration": 30, "status": "scheduled"},
          code="zoom_error")
    assert stack.sql(f"SELECT COUNT(*) FROM events WHERE provider_id = {provider['id']}") == count
    # Once Zoom agrees, the same draft schedules.
    assert schedule(a, event)["status"] == "scheduled"


def test_a_provider_unknown_to_zoom_answers_502(stack, cast) -> None:
    admin, a = cast["admin"], cast["a"]
    provider = admin.ok("POST", PROVIDERS, {"name": "Unregistered", "event_type": "meeting", **credentials(),
                                            "host_user_id": a.id}, 201)
    event = new_event(a, provider)
    fails(a, "PATCH", f"{EVENTS}{event['id']}/", 502, json={"status": "scheduled"}, code="zoom_error")
    assert a.ok("GET", f"{EVENTS}{event['id']}/")["status"] == "draft"


# --------------------------------------------------------------- reminders


def test_scheduling_queues_one_reminder_per_offset_and_recipient(stack, cast, make_provider) -> None:
    a, member, b = cast["a"], cast["member"], cast["b"]
    start = from_now(days=3, hours=12)
    event = new_event(a, make_provider(), start, reminders=["4d", "3d", "2d", "1d", "1h"])
    a.ok("POST", f"{EVENTS}{event['id']}/participants/", {"user_ids": [member.id, b.id, member.id]}, 201)
    assert reminders(stack, event["id"]) == {}  # drafts queue nothing
    scheduled = schedule(a, event)
    assert scheduled["reminders"] == ["1h", "1d", "2d", "3d", "4d"]
    got = due_times(stack, event["id"])
    # 4 days before is already past: skipped. Host and both participants: 3 × 4 rows.
    assert got == expected([a.id, member.id, b.id], start, ["1h", "1d", "2d", "3d"])
    assert len(got) == 12
    rows = stack.sql(f"SELECT recipient_email, subject, body FROM notifications WHERE dedupe_key = "
                     f"'event-reminder:{event['id']}:{member.id}:1d'")
    email, subject, body = rows[0]
    assert email == member.user.email
    assert subject == f"Reminder: {event['title']} starts in 1 day"
    berlin = start.astimezone(ZoneInfo("Europe/Berlin")).strftime("%Y-%m-%d %H:%M")
    assert f"starts on {berlin} (Europe/Berlin) and lasts 90 minutes." in body and scheduled["zoom_join_url"] in body
    host_body = stack.sql(f"SELECT body FROM notifications WHERE dedupe_key = 'event-reminder:{event['id']}:{a.id}:1h'")
    assert start.strftime("%Y-%m-%d %H:%M") + " (UTC)" in host_body[0][0]


def test_rescheduling_moves_unsent_reminders_and_the_meeting(stack, cast, make_provider) -> None:
    a, member = cast["a"], cast["member"]
    start = from_now(days=6)
    event = new_event(a, make_provider(), start, reminders=["1h", "1d", "2d"])
    path = f"{EVENTS}{event['id']}/"
    a.ok("POST", f"{path}participants/", {"user_ids": [member.id]}, 201)
    zoom_id = schedule(a, event)["zoom_id"]
    assert due_times(stack, event["id"]) == expected([a.id, member.id], start, ["1h", "1d", "2d"])
    # The host's 2 d reminder went out already: it stays sent and is not queued again.
    stack.sql(f"UPDATE notifications SET sent_at = UTC_TIMESTAMP(6) "
              f"WHERE dedupe_key = 'event-reminder:{event['id']}:{a.id}:2d'")
    later = start + dt.timedelta(days=2, hours=3)
    moved = a.ok("PATCH", path, {"start_time": iso(later), "duration": 45})
    assert (moved["start_time"], moved["end_time"]) == (iso(later), iso(later + dt.timedelta(minutes=45)))
    meeting = sim_meetings(stack)[zoom_id]
    assert (meeting["start_time"], meeting["duration"]) == (iso(later), 45)
    rows = reminders(stack, event["id"])
    assert rows[(a.id, "2d")] == (start - OFFSETS["2d"], rows[(a.id, "2d")][1]) and rows[(a.id, "2d")][1] is not None
    unsent = {key: due for key, (due, sent) in rows.items() if sent is None}
    assert unsent == {key: due for key, due in expected([a.id, member.id], later, ["1h", "1d", "2d"]).items()
                      if key != (a.id, "2d")}
    body = stack.sql(f"SELECT body FROM notifications WHERE dedupe_key = 'event-reminder:{event['id']}:{a.id}:1h'")[0][0]
    assert later.strftime("%Y-%m-%d %H:%M") in body and "lasts 45 minutes" in body

    # Changing the offsets adds and removes; moving close to now drops the ones already due.
    a.ok("PATCH", path, {"reminders": ["1h", "3d"]})
    assert set(due_times(stack, event["id"])) == {(a.id, "1h"), (member.id, "1h"), (a.id, "3d"), (member.id, "3d"),
                                                  (a.id, "2d")}
    soon = from_now(hours=20)
    a.ok("PATCH", path, {"start_time": iso(soon)})
    unsent = {key: due for key, (due, sent) in reminders(stack, event["id"]).items() if sent is None}
    assert unsent == expected([a.id, member.id], soon, ["1h"])
    fails(a, "PATCH", path, 400, json={"start_time": iso(from_now(hours=-2))}, field="start_time")
    assert a.ok("GET", path)["start_time"] == iso(soon)


def test_a_zoom_failure_on_reschedule_changes_nothing(stack, cast, make_provider) -> None:
    a = cast["a"]
    start = from_now(days=4)
    event = new_event(a, make_provider(), start, reminders=["1d"])
    path = f"{EVENTS}{event['id']}/"
    schedule(a, event)
    before = due_times(stack, event["id"])
    stack.sim_request("POST", "/_sim/faults", {"method": "PATCH", "path": "/v2/meetings/", "status": 400, "code": 300,
                                               "message": "Invalid start time."})
    error = fails(a, "PATCH", path, 502, json={"start_time": iso(start + dt.timedelta(days=1))}, code="zoom_error")
    assert "Invalid start time." in error["detail"]
    assert a.ok("GET", path)["start_time"] == iso(start)
    assert due_times(stack, event["id"]) == before
    # Reminders alone do not involve Zoom.
    stack.sim_request("POST", "/_sim/faults", {"method": "PATCH", "path": "/v2/meetings/", "status": 500, "count": -1})
    a.ok("PATCH", path, {"reminders": ["1h", "1d"]})
    stack.sim_request("DELETE", "/_sim/faults")
    assert set(due_times(stack, event["id"])) == {(a.id, "1h"), (a.id, "1d")}


def test_participants_of_a_scheduled_event(stack, cast, make_provider, make_user) -> None:
    a, member, b = cast["a"], cast["member"], cast["b"]
    start = from_now(days=2, hours=2)
    event = new_event(a, make_provider(), start, reminders=["1h", "1d", "2d"])
    path = f"{EVENTS}{event['id']}/"
    schedule(a, event)
    assert due_times(stack, event["id"]) == expected([a.id], start, ["1h", "1d", "2d"])
    added = a.ok("POST", f"{path}participants/", {"user_ids": [member.id, b.id]}, 201)
    assert added["participant_ids"] == sorted([member.id, b.id])
    assert due_times(stack, event["id"]) == expected([a.id, member.id, b.id], start, ["1h", "1d", "2d"])
    # Adding again changes nothing; the host may be listed as a participant too.
    again = a.ok("POST", f"{path}participants/", {"user_ids": [member.id, a.id]}, 201)
    assert again["participant_ids"] == sorted([member.id, b.id, a.id])
    assert len(reminders(stack, event["id"])) == 9
    unknown = fails(a, "POST", f"{path}participants/", 400, json={"user_ids": [member.id, 999_999_998, 999_999_999]},
                    field="user_ids")
    assert "999999998" in unknown["detail"] and "999999999" in unknown["detail"]
    fails(a, "POST", f"{path}participants/", 400, json={}, field="user_ids")
    fails(a, "POST", f"{path}participants/", 400, json={"user_ids": ["x"]}, field="user_ids[0]")

    # Removing one drops their unsent reminders; sent ones stay on record.
    stack.sql(f"UPDATE notifications SET sent_at = UTC_TIMESTAMP(6) "
              f"WHERE dedupe_key = 'event-reminder:{event['id']}:{b.id}:2d'")
    a.ok("DELETE", f"{path}participants/{b.id}/", status=204)
    rows = reminders(stack, event["id"])
    assert [key for key in rows if key[0] == b.id] == [(b.id, "2d")]
    fails(a, "DELETE", f"{path}participants/{b.id}/", 404)
    # The host taking part and then not keeps the host's reminders.
    a.ok("DELETE", f"{path}participants/{a.id}/", status=204)
    assert {key for key in reminders(stack, event["id"]) if key[0] == a.id} == {(a.id, o) for o in ("1h", "1d", "2d")}
    assert a.ok("GET", path)["participant_ids"] == [member.id]


def test_cancel_removes_unsent_reminders_and_the_meeting(stack, cast, make_provider) -> None:
    a, member = cast["a"], cast["member"]
    event = new_event(a, make_provider(), from_now(days=3), reminders=["1h", "1d", "2d"])
    path = f"{EVENTS}{event['id']}/"
    a.ok("POST", f"{path}participants/", {"user_ids": [member.id]}, 201)
    zoom_id = schedule(a, event)["zoom_id"]
    stack.sql(f"UPDATE notifications SET sent_at = UTC_TIMESTAMP(6) "
              f"WHERE dedupe_key = 'event-reminder:{event['id']}:{member.id}:2d'")
    fails(a, "DELETE", path, 409, code="event_not_deletable")
    cancelled = a.ok("PATCH", path, {"status": "cancelled"})
    assert cancelled["status"] == "cancelled"
    assert list(reminders(stack, event["id"])) == [(member.id, "2d")]
    assert zoom_id not in sim_meetings(stack)
    # Nothing leaves cancelled; its plan is closed, its title is not.
    for status in ("draft", "scheduled", "finished"):
        fails(a, "PATCH", path, 409, json={"status": status}, code="event_closed")
    fails(a, "PATCH", path, 409, json={"start_time": iso(from_now(days=9))}, code="event_closed")
    fails(a, "POST", f"{path}participants/", 409, json={"user_ids": [cast["b"].id]}, code="event_closed")
    assert a.ok("PATCH", path, {"status": "cancelled", "title": "Called off"})["title"] == "Called off"
    a.ok("DELETE", path, status=204)
    fails(a, "GET", path, 404)
    assert list(reminders(stack, event["id"])) == [(member.id, "2d")]


def test_status_machine(stack, cast, make_provider) -> None:
    a, b = cast["a"], cast["b"]
    provider = make_provider()
    draft = new_event(a, provider, from_now(days=2), reminders=["1h"])
    path = f"{EVENTS}{draft['id']}/"
    fails(a, "PATCH", path, 409, json={"status": "finished"}, code="event_not_scheduled")
    assert a.ok("PATCH", path, {"status": "draft", "provider_id": provider["id"]})["status"] == "draft"
    schedule(a, draft)
    fails(a, "PATCH", path, 409, json={"status": "draft"}, code="event_scheduled")
    fails(a, "PATCH", path, 409, json={"status": "finished"}, code="event_not_started")
    fails(a, "PATCH", path, 409, json={"provider_id": make_provider()["id"]}, code="event_not_draft")
    fails(cast["admin"], "PATCH", path, 409, json={"host_id": b.id}, code="event_not_draft")
    # Once it has started it can be finished; its unsent reminders go.
    stack.sql(f"UPDATE events SET start_time = UTC_TIMESTAMP(6) - INTERVAL 5 MINUTE WHERE id = {draft['id']}")
    assert a.ok("PATCH", path, {"description": "Went well"})["description"] == "Went well"
    assert a.ok("PATCH", path, {"status": "finished"})["status"] == "finished"
    assert reminders(stack, draft["id"]) == {}
    fails(a, "PATCH", path, 409, json={"status": "cancelled"}, code="event_closed")
    fails(a, "DELETE", path, 409, code="event_not_deletable")
    # A draft can be deleted, and cancelled straight away.
    other = new_event(a, provider)
    assert a.ok("PATCH", f"{EVENTS}{other['id']}/", {"status": "cancelled"})["status"] == "cancelled"
    a.ok("DELETE", f"{EVENTS}{new_event(a, provider)['id']}/", status=204)
    # The admin moves a draft to another host; that host then changes it.
    moved = cast["admin"].ok("PATCH", f"{EVENTS}{new_event(a, provider)['id']}/", {"host_id": b.id})
    assert moved["host_id"] == b.id
    assert b.ok("PATCH", f"{EVENTS}{moved['id']}/", {"title": "Mine now"})["title"] == "Mine now"
    fails(a, "GET", f"{EVENTS}{moved['id']}/", 404)


def test_ended_events_are_finished_by_the_duty(stack, cast, make_provider) -> None:
    """A scheduled event that ended more than an hour ago is finished every 10 minutes by
    the transfer child; its unsent reminders go. One still within its hour is left alone."""
    a = cast["a"]
    ended, overrunning = (schedule(a, new_event(a, make_provider(), from_now(days=2), reminders=["1d", "1h"]))
                          for _ in range(2))
    # As if their time had come: one ended 2 h ago, the other 30 minutes ago (90-minute events).
    stack.sql(f"UPDATE events SET start_time = UTC_TIMESTAMP(6) - INTERVAL 210 MINUTE WHERE id = {ended['id']}")
    stack.sql(f"UPDATE events SET start_time = UTC_TIMESTAMP(6) - INTERVAL 120 MINUTE WHERE id = {overrunning['id']}")
    stack.sql("INSERT INTO jobs (kind, max_attempts) VALUES ('duty.finish_events', 1)")
    job = stack.sql("SELECT MAX(id) FROM jobs WHERE kind = 'duty.finish_events'")[0][0]
    assert wait_until(lambda: stack.sql(f"SELECT status FROM jobs WHERE id = {job} AND status IN ('done', 'failed')"),
                      30, "the duty to run") == [("done",)]
    assert a.ok("GET", f"{EVENTS}{ended['id']}/")["status"] == "finished"
    assert reminders(stack, ended["id"]) == {}
    assert a.ok("GET", f"{EVENTS}{overrunning['id']}/")["status"] == "scheduled"
    assert len(reminders(stack, overrunning["id"])) == 2


def test_a_change_whose_claim_was_taken_over_stores_nothing_and_deletes_its_meeting(stack, cast, make_provider) -> None:
    """The event's claim is committed state: a change hanging in Zoom past its claim's expiry
    is overtaken by another change, and its own store then fails on the token."""
    a = cast["a"]
    event = new_event(a, make_provider())
    meetings = len(sim_meetings(stack))
    creates = stack.sim_request("GET", "/_sim/stats")[1]["requests"].get("POST /v2/users/{id}/meetings", 0)
    stack.sim_request("POST", "/_sim/faults", {"method": "POST", "path": "/v2/users/", "latency_ms": 3000, "count": 1})
    answer: dict = {}
    first = threading.Thread(target=lambda: answer.setdefault(
        "value", a.call("PATCH", f"{EVENTS}{event['id']}/", {"status": "scheduled"})))
    first.start()
    wait_until(lambda: stack.sim_request("GET", "/_sim/stats")[1]["requests"].get("POST /v2/users/{id}/meetings", 0)
               > creates, 20, "the schedule's create to reach Zoom")
    stack.sql(f"UPDATE events SET change_claim_until = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = {event['id']}")
    renamed = a.ok("PATCH", f"{EVENTS}{event['id']}/", {"title": "Renamed meanwhile"})
    first.join(60)
    status, _, body = answer["value"]
    assert status == 409 and body["code"] == "event_busy", body
    shown = a.ok("GET", f"{EVENTS}{event['id']}/")
    assert (shown["status"], shown["zoom_id"], shown["title"]) == ("draft", None, renamed["title"])
    assert len(sim_meetings(stack)) == meetings  # the overtaken change's meeting was deleted
    assert stack.sql(f"SELECT change_claim FROM events WHERE id = {event['id']}") == [(None,)]
