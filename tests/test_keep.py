"""Keep and share a card, and "Mijn kaarten" / "My cards" (/mijn-kaarten/): the fixture deck
built with MkDocs, served on a loopback port and driven in a real Chromium (docs/assets/keep.js).

The site is built with a site_url that is not the address it is served from, so the tests see
that a card is shared under its public address (the one its QR code holds), not under the
address the browser happens to show."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from outreach_cards.model import Deck
from outreach_cards.urls import Urls

from .helpers import (
    FIXTURE_DECK,
    LANGUAGE_ROOT,
    axe_violations,
    build,
    copy_project,
    policy_problems,
    read_page,
    serve_folder,
    skip_search_index,
    tab_and_read,
    watch_policy,
)

SITE_URL = "https://kaarten.example.org/outreach/"
KEY = "outreach-cards:kept"
# the ids of the fixture deck's cards, in deck order
FIRST, SECOND, THIRD = "wat-is-outreach", "naar-mensen-toe", "huisbezoek-als-gast"
LAST = "blijf-aanklampen"
# What the reader sees of the kept cards on My cards: the titles, in their order.
LISTED = (
    "() => [...document.querySelectorAll('.oc-my-cards li')].filter(li => !li.hidden)"
    ".map(li => li.querySelector('a[data-oc-card]').textContent)"
)
# After a resize, Material's CSS transitions (the search box fades in) have to end before
# axe-core looks, as on a page loaded at that width.
SETTLED = "Promise.allSettled(document.getAnimations().map(animation => animation.finished))"
# The contrast of a focused element's text with what is behind it (the first background that
# is not transparent, up from the element), by WCAG's formula.
FOCUSED_CONTRAST = """() => {
  const element = document.activeElement;
  const rgb = (colour) => colour.match(/[\\d.]+/g).map(Number);
  let behind = element, background = rgb(getComputedStyle(element).backgroundColor);
  while (background.length === 4 && background[3] === 0 && behind.parentElement) {
    behind = behind.parentElement;
    background = rgb(getComputedStyle(behind).backgroundColor);
  }
  const luminance = ([r, g, b]) => [r, g, b].map((c) => c / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const [light, dark] = [luminance(rgb(getComputedStyle(element).color)), luminance(background)]
    .sort((a, b) => b - a);
  return Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100;
}"""
# Takes away the browser's share sheet (Chromium on Linux may have one).
NO_WEB_SHARE = "delete Navigator.prototype.share; delete Navigator.prototype.canShare;"


@pytest.fixture(scope="module")
def keep_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture deck built once with a public address of its own; its site/ folder."""
    project = copy_project(tmp_path_factory.mktemp("keep-project"), cards=FIXTURE_DECK)
    result = build(project, SITE_URL=SITE_URL)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def keep_url(keep_site: Path) -> Iterator[str]:
    """The built site served on a free loopback port."""
    with serve_folder(keep_site) as url:
        yield url


def card_address(language: str, card_id: str) -> str:
    """A card's public address, as urls.py makes it (the QR code's)."""
    return Urls(SITE_URL, "nl").card(language, card_id)


@contextmanager
def browsing(browser, base_url: str, script: str = "", **options) -> Iterator:
    """A page in a fresh browser context (its own storage), 1280 px wide, without the search
    index; ``script`` runs before each page's own. The page's ``requested`` lists every URL
    asked for, ``violations()`` the Content-Security-Policy violations so far."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=base_url, **options
    )
    skip_search_index(context)
    violations = watch_policy(context) if options.get("java_script_enabled", True) else None
    if script:
        context.add_init_script(script)
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    page.violations = (lambda: violations(page)) if violations else list
    try:
        yield page
    finally:
        context.close()


def kept(page) -> list[str] | None:
    """What this browser keeps, read from its local storage (None: nothing)."""
    stored = page.evaluate(f"localStorage.getItem({json.dumps(KEY)})")
    return None if stored is None else json.loads(stored)


def focused_contrast(page, selector: str) -> list[str]:
    """The elements at ``selector`` whose text, while focused (Material shows hover the same
    way), has a contrast under 4.5:1 with what is behind it."""
    low = []
    for element in page.locator(selector).all():
        element.focus()
        page.evaluate(SETTLED)  # (Material's buttons fade into their focus colours)
        ratio = page.evaluate(FOCUSED_CONTRAST)
        if ratio < 4.5:
            low.append(f"{element.text_content().strip()}: {ratio}:1")
    return low


# -- the built pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_card_page_shows_its_public_address_and_a_star_left_for_the_script(
    keep_site: Path, fixture_deck: Deck, language: str
) -> None:
    """Each card page, in both languages, has one keep-and-share block with the card's public
    address (site_url, as urls.py makes it) as text, and a star and share button that are
    hidden until the script shows them; the page's policy allows everything on it."""
    intro = {"nl": "Adres van deze kaart:", "en": "Address of this card:"}[language]
    for card in fixture_deck.cards:
        path = keep_site / LANGUAGE_ROOT[language] / "kaarten" / card.id / "index.html"
        page = read_page(path)
        [block] = page.find("div", class_="oc-keep")
        address = card_address(language, card.id)
        assert address == f"{SITE_URL}{LANGUAGE_ROOT[language]}kaarten/{card.id}/"
        assert (block.attrs["data-oc-keep"], block.attrs["data-oc-url"]) == (card.id, address)
        assert block.attrs["data-oc-title"] == card.text[language].title
        [shown] = page.find("p", class_="oc-keep-address")
        assert " ".join(shown.text.split()) == f"{intro} {address}"
        [actions] = page.find("p", class_="oc-keep-actions")
        assert "hidden" in actions.attrs
        [star] = page.find("button", class_="oc-keep-star")
        assert (star.attrs["type"], star.attrs["aria-pressed"], "hidden" in star.attrs) == (
            "button",
            "false",
            True,
        )
        assert [status.attrs.get("role") for status in page.find("p", class_="oc-keep-status")] == [
            "status"
        ]
        assert policy_problems(path) == []


@pytest.mark.parametrize(
    ("language", "title", "builder"),
    [
        ("nl", "Mijn kaarten", "Zelf kaarten samenstellen"),
        ("en", "My cards", "Build your own deck"),
    ],
)
def test_my_cards_is_built_in_both_languages_beside_the_builder_in_the_navigation(
    keep_site: Path, fixture_deck: Deck, language: str, title: str, builder: str
) -> None:
    """/mijn-kaarten/ and /en/mijn-kaarten/ exist, hold every card of the deck (hidden, for
    the script) with its number, title, theme and link, link the deck builder, stand right
    after the builder in the navigation, and give the search index no card title."""
    root = keep_site / LANGUAGE_ROOT[language]
    path = root / "mijn-kaarten" / "index.html"
    page = read_page(path)
    assert page.find("h1")[0].text == title
    [section] = page.find("section", class_="oc-my-cards")
    assert "hidden" in section.attrs
    items = [element for element in page.find("li") if element.inside("oc-my-cards")]
    word = {"nl": "Kaart", "en": "Card"}[language]
    assert [" ".join(item.text.split()) for item in items] == [
        f"{word} {card.number} · {card.text[language].title} · "
        f"{fixture_deck.theme(card.theme).title[language]}"
        for card in fixture_deck.cards
    ]
    links = page.find("a", data_oc_card=FIRST) + page.find("a", data_oc_card=LAST)
    assert [link.attrs["href"] for link in links] == [f"../kaarten/{FIRST}/", f"../kaarten/{LAST}/"]
    assert [link.attrs["href"] for link in page.find("a", data_oc_builder_link="")] == [
        "../samenstellen/"
    ]
    assert policy_problems(path) == []
    navigation = [
        " ".join(link.text.split())
        for link in read_page(root / "index.html").find("a", class_="md-nav__link")
    ]
    assert navigation[navigation.index(builder) + 1] == title
    index = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(
        entry["text"] for entry in index["docs"] if entry["location"].startswith("mijn-kaarten/")
    )
    assert text and not [
        card.id for card in fixture_deck.cards if card.text[language].title in text
    ]


# -- in Chromium --------------------------------------------------------------------------------


def test_kept_cards_are_listed_in_kept_order_removed_and_handed_to_the_builder(
    browser, keep_url: str, fixture_deck: Deck
) -> None:
    """Keep two cards (the later card first), reload: My cards lists both, in the order kept,
    with their exact titles, and links the builder with ?cards=<both>; removing one leaves the
    other (and its builder link, which the builder follows); the English page lists the same
    cards in English; removing all asks first. No request leaves the site, no cookie is set."""
    title = {card.id: card.text for card in fixture_deck.cards}
    with browsing(browser, keep_url) as page:
        for card_id in (THIRD, FIRST):
            page.goto(f"kaarten/{card_id}/")
            page.get_by_role("button", name="Bewaar deze kaart").click()
        assert kept(page) == [THIRD, FIRST]
        page.reload()
        assert page.locator("[data-oc-keep-button]").get_attribute("aria-pressed") == "true"

        page.goto("mijn-kaarten/")
        assert page.evaluate(LISTED) == [title[THIRD]["nl"].title, title[FIRST]["nl"].title]
        assert page.locator("[data-oc-count]").text_content() == "Bewaarde kaarten: 2"
        assert page.locator(".oc-my-cards-empty").is_hidden()
        assert page.locator(".oc-my-cards-nojs").is_hidden()
        builder = page.locator("[data-oc-builder-link]")
        assert builder.text_content() == "Open in de kaartensamensteller om af te drukken"
        assert builder.get_attribute("href") == f"../samenstellen/?cards={THIRD},{FIRST}"
        # the presentation mode shows them too, in the order kept
        present = page.locator(".oc-my-cards a[data-oc-present-link]")
        assert present.text_content() == "Presenteren"
        assert present.get_attribute("href") == f"../presenteren/?cards={THIRD},{FIRST}"

        page.get_by_role("button", name=f"Verwijder: {title[THIRD]['nl'].title}").click()
        assert page.evaluate(LISTED) == [title[FIRST]["nl"].title]
        assert kept(page) == [FIRST]
        expect(page.locator("[data-oc-status]")).to_have_text(
            f"Verwijderd: {title[THIRD]['nl'].title}"
        )
        # the keyboard stays in the list: on the remove button of the card left
        assert page.evaluate("document.activeElement.getAttribute('data-oc-remove')") == FIRST
        assert builder.get_attribute("href") == f"../samenstellen/?cards={FIRST}"
        assert present.get_attribute("href") == f"../presenteren/?cards={FIRST}"
        assert builder.evaluate("link => link.href") == f"{keep_url}samenstellen/?cards={FIRST}"
        builder.click()
        page.wait_for_url(f"{keep_url}samenstellen/?cards={FIRST}*")
        assert page.locator(f"#oc-pick-{FIRST}").is_checked()
        assert page.locator("[data-oc-count]").text_content() == "Gekozen: 1 van 5 kaarten."

        page.goto("en/mijn-kaarten/")
        assert page.evaluate(LISTED) == [title[FIRST]["en"].title]
        assert page.locator("[data-oc-count]").text_content() == "Cards kept: 1"
        page.get_by_role("button", name="Remove all cards").click()
        confirm = page.locator("[data-oc-confirm]")
        assert confirm.is_visible()
        assert confirm.locator("p").first.text_content() == (
            "Do you want to remove all kept cards from My cards? You cannot undo this."
        )
        assert page.evaluate("document.activeElement.id") == "oc-my-cards-question"
        page.get_by_role("button", name="No, keep them").click()
        assert confirm.is_hidden() and kept(page) == [FIRST]
        page.get_by_role("button", name="Remove all cards").click()
        page.get_by_role("button", name="Yes, remove them all").click()
        assert kept(page) is None
        assert page.evaluate(LISTED) == []
        expect(page.locator("[data-oc-status]")).to_have_text(
            "All cards have been removed from My cards."
        )
        empty = page.locator(".oc-my-cards-empty")
        assert " ".join(empty.text_content().split()) == (
            "You have not kept any cards yet. Open a card and choose ‘Keep this card’. "
            "It will then appear here. All cards"
        )
        assert page.evaluate("document.activeElement.classList.contains('oc-my-cards-empty')")
        assert page.locator("[data-oc-actions]").is_hidden()
        assert page.violations() == []
        assert [url for url in page.requested if not url.startswith(keep_url)] == []
        assert page.context.cookies() == []


def test_the_star_says_whether_the_card_is_kept_and_remembers_it_after_a_reload(
    browser, keep_url: str
) -> None:
    """The star is a toggle button: aria-pressed goes false → true → false, a reload keeps
    each state, and a kept card says where it went, with a link to My cards."""
    with browsing(browser, keep_url) as page:
        page.goto(f"en/kaarten/{LAST}/")
        star = page.get_by_role("button", name="Keep this card")
        note = page.locator("[data-oc-kept]")
        assert (star.get_attribute("aria-pressed"), note.is_hidden()) == ("false", True)
        star.click()
        assert (star.get_attribute("aria-pressed"), kept(page)) == ("true", [LAST])
        assert " ".join(note.text_content().split()) == "Kept in My cards."
        assert note.locator("a").get_attribute("href") == "../../mijn-kaarten/"
        page.reload()
        assert star.get_attribute("aria-pressed") == "true" and note.is_visible()
        star.click()
        assert (star.get_attribute("aria-pressed"), note.is_hidden(), kept(page)) == (
            "false",
            True,
            None,
        )
        page.reload()
        assert star.get_attribute("aria-pressed") == "false"


@pytest.mark.parametrize(
    ("language", "card_id", "confirmation"),
    [("nl", SECOND, "Link gekopieerd"), ("en", LAST, "Link copied")],
)
def test_without_web_share_the_button_copies_the_cards_public_address(
    browser, keep_url: str, language: str, card_id: str, confirmation: str
) -> None:
    """Where the browser has no share sheet, "Deel deze kaart" puts the card's public address
    on the clipboard (read back) and says so in a live region; the address text is gone."""
    with browsing(browser, keep_url, NO_WEB_SHARE) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=keep_url)
        page.goto(f"{LANGUAGE_ROOT[language]}kaarten/{card_id}/")
        assert page.locator("[data-oc-address]").is_hidden()
        page.evaluate("navigator.clipboard.writeText('nothing yet')")
        name = {"nl": "Deel deze kaart", "en": "Share this card"}[language]
        page.get_by_role("button", name=name).click()
        status = page.locator("[role=status][data-oc-status]")
        expect(status).to_have_text(confirmation)
        assert page.evaluate("navigator.clipboard.readText()") == card_address(language, card_id)
        assert page.locator("[data-oc-share-field]").is_hidden()
        assert page.violations() == []


def test_where_the_browser_can_share_the_share_sheet_gets_title_and_address(
    browser, keep_url: str, fixture_deck: Deck
) -> None:
    """With the Web Share API, the button hands it the card's title and public address, and
    copies nothing."""
    record = "navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };"
    with browsing(browser, keep_url, record) as page:
        page.goto(f"kaarten/{FIRST}/")
        page.get_by_role("button", name="Deel deze kaart").click()
        assert page.evaluate("window.__shared") == {
            "title": fixture_deck.card(FIRST).text["nl"].title,
            "url": card_address("nl", FIRST),
        }
        assert page.locator("[data-oc-status]").text_content() == ""


def test_where_copying_fails_the_address_shows_selected_in_a_field(browser, keep_url: str) -> None:
    """No share sheet and a clipboard that refuses: the address appears in a labelled text
    field, focused and selected whole, and the live region says to copy it."""
    refuse = NO_WEB_SHARE + (
        "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => ({"
        "writeText: () => Promise.reject(new DOMException('refused', 'NotAllowedError'))})});"
    )
    with browsing(browser, keep_url, refuse) as page:
        page.goto(f"kaarten/{SECOND}/")
        page.get_by_role("button", name="Deel deze kaart").click()
        field = page.get_by_label("Adres van deze kaart:")
        expect(field).to_be_visible()
        address = card_address("nl", SECOND)
        assert field.input_value() == address
        assert page.evaluate(
            "[document.activeElement.id, document.activeElement.selectionStart,"
            " document.activeElement.selectionEnd]"
        ) == ["oc-keep-address-field", 0, len(address)]
        expect(page.locator("[data-oc-status]")).to_have_text(
            "Kopiëren lukt hier niet. Het adres staat geselecteerd. Kopieer het zelf."
        )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_without_javascript_a_card_shows_its_address_and_no_star(
    browser, keep_url: str, language: str
) -> None:
    """With JavaScript off, the card page shows its public address as text and no star or
    share button; My cards says that keeping needs JavaScript and lists no card."""
    texts = {
        "nl": (
            "Adres van deze kaart: ",
            "Kaarten bewaren werkt alleen met JavaScript. Zet JavaScript aan in je browser. "
            "Ook dan blijft alles in je browser: er gaat niets naar de site.",
        ),
        "en": (
            "Address of this card: ",
            "Keeping cards needs JavaScript. Turn on JavaScript in your browser. Even then, "
            "everything stays in your browser: nothing is sent to the site.",
        ),
    }
    intro, explanation = texts[language]
    prefix = LANGUAGE_ROOT[language]
    with browsing(browser, keep_url, java_script_enabled=False) as page:
        page.goto(f"{prefix}kaarten/{SECOND}/")
        assert page.locator("[data-oc-address]").inner_text() == intro + card_address(
            language, SECOND
        )
        assert page.get_by_role("button").filter(has_text="Bewaar").count() == 0
        assert page.locator(".oc-keep button:visible").count() == 0
        page.goto(f"{prefix}mijn-kaarten/")
        assert page.locator(".oc-my-cards-nojs").inner_text() == explanation
        assert page.locator(".oc-my-cards").is_hidden()


def test_where_the_browser_stores_nothing_there_is_no_star_but_sharing_works(
    browser, keep_url: str
) -> None:
    """When local storage is refused (a locked-down browser): no star on a card page, the
    share button is there, and My cards says why it cannot keep cards."""
    refuse = (
        "Object.defineProperty(window, 'localStorage', {get: () => {"
        "throw new DOMException('refused', 'SecurityError'); }});"
    )
    with browsing(browser, keep_url, refuse) as page:
        page.goto(f"kaarten/{FIRST}/")
        assert page.locator("[data-oc-keep-button]").is_hidden()
        assert page.get_by_role("button", name="Deel deze kaart").is_visible()
        page.goto("mijn-kaarten/")
        assert page.locator("[data-oc-no-storage]").inner_text() == (
            "Deze browser laat de site niets bewaren, bijvoorbeeld in een privévenster. "
            "Daarom kun je hier geen kaarten bewaren."
        )
        assert page.locator(".oc-my-cards").is_hidden()
        assert page.locator(".oc-my-cards-nojs").is_hidden()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keep_share_and_my_cards_pass_axe_with_visible_focus_and_large_targets(
    browser, keep_url: str, scheme: str
) -> None:
    """A card page (kept, after a copy) and My cards (two cards, the question to remove all
    open) pass axe-core's WCAG 2.2 A and AA rules (in the dark scheme: its colour rules), at
    320 and 1280 px; every button is at least 24 × 24 px; the star, reached with Tab, shows
    a focus outline; every button's text keeps 4.5:1 while focused."""
    with browsing(browser, keep_url, NO_WEB_SHARE, color_scheme=scheme) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=keep_url)
        rules = "all" if scheme == "light" else "colour"
        found: dict[str, list[str]] = {}
        for card_id in (SECOND, FIRST):
            page.goto(f"kaarten/{card_id}/")
            page.get_by_role("button", name="Bewaar deze kaart").click()
        page.get_by_role("button", name="Deel deze kaart").click()
        expect(page.locator("[data-oc-status]")).to_have_text("Link gekopieerd")
        for width in (320, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.evaluate(SETTLED)
            found[f"card at {width}"] = axe_violations(page, inject=width == 320, rules=rules)
        sizes = page.locator(".oc-keep button").evaluate_all(
            "buttons => buttons.map(b => b.getBoundingClientRect())"
            ".map(r => [Math.floor(r.width), Math.floor(r.height)])"
        )
        assert len(sizes) == 2 and all(min(size) >= 24 for size in sizes), sizes
        page.goto(f"kaarten/{FIRST}/")  # (fresh: the keyboard starts at the top)
        outline = tab_and_read(
            page,
            60,
            "(() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return [e.hasAttribute('data-oc-keep-button'), s.outlineStyle, s.outlineWidth]; })()",
            until=lambda value: value[0],
        )[-1]
        assert outline[0] and outline[1] != "none" and outline[2] != "0px", outline
        found["focused on the card page"] = focused_contrast(page, ".oc-keep button")

        page.goto("mijn-kaarten/")
        page.get_by_role("button", name="Verwijder alle kaarten").click()
        for width in (320, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.evaluate(SETTLED)
            found[f"my cards at {width}"] = axe_violations(page, inject=width == 320, rules=rules)
        sizes = page.locator(".oc-my-cards button:visible, .oc-my-cards a.md-button").evaluate_all(
            "elements => elements.map(e => e.getBoundingClientRect())"
            ".map(r => [Math.floor(r.width), Math.floor(r.height)])"
        )
        # two remove buttons, the builder link, the presentation link, remove all, yes and no
        assert len(sizes) == 2 + 1 + 1 + 1 + 2 and all(min(size) >= 24 for size in sizes), sizes
        found["focused on my cards"] = focused_contrast(
            page, ".oc-my-cards button:visible, .oc-my-cards a.md-button"
        )
        assert page.violations() == []
    assert found == {name: [] for name in found}
