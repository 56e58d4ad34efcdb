#!/usr/bin/env python3
"""A complete throwaway Lectern stack: MariaDB, nginx with TLS, and the pool.

Everything lives under one root directory (a temp dir by default): MariaDB's data
dir and socket, a self-signed certificate, nginx's rendered config, temp paths, pid
and logs, the env file, the FastCGI socket and Lectern's log.  Nothing is installed
or changed outside that directory; every server is a child of this process, in its
own session (so a Ctrl-C in a terminal reaches only the Python process, which then
tears the stack down in order).

Used by the integration tests (Tests/Integration/conftest.py), by the one-command
local run (deploy/local/run.py) and by deploy/local/test (``with-mariadb`` below).
Standard library only.

    stack = Stack(None, Path(".build/debug/lectern"), workers=3)
    stack.up()
    try:
        uid = stack.add_user("t@example.org", "T", "teacher", "secret-pass")
        token = stack.login("t@example.org", "secret-pass")
        status, headers, body = stack.request("GET", "/api/me/", token=token)
    finally:
        stack.down()

Command line:

    python3 deploy/local/stack.py with-mariadb [--database NAME] -- CMD ARGS...
        start a throwaway MariaDB, run CMD with LECTERN_TEST_DB_URL set to it,
        tear MariaDB down, exit with CMD's exit code
    python3 deploy/local/stack.py check-nginx
        render nginx/lectern.local.conf.in and nginx/lectern.conf and run `nginx -t`
    python3 deploy/local/stack.py reap DIR...
        stop servers an interrupted run left under the stack roots DIR... (by pid file)
"""

from __future__ import annotations

import http.client
import json as _json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

REPO = Path(__file__).resolve().parents[2]
NGINX_LOCAL_TEMPLATE = REPO / "nginx" / "lectern.local.conf.in"
NGINX_PRODUCTION_CONF = REPO / "nginx" / "lectern.conf"
NGINX_ROUTES = REPO / "nginx" / "lectern-routes.conf"
# nginx's Drive base while no lectern-sim runs (the discard port: nothing answers there).
NO_DRIVE_API = "http://127.0.0.1:9"

POLL_INTERVAL = 0.05
# sun_path is 108 bytes on Linux; keep a margin.
MAX_SOCKET_PATH = 100

# Variables that would override the env file (real environment wins over --config),
# so they are removed from the environment of every lectern process we start.
CONFIG_PREFIXES = ("LECTERN_", "ZOOM_", "GOOGLE_", "DRIVE_")


# The Zoom app that lectern-sim accepts; the stack configures Lectern's env app with it.
SIM_ZOOM_CREDENTIALS = {
    "ZOOM_ACCOUNT_ID": "sim-account",
    "ZOOM_CLIENT_ID": "sim-client",
    "ZOOM_CLIENT_SECRET": "sim-secret",
    "ZOOM_WEBHOOK_SECRET_TOKEN": "sim-webhook-secret",
}


# The shared-drive folder lectern-sim's Drive starts with; Lectern files everything under it.
SIM_DRIVE_ROOT_FOLDER_ID = "sim-root-folder"


class StackError(RuntimeError):
    """A part of the stack failed to start or stop; the message carries log tails."""


def wait_until(predicate: Callable[[], Any], timeout: float, what: str,
               interval: float = POLL_INTERVAL) -> Any:
    """Polls `predicate` every `interval` s until it returns something truthy, which is
    returned. Raises TimeoutError naming `what` after `timeout` s. Exceptions raised by
    the predicate propagate (use that to fail fast, e.g. when a process died)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(interval)


def tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return f"(no {path})"
    return "\n".join(text.splitlines()[-lines:])


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def is_root() -> bool:
    return os.geteuid() == 0


def process_alive(pid: int) -> bool:
    """True while `pid` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read().decode(errors="replace")
    except OSError:
        return False
    state = stat[stat.rfind(")") + 2:].split(" ", 1)[0]
    return state not in ("Z", "X")


def cmdline(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            raw = f.read()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def child_pids(pid: int) -> set[int]:
    """Live children of `pid`: from /proc/<pid>/task/*/children when the kernel has it,
    else by scanning every /proc/*/stat for the parent pid."""
    children: set[int] = set()
    task_dir = Path(f"/proc/{pid}/task")
    files = list(task_dir.glob("*/children")) if task_dir.exists() else []
    if files:
        for f in files:
            try:
                children.update(int(x) for x in f.read_text().split())
            except OSError:
                pass
    else:
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    stat = f.read().decode(errors="replace")
            except OSError:
                continue
            fields = stat[stat.rfind(")") + 2:].split()
            if len(fields) > 1 and int(fields[1]) == pid:
                children.add(int(entry))
    return {c for c in children if process_alive(c)}


def terminate(proc: Optional[subprocess.Popen], sig: int = signal.SIGTERM, timeout: float = 20.0,
              group: bool = False) -> Optional[int]:
    """Sends `sig`, waits up to `timeout` s, then SIGKILLs. With `group`, the final
    SIGKILL goes to the process group the child leads (it was started in its own
    session), catching grandchildren left behind. Returns the exit status."""
    if proc is None:
        return None
    if proc.poll() is None:
        try:
            proc.send_signal(sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    if group:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    return proc.returncode


def _unescape_batch(value: str) -> Optional[str]:
    """Undoes the escaping of `mariadb --batch` output; NULL becomes None."""
    if value == "NULL":
        return None
    if "\\" not in value:
        return value
    out, i = [], 0
    mapping = {"n": "\n", "t": "\t", "\\": "\\", "0": "\0"}
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            out.append(mapping.get(value[i + 1], value[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


class Stack:
    """A throwaway MariaDB + nginx (TLS) + Lectern pool under `root`.

    `root=None` makes a fresh temp dir. `down()` removes the root unless `keep`.
    """

    def __init__(self, root: Optional[Path], lectern_bin: Optional[Path], workers: int = 3,
                 extra_env: Optional[dict[str, str]] = None, keep: bool = False,
                 database: str = "lectern", serve_args: tuple[str, ...] = (), sim_state: Optional[Path] = None):
        self._made_root = root is None
        if root is None:
            # LECTERN_STACK_PARENT (set by deploy/local/test) gathers throwaway roots in one place.
            parent = os.environ.get("LECTERN_STACK_PARENT") or None
            self.root = Path(tempfile.mkdtemp(prefix="lectern-stack-", dir=parent))
        else:
            self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.lectern_bin = Path(lectern_bin).resolve() if lectern_bin else None
        self.workers = workers
        self.extra_env = dict(extra_env or {})
        # Extra `lectern serve` options, e.g. ("--no-transfer",) to keep queued jobs unclaimed.
        self.serve_args = tuple(serve_args)
        self.keep = keep
        self.database = database

        # Unix sockets go under root unless its path is too long for sun_path.
        self._sock_tmp: Optional[Path] = None
        if len(str(self.root / "mysql.sock")) > MAX_SOCKET_PATH:
            self._sock_tmp = Path(tempfile.mkdtemp(prefix="lectern-sock-"))
        sock_dir = self._sock_tmp or self.root
        self.mysql_socket = sock_dir / "mysql.sock"
        self.fcgi_socket = sock_dir / "fcgi.sock"

        self.datadir = self.root / "mariadb"
        self.mysql_tmp = self.root / "mariadb-tmp"
        self.mysql_pid_file = self.root / "mariadb.pid"
        self.mysql_log = self.root / "mariadb.log"
        self.tls_dir = self.root / "tls"
        self.cert = self.tls_dir / "cert.pem"
        self.key = self.tls_dir / "key.pem"
        self.nginx_dir = self.root / "nginx"
        self.nginx_conf = self.nginx_dir / "lectern.conf"
        self.nginx_error_log = self.nginx_dir / "error.log"
        self.nginx_pid_file = self.nginx_dir / "nginx.pid"
        self.env_file = self.root / "lectern.env"
        self.spool_dir = self.root / "spool"
        self.lectern_log = self.root / "lectern.log"
        self.lectern_pid_file = self.root / "lectern.pid"

        self.db_url = f"mariadb://root@localhost/{database}?socket={self.mysql_socket}"
        self.master_key = secrets.token_hex(32)
        self.port: Optional[int] = None

        self._mariadb: Optional[subprocess.Popen] = None
        self._nginx: Optional[subprocess.Popen] = None
        self._lectern: Optional[subprocess.Popen] = None
        self._extra: list[subprocess.Popen] = []
        self._ssl_context: Optional[ssl.SSLContext] = None

        # lectern-sim (the Zoom emulator), when built beside lectern or named by LECTERN_SIM_BIN.
        given_sim = os.environ.get("LECTERN_SIM_BIN")
        self.sim_bin: Optional[Path] = (Path(given_sim) if given_sim else
                                        self.lectern_bin.parent / "lectern-sim" if self.lectern_bin else None)
        self.sim_log = self.root / "lectern-sim.log"
        self.google_key_file = self.root / "google-service-account.json"
        # Where lectern-sim keeps its Zoom and Drive across restarts; in memory when None.
        self.sim_state = sim_state
        self.sim_port: Optional[int] = None
        self._sim: Optional[subprocess.Popen] = None

    # ----------------------------------------------------------------- lifecycle

    def up(self) -> "Stack":
        """MariaDB, certificate, lectern-sim, nginx, env file, migrations, the pool — in that order."""
        try:
            self.start_mariadb()
            self.make_certificate()
            # lectern-sim first: nginx's Drive location proxies to it; its webhooks then aim at nginx.
            self.start_sim()
            self.start_nginx()
            if self.sim_port is not None:
                self.aim_sim_webhooks()
            self.write_env()
            self.migrate()
            self.start_lectern()
        except BaseException:
            self.down(remove=False)
            raise
        return self

    def down(self, remove: Optional[bool] = None) -> None:
        """Stops everything that runs (even after a partial start). Removes the root
        unless `keep` (or `remove=False`). Raises StackError listing what failed to stop."""
        errors = []
        for proc in self._extra:
            try:
                terminate(proc, timeout=10, group=True)
            except Exception as e:  # noqa: BLE001 - keep stopping the rest
                errors.append(f"extra process {proc.pid}: {e}")
        self._extra.clear()
        for name, stop in (("lectern", self.stop_lectern), ("nginx", self.stop_nginx),
                           ("lectern-sim", self.stop_sim), ("mariadb", self.stop_mariadb)):
            try:
                stop()
            except Exception as e:  # noqa: BLE001
                errors.append(f"{name}: {e}")
        if remove is None:
            remove = not self.keep
        if remove:
            shutil.rmtree(self.root, ignore_errors=True)
        if self._sock_tmp is not None and remove:
            shutil.rmtree(self._sock_tmp, ignore_errors=True)
        if errors:
            raise StackError("; ".join(errors))

    def __enter__(self) -> "Stack":
        return self.up()

    def __exit__(self, *exc: Any) -> None:
        self.down()

    @staticmethod
    def reap_leftovers(root: Path) -> None:
        """Stops servers that an earlier, abruptly ended run left behind under `root`
        (found by their pid files, and only if their command line mentions `root`)."""
        root = Path(root).resolve()
        for pid_file in (root / "lectern.pid", root / "nginx" / "nginx.pid", root / "mariadb.pid"):
            try:
                pid = int(pid_file.read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue
            if not process_alive(pid) or str(root) not in " ".join(cmdline(pid)):
                continue
            os.kill(pid, signal.SIGTERM)
            try:
                wait_until(lambda: not process_alive(pid), 30, f"leftover pid {pid} to exit")
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)

    # ------------------------------------------------------------------ MariaDB

    def _mysql_client_args(self) -> list[str]:
        return ["mariadb", "--no-defaults", f"--socket={self.mysql_socket}", "--user=root",
                "--connect-timeout=2", "--batch", "--skip-column-names",
                "--default-character-set=utf8mb4"]

    def start_mariadb(self) -> None:
        """Initialises a fresh data dir, starts mariadbd, creates the database."""
        if self.datadir.exists():
            shutil.rmtree(self.datadir)
        self.datadir.mkdir(parents=True)
        # Its own tmpdir: the server's temporary tables in a shared /tmp can collide with
        # (or be cleaned away by) anything else running on the machine.
        self.mysql_tmp.mkdir(parents=True, exist_ok=True)
        install = ["mariadb-install-db", "--no-defaults", f"--datadir={self.datadir}",
                   f"--tmpdir={self.mysql_tmp}",
                   "--auth-root-authentication-method=normal", "--skip-test-db"]
        if is_root():
            install.insert(2, "--user=root")
        result = subprocess.run(install, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            raise StackError(f"mariadb-install-db failed ({result.returncode}):\n{result.stdout[-4000:]}")
        self._launch_mariadbd()
        self.sql_server(f"CREATE DATABASE IF NOT EXISTS `{self.database}` "
                        "DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")

    def _launch_mariadbd(self) -> None:
        if self._mariadb is not None and self._mariadb.poll() is None:
            raise StackError("mariadbd is already running")
        args = ["mariadbd", "--no-defaults", f"--datadir={self.datadir}", f"--tmpdir={self.mysql_tmp}",
                f"--socket={self.mysql_socket}", "--skip-networking",
                f"--pid-file={self.mysql_pid_file}", f"--log-error={self.mysql_log}",
                "--innodb-buffer-pool-size=64M", "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci", "--skip-name-resolve",
                "--max-connections=500"]
        if is_root():
            args.insert(2, "--user=root")
        with open(self.root / "mariadb.out", "ab") as out:
            self._mariadb = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out,
                                             stderr=subprocess.STDOUT, start_new_session=True)

        def answers() -> bool:
            if self._mariadb.poll() is not None:
                raise StackError(f"mariadbd exited with {self._mariadb.returncode}:\n{tail(self.mysql_log)}")
            probe = subprocess.run(self._mysql_client_args() + ["-e", "SELECT 1"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return probe.returncode == 0

        wait_until(answers, 60, "MariaDB to answer on " + str(self.mysql_socket))

    def stop_mariadb(self) -> None:
        """Stops mariadbd (SIGTERM = clean shutdown) and waits for it to exit."""
        proc, self._mariadb = self._mariadb, None
        if proc is None or proc.poll() is not None:
            return
        terminate(proc, signal.SIGTERM, timeout=60)

    def start_mariadb_again(self) -> None:
        """Restarts mariadbd on the existing data dir (after `stop_mariadb`)."""
        self._launch_mariadbd()

    @property
    def mariadb_pid(self) -> Optional[int]:
        return self._mariadb.pid if self._mariadb is not None and self._mariadb.poll() is None else None

    def _run_sql(self, query: str, database: Optional[str]) -> list[tuple[Optional[str], ...]]:
        args = self._mysql_client_args()
        if database:
            args.append(database)
        result = subprocess.run(args, input=query, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, timeout=60)
        if result.returncode != 0:
            raise StackError(f"SQL failed: {result.stderr.strip()}\nquery: {query[:500]}")
        return [tuple(_unescape_batch(v) for v in line.split("\t"))
                for line in result.stdout.splitlines()]

    def sql(self, query: str) -> list[tuple[Optional[str], ...]]:
        """Runs SQL in the stack's database through the `mariadb` CLI; returns rows as
        tuples of strings (NULL → None). Several statements separated by `;` are fine."""
        return self._run_sql(query, self.database)

    def sql_server(self, query: str) -> list[tuple[Optional[str], ...]]:
        """Like `sql`, without selecting a database."""
        return self._run_sql(query, None)

    # ---------------------------------------------------------------------- TLS

    def make_certificate(self) -> None:
        """A self-signed certificate for localhost / 127.0.0.1, valid two days."""
        self.tls_dir.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(self.key),
             "-out", str(self.cert), "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            raise StackError(f"openssl req failed:\n{result.stdout}")
        os.chmod(self.key, 0o600)
        self._ssl_context = None

    @property
    def ssl_context(self) -> ssl.SSLContext:
        if self._ssl_context is None:
            self._ssl_context = ssl.create_default_context(cafile=str(self.cert))
        return self._ssl_context

    # -------------------------------------------------------------------- nginx

    def render_nginx_config(self, port: int) -> str:
        text = NGINX_LOCAL_TEMPLATE.read_text()
        values = {
            "@ROOT@": str(self.nginx_dir),
            "@PORT@": str(port),
            "@SOCKET@": str(self.fcgi_socket),
            "@DRIVE_API@": self.sim_url if self.sim_port is not None else NO_DRIVE_API,
            "@ROUTES@": str(NGINX_ROUTES),
            "@CERT@": str(self.cert),
            "@KEY@": str(self.key),
            "@USER_LINE@": "user root;" if is_root() else "# (not root: nginx runs as the current user)",
        }
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        leftover = [w for w in text.split() if w.startswith("@") and w.rstrip(";").endswith("@")]
        if leftover:
            raise StackError(f"unrendered placeholders in {NGINX_LOCAL_TEMPLATE}: {leftover}")
        return text

    def _prepare_nginx(self, port: int) -> None:
        for sub in ("tmp/client_body", "tmp/fastcgi", "tmp/proxy", "tmp/uwsgi", "tmp/scgi", "logs"):
            (self.nginx_dir / sub).mkdir(parents=True, exist_ok=True)
        self.nginx_conf.write_text(self.render_nginx_config(port))
        # The routes' `include fastcgi_params;` is relative to the config's directory, as in /etc/nginx.
        shutil.copy("/etc/nginx/fastcgi_params", self.nginx_dir / "fastcgi_params")

    def nginx_args(self) -> list[str]:
        return ["nginx", "-p", f"{self.nginx_dir}/", "-c", str(self.nginx_conf), "-e", str(self.nginx_error_log)]

    def check_nginx(self, port: Optional[int] = None) -> str:
        """Renders the config and runs `nginx -t` on it; returns nginx's output."""
        self._prepare_nginx(port or self.port or free_port())
        result = subprocess.run(self.nginx_args() + ["-t"], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            raise StackError(f"nginx -t failed:\n{result.stdout}")
        return result.stdout

    def start_nginx(self) -> None:
        """Renders nginx/lectern.local.conf.in for a free port and starts nginx in the
        foreground (daemon off) as our child; waits until it accepts connections."""
        if not self.cert.exists():
            self.make_certificate()
        last_error: Optional[Exception] = None
        for _ in range(3):  # the free port may be taken between probe and bind
            port = free_port()
            self._prepare_nginx(port)
            with open(self.nginx_dir / "nginx.out", "ab") as out:
                self._nginx = subprocess.Popen(self.nginx_args(), stdin=subprocess.DEVNULL, stdout=out,
                                               stderr=subprocess.STDOUT, start_new_session=True)

            def listening() -> bool:
                if self._nginx.poll() is not None:
                    raise StackError(f"nginx exited with {self._nginx.returncode}:\n{tail(self.nginx_error_log)}")
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        return True
                except OSError:
                    return False

            try:
                wait_until(listening, 20, f"nginx to listen on 127.0.0.1:{port}")
                self.port = port
                return
            except StackError as e:
                last_error = e
                if "Address already in use" not in str(e):
                    raise
        raise StackError(f"nginx could not start: {last_error}")

    def reload_nginx(self) -> None:
        """SIGHUP to nginx's master: re-reads the rendered config."""
        if self._nginx is None or self._nginx.poll() is not None:
            raise StackError("nginx is not running")
        self._nginx.send_signal(signal.SIGHUP)

    def stop_nginx(self) -> None:
        proc, self._nginx = self._nginx, None
        if proc is None:
            return
        terminate(proc, signal.SIGQUIT, timeout=15, group=True)

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    # ------------------------------------------------------------------ Lectern

    def env_values(self) -> dict[str, str]:
        values = {
            "LECTERN_LISTEN": f"unix:{self.fcgi_socket}",
            "LECTERN_WORKERS": str(self.workers),
            "LECTERN_DB_URL": self.db_url,
            "LECTERN_MASTER_KEY": self.master_key,
            "LECTERN_LOG_LEVEL": "info",
            "LECTERN_SPOOL_DIR": str(self.spool_dir),
            "LECTERN_REQUEST_TIMEOUT": "30",
            "LECTERN_MAX_REQUESTS": "10000",
        }
        if self.sim_port is not None:
            values.update(SIM_ZOOM_CREDENTIALS)
            values["ZOOM_API_BASE"] = f"{self.sim_url}/v2"
            values["ZOOM_OAUTH_BASE"] = self.sim_url
            # lectern-sim serves recordings over plain http on loopback.
            values["ZOOM_DOWNLOAD_HOSTS"] = "127.0.0.1"
            values["GOOGLE_SERVICE_ACCOUNT_FILE"] = str(self.google_key_file)
            values["DRIVE_API_BASE"] = self.sim_url
            values["DRIVE_ROOT_FOLDER_ID"] = SIM_DRIVE_ROOT_FOLDER_ID
        values.update({k: str(v) for k, v in self.extra_env.items()})
        return values

    # -------------------------------------------------------------- lectern-sim

    def start_sim(self) -> None:
        """Starts lectern-sim on a free port when its binary exists (else the stack runs
        without Zoom); the env file then points ZOOM_* at it."""
        if self.sim_bin is None or not self.sim_bin.exists():
            return
        argv = [str(self.sim_bin), "--port", "0",
                "--zoom-account-id", SIM_ZOOM_CREDENTIALS["ZOOM_ACCOUNT_ID"],
                "--zoom-client-id", SIM_ZOOM_CREDENTIALS["ZOOM_CLIENT_ID"],
                "--zoom-client-secret", SIM_ZOOM_CREDENTIALS["ZOOM_CLIENT_SECRET"]]
        if self.sim_state is not None:
            argv += ["--state", str(self.sim_state)]
        with open(self.sim_log, "ab") as log:
            self._sim = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                         start_new_session=True)

        def port() -> Optional[int]:
            if self._sim.poll() is not None:
                raise StackError(f"lectern-sim exited with {self._sim.returncode}:\n{tail(self.sim_log)}")
            for line in tail(self.sim_log).splitlines():
                if line.startswith("lectern-sim listening on http://"):
                    return int(line.rsplit(":", 1)[1])
            return None

        self.sim_port = wait_until(port, 20, "lectern-sim to listen")
        self.make_google_service_account()
        if self.port is not None:
            self.aim_sim_webhooks()

    def aim_sim_webhooks(self) -> None:
        """Points lectern-sim's webhooks ("end meeting M") at Lectern through nginx, signed
        with the webhook secret Lectern is configured with."""
        secret = self.env_values().get("ZOOM_WEBHOOK_SECRET_TOKEN", SIM_ZOOM_CREDENTIALS["ZOOM_WEBHOOK_SECRET_TOKEN"])
        status, answer = self.sim_request("PUT", "/_sim/webhook", {
            "url": f"{self.base_url}/schedule/api/zoom/webhook/", "secret": secret, "ca_file": str(self.cert)})
        if status != 204:
            raise StackError(f"lectern-sim refused the webhook target: {status} {answer}")

    def make_google_service_account(self) -> None:
        """A fresh service-account key whose token endpoint is lectern-sim's, registered
        with lectern-sim so that it accepts the JWTs Lectern signs with it."""
        pem = self.root / "google-key.pem"
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                        "-out", str(pem)], check=True, capture_output=True)
        account = {
            "type": "service_account",
            "project_id": "lectern-local",
            "private_key_id": secrets.token_hex(20),
            "private_key": pem.read_text(),
            "client_email": "lectern@lectern-local.iam.gserviceaccount.com",
            "client_id": str(secrets.randbelow(10 ** 20)),
            "token_uri": f"{self.sim_url}/token",
        }
        pem.unlink()
        self.google_key_file.write_text(_json.dumps(account, indent=2) + "\n")
        os.chmod(self.google_key_file, 0o600)
        status, answer = self.sim_request("POST", "/_sim/google/service-accounts", account)
        if status not in (200, 201, 204):
            raise StackError(f"lectern-sim refused the Google service account: {status} {answer}")

    def stop_sim(self) -> None:
        proc, self._sim = self._sim, None
        if proc is not None:
            terminate(proc, signal.SIGTERM, timeout=10, group=True)

    @property
    def sim_url(self) -> str:
        return f"http://127.0.0.1:{self.sim_port}"

    def sim_request(self, method: str, path: str, json: Any = None, timeout: float = 10) -> tuple[int, Any]:
        """One request to lectern-sim (its control routes are under /_sim/); returns
        (status, parsed JSON body or None)."""
        if self.sim_port is None:
            raise StackError("lectern-sim is not running")
        conn = http.client.HTTPConnection("127.0.0.1", self.sim_port, timeout=timeout)
        try:
            payload = _json.dumps(json).encode() if json is not None else None
            conn.request(method, path, body=payload, headers={"Content-Type": "application/json"} if payload else {})
            response = conn.getresponse()
            raw = response.read()
            return response.status, (_json.loads(raw) if raw else None)
        finally:
            conn.close()

    def write_env(self) -> None:
        """Writes <root>/lectern.env (systemd EnvironmentFile style)."""
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        lines = ["# Lectern settings of a throwaway local stack (deploy/local/stack.py)"]
        for name, value in self.env_values().items():
            if "\n" in value:
                raise StackError(f"{name}: newlines are not allowed in env file values")
            lines.append(f"{name}={value}")
        self.env_file.write_text("\n".join(lines) + "\n")
        os.chmod(self.env_file, 0o600)

    def lectern_environment(self) -> dict[str, str]:
        """The environment for lectern processes: ours minus any variable that would
        override the env file."""
        return {k: v for k, v in os.environ.items() if not k.startswith(CONFIG_PREFIXES)}

    def _bin(self) -> str:
        if self.lectern_bin is None or not self.lectern_bin.exists():
            raise StackError(f"lectern binary not found: {self.lectern_bin} (build it with "
                             "`swift build --product lectern`, or set LECTERN_BIN)")
        return str(self.lectern_bin)

    def lectern(self, *args: str, input: Optional[str] = None, check: bool = True,
                timeout: float = 120) -> subprocess.CompletedProcess:
        """Runs `lectern ARGS... --config <env>` to completion."""
        if not self.env_file.exists():
            self.write_env()
        argv = [self._bin(), *args, "--config", str(self.env_file)]
        result = subprocess.run(argv, input=input, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=self.lectern_environment(), timeout=timeout)
        if check and result.returncode != 0:
            raise StackError(f"{' '.join(argv[1:])} exited {result.returncode}:\n"
                             f"stdout: {result.stdout.strip()}\nstderr: {result.stderr.strip()}")
        return result

    def migrate(self) -> None:
        self.lectern("migrate")

    def start_lectern(self, timeout: float = 60) -> None:
        """Starts `lectern serve` in the background (stdout+stderr → lectern.log) and waits
        until the health route answers 200 through nginx."""
        if self._lectern is not None and self._lectern.poll() is None:
            raise StackError("lectern is already running")
        if not self.env_file.exists():
            self.write_env()
        argv = [self._bin(), "serve", *self.serve_args, "--config", str(self.env_file)]
        with open(self.lectern_log, "ab") as log:
            self._lectern = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                             env=self.lectern_environment(), start_new_session=True)
        self.lectern_pid_file.write_text(f"{self._lectern.pid}\n")

        def healthy() -> bool:
            if self._lectern.poll() is not None:
                raise StackError(f"lectern serve exited with {self._lectern.returncode}:\n{tail(self.lectern_log)}")
            try:
                status, _, _ = self.request("GET", "/api/schedule/health/", timeout=5)
            except (OSError, http.client.HTTPException):
                return False
            return status == 200

        try:
            wait_until(healthy, timeout, "GET /api/schedule/health/ to answer 200")
        except TimeoutError as e:
            raise StackError(f"{e}\n--- lectern.log\n{tail(self.lectern_log)}\n"
                             f"--- nginx error.log\n{tail(self.nginx_error_log, 10)}") from None

    def stop_lectern(self, timeout: float = 30) -> Optional[int]:
        """SIGTERM to the master; waits for it (then SIGKILLs its whole group)."""
        proc, self._lectern = self._lectern, None
        if proc is None:
            return None
        code = terminate(proc, signal.SIGTERM, timeout=timeout, group=True)
        try:
            self.lectern_pid_file.unlink()
        except OSError:
            pass
        return code

    def start_lectern_process(self, *args: str, log_name: Optional[str] = None) -> subprocess.Popen:
        """Starts another `lectern ARGS... --config <env>` in the background (e.g. an extra
        `transfer` process); it is stopped by `down()` if still running."""
        argv = [self._bin(), *args, "--config", str(self.env_file)]
        log_path = self.root / (log_name or f"lectern-{'-'.join(args)}-{len(self._extra)}.log")
        with open(log_path, "ab") as log:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                    env=self.lectern_environment(), start_new_session=True)
        self._extra.append(proc)
        return proc

    @property
    def master_pid(self) -> Optional[int]:
        if self._lectern is None or self._lectern.poll() is not None:
            return None
        return self._lectern.pid

    @property
    def lectern_process(self) -> Optional[subprocess.Popen]:
        return self._lectern

    def _children_running(self, subcommand: str) -> set[int]:
        pid = self.master_pid
        if pid is None:
            return set()
        return {c for c in child_pids(pid) if subcommand in cmdline(c)[1:]}

    def worker_pids(self) -> set[int]:
        """Live children of the master whose command line has the `worker` subcommand."""
        return self._children_running("worker")

    def transfer_pids(self) -> set[int]:
        """Live children of the master whose command line has the `transfer` subcommand."""
        return self._children_running("transfer")

    def log_text(self) -> str:
        try:
            return self.lectern_log.read_text(errors="replace")
        except OSError:
            return ""

    # -------------------------------------------------------------------- users

    def add_user(self, email: str, name: str, role: str, password: str,
                 timezone: Optional[str] = None, subscription_until: Optional[str] = None) -> int:
        """`lectern user add … --password-stdin`; returns the new user's id."""
        args = ["user", "add", "--email", email, "--name", name, "--role", role, "--password-stdin"]
        if timezone:
            args += ["--timezone", timezone]
        if subscription_until:
            args += ["--subscription-until", subscription_until]
        result = self.lectern(*args, input=password + "\n")
        out = result.stdout.strip()
        if not out.isdigit():
            raise StackError(f"user add printed {out!r}, expected the new id alone")
        return int(out)

    # --------------------------------------------------------------------- HTTP

    def request(self, method: str, path: str, json: Any = None, token: Optional[str] = None,
                headers: Optional[dict[str, str]] = None, body: Optional[bytes | str] = None,
                timeout: float = 30) -> tuple[int, Any, Any]:
        """One HTTPS request to nginx on a new connection.

        Returns (status, headers, body): headers is an http.client.HTTPMessage (case-
        insensitive .get), body the parsed JSON when the answer says JSON (else text;
        None when empty). `json` is serialised with Content-Type application/json;
        `body` is sent as given (set Content-Type through `headers`)."""
        if self.port is None:
            raise StackError("nginx is not running")
        send_headers = {"Accept": "application/json", "Connection": "close"}
        payload: Optional[bytes] = None
        if json is not None:
            payload = _json.dumps(json).encode()
            send_headers["Content-Type"] = "application/json"
        if body is not None:
            payload = body.encode() if isinstance(body, str) else bytes(body)
        if token is not None:
            send_headers["Authorization"] = f"Bearer {token}"
        send_headers.update(headers or {})
        if payload is None and method in ("POST", "PUT", "PATCH"):
            send_headers.setdefault("Content-Length", "0")
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout, context=self.ssl_context)
        try:
            try:
                conn.request(method, path, body=payload, headers=send_headers)
            except (BrokenPipeError, ConnectionResetError):
                # The server may answer (e.g. 413) and close before the body is sent.
                if payload is None:
                    raise
            response = conn.getresponse()
            raw = response.read()
            status, response_headers = response.status, response.headers
        finally:
            conn.close()
        return status, response_headers, self._decode(response_headers, raw)

    @staticmethod
    def _decode(headers: Any, raw: bytes) -> Any:
        if not raw:
            return None
        text = raw.decode("utf-8", errors="replace")
        if "json" in (headers.get("Content-Type") or "").lower():
            try:
                return _json.loads(text)
            except ValueError:
                return text
        return text

    def login(self, email: str, password: str) -> str:
        status, _, body = self.request("POST", "/api/auth/token/", json={"email": email, "password": password})
        if status != 200 or not isinstance(body, dict) or "access_token" not in body:
            raise StackError(f"login as {email} failed: {status} {body!r}")
        return body["access_token"]

    def curl_hint(self) -> str:
        return f"curl --cacert {self.cert} {self.base_url}"


# ---------------------------------------------------------------------- CLI


def _with_mariadb(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="stack.py with-mariadb")
    parser.add_argument("--database", default="lectern_test")
    parser.add_argument("--root", type=Path, default=None)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    command = options.command[1:] if options.command[:1] == ["--"] else options.command
    if not command:
        parser.error("a command to run is required after --")

    # Turn SIGTERM/SIGHUP into an exception so that `finally` tears MariaDB down.
    def stop(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)

    stack = Stack(options.root, None, database=options.database)
    try:
        stack.start_mariadb()
        env = dict(os.environ, LECTERN_TEST_DB_URL=stack.db_url)
        print(f"stack.py: MariaDB for tests at {stack.db_url}", file=sys.stderr, flush=True)
        child = subprocess.Popen(command, env=env)
        try:
            return child.wait()
        except KeyboardInterrupt:
            terminate(child, signal.SIGTERM, timeout=20)
            return 130
    finally:
        stack.down()


def _check_nginx() -> int:
    stack = Stack(None, None)
    try:
        stack.make_certificate()
        print(stack.check_nginx(), end="")
        print(check_production_nginx(stack.root), end="")
        return 0
    finally:
        stack.down()


def check_production_nginx(workdir: Path) -> str:
    """Runs `nginx -t` on nginx/lectern.conf inside a minimal http{} wrapper, with the
    certificate paths, the listen ports and log paths pointed into `workdir`."""
    workdir = Path(workdir)
    (workdir / "prod").mkdir(parents=True, exist_ok=True)
    cert_dir = workdir / "tls"
    if not (cert_dir / "cert.pem").exists():
        tmp = Stack(workdir, None)
        tmp.make_certificate()
    text = NGINX_PRODUCTION_CONF.read_text()
    text = (text.replace("/etc/letsencrypt/live/lectern.example.edu/fullchain.pem", str(cert_dir / "cert.pem"))
                .replace("/etc/letsencrypt/live/lectern.example.edu/privkey.pem", str(cert_dir / "key.pem"))
                .replace("/var/log/nginx/", f"{workdir}/prod/"))
    # `include fastcgi_params;` is relative to the config's directory, as in /etc/nginx.
    shutil.copy("/etc/nginx/fastcgi_params", workdir / "prod" / "fastcgi_params")
    (workdir / "prod" / "snippets").mkdir(exist_ok=True)
    shutil.copy(NGINX_ROUTES, workdir / "prod" / "snippets" / "lectern-routes.conf")
    site = workdir / "prod" / "lectern.conf"
    site.write_text(text)
    wrapper = workdir / "prod" / "nginx.conf"
    wrapper.write_text(
        ("user root;\n" if is_root() else "")
        + f"pid {workdir}/prod/nginx.pid;\nevents {{}}\nhttp {{\n"
        f"    include /etc/nginx/mime.types;\n    access_log off;\n"
        f"    client_body_temp_path {workdir}/prod/tmp;\n    fastcgi_temp_path {workdir}/prod/tmp;\n"
        f"    proxy_temp_path {workdir}/prod/tmp;\n    uwsgi_temp_path {workdir}/prod/tmp;\n"
        f"    scgi_temp_path {workdir}/prod/tmp;\n    include {site};\n}}\n")
    result = subprocess.run(["nginx", "-p", f"{workdir}/prod/", "-c", str(wrapper), "-e",
                             f"{workdir}/prod/error.log", "-t"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        raise StackError(f"nginx -t of nginx/lectern.conf failed:\n{result.stdout}")
    return result.stdout


def main(argv: Iterable[str]) -> int:
    argv = list(argv)
    if argv[:1] == ["with-mariadb"]:
        return _with_mariadb(argv[1:])
    if argv[:1] == ["check-nginx"]:
        return _check_nginx()
    if argv[:1] == ["reap"]:
        for root in argv[1:]:
            Stack.reap_leftovers(Path(root))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
