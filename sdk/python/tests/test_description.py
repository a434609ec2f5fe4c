"""The API description the server serves is the one docs/api/generate.py writes; every operation in it has
an example request, answer and refusal that fit its schemas; and the SDK and the description agree: every
route has an SDK method, every SDK method calls a described route, and every public method says what it does."""
import importlib.util
import inspect
import json
import re

import httpx
import jsonschema
import pytest

import marketsim
from marketsim._operations import Operations

from conftest import PACKAGE

DESCRIPTION = json.loads((PACKAGE / "Public" / "openapi.json").read_text())
METHODS = ("get", "put", "post", "delete", "patch")
OPERATIONS = [(method.upper(), path, operation) for path, item in DESCRIPTION["paths"].items()
              for method, operation in item.items() if method in METHODS]
# Operations that refuse nothing a client can provoke (not even the rate limit, which they are exempt from).
NOTHING_TO_REFUSE = {"GET /api/health", "GET /api/ready", "GET /metrics"}


def operation_id(operation):
    method, path, _ = operation
    return f"{method} {path}"


def test_the_served_description_is_the_generated_one(server):
    spec = importlib.util.spec_from_file_location("generate", PACKAGE / "docs" / "api" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    committed = (PACKAGE / "Public" / "openapi.json").read_text()
    assert committed == generate.render(), "run python3 docs/api/generate.py"
    served = httpx.get(server.url + "/openapi.json").json()
    assert served == DESCRIPTION and len(served["paths"]) == len(generate.PATHS)


def validator(schema):
    """A JSON Schema 2020-12 validator of `schema`, whose `#/components/...` references resolve in the description."""
    return jsonschema.Draft202012Validator({**schema, "components": DESCRIPTION["components"]})


def fits(value, schema, where):
    errors = sorted(validator(schema).iter_errors(value), key=lambda e: list(e.absolute_path))
    assert not errors, f"{where}: " + "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:3])


def examples_of(media):
    return list((media.get("examples") or {}).values())


def matches_template(target, path):
    pattern = "^" + re.sub(r"\\\{[^/]+\\\}", "[^/]+", re.escape(path)) + r"(\?.*)?$"
    return re.match(pattern, target) is not None


@pytest.mark.parametrize("operation", OPERATIONS, ids=operation_id)
def test_every_operation_shows_a_request_and_its_answer(operation):
    method, path, described = operation
    samples = {sample["label"]: sample["source"] for sample in described.get("x-codeSamples", [])}
    assert set(samples) == {"HTTP", "curl"}, "no example request"
    line = samples["HTTP"].split("\n", 1)[0]
    assert line.split(" ", 1)[0] == method and matches_template(line.split(" ", 1)[1], path), line
    body = described.get("requestBody", {}).get("content", {}).get("application/json")
    if body is not None:
        [example] = examples_of(body)
        # The body in the HTTP sample is the body example.
        assert json.loads(samples["HTTP"].split("\n\n", 1)[1]) == example["value"]
    successes = [status for status in described["responses"] if status.startswith("2")]
    assert len(successes) == 1
    for media in described["responses"][successes[0]]["content"].values():
        assert examples_of(media), f"no example answer for {successes[0]}"
    refusals = described["responses"].get("4XX", {}).get("content", {}).get("application/json", {})
    if f"{method} {path}" not in NOTHING_TO_REFUSE:
        assert examples_of(refusals), "no example refusal"
    for example in examples_of(refusals):
        status = int(example["summary"].split(":", 1)[0])
        assert 400 <= status < 500 and example["value"]["error"], example


@pytest.mark.parametrize("operation", OPERATIONS, ids=operation_id)
def test_every_example_fits_its_schema(operation):
    method, path, described = operation
    for media_type, media in described.get("requestBody", {}).get("content", {}).items():
        for example in examples_of(media):
            fits(example["value"], media["schema"], f"{method} {path} request {example['summary']}")
    for status, response in described["responses"].items():
        for media_type, media in response.get("content", {}).items():
            for example in examples_of(media):
                fits(example["value"], media["schema"], f"{method} {path} {status} {example['summary']}")


def test_the_websocket_messages_are_described_with_examples_that_fit():
    websocket = DESCRIPTION["x-websocket"]
    assert [c["name"] for c in websocket["channels"]] == ["prices", "trades:{TICKER}", "orderbook:{TICKER}", "news",
                                                          "private"]
    described = {m["type"]: m for m in websocket["messages"]}
    assert {t for c in websocket["channels"] for t in c["messages"]} == set(described)
    for message in websocket["messages"]:
        assert message["examples"], f"no example of {message['type']}"
        for example in message["examples"]:
            fits(example["value"], message["schema"], f"{message['type']} {example['summary']}")
            assert example["value"]["type"] == message["type"]
    events = {e["value"]["event"] for e in described["order"]["examples"]}
    assert events == set(described["order"]["schema"]["properties"]["event"]["enum"])
    assert websocket["subscribe"]["examples"] and websocket["unsubscribe"]["description"]
    for refusal in websocket["subscribe"]["refusals"]:
        fits(refusal["value"], {"$ref": "#/components/schemas/Error"}, refusal["summary"])


# Arguments for the SDK methods' required parameters, by name (anything else gets a string).
ARGUMENTS = {"legs": [], "definition": {}, "settings": {}, "quantity": 1}
# Further calls of methods whose route depends on an argument.
VARIANTS = {"set_host": [{"is_host": False}]}


class Recording(Operations):
    """The SDK's operations with a `_call` that records the request instead of sending it."""

    def __init__(self, venue):
        self.venue = venue
        self.requests = []

    def _call(self, method, path, **_):
        self.requests.append((method, path))


def public_methods(cls):
    return {name: member for name, member in inspect.getmembers(cls) if not name.startswith("_")
            and (inspect.isfunction(member) or inspect.ismethod(member) or isinstance(member, property))}


def template_of(method, path):
    """The described operation `path` is an instance of; literal segments win over parameters."""
    segments = path.split("?")[0].strip("/").split("/")
    candidates = []
    for described_method, template, _ in OPERATIONS:
        parts = template.strip("/").split("/")
        if described_method == method and len(parts) == len(segments) and all(
                part.startswith("{") or part == segment for part, segment in zip(parts, segments)):
            candidates.append((sum(not part.startswith("{") for part in parts), template))
    return f"{method} {max(candidates)[1]}" if candidates else None


def sdk_routes():
    """Each public SDK method and the described operations it calls, in venue main and in another venue."""
    routes = {}
    for name, method in public_methods(Operations).items():
        signature = inspect.signature(method)
        arguments = [ARGUMENTS.get(p.name, "x") for p in list(signature.parameters.values())[1:]
                     if p.default is inspect.Parameter.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
        called = set()
        for venue in ("main", "elsewhere"):
            for options in [{}] + VARIANTS.get(name, []):
                recording = Recording(venue)
                method(recording, *arguments, **options)
                assert len(recording.requests) == 1, (name, recording.requests)
                called.add(template_of(*recording.requests[0]) or f"{recording.requests[0]} (not described)")
        routes[name] = called
    return routes


def test_every_route_has_an_sdk_method_and_every_method_a_route():
    routes = sdk_routes()
    undescribed = {name: sorted(r for r in called if "(not described)" in r) for name, called in routes.items()}
    assert not {name: r for name, r in undescribed.items() if r}, "SDK methods calling routes the description lacks"
    covered = set().union(*routes.values())
    missing = sorted({operation_id(o) for o in OPERATIONS} - covered)
    assert not missing, f"routes without an SDK method: {missing}"


def test_every_public_sdk_method_says_what_it_does():
    undocumented = []
    for exported in marketsim.__all__:
        cls = getattr(marketsim, exported)
        if not inspect.isclass(cls):
            continue
        for name, member in public_methods(cls).items():
            doc = member.fget.__doc__ if isinstance(member, property) else member.__doc__
            if not (doc and doc.strip()):
                undocumented.append(f"{exported}.{name}")
    assert not undocumented, f"public SDK methods without a docstring: {undocumented}"
