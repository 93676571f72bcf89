"""JSON Schema validation with messages an editor can act on.

The schemas in ``schemas/`` are the one definition of the fields (and of the pocket-card
limit on front text). This module turns jsonschema's errors into :class:`Problem` s that name
the file, the line, the field and the bad value, with a suggestion where one exists.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

from ..problems import Problem, did_you_mean, show
from .yamlsource import YamlSource

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(str(resources.files("outreach_cards") / "schemas"))

SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"

TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list (lines starting with '- ')",
    "object": "a group of fields",
    "boolean": "true or false",
    "null": "empty (null)",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema ``schemas/<name>.schema.json``."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # imported only to explain an invalid file

    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@cache
def _fast_check(name: str):
    """``schemas/<name>.schema.json`` compiled to Python (fastjsonschema): tells valid from
    invalid some twenty times faster than jsonschema, which then explains the invalid ones.
    As with jsonschema here, formats are not checked and no defaults are filled in."""
    return fastjsonschema.compile(load_schema(name), use_default=False, use_formats=False)


def is_valid(data: Any, name: str) -> bool:
    """Whether ``data`` matches schema ``name`` (the quick check before the explained one)."""
    try:
        _fast_check(name)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def front_text_limit() -> int:
    """The pocket-card limit on front text, as stated once in ``card.schema.json``."""
    return int(load_schema("card")["$defs"]["cardText"]["properties"]["front"]["maxLength"])


def schema_problems(source: YamlSource, name: str) -> list[Problem]:
    """Every way ``source`` breaks schema ``name``, as problems."""
    if is_valid(source.data, name):
        return []
    problems: set[Problem] = set()
    for error in _validator(name).iter_errors(source.data):
        problems.update(_explain(source, error))
    return sorted(problems)


def _type_name(value: Any) -> str:
    for json_type, python_type in (
        ("boolean", bool),
        ("integer", int),
        ("number", float),
        ("string", str),
        ("array", list),
        ("object", dict),
    ):
        if isinstance(value, python_type):
            return TYPE_NAMES[json_type]
    return type(value).__name__  # (an empty value has its own message)


def _explain(source: YamlSource, error: ValidationError) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    kind = error.validator
    expected = error.validator_value
    value = error.instance
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = error.schema.get("properties", {})
        # keys of a free form (patternProperties, as in a locale file) are allowed by pattern
        patterns = list(error.schema.get("patternProperties", {}))
        for key in value:
            if key in allowed or any(re.search(pattern, key) for pattern in patterns):
                continue
            if patterns:
                yield source.problem(
                    path + (key,),
                    f"'{key}' is not a valid key: keys have the form {' or '.join(patterns)}",
                )
            else:
                yield source.problem(
                    path + (key,), f"unknown field '{key}'{did_you_mean(key, allowed)}"
                )
    elif kind == "required" and isinstance(value, dict):
        for key in expected:
            if key not in value:
                yield source.problem(path + (key,), f"missing required field '{key}': add it")
    elif kind == "type":
        wanted = (
            " or ".join(TYPE_NAMES.get(name, name) for name in expected)
            if isinstance(expected, list)
            else TYPE_NAMES.get(expected, expected)
        )
        if value is None:
            yield source.problem(path, f"is empty but should be {wanted}: fill it in")
        else:
            yield source.problem(path, f"should be {wanted}, got {_type_name(value)} {show(value)}")
    elif kind == "maxLength" and path and path[-1] == "front":
        yield source.problem(
            path,
            f"front text has {len(value)} characters; a pocket card holds at most {expected} "
            f"(the limit in card.schema.json): shorten it by {len(value) - expected}",
        )
    elif kind == "maxLength":
        yield source.problem(
            path, f"is {len(value)} characters long, at most {expected} allowed: shorten it"
        )
    elif kind == "minLength":
        yield source.problem(
            path, f"is too short ({show(value)}): write at least {expected} characters"
        )
    elif "propertyNames" in error.schema_path:
        yield source.problem(
            path + (value,),
            f"'{value}' is not a language code: use two lowercase letters, e.g. 'nl' or 'en'",
        )
    elif kind == "pattern" and expected == SLUG_PATTERN:
        yield source.problem(
            path,
            f"{show(value)} is not a valid slug: use lowercase letters, digits and hyphens, "
            f"e.g. '{_slugify(value)}'",
        )
    elif kind == "pattern" and len(path) == 3 and path[0] == "audio" and path[2] == "file":
        yield source.problem(
            path,
            f"{show(value)} is not a sound file name: use lowercase letters, digits, - or _, "
            "ending in .mp3, .m4a, .ogg, .opus, .webm or .wav",
        )
    elif kind == "pattern":
        yield source.problem(path, f"{show(value)} does not have the expected form ({expected})")
    elif kind == "enum":
        yield source.problem(path, f"{show(value)} is not allowed{did_you_mean(value, expected)}")
    elif kind in ("minItems", "minProperties"):
        yield source.problem(path, f"needs at least {expected} item{'s' if expected != 1 else ''}")
    elif kind == "maxItems":
        yield source.problem(path, f"has {len(value)} items, at most {expected} allowed")
    elif kind == "uniqueItems":
        yield source.problem(path, "lists the same value twice: keep each once")
    elif kind in ("minimum", "maximum"):
        yield source.problem(path, f"{show(value)} is out of range: {error.message}")
    else:
        yield source.problem(path, error.message)


def _slugify(value: Any) -> str:
    # (invisible characters, such as a zero-width space pasted in, are left out, not replaced)
    text = "".join(char for char in str(value).lower() if unicodedata.category(char) != "Cf")
    slug = "".join(char if char.isalnum() and char.isascii() else "-" for char in text)
    return "-".join(part for part in slug.split("-") if part) or "my-card"
