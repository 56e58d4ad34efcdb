"""The OpenAPI document ships with the code and must describe exactly the routes the
router serves (Sources/LecternAPI/Routing/Routes.swift), and the error shape it answers."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
DOCUMENT = REPO / "Sources" / "LecternAPI" / "openapi.yaml"
ROUTES = REPO / "Sources" / "LecternAPI" / "Routing" / "Routes.swift"
METHODS = {"get", "post", "put", "patch", "delete"}


def routes_in_code() -> set[tuple[str, str]]:
    found = set()
    for match in re.finditer(r'router\.add\(\.(\w+),\s*"([^"]+)"', ROUTES.read_text()):
        found.add((match.group(1), match.group(2)))
    return found


def routes_in_document() -> set[tuple[str, str]]:
    document = yaml.safe_load(DOCUMENT.read_text())
    return {(method, path) for path, item in document["paths"].items() for method in item if method in METHODS}


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
            declared = {p["name"] for p in operation.get("parameters", []) + item.get("parameters", [])
                        if p.get("in") == "path"}
            assert names <= declared, f"{method.upper()} {path}: undeclared path parameters {names - declared}"
