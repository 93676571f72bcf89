"""The published page locked down: a Content-Security-Policy on every page that allows only the
site's own files and the page's own inline code (by hash), no event handler attributes, and in
Chromium no violation on any page type, in both languages, while each page still does its job.
(The offline edition's pages: tests/test_offline.py; a renamed card's redirect page:
tests/test_reuse.py.)"""

from __future__ import annotations

import base64
import hashlib
import html
from pathlib import Path

import pytest

from outreach_cards.model import Deck
from outreach_cards.site.csp import add_policy, policy, source_hash

from .helpers import (
    CSP_META,
    LANGUAGE_ROOT,
    page_policy,
    policy_problems,
    read_page,
    search,
    skip_search_index,
    watch_policy,
)

FIXED = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; media-src 'self'; connect-src 'self'; worker-src 'self'; "
    "manifest-src 'self'; base-uri 'self'; form-action 'self'; object-src 'none'"
)


def sha256(text: str) -> str:
    """The CSP hash source of ``text``, computed here independently of the module."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# -- the module, on small pages -----------------------------------------------------------------


def test_a_page_without_inline_code_gets_the_fixed_policy_first_in_its_head() -> None:
    page = (
        '<!doctype html>\n<html><head>\n<meta charset="utf-8">\n<title>T</title>\n'
        '<script src="a.js"></script>\n<link rel="stylesheet" href="a.css">\n</head>'
        "<body><p>x</p></body></html>"
    )
    assert policy(page) == FIXED
    assert add_policy(page) == page.replace(
        '<meta charset="utf-8">',
        f'<meta charset="utf-8">\n<meta http-equiv="{CSP_META}" content="{FIXED}">',
    )
    assert "unsafe" not in add_policy(page)


def test_inline_scripts_and_styles_are_allowed_by_the_hash_of_their_exact_text() -> None:
    """A script's hash is base64(sha256) of its text; JSON data and src scripts need none; a
    style attribute's hash is of its decoded value, with 'unsafe-hashes'; each hash once."""
    script, style, declaration = 'var a = "é" < 2;\n', "p { color: red }", 'content: "x"'
    page = (
        f"<html><head><script>{script}</script>"
        '<script type="application/json">{"a": 1}</script><script src="x.js"></script>'
        f'<style>{style}</style></head><body><p style="content: &quot;x&quot;">a</p>'
        f'<p style=\'content: "x"\'>b</p><script type="module">{script}</script></body></html>'
    )
    assert sha256(script) == source_hash(script)
    assert policy(page) == FIXED.replace(
        "script-src 'self'", f"script-src 'self' {sha256(script)}"
    ).replace(
        "style-src 'self'",
        f"style-src 'self' {sha256(style)} 'unsafe-hashes' {sha256(declaration)}",
    )
    with_policy = add_policy(page)
    assert with_policy.startswith(f'<html><head>\n<meta http-equiv="{CSP_META}" content="')
    assert "unsafe-inline" not in with_policy
    # (added again, e.g. to a page that changed: still one policy, the same)
    assert add_policy(with_policy) == with_policy
    assert page_policy(read_page(Path("page.html"), with_policy))[0]["script-src"] == [
        "'self'",
        sha256(script),
    ]


def test_the_preview_of_mkdocs_serve_allows_its_live_reload_script() -> None:
    """`mkdocs serve` adds an inline script that differs on each request: the preview's
    policy allows inline scripts (and so no hashes); all else stays as built."""
    page = "<html><head><script>a()</script></head><body><p style='color: red'>x</p></body>"
    assert policy(page, preview=True) == policy(page).replace(
        f"script-src 'self' {sha256('a()')}", "script-src 'self' 'unsafe-inline'"
    )
    assert "'unsafe-inline'" not in policy(page)


def test_a_page_without_head_is_refused() -> None:
    with pytest.raises(ValueError, match="without <head>"):
        add_policy("<p>a fragment</p>")


# -- the built site -----------------------------------------------------------------------------


def test_every_page_has_one_policy_that_allows_its_inline_code(built_site: Path) -> None:
    """Every HTML file of the site (both languages, cards, themes, sets, builder, glossary,
    404, embed pages) has exactly one policy, early in <head>, with the hash of each inline
    script, style and style attribute; none has an event handler attribute or
    'unsafe-inline'."""
    paths = sorted(built_site.rglob("*.html"))
    assert len(paths) > 100
    problems = [problem for path in paths for problem in policy_problems(path)]
    assert problems == []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        head = text[text.index("<head") : text.index("</head>")]
        meta = head.index(f'<meta http-equiv="{CSP_META}"')
        others = [head.find(tag) for tag in ("<script", "<link", "<style")]
        assert meta < min((at for at in others if at >= 0), default=len(head)), path
        content = html.unescape(head[meta:].split('content="', 1)[1].split('"', 1)[0])
        fixed = "; ".join(
            " ".join(word for word in part.split() if not word.startswith("'sha256-"))
            for part in content.split("; ")
        ).replace(" 'unsafe-hashes'", "")
        assert fixed == FIXED, path


# -- in Chromium --------------------------------------------------------------------------------

SEARCHES = {
    # (the set "Intervisie: blijven aanklampen" ranks above the card: see test_browser)
    "nl": ("aanklampen", "/sets/intervisie-aanklampen/"),
    "en": ("persistence", "/en/kaarten/blijf-aanklampen/"),
}
# What a blocked script or style leaves undone, as a list (empty when all ran): Material's
# bundle marks <html> with "js", its inline scripts define __md_get, and a blocked style
# attribute leaves its element's style empty (Material's own scripts leave some style="").
STYLES_DROPPED = """[...document.querySelectorAll("[style]")]
    .filter((element) => element.getAttribute("style").trim() && element.style.length === 0)
    .map((element) => "style dropped: " + element.outerHTML.slice(0, 120))"""
NOT_RAN = f"""() => [
    ...(document.documentElement.classList.contains("js") ? [] : ["Material's bundle"]),
    ...(typeof __md_get === "function" ? [] : ["Material's inline script"]),
    ...{STYLES_DROPPED}]"""
STYLES_NOT_APPLIED = f"() => {STYLES_DROPPED}"


def _card_with_terms(built_site: Path, deck: Deck) -> str:
    """The first card whose page links a glossary term (a tooltip to open)."""
    for card in deck.cards:
        if read_page(built_site / "kaarten" / card.id / "index.html").find("a", class_="oc-term"):
            return card.id
    raise AssertionError("no card page links a glossary term")


@pytest.mark.search
@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_page_type_reports_a_violation_and_each_does_its_job(
    browser, site_url: str, built_site: Path, deck: Deck, language: str
) -> None:
    """One page of each type, in each language, opened in Chromium: no policy violation in
    the page or its frames, and each page works (search finds, the builder picks, a term's
    tooltip opens, a kept card shows on My cards, the filters filter, the embedded card shows
    in the sandboxed snippet)."""
    root = LANGUAGE_ROOT[language]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site_url)
    searching = {"on": False}  # (the search index only where a step needs it)
    skip_search_index(context, unless=lambda: searching["on"])
    violations = watch_policy(context)
    page = context.new_page()
    card_id = _card_with_terms(built_site, deck)
    card = deck.card(card_id)
    reports: dict[str, list[str]] = {}
    try:
        # a card, with a glossary term's tooltip (which Material shows only once the search
        # index has loaded)
        searching["on"] = True
        page.goto(f"{root}kaarten/{card_id}/")
        assert page.locator("h1").first.text_content() == card.text[language].title
        assert page.evaluate(NOT_RAN) == []
        page.hover("a.oc-term")
        page.wait_for_selector(".md-tooltip2--active")
        searching["on"] = False
        reports["card"] = violations(page)

        for name, path in (
            ("theme", f"themas/{card.theme}/"),
            ("set", f"sets/{deck.sets[0].id}/"),
            ("glossary", "woordenlijst/"),
        ):
            page.goto(root + path)
            assert page.locator("h1").first.text_content().strip(), name
            assert page.evaluate(NOT_RAN) == [], name
            reports[name] = violations(page)

        # keeping a card (keep.js): the card's star, then the card on My cards
        page.goto(f"{root}kaarten/{card_id}/")
        page.click("[data-oc-keep-button]")
        page.goto(f"{root}mijn-kaarten/")
        assert page.locator("li:visible > a[data-oc-card]").all_text_contents() == [
            card.text[language].title
        ]
        reports["my cards"] = violations(page)

        # the deck builder: picking a card enables printing
        page.goto(f"{root}samenstellen/")
        assert page.locator("[data-oc-print]").is_disabled()
        page.check(f"#oc-pick-{card_id}")
        assert page.locator("[data-oc-print]").is_enabled()
        reports["builder"] = violations(page)

        # the presentation mode: a key turns the card (present.js)
        page.goto(f"{root}presenteren/?theme={card.theme}")
        before = page.locator("[data-oc-status]").text_content()
        page.keyboard.press("Space")
        assert page.locator("[data-oc-status]").text_content() != before
        assert page.evaluate(NOT_RAN) == []
        reports["presentation"] = violations(page)

        # the offline page (what the service worker shows for an unknown address)
        page.goto(f"{root}niet-verbonden/")
        assert page.locator("h1").first.text_content().strip()
        reports["offline page"] = violations(page)

        if language == "nl":
            # the overview's filters (deck.js)
            page.goto("kaarten/")
            page.select_option("#oc-filter-theme", card.theme)
            expected = sum(1 for other in deck.cards if other.theme == card.theme)
            assert page.locator("li[data-oc-item]:visible").count() == expected
            reports["overview"] = violations(page)
            page.goto("404.html")  # (one for the whole site)
            assert page.evaluate(NOT_RAN) == []
            reports["404"] = violations(page)
            # the embed page, in the snippet's sandboxed iframe in another site's page
            path = built_site / "kaarten" / card_id / "index.html"
            snippet = read_page(path).find("pre", class_="oc-embed-snippet")[0].text
            start = snippet.index('src="') + len('src="')
            snippet = snippet[:start] + site_url + snippet[snippet.index("embed/", start) :]
            outside = context.new_page()
            outside.set_content(
                "<!doctype html><title>Intranet</title>" + snippet.replace(' loading="lazy"', "")
            )
            frame = outside.frame_locator("iframe")
            assert frame.locator("h1").text_content() == card.text[language].title
            assert outside.frames[1].evaluate(STYLES_NOT_APPLIED) == []
            reports["embed"] = violations(outside)
            outside.close()
        else:
            page.goto(f"{root}embed/{card_id}/")
            assert page.locator("h1").text_content() == card.text[language].title
            assert page.evaluate(STYLES_NOT_APPLIED) == []
            reports["embed"] = violations(page)

        # home, with a search typed (last: the next page would open with the search open)
        searching["on"] = True
        page.goto(root)
        query, first = SEARCHES[language]
        hits = search(page, query)
        assert hits[0] == first
        searching["on"] = False
        assert page.evaluate(NOT_RAN) == []
        reports["home"] = violations(page)
    finally:
        context.close()
    assert {name: found for name, found in reports.items() if found} == {}
