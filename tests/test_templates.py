"""The site's templates: autoescape everywhere, plain text escaped once, Markdown passed through,
and the shared partials (filters, tip groups) giving each page the markup it had."""

from __future__ import annotations

import html
import importlib
import inspect
import json
import pkgutil
import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
import yaml

import outreach_cards
from outreach_cards.model import Deck
from outreach_cards.site import pages

from .helpers import FIXTURE_DECK, build, copy_project

# A card title with every character HTML escapes: &, <, > and both quotes (the checker refuses
# only what looks like a tag; "<12" does not).
NASTY_TITLE = 'Gast & gastheer: <12 jaar, "thuis" en \'s avonds > 1 uur'
NASTY_CARD = "huisbezoek-als-gast"  # (a card of the fixture deck)


# -- every environment escapes ----------------------------------------------------------------


def _environment_factories() -> list[str]:
    """Every function of the package whose return annotation is a Jinja Environment, found by
    importing each module (a new environment elsewhere is found without editing this test)."""
    found = []
    for module_info in pkgutil.walk_packages(outreach_cards.__path__, "outreach_cards."):
        if module_info.name.endswith(".__main__"):  # runs the command line when imported
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            function = inspect.unwrap(value) if callable(value) else value  # through @cache
            if (
                inspect.isfunction(function)
                and function.__module__ == module.__name__
                and str(inspect.signature(function).return_annotation)
                in ("Environment", "jinja2.Environment", str(jinja2.Environment))
            ):
                found.append(f"{module.__name__}.{name}")
    return sorted(found)


FACTORIES = _environment_factories()


def test_the_site_environment_is_among_the_factories_found() -> None:
    """The introspection finds the site's environment and the print layout's (it cannot find
    nothing and pass)."""
    assert "outreach_cards.site.pages._environment" in FACTORIES
    assert "outreach_cards.print.layout._templates" in FACTORIES


@pytest.mark.parametrize("factory", FACTORIES)
def test_every_jinja_environment_of_the_package_autoescapes(factory: str, deck: Deck) -> None:
    """Each environment escapes every one of its templates by default."""
    module, _, name = factory.rpartition(".")
    function = getattr(importlib.import_module(module), name)
    arguments = {"deck": deck, "language": deck.default_language}
    parameters = inspect.signature(function).parameters
    missing = [parameter for parameter in parameters if parameter not in arguments]
    assert not missing, f"{factory}: give the test a value for {missing}"
    env = function(**{parameter: arguments[parameter] for parameter in parameters})
    names = env.list_templates()
    assert names, f"{factory}: no templates"
    unescaped = [
        template
        for template in names
        if not (env.autoescape(template) if callable(env.autoescape) else env.autoescape)
    ]
    assert unescaped == []


# -- escaping in the templates ----------------------------------------------------------------


def _env(deck: Deck, language: str = "nl") -> jinja2.Environment:
    return pages._environment(deck, language)


def _macro(deck: Deck, template: str, name: str, language: str = "nl"):
    context = dict(pages._context(deck, language), site_name="Kaarten & co")
    module = _env(deck, language).get_template(template).make_module(context)
    return getattr(module, name)


def test_an_attribute_value_with_quotes_is_escaped(deck: Deck) -> None:
    """The embed snippet's title attribute escapes both quotes, & and <."""
    snippet = _macro(deck, "partials/embed_snippet.html.j2", "embed_snippet")
    assert str(snippet("https://x.example/embed/a/?b=1&c=2", "Zeg \"ja\" & 'nee' <3")) == (
        '<iframe src="https://x.example/embed/a/?b=1&amp;c=2" '
        'title="Zeg &#34;ja&#34; &amp; &#39;nee&#39; &lt;3 — Kaarten &amp; co" width="100%" '
        'height="560" style="border: 1px solid #ccc; max-width: 36rem" loading="lazy" '
        'sandbox="allow-popups allow-popups-to-escape-sandbox allow-same-origin" '
        'referrerpolicy="no-referrer"></iframe>'
    )


def test_front_matter_is_escaped_for_yaml_not_for_html(deck: Deck) -> None:
    """yaml_string escapes backslash and double quote only; the result is not escaped again."""
    template = _env(deck).from_string('title: "{{ value | yaml_string }}"')
    assert template.render(value='A & "B" \\ <c>') == 'title: "A & \\"B\\" \\\\ <c>"'


def test_markdown_passes_through_and_plain_text_is_escaped(deck: Deck) -> None:
    """The markdown filter keeps an editor's Markdown (an autolink too); plain text is escaped;
    oneline keeps Markdown unescaped."""
    template = _env(deck).from_string(
        "{{ md | markdown }} | {{ plain }} | {{ md | markdown | oneline }}"
    )
    assert template.render(md="*a* <https://x.example/?a=1&b=2>\n  & b", plain="a & <b>") == (
        "*a* <https://x.example/?a=1&b=2>\n  & b | a &amp; &lt;b&gt; | "
        "*a* <https://x.example/?a=1&b=2> & b"
    )


def test_print_layout_marker_is_put_in_as_a_comment(deck: Deck) -> None:
    """The marker is Markup (an HTML comment), its parts escaped."""
    from outreach_cards.site.print_section import print_layout_marker

    template = _env(deck).from_string("{{ marker }}")
    assert template.render(marker=print_layout_marker("nl", "huisbezoek")) == (
        "<!-- oc-print-layout nl huisbezoek -->"
    )
    assert str(print_layout_marker("nl", 'a"b')) == "<!-- oc-print-layout nl a&#34;b -->"


def test_redirect_page_is_escaped_and_its_script_gets_json(deck: Deck, tmp_path: Path) -> None:
    """The page at an old card address: title escaped, link in the script as JSON."""
    page = (
        _env(deck)
        .get_template("redirect.html.j2")
        .render(pages._context(deck, "nl"), title="A & 'B'", link="../nieuw/")
    )
    assert page == (
        '<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Deze kaart heeft een nieuw adres: A &amp; &#39;B&#39;</title>\n"
        '<meta name="robots" content="noindex">\n'
        '<meta http-equiv="refresh" content="0; url=../nieuw/">\n'
        '<script>location.replace("../nieuw/" + location.hash);</script>\n</head>\n'
        '<body>\n<p>Deze kaart heeft een nieuw adres: <a href="../nieuw/">A &amp; &#39;B&#39;</a>'
        "</p>\n</body>\n</html>\n"
    )


# -- shared partials --------------------------------------------------------------------------


def test_overview_and_builder_share_the_card_filters(deck: Deck) -> None:
    """One macro: the overview's selects carry a name, the builder's do not; ids differ."""
    filters = _macro(deck, "partials/filters.html.j2", "card_filters")
    overview = str(filters("oc-filter-", named=True))
    builder = str(filters("oc-builder-", named=False))
    assert overview.count("<select ") == builder.count("<select ") == 3
    assert (
        '<p><label for="oc-filter-audience">Voor wie</label>\n'
        '<select id="oc-filter-audience" name="audience" data-oc-key="audience">'
        '<option value="">Alle</option><option value="professional">'
    ) in overview
    assert (
        '<p><label for="oc-builder-place">Plek</label>\n'
        '<select id="oc-builder-place" data-oc-key="places"><option value="">Alle</option>'
    ) in builder
    assert (
        overview.replace(' name="theme"', "")
        .replace(' name="audience"', "")
        .replace(' name="place"', "")
        .replace("oc-filter-", "oc-builder-")
        == builder
    )


def test_card_and_embed_pages_share_the_tip_groups(deck: Deck) -> None:
    """The same tip groups under ### on the card page and ## on the embed page."""
    rendered = pages.render_site(deck, None)
    card = deck.card("huisbezoek")
    first = next(tip for tip in card.text["nl"].tips if tip.audience == "professional")
    card_page, embed_page = rendered[f"kaarten/{card.id}.md"], rendered[f"embed/{card.id}.md"]
    assert (
        f"## Tips {{ #tips }}\n\n### Voor de professional {{ #tips-professional }}\n\n\n"
        f"- {first.text}\n"
    ) in card_page
    on_card = card_page.split("## Tips { #tips }\n", 1)[1].split("\n## ", 1)[0]
    on_embed = embed_page.split('<div class="oc-embed-back" markdown>\n', 1)[1]
    on_embed = on_embed.split("\n</div>", 1)[0]
    assert on_card.count("\n### ") == 2
    assert on_card.replace("\n### ", "\n## ") == on_embed


# -- a real build with a title full of special characters -------------------------------------


class _Text(HTMLParser):
    """The text of the elements that match ``wanted(tag, attributes)``, entities decoded."""

    def __init__(self, wanted) -> None:
        super().__init__(convert_charrefs=True)
        self.wanted, self.depth, self.found, self.current = wanted, 0, [], []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.depth:
            self.depth += 1
        elif self.wanted(tag, dict(attrs)):
            self.depth, self.current = 1, []

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if not self.depth:
                self.found.append("".join(self.current))

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.current.append(data)


def _texts(page: str, wanted) -> list[str]:
    parser = _Text(wanted)
    parser.feed(page)
    return [" ".join(text.split()) for text in parser.found]


@pytest.fixture(scope="module")
def nasty_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project, with the fixture deck, one card's Dutch title full of special characters,
    built (no PDFs)."""
    project = copy_project(tmp_path_factory.mktemp("nasty"), cards=FIXTURE_DECK)
    card = project / "cards" / f"{NASTY_CARD}.yaml"
    text = card.read_text(encoding="utf-8")
    assert text.count("    title: Op huisbezoek ben je de gast\n") == 1
    card.write_text(
        text.replace(
            "    title: Op huisbezoek ben je de gast\n", f"    title: {json.dumps(NASTY_TITLE)}\n"
        ),
        encoding="utf-8",
    )
    result = build(project, OUTREACH_CARDS_PDFS="false")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_special_title_in_the_page_title_and_heading(nasty_site: Path) -> None:
    """MkDocs reads the title from the front matter as written (not HTML-escaped: Material puts
    it into attributes with |e); <title> and <h1> read exactly the title (escaped once)."""
    source = nasty_site.parent / "docs" / "kaarten" / f"{NASTY_CARD}.md"
    markdown = source.read_text(encoding="utf-8")
    assert yaml.safe_load(markdown.split("---\n")[1])["title"] == NASTY_TITLE
    page = (nasty_site / "kaarten" / NASTY_CARD / "index.html").read_text(encoding="utf-8")
    assert _texts(page, lambda tag, attrs: tag == "title") == [
        f"{NASTY_TITLE} - Outreachend werken — inspiratiekaarten"
    ]
    assert _texts(page, lambda tag, attrs: tag == "h1") == [NASTY_TITLE]
    assert "&amp;amp;" not in page.split('<pre class="oc-embed-snippet">')[0]


def test_special_title_in_the_navigation(nasty_site: Path) -> None:
    """The header's page title, the overview's list and the theme page's list read exactly the
    title."""
    page = (nasty_site / "kaarten" / NASTY_CARD / "index.html").read_text(encoding="utf-8")
    assert _texts(
        page,
        lambda tag, attrs: (
            "md-header__topic" in attrs.get("class", "")
            and attrs.get("data-md-component") == "header-topic"
        ),
    ) == [NASTY_TITLE]
    # (the overview and the theme page show the card as a tile: number, theme, title, front)
    overview = (nasty_site / "kaarten" / "index.html").read_text(encoding="utf-8")
    (tile,) = _texts(
        overview, lambda tag, attrs: tag == "a" and attrs.get("href") == f"{NASTY_CARD}/"
    )
    assert tile.startswith(f"Kaart 3 Waar? {NASTY_TITLE} Bij mensen thuis")
    theme = (nasty_site / "themas" / "waar" / "index.html").read_text(encoding="utf-8")
    (tile,) = _texts(
        theme, lambda tag, attrs: tag == "a" and attrs.get("href") == f"../../kaarten/{NASTY_CARD}/"
    )
    assert tile.startswith(f"Kaart 3 Waar? {NASTY_TITLE} Bij mensen thuis")
    for page in (overview, theme):
        titles = _texts(page, lambda tag, attrs: attrs.get("class") == "oc-tile-title")
        assert titles.count(NASTY_TITLE) == 1


def test_special_title_in_the_search_index(nasty_site: Path) -> None:
    """The card page's entry in Material's search index has the title, escaped once."""
    index = nasty_site / "search" / "search_index.json"
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    entry = next(doc for doc in docs if doc["location"] == f"kaarten/{NASTY_CARD}/")
    assert entry["title"] == html.escape(NASTY_TITLE, quote=False)
    assert html.unescape(entry["title"]) == NASTY_TITLE


def test_special_title_in_the_embed_snippet_attribute(nasty_site: Path) -> None:
    """The snippet shown on the card page is HTML whose iframe title attribute is the title."""
    page = (nasty_site / "kaarten" / NASTY_CARD / "index.html").read_text(encoding="utf-8")
    code = re.search(r'<pre class="oc-embed-snippet"><code>(.*?)</code>', page).group(1)
    snippet = html.unescape(code)
    assert (
        'title="Gast &amp; gastheer: &lt;12 jaar, &#34;thuis&#34; en &#39;s avonds &gt; '
        '1 uur — Outreachend werken — inspiratiekaarten"' in snippet
    )

    class Iframe(HTMLParser):
        title = None

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag == "iframe":
                Iframe.title = dict(attrs)["title"]

    Iframe().feed(snippet)
    assert Iframe.title == f"{NASTY_TITLE} — Outreachend werken — inspiratiekaarten"
