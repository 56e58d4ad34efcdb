"""Notifications by mail (SPEC §2, §8, §12, §14): the transfer child's every-minute duty
`duty.send_notifications` mails the outbox's due rows through libcurl SMTP to a real SMTP
server on loopback (a small one written here with socketserver, which requires the URL's
credentials). Checked: envelope and headers as received, a UTF-8 subject and body decoded
back, a refused recipient or a server that is down retried later while other rows still go,
rows that cannot be sent or are a day late given up with a reason, no double sends with
several transfer processes, the password never in a log or a stored error, and the
recording pipeline's own `recording_ready` rows reaching the students' mailboxes."""
from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import email.utils
import os
import re
import secrets
import signal
import socket
import socketserver
import ssl
import subprocess
import threading
import time
import urllib.parse
import uuid
from typing import Callable, Optional

import pytest

from conftest import lectern_bin
from helpers import Actor, User, WORKERS, unique_email, wait_until
from stack import Stack, terminate

DUTY = "duty.send_notifications"
SMTP_USER = "lectern"
# Only URL-safe characters, so that it needs no percent-encoding in the URL.
SMTP_PASSWORD = "pw-" + secrets.token_urlsafe(18)
SENDER = "lectern@school.test"
SENDER_HEADER = f"Lectern School <{SENDER}>"


# --------------------------------------------------------------- the SMTP server


class Received:
    """One message as the server took it."""

    def __init__(self, mail_from: str, rcpt: list[str], raw: bytes, user: Optional[str], secure: bool):
        self.mail_from = mail_from
        self.rcpt = rcpt
        self.raw = raw
        self.user = user
        self.secure = secure
        self.message = email.message_from_bytes(raw, policy=email.policy.default)


class MailServer:
    """A minimal ESMTP server on 127.0.0.1: EHLO/HELO, AUTH PLAIN and LOGIN (MAIL is refused
    with 530 before a successful AUTH), MAIL, RCPT (550 for `refuse`), DATA (dot-unstuffed),
    RSET, NOOP, QUIT; with `tls`, STARTTLS too, or TLS from the first byte when `implicit`.
    `stop()` closes the listener and every open connection: the server is down."""

    def __init__(self, tls: Optional[ssl.SSLContext] = None, implicit: bool = False) -> None:
        self.tls = tls
        self.implicit = implicit
        self.lock = threading.Lock()
        self.messages: list[Received] = []
        # (user, password, over TLS) of every AUTH attempt.
        self.logins: list[tuple[str, str, bool]] = []
        self.refuse: set[str] = set()
        self.delay = 0.0
        self.port = 0
        self._server: Optional[socketserver.ThreadingTCPServer] = None
        self._connections: set[socket.socket] = set()
        self.start()

    def start(self) -> None:
        mail = self

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def read(self) -> Optional[bytes]:
                line = self.rfile.readline(65536)
                return line or None

            def handle(self) -> None:
                self.secure = False
                with mail.lock:
                    mail._connections.add(self.connection)
                try:
                    if mail.tls is not None and mail.implicit:
                        self.upgrade()
                    self.session()
                except OSError:  # ssl.SSLError included: a client that does not trust us
                    pass
                finally:
                    with mail.lock:
                        mail._connections.discard(self.connection)

            def upgrade(self) -> None:
                with mail.lock:
                    mail._connections.discard(self.connection)
                self.connection = mail.tls.wrap_socket(self.connection, server_side=True)
                with mail.lock:
                    mail._connections.add(self.connection)
                self.rfile = self.connection.makefile("rb")
                self.wfile = self.connection.makefile("wb")
                self.secure = True

            def session(self) -> None:
                user: Optional[str] = None
                mail_from: Optional[str] = None
                rcpt: list[str] = []
                self.reply("220 mail.test ESMTP test server")
                while (line := self.read()) is not None:
                    command = line.decode("utf-8", "replace").rstrip("\r\n")
                    verb = command.split(" ", 1)[0].upper()
                    argument = command[len(verb):].strip()
                    if verb == "EHLO":
                        self.reply("250-mail.test")
                        if mail.tls is not None and not self.secure:
                            self.reply("250-STARTTLS")
                        self.reply("250-AUTH PLAIN LOGIN")
                        self.reply("250 SIZE 10485760")
                    elif verb == "STARTTLS" and mail.tls is not None and not self.secure:
                        self.reply("220 2.0.0 Ready to start TLS")
                        self.upgrade()
                        user, mail_from, rcpt = None, None, []
                    elif verb == "HELO":
                        self.reply("250 mail.test")
                    elif verb == "AUTH":
                        user = self.authenticate(argument)
                    elif verb == "MAIL":
                        if user is None:
                            self.reply("530 5.7.0 Authentication required")
                            continue
                        mail_from, rcpt = _angle(argument), []
                        self.reply("250 2.1.0 OK")
                    elif verb == "RCPT":
                        address = _angle(argument)
                        with mail.lock:
                            refused = address in mail.refuse
                        if refused:
                            self.reply("550 5.1.1 No such user here")
                        else:
                            rcpt.append(address)
                            self.reply("250 2.1.5 OK")
                    elif verb == "DATA":
                        if mail_from is None or not rcpt:
                            self.reply("503 5.5.1 Bad sequence of commands")
                            continue
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        chunks = []
                        while (data := self.read()) is not None and data != b".\r\n":
                            chunks.append(data[1:] if data.startswith(b".") else data)
                        with mail.lock:
                            delay = mail.delay
                        time.sleep(delay)
                        with mail.lock:
                            mail.messages.append(Received(mail_from, rcpt, b"".join(chunks), user, self.secure))
                        self.reply("250 2.0.0 Queued")
                        mail_from, rcpt = None, []
                    elif verb == "RSET":
                        mail_from, rcpt = None, []
                        self.reply("250 2.0.0 OK")
                    elif verb == "NOOP":
                        self.reply("250 2.0.0 OK")
                    elif verb == "QUIT":
                        self.reply("221 2.0.0 Bye")
                        return
                    else:
                        self.reply("502 5.5.2 Command not recognized")

            def authenticate(self, argument: str) -> Optional[str]:
                mechanism, _, initial = argument.partition(" ")
                try:
                    if mechanism.upper() == "PLAIN":
                        if not initial:
                            self.reply("334 ")
                            initial = (self.read() or b"").decode().strip()
                        _, user, password = base64.b64decode(initial).decode().split("\0")
                    elif mechanism.upper() == "LOGIN":
                        if initial:
                            user = base64.b64decode(initial).decode()
                        else:
                            self.reply("334 " + base64.b64encode(b"Username:").decode())
                            user = base64.b64decode((self.read() or b"").strip()).decode()
                        self.reply("334 " + base64.b64encode(b"Password:").decode())
                        password = base64.b64decode((self.read() or b"").strip()).decode()
                    else:
                        self.reply("504 5.5.4 Unrecognized authentication type")
                        return None
                except ValueError:
                    self.reply("501 5.5.2 Cannot decode")
                    return None
                with mail.lock:
                    mail.logins.append((user, password, self.secure))
                if (user, password) != (SMTP_USER, SMTP_PASSWORD):
                    self.reply("535 5.7.8 Authentication credentials invalid")
                    return None
                self.reply("235 2.7.0 Authentication successful")
                return user

        self._server = Server(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, name="smtp-test-server", daemon=True).start()

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        with self.lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [m for m in self.messages if address in m.rcpt]


def _angle(argument: str) -> str:
    """`FROM:<a@b> SIZE=1` → `a@b`."""
    found = re.search(r"<([^>]*)>", argument)
    return found.group(1) if found else argument.split(":", 1)[-1].strip()


# ---------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def smtp() -> MailServer:
    server = MailServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def stack(smtp: MailServer):
    """This module's own stack, mailing through the test server with a user and password."""
    s = Stack(None, lectern_bin(), workers=WORKERS, keep=os.environ.get("LECTERN_KEEP_STACK") == "1", extra_env={
        "LECTERN_SMTP_URL": f"smtp://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{smtp.port}",
        "LECTERN_SMTP_FROM": SENDER_HEADER,
    })
    s.up()
    try:
        yield s
    finally:
        s.down()


@pytest.fixture(autouse=True)
def server_up(smtp: MailServer) -> None:
    """Every test starts with the server up, refusing nobody, answering at once."""
    if smtp._server is None:
        smtp.start()
    with smtp.lock:
        smtp.refuse.clear()
        smtp.delay = 0.0


# ----------------------------------------------------------------------- helpers


def sql_text(value: str) -> str:
    """A SQL expression for any text, whatever its characters (no quoting to get wrong)."""
    return f"CONVERT(FROM_BASE64('{base64.b64encode(value.encode()).decode()}') USING utf8mb4)"


def notify(stack: Stack, recipient: str, subject: str = "Your lesson", body: str = "Hello.",
           due: str = "UTC_TIMESTAMP(6)", kind: str = "test") -> int:
    """Queues one notification as the application would; returns its id."""
    rows = stack.sql(f"INSERT INTO notifications (kind, recipient_email, subject, body, due_at) "
                     f"VALUES ('{kind}', {sql_text(recipient)}, {sql_text(subject)}, {sql_text(body)}, {due}); "
                     f"SELECT LAST_INSERT_ID()")
    return int(rows[-1][0])


COLUMNS = ("id", "recipient_email", "sent_at", "attempts", "last_error", "retry_at", "failed_at", "claimed_by")


def row(stack: Stack, nid: int) -> dict:
    found = stack.sql(f"SELECT {', '.join(COLUMNS)} FROM notifications WHERE id = {int(nid)}")
    assert len(found) == 1, found
    return dict(zip(COLUMNS, found[0]))


def run_duty(stack: Stack, timeout: float = 60) -> None:
    """Queues the duty now (instead of waiting for the minute) and waits until it has run."""
    job = int(stack.sql(f"INSERT INTO jobs (kind, max_attempts) VALUES ('{DUTY}', 1); SELECT LAST_INSERT_ID()")[-1][0])

    def finished() -> Optional[tuple]:
        status, error = stack.sql(f"SELECT status, last_error FROM jobs WHERE id = {job}")[0]
        return (status, error) if status in ("done", "failed", "cancelled") else None

    assert wait_until(finished, timeout, f"{DUTY} job {job} to run") == ("done", None)


def settled(stack: Stack, ids: list[int], timeout: float = 60) -> list[dict]:
    """Waits until none of the rows is claimed or due any more: sent, waiting for a retry, or given up."""

    def done() -> Optional[list[dict]]:
        rows = [row(stack, i) for i in ids]
        return rows if all(r["sent_at"] or r["failed_at"] or r["retry_at"] for r in rows) else None

    return wait_until(done, timeout, f"notifications {ids} to be handled")


def retry_now(stack: Stack, nid: int) -> None:
    stack.sql(f"UPDATE notifications SET retry_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = {int(nid)}")


def logs(stack: Stack) -> str:
    """Every log under the stack's root: the pool's and any extra process's."""
    return "\n".join(p.read_text(errors="replace") for p in sorted(stack.root.glob("*.log")))


# ------------------------------------------------------------------------- tests


def test_a_due_notification_is_mailed_as_written(stack: Stack, smtp: MailServer) -> None:
    recipient = unique_email("student")
    subject = "Запись урока «Алгебра» готова — 録画 ✅ " + "and a long tail " * 4
    body = ("Привет!\nThe recording is on Drive: https://drive.example/file/d/abc/view\n"
            ".a line that starts with a dot\n\n" + "long " * 300 + "\nBye.")
    nid = notify(stack, recipient, subject, body)
    run_duty(stack)
    [sent] = settled(stack, [nid])
    assert sent["sent_at"] and sent["attempts"] == "1" and sent["last_error"] is None and sent["claimed_by"] is None

    [got] = smtp.to(recipient)
    assert got.mail_from == SENDER and got.rcpt == [recipient]
    assert got.user == SMTP_USER, "the URL's user and password were used"
    lines = got.raw.split(b"\r\n")
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines), "CRLF line ends only"
    assert max(len(line) for line in lines) <= 998
    head = got.raw.split(b"\r\n\r\n", 1)[0]
    assert all(b < 0x80 for b in head), "headers are ASCII (encoded-words)"
    assert b"=?UTF-8?B?" in head

    message = got.message
    assert str(message["From"]) == SENDER_HEADER
    assert str(message["To"]) == recipient
    assert str(message["Subject"]) == subject
    assert message["MIME-Version"] == "1.0"
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    assert message["Content-Transfer-Encoding"] in ("7bit", "8bit", "base64", "quoted-printable")
    assert message.get_content().replace("\r\n", "\n").rstrip("\n") == body
    date = email.utils.parsedate_to_datetime(message["Date"])
    assert abs((date - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 120
    assert re.fullmatch(rf"<lectern\.notification\.{nid}\.\d+@school\.test>", message["Message-ID"]), message["Message-ID"]
    assert message["Auto-Submitted"] == "auto-generated"

    run_duty(stack)
    assert len(smtp.to(recipient)) == 1, "a sent notification is not sent again"


def test_future_notifications_wait_for_their_time(stack: Stack, smtp: MailServer) -> None:
    recipient = unique_email("later")
    # ASCII, so sent as 7bit: lines of dots must survive SMTP's end-of-data marker.
    body = "Reminder.\n.\n..two dots\n.leading dot\nend"
    nid = notify(stack, recipient, "Plain ASCII subject", body, due="UTC_TIMESTAMP(6) + INTERVAL 3 SECOND")
    run_duty(stack)
    assert row(stack, nid)["sent_at"] is None and smtp.to(recipient) == []
    time.sleep(3.5)
    run_duty(stack)
    settled(stack, [nid])
    [got] = smtp.to(recipient)
    assert got.message["Content-Transfer-Encoding"] == "7bit"
    assert str(got.message["Subject"]) == "Plain ASCII subject"
    assert got.message.get_content().replace("\r\n", "\n").rstrip("\n") == body


def test_a_refused_recipient_is_retried_later_and_the_others_still_go(stack: Stack, smtp: MailServer) -> None:
    refused, fine = unique_email("refused"), unique_email("fine")
    with smtp.lock:
        smtp.refuse.add(refused)
    bad = notify(stack, refused, "For the refused one")
    good = notify(stack, fine, "For the fine one")
    run_duty(stack)
    failed, sent = settled(stack, [bad, good])
    assert sent["sent_at"] and len(smtp.to(fine)) == 1
    assert failed["sent_at"] is None and failed["failed_at"] is None and failed["attempts"] == "1"
    assert "550" in failed["last_error"] and SMTP_PASSWORD not in failed["last_error"], failed
    wait = stack.sql(f"SELECT TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6), retry_at) FROM notifications WHERE id = {bad}")
    assert 50 <= int(wait[0][0]) <= 66, wait

    # Not before its retry time…
    run_duty(stack)
    assert row(stack, bad)["attempts"] == "1" and smtp.to(refused) == []
    # …then, the server accepting it now, once.
    with smtp.lock:
        smtp.refuse.clear()
    retry_now(stack, bad)
    run_duty(stack)
    wait_until(lambda: row(stack, bad)["sent_at"], 30, "the refused notification to be sent on retry")
    assert row(stack, bad)["attempts"] == "2"
    assert len(smtp.to(refused)) == 1


def test_a_server_that_is_down_is_retried_when_it_is_back(stack: Stack, smtp: MailServer) -> None:
    recipient = unique_email("down")
    smtp.stop()
    nid = notify(stack, recipient, "While the server is down")
    run_duty(stack)
    [failed] = settled(stack, [nid])
    assert failed["sent_at"] is None and failed["attempts"] == "1" and failed["retry_at"], failed
    assert "curl 7" in failed["last_error"] or "connect" in failed["last_error"].lower(), failed
    assert SMTP_PASSWORD not in failed["last_error"]

    smtp.start()
    retry_now(stack, nid)
    run_duty(stack)
    wait_until(lambda: row(stack, nid)["sent_at"], 30, "the notification to be sent once the server is back")
    assert len(smtp.to(recipient)) == 1


def test_rows_that_cannot_be_sent_or_are_a_day_late_are_given_up_with_a_reason(stack: Stack, smtp: MailServer) -> None:
    malformed = notify(stack, "not an address")
    stale_to = unique_email("stale")
    stale = notify(stack, stale_to, "Event starts now", due="UTC_TIMESTAMP(6) - INTERVAL 2 DAY")
    run_duty(stack)
    rows = settled(stack, [malformed, stale])
    assert all(r["failed_at"] and r["sent_at"] is None and r["retry_at"] is None for r in rows), rows
    assert rows[0]["last_error"].startswith("not sendable: the recipient is not a usable address")
    assert rows[1]["last_error"].startswith("skipped:") and rows[1]["attempts"] == "0"
    assert smtp.to(stale_to) == []
    run_duty(stack)
    assert [row(stack, i)["attempts"] for i in (malformed, stale)] == ["1", "0"], "never retried"


def test_a_line_break_in_a_subject_is_sent_as_one_line_and_injects_nothing(stack: Stack, smtp: MailServer) -> None:
    """A lesson titled over two lines must not make every mail about it fail, nor add a header."""
    injected_to = unique_email("inject")
    injected = notify(stack, injected_to, "Recording of \"Algebra\r\nBcc: everyone@school.test\" is ready")
    run_duty(stack)
    [sent] = settled(stack, [injected])
    assert sent["sent_at"] and sent["last_error"] is None, sent
    [got] = smtp.to(injected_to)
    assert got.rcpt == [injected_to] and smtp.to("everyone@school.test") == []
    head = got.raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    assert not any(line.lower().startswith(b"bcc:") for line in head), head
    assert b'Subject: Recording of "Algebra  Bcc: everyone@school.test" is ready' in head, head


@pytest.mark.slow
def test_several_transfer_processes_never_send_a_notification_twice(stack: Stack, smtp: MailServer) -> None:
    extra = [stack.start_lectern_process("transfer", log_name=f"transfer-mail-{i}.log") for i in range(2)]
    try:
        with smtp.lock:
            smtp.delay = 0.02  # every process is still sending while the others claim
        recipients = [unique_email(f"many{i}") for i in range(60)]
        ids = [notify(stack, r, f"Message {i}") for i, r in enumerate(recipients)]
        jobs = ", ".join(f"('{DUTY}', 1)" for _ in range(6))
        stack.sql(f"INSERT INTO jobs (kind, max_attempts) VALUES {jobs}")
        for proc in extra:
            assert proc.poll() is None, f"extra transfer process exited with {proc.returncode}"

        def all_sent() -> Optional[list[dict]]:
            rows = [row(stack, i) for i in ids]
            return rows if all(r["sent_at"] for r in rows) else None

        rows = wait_until(all_sent, 90, "60 notifications to be sent")
        assert all(r["attempts"] == "1" for r in rows), [r for r in rows if r["attempts"] != "1"]
        time.sleep(1)  # anything sent twice would have arrived by now
        assert [len(smtp.to(r)) for r in recipients] == [1] * 60, "each notification is mailed exactly once"
        senders = sum("notifications: " in p.read_text(errors="replace") for p in stack.root.glob("transfer-mail-*.log"))
        print(f"extra transfer processes that sent a batch: {senders} of 2")
    finally:
        for proc in extra:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in extra:
            terminate(proc, signal.SIGTERM, timeout=20, group=True)


def test_recording_ready_rows_of_the_pipeline_reach_the_students(stack: Stack, smtp: MailServer,
                                                                 make_user: Callable[..., User]) -> None:
    """A recorded lesson ends in lectern-sim; once its video is on the emulated Drive, the
    pipeline queues `recording_ready` for the group's students, and the duty mails them."""
    if stack.sim_port is None:
        pytest.skip("lectern-sim is not built beside lectern")
    admin, teacher = Actor(stack, make_user("admin")), Actor(stack, make_user("teacher"))
    students = [make_user("student") for _ in range(2)]
    group = teacher.ok("POST", "/api/schedule/groups/", {"name": f"Class {uuid.uuid4().hex[:6]}",
                                                         "student_ids": [s.id for s in students]}, 201)
    stack.sql("UPDATE zoom_accounts SET is_active = 0")
    admin.ok("POST", "/api/schedule/zoom-accounts/", {"email": f"host-{time.monotonic_ns()}@pool.test"}, 201)
    start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    lesson = teacher.ok("POST", "/api/schedule/lessons/", {
        "title": "Геометрия", "group_id": group["id"], "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "duration": 1, "record_lesson": True}, 201)
    started = teacher.ok("POST", f"/api/schedule/lessons/{lesson['id']}/start-new/")
    status, fired = stack.sim_request("POST", f"/_sim/meetings/{started['zoom_meeting_id']}/end")
    assert status == 200, fired

    def queued() -> Optional[list[tuple]]:
        found = stack.sql(f"SELECT id, recipient_email, subject, body FROM notifications "
                          f"WHERE kind = 'recording_ready' AND dedupe_key LIKE 'recording-ready:{lesson['id']}:%'")
        return found if len(found) == 2 else None

    found = wait_until(queued, 120, "the pipeline to queue recording_ready for both students")
    run_duty(stack)
    settled(stack, [int(f[0]) for f in found])
    for student in students:
        [got] = smtp.to(student.email)
        assert str(got.message["Subject"]) == 'Recording of "Геометрия" is available'
        link = stack.sql(f"SELECT web_view_link FROM recordings WHERE lesson_id = {lesson['id']} AND file_type = 'MP4'")[0][0]
        assert link and link in got.message.get_content()


def transfer_with(stack: Stack, smtp_url: str, log_name: str) -> subprocess.Popen:
    """An extra `lectern transfer` whose LECTERN_SMTP_URL (from its environment, which wins
    over the env file) is `smtp_url`; stop it with `terminate`."""
    with open(stack.root / log_name, "ab") as out:
        return subprocess.Popen([str(lectern_bin()), "transfer", "--config", str(stack.env_file)],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True,
                                env={**stack.lectern_environment(), "LECTERN_SMTP_URL": smtp_url})


@pytest.fixture(scope="module")
def tls_context(stack: Stack) -> ssl.SSLContext:
    """The stack's self-signed certificate (localhost, 127.0.0.1) for the TLS mail servers."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(stack.cert), str(stack.key))
    return context


@pytest.mark.parametrize("mode", ["starttls", "smtps"])
def test_mail_goes_over_tls_with_starttls_or_smtps(stack: Stack, tls_context: ssl.SSLContext, mode: str) -> None:
    stack.stop_lectern()  # from here on only the transfer processes these tests start send mail
    server = MailServer(tls=tls_context, implicit=mode == "smtps")
    cafile = urllib.parse.quote(str(stack.cert), safe="")
    url = (f"smtp://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{server.port}?starttls&cafile={cafile}" if mode == "starttls"
           else f"smtps://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{server.port}?cafile={cafile}")
    proc = transfer_with(stack, url, f"transfer-{mode}.log")
    try:
        recipient = unique_email(mode)
        nid = notify(stack, recipient, f"Over {mode}", "Sent encrypted.")
        run_duty(stack)
        [done] = settled(stack, [nid])
        assert done["sent_at"], done
        [got] = server.to(recipient)
        assert got.secure and got.user == SMTP_USER and got.mail_from == SENDER
        assert str(got.message["Subject"]) == f"Over {mode}"
        assert server.logins and all(secure for _, _, secure in server.logins), "credentials only ever went over TLS"
    finally:
        terminate(proc, signal.SIGTERM, timeout=20, group=True)
        server.stop()


def test_required_starttls_never_falls_back_to_a_clear_connection(stack: Stack, smtp: MailServer) -> None:
    """?starttls against a server that does not offer it: refused before any credential or mail."""
    stack.stop_lectern()
    proc = transfer_with(stack, f"smtp://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{smtp.port}?starttls",
                         "transfer-no-starttls.log")
    try:
        with smtp.lock:
            logins = len(smtp.logins)
        recipient = unique_email("clear")
        nid = notify(stack, recipient, "Must not go in clear")
        run_duty(stack)
        [failed] = settled(stack, [nid])
        assert failed["sent_at"] is None and failed["retry_at"] and "curl 64" in failed["last_error"], failed
        assert smtp.to(recipient) == []
        with smtp.lock:
            assert len(smtp.logins) == logins, "no AUTH was attempted over the clear connection"
    finally:
        terminate(proc, signal.SIGTERM, timeout=20, group=True)


def test_without_smtp_url_a_transfer_process_keeps_the_outbox(stack: Stack) -> None:
    """An empty LECTERN_SMTP_URL in the environment wins over the env file: outbox only."""
    log = stack.root / "transfer-outbox.log"
    proc = transfer_with(stack, "", log.name)
    try:
        wait_until(lambda: "transfer process started" in log.read_text(errors="replace"), 30, "the process to start")
        text = log.read_text(errors="replace")
        assert text.count("notifications stay in the outbox: LECTERN_SMTP_URL is not set") == 1, text
    finally:
        terminate(proc, signal.SIGTERM, timeout=20, group=True)


def test_a_bad_smtp_url_stops_start_up_with_one_line_and_no_password(stack: Stack) -> None:
    env = {**stack.lectern_environment(), "LECTERN_SMTP_URL": "smtp://u:topsecret-pw@mail.example.org:25"}
    result = subprocess.run([str(lectern_bin()), "migrate", "--config", str(stack.env_file)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "LECTERN_SMTP_URL" in lines[0] and "?starttls" in lines[0], result.stderr
    assert "topsecret" not in result.stderr + result.stdout


def test_the_password_is_never_logged_nor_stored(stack: Stack, smtp: MailServer) -> None:
    text = logs(stack)
    assert SMTP_PASSWORD not in text
    assert f"notifications are mailed through smtp://{SMTP_USER}:***@127.0.0.1:{smtp.port} as {SENDER_HEADER}" in text
    stored = stack.sql("SELECT COALESCE(last_error, '') FROM notifications UNION ALL SELECT COALESCE(last_error, '') FROM jobs")
    assert not [r for r in stored if SMTP_PASSWORD in (r[0] or "")]
    # One line per batch, never a body.
    assert "notifications: " in text and "a line that starts with a dot" not in text and "Привет" not in text
