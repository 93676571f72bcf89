"""``outreach-cards check``: validate the cards without building the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .deck import load_deck
from .problems import DeckError


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``outreach-cards`` command."""
    parser = argparse.ArgumentParser(prog="outreach-cards", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate every card and registry, build nothing")
    check.add_argument("cards", nargs="?", default="cards", type=Path,
                       help="the deck folder (default: cards)")
    args = parser.parse_args(argv)

    if not args.cards.is_dir():
        print(f"outreach-cards: no deck folder at '{args.cards}'", file=sys.stderr)
        return 2
    try:
        deck = load_deck(args.cards)
    except DeckError as error:
        print(error.report(), file=sys.stderr)
        return 1
    languages = ", ".join(deck.languages)
    print(f"{len(deck.cards)} cards, {len(deck.themes)} themes, {len(deck.sources)} sources "
          f"checked in {len(deck.languages)} languages ({languages}): no problems.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
