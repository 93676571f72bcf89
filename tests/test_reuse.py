"""What trainers and organisations reuse: card sets (pages, progress, PDFs), the JSON export,
the embeddable card view, redirects for renamed cards and audio fragments. Real builds, real
PDFs read back, a real Chromium."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pikepdf
import pytest
from jsonschema import Draft202012Validator

from outreach_cards.model import Deck

from .helpers import (
    FIXTURE_DECK,
    LANGUAGE_ROOT,
    audio_yaml,
    build,
    card_links,
    copy_project,
    pages_text,
    qr_codes,
    read_page,
    replace_in,
    serve_folder,
    size,
    watch_policy,
    write_sound,
)

SITE = "http://127.0.0.1:8000/"  # the default site_url of a build without SITE_URL
A6 = (297.638, 419.528)  # 105 × 148 mm in points
A4 = (595.276, 841.89)  # 210 × 297 mm


def pages_and_size(path: Path) -> tuple[int, tuple[float, float]]:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages), size(pdf.pages[0])


# -- sets -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_set_has_a_page_with_its_cards_in_order_and_its_pdfs(
    built_site: Path, deck: Deck, language: str
) -> None:
    prefix = LANGUAGE_ROOT[language]
    assert deck.sets
    for card_set in deck.sets:
        path = built_site / prefix / "sets" / card_set.id / "index.html"
        page = read_page(path)
        assert page.find("h1")[0].text.strip() == card_set.title[language]
        assert card_links(path, built_site, prefix) == list(card_set.cards)
        pdfs = [url for _, url in page.links if url.endswith(".pdf")]
        assert pdfs == [
            f"../../pdf/sets/{card_set.id}.pdf",
            f"../../pdf/sets/{card_set.id}-a4.pdf",
            f"../../pdf/sets/{card_set.id}-vouwen.pdf",
            f"../../pdf/sets/{card_set.id}-begeleiding.pdf",
        ]
        count, card_size = pages_and_size(path.parent / pdfs[0])
        assert count == 2 * len(card_set.cards)
        assert card_size == pytest.approx(A6, abs=0.5)
        count, sheet_size = pages_and_size(path.parent / pdfs[1])
        assert count == 2 * math.ceil(len(card_set.cards) / 4)
        assert sheet_size == pytest.approx(A4, abs=0.5)
        # to fold: two cards (each front beside its back) on a portrait A4 sheet, single-sided
        count, fold_size = pages_and_size(path.parent / pdfs[2])
        assert count == math.ceil(len(card_set.cards) / 2)
        assert fold_size == pytest.approx(A4, abs=0.5)
        builder = [url for _, url in page.links if "?cards=" in url]
        assert builder == [f"../../samenstellen/?cards={','.join(card_set.cards)}"]
    index = read_page(built_site / prefix / "sets" / "index.html")
    assert [url for _, url in index.links if url.startswith(tuple(s.id for s in deck.sets))] == [
        f"{card_set.id}/" for card_set in deck.sets
    ]


def test_set_pdf_holds_the_set_cards_in_order(built_site: Path, deck: Deck) -> None:
    """Page 2k+1 of a set's PDF is the front of its k-th card (its title in the text)."""
    card_set = deck.card_set("intervisie-aanklampen")
    with pikepdf.open(built_site / "en" / "pdf" / "sets" / f"{card_set.id}.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]) == (
            "Peer consultation: keep reaching out — Outreach work — inspiration cards "
            "(A6, double-sided)"
        )
    import subprocess

    text = subprocess.run(
        [
            "pdftotext",
            "-layout",
            str(built_site / "en" / "pdf" / "sets" / f"{card_set.id}.pdf"),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\f")
    for index, card in enumerate(deck.cards_in_set(card_set.id)):
        assert card.text["en"].title.split()[0] in text[2 * index], card.id


def test_set_progress_is_kept_in_this_browser_only(browser, site_url: str, deck: Deck) -> None:
    """Ticked cards stay ticked after a reload and in the other language; nothing becomes a
    cookie; 'untick all' clears them."""
    total = len(deck.card_set("eerste-week").cards)
    context = browser.new_context(base_url=site_url)
    page = context.new_page()
    page.goto("sets/eerste-week/")
    progress = page.locator("[data-oc-progress]")
    assert progress.text_content() == f"0 van {total} kaarten gelezen"
    page.get_by_label("Gelezen: Wat is outreachend werken?").check()
    assert page.get_by_label("Gelezen: Huisbezoek", exact=False).count() == 0
    page.get_by_label("Gelezen: Op huisbezoek ben jij de gast").check()
    assert progress.text_content() == f"2 van {total} kaarten gelezen"
    page.reload()
    assert page.locator("[data-oc-progress]").text_content() == f"2 van {total} kaarten gelezen"
    assert page.get_by_label("Gelezen: Op huisbezoek ben jij de gast").is_checked()
    page.goto("en/sets/eerste-week/")
    assert page.locator("[data-oc-progress]").text_content() == f"2 of {total} cards read"
    assert page.get_by_label("Read: On a home visit, you are the guest").is_checked()
    assert (
        page.evaluate("localStorage.getItem('outreach-cards:set:eerste-week')")
        == '["wat-is-outreachend-werken","huisbezoek"]'
    )
    assert context.cookies() == []
    page.get_by_role("button", name="Untick all").click()
    assert page.locator("[data-oc-progress]").text_content() == f"0 of {total} cards read"
    page.reload()
    assert page.locator("[data-oc-progress]").text_content() == f"0 of {total} cards read"
    context.close()


# -- JSON export ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_json_export_validates_and_lists_every_card(
    built_site: Path, deck: Deck, language: str
) -> None:
    prefix = LANGUAGE_ROOT[language]
    schema = json.loads((built_site / "api" / "v1" / "cards.schema.json").read_text())
    assert schema["$id"] == f"{SITE}api/v1/cards.schema.json"
    data = json.loads((built_site / prefix / "api" / "v1" / "cards.json").read_text())
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
    assert data["$schema"] == schema["$id"]
    assert data["language"] == language and data["url"] == f"{SITE}{prefix}"
    assert [card["id"] for card in data["cards"]] == [card.id for card in deck.cards]
    for exported, card in zip(data["cards"], deck.cards, strict=True):
        assert exported["title"] == card.text[language].title
        assert exported["front"] == card.text[language].front
        assert exported["url"] == f"{SITE}{prefix}kaarten/{card.id}/"
        assert exported["embed_url"] == f"{SITE}{prefix}embed/{card.id}/"
        assert len(exported["testimonies"]) == len(card.testimonies)
        # every address in the export is a file of the built site
        for url in (exported["url"], exported["embed_url"], exported["pdf"]):
            local = built_site / url.removeprefix(SITE)
            assert (local / "index.html" if url.endswith("/") else local).is_file(), url
    assert [item["id"] for item in data["sets"]] == [card_set.id for card_set in deck.sets]
    assert [item["key"] for item in data["themes"]] == [theme.key for theme in deck.themes]
    assert sorted(item["key"] for item in data["sources"]) == sorted(deck.sources)
    # the glossary: each term with its word in this language and the cards that use it
    assert [
        (item["key"], item["word"], item["explanation"], item["cards"]) for item in data["glossary"]
    ] == [
        (
            term.key,
            term.words[language],
            term.explanation[language],
            [card.id for card in deck.cards_using(term)],
        )
        for term in deck.glossary
    ]


def test_json_schema_rejects_what_readers_cannot_use(built_site: Path) -> None:
    """The published schema is strict: a card without an id, or with an unknown field, fails."""
    schema = json.loads((built_site / "api" / "v1" / "cards.schema.json").read_text())
    data = json.loads((built_site / "api" / "v1" / "cards.json").read_text())
    del data["cards"][0]["id"]
    data["cards"][1]["colour"] = "red"
    errors = sorted(error.message for error in Draft202012Validator(schema).iter_errors(data))
    assert errors == [
        "'id' is a required property",
        "Additional properties are not allowed ('colour' was unexpected)",
    ]


# -- the embeddable view --------------------------------------------------------------------


def test_embed_view_links_back_and_carries_no_site_navigation(built_site: Path, deck: Deck) -> None:
    for prefix in ("", "en/"):
        language = "en" if prefix else "nl"
        for card in deck.cards:
            path = built_site / prefix / "embed" / card.id / "index.html"
            page = read_page(path)
            assert page.find("h1")[0].text.strip() == card.text[language].title
            assert not page.find("nav") and not page.find("header") and not page.find("script")
            assert not page.find("form") and not page.find("div", class_="md-header")
            back = page.find("a", target="_blank")
            assert [link.attrs["href"] for link in back] == [f"../../kaarten/{card.id}/"]
            assert back[0].attrs["rel"] == "noopener"
            footer = " ".join(page.find("footer")[0].text.split())
            sources = ", ".join(deck.sources[key].short for key in card.sources)
            assert footer.endswith(f"{'Sources' if prefix else 'Bronnen'}: {sources}.")
            styles = [url for attribute, url in page.links if url.endswith(".css")]
            assert styles == [f"{'../../../' if prefix else '../../'}assets/embed.css"]
            assert (path.parent / styles[0]).resolve().is_file()


def test_card_page_shows_the_embed_snippet_and_it_works_in_an_iframe(
    built_site: Path, page, site_url: str
) -> None:
    """The snippet on a card page is an iframe of the embed view; pasted into another page,
    it shows the card and its link opens the full card."""
    path = built_site / "kaarten" / "blijf-aanklampen" / "index.html"
    snippet = read_page(path).find("pre", class_="oc-embed-snippet")[0].text
    assert snippet == (
        f'<iframe src="{SITE}embed/blijf-aanklampen/" title="Blijf aanklampen, zonder te duwen '
        '— Outreachend werken — inspiratiekaarten" width="100%" height="560" style="border: 1px '
        "solid #ccc; max-width: "
        '36rem" loading="lazy" sandbox="allow-popups allow-popups-to-escape-sandbox '
        'allow-same-origin" referrerpolicy="no-referrer"></iframe>'
    )
    page.set_content(
        "<!doctype html><title>Intranet</title><h1>Onboarding</h1>"
        + snippet.replace(SITE, site_url).replace(' loading="lazy"', "")
    )
    frame = page.frame_locator("iframe")
    assert frame.locator("h1").text_content() == "Blijf aanklampen, zonder te duwen"
    link = frame.get_by_role("link", name="Lees de hele kaart (opent in een nieuw venster)")
    with page.context.expect_page() as opened:
        link.click()
    full = opened.value
    full.wait_for_load_state()
    assert full.url == f"{site_url}kaarten/blijf-aanklampen/"
    assert full.locator("h1").first.text_content() == "Blijf aanklampen, zonder te duwen"


# -- a renamed card and a card with audio, in a project of their own -------------------------

# A sound fragment for the fixture deck's card 'blijf-aanklampen' (its keys are the fixture's).
AUDIO = audio_yaml("fixture-gesprekken", "invented-for-tests")


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture deck, whose redirects.yaml leads the old id 'aanklampen' to
    'blijf-aanklampen', with an audio fragment (a real WAV file) on that card."""
    project = copy_project(tmp_path_factory.mktemp("renamed"), cards=FIXTURE_DECK)
    assert "- from: aanklampen\n    to: blijf-aanklampen\n" in (
        project / "cards" / "registries" / "redirects.yaml"
    ).read_text(encoding="utf-8")
    write_sound(project / "cards" / "audio" / "stem.wav", seconds=1.5)
    card = project / "cards" / "blijf-aanklampen.yaml"
    card.write_text(card.read_text(encoding="utf-8") + AUDIO, encoding="utf-8")
    # a link to another card in a tip, in both languages (test_a_card_link_in_a_tip)
    replace_in(
        card, "tweede keer aan.", "tweede keer aan, [bij een huisbezoek](card:huisbezoek-als-gast)."
    )
    replace_in(
        card, "second time as well.", "second time, [on a home visit](card:huisbezoek-als-gast)."
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_an_old_id_reaches_the_new_card(renamed_site: Path, browser) -> None:
    with serve_folder(renamed_site) as url:
        context = browser.new_context(base_url=url)
        violations = watch_policy(context)  # (the redirect page's script runs by its hash)
        page = context.new_page()
        page.goto("kaarten/aanklampen/")
        page.wait_for_url(f"{url}kaarten/blijf-aanklampen/")
        assert page.locator("h1").first.text_content() == "Blijf aanklampen, een testkaart"
        page.goto("en/kaarten/aanklampen/#tips")
        page.wait_for_url(f"{url}en/kaarten/blijf-aanklampen/#tips")
        page.goto("embed/aanklampen/")
        page.wait_for_url(f"{url}embed/blijf-aanklampen/")
        found = violations(page)
        context.close()
    assert found == []
    old = renamed_site / "pdf" / "kaarten" / "aanklampen.pdf"
    new = renamed_site / "pdf" / "kaarten" / "blijf-aanklampen.pdf"
    assert old.read_bytes() == new.read_bytes()
    redirect = (renamed_site / "kaarten" / "aanklampen" / "index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../blijf-aanklampen/">' in redirect
    data = json.loads((renamed_site / "api" / "v1" / "cards.json").read_text())
    assert data["redirects"] == {"aanklampen": "blijf-aanklampen"}


def test_a_card_link_in_a_tip(renamed_site: Path) -> None:
    """On the card page a link to the other card's page in the same language (checked by
    MkDocs' strict build); on the printed card the words, no address."""
    for prefix, words in (("", "bij een huisbezoek"), ("en/", "on a home visit")):
        page = read_page(renamed_site / prefix / "kaarten" / "blijf-aanklampen" / "index.html")
        assert [link.attrs["href"] for link in page.find("a") if link.text == words] == [
            "../huisbezoek-als-gast/"
        ]
    for language, words in (
        ("nl", "tweede keer aan, bij een huisbezoek."),
        ("en", "second time, on a home visit."),
    ):
        pdf = (
            renamed_site
            / ("" if language == "nl" else "en")
            / "pdf"
            / "kaarten"
            / "blijf-aanklampen.pdf"
        )
        text = " ".join(pages_text(pdf))
        assert words in text
        assert "card:huisbezoek" not in text


def test_audio_plays_on_the_card_page_with_its_transcript(
    renamed_site: Path, browser, tmp_path: Path
) -> None:
    with serve_folder(renamed_site) as url:
        context = browser.new_context(base_url=url)
        violations = watch_policy(context)  # (the sound is the site's own: media-src 'self')
        page = context.new_page()
        found = []
        for prefix, transcript in (
            ("", "Dit is alles wat er gezegd wordt."),
            ("en/", "This is everything that is said."),
        ):
            page.goto(f"{prefix}kaarten/blijf-aanklampen/#audio")
            figure = page.locator("figure.oc-audio")
            assert figure.locator(".oc-transcript p[lang]").first.text_content() == transcript
            assert figure.locator(".oc-transcript p[lang]").first.is_visible()
            duration = page.evaluate("""() => new Promise((done, fail) => {
                const audio = document.querySelector('figure.oc-audio audio');
                audio.addEventListener('loadedmetadata', () => done(audio.duration));
                audio.addEventListener('error', () => fail(audio.error && audio.error.code));
                audio.preload = 'metadata'; audio.load(); })""")
            assert duration == pytest.approx(1.5, abs=0.01)
            found += violations(page)
        context.close()
    assert found == []
    # the printed card's QR code leads to the fragments, and its back says so
    pdf = renamed_site / "pdf" / "kaarten" / "blijf-aanklampen.pdf"
    assert qr_codes(pdf, 2, tmp_path) == [f"{SITE}kaarten/blijf-aanklampen/#audio"]
    data = json.loads((renamed_site / "en" / "api" / "v1" / "cards.json").read_text())
    card = next(card for card in data["cards"] if card["id"] == "blijf-aanklampen")
    assert card["audio"][0]["url"] == f"{SITE}audio/stem.wav"
    assert card["audio"][0]["transcript"] == "This is everything that is said."
    assert card["audio"][0]["is_translation"] is True
