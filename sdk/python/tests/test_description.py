"""The API description the server serves is the one docs/api/generate.py writes, and the SDK and the
description agree: every route has an SDK method, every SDK method calls a described route, and every
public method says what it does."""
import importlib.util
import inspect
import json

import httpx

import marketsim
from marketsim._operations import Operations

from conftest import PACKAGE

DESCRIPTION = json.loads((PACKAGE / "Public" / "openapi.json").read_text())
METHODS = ("get", "put", "post", "delete", "patch")
OPERATIONS = [(method.upper(), path, operation) for path, item in DESCRIPTION["paths"].items()
              for method, operation in item.items() if method in METHODS]


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
