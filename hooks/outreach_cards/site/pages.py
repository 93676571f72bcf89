"""Render the deck into Markdown pages for the site, one file per page per language.

The pages are ordinary Markdown files that MkDocs and mkdocs-static-i18n then treat like any
hand-written page (language switcher, search, link validation). A default-language page is
``<name>.md``, another language's ``<name>.<lang>.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .. import urls
from ..atomic import copy_atomic, write_text_atomic
from ..icons import icon_svg
from ..locales import format_number, labels_for
from ..model import Card, Deck, Term, Testimony, Tip
from ..print.layout import card_css
from ..settings import Brand
from ..urls import GENERATED_DIRS
from .csp import add_policy
from .htmlfix import ROOT_LINK
from .present import BACK_TIPS, present_selections
from .print_section import PrintedDeck, card_print_context, print_layout_marker, print_page_context

__all__ = ["GENERATED_DIRS", "render_site", "write_pages"]
TIP_AUDIENCES = ("professional", "organisation")
SEARCH_CSS = f"{urls.CARDS}/search.css"


def page_name(stem: str, language: str, deck: Deck) -> str:
    """``kaarten/x`` → ``kaarten/x.md`` (default language) or ``kaarten/x.en.md``."""
    return urls.page_source(stem, language, deck.default_language)


def render_site(
    deck: Deck,
    printed: PrintedDeck | None = None,
    site_url: str = "http://127.0.0.1:8000/",
    brand: Brand | None = None,
    languages: tuple[str, ...] | None = None,
    embeds: bool = True,
) -> dict[str, str]:
    """Every generated page, as ``{path under docs/: Markdown}``; ``brand``: the site's name
    (the embedded cards name it), taken from the print settings when there are PDFs.
    ``languages``: only these of the deck's (the quick preview builds one); ``embeds=False``
    leaves out the embedded cards' pages (the preview too).

    With ``printed`` (the print step's result), each card page gets its print section (a link
    to its PDF and the print layout for the browser) and the print page lists every PDF.
    """
    if printed is not None:
        site_url, brand = printed.settings.site_url, printed.settings.brand
    brand = brand or Brand({}, {}, deck.default_language)

    # The print layout's stylesheet, for the browser's print of a card page (mkdocs.yml's
    # extra_css); the PDFs embed the same file.
    pages: dict[str, str] = {urls.CARD_CSS: card_css()}
    # The search results of card pages in their theme colour (mkdocs.yml's extra_css).
    pages[SEARCH_CSS] = (
        _environment(deck, deck.default_language)
        .get_template("search.css.j2")
        .render(_context(deck, deck.default_language))
    )
    for language in deck.languages if languages is None else languages:
        env = _environment(deck, language)
        common = dict(_context(deck, language), site_name=brand.name(language))
        addresses = urls.Urls(site_url, deck.default_language)
        audio_root = ROOT_LINK + urls.site_root_from(language, deck.default_language)
        for card in deck.cards:
            text = card.text[language]
            card_common = dict(
                common,
                card=card,
                text=text,
                theme=deck.theme(card.theme),
                tip_groups=_tip_groups(text.tips),
                audio_root=audio_root,
            )
            section = (
                card_print_context(deck, card, language, printed)
                if printed
                else {"print_file": None, "print_facts": None, "print_layout": None}
            )
            pages[page_name(f"{urls.CARDS}/{card.id}", language, deck)] = env.get_template(
                "card.md.j2"
            ).render(
                card_common,
                **section,
                embed_url=addresses.page(language, urls.embed_page(card.id)),
                card_url=addresses.card(language, card.id),
            )
            if embeds:
                pages[page_name(f"{urls.EMBED}/{card.id}", language, deck)] = env.get_template(
                    "embed.md.j2"
                ).render(card_common)
        if printed:
            pages[page_name(f"{urls.PRINT}/index", language, deck)] = env.get_template(
                "print.md.j2"
            ).render(common, **print_page_context(deck, language, printed))
        else:
            # A page that only says why its content is missing.
            pages[page_name(f"{urls.PRINT}/index", language, deck)] = env.get_template(
                "notice.md.j2"
            ).render(title=common["L"]["print_page_title"], text=common["L"]["print_off"])
        for card_set in deck.sets:
            pages[page_name(f"{urls.SETS}/{card_set.id}", language, deck)] = env.get_template(
                "set.md.j2"
            ).render(
                common,
                card_set=card_set,
                cards=deck.cards_in_set(card_set.id),
                printed=printed,
                files=_set_files(card_set.id, language, printed),
            )
        pages[page_name(f"{urls.SETS}/index", language, deck)] = env.get_template(
            "sets.md.j2"
        ).render(common)
        pages[page_name(f"{urls.BUILDER}/index", language, deck)] = env.get_template(
            "builder.md.j2"
        ).render(
            common,
            printed=printed,
            fragments={card.id: print_layout_marker(language, card.id) for card in deck.cards}
            if printed
            else {},
        )
        # the cards a reader kept in this browser (keep.js), with a link to print them in the
        # deck builder when the builder can print
        pages[page_name(f"{urls.MY_CARDS}/index", language, deck)] = env.get_template(
            "my_cards.md.j2"
        ).render(common, printed=printed)
        pages[page_name(f"{urls.CARDS}/index", language, deck)] = env.get_template(
            "overview.md.j2"
        ).render(common)
        for theme in deck.themes:
            pages[page_name(f"{urls.THEMES}/{theme.key}", language, deck)] = env.get_template(
                "theme.md.j2"
            ).render(common, theme=theme, cards=deck.cards_in_theme(theme.key))
        pages[page_name(f"{urls.THEMES}/index", language, deck)] = env.get_template(
            "themes.md.j2"
        ).render(common)
        pages[page_name(f"{urls.TESTIMONIES}/index", language, deck)] = env.get_template(
            "testimonies.md.j2"
        ).render(common, testimonies_by_role=_testimonies_by_role(deck))
        pages[page_name(f"{urls.TIPS}/index", language, deck)] = env.get_template(
            "tips.md.j2"
        ).render(common, tips_by_audience=_tips_by_audience(deck, language))
        pages[page_name(f"{urls.SITUATIONS}/index", language, deck)] = env.get_template(
            "situations.md.j2"
        ).render(common)
        for situation in deck.situations:
            pages[page_name(f"{urls.SITUATIONS}/{situation.key}", language, deck)] = (
                env.get_template("situation.md.j2").render(common, situation=situation)
            )
        pages[page_name(f"{urls.FORMATS}/index", language, deck)] = env.get_template(
            "formats.md.j2"
        ).render(common)
        for work_format in deck.formats:
            pages[page_name(f"{urls.FORMATS}/{work_format.id}", language, deck)] = env.get_template(
                "format.md.j2"
            ).render(
                common,
                work_format=work_format,
                sheet=printed.result.file(language, urls.format_sheet_pdf(work_format.id))
                if printed
                else None,
            )
        pages[page_name(f"{urls.PRESENT}/index", language, deck)] = env.get_template(
            "present.md.j2"
        ).render(common, selections=present_selections(deck, language), back_tips=BACK_TIPS)
        pages[page_name(f"{urls.GLOSSARY}/index", language, deck)] = env.get_template(
            "glossary.md.j2"
        ).render(
            common,
            terms=[(term, deck.cards_using(term)) for term in deck.glossary],
            sources=deck.sources,
        )
    return {name: urls.resolve_card_links(markdown, name) for name, markdown in pages.items()}


def write_redirects(
    deck: Deck, language: str, site_root: Path, directory_urls: bool, result=None, embeds=True
) -> int:
    """For every old id in the redirect list: a page at the old card address and at the old
    embed address (``embeds``: unless the site has no embedded cards) that leads to the card's
    current one, and the card's PDF under its old name (a static host cannot redirect a file).
    Returns the number of files written."""
    page = _environment(deck, language).get_template("redirect.html.j2")
    written = 0
    for old, new in deck.redirects.items():
        title = deck.card(new).text[language].title
        for folder in (urls.CARDS, urls.EMBED) if embeds else (urls.CARDS,):
            if directory_urls:
                target, link = site_root / folder / old / "index.html", f"../{new}/"
            else:
                target, link = site_root / folder / f"{old}.html", f"{new}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            html = page.render(_context(deck, language), title=title, link=link)
            write_text_atomic(target, add_policy(html))
            written += 1
        if result is not None:
            pdf = result.file(language, urls.card_pdf(new))
            target = site_root / urls.card_pdf(old)
            target.parent.mkdir(parents=True, exist_ok=True)
            copy_atomic(pdf.cache_file, target)
            written += 1
    return written


def copy_audio(deck: Deck, site_root: Path) -> int:
    """Copy the cards' sound files into ``audio/`` of the site (shared by all languages)."""
    copied = 0
    for card in deck.cards:
        for fragment in card.audio:
            source, target = (
                deck.audio_dir / fragment.file,
                site_root / urls.audio_file(fragment.file),
            )
            if not target.is_file() or target.read_bytes() != source.read_bytes():
                target.parent.mkdir(parents=True, exist_ok=True)
                copy_atomic(source, target)
                copied += 1
    return copied


def _set_files(set_id: str, language: str, printed: PrintedDeck | None) -> list:
    """The set's PDFs (deck, A4 sheets, to fold, the facilitator sheet), when the print step
    ran."""
    if printed is None:
        return []
    return [
        printed.result.file(language, urls.set_pdf(set_id, sheets, fold))
        for sheets, fold in ((False, False), (True, False), (False, True))
    ] + [printed.result.file(language, urls.set_sheet_pdf(set_id))]


def render_sources(deck: Deck, language: str) -> str:
    """The Markdown list of all sources, for the about page's marker."""
    return _environment(deck, language).get_template("sources.md.j2").render(deck=deck).strip()


def render_coverage(deck: Deck, language: str) -> str:
    """The coverage map: every section of every source, with the cards that cover it."""
    return (
        _environment(deck, language)
        .get_template("coverage.md.j2")
        .render(deck=deck, lang=language, L=labels_for(language), covering=deck.covering())
        .strip()
    )


def render_situations(deck: Deck, language: str) -> str:
    """The situations as links, for the home page's marker ("Waar sta je voor?")."""
    return (
        _environment(deck, language)
        .get_template("partials/situation_list.md.j2")
        .render(_context(deck, language), folder=f"{urls.SITUATIONS}/")
        .strip()
    )


# Markers that hand-written pages may hold, and what replaces them.
MARKERS = {
    "<!-- outreach-cards:sources -->": render_sources,
    "<!-- outreach-cards:coverage -->": render_coverage,
    "<!-- outreach-cards:situations -->": render_situations,
}
# A link to a card or a set as an example, e.g. ``<!-- outreach-cards:set eerste-week -->``:
# that one where the site has it, else the first card, or the first set published
# (``extra.sets``), or the sets page when none is. So an organisation's copy with its own
# cards and sets builds (strict) without editing the hand-written pages.
EXAMPLE_MARKER = re.compile(r"<!-- outreach-cards:(card|set) ([a-z0-9-]+) -->")


def render_example(deck: Deck, language: str, kind: str, wanted: str) -> str:
    """The Markdown link an example marker stands for (see ``EXAMPLE_MARKER``)."""
    if kind == "card":
        card = deck.card(wanted) if wanted in {card.id for card in deck.cards} else deck.cards[0]
        return f"[{card.text[language].title}]({urls.card_source(card.id)})"
    chosen = next((item for item in deck.sets if item.id == wanted), None)
    chosen = chosen or (deck.sets[0] if deck.sets else None)
    if chosen is None:
        return f"[{labels_for(language)['sets_title']}]({urls.SETS}/index.md)"
    return f"[{chosen.title[language]}]({urls.set_source(chosen.id)})"


OFFLINE_MARKER = "<!-- outreach-cards:offline -->"
SITE_NAME_MARKER = "<!-- outreach-cards:site-name -->"


def render_offline(deck: Deck, language: str, offline: bool, slug: str) -> str:
    """The home page's offline paragraph: the download link, or, in the offline edition
    itself, a line saying so (the zip is not inside itself). ``slug`` names the zip and its
    folder (``Brand.slug``)."""
    from ..offline import zip_path

    prefix = urls.site_root_from(language, deck.default_language)
    return (
        _environment(deck, language)
        .get_template("offline.md.j2")
        .render(_context(deck, language), offline=offline, zip=prefix + zip_path(slug), folder=slug)
    )


def expand_markers(
    markdown: str, deck: Deck, language: str, *, brand: Brand, offline: bool = False
) -> str:
    """Replace every marker in ``markdown`` with what it stands for, in ``language``
    (``brand``: the site's name, also as the offline zip's file name)."""
    slug = brand.slug
    if SITE_NAME_MARKER in markdown:
        markdown = markdown.replace(SITE_NAME_MARKER, brand.name(language))
    for marker, render in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render(deck, language))
    if "<!-- outreach-cards:" in markdown:
        markdown = EXAMPLE_MARKER.sub(
            lambda match: render_example(deck, language, match[1], match[2]), markdown
        )
    if OFFLINE_MARKER in markdown:
        markdown = markdown.replace(OFFLINE_MARKER, render_offline(deck, language, offline, slug))
    return markdown


def write_pages(docs_dir: Path, pages: dict[str, str]) -> list[str]:
    """Write ``pages`` under ``docs_dir``; remove stale files in the generated folders.

    A file is written only when its content changed, so ``mkdocs serve`` (which watches
    docs/) does not rebuild in a loop. Returns the paths written or removed.
    """
    changed: list[str] = []
    for name, content in pages.items():
        target = docs_dir / name
        if not target.is_file() or target.read_text(encoding="utf-8") != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(target, content)
            changed.append(name)
    for folder in GENERATED_DIRS:
        for path in sorted((docs_dir / folder).rglob("*")) if (docs_dir / folder).is_dir() else ():
            name = path.relative_to(docs_dir).as_posix()
            if path.is_file() and name not in pages:
                path.unlink()
                changed.append(name)
    return changed


def _tip_groups(tips: Iterable[Tip]) -> list[tuple[str, list[Tip]]]:
    groups = [
        (audience, [tip for tip in tips if tip.audience == audience]) for audience in TIP_AUDIENCES
    ]
    return [(audience, items) for audience, items in groups if items]


def _testimonies_by_role(deck: Deck) -> list[tuple[str, list[tuple[Card, int, Testimony]]]]:
    groups = []
    for role in deck.vocabularies.speaker_roles:
        items = [
            (card, index, testimony)
            for card in deck.cards
            for index, testimony in enumerate(card.testimonies, start=1)
            if testimony.speaker == role
        ]
        if items:
            groups.append((role, items))
    return groups


def _tips_by_audience(deck: Deck, language: str) -> list[tuple[str, list[tuple[Card, Tip]]]]:
    groups = []
    for audience in TIP_AUDIENCES:
        items = [
            (card, tip)
            for card in deck.cards
            for tip in card.text[language].tips
            if tip.audience == audience
        ]
        if items:
            groups.append((audience, items))
    return groups


class CompiledTemplates(BytecodeCache):
    """Compiled templates, shared by the environments of every language and every rebuild of
    `mkdocs serve`: a template is compiled once per process (again only when its source
    changes: the key holds its name and the checksum of its source). The hook gives the
    theme's environment the same cache."""

    def __init__(self) -> None:
        self.code: dict[tuple[str, str], object] = {}

    def load_bytecode(self, bucket) -> None:
        bucket.code = self.code.get((bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket) -> None:
        self.code[(bucket.key, bucket.checksum)] = bucket.code


COMPILED_TEMPLATES = CompiledTemplates()


def _context(deck: Deck, language: str) -> dict:
    """What every template may read: the deck, its vocabularies, the language and its labels."""
    return {"deck": deck, "vocab": deck.vocabularies, "lang": language, "L": labels_for(language)}


def _environment(deck: Deck, language: str) -> Environment:
    """The templates of ``language``'s pages. Autoescape is on, for the Markdown templates too:
    what they put in is plain text (titles, labels, terms) and is escaped, also in Markdown text,
    where ``&amp;`` means what ``&`` means; an editor's Markdown (the fields the schema calls
    Markdown, in which the checker refused raw HTML) passes through the ``markdown`` filter."""
    env = Environment(
        loader=PackageLoader(__package__, "templates"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=True,
        bytecode_cache=COMPILED_TEMPLATES,
    )

    def term(key: str, terms: dict[str, Term], lang: str) -> str:
        return terms[key].label[lang]

    env.globals.update(
        urls=urls,
        ROOT_LINK=ROOT_LINK,
        language_names={lang.key: lang.label for lang in deck.vocabularies.languages},
    )
    env.filters.update(
        oneline=_oneline,
        yaml_string=_yaml_string,
        markdown=_markdown,
        icon_svg=lambda icon: Markup(icon_svg(icon)),
        term=term,
        card=deck.card,
        source=lambda key: deck.sources[key],
        size=lambda size: file_size(size, language),
        group_size=_group_size,
    )
    return env


def _group_size(group: tuple[int, int]) -> str:
    """A format's group size: ``4–10``, or ``6`` when the smallest is the largest."""
    smallest, largest = group
    return str(smallest) if smallest == largest else f"{smallest}–{largest}"


def _oneline(text: str) -> str:
    """The text on one line: YAML's folded line breaks and runs of spaces become one space.
    Markup stays Markup (whitespace is never part of an escape)."""
    line = " ".join(str(text).split())
    return Markup(line) if isinstance(text, Markup) else line


def _yaml_string(text: str) -> Markup:
    """``text`` inside a double-quoted YAML string of a page's front matter. Escaped for YAML,
    not for HTML: MkDocs reads the front matter and the theme shows the title as it is (HTML
    escaping here would make "&amp;" of "&" in the page's <title> and navigation)."""
    return Markup(str(text).replace("\\", "\\\\").replace('"', '\\"'))


def _markdown(text: str) -> Markup:
    """An editor's Markdown (a card's front, body, tips, questions, a set's intro, a source's
    entry): put in as written, for Markdown to render. The checker refused raw HTML in it."""
    return Markup(text)


def file_size(size: int, language: str) -> str:
    """A file size as people read it in ``language``: ``18 kB``; ``1,2 MB`` in Dutch, ``1.2 MB``
    in English."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{format_number(size / 1_000_000, language, '0.0')} MB"
