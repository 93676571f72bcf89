"""The site in a real Chromium: search, filters, the random card, the language switcher, no-JS."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from outreach_cards.model import Deck

from .helpers import search


@pytest.mark.search
def test_search_aanklampen_finds_the_persistence_card(page) -> None:
    """Searching 'aanklampen' on the Dutch site lists the set named after it ("Intervisie:
    blijven aanklampen", the shorter title), then the persistence card."""
    page.goto("")
    assert search(page, "aanklampen")[:2] == [
        "/sets/intervisie-aanklampen/",
        "/kaarten/blijf-aanklampen/",
    ]


@pytest.mark.search
def test_english_search_finds_the_persistence_card(page) -> None:
    """Searching 'persistence' on the English site lists the English persistence card first."""
    page.goto("en/")
    assert search(page, "persistence")[0] == "/en/kaarten/blijf-aanklampen/"


def test_theme_filter_narrows_the_overview_and_goes_into_the_url(page, deck: Deck) -> None:
    """Choosing a theme shows only its cards, says how many, and puts the choice in the URL."""
    page.goto("kaarten/")
    page.select_option("#oc-filter-theme", "hoe")
    shown = page.locator("li[data-oc-item]:visible")
    expected = [card for card in deck.cards if card.theme == "hoe"]
    assert shown.count() == len(expected)
    assert set(shown.evaluate_all("els => els.map(e => e.dataset.theme)")) == {"hoe"}
    assert (
        page.locator("[data-oc-count]").text_content()
        == f"{len(expected)} van {len(deck.cards)} kaarten"
    )
    assert urlsplit(page.url).query == "theme=hoe"


def test_filters_are_read_from_the_url(page, deck: Deck) -> None:
    """A shared link with ?audience=organisation opens the overview with that filter set."""
    page.goto("kaarten/?audience=organisation")
    expected = {card.id for card in deck.cards if card.audience in ("organisation", "both")}
    links = page.locator("li[data-oc-item]:visible a:not(.oc-term)")  # (not the glossary)
    shown = {
        urlsplit(href).path.strip("/").split("/")[-1]
        for href in links.evaluate_all("els => els.map(e => e.href)")
    }
    assert shown == expected
    assert page.locator("#oc-filter-audience").input_value() == "organisation"


def test_draw_a_card_stays_within_the_filter(page, deck: Deck) -> None:
    """'Trek een kaart' opens a random card of the chosen theme, every time."""
    allowed = {f"/kaarten/{card.id}/" for card in deck.cards if card.theme == "waar"}
    for _ in range(4):
        page.goto("kaarten/?theme=waar")
        page.click("[data-oc-draw]")
        page.wait_for_url("**/kaarten/*/")
        assert urlsplit(page.url).path in allowed


def test_testimonies_filter_by_speaker_role(page, deck: Deck) -> None:
    """On the testimonies page, choosing a speaker role shows only that role's quotations."""
    page.goto("getuigenissen/")
    page.select_option("#oc-filter-speaker", "social-professional")
    expected = sum(
        1 for card in deck.cards for t in card.testimonies if t.speaker == "social-professional"
    )
    assert page.locator("[data-oc-item]:visible").count() == expected
    assert page.locator("#speaker-person-in-poverty").is_hidden()


def test_language_switcher_opens_the_same_card_in_english(page) -> None:
    """Picking English in the language menu of a Dutch card opens that card in English."""
    page.goto("kaarten/blijf-aanklampen/")
    page.hover(".md-select")
    page.click('a[hreflang="en"]')
    page.wait_for_url("**/en/kaarten/blijf-aanklampen/")
    assert page.locator("h1").text_content() == "Keep reaching out, without pushing"


def test_without_javascript_every_card_is_listed(browser, site_url: str, deck: Deck) -> None:
    """With JavaScript off the filter form stays hidden and the overview lists every card."""
    context = browser.new_context(java_script_enabled=False, base_url=site_url)
    page = context.new_page()
    page.goto("kaarten/")
    assert page.locator("form.oc-filters").is_hidden()
    assert page.locator("li[data-oc-item]:visible").count() == len(deck.cards)
    context.close()
