"""Moved to tests/helpers.py; kept so that the test files converted in a later round
(test_print.py, test_content.py, test_settings.py) still import the site reader from here."""

from __future__ import annotations

from .helpers import Element, HtmlPage, broken_links, read_page, resolve

__all__ = ["Element", "HtmlPage", "broken_links", "read_page", "resolve"]
