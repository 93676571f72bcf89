"""Links in texts: a web address, an e-mail address, a phone number or another card; one test
per rule, with the exact message. (The links on the built pages and printed cards are tested
in test_reuse.py, on the fixture deck's build.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach_cards import urls
from outreach_cards.check.links import links
from outreach_cards.deck import load_deck

from .helpers import problems, replace_in, write_redirects

TIP = "text: Een tip voor de professional."
WHERE = "cards/eerste.yaml:16: field 'text.nl.tips[0].text': the link"
KINDS = (
    "a web address (https://…), an e-mail address (mailto:…), a phone number (tel:+32…) or "
    "another card (card:<id>)"
)


def _tip(deck_dir: Path, markdown: str) -> None:
    replace_in(deck_dir / "eerste.yaml", TIP, f"text: 'Een tip: {markdown}.'")


@pytest.mark.parametrize(
    "markdown",
    [
        "[de gids](https://www.example.be/gids?deel=2#tips)",
        "[de gids](http://example.be)",
        "<https://www.vlaanderen.be/leefloon>",
        "[mail ons](mailto:info@example.be?subject=Kaarten)",
        "[bel](tel:+3292661234)",
        "[bel](tel:09-266.12.34)",
        "[lees ook](card:tweede)",
        "![een beeld](https://example.be/beeld.png)",
        "[de gids][gids]\n\n      [gids]: https://example.be/gids",
    ],
)
def test_allowed_links_pass(deck_dir: Path, markdown: str) -> None:
    if "\n" in markdown:
        replace_in(
            deck_dir / "eerste.yaml",
            f"      - for: professional\n        {TIP}",
            (
                "      - for: professional\n        text: |\n          Een tip: "
                + markdown.replace("\n      ", "\n          ")
            ),
        )
    else:
        _tip(deck_dir, markdown)
    assert load_deck(deck_dir).card("eerste")


def test_a_link_to_a_path_on_a_site(deck_dir: Path) -> None:
    _tip(deck_dir, "[lees ook](../tweede/)")
    assert problems(deck_dir) == [
        f"{WHERE} '../tweede/' is not a kind of link a card may have: use {KINDS}"
    ]


@pytest.mark.parametrize("address", ["ftp://example.be/x", "data:text/html,x", "file:///etc"])
def test_another_scheme(deck_dir: Path, address: str) -> None:
    _tip(deck_dir, f"[x]({address})")
    assert problems(deck_dir) == [
        f"{WHERE} '{address}' is not a kind of link a card may have: use {KINDS}"
    ]


def test_a_web_address_without_a_host(deck_dir: Path) -> None:
    _tip(deck_dir, "[de gids](https:/gids)")
    assert problems(deck_dir) == [
        f"{WHERE} 'https:/gids' has no valid host name (none): write it as https://www.example.be/"
    ]


def test_a_web_address_with_a_host_without_a_dot(deck_dir: Path) -> None:
    _tip(deck_dir, "<https://intranet/gids>")
    assert problems(deck_dir) == [
        f"{WHERE} 'https://intranet/gids' has no valid host name (intranet): write it as "
        "https://www.example.be/"
    ]


def test_a_web_address_with_a_password(deck_dir: Path) -> None:
    _tip(deck_dir, "[de gids](https://wim:geheim@example.be/gids)")
    assert problems(deck_dir) == [
        f"{WHERE} 'https://wim:geheim@example.be/gids' has a user name or password in it: link "
        "to the page without them"
    ]


def test_a_web_address_with_a_wrong_port(deck_dir: Path) -> None:
    _tip(deck_dir, "[de gids](https://example.be:http/gids)")
    assert problems(deck_dir) == [
        f"{WHERE} 'https://example.be:http/gids' is not a well-formed web address"
    ]


def test_a_wrong_e_mail_address(deck_dir: Path) -> None:
    _tip(deck_dir, "[mail ons](mailto:info-at-example.be)")
    assert problems(deck_dir) == [
        f"{WHERE} 'mailto:info-at-example.be' is not an e-mail address: write it as "
        "mailto:name@example.be"
    ]


def test_a_wrong_phone_number(deck_dir: Path) -> None:
    _tip(deck_dir, "[bel](tel:09/266)")
    assert problems(deck_dir) == [
        f"{WHERE} 'tel:09/266' is not a phone number: write it as tel:+3292661234 (digits, no "
        "spaces)"
    ]


def test_a_link_to_an_unknown_card(deck_dir: Path) -> None:
    _tip(deck_dir, "[lees ook](card:twede)")
    assert problems(deck_dir) == [
        f"{WHERE} 'card:twede' links to no card of the deck — did you mean 'tweede'?"
    ]


def test_a_link_to_a_renamed_card(deck_dir: Path) -> None:
    write_redirects(deck_dir, "  - from: oude-tweede\n    to: tweede\n")
    _tip(deck_dir, "[lees ook](card:oude-tweede)")
    assert problems(deck_dir) == [
        f"{WHERE} 'card:oude-tweede' links to a card that is now 'tweede': write card:tweede"
    ]


def test_a_card_link_without_an_id(deck_dir: Path) -> None:
    _tip(deck_dir, "[lees ook](card:Tweede Kaart)")
    assert problems(deck_dir) == [
        f"{WHERE} 'card:Tweede' names no card id: write card:<id>, the id of the card to link to"
    ]


def test_links_in_a_set_and_a_registry_are_checked_too(deck_dir: Path) -> None:
    replace_in(
        deck_dir / "registries" / "themes.yaml",
        'description: "At home,',
        'description: "[See](www.example.be). At home,',
    )
    assert problems(deck_dir) == [
        "cards/registries/themes.yaml:24: field 'themes[2].text.en.description': the link "
        f"'www.example.be' is not a kind of link a card may have: use {KINDS}"
    ]


def test_every_kind_of_link_is_found() -> None:
    text = (
        'Zie [de gids](https://a.be/ "titel") en ![beeld](<https://b.be/x y.png>), '
        "<mailto:c@d.be> en [e] [f][].\n\n[f]: tel:+321234567\n"
    )
    assert links(text) == [
        "https://a.be/",
        "https://b.be/x y.png",
        "mailto:c@d.be",
        "tel:+321234567",
    ]


def test_a_card_link_on_a_page_and_on_a_printed_card() -> None:
    """Relative to the page that shows it (MkDocs checks it, i18n picks the language); the
    printed card keeps the words."""
    text = "Lees [de kaart](card:huisbezoek) en [de gids](https://a.be/)."
    assert urls.resolve_card_links(text, "kaarten/eerste.en.md") == (
        "Lees [de kaart](huisbezoek.md) en [de gids](https://a.be/)."
    )
    assert urls.resolve_card_links(text, "sets/eerste-week.md") == (
        "Lees [de kaart](../kaarten/huisbezoek.md) en [de gids](https://a.be/)."
    )
    assert urls.card_link_words(text) == "Lees de kaart en [de gids](https://a.be/)."
