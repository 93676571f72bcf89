"""Read a YAML file into plain data plus the line of every field.

PyYAML's composer gives a node tree with marks; we construct the data from that same tree,
so positions and data can never disagree. Duplicate keys (which PyYAML would silently
collapse to the last one) are reported instead of dropped.

Whatever a file holds, reading it ends in data or in problems, never in a traceback, and costs
bounded time and memory (the bounds are in the README's security note):

- a file larger than :data:`MAX_FILE_BYTES` is not parsed;
- data nested deeper than :data:`MAX_DEPTH` levels is refused (a card nests five);
- data of more than :data:`MAX_VALUES` values once anchors and aliases are expanded is refused
  (the "billion laughs": a few lines of aliases that expand to millions of values);
- a byte-order mark at the start (as some Windows editors write) is skipped; control
  characters are reported with their line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..problems import Problem

# libyaml's parser (C) where PyYAML was built with it, as in Debian's and PyPI's wheels: the
# same node tree and marks as the pure-Python one, about ten times faster on a large deck.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FieldPath = tuple[str | int, ...]

MAX_FILE_BYTES = 256 * 1024  # the largest file of the deck (the glossary) has 14 kB
MAX_DEPTH = 20  # levels of mappings and lists (a card's deepest field, text.nl.tips[0].for: 5)
MAX_VALUES = 20_000  # values after expanding aliases (the glossary has about 400)
BOM = "\ufeff"


class _TooBig(Exception):
    """The data of a file is deeper or larger than the bounds: the message says which."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


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
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [
            Problem(
                path,
                1,
                "",
                f"is {size // 1024} kB, more than the {MAX_FILE_BYTES // 1024} kB a deck file may "
                "have: split it, or check that it is the file you meant",
            )
        ]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [_utf8_problem(path, raw, error)]
    text = text.removeprefix(BOM)
    source = YamlSource(path, None, text)
    duplicates: list[Problem] = []
    try:
        try:
            _parse(text, _FAST_LOADER, source, duplicates)
        except yaml.MarkedYAMLError as error:
            if "maximum nesting depth" in str(error.problem):
                # libyaml stops at 1000 levels; PyYAML would recurse until Python's own limit
                return None, [Problem(path, 1, "", _too_deep())]
            # libyaml words its errors otherwise: parse again to report PyYAML's words
            source.lines.clear()
            duplicates.clear()
            _parse(text, yaml.SafeLoader, source, duplicates)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        reason = error.problem or error.context or "invalid YAML"
        message = f"YAML syntax error: {reason}: check indentation, colons and quotes"
        return None, [Problem(path, line, "", message)]
    except yaml.reader.ReaderError as error:
        return None, [_character_problem(path, text, error)]
    except _TooBig as error:
        return None, [Problem(path, error.line, "", error.message)]
    except RecursionError:
        # (PyYAML's composer recurses per level: thousands of levels end here)
        return None, [Problem(path, 1, "", _too_deep())]
    if source.data is None:
        return None, [Problem(path, 1, "", "is empty: a card or registry file needs its fields")]
    if duplicates:
        return None, duplicates
    return source, []


def _too_deep() -> str:
    return (
        f"nests mappings or lists more than {MAX_DEPTH} levels deep: a deck file needs far "
        "fewer; check the indentation and the brackets"
    )


def _character_problem(path: Path, text: str, error: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow in a file (a control character, as pasted from some
    programs), with its line and column."""
    before = text[: error.position]
    line = before.count("\n") + 1
    column = error.position - (before.rfind("\n") + 1) + 1
    character = error.character if isinstance(error.character, str) else chr(error.character)
    return Problem(
        path,
        line,
        "",
        f"holds the control character U+{ord(character):04X} at column {column}, which YAML "
        "does not allow (most editors do not show it): delete it, or type the text again",
    )


def _parse(text: str, loader_class: type, source: YamlSource, duplicates: list[Problem]) -> None:
    """Compose ``text`` and build ``source``'s data and lines from the node tree."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            source.data = _Builder(loader, source, duplicates).build(node, ())
    finally:
        loader.dispose()


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class _Builder:
    """Builds the data of a node tree and records the line of every field on the way.

    Plain strings, mappings and sequences (nearly all of a card) are built here, without
    PyYAML's generic constructor; any other node (numbers, booleans, dates, merge keys,
    tagged nodes) is built by the loader's own constructor, so the data is what
    ``yaml.safe_load`` gives, except that a duplicate key is reported instead of overwritten.
    """

    def __init__(self, loader: Any, source: YamlSource, duplicates: list[Problem]) -> None:
        self.loader = loader
        self.source = source
        self.duplicates = duplicates
        self.values = 0  # values visited, an alias's as often as it is used

    def _count(self, node: yaml.Node, path: FieldPath) -> None:
        """Stop at the bounds: before a value deeper than MAX_DEPTH or beyond MAX_VALUES."""
        self.values += 1
        if len(path) > MAX_DEPTH:
            raise _TooBig(node.start_mark.line + 1, _too_deep())
        if self.values > MAX_VALUES:
            raise _TooBig(
                node.start_mark.line + 1,
                f"holds more than {MAX_VALUES} values once its aliases (*name) are written "
                "out: write the values out without anchors (&name) and aliases, and keep the "
                "file to one card or one registry",
            )

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        self._count(node, path)
        lines = self.source.lines
        if path not in lines:
            lines[path] = node.start_mark.line + 1
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _SEQ:
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        if tag == _MAP and all(key.tag == _STR for key, _ in node.value):
            return self._mapping(node, path)
        self._lines_only(node, path)
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        return {
            key: self.build(value_node, child)
            for key, value_node, child in self._fields(node, path)
        }

    def _fields(
        self, node: yaml.MappingNode, path: FieldPath
    ) -> Iterator[tuple[Any, yaml.Node, FieldPath]]:
        """The key, value node and path of each field of a mapping, its line recorded; a key
        that appears again is reported and left out."""
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                self.duplicates.append(
                    Problem(
                        self.source.path,
                        line,
                        dotted(path + (key,)),
                        f"'{key}' appears twice (first on line {seen[key]}): keep one",
                    )
                )
                continue
            seen[key] = line
            self.source.lines[path + (key,)] = line
            yield key, value_node, path + (key,)

    def _lines_only(self, node: yaml.Node, path: FieldPath) -> None:
        """Lines (and duplicate keys) of a subtree the loader builds."""
        self._count(node, path)
        self.source.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for _, value_node, child in self._fields(node, path):
                self._lines_only(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._lines_only(item, path + (index,))
