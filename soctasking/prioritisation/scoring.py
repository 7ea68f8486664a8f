"""The arithmetic of prioritisation, as pure functions: a scoring template's structure and
formula, a threat's score under it, the ranking, the movement between rounds, and the
sensitivity of the ranking to its weights.

Nothing here reads or writes the database, so every figure a page or a
decision record shows can be checked by hand against these functions.

A template's structure is a list of groups, each of dimensions, each with a
weight and a scale of named levels::

    [{"code": "harm_individuals", "name": "Harm to individuals",
      "dimensions": [{"code": "physical", "name": "Physical harm", "weight": 1,
                      "levels": [{"label": "None", "value": 0}, ...]}]}]

A group's score is the weighted sum of its dimensions' values; the
formula combines the groups' scores, by their codes, with ``+ - * /``,
brackets and numbers (``(harm_individuals + harm_communities) * likelihood``).
"""

from __future__ import annotations

import ast
import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError

CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
#: The change to each weight the sensitivity view tries, either way.
SENSITIVITY_CHANGE = 0.2
MAX_GROUPS = 12


@dataclass(frozen=True)
class Level:
    label: str
    value: float


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str
    weight: float
    levels: tuple[Level, ...]

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(level.value for level in self.levels)

    def label_of(self, value: float) -> str | None:
        return next((level.label for level in self.levels if level.value == value), None)


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    dimensions: tuple[Dimension, ...]


@dataclass(frozen=True)
class Structure:
    """A template's groups and formula, checked."""

    groups: tuple[Group, ...]
    formula: str

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        return tuple(d for g in self.groups for d in g.dimensions)

    def dimension(self, code: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.code == code), None)

    @property
    def weights(self) -> dict[str, float]:
        return {d.code: d.weight for d in self.dimensions}


def _text(raw: Mapping[str, object], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError({f"{where}.{key}": "Give a name: text that is not blank."})
    return value.strip()


def _code(raw: Mapping[str, object], where: str, seen: set[str]) -> str:
    value = raw.get("code")
    if not isinstance(value, str) or not CODE_RE.match(value):
        raise ValidationError(
            {
                f"{where}.code": f"{value!r} is no code; expected lower-case letters, digits and "
                "'_', starting with a letter, at most 50 characters."
            }
        )
    if value in seen:
        raise ValidationError({f"{where}.code": f"The code {value!r} is used twice."})
    seen.add(value)
    return value


def _number(value: object, where: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError({where: f"{value!r} is not a number; expected {what}."})
    return float(value)


def _mapping(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise ValidationError({where: "Expected an object with its keys."})
    return value


def _list(value: object, where: str, of: str) -> Sequence[object]:
    if not isinstance(value, list) or not value:
        raise ValidationError({where: f"Expected a list of at least one {of}."})
    return value


def _dimension(raw_value: object, where: str, seen: set[str]) -> Dimension:
    raw = _mapping(raw_value, where)
    code = _code(raw, where, seen)
    weight = _number(raw.get("weight", 1), f"{where}.weight", "a weight above 0")
    if weight <= 0:
        raise ValidationError({f"{where}.weight": f"{weight:g} is not above 0."})
    levels = []
    for index, raw_level in enumerate(_list(raw.get("levels"), f"{where}.levels", "level")):
        at = f"{where}.levels[{index}]"
        level = _mapping(raw_level, at)
        levels.append(
            Level(
                label=_text(level, "label", at),
                value=_number(level.get("value"), f"{at}.value", "the level's value"),
            )
        )
    if len(levels) < 2:
        raise ValidationError({f"{where}.levels": "A scale needs at least two levels."})
    values = [level.value for level in levels]
    if values != sorted(set(values)):
        raise ValidationError(
            {f"{where}.levels": "The levels' values must rise from the first to the last."}
        )
    return Dimension(code=code, name=_text(raw, "name", where), weight=weight, levels=tuple(levels))


def structure_parse(*, groups: object, formula: str) -> Structure:
    """Check a template's groups and formula; a ``ValidationError`` names the faulty field,
    e.g. ``groups[1].dimensions[0].levels[2].value`` or ``formula``."""
    # Groups and dimensions are named apart: a group of one dimension may share its code.
    groups_seen: set[str] = set()
    dimensions_seen: set[str] = set()
    parsed = []
    for index, raw_group in enumerate(_list(groups, "groups", "group")):
        where = f"groups[{index}]"
        raw = _mapping(raw_group, where)
        code = _code(raw, where, groups_seen)
        dimensions = tuple(
            _dimension(raw_dimension, f"{where}.dimensions[{position}]", dimensions_seen)
            for position, raw_dimension in enumerate(
                _list(raw.get("dimensions"), f"{where}.dimensions", "dimension")
            )
        )
        parsed.append(Group(code=code, name=_text(raw, "name", where), dimensions=dimensions))
    if len(parsed) > MAX_GROUPS:
        raise ValidationError({"groups": f"A template has at most {MAX_GROUPS} groups."})
    structure = Structure(groups=tuple(parsed), formula=formula.strip())
    _formula_check(structure)
    return structure


_OPERATORS: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


def _formula_tree(formula: str, names: Sequence[str]) -> ast.expr:
    if not formula:
        raise ValidationError({"formula": "Give the formula that combines the groups."})
    try:
        tree = ast.parse(formula, mode="eval").body
    except SyntaxError as error:
        raise ValidationError(
            {"formula": f"The formula cannot be read at character {error.offset}: {error.msg}."}
        ) from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in names:
            raise ValidationError(
                {
                    "formula": f"{node.id!r} is no group of the template; expected any of: "
                    f"{', '.join(names)}."
                }
            )
        allowed = (ast.BinOp, ast.UnaryOp, ast.Name, ast.Load, ast.USub, ast.UAdd)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise ValidationError({"formula": f"{node.value!r} is not a number."})
        elif isinstance(node, ast.operator):
            if type(node) not in _OPERATORS:
                raise ValidationError({"formula": "The formula may use only + - * / and brackets."})
        elif not isinstance(node, allowed):
            raise ValidationError(
                {"formula": "The formula may use only group codes, numbers, + - * / and brackets."}
            )
    return tree


def _evaluate(node: ast.expr, values: Mapping[str, float]) -> float:
    # Only the nodes ``_formula_tree`` let through reach here.
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left, right = _evaluate(node.left, values), _evaluate(node.right, values)
        return _OPERATORS[type(node.op)](left, right)
    raise ValidationError({"formula": "The formula holds something that is not arithmetic."})


def formula_evaluate(formula: str, group_scores: Mapping[str, float]) -> float:
    """The formula's value for the groups' scores; dividing by zero is a ``ValidationError``
    on ``formula`` naming the scores that caused it."""
    tree = _formula_tree(formula, list(group_scores))
    try:
        return _evaluate(tree, group_scores)
    except ZeroDivisionError:
        shown = ", ".join(f"{code} = {value:g}" for code, value in group_scores.items())
        raise ValidationError(
            {
                "formula": f"The formula divides by zero when {shown}; change the formula or "
                "the scale."
            }
        ) from None


def _group_range(group: Group) -> tuple[float, float]:
    return (
        sum(d.weight * d.values[0] for d in group.dimensions),
        sum(d.weight * d.values[-1] for d in group.dimensions),
    )


def _formula_check(structure: Structure) -> None:
    """Refuse a formula that cannot be read, names no group, or divides by zero at any corner
    of the scales (every group at its lowest or highest score)."""
    codes = [group.code for group in structure.groups]
    _formula_tree(structure.formula, codes)
    ranges = [_group_range(group) for group in structure.groups]
    for corner in itertools.product(*ranges):
        formula_evaluate(structure.formula, dict(zip(codes, corner, strict=True)))


def values_check(structure: Structure, values: Mapping[str, object]) -> dict[str, float]:
    """The values of every dimension, each one of its scale's; errors are keyed by the field
    ``dimensions.<code>`` and say what was expected."""
    errors: dict[str, str] = {}
    checked: dict[str, float] = {}
    unknown = sorted(set(values) - {d.code for d in structure.dimensions})
    if unknown:
        errors["dimensions"] = f"{', '.join(unknown)} is no dimension of the template."
    for dimension in structure.dimensions:
        field = f"dimensions.{dimension.code}"
        raw = values.get(dimension.code)
        scale = ", ".join(f"{level.value:g} ({level.label})" for level in dimension.levels)
        if raw is None or raw == "":
            errors[field] = f"Score {dimension.name}: expected one of {scale}."
            continue
        try:
            value = float(raw) if isinstance(raw, int | float | str) else math.nan
        except ValueError:
            value = math.nan
        if isinstance(raw, bool) or value not in dimension.values:
            errors[field] = (
                f"{raw!r} is outside the scale of {dimension.name}; expected one of {scale}."
            )
            continue
        checked[dimension.code] = value
    if errors:
        raise ValidationError(errors)
    return checked


def group_scores(
    structure: Structure, values: Mapping[str, float], weights: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Each group's weighted sum of its dimensions' values, under ``weights`` if given."""
    chosen = weights if weights is not None else structure.weights
    return {
        group.code: sum(chosen[d.code] * values[d.code] for d in group.dimensions)
        for group in structure.groups
    }


def total(
    structure: Structure, values: Mapping[str, float], weights: Mapping[str, float] | None = None
) -> float:
    """A threat's score: the formula over its groups' scores."""
    return formula_evaluate(structure.formula, group_scores(structure, values, weights))


def ranks(totals: Mapping[str, float]) -> dict[str, int]:
    """Competition ranking, highest total first: equal totals share a rank and the next rank
    skips (totals 9, 7, 7, 5 rank 1, 2, 2, 4)."""
    # Rounded, so that totals equal on paper but not in binary fractions tie.
    rounded = {key: round(value, 9) for key, value in totals.items()}
    ordered = sorted(rounded.values(), reverse=True)
    return {key: ordered.index(value) + 1 for key, value in rounded.items()}


def movements(current: Mapping[str, int], previous: Mapping[str, int]) -> dict[str, int | None]:
    """Places moved up since the previous round (negative: down); ``None`` for a threat that
    round did not rank."""
    return {key: previous[key] - rank if key in previous else None for key, rank in current.items()}


@dataclass(frozen=True)
class Change:
    """One weight changed: the dimension, the factor applied, and the rank that resulted."""

    dimension: str
    factor: float
    rank: int


@dataclass(frozen=True)
class Sensitivity:
    """How one threat's place holds when any single weight changes by ±20%.

    ``rank_holds``: its rank is the same under every change; ``line_holds``:
    it stays on the same side of the priority line under every change (always
    true when there is no line). ``changes`` lists the changes that moved it.
    """

    key: str
    rank: int
    lowest: int
    highest: int
    rank_holds: bool
    line_holds: bool
    changes: tuple[Change, ...]


def sensitivity(
    structure: Structure,
    values: Mapping[str, Mapping[str, float]],
    priority_line: int | None,
    change: float = SENSITIVITY_CHANGE,
) -> dict[str, Sensitivity]:
    """For every threat (keyed as in ``values``), whether its rank, and its place above or
    below the priority line (the first ``priority_line`` ranks), survive each single weight
    multiplied by ``1 - change`` and by ``1 + change``."""
    base = ranks({key: total(structure, v) for key, v in values.items()})
    moved: dict[str, list[Change]] = {key: [] for key in values}
    seen: dict[str, list[int]] = {key: [rank] for key, rank in base.items()}
    for code, weight in structure.weights.items():
        for factor in (1 - change, 1 + change):
            weights = dict(structure.weights, **{code: weight * factor})
            changed = ranks({key: total(structure, v, weights) for key, v in values.items()})
            for key, rank in changed.items():
                seen[key].append(rank)
                if rank != base[key]:
                    moved[key].append(Change(dimension=code, factor=factor, rank=rank))

    def above(rank: int) -> bool:
        return priority_line is not None and rank <= priority_line

    return {
        key: Sensitivity(
            key=key,
            rank=rank,
            lowest=max(seen[key]),
            highest=min(seen[key]),
            rank_holds=not moved[key],
            line_holds=all(above(c.rank) == above(rank) for c in moved[key]),
            changes=tuple(moved[key]),
        )
        for key, rank in base.items()
    }
