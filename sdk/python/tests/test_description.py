"""The API description the server serves is the one docs/api/generate.py writes, and the SDK's routes
are all in it."""
import importlib.util
import inspect

import httpx

from conftest import PACKAGE


def test_the_served_description_is_the_generated_one(server):
    spec = importlib.util.spec_from_file_location("generate", PACKAGE / "docs" / "api" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    committed = (PACKAGE / "Public" / "openapi.json").read_text()
    assert committed == generate.render(), "run python3 docs/api/generate.py"
    served = httpx.get(server.url + "/openapi.json").json()
    assert served["openapi"] == "3.1.0" and len(served["paths"]) == len(generate.PATHS)


def test_every_public_sdk_method_is_documented():
    from marketsim._operations import Operations
    for name, method in inspect.getmembers(Operations, inspect.isfunction):
        if not name.startswith("_"):
            assert method.__doc__ is None or method.__doc__.strip(), name
