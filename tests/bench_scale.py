"""Benchmark at scale (a script, not a test: the machine is shared and noisy).

    .venv/bin/python -m tests.bench_scale [--sizes 100 1000] [--repeat 2]
                                          [--output tests/benchmark-results.md]

In one run on one machine, for synthetic decks of every size (valid cards made from the real
cards' text, in the deck's two languages, in a temporary folder), it measures:

- ``outreach-cards check`` on the deck, as an editor runs it (a new process);
- the full site build without the print step (``OUTREACH_CARDS_PDFS=false``, a clean ``docs/``)
  and, as the floor, a plain Material + search + i18n build of the same pages written as
  ordinary Markdown files (the project's ``docs/`` after our build, with ``mkdocs.yml`` minus
  ``hooks`` and ``watch``): the ratio, the time per card, and that both sides built the same
  HTML files;
- the print step cold (an empty cache, a new process) and warm (nothing changed: in the same
  process, as under ``mkdocs serve``, and in a new process, as a second ``mkdocs build``), and
  as the floor a bare WeasyPrint render of as many plain A6 pages as the cards have (the
  approach of ``tests/bench_print.py``, whose floor functions it reuses);
- on the smallest deck: ``mkdocs serve``, then one card's Dutch title edited, until the served
  card page shows the new title (without and with the print step);
- the peak memory of every step: the largest of the exact peak of the step's main process and
  the sampled sum of all its processes (print workers included).

Every timing runs ``--repeat`` times (at least twice for real figures) and the best is reported;
the memory is the highest of the runs. It prints a Markdown table and writes it to ``--output``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from outreach_cards.pages import GENERATED_DIRS

REPO = Path(__file__).resolve().parent.parent
SCHEMA_LINE = "# yaml-language-server: $schema=../hooks/outreach_cards/schemas/card.schema.json\n"
MKDOCS = [sys.executable, "-m", "mkdocs"]
MIB = 1024 * 1024
# mkdocs.yml for the floor: the same site, without our hooks (nor the folders they watch).
FLOOR_CONFIG = "INHERIT: mkdocs.yml\nhooks: []\nwatch: []\n"
TARGETS = {
    "site": 1.25,  # site build / floor
    "growth": 0.20,  # time per card, from the smallest to the largest deck
    "check": 2.0,  # seconds, largest deck
    "serve": 3.0,  # seconds from the edit to the new title on the served page
    "print": 1.5,  # print step cold / bare WeasyPrint
    "warm": 1.0,  # seconds
    "memory": 1024.0,  # MiB, largest deck
}


# -- synthetic decks ----------------------------------------------------------------------------

class _CardDumper(yaml.SafeDumper):
    """Writes card files as editors do: text with line breaks as ``|`` blocks."""


_CardDumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def write_card(path: Path, data: dict) -> None:
    """Write one card file, starting with the schema line editors need."""
    text = yaml.dump(data, Dumper=_CardDumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(SCHEMA_LINE + text, encoding="utf-8")


def synthetic_deck(count: int, cards_dir: Path, real_dir: Path = REPO / "cards") -> list[str]:
    """Write a valid deck of ``count`` cards into ``cards_dir`` (with the real registries):
    card ``i`` is real card ``i mod n`` in deck order, copy ``k = i div n`` with id
    ``<id>-<k + 1>`` (the first copy keeps the real id), number ``i + 1`` and `` (<k + 1>)``
    after its titles. Related cards point to the same copy, left out where it does not exist.
    Returns the ids in deck order."""
    real = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in real_dir.glob("*.yaml")]
    real.sort(key=lambda card: card["number"])
    shutil.rmtree(cards_dir, ignore_errors=True)
    shutil.copytree(real_dir / "registries", cards_dir / "registries")

    def name(card_id: str, copy: int) -> str:
        return card_id if copy == 0 else f"{card_id}-{copy + 1}"

    made = [name(real[index % len(real)]["id"], index // len(real)) for index in range(count)]
    present = set(made)
    for index, card_id in enumerate(made):
        copy = index // len(real)
        card = dict(real[index % len(real)], id=card_id, number=index + 1)
        card["related"] = [other for other in (name(related, copy) for related in
                                               card.get("related", ())) if other in present]
        if copy:
            card["text"] = {language: dict(text, title=f"{text['title']} ({copy + 1})")
                            for language, text in card["text"].items()}
        write_card(cards_dir / f"{card_id}.yaml", card)
    return made


def make_project(count: int, folder: Path) -> Path:
    """A copy of the project (config, docs, hooks, overrides) with a synthetic deck."""
    from tests.conftest import copy_project

    project = copy_project(folder)
    synthetic_deck(count, project / "cards")
    return project
