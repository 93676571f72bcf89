"""The glossary at a term's first use on a page: the Markdown extension on its own, with the
real Markdown library and the extensions of mkdocs.yml that change the tree (attr_list,
md_in_html). The built pages are tested in test_glossary.py."""

from __future__ import annotations

import markdown

from outreach_cards.model import GlossaryTerm
from outreach_cards.site.glossary_links import GlossaryLinksExtension, page_terms

TERMS = (
    GlossaryTerm(
        "leefloon",
        {"nl": "leefloon", "en": "minimum income"},
        {"nl": "Een inkomen van het OCMW.", "en": "An income from the OCMW."},
    ),
    GlossaryTerm(
        "sociale-kaart",
        {"nl": "sociale kaart", "en": "map of local services"},
        {"nl": "Het overzicht van diensten.", "en": "The overview of services."},
    ),
    GlossaryTerm("kaart", {"nl": "kaart"}, {"nl": "Een kaart van de set."}),
)


def render(text: str, language: str = "nl", terms=TERMS) -> str:
    extension = GlossaryLinksExtension()
    extension.prepare(page_terms(terms, language))
    return markdown.markdown(text, extensions=["attr_list", "md_in_html", extension])


def link(key: str, title: str, word: str) -> str:
    return f'<a class="oc-term" href="oc-root:woordenlijst/#{key}" title="{title}">{word}</a>'


def test_only_the_first_use_of_each_term_is_linked() -> None:
    """Each term once per page, at its first use; its explanation is the link's title."""
    html = render("Vraag het Leefloon aan. Het leefloon is een recht.\n\nNog eens leefloon.")
    assert html == (
        f"<p>Vraag het {link('leefloon', 'Een inkomen van het OCMW.', 'Leefloon')} aan. Het "
        "leefloon is een recht.</p>\n<p>Nog eens leefloon.</p>"
    )


def test_a_word_is_linked_whole_and_across_a_line_break() -> None:
    """'leefloonaanvraag' is linked whole; 'sociale\\nkaart' is one use of 'sociale kaart',
    which wins over the shorter term 'kaart' inside it; 'kaart' is linked where it stands
    alone; 'zorgleefloon' is no use of 'leefloon'."""
    html = render("Een zorgleefloon, een leefloonaanvraag en de sociale\nkaart. Een kaart.")
    assert html == (
        "<p>Een zorgleefloon, een "
        f"{link('leefloon', 'Een inkomen van het OCMW.', 'leefloonaanvraag')} en de "
        f"{link('sociale-kaart', 'Het overzicht van diensten.', 'sociale' + chr(10) + 'kaart')}"
        f". Een {link('kaart', 'Een kaart van de set.', 'kaart')}.</p>"
    )


def test_headings_links_and_code_are_left_alone() -> None:
    """A term in a heading, a link or code is not linked; its first use in text is."""
    html = render(
        "# Het leefloon\n\n[leefloon](https://example.org) en `leefloon`\n\n"
        "<div markdown>\n**Het leefloon** in een blok.\n</div>"
    )
    assert html == (
        "<h1>Het leefloon</h1>\n"
        '<p><a href="https://example.org">leefloon</a> en <code>leefloon</code></p>\n'
        f"<div>\n<p><strong>Het {link('leefloon', 'Een inkomen van het OCMW.', 'leefloon')}"
        "</strong> in een blok.</p>\n</div>"
    )


def test_the_page_language_picks_the_words_and_explanations() -> None:
    """An English page links the English words with the English explanations; a term without
    an English word is not linked there."""
    html = render("The minimum income, a map of\nlocal services and a kaart.", "en")
    services = link("sociale-kaart", "The overview of services.", "map of\nlocal services")
    assert html == (
        f"<p>The {link('leefloon', 'An income from the OCMW.', 'minimum income')}, a "
        f"{services} and a kaart.</p>"
    )


def test_several_terms_in_one_text_and_after_inline_markup() -> None:
    """Two terms in one run of text, and a term in the text after an emphasised word."""
    html = render("*Eerst* de sociale kaart, dan het leefloon.")
    assert html == (
        "<p><em>Eerst</em> de "
        f"{link('sociale-kaart', 'Het overzicht van diensten.', 'sociale kaart')}, dan het "
        f"{link('leefloon', 'Een inkomen van het OCMW.', 'leefloon')}.</p>"
    )


def test_without_terms_nothing_changes() -> None:
    """A page given no terms (the glossary page, an embedded card) is Markdown's own output."""
    text = "Het leefloon en de sociale kaart."
    assert render(text, terms=()) == markdown.markdown(text)


def test_words_inside_raw_html_links_are_left_alone() -> None:
    """A raw HTML link in the Markdown (as in a table of the print page) keeps its words: the
    term is linked at its first use outside it, also after the raw link closed in an earlier
    paragraph; other raw HTML does not stop the linking."""
    html = render(
        'Zie <a href="x">het leefloon</a> en <span>de sociale kaart</span>.\n\nDaarna het leefloon.'
    )
    assert html == (
        '<p>Zie <a href="x">het leefloon</a> en <span>de '
        f"{link('sociale-kaart', 'Het overzicht van diensten.', 'sociale kaart')}</span>.</p>\n"
        f"<p>Daarna het {link('leefloon', 'Een inkomen van het OCMW.', 'leefloon')}.</p>"
    )


TESTIMONY = (
    '<figure class="oc-testimony" id="testimony-1"><blockquote lang="nl"><p>Ik kreeg mijn '
    "leefloon pas na een jaar &amp; dat was te laat.</p></blockquote><figcaption>Iemand in "
    'armoede · Bron · vertaald<details><summary>Origineel</summary><blockquote lang="en">'
    "<p>My leefloon came late.</p></blockquote></details></figcaption></figure>"
)


def test_a_testimony_links_the_first_use_in_its_quotation() -> None:
    """The quotation (raw HTML, set aside whole by Markdown) links the term where it stands in
    the page; its words and escapes stay; the caption and the original are left alone; a later
    use in the text is no first use."""
    html = render(f"Een kaart.\n\n{TESTIMONY}\n\nHet leefloon is een recht.")
    linked = TESTIMONY.replace(
        "mijn leefloon pas", f"mijn {link('leefloon', 'Een inkomen van het OCMW.', 'leefloon')} pas"
    )
    assert html == (
        f"<p>Een {link('kaart', 'Een kaart van de set.', 'kaart')}.</p>\n{linked}\n\n"
        "<p>Het leefloon is een recht.</p>"
    )


def test_a_term_used_before_the_testimony_is_not_linked_in_it() -> None:
    html = render(f"Het leefloon is een recht.\n\n{TESTIMONY}")
    assert html.endswith(f"\n{TESTIMONY}")
