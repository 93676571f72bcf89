"""Work formats ("werkvormen", issue 20): the format files (cards/formats/<id>.yaml), their rules
with exact messages, the model, the pages and the export on a build of the fixture deck."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outreach_cards.deck import load_deck
from outreach_cards.model import Step

from .helpers import FIXTURE_DECK, problems, read_page

FORMAT = (FIXTURE_DECK / "formats" / "kaart-van-de-week.yaml").read_text(encoding="utf-8")
WHERE = "cards/formats/kaart-van-de-week.yaml"


def write(deck_dir: Path, text: str) -> None:
    """The fixture format, for the deck_dir deck (cards 'eerste' and 'tweede', no sets)."""
    text = (
        text.replace("[blijf-aanklampen, huisbezoek-als-gast]", "[eerste, tweede]")
        .replace("sets: [eerste-week]\n", "")
        .replace("[fixture-gesprekken]", "[recht-op-2022]")
        .replace("../../../../hooks", "../../hooks")
    )
    (deck_dir / "formats").mkdir(exist_ok=True)
    (deck_dir / "formats" / "kaart-van-de-week.yaml").write_text(text, encoding="utf-8")


def test_a_format_in_the_model(fixture_deck) -> None:
    (work_format,) = fixture_deck.formats
    assert work_format.id == "kaart-van-de-week"
    assert (work_format.group, work_format.minutes) == ((3, 12), 15)
    assert work_format.cards == ("blijf-aanklampen", "huisbezoek-als-gast")
    assert work_format.sets == ("eerste-week",)
    assert work_format.sources == ("fixture-gesprekken",)
    assert work_format.text["en"].steps == (
        Step(5, "Read the front of the card together."),
        Step(10, "Talk about one of the card's reflection questions."),
    )
    assert fixture_deck.formats_for_set("eerste-week") == (work_format,)


def test_the_format_passes_on_the_small_deck(deck_dir: Path) -> None:
    write(deck_dir, FORMAT)
    assert [work_format.id for work_format in load_deck(deck_dir).formats] == ["kaart-van-de-week"]


def test_an_unknown_card_set_and_source(deck_dir: Path) -> None:
    write(
        deck_dir,
        FORMAT.replace("order: 1\n", "order: 1\nsets: [eerste-wek]\n").replace(
            "sources: [fixture-gesprekken]", "sources: [recht-op-2023]"
        ),
    )
    text = (deck_dir / "formats" / "kaart-van-de-week.yaml").read_text(encoding="utf-8")
    write(deck_dir, text.replace("[eerste, tweede]", "[eerste, twede]"))
    assert problems(deck_dir) == [
        f"{WHERE}:4: field 'sets[0]': unknown set 'eerste-wek' (not in cards/sets/)",
        f"{WHERE}:10: field 'cards[1]': unknown card 'twede' (not in cards/) — "
        "did you mean 'tweede'?",
        f"{WHERE}:11: field 'sources[0]': unknown source 'recht-op-2023' (not in sources.yaml)"
        " — did you mean 'recht-op-2022'?",
    ]


def test_steps_that_do_not_add_up_to_the_time(deck_dir: Path) -> None:
    write(deck_dir, FORMAT.replace("minutes: 15\n", "minutes: 20\n"))
    assert problems(deck_dir) == [
        f"{WHERE}:8: field 'minutes': is 20, but the steps in text.nl add up to 15 minutes "
        "(5 + 10): make the two the same"
    ]


def test_a_step_that_takes_other_minutes_in_english(deck_dir: Path) -> None:
    english = FORMAT.split("  en:\n", 1)
    write(deck_dir, english[0] + "  en:\n" + english[1].replace("minutes: 10", "minutes: 12"))
    assert problems(deck_dir) == [
        f"{WHERE}:35: field 'text.en.steps[1].minutes': is 12, but the same step in text.nl "
        "takes 10 minutes: every language has the same minutes"
    ]


def test_a_language_with_a_step_more(deck_dir: Path) -> None:
    english = FORMAT.split("  en:\n", 1)
    longer = english[1].replace(
        "    watch_out:\n",
        "      - minutes: 5\n        text: Choose next week's card.\n    watch_out:\n",
    )
    write(deck_dir, english[0] + "  en:\n" + longer)
    assert problems(deck_dir) == [
        f"{WHERE}:32: field 'text.en.steps': has 3 steps, text.nl has 2: every language has "
        "the same steps"
    ]


def test_a_group_whose_smallest_size_is_above_its_largest(deck_dir: Path) -> None:
    write(deck_dir, FORMAT.replace("min: 3\n", "min: 30\n"))
    assert problems(deck_dir) == [
        f"{WHERE}:6: field 'group.min': the group's min (30) is more than its max (12): swap "
        "them or correct one"
    ]


def test_an_id_that_is_not_the_file_name(deck_dir: Path) -> None:
    write(deck_dir, FORMAT.replace("id: kaart-van-de-week", "id: kaart-per-week"))
    assert problems(deck_dir) == [
        f"{WHERE}:2: field 'id': id 'kaart-per-week' differs from the file name "
        "'kaart-van-de-week.yaml': the id is the format's permalink, so rename the file to "
        "kaart-per-week.yaml"
    ]


@pytest.fixture(scope="module")
def formats_site(fixture_deck_site: Path) -> Path:
    """The fixture deck's site (one format)."""
    return fixture_deck_site


def test_the_format_page_in_both_languages(formats_site: Path) -> None:
    """Its title, facts, the note that it is the project's own suggestion, the source it
    builds on, steps with their minutes, the cards and the set linked in the same language."""
    for prefix, title, facts, steps, own in (
        (
            "",
            "Kaart van de week",
            "3–12 deelnemers · 15 minuten · Voor de organisatie",
            [
                "5 min: Lees de voorkant van de kaart samen.",
                "10 min: Praat over één reflectievraag van de kaart.",
            ],
            "Deze werkvorm is een voorstel van dit project",
        ),
        (
            "en/",
            "Card of the week",
            "3–12 participants · 15 minutes · For the organisation",
            [
                "5 min: Read the front of the card together.",
                "10 min: Talk about one of the card's reflection questions.",
            ],
            "This format is a suggestion of this project",
        ),
    ):
        page = read_page(formats_site / prefix / "werkvormen" / "kaart-van-de-week" / "index.html")
        assert page.find("h1")[0].text == title
        assert page.find("p", class_="oc-format-facts")[0].text == facts
        items = [element.text for element in page.find("li")]
        for step in steps:
            assert step in items
        assert any(own in element.text for element in page.find("p"))
        links = [link.attrs["href"] for link in page.find("a")]
        assert "../../kaarten/blijf-aanklampen/" in links
        assert "../../sets/eerste-week/" in links
        assert "../" in links  # (all formats)
        # its cards (its own, then its set's) open in the deck builder, to print
        assert (
            "../../samenstellen/?cards=blijf-aanklampen,huisbezoek-als-gast,wat-is-outreach"
            in links
        )
        overview = read_page(formats_site / prefix / "werkvormen" / "index.html")
        assert [
            link.text for link in overview.find("a") if link.attrs["href"] == "kaart-van-de-week/"
        ] == [title]
        set_page = read_page(formats_site / prefix / "sets" / "eerste-week" / "index.html")
        assert [
            link.text
            for link in set_page.find("a")
            if link.attrs["href"] == "../../werkvormen/kaart-van-de-week/"
        ] == [title]


def test_the_format_in_the_export(formats_site: Path) -> None:
    data = json.loads((formats_site / "en" / "api" / "v1" / "cards.json").read_text())
    (work_format,) = data["formats"]
    assert work_format["url"] == "http://127.0.0.1:8000/en/werkvormen/kaart-van-de-week/"
    assert work_format["group"] == {"min": 3, "max": 12}
    assert work_format["steps"] == [
        {"minutes": 5, "text": "Read the front of the card together."},
        {"minutes": 10, "text": "Talk about one of the card's reflection questions."},
    ]
    assert (work_format["cards"], work_format["sets"], work_format["sources"]) == (
        ["blijf-aanklampen", "huisbezoek-als-gast"],
        ["eerste-week"],
        ["fixture-gesprekken"],
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_real_format_page_shows_every_step(built_site: Path, deck, language: str) -> None:
    """The real deck's formats: each has its page in both languages with every step and its
    minutes, in order, and the overview lists them all in their order."""
    from outreach_cards.urls import format_page

    root = "" if language == "nl" else "en/"
    assert deck.formats
    overview = read_page(built_site / root / "werkvormen" / "index.html")
    listed = [
        link.attrs["href"] for link in overview.find("a") if link.attrs["href"].count("/") == 1
    ]
    assert [href for href in listed if href.rstrip("/") in {f.id for f in deck.formats}] == [
        f"{work_format.id}/" for work_format in sorted(deck.formats, key=lambda f: f.order)
    ]
    for work_format in deck.formats:
        page = read_page(built_site / root / format_page(work_format.id) / "index.html")
        text = work_format.text[language]
        assert page.find("h1")[0].text == text.title
        items = [" ".join(element.text.split()) for element in page.find("li")]
        steps = [f"{step.minutes} min: {' '.join(step.text.split())}" for step in text.steps]
        found = [item for item in items if item in steps]
        assert found == steps, work_format.id
