"""Read a YAML file into plain data plus the line of every field.

PyYAML's composer gives a node tree with marks; we construct the data from that same tree,
so positions and data can never disagree. Duplicate keys (which PyYAML would silently
collapse to the last one) are reported instead of dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

# libyaml's parser (C) where PyYAML was built with it, as in Debian's and PyPI's wheels: the
# same node tree and marks as the pure-Python one, about ten times faster on a large deck.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FieldPath = tuple[str | int, ...]


def dotted(path: FieldPath) -> str:
    """``('text', 'nl', 'tips', 0, 'for')`` → ``text.nl.tips[0].for``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class YamlSource:
    """A parsed YAML file: its data and where each field stands."""

    path: Path
    data: Any
    text: str
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line(self, path: FieldPath) -> int:
        """Line (1-based) of the field at ``path``, or of its nearest existing parent."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def problem(self, path: FieldPath, message: str) -> Problem:
        """A problem located at ``path`` in this file."""
        return Problem(self.path, self.line(path), dotted(path), message)


def _utf8_problem(path: Path, raw: bytes, error: UnicodeDecodeError) -> Problem:
    line = raw[: error.start].count(b"\n") + 1
    bad = raw[error.start : error.start + 1]
    return Problem(
        path,
        line,
        "",
        f"is not valid UTF-8 (byte {bad!r} at offset {error.start}): "
        "save the file as UTF-8 in your editor",
    )


def read_yaml(path: Path) -> tuple[YamlSource | None, list[Problem]]:
    """Parse ``path``: its :class:`YamlSource`, or ``None`` and the problems that stop it."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [_utf8_problem(path, raw, error)]
    try:
        try:
            node, data = _parse(text, _FAST_LOADER)
        except yaml.MarkedYAMLError:
            # libyaml words its errors otherwise: parse again to report PyYAML's words
            node, data = _parse(text, yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        reason = error.problem or error.context or "invalid YAML"
        message = f"YAML syntax error: {reason}: check indentation, colons and quotes"
        return None, [Problem(path, line, "", message)]
    if node is None or data is None:
        return None, [Problem(path, 1, "", "is empty: a card or registry file needs its fields")]
    source = YamlSource(path, data, text)
    duplicates: list[Problem] = []
    _map_lines(node, (), source, duplicates)
    if duplicates:
        return None, duplicates
    return source, []


def _parse(text: str, loader_class: type) -> tuple[yaml.Node | None, Any]:
    """The node tree of ``text`` and the data built from it."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _map_lines(node: yaml.Node, path: FieldPath, source: YamlSource, duplicates: list[Problem]) -> None:
    source.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                duplicates.append(
                    Problem(
                        source.path,
                        line,
                        dotted(path + (key,)),
                        f"'{key}' appears twice (first on line {seen[key]}): keep one",
                    )
                )
                continue
            seen[key] = line
            source.lines[path + (key,)] = line
            _map_lines(value_node, path + (key,), source, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, path + (index,), source, duplicates)
