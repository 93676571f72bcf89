"""Outreach inspiration cards: load, check and render a deck of YAML cards.

Plain Python, with no MkDocs import: the MkDocs hook in ``hooks/cards.py`` only calls
:func:`outreach_cards.deck.load_deck` and the renderers in :mod:`outreach_cards.pages`.
"""
