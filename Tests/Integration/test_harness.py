"""The parts of the stack that need no Lectern binary: nginx configs, TLS, MariaDB."""

from __future__ import annotations

import re
import ssl
from pathlib import Path

import pytest

from helpers import REPO, Stack
from stack import check_production_nginx

PRODUCTION = (REPO / "nginx" / "lectern.conf").read_text()
LOCAL = (REPO / "nginx" / "lectern.local.conf.in").read_text()
ROUTES = (REPO / "nginx" / "lectern-routes.conf").read_text()


@pytest.fixture
def bare(tmp_path: Path) -> Stack:
    s = Stack(tmp_path / "stack", None)
    try:
        yield s
    finally:
        s.down()


def directives(text: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def test_local_nginx_config_renders_and_passes_nginx_t(bare: Stack) -> None:
    bare.make_certificate()
    output = bare.check_nginx(port=18443)
    assert "test is successful" in output
    rendered = bare.nginx_conf.read_text()
    assert "@" not in rendered
    assert f"set $lectern_fastcgi unix:{bare.fcgi_socket};" in rendered
    assert f"include {REPO / 'nginx' / 'lectern-routes.conf'};" in rendered


def test_production_nginx_config_passes_nginx_t(tmp_path: Path) -> None:
    assert "test is successful" in check_production_nginx(tmp_path)


@pytest.mark.parametrize("text", [PRODUCTION, LOCAL], ids=["production", "local"])
def test_both_configs_set_the_variables_then_include_the_shared_routes(text: str) -> None:
    conf = directives(text)
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in conf
    server = conf.rsplit("server {", 1)[1]
    routes = "include @ROUTES@;" if "@ROUTES@" in server else "include snippets/lectern-routes.conf;"
    fastcgi, drive, include = (server.index("set $lectern_fastcgi "), server.index("set $lectern_drive_api "),
                               server.index(routes))
    assert fastcgi < include and drive < include
    assert "location" not in server, "every location lives in nginx/lectern-routes.conf"


def test_shared_routes() -> None:
    conf = directives(ROUTES)
    assert "fastcgi_keep_conn" not in conf
    assert "location /api/ {" in conf
    assert "location = /schedule/api/zoom/webhook/ {" in conf
    assert "client_max_body_size 1m;" in conf
    for exact in ("location = /metrics {", "location = /api/schedule/status/ {"):
        block = conf.split(exact, 1)[1].split("}", 1)[0]
        assert "allow 127.0.0.1;" in block and "allow ::1;" in block and "deny all;" in block
        assert "fastcgi_pass $lectern_fastcgi;" in block
    for status in (403, 404, 405, 413, 502, 503, 504):
        assert f"error_page {status} = @" in conf
    media = conf.split("location ~ ^/_lectern/drive-media/", 1)[1].split("\n}", 1)[0]
    assert "internal;" in media
    assert "set $lectern_drive_token $upstream_http_x_lectern_drive_token;" in media
    assert 'proxy_set_header Authorization "Bearer $lectern_drive_token";' in media
    assert "proxy_pass $lectern_drive_api/drive/v3/files/$lectern_drive_file?alt=media&supportsAllDrives=true;" in media
    assert "proxy_pass_request_headers off;" in media


def test_production_has_hsts_and_redirect() -> None:
    conf = directives(PRODUCTION)
    assert "Strict-Transport-Security" in conf
    assert "return 301 https://$host$request_uri;" in conf
    assert "set $lectern_fastcgi unix:/run/lectern/fcgi.sock;" in conf
    assert "set $lectern_drive_api https://www.googleapis.com;" in conf
    assert "resolver " in conf


def test_certificate_covers_localhost_and_loopback(bare: Stack) -> None:
    bare.make_certificate()
    info = ssl._ssl._test_decode_cert(str(bare.cert))  # noqa: SLF001 - stdlib helper, test only
    assert ("DNS", "localhost") in info["subjectAltName"]
    assert ("IP Address", "127.0.0.1") in info["subjectAltName"]
    assert isinstance(bare.ssl_context, ssl.SSLContext)


def test_mariadb_up_down_again(bare: Stack) -> None:
    bare.start_mariadb()
    assert bare.sql("SELECT DATABASE(), @@character_set_server") == [("lectern", "utf8mb4")]
    bare.sql("CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, v TEXT); "
             "INSERT INTO t (v) VALUES ('tab\\there'), (NULL)")
    assert bare.sql("SELECT id, v FROM t ORDER BY id") == [("1", "tab\there"), ("2", None)]
    bare.stop_mariadb()
    assert bare.mariadb_pid is None
    bare.start_mariadb_again()
    assert bare.sql("SELECT COUNT(*) FROM t") == [("2",)]


def test_env_file(bare: Stack) -> None:
    bare.extra_env = {"LECTERN_TOKEN_TTL": "3600"}
    bare.write_env()
    lines = dict(line.split("=", 1) for line in bare.env_file.read_text().splitlines() if not line.startswith("#"))
    assert lines["LECTERN_LISTEN"] == f"unix:{bare.fcgi_socket}"
    assert lines["LECTERN_WORKERS"] == "3"
    assert lines["LECTERN_DB_URL"] == f"mariadb://root@localhost/lectern?socket={bare.mysql_socket}"
    assert re.fullmatch(r"[0-9a-f]{64}", lines["LECTERN_MASTER_KEY"])
    assert lines["LECTERN_TOKEN_TTL"] == "3600"
    for name in ("LECTERN_LOG_LEVEL", "LECTERN_SPOOL_DIR", "LECTERN_REQUEST_TIMEOUT", "LECTERN_MAX_REQUESTS"):
        assert name in lines
