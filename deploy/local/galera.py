"""A throwaway three-node Galera cluster on loopback with HAProxy in front, used single-writer
(SPEC §14), built from the recipe in deploy/galera/ (galera.cnf, haproxy.cfg, clustercheck),
and a Lectern stack that talks to MariaDB only through that HAProxy. Python standard library
only; the Galera integration test (Tests/Integration/test_galera.py) drives it:

    cluster = GaleraCluster(root).up()      # node 1 bootstraps, 2 and 3 join by rsync SST
    first = GaleraStack(cluster, lectern_bin).up()
    second = GaleraStack(cluster, lectern_bin, sim_of=first).up()   # a second Lectern host
    cluster.kill(1); cluster.start(1)       # kill -9 the writer; it rejoins by IST
    cluster.down()
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Optional

from stack import Stack, StackError, free_port, is_root, tail, terminate, wait_until

RECIPE = Path(__file__).resolve().parents[1] / "galera"
DB_USER = "lectern"


class GaleraNode:
    def __init__(self, root: Path, number: int):
        self.number = number
        self.dir = root / f"node{number}"
        self.datadir = self.dir / "data"
        self.tmp = self.dir / "tmp"
        self.socket = self.dir / "mysql.sock"
        self.log = self.dir / "mariadb.log"
        self.config = self.dir / "galera.cnf"
        self.port = free_port()
        self.galera_port = free_port()
        self.sst_port = free_port()
        self.ist_port = free_port()
        self.check_port = free_port()
        self.process: Optional[subprocess.Popen] = None
        self.check: Optional[subprocess.Popen] = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def client_args(self) -> list[str]:
        return ["mariadb", "--no-defaults", f"--socket={self.socket}", "--user=root", "--connect-timeout=2",
                "--batch", "--skip-column-names", "--default-character-set=utf8mb4"]

    def sql(self, query: str, database: Optional[str] = None) -> list[tuple[str, ...]]:
        args = self.client_args() + ([database] if database else [])
        result = subprocess.run(args, input=query, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                timeout=60)
        if result.returncode != 0:
            raise StackError(f"SQL on node {self.number} failed: {result.stderr.strip()}\nquery: {query[:300]}")
        return [tuple(line.split("\t")) for line in result.stdout.splitlines()]

    def status(self, name: str) -> Optional[str]:
        try:
            rows = self.sql(f"SHOW GLOBAL STATUS LIKE '{name}'")
        except (StackError, subprocess.TimeoutExpired):
            return None
        return rows[0][1] if rows else None

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


class GaleraCluster:
    """Three nodes and HAProxy under `root`; `down()` stops them (the caller removes `root`)."""

    def __init__(self, root: Path, buffer_pool: str = "32M", gcache: str = "64M"):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.buffer_pool = buffer_pool
        self.gcache = gcache
        self.nodes = [GaleraNode(self.root, n) for n in (1, 2, 3)]
        self.haproxy_port = free_port()
        self.haproxy_config = self.root / "haproxy.cfg"
        self.haproxy_log = self.root / "haproxy.log"
        self.haproxy: Optional[subprocess.Popen] = None
        self.password = "lectern-" + os.urandom(8).hex()

    def node(self, number: int) -> GaleraNode:
        return self.nodes[number - 1]

    @property
    def db_url(self) -> str:
        return f"mariadb://{DB_USER}:{self.password}@127.0.0.1:{self.haproxy_port}/lectern"

    # ------------------------------------------------------------------ recipe

    def render_node_config(self, node: GaleraNode) -> str:
        peers = ",".join(f"127.0.0.1:{n.galera_port}" for n in self.nodes)
        values = {
            "@BUFFER_POOL@": self.buffer_pool, "@CLUSTER_NAME@": "lectern-test", "@PEERS@": peers,
            "@NODE_NAME@": f"node{node.number}", "@NODE_ADDRESS@": "127.0.0.1",
            "@SST_ADDRESS@": f"127.0.0.1:{node.sst_port}", "@GALERA_PORT@": str(node.galera_port),
            "@IST_ADDRESS@": f"127.0.0.1:{node.ist_port}", "@GCACHE@": self.gcache,
        }
        return _render(RECIPE / "galera.cnf", values)

    def render_haproxy_config(self) -> str:
        values = {"@LISTEN@": f"127.0.0.1:{self.haproxy_port}",
                  "@GLOBAL_EXTRA@": "    user root" if is_root() else ""}
        for node in self.nodes:
            values[f"@NODE{node.number}@"] = node.address
            values[f"@CHECK{node.number}@"] = str(node.check_port)
        return _render(RECIPE / "haproxy.cfg", values)

    # --------------------------------------------------------------- lifecycle

    def up(self) -> "GaleraCluster":
        try:
            for node in self.nodes:
                self._initialise(node)
            self.start(1, bootstrap=True)
            self.node(1).sql(f"CREATE DATABASE lectern DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
                             f"CREATE USER '{DB_USER}'@'127.0.0.1' IDENTIFIED BY '{self.password}';"
                             f"GRANT ALL ON lectern.* TO '{DB_USER}'@'127.0.0.1';")
            self._seed_joiners()
            self.start(2)
            self.start(3)
            self.start_haproxy()
        except BaseException:
            self.down()
            raise
        return self

    def _initialise(self, node: GaleraNode) -> None:
        for other in self.nodes:
            other.dir.mkdir(parents=True, exist_ok=True)
            other.tmp.mkdir(parents=True, exist_ok=True)
            other.config.write_text(self.render_node_config(other))
        node.datadir.mkdir(parents=True)
        install = ["mariadb-install-db", "--no-defaults", f"--datadir={node.datadir}", f"--tmpdir={node.tmp}",
                   "--auth-root-authentication-method=normal", "--skip-test-db"]
        if is_root():
            install.insert(2, "--user=root")
        result = subprocess.run(install, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            raise StackError(f"mariadb-install-db failed for node {node.number}:\n{result.stdout[-3000:]}")

    def _seed_joiners(self) -> None:
        """Nodes 2 and 3 start from a copy of node 1's cleanly stopped data dir, at its exact
        position, so they join without a full state transfer (fast, and no SST daemon, whose
        rsync drops to `nobody` when run as root). Node 1 then founds the cluster again."""
        first = self.node(1)
        terminate(first.process, signal.SIGTERM, timeout=60, group=True)
        first.process = None
        for node in self.nodes[1:]:
            shutil.copytree(first.datadir, node.datadir, dirs_exist_ok=True)
            (node.datadir / "gvwstate.dat").unlink(missing_ok=True)
        if is_root():
            # Even an IST ends with rsync writing a marker into the joiner's data dir, and an
            # rsync daemon started by root runs as `nobody` (a real node runs as `mysql`).
            for node in self.nodes:
                os.chmod(node.datadir, 0o777)
        self.start(1, bootstrap=True)

    def start(self, number: int, bootstrap: bool = False) -> None:
        """Starts a node (node 1 with `bootstrap` founds the cluster) and its clustercheck;
        waits until it is Synced."""
        node = self.node(number)
        args = ["mariadbd", f"--defaults-file={node.config}", f"--datadir={node.datadir}", f"--tmpdir={node.tmp}",
                f"--socket={node.socket}", f"--port={node.port}", "--bind-address=127.0.0.1",
                f"--pid-file={node.dir / 'mariadb.pid'}", f"--log-error={node.log}", "--skip-name-resolve",
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci", "--max-connections=300",
                "--innodb-log-file-size=16M", "--performance-schema=OFF"]
        if is_root():
            args.insert(2, "--user=root")
        if bootstrap:
            args.append("--wsrep-new-cluster")
        else:
            args += self._recovered_position(node, args)
        with open(node.dir / "mariadb.out", "ab") as out:
            node.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)

        def synced() -> bool:
            if node.process.poll() is not None:
                raise StackError(f"node {number} exited with {node.process.returncode}:\n{tail(node.log)}")
            return node.status("wsrep_local_state") == "4"

        wait_until(synced, 120, f"Galera node {number} to be Synced")
        if node.check is None or node.check.poll() is not None:
            node.check = subprocess.Popen(
                [sys.executable, str(RECIPE / "clustercheck"), "--listen", f"127.0.0.1:{node.check_port}",
                 "--socket", str(node.socket)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True)

    def _recovered_position(self, node: GaleraNode, args: list[str]) -> list[str]:
        """After a crash the node's state file has no position (seqno -1), and without one it
        would ask for a full state transfer; `--wsrep-recover` reads it from InnoDB, as the
        Debian service does before every start, so the node catches up by IST instead."""
        state = node.datadir / "grastate.dat"
        if not state.exists() or "seqno:   -1" not in state.read_text():
            return []
        log = node.dir / "recover.log"
        log.unlink(missing_ok=True)
        recover = [a for a in args if not a.startswith("--log-error=")] + ["--wsrep-recover", f"--log-error={log}"]
        subprocess.run(recover, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=120)
        found = re.findall(r"WSREP: Recovered position: (\S+)", log.read_text() if log.exists() else "")
        return [f"--wsrep-start-position={found[-1]}"] if found else []

    def kill(self, number: int) -> None:
        """kill -9 of a node's server, as a crash or a power cut would."""
        node = self.node(number)
        if node.alive:
            node.process.send_signal(signal.SIGKILL)
            node.process.wait(30)

    def start_haproxy(self) -> None:
        self.haproxy_config.write_text(self.render_haproxy_config())
        check = subprocess.run(["haproxy", "-c", "-f", str(self.haproxy_config)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
        if check.returncode != 0:
            raise StackError(f"haproxy -c failed:\n{check.stdout}")
        with open(self.haproxy_log, "ab") as log:
            self.haproxy = subprocess.Popen(["haproxy", "-db", "-f", str(self.haproxy_config)],
                                            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        wait_until(lambda: self.writer() == 1, 30, "HAProxy to send connections to node 1")

    def writer(self) -> Optional[int]:
        """The node a new connection through HAProxy lands on."""
        result = subprocess.run(["mariadb", "--no-defaults", "--host=127.0.0.1", f"--port={self.haproxy_port}",
                                 f"--user={DB_USER}", f"--password={self.password}", "--connect-timeout=2",
                                 "--batch", "--skip-column-names", "-e", "SELECT @@wsrep_node_name"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=10)
        name = result.stdout.strip()
        return int(name[4:]) if result.returncode == 0 and name.startswith("node") else None

    def down(self) -> None:
        if self.haproxy is not None:
            terminate(self.haproxy, signal.SIGTERM, timeout=10, group=True)
            self.haproxy = None
        for node in self.nodes:
            if node.check is not None:
                terminate(node.check, signal.SIGTERM, timeout=10, group=True)
                node.check = None
            if node.alive:
                terminate(node.process, signal.SIGTERM, timeout=60, group=True)
            node.process = None


class GaleraStack(Stack):
    """A Lectern host (nginx + TLS + `lectern serve`) whose database is the cluster, through
    HAProxy only. `sim_of` shares another stack's lectern-sim, so two hosts see one Zoom."""

    def __init__(self, cluster: GaleraCluster, lectern_bin: Path, sim_of: Optional[Stack] = None, **options):
        super().__init__(cluster.root / f"host-{free_port()}", lectern_bin, database="lectern", **options)
        self.cluster = cluster
        self.sim_of = sim_of
        self.db_url = cluster.db_url
        if sim_of is not None:
            # One school: the hosts share the master key that seals the secrets they share.
            self.master_key = sim_of.master_key

    def start_mariadb(self) -> None:
        pass

    def stop_mariadb(self) -> None:
        pass

    def start_sim(self) -> None:
        if self.sim_of is None:
            super().start_sim()
            return
        self.sim_port = self.sim_of.sim_port
        self.google_key_file = self.sim_of.google_key_file

    def stop_sim(self) -> None:
        if self.sim_of is None:
            super().stop_sim()

    def _run_sql(self, query: str, database: Optional[str]) -> list[tuple[Optional[str], ...]]:
        """SQL through HAProxy, as Lectern sees the database."""
        args = ["mariadb", "--no-defaults", "--host=127.0.0.1", f"--port={self.cluster.haproxy_port}",
                f"--user={DB_USER}", f"--password={self.cluster.password}", "--connect-timeout=2", "--batch",
                "--skip-column-names", "--default-character-set=utf8mb4"] + ([database] if database else [])
        result = subprocess.run(args, input=query, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                timeout=60)
        if result.returncode != 0:
            raise StackError(f"SQL failed: {result.stderr.strip()}\nquery: {query[:500]}")
        return [tuple(None if v == "NULL" else v for v in line.split("\t")) for line in result.stdout.splitlines()]

    def down(self, remove: Optional[bool] = None) -> None:
        super().down(remove=False)
        if remove if remove is not None else not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)


def _render(template: Path, values: dict[str, str]) -> str:
    text = template.read_text()
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    leftover = re.findall(r"@[A-Z0-9_]+@", text)
    if leftover:
        raise StackError(f"unrendered placeholders in {template}: {leftover}")
    return text
