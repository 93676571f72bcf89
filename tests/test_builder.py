"""The deck builder (/samenstellen/) in a real Chromium: the address holds the choice
(?cards=<id>,...&format=a6|a7&layout=cards|sheets), the page turns it into a print layout, and
Chromium's "Save as PDF" gives exactly the cards asked for, on pages of the right size."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path
from urllib.parse import quote, urlsplit

import pikepdf
import pytest

from outreach_cards.locales import labels_for
from outreach_cards.model import Deck

from .helpers import A4, A6, A7, pages_text, region_text, size

# The sheet geometry of print.formats.FORMATS, in millimetres: cards across and down an A4 sheet,
# and the cell a card takes (A7 cards stand turned a quarter).
SHEETS = {
    "a6": {"columns": 2, "rows": 2, "cell": (105, 148)},
    "a7": {"columns": 2, "rows": 4, "cell": (105, 74)},
}

# Where each chosen card is in the print layout, as Chromium lays it out for print: the card
# id, and on a sheet also the side and the cell (row, column).
PRINTED_CARDS = """() => [...document.querySelectorAll('.oc-print-layout [data-card]')]
  .filter(card => card.checkVisibility())
  .map(card => {
    const sheet = card.closest('.oc-sheet');
    if (!sheet) return [card.dataset.card];
    const box = card.getBoundingClientRect(), frame = sheet.getBoundingClientRect();
    const mm = frame.width / 210;
    const cell = sheet.dataset.format === 'a7' ? [105, 74] : [105, 148];
    const rows = 297 / cell[1] | 0;
    const top = (297 - rows * cell[1]) / 2;
    return [card.dataset.card, sheet.dataset.side,
            Math.round(((box.top - frame.top) / mm - top) / cell[1]),
            Math.round((box.left - frame.left) / mm / cell[0])];
  })"""


def chosen(deck: Deck, count: int) -> list[str]:
    """``count`` card ids spread over the deck, not in deck order (the print order is the
    order picked)."""
    ids = [card.id for card in reversed(deck.cards)][::5] + [card.id for card in deck.cards][1::7]
    unique = list(dict.fromkeys(ids))
    assert len(unique) >= count
    return unique[:count]


def address(language: str, ids: list[str], fmt: str, layout: str) -> str:
    """The builder's address for a choice, with the commas URL-encoded (as a browser may
    send them)."""
    prefix = "" if language == "nl" else f"{language}/"
    cards = quote(",".join(ids), safe="")
    return f"{prefix}samenstellen/?cards={cards}&format={fmt}&layout={layout}"


def choice(ids: list[str], fmt: str = "a6", layout: str = "cards") -> str:
    """The query the builder writes for a choice (the commas left readable)."""
    cards = f"cards={','.join(ids)}&" if ids else ""
    return f"{cards}format={fmt}&layout={layout}"


def printed_cards(page) -> list[list]:
    """What Chromium would print (see PRINTED_CARDS), read with the print media emulated."""
    page.emulate_media(media="print")
    try:
        return page.evaluate(PRINTED_CARDS)
    finally:
        page.emulate_media(media="null")


def save_pdf(page, tmp_path: Path) -> Path:
    """Chromium's "Save as PDF" with the page sizes of the CSS."""
    target = tmp_path / "printed.pdf"
    target.write_bytes(page.pdf(prefer_css_page_size=True))
    return target


def assert_page_sizes(path: Path, expected: tuple[float, float], count: int) -> None:
    with pikepdf.open(path) as pdf:
        sizes = [size(printed) for printed in pdf.pages]
    assert len(sizes) == count
    for width, height in sizes:
        assert abs(width - expected[0]) < 1 and abs(height - expected[1]) < 1, (width, height)


def folded(text: str) -> str:
    """Text as the builder's search compares it: no accents, lower case, spaces folded."""
    text = unicodedata.normalize("NFD", " ".join(text.split()))
    return "".join(char for char in text if not unicodedata.combining(char)).lower()


def query(page) -> str:
    return urlsplit(page.url).query


@pytest.mark.parametrize("language, fmt, count", [("nl", "a7", 3), ("en", "a6", 2)])
def test_single_cards_print_front_and_back_on_pages_of_the_card_size(
    page, deck: Deck, language: str, fmt: str, count: int, tmp_path: Path
) -> None:
    """?cards=a,b,c&format=a7&layout=cards prints those cards in that order, front then back,
    each side on a page of the card's size: 2 pages a card and nothing else."""
    ids = chosen(deck, count)
    page.goto(address(language, ids, fmt, "cards"))
    labels = labels_for(language)
    assert printed_cards(page) == [[card_id] for card_id in ids]
    assert (
        page.locator(".oc-print-layout article").evaluate_all(
            "cards => cards.map(card => [card.lang, card.className])"
        )
        == [[language, f"oc-print-card oc-{fmt}"]] * count
    )
    size_label = labels[f"builder_format_{fmt}"]
    assert page.locator("[data-oc-summary]").text_content() == labels[
        "builder_summary_cards"
    ].format(pages=2 * count, size=size_label)
    pdf = save_pdf(page, tmp_path)
    assert_page_sizes(pdf, {"a6": A6, "a7": A7}[fmt], 2 * count)
    texts = pages_text(pdf)
    for index, card_id in enumerate(ids):
        title = deck.card(card_id).text[language].title
        assert title in texts[2 * index] and title in texts[2 * index + 1], (index, card_id)
    assert not any(
        labels["builder_title"] in text or labels["builder_print"] in text for text in texts
    )
    # the Print button opens the browser's print dialog (stubbed: headless has none)
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    page.click("[data-oc-print]")
    assert page.evaluate("window.printed") == 1


# The fold-over sheets (print/assemble.py fold_layout): A6 two pairs on a portrait A4, A7 four
# on a landscape A4; the page size, pairs across and down, the card's size.
FOLD = {
    "a6": {"page": A4, "across": 1, "down": 2, "card": (105, 148), "width": 210, "height": 297},
    "a7": {
        "page": (A4[1], A4[0]),
        "across": 2,
        "down": 2,
        "card": (74, 105),
        "width": 297,
        "height": 210,
    },
}
FOLDED_CARDS = """() => [...document.querySelectorAll('.oc-print-layout .oc-sheet [data-card]')]
  .filter(card => card.checkVisibility())
  .map(card => {
    const sheet = card.closest('.oc-sheet');
    const box = card.getBoundingClientRect(), frame = sheet.getBoundingClientRect();
    const mm = frame.width / (sheet.classList.contains('oc-landscape') ? 297 : 210);
    return [card.dataset.card, card.dataset.side,
            Math.round((box.left - frame.left) / mm), Math.round((box.top - frame.top) / mm)];
  })"""


@pytest.mark.parametrize("language, fmt, count", [("nl", "a6", 3), ("en", "a7", 5)])
def test_cards_on_sheets_to_fold_print_front_and_back_side_by_side(
    page, deck: Deck, language: str, fmt: str, count: int, tmp_path: Path
) -> None:
    """layout=fold puts each card's front and back side by side on single-sided A4 (2 cards
    a portrait sheet in A6, 4 a landscape sheet in A7), as the print step's fold-over deck:
    ceil(n / per sheet) pages, every side in its place (mm from the sheet's top left), the
    titles in the PDF's text where the sides are."""
    ids = chosen(deck, count)
    fold = FOLD[fmt]
    per_sheet = fold["across"] * fold["down"]
    width, height = fold["card"]
    left = (fold["width"] - fold["across"] * 2 * width) / 2
    top = (fold["height"] - fold["down"] * height) / 2
    page.goto(address(language, ids, fmt, "fold"))
    expected = []
    for index, card_id in enumerate(ids):
        row, column = divmod(index % per_sheet, fold["across"])
        for half, side in enumerate(("front", "back")):
            x = left + (2 * column + half) * width
            expected.append([card_id, side, round(x), round(top + row * height)])
    assert printed_cards_folded(page) == expected
    labels = labels_for(language)
    sheets = math.ceil(count / per_sheet)
    assert page.locator("[data-oc-summary]").text_content() == labels[
        "builder_summary_fold"
    ].format(pages=sheets)
    assert page.locator(".oc-sheet .oc-fold-mark").count() == 2 * fold["across"] * sheets
    pdf = save_pdf(page, tmp_path)
    assert_page_sizes(pdf, fold["page"], sheets)
    for index, card_id in enumerate(ids):
        number = index // per_sheet + 1
        row, column = divmod(index % per_sheet, fold["across"])
        for half in (0, 1):
            text = region_text(
                pdf,
                number,
                left + (2 * column + half) * width + 2,
                top + row * height + 2,
                width - 4,
                height - 4,
            )
            assert deck.card(card_id).text[language].title in text, (card_id, half)


def printed_cards_folded(page) -> list[list]:
    page.emulate_media(media="print")
    try:
        return page.evaluate(FOLDED_CARDS)
    finally:
        page.emulate_media(media="null")


@pytest.mark.parametrize("language, fmt, count", [("nl", "a6", 5), ("en", "a7", 9)])
def test_cards_on_a4_sheets_print_fronts_then_mirrored_backs(
    page, deck: Deck, language: str, fmt: str, count: int, tmp_path: Path
) -> None:
    """layout=sheets puts 4 (A6) or 8 (A7) cards on an A4 page of fronts, then a page of
    backs with the columns swapped (long-edge duplex): 2 × ceil(n / per sheet) A4 pages, every
    card in its cell, as in the print step's A4 PDF."""
    ids = chosen(deck, count)
    sheet = SHEETS[fmt]
    per_sheet = sheet["columns"] * sheet["rows"]
    sheets = math.ceil(count / per_sheet)
    page.goto(address(language, ids, fmt, "sheets"))
    expected, pages = [], []  # pages: per PDF page, {(row, column): card id}
    for start in range(0, count, per_sheet):
        for side in ("front", "back"):
            pages.append({})
            for index, card_id in enumerate(ids[start : start + per_sheet]):
                row, column = divmod(index, sheet["columns"])
                if side == "back":
                    column = sheet["columns"] - 1 - column
                expected.append([card_id, side, row, column])
                pages[-1][row, column] = card_id
    assert printed_cards(page) == expected
    labels = labels_for(language)
    assert page.locator("[data-oc-summary]").text_content() == labels[
        "builder_summary_sheets"
    ].format(pages=2 * sheets, sheets=sheets)

    pdf = save_pdf(page, tmp_path)
    assert_page_sizes(pdf, A4, 2 * sheets)
    # each card's title in its cell of the PDF (fronts and backs both show it); empty cells empty
    width, height = sheet["cell"]
    top = (297 - sheet["rows"] * height) / 2
    for number, cells in enumerate(pages, start=1):
        for row in range(sheet["rows"]):
            for column in range(sheet["columns"]):
                text = region_text(
                    pdf, number, column * width + 2, top + row * height + 2, width - 4, height - 4
                )
                card_id = cells.get((row, column))
                if card_id is None:
                    assert text == "", (number, row, column)
                else:
                    assert deck.card(card_id).text[language].title in text, (number, card_id)
    assert not any(labels["builder_title"] in text for text in pages_text(pdf))


def test_picking_by_checkbox_filter_and_search_updates_the_address(page, deck: Deck) -> None:
    """Each pick changes the address at once: a checkbox adds its card at the end, "pick all
    shown" adds the filtered or searched cards in deck order, the buttons reorder and remove,
    and the format and layout choices follow."""
    labels = labels_for("nl")
    total = len(deck.cards)
    page.goto("samenstellen/")
    assert query(page) == ""
    assert page.locator("[data-oc-summary]").text_content() == labels["builder_summary_none"]
    assert page.locator("[data-oc-print]").is_disabled()

    first = next(card for card in deck.cards if card.theme != "hoe")
    page.check(f"#oc-pick-{first.id}")
    assert query(page) == choice([first.id])
    assert page.locator("[data-oc-count]").text_content() == labels["builder_count"].format(
        n=1, total=total
    )
    assert page.locator("[data-oc-print]").is_enabled()

    # a filter, then "pick all shown"
    page.select_option("#oc-builder-theme", "hoe")
    theme = [card.id for card in deck.cards_in_theme("hoe")]
    assert page.locator("[data-oc-shown]").text_content() == labels["filter_count"].format(
        n=len(theme), total=total
    )
    assert query(page) == choice([first.id])  # filters are not kept
    page.click("[data-oc-select-shown]")
    picked = [first.id, *theme]
    assert query(page) == choice(picked)
    assert page.locator("[data-oc-count]").text_content() == labels["builder_count"].format(
        n=len(picked), total=total
    )

    # clear, then search (title and front, case and accents ignored)
    page.click("[data-oc-clear]")
    assert query(page) == choice([])
    page.select_option("#oc-builder-theme", "")
    page.fill("#oc-builder-search", "AANKLAMPEN")
    found = [
        card.id
        for card in deck.cards
        if "aanklampen" in folded(f"{card.text['nl'].title} {card.text['nl'].front}")
    ]
    assert found
    assert (
        page.locator("li[data-oc-item]:visible").evaluate_all(
            "items => items.map(item => item.dataset.ocItem)"
        )
        == found
    )
    page.click("[data-oc-select-shown]")
    assert query(page) == choice(found)

    # one by one, then reorder with the keyboard-reachable buttons
    page.fill("#oc-builder-search", "")
    extra = next(card.id for card in deck.cards if card.id not in found)
    page.check(f"#oc-pick-{extra}")
    picked = [*found, extra]
    page.click(f"[data-oc-chosen] button[data-oc-action='up'][data-oc-id='{extra}']")
    picked[-2:] = picked[-1], picked[-2]
    assert query(page) == choice(picked)
    assert page.evaluate("document.activeElement.dataset.ocId") == extra
    # removing the last card puts the keyboard on the card before it
    page.click(f"[data-oc-chosen] button[data-oc-action='remove'][data-oc-id='{picked[-1]}']")
    picked = picked[:-1]
    assert query(page) == choice(picked)
    assert page.evaluate(
        "[document.activeElement.dataset.ocAction, document.activeElement.dataset.ocId]"
    ) == ["remove", extra]
    page.uncheck(f"#oc-pick-{extra}")
    picked.remove(extra)
    assert query(page) == choice(picked)

    # format and layout
    page.check("#oc-builder-format-a7")
    page.check("#oc-builder-layout-sheets")
    assert query(page) == choice(picked, "a7", "sheets")


def test_unknown_cards_and_choices_in_the_address_are_reported(page, deck: Deck) -> None:
    """Ids that are no card, and a format or layout that does not exist, are named on the page;
    the known cards are chosen, and the defaults used."""
    labels = labels_for("nl")
    first, second, third = chosen(deck, 3)
    wrong = f"cards={first},bestaat-niet,{second},ook-niet&format=a5&layout=poster"
    page.goto(f"samenstellen/?{wrong}")
    problems = page.locator("[data-oc-problems]")
    assert problems.is_visible()
    assert problems.locator("p:not(.admonition-title)").all_text_contents() == [
        labels["builder_unknown_cards"].format(ids="bestaat-niet, ook-niet"),
        labels["builder_unknown_format"].format(value="a5", chosen="A6"),
        labels["builder_unknown_layout"].format(
            value="poster", chosen=labels["builder_layout_cards_name"]
        ),
    ]
    assert printed_cards(page) == [[first], [second]]
    assert query(page) == wrong  # the address is kept until the reader changes something
    page.check(f"#oc-pick-{third}")
    assert query(page) == choice([first, second, third])
    assert problems.is_visible()


def test_a_correct_address_reports_nothing(page, deck: Deck) -> None:
    """A valid address shows no problem box."""
    page.goto(address("nl", chosen(deck, 2), "a6", "sheets"))
    assert page.locator("[data-oc-problems]").is_hidden()


def test_the_language_choice_keeps_the_selection(page, deck: Deck) -> None:
    """The builder's language link and the header's language menu lead to the other language's
    builder with the same address query; there the same cards are chosen, in that language."""
    ids = chosen(deck, 2)
    kept = choice(ids, "a7", "sheets")
    page.goto(f"samenstellen/?{kept}")
    assert (
        page.locator("a[data-oc-language]").get_attribute("href") == f"../en/samenstellen/?{kept}"
    )
    assert (
        page.locator(".md-select__link[hreflang='en']").get_attribute("href")
        == f"../en/samenstellen/?{kept}"
    )
    page.click("a[data-oc-language]")
    page.wait_for_url("**/en/samenstellen/?*")
    assert (urlsplit(page.url).path, query(page)) == ("/en/samenstellen/", kept)
    assert page.locator("[data-oc-count]").text_content() == labels_for("en")[
        "builder_count"
    ].format(n=2, total=len(deck.cards))
    assert page.locator("#oc-builder-format-a7").is_checked()
    assert page.locator("#oc-builder-layout-sheets").is_checked()
    assert [page.locator(f"#oc-pick-{card_id}").is_checked() for card_id in ids] == [True, True]
    assert set(
        page.locator(".oc-print-layout article").evaluate_all(
            "cards => cards.map(card => card.lang)"
        )
    ) == {"en"}

    # and back through the header's language menu
    page.hover(".md-header__option .md-select")
    page.click(".md-select__link[hreflang='nl']")
    page.wait_for_url("**/samenstellen/?*")
    assert (urlsplit(page.url).path, query(page)) == ("/samenstellen/", kept)


def test_without_javascript_the_page_points_to_the_ready_pdfs(browser, site_url: str) -> None:
    """Without JavaScript the builder stays hidden, no card layout shows, and a note links the
    print page with the ready-made PDFs."""
    context = browser.new_context(java_script_enabled=False, base_url=site_url)
    page = context.new_page()
    try:
        for prefix, language in (("", "nl"), ("en/", "en")):
            page.goto(f"{prefix}samenstellen/?cards=blijf-aanklampen")
            note = page.locator(".oc-builder-nojs")
            assert note.is_visible()
            assert note.text_content() == (
                f"{labels_for(language)['builder_nojs']} "
                f"{labels_for(language)['print_page_title']}."
            )
            assert note.locator("a").get_attribute("href") == "../afdrukken/"
            assert page.locator("form[data-oc-builder]").is_hidden()
            assert page.locator("[data-card]:visible").count() == 0
    finally:
        context.close()
