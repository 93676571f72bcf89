"""The YAML reader builds the same data as ``yaml.safe_load`` and knows the line of every field."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from outreach_cards.deck import load_deck
from outreach_cards.load.yamlsource import read_yaml

MIXED = """\
id: eerste
number: 12
draft: false
published: 2026-11-23
weight: 1.5
nothing: ~
base: &base
  tone: warm
  place: [thuis, straat]
copy:
  <<: *base
  place: online
tags: !!set {a: null, b: null}
list:
  - plain
  - 'quoted'
  - 3
"""


def test_data_equals_safe_load_and_every_field_has_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.yaml"
    path.write_text(MIXED, encoding="utf-8")
    source, problems = read_yaml(path)
    assert problems == []
    assert source is not None
    assert source.data == yaml.safe_load(MIXED)
    assert source.data["published"] == datetime.date(2026, 11, 23)
    assert source.data["copy"] == {"tone": "warm", "place": "online"}
    assert source.data["tags"] == {"a", "b"}
    assert source.lines == {
        (): 1,
        ("id",): 1,
        ("number",): 2,
        ("draft",): 3,
        ("published",): 4,
        ("weight",): 5,
        ("nothing",): 6,
        ("base",): 7,
        ("base", "tone"): 8,
        ("base", "place"): 9,
        ("base", "place", 0): 9,
        ("base", "place", 1): 9,
        ("copy",): 10,
        ("copy", "<<"): 11,
        ("copy", "<<", "tone"): 8,
        ("copy", "<<", "place"): 9,
        ("copy", "<<", "place", 0): 9,
        ("copy", "<<", "place", 1): 9,
        ("copy", "place"): 12,
        ("tags",): 13,
        ("tags", "a"): 13,
        ("tags", "b"): 13,
        ("list",): 14,
        ("list", 0): 15,
        ("list", 1): 16,
        ("list", 2): 17,
    }
    assert source.line(("list", 1, "missing")) == 16


def test_duplicate_keys_are_reported_at_any_depth(tmp_path: Path) -> None:
    path = tmp_path / "twice.yaml"
    path.write_text(
        "id: a\ntext:\n  nl:\n    title: Een\n    title: Twee\nid: b\n", encoding="utf-8"
    )
    source, problems = read_yaml(path)
    assert source is None
    assert [(p.line, p.field, p.message) for p in problems] == [
        (5, "text.nl.title", "'title' appears twice (first on line 4): keep one"),
        (6, "id", "'id' appears twice (first on line 1): keep one"),
    ]


def test_every_real_card_reads_as_safe_load_reads_it() -> None:
    """Every YAML file of the real deck (cards, sets, registries) reads as safe_load reads it."""
    cards = Path(__file__).parent.parent / "cards"
    files = sorted(cards.rglob("*.yaml"))
    deck = load_deck(cards)
    names = {path.relative_to(cards).as_posix() for path in files}
    assert names >= {f"{card.id}.yaml" for card in deck.cards} | {
        f"sets/{card_set.id}.yaml" for card_set in deck.sets
    } | {f"registries/{name}.yaml" for name in ("vocabularies", "themes", "sources", "redirects")}
    for path in files:
        source, problems = read_yaml(path)
        assert problems == [], path
        assert source.data == yaml.safe_load(path.read_text(encoding="utf-8")), path
