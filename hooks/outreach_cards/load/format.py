"""Put a deck file that the web editor rewrote back into the shape of our files.

Decap CMS writes a whole file with its own YAML writer: the first line (``# yaml-language-server:
$schema=…``, which editors check the file with) and the other comments are gone, short lists of
keys become block lists, and strings change style. ``format_text`` writes the editor's data again
against the file's committed version: every value that did not change keeps its exact source
text (comments, line breaks of folded text, flow lists), keys keep their committed order, and a
changed text keeps the committed line breaks around the words that stayed, so that a one-word edit
is a one-line diff. New values, and new files, get the house style (see ``_emit``).

The result always loads to exactly the editor's data; where it would not, the file is refused
(:class:`FormatRefused`) and left as the editor wrote it: an edit is never lost.
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

WIDTH = 100  # the longest line the house style writes
FOLD = 88  # where folded text (>-) is wrapped
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The schema line of each kind of file, by the folder it is in (relative to the deck folder).
SCHEMA_LINES = {
    "": "# yaml-language-server: $schema=../hooks/outreach_cards/schemas/card.schema.json",
    "sets": "# yaml-language-server: $schema=../../hooks/outreach_cards/schemas/set.schema.json",
    "formats": (
        "# yaml-language-server: $schema=../../hooks/outreach_cards/schemas/format.schema.json"
    ),
}


class FormatRefused(ValueError):
    """The formatted text would not load to the editor's data: the file is left as it is."""


def schema_line(path: Path, cards_dir: Path) -> str | None:
    """The yaml-language-server line a new file at ``path`` starts with."""
    relative = path.resolve().relative_to(cards_dir.resolve())
    folder = relative.parent.as_posix()
    if folder == "registries":
        return (
            "# yaml-language-server: $schema=../../hooks/outreach_cards/schemas/"
            f"{relative.stem}.schema.json"
        )
    return SCHEMA_LINES.get("" if folder == "." else folder)


def format_text(
    edited: str, committed: str | None, header: str | None = None, name: str = ""
) -> str:
    """``edited`` (the editor's file) written against ``committed`` (the file's committed
    version, or None for a new file, which then starts with ``header``)."""
    data = yaml.load(edited, Loader=_LOADER)
    if committed is not None:
        old = yaml.load(committed, Loader=_LOADER)
        if old == data:
            return committed
        root = yaml.compose(committed, Loader=_LOADER)
        lines = committed.splitlines()
        if isinstance(root, yaml.MappingNode) and isinstance(data, dict) and not root.flow_style:
            start = root.value[0][0].start_mark.line if root.value else len(lines)
            body = _Rewriter(lines).mapping(root, data, 0)
            text = "\n".join(lines[:start] + body) + "\n"
        else:
            text = _leading_comments(committed) + "\n".join(_emit(data, 0)) + "\n"
    else:
        text = (f"{header}\n" if header else "") + "\n".join(_emit(data, 0)) + "\n"
    if yaml.load(text, Loader=_LOADER) != data:
        raise FormatRefused(
            f"{name or 'the file'}: writing it in the house style would change its data; it is "
            "left as the web editor wrote it (please report this)"
        )
    return text


def _leading_comments(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(f"{line}\n" for line in lines)


# -- against the committed version -------------------------------------------------------------


def _end_line(node: yaml.Node, lines: list[str]) -> int:
    """The line after the last line of ``node``'s text. A block collection's end mark is at
    the next token: the start of the line after it, or the indentation of the next key."""
    mark = node.end_mark
    if mark.line >= len(lines) or not lines[mark.line][: mark.column].strip():
        return mark.line
    return mark.line + 1


def _value(node: yaml.Node) -> Any:
    return yaml.load(yaml.serialize(node), Loader=_LOADER)


def _same_block(node: yaml.Node, new: Any, kind: type, data: type) -> bool:
    """Whether ``node`` is a non-empty block collection of ``kind`` and ``new`` a non-empty
    ``data`` value: then ``new`` is written item by item against the node's text."""
    return (
        isinstance(node, kind)
        and isinstance(new, data)
        and not node.flow_style
        and bool(node.value and new)
    )


@dataclass
class _Rewriter:
    lines: list[str]

    def mapping(self, node: yaml.MappingNode, data: dict, column: int) -> list[str]:
        """The lines of a block mapping at ``column`` holding ``data``, its first line starting
        where its first key starts (with what is before it: indentation or a list's dash)."""
        old = {key.value: (index, key, value) for index, (key, value) in enumerate(node.value)}
        keys = [key.value for key, _ in node.value if key.value in data]
        for position, key in enumerate(data):  # new keys after the key before them in data
            if key not in old:
                before = list(data)[:position]
                anchor = max((keys.index(k) for k in before if k in keys), default=-1)
                keys.insert(anchor + 1, key)
        out: list[str] = []
        for key in keys:
            if key in old:
                index, key_node, value_node = old[key]
                following = (
                    node.value[index + 1][0].start_mark.line
                    if index + 1 < len(node.value)
                    else None
                )
                out += self.entry(key_node, value_node, data[key], following, column)
            else:
                out += _entry(key, data[key], column)
        # the first line keeps what stood before the mapping's first key (a list's dash)
        if out and node.value:
            first = node.value[0][0].start_mark
            prefix = self.lines[first.line][: first.column]
            out[0] = prefix + out[0][column:]
        return out

    def entry(
        self, key: yaml.Node, value: yaml.Node, new: Any, following: int | None, column: int
    ) -> list[str]:
        start, end = key.start_mark.line, _end_line(value, self.lines)
        if value.start_mark.line == value.end_mark.line and isinstance(value, yaml.ScalarNode):
            end = value.end_mark.line + 1
        # comments and blank lines after the value, up to the next key, stay
        gap = self.lines[end:following] if following is not None else []
        gap = [line for line in gap if not line.strip() or line.lstrip().startswith("#")]
        if _value(value) == new:
            return self.lines[start:end] + gap
        name = key.value
        if _same_block(value, new, yaml.MappingNode, dict):
            first = value.value[0][0].start_mark.column
            return [" " * column + f"{_key(name)}:"] + self.mapping(value, new, first) + gap
        if _same_block(value, new, yaml.SequenceNode, list):
            return [" " * column + f"{_key(name)}:"] + self.sequence(value, new) + gap
        if (
            isinstance(value, yaml.ScalarNode)
            and isinstance(new, str)
            and value.style in ("|", ">")
        ):
            return self.block_scalar(key, value, new, column) + gap
        return _entry(name, new, column) + gap

    def sequence(self, node: yaml.SequenceNode, data: list) -> list[str]:
        """A block list: items that did not change keep their text; changed ones are written
        again, a mapping item against its old text."""
        items = node.value
        dash = self.lines[items[0].start_mark.line]
        column = len(dash) - len(dash.lstrip())
        starts = [item.start_mark.line for item in items] + [_end_line(node, self.lines)]
        old_keys = [json.dumps(_value(item), sort_keys=True) for item in items]
        new_keys = [json.dumps(item, sort_keys=True) for item in data]
        out: list[str] = []
        matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
        for tag, a0, a1, b0, b1 in matcher.get_opcodes():
            if tag == "equal":
                for index in range(a0, a1):
                    out += self.lines[starts[index] : _end_line(items[index], self.lines)]
                continue
            pairs = min(a1 - a0, b1 - b0) if tag == "replace" else 0
            for offset in range(pairs):
                item, new = items[a0 + offset], data[b0 + offset]
                if _same_block(item, new, yaml.MappingNode, dict):
                    out += self.mapping(item, new, item.value[0][0].start_mark.column)
                else:
                    out += _item(new, column)
            for new in data[b0 + pairs : b1]:
                out += _item(new, column)
        return out

    def block_scalar(
        self, key: yaml.Node, value: yaml.ScalarNode, new: str, column: int
    ) -> list[str]:
        """A changed literal (|) or folded (>) text: its header line stays, and the committed
        line breaks stay around the words that did not change."""
        header = self.lines[key.start_mark.line]
        indicator = header[value.start_mark.column :].strip()
        body = self.lines[key.start_mark.line + 1 : _end_line(value, self.lines)]
        while body and not body[-1].strip():
            body.pop()
        indent = min(
            (len(line) - len(line.lstrip()) for line in body if line.strip()), default=column + 2
        )
        chomp = _chomping(new)
        if value.style == "|":
            if "\n\n\n" in new.rstrip("\n") or chomp is None:
                return _entry(key.value, new, column)
            new_lines = new.rstrip("\n").split("\n")
            head = header[: value.start_mark.column] + "|" + chomp
            return [head] + [(" " * indent + line) if line else "" for line in new_lines]
        if "\n" in new or chomp is None or new != " ".join(new.split()):
            return _entry(key.value, new, column)
        old_lines = [line.strip() for line in body]
        head = header[: value.start_mark.column] + indicator[0] + chomp
        return [head] + [" " * indent + line for line in _keep_breaks(old_lines, new.split())]


def _chomping(text: str) -> str | None:
    """The block scalar chomping indicator that keeps ``text``'s final line breaks."""
    if not text.endswith("\n"):
        return "-"
    if not text.endswith("\n\n"):
        return ""
    return None


def _keep_breaks(old_lines: list[str], words: list[str]) -> list[str]:
    """``words`` in lines, broken where the old lines broke between words that stayed."""
    old_words: list[str] = []
    breaks: set[int] = set()  # index of the old word that ends a line
    for line in old_lines:
        old_words += line.split()
        breaks.add(len(old_words) - 1)
    new_breaks: set[int] = set()
    matcher = difflib.SequenceMatcher(a=old_words, b=words, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        for index in range(a0, a1):
            if index in breaks:
                if tag == "equal":
                    new_breaks.add(b0 + index - a0)
                elif b1 > b0:  # the line's last word changed: break after the new words
                    new_breaks.add(b1 - 1)
    lines, current = [], []
    for index, word in enumerate(words):
        current.append(word)
        if index in new_breaks:
            lines.append(" ".join(current))
            current = []
    if current:
        lines.append(" ".join(current))
    return lines


# -- the house style -------------------------------------------------------------------------

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _key(name: Any) -> str:
    text = str(name)
    return text if _PLAIN_KEY.match(text) and _round_trips(text, name) else _quoted(text)


def _round_trips(text: str, value: Any) -> bool:
    try:
        return yaml.load(f"k: {text}", Loader=_LOADER) == {"k": value}
    except yaml.YAMLError:
        return False


def _quoted(text: str) -> str:
    if "\n" not in text and all(ch.isprintable() for ch in text):
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=False)


def _scalar(value: Any) -> str:
    """A value on one line: plain where that reads back the same, else quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if text and text == text.strip() and "\n" not in text and _round_trips(text, text):
        return text
    return _quoted(text)


def _flow(items: list) -> str | None:
    """A list of keys (plain values without spaces) as one flow list ``[a, b]``, as our files
    write them; None for any other list."""
    parts = []
    for item in items:
        if isinstance(item, (dict, list)):
            return None
        text = _scalar(item)
        if any(ch in text for ch in " ,[]{}#") or text.startswith(("'", '"')):
            return None
        parts.append(text)
    return "[" + ", ".join(parts) + "]"


def _entry(name: Any, value: Any, column: int) -> list[str]:
    """``name: value`` at ``column`` in the house style."""
    pad = " " * column
    lead = f"{pad}{_key(name)}:"
    if isinstance(value, dict):
        return [lead + " {}"] if not value else [lead] + _emit(value, column + 2)
    if isinstance(value, list):
        flow = _flow(value)  # (an empty list too: [])
        if flow is not None:
            return [f"{lead} {flow}"]
        return [lead] + _emit(value, column + 2)
    if isinstance(value, str):
        return _text(lead, value, column + 2)
    return [f"{lead} {_scalar(value)}"]


def _text(lead: str, value: str, indent: int) -> list[str]:
    """A string after ``lead``: plain or quoted on the line, folded (>-) when long, literal (|)
    when it has line breaks."""
    pad = " " * indent
    chomp = _chomping(value)
    if "\n" in value.rstrip("\n") or value.endswith("\n"):
        body = value.rstrip("\n").split("\n")
        if (
            chomp is not None
            and body[0][:1] not in (" ", "\t")
            and all(line == line.rstrip() for line in body)
        ):
            return [f"{lead} |{chomp}"] + [pad + line if line else "" for line in body]
        return [f"{lead} {_quoted(value)}"]
    one = f"{lead} {_scalar(value)}"
    if len(one) <= WIDTH:
        return [one]
    if value == " ".join(value.split()):
        wrapped = textwrap.wrap(
            value, width=FOLD - indent, break_long_words=False, break_on_hyphens=False
        )
        return [f"{lead} >-"] + [pad + line for line in wrapped]
    return [f"{lead} {_quoted(value)}"]


def _item(value: Any, column: int) -> list[str]:
    """One list item at ``column``: ``- value``, a mapping's first key on the dash's line."""
    pad = " " * column
    if isinstance(value, (dict, list)) and value:
        lines = _emit(value, column + 2)
        return [pad + "- " + lines[0][column + 2 :]] + lines[1:]
    if isinstance(value, str):
        return _text(pad + "-", value, column + 2)
    return [f"{pad}- {_scalar(value)}"]


def _emit(value: Any, column: int) -> list[str]:
    """A mapping's entries, or a list's items, at ``column`` in the house style."""
    if isinstance(value, dict):
        return [line for key, item in value.items() for line in _entry(key, item, column)]
    if isinstance(value, list):
        return [line for item in value for line in _item(item, column)]
    return [" " * column + _scalar(value)]


# -- files ------------------------------------------------------------------------------------


def _git(folder: Path, *arguments: str) -> str | None:
    try:
        run = subprocess.run(
            ["git", *arguments], cwd=folder, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return run.stdout if run.returncode == 0 else None


def committed_text(path: Path) -> str | None:
    """The committed (HEAD) version of ``path``, or None (a new file, or no git)."""
    folder = path.resolve().parent
    return _git(folder, "show", f"HEAD:./{path.name}")


def changed_files(cards_dir: Path) -> list[Path]:
    """The deck's YAML files that differ from their committed version or are new (git), or,
    without git, every YAML file of the deck."""
    status = _git(cards_dir, "status", "--porcelain", "--untracked-files=all", "--", ".")
    if status is None:
        return sorted(cards_dir.rglob("*.yaml"))
    top = _git(cards_dir, "rev-parse", "--show-toplevel")
    root = Path(top.strip()) if top else cards_dir
    paths = []
    for line in status.splitlines():
        name = line[3:].split(" -> ")[-1].strip('"')
        path = root / name
        if line[:2].strip() != "D" and path.suffix == ".yaml" and path.is_file():
            paths.append(path)
    return sorted(paths)


def fix_file(path: Path, cards_dir: Path) -> bool:
    """Write ``path`` in the shape of our files (see ``format_text``); True when it changed.
    Raises FormatRefused (the file untouched) or yaml.YAMLError (it is not YAML)."""
    edited = path.read_text(encoding="utf-8")
    text = format_text(edited, committed_text(path), schema_line(path, cards_dir), name=str(path))
    if text == edited:
        return False
    path.write_text(text, encoding="utf-8")
    return True
