"""``outreach-cards check``: validate the cards without building the site."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import yaml

from .check.completeness import completeness, completeness_table
from .check.context import CheckContext
from .check.reading import formula_for, front_figures, no_formula
from .deck import load_deck_with_advice
from .load.files import read_deck_files
from .load.format import FormatRefused, changed_files, fix_file
from .model import Deck
from .problems import DeckError, Problem


def reading_table(deck: Deck) -> str:
    """Per card and language: words per sentence, longest sentence and readability of the front."""
    header = ["card"] + [
        f"{column} ({language})"
        for language in deck.languages
        for column in ("words/sentence", "longest", "readability")
    ]
    rows = [header]
    for card in deck.cards:
        row = [card.id]
        for language in deck.languages:
            figures = front_figures(card, language)
            readability = "-" if figures.readability is None else f"{figures.readability:.1f}"
            row += [f"{figures.words_per_sentence:.1f}", str(figures.longest_sentence), readability]
        rows.append(row)
    widths = [max(len(row[index]) for row in rows) for index in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if index == 0 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    )


def reading_summary(deck: Deck) -> str:
    """One line per language: the deck's average and weakest front-text figures (the score by
    the language's formula, or why there is none)."""
    lines = []
    for language in deck.languages:
        # A card not yet translated holds the default language's text: not this language's.
        figures = [
            front_figures(card, language)
            for card in deck.cards
            if language not in card.untranslated
        ]
        if not figures:
            continue
        average = sum(f.words_per_sentence for f in figures) / len(figures)
        formula = formula_for(language)
        score = (
            f"; {no_formula(language)}"
            if formula is None
            else f", {formula.name} {min(f.readability for f in figures):.1f} at the lowest"
        )
        lines.append(
            f"Front text ({language}): {average:.1f} words per sentence on average, longest "
            f"sentence {max(f.longest_sentence for f in figures)} words{score}."
        )
    return "\n".join(lines)


def coverage_summary(deck: Deck) -> str:
    """How many source sections the cards cover, naming those no card covers yet."""
    covering = deck.covering()
    uncovered = [section for section, cards in covering.items() if not cards]
    line = f"Coverage: {len(covering) - len(uncovered)} of {len(covering)} source sections covered"
    return line + (f"; not yet: {', '.join(uncovered)}." if uncovered else ".")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``outreach-cards`` command. Its output piped into a command that
    stops reading early (``| head``) ends it quietly, without a traceback."""
    try:
        return _main(argv)
    except BrokenPipeError:
        # Python would report the pipe again when it flushes stdout at exit: point it at nothing
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="outreach-cards", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate every card and registry, build nothing")
    check.add_argument(
        "cards", nargs="?", default="cards", type=Path, help="the deck folder (default: cards)"
    )
    check.add_argument(
        "--reading",
        action="store_true",
        help="also print the reading-level figures of every card's front text",
    )
    check.add_argument(
        "--print",
        action="store_true",
        dest="print_cards",
        help="also lay out every printed card and report text that does not fit",
    )
    check.add_argument(
        "--format",
        default="A6",
        choices=["A6", "A7"],
        help="card format for --print (default: A6, as in mkdocs.yml)",
    )
    check.add_argument(
        "--fix",
        action="store_true",
        help="first put the files the web editor wrote back into our files' shape (see fix)",
    )
    fix = commands.add_parser(
        "fix",
        help="put deck files the web editor rewrote back into our files' shape: the schema "
        "line, comments, key order and styles of their committed version",
    )
    fix.add_argument(
        "files", nargs="*", type=Path, help="the files (default: the deck's changed files)"
    )
    fix.add_argument("--cards", default="cards", type=Path, help="the deck folder (default: cards)")
    args = parser.parse_args(argv)

    if args.command == "fix":
        return fix_files(args.cards, args.files)
    if not args.cards.is_dir():
        print(f"outreach-cards: no deck folder at '{args.cards}'", file=sys.stderr)
        return 2
    if args.fix and fix_files(args.cards, []) != 0:
        return 1
    try:
        deck, advice = load_deck_with_advice(args.cards)
    except DeckError as error:
        print(error.report(), file=sys.stderr)
        return 1
    languages = ", ".join(deck.languages)
    print(
        f"{len(deck.cards)} cards, {len(deck.themes)} themes, {len(deck.sources)} sources "
        f"checked in {len(deck.languages)} languages ({languages}): no problems."
    )
    if any(language.in_progress for language in deck.vocabularies.languages):
        # Read again (a few milliseconds): load_deck keeps the files to itself, and the
        # table is wanted only while a language is being translated.
        print(completeness_table(completeness(CheckContext(read_deck_files(args.cards)))))
    if args.reading:
        print(reading_table(deck))
    print(reading_summary(deck))
    print(coverage_summary(deck))
    if advice:
        print(advice_report(advice, args.cards.resolve().parent), file=sys.stderr)
    if args.print_cards:
        return check_print(deck, args.cards, args.format)
    return 0


def fix_files(cards_dir: Path, files: list[Path]) -> int:
    """``outreach-cards fix``: each file (or each changed file of the deck) written in the
    shape of our files; a file that cannot be is named and left as it is."""
    if not cards_dir.is_dir():
        print(f"outreach-cards: no deck folder at '{cards_dir}'", file=sys.stderr)
        return 2
    failed = fixed = 0
    for path in files or changed_files(cards_dir):
        try:
            if fix_file(path, cards_dir):
                fixed += 1
                print(f"Fixed {path}")
        except FormatRefused as error:
            failed += 1
            print(error, file=sys.stderr)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            failed += 1
            where = getattr(error, "problem_mark", None)
            line = f":{where.line + 1}" if where is not None else ""
            problem = getattr(error, "problem", None) or error
            print(
                f"{path}{line}: cannot be read as YAML ({problem}); left as it is", file=sys.stderr
            )
    noun = "file" if fixed == 1 else "files"
    print(f"fix: {fixed} {noun} put back into shape." if fixed else "fix: nothing to put back.")
    return 1 if failed else 0


def advice_report(advice: list[Problem], root: Path) -> str:
    """The advice, one line per item like a problem's (paths relative to ``root``), then a
    count that says the deck still passes."""
    lines = [item.format(root) for item in advice]
    noun = "piece" if len(advice) == 1 else "pieces"
    lines.append(f"{len(advice)} {noun} of advice (not problems: the deck passes).")
    return "\n".join(lines)


def print_cache(cards_dir: Path) -> Path:
    """The PDF cache the build uses: OUTREACH_CARDS_CACHE when set, else .cache/print/ beside
    the deck folder (where mkdocs.yml is), as in hooks/cards.py."""
    from .print.cache import cache_folder

    return cache_folder(cards_dir.resolve().parent)


def check_print(deck: Deck, cards_dir: Path, card_format: str) -> int:
    """Lay out every card in every language (using the build's PDF cache) and report overflow."""
    from .print.formats import PrintSettings
    from .print.results import PrintError
    from .print.step import render_print
    from .settings import brand_from_config_file

    cache = print_cache(cards_dir)
    try:
        brand = brand_from_config_file(
            cards_dir.resolve().parent / "mkdocs.yml", deck.default_language
        )
        result = render_print(
            deck,
            PrintSettings(format=card_format, brand=brand),
            cache,
            log=lambda message: print(message, file=sys.stderr),
        )
    except PrintError as error:
        print(error.report(), file=sys.stderr)
        return 1
    print(
        f"Print: every card fits its {card_format} front and back in "
        f"{len(deck.languages)} languages ({len(result.files)} PDFs)."
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
