"""Pydantic's validation errors, turned into messages a contributor acts on.

Each error becomes ``path:line: field: what is wrong (expected …)``: the line is found
from the field's location in the front matter, and the expectation from the model (a
field's description, the known keys, the vocabulary).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from .frontmatter import SourceFile
from .problems import Problem


def explain(error: ValidationError, model: type[BaseModel], source: SourceFile) -> list[Problem]:
    """Turn pydantic's errors into messages a contributor acts on."""
    out = []
    for item in error.errors(include_url=False):
        location = tuple(
            p
            for p in item["loc"]
            if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))
        )
        kind = item["type"]
        value = item.get("input")
        ctx = item.get("ctx") or {}
        expected = ctx.get("expected", "")
        if kind == "casebook":
            message = item["msg"]
        elif kind == "missing":
            message = "is missing"
            expected = _describe(model, location) or "a value"
        elif kind == "extra_forbidden":
            known = _known_keys(model, location[:-1])
            message = "is not a known key" + did_you_mean(location[-1], known)
            expected = "one of " + ", ".join(sorted(known))
        elif kind == "literal_error":
            vocabulary = re.findall(r"'([^']*)'", expected)
            message = f"{value!r} is not in the vocabulary" + did_you_mean(value, vocabulary)
            expected = "one of " + expected.replace("'", "")
        else:
            message = f"{_type_name(value)} {value!r} is not accepted" + _hint(value, kind)
            expected = _expected_from(kind, ctx, item["msg"])
        out.append(source.problem(location, message, expected))
    return out


def closest(value: object, choices: Iterable[str]) -> str | None:
    """The one of ``choices`` that ``value`` is a near miss of (a typo, a capital letter)."""
    options = {choice.lower(): choice for choice in choices}
    guess = difflib.get_close_matches(str(value).lower(), options, n=1, cutoff=0.75)
    return options[guess[0]] if guess else None


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """``"; did you mean 'twinning'?"`` after a message when ``value`` is a near miss of one
    of ``choices``: the contributor sees the fix, not only the rule."""
    guess = closest(value, choices)
    return f"; did you mean {guess!r}?" if guess else ""


def _hint(value: Any, kind: str) -> str:
    """Why YAML read the value as it did, for the mistakes it makes easy."""
    if isinstance(value, bool):
        return " (YAML reads yes/no/on/off/true/false as a boolean: put text in quotes)"
    if type(value).__name__ in ("date", "datetime"):
        return " (YAML reads 2019-07-09 as a date: put it in quotes)"
    if kind in ("int_type", "float_type") and isinstance(value, str):
        if re.fullmatch(r"-?\d+,\d+", value.strip()):
            return f" (decimals take a point, not a comma: {value.strip().replace(',', '.')})"
        if re.fullmatch(r"-?\d+(?:\.\d+)?", value.strip()):
            return " (quotes make it text: write the number without them)"
    if kind == "list_type" and isinstance(value, (str, int, float)):
        return f" (even one value goes in a list: [{value}])"
    return ""


def _type_name(value: Any) -> str:
    return {
        bool: "boolean",
        int: "number",
        float: "number",
        str: "text",
        list: "list",
        dict: "mapping",
        type(None): "empty value",
    }.get(type(value), type(value).__name__)


def _expected_from(kind: str, ctx: dict, message: str) -> str:
    table = {
        "string_type": "text",
        "int_type": "a whole number",
        "float_type": "a number",
        "list_type": "a list (lines starting with '- ')",
        "dict_type": "a mapping (key: value lines)",
        "model_type": "a mapping (key: value lines)",
        "model_attributes_type": "a mapping (key: value lines)",
        "bool_type": "true or false",
        "string_too_long": f"at most {ctx.get('max_length')} characters",
        "too_short": f"at least {ctx.get('min_length')} item(s)",
        "too_long": f"at most {ctx.get('max_length')} item(s)",
        "greater_than_equal": f"a value ≥ {normal(ctx.get('ge'))}",
        "less_than_equal": f"a value ≤ {normal(ctx.get('le'))}",
        "string_pattern_mismatch": {
            r"^https?://[^\s<>\"]+$": "an address starting with http:// or https://",
        }.get(ctx.get("pattern", ""), "lower-case words joined by hyphens"),
    }
    return table.get(kind, message)


def _field_info(model: type[BaseModel], location: tuple):
    """Walk a model along a location to the field it names (for descriptions and key lists)."""
    current: Any = model
    info = None
    for part in location:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None, current
        info = fields[part]
        annotation = info.annotation
        current = _inner_model(annotation)
    return info, current


def _inner_model(annotation: Any) -> Any:
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
        stack.extend(getattr(item, "__args__", ()))
    return None


def _describe(model: type[BaseModel], location: tuple) -> str:
    info, _ = _field_info(model, location)
    return (info.description or "") if info else ""


def _known_keys(model: type[BaseModel], location: tuple) -> list[str]:
    if location:
        _, inner = _field_info(model, location)
    else:
        inner = model
    return list(getattr(inner, "model_fields", {}) or [])


def normal(value: Any) -> Any:
    """A value as compared and shown: ``1992.0`` is ``1992``; empty fields left out."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [normal(v) for v in value]
    if isinstance(value, dict):
        return {k: normal(v) for k, v in value.items() if v is not None}
    return value
