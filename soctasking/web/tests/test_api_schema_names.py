"""Every schema name in the OpenAPI document means one shape.

django-ninja files each operation's schemas in the document's components by
class name, so two apps that each declare an ``ActionOut`` of different
shapes would silently share one entry, and clients (and the fuzzing test)
would read one app's answers against the other's schema.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from typing import Any

from pydantic import BaseModel

import soctasking

IGNORED_KEYS = frozenset({"title", "description"})


def _shape(schema: Any) -> Any:
    """A JSON schema without its wording: titles and descriptions do not change a shape."""
    if isinstance(schema, dict):
        return {key: _shape(value) for key, value in schema.items() if key not in IGNORED_KEYS}
    if isinstance(schema, list):
        return [_shape(value) for value in schema]
    return schema


def _api_schemas() -> dict[str, list[type[BaseModel]]]:
    by_name: dict[str, list[type[BaseModel]]] = {}
    for module_info in pkgutil.walk_packages(soctasking.__path__, "soctasking."):
        name = module_info.name
        if ".tests" in name or not (name.endswith(".api") or ".api." in name):
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseModel)
                and value.__module__ == module.__name__
            ):
                by_name.setdefault(value.__name__, []).append(value)
    return by_name


def test_no_two_api_schemas_of_different_shapes_share_a_name():
    clashes = {
        name: sorted(model.__module__ for model in models)
        for name, models in _api_schemas().items()
        if len({json.dumps(_shape(m.model_json_schema()), sort_keys=True) for m in models}) > 1
    }

    assert clashes == {}


def test_the_schemas_of_every_app_and_package_are_looked_at():
    schemas = _api_schemas()

    assert {"SubmissionOut", "TrackedActionOut", "AgendaReferralOut", "RowOut"} <= set(schemas)
