"""What is wrong with a bundle, said by JSON pointer, and the schema that decides most of it.

Each record is checked against the shipped JSON Schema twice over only when
it fails: a compiled validator answers "valid?" quickly for the many records
that are, and the reference implementation then lists every error of the
few that are not, each at its own pointer, in words an operator can act on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import islice
from typing import Any

import fastjsonschema
from jsonschema import Draft7Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError

from soctasking.exchange.mapping import parse_datetime

#: Errors listed in full; past this only the count grows.
MAX_LISTED_PROBLEMS = 100


@dataclass(frozen=True)
class BundleProblem:
    """One offending value: where it is (an RFC 6901 JSON pointer) and what was expected."""

    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"


class BundleInvalid(Exception):  # noqa: N818 - reads as the state of the bundle, as in the spec
    """A bundle rejected whole: nothing of it was stored.

    ``problems`` holds the first :data:`MAX_LISTED_PROBLEMS` problems found;
    ``total`` counts them all.
    """

    def __init__(self, problems: list[BundleProblem], total: int | None = None) -> None:
        self.problems = problems[:MAX_LISTED_PROBLEMS]
        self.total = len(problems) if total is None else total
        super().__init__(self.summary())

    def summary(self) -> str:
        noun = "problem" if self.total == 1 else "problems"
        shown = "" if self.total <= len(self.problems) else f" (the first {len(self.problems)})"
        return f"the bundle was not loaded: {self.total} {noun}{shown}"

    def as_json(self) -> dict[str, Any]:
        return {
            "detail": self.summary(),
            "error_count": self.total,
            "errors": [{"field": p.pointer, "message": p.message} for p in self.problems],
        }


class BundleTooLarge(BundleInvalid):
    """A bundle refused before parsing because it is over the configured size."""

    def __init__(self, *, limit: int) -> None:
        super().__init__(
            [BundleProblem("", f"the bundle is larger than the limit of {limit:,} bytes")]
        )
        self.limit = limit


class ProblemList:
    """Problems as they are found: the first hundred kept, every one counted."""

    def __init__(self) -> None:
        self.kept: list[BundleProblem] = []
        self.total = 0

    def add(self, pointer: str, message: str) -> None:
        self.total += 1
        if len(self.kept) < MAX_LISTED_PROBLEMS:
            self.kept.append(BundleProblem(pointer, message))

    def __bool__(self) -> bool:
        return self.total > 0

    def raise_if_any(self) -> None:
        if self.total:
            raise BundleInvalid(self.kept, self.total)


def pointer_join(base: str, *parts: str | int) -> str:
    """``base`` extended by each part, escaped as RFC 6901 requires."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "/".join([base, *escaped])


@cache
def bundle_schema() -> dict[str, Any]:
    """The shipped JSON Schema of bundle version 1."""
    text = resources.files("soctasking.exchange").joinpath("schema/bundle-v1.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


SECTIONS: tuple[str, ...] = tuple(
    key
    for key, rule in bundle_schema()["properties"].items()
    if isinstance(rule, dict) and rule.get("type") == "array"
)
TOP_LEVEL_KEYS = frozenset(bundle_schema()["properties"])


def _record_schema(section: str) -> dict[str, Any]:
    schema = bundle_schema()
    return {
        "$schema": schema["$schema"],
        "definitions": schema["definitions"],
        **schema["properties"][section]["items"],
    }


@cache
def _fast_validator(section: str) -> Callable[[Any], Any]:
    # Formats are left to the loader's own parsers, which are stricter and
    # run on every record anyway.
    validate: Callable[[Any], Any] = fastjsonschema.compile(
        _record_schema(section), use_formats=False
    )
    return validate


def _format_checker() -> FormatChecker:
    checker = FormatChecker(["date"])
    # The reference implementation checks date-times only with an optional
    # package; the loader's own parser is the rule that matters anyway.
    checker.checks("date-time", raises=ValueError)(_is_date_time)
    return checker


def _is_date_time(value: object) -> bool:
    # A format constrains strings only; "type" is the rule for anything else.
    return not isinstance(value, str) or bool(parse_datetime(value))


@cache
def _full_validator(section: str) -> Draft7Validator:
    return Draft7Validator(_record_schema(section), format_checker=_format_checker())


def describe_value(value: Any) -> str:
    """A value as JSON, shortened for an error message."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
}


_ID_PATTERN = "^[a-z0-9][a-z0-9._-]{0,99}$"
_DATE_RULES = {("format", "date"), ("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")}


def _messages(error: SchemaError) -> Iterator[tuple[list[str | int], str]]:
    """Each offending value's path below the record, with a message that never echoes much."""
    path: list[str | int] = list(error.absolute_path)
    rule, expected, found = error.validator, error.validator_value, error.instance
    if rule == "required":
        for key in expected:
            if key not in found:
                yield [*path, key], "required, but missing"
    elif rule == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        for key in sorted(set(found) - set(allowed)):
            yield [*path, key], f"unknown key (expected one of {', '.join(allowed)})"
    else:
        yield path, _message(rule, expected, found)


def _message(rule: str, expected: Any, found: Any) -> str:  # noqa: PLR0911 - one case a rule
    if rule == "enum":
        return f"expected one of {', '.join(map(str, expected))}; got {describe_value(found)}"
    if rule == "const":
        return f"expected {describe_value(expected)}; got {describe_value(found)}"
    if rule == "type":
        wanted = _TYPE_NAMES.get(str(expected), expected)
        return f"expected {wanted}; got {describe_value(found)}"
    if rule == "pattern" and expected == _ID_PATTERN:
        return (
            "expected an id: 1 to 100 of a-z, 0-9, '.', '_', '-', starting with a letter "
            f"or digit; got {describe_value(found)}"
        )
    if (rule, expected) in _DATE_RULES:
        return f"expected a date YYYY-MM-DD; got {describe_value(found)}"
    if (rule, expected) == ("format", "date-time"):
        return f"expected a date-time with an offset; got {describe_value(found)}"
    if rule == "uniqueItems":
        return "a list entry is repeated"
    if rule in {"minLength", "minProperties"} and expected == 1:
        return "must not be empty"
    if (rule, expected) == ("maxProperties", 1):
        return "expected exactly one of threat or theme"
    if rule == "maxLength":
        return f"expected at most {expected:,} characters; got {len(found):,}"
    if rule in {"minimum", "maximum"}:
        bound = "at least" if rule == "minimum" else "at most"
        return f"expected {bound} {expected}; got {describe_value(found)}"
    if rule == "pattern":
        return f"expected text matching {expected}; got {describe_value(found)}"
    return f"does not satisfy the schema's {rule!r} rule; got {describe_value(found)}"


def record_problems(section: str, record: Any, pointer: str) -> Iterator[BundleProblem]:
    """Every schema error in one record of ``section``; nothing when it is valid."""
    try:
        _fast_validator(section)(record)
    except fastjsonschema.JsonSchemaException:
        pass
    else:
        return
    # Lazily, and only so many: a record with a list of a million bad entries
    # must not cost a million messages.
    errors = islice(_full_validator(section).iter_errors(record), MAX_LISTED_PROBLEMS)
    seen: set[tuple[str, str]] = set()
    for error in errors:
        for path, message in _messages(error):
            problem = BundleProblem(pointer_join(pointer, *path), message)
            if (problem.pointer, problem.message) not in seen:
                seen.add((problem.pointer, problem.message))
                yield problem
