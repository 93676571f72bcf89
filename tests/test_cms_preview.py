"""The web editor's live preview: the data its templates read and its stylesheet."""

from __future__ import annotations

import json

from outreach_cards.cms.preview import LABELS, preview_css, preview_data
from outreach_cards.locales import labels_for


def test_preview_data_holds_the_registries_labels_and_card_titles(fixture_deck) -> None:
    data = preview_data(fixture_deck)
    json.dumps(data)  # it is written into the admin page as JSON
    assert data["languages"] == list(fixture_deck.languages)
    theme = fixture_deck.themes[0]
    assert data["themes"][theme.key]["colour"] == theme.colour
    assert data["themes"][theme.key]["title"] == dict(theme.title)
    assert data["themes"][theme.key]["icon"].startswith('<svg fill="#ffffff" ')
    card = fixture_deck.cards[0]
    assert data["cards"][card.id] == {lang: card.text[lang].title for lang in data["languages"]}
    assert data["audiences"]["professional"] == dict(
        fixture_deck.vocabularies.audiences["professional"].label
    )
    for language in data["languages"]:
        assert set(data["labels"][language]) == set(LABELS)
        assert data["labels"][language]["print_question"] == labels_for(language)["print_question"]
    assert data["labels"]["nl"]["cms_count"] == "{n} van de {max} tekens"
    assert data["labels"]["en"]["cms_too_long"] == (
        "Too long: at most {max} characters, now {n}. Make the text shorter."
    )


def test_preview_css_shows_the_printed_card_on_screen() -> None:
    css = preview_css()
    assert "@media print" not in css
    assert ".oc-print-card { display: none; }" not in css
    assert css.count("@media all {") == 1
    # the card's print size and the preview's own frame
    assert ".oc-a6 .oc-side { width: 105mm; min-height: 147.9mm; }" in css
    assert ".oc-preview-overflow[hidden] { display: none; }" in css


def test_the_preview_benchmark_reports_median_90th_percentile_and_verdict() -> None:
    """tests/bench_preview.py's table: keystrokes typed and seen, the median, the 90th
    percentile (which the verdict reads) and the highest latency."""
    from tests.bench_preview import report

    lines = report([5.0, 7.0, 9.0, 120.0, 8.0, 6.0, 7.0, 7.0, 7.0, 300.0], 12).splitlines()
    assert lines[4] == (
        "| Keystrokes typed into a new card's Dutch title; preview updates seen | 12; 10 |  |  |"
    )
    assert lines[5] == (
        "| From the keystroke to the preview's next frame showing it: median, 90th percentile, "
        "highest | 7 ms, 120 ms, 300 ms | < 100 ms a keystroke | **missed** |"
    )
    assert report([7.0, 12.0, 14.0], 3).splitlines()[5].endswith("| met |")
