"""Rules for the links in every text: each is a web address, an e-mail address, a phone number
or another card, and well formed.

A text is Markdown, so a link is ``[words](address)`` (or an image's ``![words](address)``),
``<address>`` or a reference ``[name]: address``. Four kinds of address are allowed:

- ``https://host/path`` (``http://`` too): a host name with a dot, no user name or password;
- ``mailto:name@domain.be``;
- ``tel:+3292661234``: a ``+`` or a digit, then digits, with ``-`` or ``.`` between them;
- ``card:<id>``: another card of the deck; the site makes it a link to that card's page in the
  reader's language, the printed card shows the words only.

Anything else (a path on this site or another, ``ftp:``, ``data:``, ``file:``, an address with
spaces, an anchor alone) is a problem: it would break on one of the pages, the embeds, the
printed cards or the export, which all show the same text. (``javascript:`` is reported by the
rule against raw HTML and scripts.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from .. import urls
from ..problems import Problem, did_you_mean
from .common import SLUG, mapping, strings
from .context import CheckContext

_INLINE = re.compile(r"!?\[(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*\]\(\s*(<[^>\n]*>|[^\s()]*)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(\S+)", re.MULTILINE)
_HOST = re.compile(r"(?i)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}\.?")
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,63}")
_PHONE = re.compile(r"\+?[0-9]+([.-]?[0-9]+)*")
KINDS = (
    "a web address (https://…), an e-mail address (mailto:…), a phone number (tel:+32…) or "
    "another card (card:<id>)"
)


def links(text: str) -> list[str]:
    """Every link address in a Markdown ``text``, in order."""
    found = [
        (match.start(), match.group(1).removeprefix("<").removesuffix(">"))
        for match in _INLINE.finditer(text)
    ]
    found += [(match.start(), match.group(1)) for match in _AUTOLINK.finditer(text)]
    found += [(match.start(), match.group(1)) for match in _REFERENCE.finditer(text)]
    return [address for _, address in sorted(found)]


def _web(address: str) -> str | None:
    """Why a web address is wrong, or None."""
    try:
        parts = urlsplit(address)
        port = parts.port  # (raises on a port that is no number)
    except ValueError:
        return "is not a well-formed web address"
    del port
    if parts.username is not None or parts.password is not None:
        return "has a user name or password in it: link to the page without them"
    host = parts.hostname or ""
    if not _HOST.fullmatch(host):
        return f"has no valid host name ({host or 'none'}): write it as https://www.example.be/"
    return None


def _problem(context: CheckContext, address: str) -> str | None:
    """Why a link ``address`` is not allowed, or None."""
    scheme = address.split(":", 1)[0].lower() if ":" in address else ""
    if scheme in ("https", "http"):
        return _web(address)
    if scheme == "mailto":
        mailbox = address[len("mailto:") :].split("?", 1)[0]
        if not _EMAIL.fullmatch(mailbox):
            return "is not an e-mail address: write it as mailto:name@example.be"
        return None
    if scheme == "tel":
        if not _PHONE.fullmatch(address[len("tel:") :]):
            return "is not a phone number: write it as tel:+3292661234 (digits, no spaces)"
        return None
    if scheme == "card":
        card_id = address[len(urls.CARD_SCHEME) :]
        if not SLUG.fullmatch(card_id):
            return "names no card id: write card:<id>, the id of the card to link to"
        if card_id not in context.card_ids:
            renamed = _renamed(context).get(card_id)
            if renamed:
                return f"links to a card that is now '{renamed}': write card:{renamed}"
            return f"links to no card of the deck{did_you_mean(card_id, context.card_ids)}"
        return None
    if scheme == "javascript":
        return None  # (reported by the rule against raw HTML and scripts)
    return f"is not a kind of link a card may have: use {KINDS}"


def _renamed(context: CheckContext) -> dict[str, str]:
    entries = mapping(context.redirects).get("redirects") if context.redirects else None
    return {
        entry["from"]: entry["to"]
        for entry in entries or ()
        if isinstance(entry, dict)
        and isinstance(entry.get("from"), str)
        and isinstance(entry.get("to"), str)
    }


def link_addresses(context: CheckContext) -> Iterator[Problem]:
    """Every link in every text is of an allowed kind and well formed (each wrong one)."""
    for source in context.all_files():
        if not any(sign in source.text for sign in ("](", "<", "]:", "\\")):
            continue  # (no value can hold a link: the file has none of the signs of one, nor
            # an escape that could make one)
        for path, text in strings(source.data):
            for address in links(text):
                why = _problem(context, address)
                if why is not None:
                    yield source.problem(path, f"the link '{address}' {why}")


RULES = (link_addresses,)
