"""The OpenAPI document ships with the code and must describe exactly the routes the
router serves (as `lectern routes` lists them from the router itself), and the error shape
it answers; `GET /api/schema/` serves it byte for byte."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from conftest import lectern_bin

REPO = Path(__file__).resolve().parents[2]
DOCUMENT = REPO / "Sources" / "LecternAPI" / "openapi.yaml"
METHODS = {"get", "post", "put", "patch", "delete"}


def routes_in_code() -> set[tuple[str, str]]:
    """The router's own table: `lectern routes` prints one `METHOD /pattern` a line."""
    listed = subprocess.run([str(lectern_bin()), "routes"], capture_output=True, text=True, check=True, timeout=30)
    found = set()
    for line in listed.stdout.splitlines():
        method, pattern = line.split(" ")
        found.add((method.lower(), pattern))
    return found


def routes_in_document() -> set[tuple[str, str]]:
    document = yaml.safe_load(DOCUMENT.read_text())
    return {(method, path) for path, item in document["paths"].items() for method in item if method in METHODS}


def resolve(document: dict, node: dict) -> dict:
    """`node`, or what its local `$ref` points at."""
    while "$ref" in node:
        target = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def test_document_is_openapi_3_1() -> None:
    document = yaml.safe_load(DOCUMENT.read_text())
    assert document["openapi"].startswith("3.1")
    error = document["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"detail", "code"}


def test_every_route_is_documented_and_nothing_else() -> None:
    code, documented = routes_in_code(), routes_in_document()
    assert code, "no routes parsed from Routes.swift"
    assert code - documented == set(), f"routes missing from openapi.yaml: {sorted(code - documented)}"
    assert documented - code == set(), f"documented routes the router does not serve: {sorted(documented - code)}"


def test_path_parameters_are_declared() -> None:
    document = yaml.safe_load(DOCUMENT.read_text())
    for path, item in document["paths"].items():
        names = set(re.findall(r"\{(\w+)\}", path))
        for method, operation in item.items():
            if method not in METHODS:
                continue
            parameters = [resolve(document, p) for p in operation.get("parameters", []) + item.get("parameters", [])]
            declared = {p["name"] for p in parameters if p.get("in") == "path"}
            assert names <= declared, f"{method.upper()} {path}: undeclared path parameters {names - declared}"


def test_the_schema_route_serves_the_document_byte_for_byte(stack) -> None:
    import http.client
    conn = http.client.HTTPSConnection("127.0.0.1", stack.port, timeout=30, context=stack.ssl_context)
    try:
        conn.request("GET", "/api/schema/")
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/yaml; charset=utf-8"
    assert body == DOCUMENT.read_bytes()


def test_every_operation_documents_its_errors_with_the_error_schema() -> None:
    document = yaml.safe_load(DOCUMENT.read_text())
    responses = document["components"]["responses"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            for status, answer in operation["responses"].items():
                if not status.startswith(("4", "5")):
                    continue
                if "$ref" in answer:
                    answer = responses[answer["$ref"].rsplit("/", 1)[1]]
                schema = answer["content"]["application/json"]["schema"]
                assert schema.get("$ref") == "#/components/schemas/Error" or path == "/api/schedule/health/", \
                    f"{method.upper()} {path} {status} does not answer the error schema"


def test_create_operations_link_to_the_operations_on_what_they_create() -> None:
    document = yaml.safe_load(DOCUMENT.read_text())
    for path, item in document["paths"].items():
        post = item.get("post")
        if not post or "201" not in post["responses"] or f"{path}{{id}}/" not in document["paths"]:
            continue
        links = post["responses"]["201"].get("links", {})
        targets = {link["operationId"] for link in links.values()}
        item_ops = {op["operationId"] for method, op in document["paths"][f"{path}{{id}}/"].items() if method in METHODS}
        assert item_ops <= targets, f"POST {path}: no links to {sorted(item_ops - targets)}"
