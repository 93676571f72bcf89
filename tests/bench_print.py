"""Benchmark of the print step (a script, not a test: the machine is shared and noisy).

    .venv/bin/python -m tests.bench_print [--format A6] [--output results.md]

In one run on one machine it measures:

- the cold render of every PDF in every language (an empty cache), with the CPU time of all
  processes, so the use of both cores shows;
- the time per card page (cards × 2 sides × languages);
- the floor: a bare WeasyPrint render, in one process, of the same number of plain A6 pages
  (a heading and a paragraph each), and the ratio of the cold render to it; and, as context, the
  same floor with the cards' own words on each page (same fonts, no card layout);
- the warm rebuild (nothing changed: nothing is rendered), best of three;
- the rebuild after editing one card's Dutch title (one theme's layout in one language).

It prints a Markdown table (and writes it to --output).
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

from outreach_cards.deck import load_deck
from outreach_cards.model import Deck
from outreach_cards.print.formats import PrintSettings
from outreach_cards.print.layout import fonts_css
from outreach_cards.print.step import render_print

REPO = Path(__file__).resolve().parent.parent


def timed(action) -> tuple[float, object]:
    """(wall seconds, result) of ``action()``."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def plain_pages(count: int) -> str:
    """``count`` plain A6 pages: a heading and a paragraph of about 60 words each."""
    paragraph = "Dit is een gewone alinea op een gewone pagina, zonder opmaak van een kaart. " * 5
    pages = "".join(
        f'<section style="break-after: page"><h1>Pagina {index + 1}</h1>'
        f"<p>{paragraph}</p></section>"
        for index in range(count)
    )
    return f"<style>@page {{ size: A6; margin: 10mm; }}</style>{pages}"


def card_words_pages(deck: Deck) -> tuple[str, int]:
    """Every card side's words on plain A6 pages (same font as the cards, no card layout)."""
    pages = []
    for language in deck.languages:
        for card in deck.cards:
            text = card.text[language]
            pages.append(f"<h1>{html.escape(text.title)}</h1><p>{html.escape(text.front)}</p>")
            back = [f"<p>{html.escape(tip.text)}</p>" for tip in text.tips]
            if card.testimonies:
                back.append(f"<p>{html.escape(card.testimonies[0].quote[language])}</p>")
            back.append(f"<p>{html.escape(text.questions[0])}</p>")
            pages.append(f"<h2>{html.escape(text.title)}</h2>{''.join(back)}")
    body = "".join(f'<section style="break-after: page">{page}</section>' for page in pages)
    style = (
        f"{fonts_css()} @page {{ size: A6; margin: 6mm; }} "
        "body { font-family: 'Atkinson Hyperlegible'; font-size: 9.5pt; }"
    )
    return f"<style>{style}</style>{body}", len(pages)


def bare_render(document: str) -> int:
    from weasyprint import HTML

    rendered = HTML(string=document).render()
    rendered.write_pdf()
    return len(rendered.pages)


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--format", default="A6", choices=["A6", "A7"])
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)

    deck = load_deck(REPO / "cards")
    settings = PrintSettings(args.format, "https://kaarten.example.org/")
    card_pages = len(deck.cards) * 2 * len(deck.languages)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-print-") as folder:
        cache = Path(folder)
        cold_wall, result = timed(lambda: render_print(deck, settings, cache))
        output_pages = sum(file.pages for file in result.files)
        warm = [timed(lambda: render_print(deck, settings, cache))[0] for _ in range(3)]
        card = deck.card("blijf-aanklampen")
        nl = dataclasses.replace(card.text["nl"], title=card.text["nl"].title + " (bewerkt)")
        edited = dataclasses.replace(
            deck,
            cards=tuple(
                dataclasses.replace(card, text={**card.text, "nl": nl})
                if other.id == card.id
                else other
                for other in deck.cards
            ),
        )
        edit_wall, edit_result = timed(lambda: render_print(edited, settings, cache))
    floor_wall, floor_pages = timed(lambda: bare_render(plain_pages(card_pages)))
    words_document, words_pages = card_words_pages(deck)
    words_wall, _ = timed(lambda: bare_render(words_document))
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rows.append(
        (
            "Cards × sides × languages",
            f"{len(deck.cards)} × 2 × {len(deck.languages)} = {card_pages} card pages",
        )
    )
    rows.append(
        ("PDFs made (all kinds, all languages)", f"{len(result.files)} files, {output_pages} pages")
    )
    rows.append(("Cold render, wall", f"{cold_wall:.2f} s"))
    phases = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.phases.items())
    rows.append(("Cold render, phases (wall)", phases))
    # Layouts start while the documents are still being prepared, so they share that time.
    busy = result.phases["prepare"] + result.phases["layout"]
    rows.append(
        (
            "Cold layouts, CPU of the layout workers",
            f"{result.layout_cpu:.2f} s during {busy:.2f} s of preparing and laying out = "
            f"{result.layout_cpu / busy:.2f} cores busy with layouts ({os.cpu_count()} cores)",
        )
    )
    rows.append(("Cold render per card page", f"{1000 * cold_wall / card_pages:.1f} ms"))
    rows.append(
        (
            "Floor: bare WeasyPrint, same number of plain A6 pages (1 process)",
            f"{floor_wall:.2f} s for {floor_pages} pages "
            f"({1000 * floor_wall / floor_pages:.1f} ms a page)",
        )
    )
    rows.append(("**Ratio cold / floor**", f"**{cold_wall / floor_wall:.2f}×**"))
    rows.append(
        (
            "Context: bare WeasyPrint, the cards' own words on plain A6 pages",
            f"{words_wall:.2f} s for {words_pages} pages; ratio cold / this: "
            f"{cold_wall / words_wall:.2f}×",
        )
    )
    rows.append(
        (
            "Warm rebuild (nothing changed), best of 3",
            f"{min(warm):.2f} s ({result.rendered} files made cold, 0 warm)",
        )
    )
    rows.append(
        (
            "Rebuild after one Dutch title edit",
            f"{edit_wall:.2f} s ({edit_result.rendered} files made)",
        )
    )
    rows.append(
        (
            "Peak memory",
            f"{own_peak:.0f} MiB main process, "
            f"{result.worker_peak_mib:.0f} MiB largest layout worker",
        )
    )
    table = "\n".join(
        [
            f"Print step benchmark, {args.format}, {time.strftime('%Y-%m-%d %H:%M')} on "
            f"{platform.machine()} with {os.cpu_count()} cores, Python {platform.python_version()}",
            "",
            "| measure | result |",
            "|---|---|",
            *(f"| {name} | {value} |" for name, value in rows),
        ]
    )
    print(table)
    if args.output:
        args.output.write_text(table + "\n", encoding="utf-8")
    return table


if __name__ == "__main__":
    main()
