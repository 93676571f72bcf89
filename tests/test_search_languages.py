"""Search in the reader's language: one index per language, loaded only by its own pages, and
results only in that language (issue 19)."""

from __future__ import annotations

import json
import re

import pytest

from outreach_cards.site.search_index import language_base, split

from .helpers import search

# (language prefix, query, the first result): a card's own words in that language.
QUERIES = [
    ("", "huisbezoek", "/kaarten/huisbezoek/"),
    ("", "onderbescherming", "/kaarten/onderbescherming/"),
    ("", "vaste plek", "/kaarten/vaste-plek-vast-uur/"),
    ("", "comfortzone", "/kaarten/buiten-je-comfortzone/"),
    ("en/", "under-protection", "/en/kaarten/onderbescherming/"),
    ("en/", "comfort zone", "/en/kaarten/buiten-je-comfortzone/"),
    ("en/", "survive", "/en/kaarten/overlevingsmechanismen-erkennen/"),
    ("en/", "persistence", "/en/kaarten/blijf-aanklampen/"),
]


def test_split_gives_each_language_its_entries_from_its_own_root() -> None:
    docs = [
        {"location": "", "title": "Start"},
        {"location": "kaarten/x/", "title": "X"},
        {"location": "en/", "title": "Home"},
        {"location": "en/kaarten/x/#tips", "title": "Tips"},
        {"location": "english/", "title": "Een pagina die zo heet"},
    ]
    assert split(docs, ["nl", "en"], "nl") == {
        "nl": [
            {"location": "", "title": "Start"},
            {"location": "kaarten/x/", "title": "X"},
            {"location": "english/", "title": "Een pagina die zo heet"},
        ],
        "en": [
            {"location": "", "title": "Home"},
            {"location": "kaarten/x/#tips", "title": "Tips"},
        ],
    }


def test_pages_of_another_language_get_their_root_as_base() -> None:
    page = (
        '<p>x</p><script id="__config" type="application/json">'
        '{"base": "../..", "search": "../../assets/search.js"}</script>'
    )
    changed = language_base(page, "en", "nl")
    config = json.loads(re.search(r'json">(.*?)</script>', changed).group(1))
    assert config == {"base": "../../en/", "search": "../../assets/search.js"}
    assert language_base(page, "nl", "nl") == page
    home = '<script id="__config" type="application/json">{"base": "."}</script>'
    assert '"base": "./en/"' in language_base(home, "en", "nl")


@pytest.mark.search
@pytest.mark.parametrize("prefix, query, first", QUERIES)
def test_a_query_lists_only_pages_of_its_language_its_card_first(
    page, prefix: str, query: str, first: str
) -> None:
    """Searching from a language's pages loads that language's index alone and lists only its
    pages, the card in question first."""
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(f"{prefix}kaarten/")
    results = search(page, query)
    assert results[0] == first
    if prefix:
        assert [path for path in results if not path.startswith("/en/")] == []
    else:
        assert [path for path in results if path.startswith("/en/")] == []
    indexes = sorted({url.split("/", 3)[3] for url in loaded if "search_index" in url})
    assert indexes == [f"{prefix}search/search_index.json"]
