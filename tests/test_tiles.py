"""The deck as cards in Chromium: tiles in their theme's colour on the overview, the theme pages
and the sets (one column on a phone, a grid on wider screens, the whole tile one link, readable
in both colour schemes), compact filters with the count above them, and "draw a card" that
gives every card of the filter once before any comes again."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from outreach_cards.model import Deck

PHONES = (320, 390)

# The colours Chromium computed for each visible tile: its background, and the colour of each
# of its texts; the number of links in it; its left edge.
TILES = """els => els.map(li => {
  const link = li.querySelector('a.oc-tile');
  const style = getComputedStyle(link);
  return {
    theme: li.style.getPropertyValue('--oc-theme').trim(),
    background: style.backgroundColor,
    texts: [...link.querySelectorAll('span')].map(s => getComputedStyle(s).color),
    links: li.querySelectorAll('a').length,
    left: Math.round(link.getBoundingClientRect().left),
    width: Math.round(link.getBoundingClientRect().width),
    tileWidth: Math.round(li.getBoundingClientRect().width),
  };
})"""


def rgb(colour: str) -> tuple[int, int, int]:
    """'#1d5b86' or 'rgb(29, 91, 134)' as a triple."""
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    parts = colour[colour.index("(") + 1 : colour.index(")")].split(",")
    return tuple(int(float(part)) for part in parts[:3])  # type: ignore[return-value]


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """The WCAG 2 contrast ratio of two sRGB colours."""

    def luminance(colour: tuple[int, int, int]) -> float:
        channels = []
        for value in colour:
            c = value / 255
            channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture
def phone(browser, site_url: str):
    """A page 390 px wide, as on a phone."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=site_url)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_every_tile_is_one_link_in_its_theme_colour_and_readable(
    page, deck: Deck, scheme: str
) -> None:
    """Each card of the overview is a tile with its theme's colour behind white text (at least
    4.5:1), in the light and the dark scheme; the tile holds exactly one link."""
    page.goto("kaarten/")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    tiles = page.locator("li.oc-tile-item").evaluate_all(TILES)
    assert len(tiles) == len(deck.cards)
    colours = {card.id: deck.theme(card.theme).colour for card in deck.cards}
    assert sorted(tile["theme"].lower() for tile in tiles) == sorted(
        colour.lower() for colour in colours.values()
    )
    for tile in tiles:
        assert tile["links"] == 1
        assert rgb(tile["background"]) == rgb(tile["theme"])
        assert len(tile["texts"]) >= 4  # number, theme, title, front
        for text in tile["texts"]:
            assert contrast(rgb(text), rgb(tile["background"])) >= 4.5, (tile, text)


@pytest.mark.parametrize("width", PHONES)
def test_one_column_on_a_phone(browser, site_url: str, deck: Deck, width: int) -> None:
    """At 320 and 390 px every tile starts at the same left edge and fills its row."""
    context = browser.new_context(viewport={"width": width, "height": 800}, base_url=site_url)
    page = context.new_page()
    try:
        page.goto("kaarten/")
        tiles = page.locator("li.oc-tile-item").evaluate_all(TILES)
        assert len(tiles) == len(deck.cards)
        assert len({tile["left"] for tile in tiles}) == 1
        assert all(tile["width"] == tile["tileWidth"] for tile in tiles)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_a_grid_on_a_wide_screen(page, deck: Deck) -> None:
    """At 1280 px the tiles of a theme sit side by side."""
    page.goto("kaarten/")
    tiles = page.locator("li.oc-tile-item").evaluate_all(TILES)
    assert len({tile["left"] for tile in tiles}) >= 2


def test_compact_filters_with_the_count_above_the_tiles(phone, deck: Deck) -> None:
    """On a phone the filters and the count come first, take less than half the screen, and the
    count is there from the first paint (written in the page, not only by the script)."""
    phone.goto("kaarten/")
    form = phone.locator("form.oc-filters").bounding_box()
    first_tile = phone.locator("li.oc-tile-item").first.bounding_box()
    assert form is not None and first_tile is not None
    assert form["y"] + form["height"] <= first_tile["y"]
    assert form["height"] < 844 / 2
    total = len(deck.cards)
    assert phone.locator("[data-oc-count]").text_content() == f"{total} van {total} kaarten"
    phone.select_option("#oc-filter-theme", "wat")
    shown = len(deck.cards_in_theme("wat"))
    assert phone.locator("[data-oc-count]").text_content() == f"{shown} van {total} kaarten"
    assert phone.locator("li.oc-tile-item:visible").count() == shown


def test_theme_and_set_pages_show_their_cards_as_tiles(page, deck: Deck) -> None:
    """A theme page's tiles are its cards in deck order; a set's are its reading path."""
    theme = deck.themes[0]
    page.goto(f"themas/{theme.key}/")
    hrefs = page.locator("a.oc-tile").evaluate_all("els => els.map(e => e.href)")
    assert [urlsplit(href).path for href in hrefs] == [
        f"/kaarten/{card.id}/" for card in deck.cards_in_theme(theme.key)
    ]
    card_set = deck.sets[0]
    page.goto(f"sets/{card_set.id}/")
    hrefs = page.locator("ol.oc-tiles a.oc-tile").evaluate_all("els => els.map(e => e.href)")
    assert [urlsplit(href).path for href in hrefs] == [
        f"/kaarten/{card_id}/" for card_id in card_set.cards
    ]


def test_draw_gives_every_card_of_the_filter_once_before_any_again(page, deck: Deck) -> None:
    """With the theme "waar" chosen, as many draws as it has cards open each of them once; the
    next draw starts a new round, not with the card drawn last."""
    allowed = [f"/kaarten/{card.id}/" for card in deck.cards_in_theme("waar")]
    drawn = []
    for _ in range(len(allowed) + 1):
        page.goto("kaarten/?theme=waar")
        page.click("[data-oc-draw]")
        page.wait_for_url("**/kaarten/*/")
        drawn.append(urlsplit(page.url).path)
    assert sorted(drawn[:-1]) == sorted(allowed)
    assert drawn[-1] in allowed and drawn[-1] != drawn[-2]
    # The round is this tab's only: a new tab starts afresh (sessionStorage, not localStorage).
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('draw'))") == []


def test_without_javascript_the_tiles_are_plain_links_under_their_theme(
    browser, site_url: str, deck: Deck
) -> None:
    """With JavaScript off the filters stay hidden and every card is a link under its
    theme's heading, in deck order."""
    context = browser.new_context(java_script_enabled=False, base_url=site_url)
    page = context.new_page()
    try:
        page.goto("kaarten/")
        assert page.locator("form.oc-filters").is_hidden()
        for theme in deck.themes:
            cards = deck.cards_in_theme(theme.key)
            group = page.locator("section[data-oc-group]").filter(
                has=page.locator(f"h2#theme-{theme.key}")
            )
            hrefs = group.locator("a.oc-tile:visible").evaluate_all("els => els.map(e => e.href)")
            assert [urlsplit(href).path for href in hrefs] == [
                f"/kaarten/{card.id}/" for card in cards
            ], theme.key
    finally:
        context.close()
