"""docs/protocol.md and the wire models agree: every field or message the document names exists, and every one
that exists is named (the document's conventions are in its introduction).

- REST: the examples under each ``### `METHOD /path``` heading are checked against the request and success
  bodies of that route in the hub's served OpenAPI schema (built from `kiosk.protocol.rest`), nested bodies
  included, and every field of every body a route takes or gives must appear in some example;
- signaling and control: the message tables list exactly the types of `SignalType` / `ControlType` and, for each,
  exactly the fields of its payload model; the envelope examples have exactly the envelope's fields, and every
  message of the example exchange is accepted by the real parser.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from kiosk.config import Settings
from kiosk.protocol.control import CONTROL_PAYLOADS, ControlMessage, ControlType, parse_control
from kiosk.protocol.signaling import SIGNAL_PAYLOADS, Envelope, SignalType, parse_envelope

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"
SIGNALING = "## Signaling WebSocket"
CONTROL = "## Control data channel"
#: Routes FastAPI serves itself, outside the schema it describes.
UNLISTED_ROUTES = frozenset({("GET", "/openapi.json")})

_ROUTE = re.compile(r"`(GET|HEAD|POST|PUT|PATCH|DELETE) (/[^`\s?]*)[^`]*`")
_MARKER = re.compile(r"<!--\s*schema:\s*(\w+)\s*-->")


@dataclass(frozen=True)
class Block:
    """One fenced block of the document, with the headings it sits under."""

    lang: str
    text: str
    section: str  # the ``##`` heading
    heading: str  # the nearest heading
    marker: str | None  # the model named by a ``<!-- schema: X -->`` line right before it


def blocks(doc: str) -> list[Block]:
    """The document's fenced blocks, in order."""
    found: list[Block] = []
    section = heading = ""
    marker: str | None = None
    lines = iter(doc.splitlines())
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("#"):
            heading = stripped
            if stripped.startswith("## "):
                section = stripped
        if stripped.startswith("```"):
            body = []
            for inner in lines:
                if inner.strip().startswith("```"):
                    break
                body.append(inner)
            found.append(Block(stripped[3:].strip(), "\n".join(body), section, heading, marker))
        marker_match = _MARKER.search(stripped)
        marker = marker_match.group(1) if marker_match else None if stripped else marker
    return found


def _normal(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


# -- REST ------------------------------------------------------------------------------------------------------


class Rest:
    """Checks REST examples against an OpenAPI schema, collecting what each body's examples name."""

    def __init__(self, openapi: Mapping[str, Any]) -> None:
        self.schemas: Mapping[str, Any] = openapi["components"]["schemas"]
        self.routes = {(m.upper(), _normal(p)): op for p, ops in openapi["paths"].items() for m, op in ops.items()}
        self.named: dict[str, set[str]] = defaultdict(set)
        self.problems: list[str] = []

    def model(self, schema: Mapping[str, Any] | None) -> str | None:
        """The object model a (property) schema holds, through references, nullables and arrays."""
        if not schema:
            return None
        if "$ref" in schema:
            ref = str(schema["$ref"]).rsplit("/", 1)[-1]
            return ref if "properties" in self.schemas[ref] else None
        if schema.get("type") == "array":
            return self.model(schema.get("items"))
        for option in schema.get("anyOf", ()):
            if (found := self.model(option)) is not None:
                return found
        return None

    def body(self, route: tuple[str, str], request: bool) -> tuple[str | None, bool]:
        """The model of a route's request or success answer, and whether the request is a multipart form."""
        op = self.routes[route]
        if request:
            content = op.get("requestBody", {}).get("content", {})
            for kind, entry in content.items():
                return self.model(entry.get("schema")), kind == "multipart/form-data"
            return None, False
        for status in sorted(op["responses"]):
            if status.startswith("2"):
                schema = op["responses"][status].get("content", {}).get("application/json", {}).get("schema")
                if (name := self.model(schema)) is not None:
                    return name, False
        return None, False

    def check(self, value: Any, model: str, where: str) -> None:
        """Every key of `value` (an example of `model`) is a field, recursively; remember the keys named."""
        if isinstance(value, list):
            for item in value:
                self.check(item, model, where)
            return
        if not isinstance(value, dict):
            self.problems.append(f"{where}: an example of {model} is not an object")
            return
        fields = self.schemas[model]["properties"]
        for key, item in value.items():
            if key not in fields:
                self.problems.append(f"{where}: {model} has no field {key!r}")
                continue
            self.named[model].add(key)
            nested = self.model(fields[key])
            if nested is not None and item is not None:
                self.check(item, nested, f"{where} -> {key}")

    def reachable(self) -> set[str]:
        """Every object model a route takes or gives, nested ones included."""
        todo = [self.body(route, request)[0] for route in self.routes for request in (True, False)]
        seen: set[str] = set()
        while todo:
            name = todo.pop()
            if name is None or name in seen:
                continue
            seen.add(name)
            todo.extend(self.model(p) for p in self.schemas[name]["properties"].values())
        return seen


def rest_problems(doc: str, openapi: Mapping[str, Any]) -> list[str]:
    """What the REST part of the document and the OpenAPI schema disagree on."""
    rest = Rest(openapi)
    documented: set[tuple[str, str]] = set()
    for line in doc.split(SIGNALING, 1)[0].splitlines():
        if line.startswith("#"):
            for method, path in _ROUTE.findall(line):
                route = (method, _normal(path))
                documented.add(route)
                if route not in rest.routes and route not in UNLISTED_ROUTES:
                    rest.problems.append(f"{line}: the hub has no route {method} {path}")
    for route in sorted(set(rest.routes) - documented):
        rest.problems.append(f"route {' '.join(route)} is not documented")
    for block in blocks(doc):
        if block.section.startswith((SIGNALING, CONTROL)) or block.lang not in ("http", "json"):
            continue
        where = f"{block.heading} ({block.lang})"
        routes = [(m, _normal(p)) for m, p in _ROUTE.findall(block.heading)]
        http_body = block.text.split("\n", 1)[1] if block.lang == "http" and "\n" in block.text else ""
        if block.lang == "http" and not http_body.strip():
            continue  # a request without a body
        if block.lang == "http" and "Content-Disposition" in block.text:
            value: Any = {name: "" for name in re.findall(r'form-data; name="(\w+)"', block.text)}
        else:
            value = json.loads(http_body[http_body.index("{"):] if block.lang == "http" else block.text)
        if isinstance(value, dict) and "error" in value:
            missing = {"error", "message"} - set(value)
            if missing:
                rest.problems.append(f"{where}: an error body without {sorted(missing)}")
            continue
        if block.marker is not None:
            model: str | None = block.marker if block.marker in rest.schemas else None
            if model is None:
                rest.problems.append(f"{where}: no model {block.marker}")
                continue
        elif len(routes) == 1 and routes[0] in rest.routes:
            model, _ = rest.body(routes[0], request=block.lang == "http")
            if model is None:
                side = "request" if block.lang == "http" else "answer"
                rest.problems.append(f"{where}: the route has no {side} body")
                continue
        else:
            rest.problems.append(f"{where}: an example under no single route and without a schema marker")
            continue
        rest.check(value, model, where)
    for model in sorted(rest.reachable()):
        missing = set(rest.schemas[model]["properties"]) - rest.named[model]
        if missing:
            rest.problems.append(f"{model}: fields named in no example: {sorted(missing)}")
    return rest.problems


# -- message tables ------------------------------------------------------------------------------------------


def table_rows(doc: str, section: str, heading: str) -> Iterator[tuple[str, str]]:
    """(type, payload cell) of each row of the message table under `heading` in `section`."""
    part = doc.split(section, 1)[1].split("\n## ", 1)[0]
    table = part.split(heading, 1)[1].split("\n#", 1)[0]
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`"):
            yield cells[0].strip("`"), cells[2]


def payload_fields(cell: str) -> dict[str, set[str] | None]:
    """The fields a payload cell names (notes in parentheses dropped), with the nested fields in braces."""
    while re.search(r"\([^()]*\)", cell):
        cell = re.sub(r"\([^()]*\)", "", cell)
    return {
        name: set(re.findall(r"`(\w+)`", nested)) if nested else None
        for name, nested in re.findall(r"`(\w+)`(?:\s*\{([^}]*)\})?", cell)
    }


def _nested(model: type[BaseModel], field: str) -> type[BaseModel] | None:
    annotation = model.model_fields[field].annotation
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def table_problems(
    doc: str, section: str, heading: str, payloads: Mapping[Any, type[BaseModel]], kinds: list[str]
) -> list[str]:
    """What a message table and the payload models disagree on."""
    problems: list[str] = []
    rows = list(table_rows(doc, section, heading))
    names = [kind for kind, _ in rows]
    for kind in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"{heading}: {kind} has more than one row")
    for kind in sorted(set(kinds) - set(names)):
        problems.append(f"{heading}: message type {kind} is not documented")
    by_value = {key.value: model for key, model in payloads.items()}
    for kind, cell in rows:
        if kind not in by_value:
            problems.append(f"{heading}: there is no message type {kind}")
            continue
        model, named = by_value[kind], payload_fields(cell)
        for field in sorted(set(named) - set(model.model_fields)):
            problems.append(f"{heading}: {kind} ({model.__name__}) has no field {field!r}")
        for field in sorted(set(model.model_fields) - set(named)):
            problems.append(f"{heading}: {kind} does not name the field {field!r} of {model.__name__}")
        for field in sorted(set(named) & set(model.model_fields)):
            nested, listed = _nested(model, field), named[field]
            if nested is None and listed is not None:
                problems.append(f"{heading}: {kind}.{field} is not an object")
            elif nested is not None and listed != set(nested.model_fields):
                problems.append(f"{heading}: {kind}.{field} names {sorted(listed or ())}, "
                                f"{nested.__name__} has {sorted(nested.model_fields)}")
    return problems


def envelope_problems(doc: str) -> list[str]:
    """The envelope examples have exactly the envelopes' fields, and every example message parses."""
    problems: list[str] = []
    for block in blocks(doc):
        for section, heading, model, parse in (
            (SIGNALING, "### Envelope", Envelope, parse_envelope),
            (CONTROL, "### Control envelope", ControlMessage, parse_control),
        ):
            if block.section == section and block.heading == heading and block.lang == "json":
                example = json.loads(block.text.replace("{…}", "{}"))
                if set(example) != set(model.model_fields):
                    problems.append(f"{heading}: {sorted(example)} is not {sorted(model.model_fields)}")
                if "{…}" not in block.text:
                    parse(block.text)
        if block.section == SIGNALING and block.heading == "### Example exchange":
            for line in block.text.splitlines():
                if "→" in line and "{" in line:
                    try:
                        parse_envelope(line[line.index("{"):])
                    except ValueError as exc:
                        problems.append(f"example exchange: {line[:60]}…: {exc}")
    return problems


# -- the tests ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The OpenAPI schema the hub serves."""
    from kiosk.server.app import create_app
    from kiosk.server.db import Database

    data_dir = tmp_path_factory.mktemp("hub")
    database = Database.from_url(f"sqlite:///{data_dir / 'hub.sqlite3'}")
    try:
        return create_app(Settings(server={"data_dir": data_dir}), database=database).openapi()
    finally:
        database.dispose()


def signaling_problems(doc: str) -> list[str]:
    """The signaling table against `SignalType` and its payloads."""
    return table_problems(doc, SIGNALING, "### Messages", SIGNAL_PAYLOADS, [t.value for t in SignalType])


def control_problems(doc: str) -> list[str]:
    """The control table against `ControlType` and its payloads."""
    return table_problems(doc, CONTROL, "### Control messages", CONTROL_PAYLOADS, [t.value for t in ControlType])


def test_rest_examples_and_the_served_schema_agree(openapi: dict[str, Any]) -> None:
    assert rest_problems(DOC.read_text(encoding="utf-8"), openapi) == []


def test_signaling_messages_and_their_payloads_agree() -> None:
    assert signaling_problems(DOC.read_text(encoding="utf-8")) == []


def test_control_messages_and_their_payloads_agree() -> None:
    assert control_problems(DOC.read_text(encoding="utf-8")) == []


def test_envelopes_and_example_messages_agree() -> None:
    assert envelope_problems(DOC.read_text(encoding="utf-8")) == []


def test_a_planted_mismatch_is_caught_either_way(openapi: dict[str, Any]) -> None:
    doc = DOC.read_text(encoding="utf-8")
    # The document names a field the model lacks, or leaves out one it has.
    renamed = doc.replace('"booth_number": 3, "expires_at"', '"booth_nr": 3, "expires_at"', 1)
    assert set(rest_problems(renamed, openapi)) >= {
        "### `POST /api/v1/booths/enrollment-codes` (admin) (json): EnrollmentCodePublic has no field 'booth_nr'",
        "EnrollmentCodePublic: fields named in no example: ['booth_number']",
    }
    without_route = doc.replace("### `GET /api/v1/audit/verify`", "### audit verification", 1)
    assert "route GET /api/v1/audit/verify is not documented" in rest_problems(without_route, openapi)
    # A payload field, a nested field and a whole message type.
    assert "### Messages: queue (QueuePayload) has no field 'length'" in signaling_problems(
        doc.replace("(and waiting booths) | `waiting`,", "(and waiting booths) | `waiting`, `length`,")
    )
    assert any("session_update.progress" in p for p in signaling_problems(doc.replace(", `documents_total`}", "}")))
    without_hold = "\n".join(line for line in doc.splitlines() if not line.startswith("| `hold` |"))
    assert control_problems(without_hold) == ["### Control messages: message type hold is not documented"]
