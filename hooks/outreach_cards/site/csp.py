"""The Content-Security-Policy of a built page, as a ``<meta http-equiv>`` in its ``<head>``.

A static host may send no headers of ours, so each page carries its own policy: only the
site's own files, no inline code but the scripts and styles of that very page, allowed by
their SHA-256 hashes (computed here from the final HTML, so a changed page gets a new policy);
no ``'unsafe-inline'`` (but in the preview of `mkdocs serve`, see ``policy``). Style attributes
(a card's theme colour, a table column's alignment) are allowed by hash with
``'unsafe-hashes'``, which covers attributes only.

A ``<meta>`` policy cannot say ``frame-ancestors`` (browsers ignore it there), nor
``report-uri``: a server that can send headers should add ``frame-ancestors``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

# The policy's fixed part, in the order it is written; the hashes go after 'self'.
SCRIPT, STYLE = "script-src", "style-src"
DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'none'"),
    (SCRIPT, "'self'"),
    (STYLE, "'self'"),
    ("img-src", "'self' data:"),  # (Material's icons in its CSS are data: URLs)
    ("font-src", "'self'"),
    ("media-src", "'self'"),  # the cards' sound fragments
    ("connect-src", "'self'"),  # the search index
    ("worker-src", "'self'"),  # the search worker
    ("manifest-src", "'self'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("object-src", "'none'"),
)
META_START = '<meta http-equiv="Content-Security-Policy" content="'

# Script types a browser runs (an empty or missing type is JavaScript); others, such as
# Material's configuration (application/json), are data and need no hash.
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.DOTALL | re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""\s([a-zA-Z-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
_START_TAG = re.compile(r"<[a-zA-Z][^\s/>]*(?:\s[^>]*)?>")
_META = re.compile(r'(?:\n[ \t]*)?<meta http-equiv="Content-Security-Policy" content="[^"]*">')
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r"(\s*)<meta charset=[^>]*>", re.IGNORECASE)


def source_hash(text: str) -> str:
    """The CSP source expression of an inline script or style: ``'sha256-<base64>'`` of its
    exact text (UTF-8), as the browser hashes it."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _attributes(tag: str) -> dict[str, str]:
    """The attributes of a start tag, their values decoded."""
    return {
        name.lower(): html.unescape(value[1:-1] if value[:1] in "\"'" else value)
        for name, value in _ATTRIBUTE.findall(tag)
    }


def inline_code(page: str) -> tuple[list[str], list[str], list[str]]:
    """The page's inline scripts a browser runs, its ``<style>`` elements and its style
    attributes (decoded, as the browser hashes them), each in page order."""
    scripts = []
    for attributes, body in _SCRIPT.findall(page):
        named = _attributes(attributes)
        if "src" not in named and named.get("type", "").strip().lower() in _SCRIPT_TYPES:
            scripts.append(body)
    styles = _STYLE.findall(page)
    # (attributes outside the raw text of scripts and styles, where '<x style=' may be code)
    markup = _STYLE.sub("", _SCRIPT.sub("", page))
    style_attributes = [
        value
        for tag in _START_TAG.findall(markup)
        for name, value in _attributes(tag).items()
        if name == "style"
    ]
    return scripts, styles, style_attributes


def policy(page: str, preview: bool = False) -> str:
    """The Content-Security-Policy for ``page`` (final HTML). ``preview``: for `mkdocs serve`,
    whose server adds to each page it sends an inline live-reload script that differs on each
    request, which no hash can allow: scripts get ``'unsafe-inline'`` instead of hashes there
    (browsers ignore it beside a hash); the rest of the policy holds, and a built site never
    has it."""
    scripts, styles, style_attributes = inline_code(page)
    extra = {
        SCRIPT: ["'unsafe-inline'"] if preview else [source_hash(text) for text in scripts],
        STYLE: [source_hash(text) for text in styles],
    }
    if style_attributes:
        extra[STYLE] += ["'unsafe-hashes'"] + [source_hash(text) for text in style_attributes]
    parts = []
    for directive, sources in DIRECTIVES:
        hashes = list(dict.fromkeys(extra.get(directive, ())))  # (once each, in page order)
        parts.append(" ".join([directive, sources, *hashes]))
    return "; ".join(parts)


def add_policy(page: str, preview: bool = False) -> str:
    """``page`` with its Content-Security-Policy as the first element of ``<head>`` after the
    character set (a policy applies only to what follows it). A policy already there is
    replaced: the page may have changed since. (``preview``: see ``policy``.)"""
    page = _META.sub("", page)
    head = _HEAD.search(page)
    if head is None:
        raise ValueError("a page without <head>: nowhere to put its Content-Security-Policy")
    at, indent = head.end(), ""
    charset = _CHARSET.match(page, at)
    if charset is not None:
        at, indent = charset.end(), charset.group(1).rpartition("\n")[2]
    meta = f'\n{indent}{META_START}{html.escape(policy(page, preview), quote=False)}">'
    return page[:at] + meta + page[at:]
