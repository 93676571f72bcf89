"""Render the deck into Markdown pages for the site, one file per page per language.

The pages are ordinary Markdown files that MkDocs and mkdocs-static-i18n then treat like any
hand-written page (language switcher, search, link validation). A default-language page is
``<name>.md``, another language's ``<name>.<lang>.md``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import Iterable

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined

from .. import urls
from ..icons import icon_svg
from ..locales import format_number, labels_for
from ..model import AudioFragment, Card, Deck, Source, Term, Testimony, Tip
from ..print.layout import card_css
from ..urls import GENERATED_DIRS
from .htmlfix import ROOT_LINK
from .print_section import (PrintedDeck, card_print_section, print_layout_marker,
                            print_page_context)

__all__ = ["GENERATED_DIRS", "render_site", "write_pages"]
TIP_AUDIENCES = ("professional", "organisation")


def page_name(stem: str, language: str, deck: Deck) -> str:
    """``kaarten/x`` → ``kaarten/x.md`` (default language) or ``kaarten/x.en.md``."""
    return urls.page_source(stem, language, deck.default_language)


def render_site(deck: Deck, printed: PrintedDeck | None = None,
                site_url: str = "http://127.0.0.1:8000/") -> dict[str, str]:
    """Every generated page, as ``{path under docs/: Markdown}``.

    With ``printed`` (the print step's result), each card page gets its print section (a link
    to its PDF and the print layout for the browser) and the print page lists every PDF.
    """
    if printed is not None:
        site_url = printed.settings.site_url

    # The print layout's stylesheet, for the browser's print of a card page (mkdocs.yml's
    # extra_css); the PDFs embed the same file.
    pages: dict[str, str] = {urls.CARD_CSS: card_css()}
    for language in deck.languages:
        env = _environment(deck, language)
        common = {"deck": deck, "vocab": deck.vocabularies, "lang": language,
                  "L": labels_for(language)}
        for card in deck.cards:
            text = card.text[language]
            theme = deck.theme(card.theme)
            section = card_print_section(deck, card, language, printed) if printed else ""
            card_common = dict(common, card=card, text=text, theme=theme, icon=icon_html(theme.icon),
                               tip_groups=_tip_groups(text.tips),
                               audio_root=ROOT_LINK + ("" if language == deck.default_language else "../"))
            pages[page_name(f"{urls.CARDS}/{card.id}", language, deck)] = env.get_template(
                "card.md.j2").render(card_common, print_section=section,
                                     embed_snippet=embed_snippet(deck, card, language, site_url))
            pages[page_name(f"{urls.EMBED}/{card.id}", language, deck)] = env.get_template(
                "embed.md.j2").render(card_common)
        if printed:
            pages[page_name(f"{urls.PRINT}/index", language, deck)] = env.get_template(
                "print.md.j2").render(common, **print_page_context(deck, language, printed))
        else:
            pages[page_name(f"{urls.PRINT}/index", language, deck)] = _notice(
                common["L"]["print_page_title"], common["L"]["print_off"])
        for card_set in deck.sets:
            pages[page_name(f"{urls.SETS}/{card_set.id}", language, deck)] = env.get_template(
                "set.md.j2").render(common, card_set=card_set, cards=deck.cards_in_set(card_set.id),
                                    printed=printed, files=_set_files(card_set.id, language, printed))
        pages[page_name(f"{urls.SETS}/index", language, deck)] = env.get_template("sets.md.j2").render(common)
        pages[page_name(f"{urls.BUILDER}/index", language, deck)] = env.get_template(
            "builder.md.j2").render(common, printed=printed, fragments={
                card.id: print_layout_marker(language, card.id)
                for card in deck.cards
            } if printed else {})
        pages[page_name(f"{urls.CARDS}/index", language, deck)] = env.get_template(
            "overview.md.j2").render(common)
        for theme in deck.themes:
            pages[page_name(f"{urls.THEMES}/{theme.key}", language, deck)] = env.get_template(
                "theme.md.j2").render(common, theme=theme, icon=icon_html(theme.icon),
                                      cards=deck.cards_in_theme(theme.key))
        pages[page_name(f"{urls.THEMES}/index", language, deck)] = env.get_template(
            "themes.md.j2").render(common)
        pages[page_name(f"{urls.TESTIMONIES}/index", language, deck)] = env.get_template(
            "testimonies.md.j2").render(common, testimonies_by_role=_testimonies_by_role(deck))
        pages[page_name(f"{urls.TIPS}/index", language, deck)] = env.get_template(
            "tips.md.j2").render(common, tips_by_audience=_tips_by_audience(deck, language))
    return pages


def embed_snippet(deck: Deck, card: Card, language: str, site_url: str) -> str:
    """The HTML an organisation copies to show ``card`` in its own page (an iframe)."""
    labels = labels_for(language)
    url = urls.Urls(site_url, deck.default_language).page(language, urls.embed_page(card.id))
    title = labels["embed_iframe_title"].format(title=card.text[language].title)
    return (f'<iframe src="{url}" title="{html.escape(title)}" width="100%" height="560" '
            f'style="border: 1px solid #ccc; max-width: 36rem" loading="lazy"></iframe>')


def write_redirects(deck: Deck, language: str, site_root: Path, directory_urls: bool,
                    result=None) -> int:
    """For every old id in the redirect list: a page at the old card address and at the old
    embed address that leads to the card's current one, and the card's PDF under its old
    name (a static host cannot redirect a file). Returns the number of files written."""
    labels = labels_for(language)
    written = 0
    for old, new in deck.redirects.items():
        title = deck.card(new).text[language].title
        for folder in (urls.CARDS, urls.EMBED):
            if directory_urls:
                target, link = site_root / folder / old / "index.html", f"../{new}/"
            else:
                target, link = site_root / folder / f"{old}.html", f"{new}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_redirect_page(language, labels, title, link), encoding="utf-8")
            written += 1
        if result is not None:
            pdf = result.file(language, urls.card_pdf(new))
            target = site_root / urls.card_pdf(old)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pdf.cache_file, target)
            written += 1
    return written


def _redirect_page(language: str, labels: dict[str, str], title: str, link: str) -> str:
    text, link_js = html.escape(title), json.dumps(link)
    moved = html.escape(labels["redirect_moved"])
    return (f'<!doctype html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{moved} {text}</title>\n"
            f'<meta name="robots" content="noindex">\n'
            f'<meta http-equiv="refresh" content="0; url={html.escape(link)}">\n'
            f"<script>location.replace({link_js} + location.hash);</script>\n</head>\n"
            f'<body>\n<p>{moved} <a href="{html.escape(link)}">{text}</a></p>\n</body>\n</html>\n')


def copy_audio(deck: Deck, site_root: Path) -> int:
    """Copy the cards' sound files into ``audio/`` of the site (shared by all languages)."""
    copied = 0
    for card in deck.cards:
        for fragment in card.audio:
            source, target = deck.audio_dir / fragment.file, site_root / urls.audio_file(fragment.file)
            if not target.is_file() or target.read_bytes() != source.read_bytes():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                copied += 1
    return copied


def _set_files(set_id: str, language: str, printed: PrintedDeck | None) -> list:
    """The set's PDFs (deck, then A4 sheets), when the print step ran."""
    if printed is None:
        return []
    return [printed.result.file(language, urls.set_pdf(set_id, sheets)) for sheets in (False, True)]


def _notice(title: str, text: str) -> str:
    """A page that only says why its content is missing (a build without the print step)."""
    return f'---\ntitle: "{title}"\n---\n\n# {title}\n\n{text}\n'


def render_sources(deck: Deck, language: str) -> str:
    """The Markdown list of all sources, for the about page's marker."""
    return _environment(deck, language).get_template("sources.md.j2").render(deck=deck).strip()


def render_coverage(deck: Deck, language: str) -> str:
    """The coverage map: every section of every source, with the cards that cover it."""
    return _environment(deck, language).get_template("coverage.md.j2").render(
        deck=deck, lang=language, L=labels_for(language), covering=deck.covering()).strip()


# Markers that hand-written pages may hold, and what replaces them.
MARKERS = {
    "<!-- outreach-cards:sources -->": render_sources,
    "<!-- outreach-cards:coverage -->": render_coverage,
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


def render_offline(deck: Deck, language: str, offline: bool, slug: str) -> str:
    """The home page's offline paragraph: the download link, or, in the offline edition
    itself, a line saying so (the zip is not inside itself). ``slug`` names the zip and its
    folder (``Brand.slug``)."""
    from ..offline import zip_path

    labels = labels_for(language)
    if offline:
        return labels["offline_here"]
    prefix = "" if language == deck.default_language else "../"
    return (f'<a href="{prefix}{zip_path(slug)}">{html.escape(labels["offline_download"])}'
            f"</a>\n\n{labels['offline_how'].format(folder=slug)}")


def expand_markers(markdown: str, deck: Deck, language: str, *, slug: str,
                   offline: bool = False) -> str:
    """Replace every marker in ``markdown`` with its rendered list, in ``language``
    (``slug``: the site's name as a file name, see ``Brand.slug``)."""
    for marker, render in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render(deck, language))
    if "<!-- outreach-cards:" in markdown:
        markdown = EXAMPLE_MARKER.sub(
            lambda match: render_example(deck, language, match[1], match[2]), markdown)
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
            target.write_text(content, encoding="utf-8")
            changed.append(name)
    for folder in GENERATED_DIRS:
        for path in sorted((docs_dir / folder).rglob("*")) if (docs_dir / folder).is_dir() else ():
            name = path.relative_to(docs_dir).as_posix()
            if path.is_file() and name not in pages:
                path.unlink()
                changed.append(name)
    return changed


def _tip_groups(tips: Iterable[Tip]) -> list[tuple[str, list[Tip]]]:
    groups = [(audience, [tip for tip in tips if tip.audience == audience])
              for audience in TIP_AUDIENCES]
    return [(audience, items) for audience, items in groups if items]


def _testimonies_by_role(deck: Deck) -> list[tuple[str, list[tuple[Card, int, Testimony]]]]:
    groups = []
    for role in deck.vocabularies.speaker_roles:
        items = [(card, index, testimony) for card in deck.cards
                 for index, testimony in enumerate(card.testimonies, start=1)
                 if testimony.speaker == role]
        if items:
            groups.append((role, items))
    return groups


def _tips_by_audience(deck: Deck, language: str) -> list[tuple[str, list[tuple[Card, Tip]]]]:
    groups = []
    for audience in TIP_AUDIENCES:
        items = [(card, tip) for card in deck.cards for tip in card.text[language].tips
                 if tip.audience == audience]
        if items:
            groups.append((audience, items))
    return groups


def icon_html(icon: str) -> str:
    """The icon inline, hidden from screen readers (it is decoration)."""
    return f'<span class="oc-icon" aria-hidden="true">{icon_svg(icon)}</span>'


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


def _environment(deck: Deck, language: str) -> Environment:
    env = Environment(loader=PackageLoader(__package__, "templates"),
                      undefined=StrictUndefined, keep_trailing_newline=True,
                      autoescape=False, bytecode_cache=COMPILED_TEMPLATES)
    labels = labels_for(language)
    language_names = {lang.key: lang.label for lang in deck.vocabularies.languages}

    def term(key: str, terms: dict[str, Term], lang: str) -> str:
        return terms[key].label[lang]

    def testimony_html(testimony: Testimony, lang: str, index: int, card: Card | None) -> str:
        """A quotation as <figure>: quote, speaker role, source, provenance (and original)."""
        vocab = deck.vocabularies
        source = deck.sources[testimony.source]
        where = f", {testimony.locator}" if testimony.locator else ""
        caption = (f"{vocab.speaker_roles[testimony.speaker].label[lang]} · "
                   f"{source.short}{where} · {vocab.provenances[testimony.provenance].label[lang]}")
        anchor = f"testimony-{index}" if card is None else f"testimony-{card.id}-{index}"
        parts = [f'<figure class="oc-testimony" id="{anchor}">',
                 f'<blockquote lang="{lang}"><p>{_escape(testimony.quote[lang])}</p></blockquote>',
                 f"<figcaption>{_escape(caption)}"]
        if testimony.is_translation(lang):
            # the original inside the caption: a figure's caption must be its first or last child
            original = testimony.original
            parts.append(f" · {_escape(labels['translation_note'])}")
            parts.append(
                f"<details><summary>{_escape(labels['original'].format(language=language_names[original]))}"
                f'</summary><blockquote lang="{original}"><p>{_escape(testimony.quote[original])}'
                "</p></blockquote></details></figcaption>")
        else:
            parts.append("</figcaption>")
        parts.append("</figure>")
        if card is not None:
            parts.append(f"\n\n[{labels['to_card']}: {card.text[lang].title}]"
                         f"(../{urls.card_source(card.id)}#testimony-{index})")
        return "".join(parts)

    def audio_html(fragment: AudioFragment, lang: str, index: int, root: str) -> str:
        """A sound fragment as <figure>: what it is, the player, and the transcript in full."""
        vocab = deck.vocabularies
        source = deck.sources[fragment.source]
        facts = [vocab.speaker_roles[fragment.speaker].label[lang], source.short]
        if fragment.duration:
            facts.append(fragment.duration)
        src = html.escape(root + urls.audio_file(fragment.file))
        parts = [f'<figure class="oc-audio" id="audio-{index}">',
                 f"<figcaption><strong>{_escape(fragment.title[lang])}</strong> · "
                 f"{_escape(' · '.join(facts))}</figcaption>",
                 f'<audio controls preload="none" src="{src}">'
                 f'{_escape(labels["audio_no_player"])} <a href="{src}">{_escape(fragment.file)}</a>'
                 "</audio>",
                 f'<div class="oc-transcript"><p class="oc-transcript-label">'
                 f'{_escape(labels["audio_transcript"])}'
                 + (f" ({_escape(labels['translation_note'])})" if fragment.is_translation(lang) else "")
                 + f'</p><p lang="{lang}">{_escape(fragment.transcript[lang])}</p>']
        if fragment.is_translation(lang):
            original = fragment.original
            parts.append(
                f"<details><summary>{_escape(labels['original'].format(language=language_names[original]))}"
                f'</summary><p lang="{original}">{_escape(fragment.transcript[original])}</p></details>')
        parts.append("</div></figure>")
        return "".join(parts)

    def entry(source: Source) -> str:
        link = f" <{source.url}>" if source.url else ""
        return f"{source.entry}{link}"

    env.globals["urls"] = urls
    env.filters.update(
        oneline=lambda text: " ".join(str(text).split()),
        yaml_string=lambda text: str(text).replace("\\", "\\\\").replace('"', '\\"'),
        term=term,
        testimony_html=testimony_html,
        audio_html=audio_html,
        card=deck.card,
        source=lambda key: deck.sources[key],
        entry=entry,
        size=lambda size: file_size(size, language),
        pdf_link=lambda file: f'<a href="{ROOT_LINK}{file.path}">{html.escape(file.path.rsplit("/", 1)[1])}</a>',
    )
    return env


def file_size(size: int, language: str) -> str:
    """A file size as people read it in ``language``: ``18 kB``; ``1,2 MB`` in Dutch, ``1.2 MB``
    in English."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{format_number(size / 1_000_000, language, '0.0')} MB"


def _escape(text: str) -> str:
    """Escape for HTML, folding the line breaks of YAML block text into spaces."""
    return html.escape(" ".join(text.split()), quote=True)
