"""Finding the right card fast: the situations registry ("Waar sta je voor?" / "What are you
facing?"), its rules with their exact messages, its pages, home-page entry and export on a build
of the fixture deck; and on a card page the way to the previous and next card of its theme."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outreach_cards.deck import load_deck

from .helpers import problems, read_page

SITUATIONS = """\
# yaml-language-server: $schema=../../hooks/outreach_cards/schemas/situations.schema.json
situations:
  - key: contact-valt-weg
    text:
      nl:
        title: Iemand verbreekt steeds het contact
        intro: Blijf contact zoeken.
      en:
        title: Someone keeps breaking off contact
        intro: Keep seeking contact.
    cards: [eerste, tweede]
"""
WHERE = "cards/registries/situations.yaml"


def write(deck_dir: Path, text: str = SITUATIONS) -> None:
    (deck_dir / "registries" / "situations.yaml").write_text(text, encoding="utf-8")


def test_a_situation_in_the_model(deck_dir: Path) -> None:
    write(deck_dir)
    (situation,) = load_deck(deck_dir).situations
    assert situation.key == "contact-valt-weg"
    assert situation.title == {
        "nl": "Iemand verbreekt steeds het contact",
        "en": "Someone keeps breaking off contact",
    }
    assert situation.cards == ("eerste", "tweede")


def test_an_unknown_card(deck_dir: Path) -> None:
    write(deck_dir, SITUATIONS.replace("[eerste, tweede]", "[eerste, twede]"))
    assert problems(deck_dir) == [
        f"{WHERE}:11: field 'situations[0].cards[1]': unknown card 'twede' (not in cards/) — "
        "did you mean 'tweede'?"
    ]


def test_one_card_is_too_few(deck_dir: Path) -> None:
    write(deck_dir, SITUATIONS.replace("[eerste, tweede]", "[eerste]"))
    assert problems(deck_dir) == [
        f"{WHERE}:11: field 'situations[0].cards': needs at least 2 items"
    ]


def test_a_missing_translation(deck_dir: Path) -> None:
    write(
        deck_dir,
        SITUATIONS.replace(
            "      en:\n        title: Someone keeps breaking off contact\n"
            "        intro: Keep seeking contact.\n",
            "",
        ),
    )
    assert problems(deck_dir) == [
        f"{WHERE}:4: field 'situations[0].text': missing the 'en' translation: add text.en"
    ]


def test_a_key_used_twice(deck_dir: Path) -> None:
    entry = SITUATIONS.split("situations:\n", 1)[1]
    write(deck_dir, SITUATIONS + entry)
    assert problems(deck_dir) == [
        f"{WHERE}:12: field 'situations[1].key': 'contact-valt-weg' is already used by "
        "situations[0] on line 3: each key must be unique"
    ]


@pytest.fixture(scope="module")
def situations_site(fixture_deck_site: Path) -> Path:
    """The fixture deck's site (two situations)."""
    return fixture_deck_site


def test_the_situations_on_their_pages_and_the_home_page(situations_site: Path) -> None:
    """Each situation has its page in both languages with its cards in order, each linked to
    the card in the same language; the situations page and the home page link every one."""
    for prefix, first, second, title in (
        (
            "",
            "Iemand verbreekt steeds het contact",
            "Je bent nieuw in outreachend werken",
            "Blijf aanklampen, een testkaart",
        ),
        (
            "en/",
            "Someone keeps breaking off contact",
            "You are new to outreach work",
            "Keep reaching out, a test card",
        ),
    ):
        root = situations_site / prefix
        for page, folder in (
            (root / "index.html", "situaties/"),
            (root / "situaties" / "index.html", ""),
        ):
            keys = {"contact-valt-weg", "nieuw-in-outreach"}
            links = [
                (link.text, link.attrs["href"])
                for link in read_page(page).find("a")
                if link.attrs.get("href", "").rstrip("/").rsplit("/", 1)[-1] in keys
            ]
            assert links == [
                (first, f"{folder}contact-valt-weg/"),
                (second, f"{folder}nieuw-in-outreach/"),
            ], page
        page = read_page(root / "situaties" / "contact-valt-weg" / "index.html")
        assert page.find("h1")[0].text == first
        cards = [
            link.attrs["href"]
            for link in page.find("a")
            if link.attrs["href"].startswith("../../kaarten/")
            and link.attrs["href"] != "../../kaarten/"
        ]
        assert cards == ["../../kaarten/blijf-aanklampen/", "../../kaarten/huisbezoek-als-gast/"]
        assert [link.text for link in page.find("a") if link.attrs["href"] == cards[0]] == [title]


def test_the_situations_in_the_export(situations_site: Path) -> None:
    data = json.loads((situations_site / "en" / "api" / "v1" / "cards.json").read_text())
    assert data["situations"][1] == {
        "key": "nieuw-in-outreach",
        "title": "You are new to outreach work",
        "intro": "A test situation. Start with what outreach is, then go to people.",
        "url": "http://127.0.0.1:8000/en/situaties/nieuw-in-outreach/",
        "cards": ["wat-is-outreach", "naar-mensen-toe", "op-straat-en-online"],
    }


def test_a_card_page_leads_to_the_previous_and_next_card_of_its_theme(
    situations_site: Path,
) -> None:
    """In deck order within the theme: the first card only forward, the last only back, a card
    alone in its theme (blijf-aanklampen) no pager at all."""
    cards = situations_site / "en" / "kaarten"

    def pager(card_id: str) -> list[tuple[str, str, str]]:
        page = read_page(cards / card_id / "index.html")
        return [
            (link.attrs.get("rel", ""), link.text, link.attrs["href"])
            for link in page.find("a")
            if link.inside("oc-card-pager")
        ]

    assert pager("wat-is-outreach") == [
        ("next", "Next card: Going to people as an organisation", "../naar-mensen-toe/")
    ]
    assert pager("naar-mensen-toe") == [
        ("prev", "Previous card: What is outreach? A test card", "../wat-is-outreach/")
    ]
    assert pager("blijf-aanklampen") == []
    nav = read_page(cards / "naar-mensen-toe" / "index.html").find("nav", class_="oc-card-pager")
    assert [element.attrs["aria-label"] for element in nav] == ["Other cards in this theme"]
