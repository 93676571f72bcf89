"""The presentation mode (issue 20): /presenteren/ shows one card at a time, for a projector or
a shared screen. On a build of the fixture deck, in Chromium: the keys turn and move, the
address holds the selection and the position and restores them, R draws every card of the
selection once, Esc leaves, a format's timer, swipes, reduced motion, the page without
JavaScript, axe-core in both schemes, no request off the site; and the entry links."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from outreach_cards.site.present import format_cards, present_selections

from .helpers import (
    axe_violations,
    policy_problems,
    serve_folder,
    watch_policy,
)

DECK = [
    "wat-is-outreach",
    "naar-mensen-toe",
    "huisbezoek-als-gast",
    "op-straat-en-online",
    "blijf-aanklampen",
]  # the fixture deck in number order
FORMAT_CARDS = ["blijf-aanklampen", "huisbezoek-als-gast", "wat-is-outreach"]


# -- the selections, without a build --------------------------------------------------------


def test_a_formats_cards_are_its_own_then_its_sets(fixture_deck) -> None:
    (work_format,) = fixture_deck.formats
    assert format_cards(fixture_deck, work_format) == FORMAT_CARDS


def test_the_selections_the_page_gives_its_script(fixture_deck) -> None:
    assert json.loads(present_selections(fixture_deck, "nl")) == {
        "deck": DECK,
        "theme": {
            "wat": ["wat-is-outreach", "naar-mensen-toe"],
            "waar": ["huisbezoek-als-gast", "op-straat-en-online"],
            "hoe": ["blijf-aanklampen"],
        },
        "set": {"eerste-week": ["wat-is-outreach", "blijf-aanklampen", "huisbezoek-als-gast"]},
        "format": {"kaart-van-de-week": {"cards": FORMAT_CARDS, "minutes": [5, 10]}},
    }


# -- the built site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def present_site(fixture_deck_site: Path) -> Path:
    """The fixture deck built with its PDFs (the deck builder needs them)."""
    return fixture_deck_site


@pytest.fixture(scope="module")
def present_url(present_site: Path):
    with serve_folder(present_site) as url:
        yield url


@pytest.fixture
def context(browser, present_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=present_url)
    yield context
    context.close()


def shown(page) -> tuple[str, str]:
    """The card on the screen and its side: the one visible slide, its one visible side."""
    return tuple(
        page.evaluate(
            """() => {
          const slides = [...document.querySelectorAll('article[data-oc-card]')]
            .filter((slide) => slide.checkVisibility());
          const sides = [...slides[0].querySelectorAll('[data-oc-side]')]
            .filter((side) => side.checkVisibility());
          if (slides.length !== 1 || sides.length !== 1) return [String(slides.length), ''];
          return [slides[0].dataset.ocCard, sides[0].dataset.ocSide];
        }"""
        )
    )


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def status(page) -> str:
    return page.locator("[data-oc-status]").text_content()


def test_the_keys_turn_and_move_and_the_address_restores_the_place(context) -> None:
    page = context.new_page()
    page.goto("presenteren/?theme=waar")
    assert shown(page) == ("huisbezoek-als-gast", "front")
    assert status(page) == "Kaart 1 van 2, voorkant"
    assert page.evaluate("document.activeElement.hasAttribute('data-oc-stage')")  # the slides
    steps = [
        ("ArrowRight", ("op-straat-en-online", "front"), "Kaart 2 van 2, voorkant"),
        ("Space", ("op-straat-en-online", "back"), "Kaart 2 van 2, achterkant"),
        ("ArrowLeft", ("huisbezoek-als-gast", "front"), "Kaart 1 van 2, voorkant"),
        ("Space", ("huisbezoek-als-gast", "back"), "Kaart 1 van 2, achterkant"),
    ]
    for key, place, words in steps:
        page.keyboard.press(key)
        assert (shown(page), status(page)) == (place, words), key
        assert query(page) == {"theme": ["waar"], "card": [place[0]], "side": [place[1]]}, key
    page.reload()
    assert shown(page) == ("huisbezoek-als-gast", "back")
    assert status(page) == "Kaart 1 van 2, achterkant"
    # the last card of the selection is the last: → there stays
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    assert shown(page) == ("op-straat-en-online", "front")


def test_the_buttons_do_what_the_keys_do(context) -> None:
    page = context.new_page()
    page.goto("presenteren/?cards=blijf-aanklampen,wat-is-outreach")
    assert shown(page) == ("blijf-aanklampen", "front")
    page.get_by_role("button", name="Volgende kaart").click()
    assert shown(page) == ("wat-is-outreach", "front")
    page.get_by_role("button", name="Omdraaien").click()
    assert shown(page) == ("wat-is-outreach", "back")
    # space on a focused button presses that button only
    page.get_by_role("button", name="Vorige kaart").focus()
    page.keyboard.press("Space")
    assert shown(page) == ("blijf-aanklampen", "front")
    assert (
        urlsplit(page.url).query == "cards=blijf-aanklampen,wat-is-outreach"
        "&card=blijf-aanklampen&side=front"
    )


def test_a_shared_address_opens_its_card_and_side_in_a_new_tab(
    context, browser, present_url
) -> None:
    other = browser.new_context(base_url=present_url)
    try:
        page = other.new_page()
        page.goto("presenteren/?set=eerste-week&card=huisbezoek-als-gast&side=back")
        assert shown(page) == ("huisbezoek-als-gast", "back")
        assert status(page) == "Kaart 3 van 3, achterkant"
    finally:
        other.close()


def test_no_selection_is_the_whole_deck_and_an_unknown_one_says_so(context) -> None:
    page = context.new_page()
    page.goto("presenteren/")
    assert (shown(page), status(page)) == (("wat-is-outreach", "front"), "Kaart 1 van 5, voorkant")
    assert page.locator("[data-oc-problem]").is_hidden()
    page.goto("presenteren/?theme=nergens")
    assert (shown(page), status(page)) == (("wat-is-outreach", "front"), "Kaart 1 van 5, voorkant")
    assert page.locator("[data-oc-problem]").text_content() == (
        "Deze keuze bestaat niet: theme=nergens. Je ziet alle kaarten."
    )
    page.goto("presenteren/?cards=blijf-aanklampen,geen-kaart")
    assert status(page) == "Kaart 1 van 1, voorkant"
    assert page.locator("[data-oc-problem]").text_content() == (
        "Deze kaarten bestaan niet: geen-kaart."
    )


def test_r_draws_every_card_of_the_selection_once_before_repeating(context) -> None:
    page = context.new_page()
    page.goto("presenteren/?theme=wat")
    drawn = []
    for _ in range(2):
        page.keyboard.press("r")
        drawn.append(shown(page))
    assert sorted(drawn) == [("naar-mensen-toe", "front"), ("wat-is-outreach", "front")]
    # a new round does not start with the card drawn last
    page.keyboard.press("R")
    assert shown(page) != drawn[-1]
    page.goto("presenteren/")
    whole = []
    for _ in range(5):
        page.get_by_role("button", name="Trek een kaart").click()
        whole.append(shown(page)[0])
    assert sorted(whole) == sorted(DECK)
    assert query(page)["card"] == [whole[-1]]


def test_escape_leaves_to_where_the_reader_came_from(context, present_url: str) -> None:
    page = context.new_page()
    page.goto("themas/waar/")
    page.goto("presenteren/?theme=waar", referer=present_url + "themas/waar/")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    page.wait_for_url(present_url + "themas/waar/")
    # opened directly (no page of the site before it): to the page of the card shown
    page.goto("presenteren/?theme=waar&card=op-straat-en-online")
    with page.expect_navigation():
        page.keyboard.press("Escape")
    assert page.url == present_url + "kaarten/op-straat-en-online/"
    page.goto("presenteren/?theme=hoe")
    page.get_by_role("link", name="Stoppen").click()
    page.wait_for_url(present_url + "kaarten/blijf-aanklampen/")


def test_a_formats_timer_counts_down_its_steps(context) -> None:
    page = context.new_page()
    page.clock.install()
    page.goto("presenteren/?format=kaart-van-de-week&timer=1")
    assert status(page) == "Kaart 1 van 3, voorkant"
    assert shown(page) == ("blijf-aanklampen", "front")
    timer = page.get_by_role("group", name="Tijd per stap")
    step, clock = timer.locator("[data-oc-timer-step]"), timer.get_by_role("timer")
    assert step.text_content() == "Stap 1 van 2: 5 min Lees de voorkant van de kaart samen."
    assert clock.text_content() == "5:00"
    timer.get_by_role("button", name="Start de tijd").click()
    page.clock.run_for(61_000)
    assert clock.text_content() == "3:59"
    timer.get_by_role("button", name="Pauzeer de tijd").click()
    page.clock.run_for(120_000)
    assert clock.text_content() == "3:59"
    timer.get_by_role("button", name="Start de tijd").click()
    page.clock.run_for(240_000)
    assert clock.text_content() == "0:00"
    assert step.text_content() == (
        "Stap 1 van 2: 5 min Lees de voorkant van de kaart samen. De tijd van deze stap is om."
    )
    timer.get_by_role("button", name="Volgende stap").click()
    assert step.text_content() == "Stap 2 van 2: 10 min Praat over één reflectievraag van de kaart."
    assert clock.text_content() == "10:00"
    assert timer.get_by_role("button", name="Volgende stap").is_hidden()  # the last step
    assert query(page)["timer"] == ["1"]
    # without timer=1, no timer
    page.goto("presenteren/?format=kaart-van-de-week")
    assert timer.is_hidden()


def test_swipes_move_and_a_tap_turns(browser, present_url: str) -> None:
    context = browser.new_context(base_url=present_url, has_touch=True)
    try:
        page = context.new_page()
        page.goto("presenteren/?theme=waar")

        def swipe(dx: int) -> None:
            page.evaluate(
                """(dx) => {
                  const stage = document.querySelector('[data-oc-stage]');
                  const at = (type, x) => stage.dispatchEvent(new PointerEvent(type, {
                    pointerType: 'touch', clientX: x, clientY: 300, bubbles: true}));
                  at('pointerdown', 400); at('pointerup', 400 + dx);
                }""",
                dx,
            )

        swipe(-200)
        assert shown(page) == ("op-straat-en-online", "front")
        swipe(200)
        assert shown(page) == ("huisbezoek-als-gast", "front")
        page.locator(".oc-slide:not([hidden]) .oc-slide-title").tap()
        assert shown(page) == ("huisbezoek-als-gast", "back")
    finally:
        context.close()


def test_turning_is_animated_unless_the_reader_asks_for_less_motion(browser, present_url) -> None:
    names = {}
    for motion in ("no-preference", "reduce"):
        context = browser.new_context(base_url=present_url, reduced_motion=motion)
        page = context.new_page()
        page.goto("presenteren/?theme=hoe")
        page.keyboard.press("Space")
        names[motion] = page.evaluate(
            "getComputedStyle(document.querySelector('.oc-slide:not([hidden]) "
            "[data-oc-side=back]')).animationName"
        )
        context.close()
    assert names == {"no-preference": "oc-turn", "reduce": "none"}


def test_the_slide_fills_the_window_in_large_type_on_its_theme_colour(context) -> None:
    page = context.new_page()
    page.goto("presenteren/?theme=waar")
    facts = page.evaluate(
        """() => {
          const slide = document.querySelector('.oc-slide:not([hidden])');
          const front = slide.querySelector('.oc-slide-front');
          const style = getComputedStyle(front);
          return {
            header: document.querySelector('.md-header').checkVisibility(),
            width: slide.getBoundingClientRect().width,
            fontSize: parseFloat(getComputedStyle(slide).fontSize),
            colour: style.color, background: style.backgroundColor,
            scroll: document.documentElement.scrollHeight,
          };
        }"""
    )
    assert facts["header"] is False
    assert facts["width"] > 1200 and facts["scroll"] <= 800  # the whole window, no more
    assert facts["fontSize"] >= 32
    assert facts["background"] == "rgb(44, 106, 47)"  # theme 'waar': #2c6a2f
    assert facts["colour"] == "rgb(255, 255, 255)"
    assert contrast(facts["colour"], facts["background"]) >= 4.5


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two ``rgb(r, g, b)`` colours."""

    def luminance(colour: str) -> float:
        channels = [int(value) / 255 for value in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_theme_colour_carries_white_text(fixture_deck, context) -> None:
    page = context.new_page()
    for theme in fixture_deck.themes:
        page.goto(f"presenteren/?theme={theme.key}")
        colour, background = page.evaluate(
            "(() => { const s = getComputedStyle(document.querySelector("
            "'.oc-slide:not([hidden]) .oc-slide-front')); return [s.color, s.backgroundColor] })()"
        )
        assert contrast(colour, background) >= 4.5, theme.key


def test_without_javascript_the_page_lists_every_card(browser, present_url: str) -> None:
    context = browser.new_context(base_url=present_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("presenteren/?theme=waar")
        cards = page.locator("article[data-oc-card]")
        assert [cards.nth(i).get_attribute("data-oc-card") for i in range(cards.count())] == DECK
        for i in range(cards.count()):
            for side in ("front", "back"):
                assert cards.nth(i).locator(f"[data-oc-side={side}]").is_visible()
        assert page.locator("[data-oc-controls]").is_hidden()
        assert page.locator("[data-oc-nojs]").is_visible()
        link = cards.nth(0).get_by_role(
            "link", name="Naar de kaart: Wat is outreach? Een testkaart"
        )
        assert link.get_attribute("href") == "../kaarten/wat-is-outreach/"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_and_no_request_leaves_the_site(browser, present_url, scheme) -> None:
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, base_url=present_url, color_scheme=scheme
    )
    requested: list[str] = []
    policy_violations = watch_policy(context)
    try:
        page = context.new_page()
        page.on("request", lambda request: requested.append(request.url))
        for address in (
            "presenteren/?theme=waar",
            "presenteren/?format=kaart-van-de-week&timer=1",
            "en/presenteren/?set=eerste-week&card=blijf-aanklampen&side=back",
        ):
            page.goto(address)
            page.wait_for_load_state("networkidle")
            assert axe_violations(page) == [], address
            page.keyboard.press("Space")
            # (axe-core must see where the turn ends, not its first frames)
            page.evaluate(
                "Promise.all(document.getAnimations().map((a) => a.finished)).then(() => 0)"
            )
            assert axe_violations(page, inject=False) == [], f"{address}, turned"
        page.set_viewport_size({"width": 320, "height": 640})
        assert axe_violations(page, inject=False) == [], "320 px"
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert context.cookies() == []
        assert policy_violations(page) == []
    finally:
        context.close()
    assert [url for url in requested if not url.startswith(present_url)] == []


def test_english_words(context) -> None:
    page = context.new_page()
    page.goto("en/presenteren/?theme=waar&side=back")
    assert status(page) == "Card 1 of 2, back"
    assert page.get_by_role("button", name="Turn over").is_visible()


# -- the ways in ------------------------------------------------------------------------------


def test_the_format_page_opens_its_presentation_with_the_timer(context, present_url) -> None:
    page = context.new_page()
    page.goto("werkvormen/kaart-van-de-week/")
    link = page.get_by_role("link", name="Presenteren, met de tijd per stap")
    assert link.get_attribute("href") == "../../presenteren/?format=kaart-van-de-week&timer=1"
    link.click()
    page.wait_for_url(present_url + "presenteren/?format=kaart-van-de-week*")
    assert page.get_by_role("timer").text_content() == "5:00"
    page.keyboard.press("Escape")
    page.wait_for_url(present_url + "werkvormen/kaart-van-de-week/")


@pytest.mark.parametrize(
    "address, href, shown_card",
    [
        # a card: its theme, from this card on
        (
            "kaarten/op-straat-en-online/",
            "../../presenteren/?theme=waar&card=op-straat-en-online",
            ("op-straat-en-online", "front"),
        ),
        ("themas/waar/", "../../presenteren/?theme=waar", ("huisbezoek-als-gast", "front")),
        ("sets/eerste-week/", "../../presenteren/?set=eerste-week", ("wat-is-outreach", "front")),
    ],
)
def test_card_theme_and_set_pages_open_their_presentation(
    context, present_url, address: str, href: str, shown_card: tuple[str, str]
) -> None:
    page = context.new_page()
    page.goto(address)
    link = page.locator("p.oc-present-entry a[data-oc-present-link]")
    assert link.text_content() == "Presenteren"
    assert link.get_attribute("href") == href
    link.click()
    page.wait_for_url(present_url + "presenteren/?*")
    assert shown(page) == shown_card


def test_the_deck_builder_presents_the_chosen_cards(context, present_url) -> None:
    page = context.new_page()
    page.goto("samenstellen/")
    link = page.get_by_role("link", name="Presenteren")
    assert link.is_hidden()  # nothing chosen yet
    page.get_by_label("5. Blijf aanklampen, een testkaart").check()
    page.get_by_label("1. Wat is outreach? Een testkaart").check()
    assert link.is_visible()
    link.click()
    page.wait_for_url(present_url + "presenteren/?cards=*")
    assert query(page)["cards"] == ["blijf-aanklampen,wat-is-outreach"]
    assert status(page) == "Kaart 1 van 2, voorkant"


def test_the_page_keeps_the_strict_policy(present_site: Path) -> None:
    for language in ("", "en/"):
        assert policy_problems(present_site / language / "presenteren" / "index.html") == []
