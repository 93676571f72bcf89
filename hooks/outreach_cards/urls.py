"""Every address of the site, computed in one place.

Paths here are relative to a language's root (the default language at the site's root, any
other under ``<language>/``): ``card_page("x")`` is ``kaarten/x/`` on the site for every
language. ``Urls`` turns them into absolute addresses under ``site_url`` (QR codes, the JSON
export, the embed snippet); the generated Markdown links the *source* files
(``kaarten/x.md``), which MkDocs and mkdocs-static-i18n resolve per language.

Nothing else in the package concatenates these folder names.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

# The folders of the generated pages under docs/ (and so under each language's site root).
CARDS = "kaarten"
THEMES = "themas"
TESTIMONIES = "getuigenissen"
TIPS = "tips"
PRINT = "afdrukken"
BUILDER = "samenstellen"
SETS = "sets"
EMBED = "embed"
GLOSSARY = "woordenlijst"
SITUATIONS = "situaties"
FORMATS = "werkvormen"
PRESENT = "presenteren"  # the presentation mode (one card at a time, for a projector)
MY_CARDS = "mijn-kaarten"  # the cards a reader kept in this browser (keep.js)
# Every file in these folders belongs to the generator: it is rewritten or removed.
GENERATED_DIRS = (
    CARDS,
    THEMES,
    TESTIMONIES,
    TIPS,
    PRINT,
    BUILDER,
    SETS,
    EMBED,
    GLOSSARY,
    SITUATIONS,
    FORMATS,
    PRESENT,
    MY_CARDS,
)

PDF = "pdf"
AUDIO = "audio"  # shared by all languages, at the site's root
API = "api/v1"
EXPORT_FILE = f"{API}/cards.json"
EXPORT_SCHEMA_FILE = f"{API}/cards.schema.json"
OFFLINE_DIR = "offline"
CARD_CSS = f"{PRINT}/card.css"  # the print layout's stylesheet, also in mkdocs.yml's extra_css


# -- pages, relative to a language's root ---------------------------------------------------


def card_page(card_id: str) -> str:
    return f"{CARDS}/{card_id}/"


def theme_page(key: str) -> str:
    return f"{THEMES}/{key}/"


def format_page(format_id: str) -> str:
    return f"{FORMATS}/{format_id}/"


def present_page(query: str = "") -> str:
    """The presentation mode, with its selection and position (``theme=hoe&card=x``)."""
    return f"{PRESENT}/" + (f"?{query}" if query else "")


def situation_page(key: str) -> str:
    return f"{SITUATIONS}/{key}/"


def set_page(set_id: str) -> str:
    return f"{SETS}/{set_id}/"


def embed_page(card_id: str) -> str:
    return f"{EMBED}/{card_id}/"


def glossary_entry(key: str) -> str:
    """A term's entry on the glossary page."""
    return f"{GLOSSARY}/#{key}"


# -- the PDFs of the print step, relative to a language's root ------------------------------


def card_pdf(card_id: str) -> str:
    return f"{PDF}/{CARDS}/{card_id}.pdf"


def theme_pdf(key: str, fold: bool = False) -> str:
    return f"{PDF}/{THEMES}/{key}{'-vouwen' if fold else ''}.pdf"


def set_pdf(set_id: str, sheets: bool = False, fold: bool = False) -> str:
    return f"{PDF}/{SETS}/{set_id}{'-a4' if sheets else ''}{'-vouwen' if fold else ''}.pdf"


def format_sheet_pdf(format_id: str) -> str:
    """A format's facilitator sheet (A4): its steps with their times, its cards' questions."""
    return f"{PDF}/{FORMATS}/{format_id}.pdf"


def set_sheet_pdf(set_id: str) -> str:
    """A set's facilitator sheet (A4): its cards in order with their reflection questions."""
    return f"{PDF}/{SETS}/{set_id}-begeleiding.pdf"


DECK_PDF = f"{PDF}/kaartenset.pdf"  # the whole deck, fronts and backs in turn (duplex)
SHEETS_PDF = f"{PDF}/kaartenset-a4.pdf"  # the whole deck on A4 sheets
PRINT_SHOP_PDF = f"{PDF}/kaartenset-drukkerij.pdf"  # the whole deck with bleed
FOLD_PDF = f"{PDF}/kaartenset-vouwen.pdf"  # the whole deck to fold, single-sided A4
DUPLEX_TEST_PDF = f"{PDF}/proefvel-dubbelzijdig.pdf"  # how far a printer shifts the back side


def audio_file(name: str) -> str:
    """A sound file, relative to the *site's* root (not a language's)."""
    return f"{AUDIO}/{name}"


# -- the Markdown sources the hook writes (links between pages point to these) --------------


def page_source(stem: str, language: str, default_language: str) -> str:
    """``kaarten/x`` → ``kaarten/x.md`` (default language) or ``kaarten/x.en.md``."""
    return f"{stem}.md" if language == default_language else f"{stem}.{language}.md"


def card_source(card_id: str) -> str:
    """The card page's Markdown file as a link target (i18n picks the reader's language)."""
    return f"{CARDS}/{card_id}.md"


# A link to another card in a card's text: ``[words](card:<id>)`` (see check/links.py).
CARD_SCHEME = "card:"
CARD_LINK = re.compile(r"(\]\()card:([a-z0-9]+(?:-[a-z0-9]+)*)(?=[\s)])")
_CARD_LINK_WORDS = re.compile(r"!?\[((?:[^\[\]\\]|\\.)*)\]\(card:[a-z0-9-]+[^)]*\)")


def resolve_card_links(markdown: str, page: str) -> str:
    """``[words](card:<id>)`` in the Markdown of the page ``page`` (its path under docs/) as a
    relative link to that card's page, which MkDocs checks and i18n sends to the reader's
    language."""
    if "card:" not in markdown:
        return markdown
    folder = posixpath.dirname(page) or "."
    return CARD_LINK.sub(
        lambda match: match.group(1) + posixpath.relpath(card_source(match.group(2)), folder),
        markdown,
    )


def card_link_words(markdown: str) -> str:
    """``[words](card:<id>)`` as its words only (a printed card cannot follow a link)."""
    return _CARD_LINK_WORDS.sub(r"\1", markdown) if "card:" in markdown else markdown


def situation_source(key: str) -> str:
    """A situation's page ("Waar sta je voor?") as a link target."""
    return f"{SITUATIONS}/{key}.md"


def theme_source(key: str) -> str:
    return f"{THEMES}/{key}.md"


def set_source(set_id: str) -> str:
    return f"{SETS}/{set_id}.md"


def format_source(format_id: str) -> str:
    return f"{FORMATS}/{format_id}.md"


# -- absolute addresses ---------------------------------------------------------------------


@dataclass(frozen=True)
class Urls:
    """Absolute addresses under the site's public address."""

    site_url: str
    default_language: str

    @property
    def base(self) -> str:
        """``site_url`` with one trailing slash."""
        return self.site_url if self.site_url.endswith("/") else self.site_url + "/"

    def prefix(self, language: str) -> str:
        """Where ``language`` lives under the site's root: ``""`` or ``"en/"``."""
        return "" if language == self.default_language else f"{language}/"

    def root(self, language: str) -> str:
        """The absolute address of a language's part of the site."""
        return self.base + self.prefix(language)

    def page(self, language: str, path: str) -> str:
        """The absolute address of ``path`` (relative to the language's root)."""
        return self.root(language) + path

    def card(self, language: str, card_id: str, audio: bool = False) -> str:
        """The stable, version-free address of a card's page: what its QR code holds. A card
        with audio fragments leads straight to them (its page's #audio section)."""
        return self.page(language, card_page(card_id)) + ("#audio" if audio else "")

    def audio(self, name: str) -> str:
        return self.base + audio_file(name)

    @property
    def export_schema(self) -> str:
        return self.base + EXPORT_SCHEMA_FILE


def relative_root(language: str, default_language: str) -> str:
    """A language's root as seen from the site's root: ``./`` or ``en/``."""
    return "./" if language == default_language else f"{language}/"


def site_root_from(language: str, default_language: str) -> str:
    """The site's root as seen from a language's root: ``""`` or ``../`` (for what all
    languages share at the site's root: the audio files, the offline zip)."""
    return "" if language == default_language else "../"
