"""The print step: printable pocket cards (card PDFs, duplex decks, A4 sheets, print shop).

One print layout (``templates/*.j2`` + ``card.css`` in this folder) serves every PDF and the
browser's print of a card page. WeasyPrint lays out the cards of each theme once per language
and writes a tagged PDF (PDF/UA-1) per card; a side whose text does not fit is reported as
overflow (card, language, side) instead of being clipped. Everything else is put together from
those card PDFs with pikepdf.

=============  ===========================================================================
``formats``    card formats (A6, A7) and the settings the step takes from mkdocs.yml
``layout``     a card's print layout: HTML from the model, the stylesheet, the fonts
``qr``         the QR code on a card's back
``cache``      files and values kept between builds under keys of what goes into them,
               with checksums; safe to share between builds running at once
``workers``    the layout worker processes and what runs in them (WeasyPrint, overflow)
``assemble``   decks, A4 sheets and the print-shop deck from the card PDFs (pikepdf)
``preflight``  a print shop's checks of the print-shop deck: boxes, output intent, fonts,
               image resolution (pikepdf)
``step``       ``PrintStep``: the run, which owns the cache and the workers
``results``    what the step hands to the site: the PDFs, their pages, the layouts
=============  ===========================================================================

The print step reads the model and the URLs; it knows nothing of the site's pages.
"""
