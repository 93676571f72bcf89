"""Interface text of the generated pages, per language.

Terms that cards refer to (audiences, places, speaker roles, ...) are labelled in the
vocabularies registry; this holds only the words of the page frame.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "card": "Kaart",
        "cards": "kaarten",
        "overview_title": "Alle kaarten",
        "overview_intro": (
            "Alle kaarten, per thema. Kies een thema, een doelgroep of een plek om de lijst "
            "korter te maken. Of trek een kaart en laat je verrassen."
        ),
        "filter_legend": "Kaarten filteren",
        "filter_theme": "Thema",
        "filter_audience": "Voor wie",
        "filter_place": "Plek",
        "filter_speaker": "Wie spreekt",
        "filter_all": "Alle",
        "filter_count": "{n} van {total} kaarten",
        "filter_count_testimonies": "{n} van {total} getuigenissen",
        "filter_none": "Geen kaarten voor deze keuze. Kies een ander filter.",
        "draw": "Trek een kaart",
        "tips": "Tips",
        "testimonies": "Getuigenissen",
        "questions": "Reflectievragen",
        "related": "Verwante kaarten",
        "sources": "Bronnen",
        "places": "Plekken",
        "life_domains": "Levensdomeinen",
        "audience": "Voor wie",
        "translation_note": "Vertaling door dit project.",
        "original": "Origineel ({language})",
        "to_card": "Naar de kaart",
        "themes_title": "Thema's",
        "themes_intro": "De kaarten zijn geordend in thema's. Elk thema heeft een eigen kleur.",
        "theme_count": "{n} kaarten in dit thema.",
        "theme_empty": "Dit thema heeft nog geen kaarten.",
        "testimonies_title": "Getuigenissen",
        "testimonies_intro": (
            "Wat mensen met ervaring in armoede en sociale professionals zelf zeggen. "
            "Elke uitspraak staat woord voor woord in de bron. Bij elke uitspraak staat de kaart "
            "waar ze bij hoort."
        ),
        "tips_title": "Tips",
        "tips_intro": "Alle tips van de kaarten, voor de professional en voor de organisatie.",
        "all_cards": "Alle kaarten",
        "all_themes": "Alle thema's",
        "coverage_none": "nog geen kaart",
        "print_deck_name": "Outreachend werken — inspiratiekaarten",
        "print_author": "Outreachend werken — inspiratiekaarten",
        "print_description": "Kaarten over outreachend werken: praktijk, tips en getuigenissen.",
        "print_translation": "vertaling",
        "print_question": "Reflectievraag",
        "print_qr": "QR-code naar de kaart op de website: {url}",
        "print_duplex": "recto-verso",
        "print_shop": "voor de drukkerij, 3 mm afloop",
        "print_sheets_title": "A4-vellen om te knippen",
        "print_section": "Afdrukken",
        "offline_download": "Download de offline versie (zip-bestand)",
        "offline_how": (
            "Pak het zip-bestand uit, op je computer, een USB-stick of je telefoon. Open dan "
            "het bestand index.html in de map outreachend-werken. Alles werkt zonder internet, "
            "ook zoeken."
        ),
        "offline_here": "Je leest nu de offline versie. Ze werkt zonder internet, ook zoeken.",
        "print_off": (
            "Deze versie van de site is gemaakt zonder afdrukstap (extra.print.pdfs: false). "
            "Er zijn dus geen pdf's en geen afdrukweergave. Maak de site opnieuw met pdf's "
            "om af te drukken."
        ),
        "embed_section": "Deze kaart insluiten",
        "embed_hint": (
            "Toon deze kaart op je eigen website of intranet. Kopieer de code hieronder en plak "
            "ze in je pagina. De kaart blijft altijd de nieuwste versie."
        ),
        "embed_iframe_title": "Inspiratiekaart: {title}",
        "embed_read_more": "Lees de hele kaart",
        "embed_new_window": "(opent in een nieuw venster)",
        "embed_from": "Uit",
        "audio_section": "Luisteren",
        "audio_transcript": "Wat er gezegd wordt",
        "audio_no_player": "Je browser kan dit geluid niet afspelen. Download het bestand:",
        "print_listen": "Luister naar de stem achter deze kaart: scan de QR-code.",
        "redirect_moved": "Deze kaart heeft een nieuw adres:",
        "sets_title": "Kaartensets",
        "sets_intro": (
            "Een kaartenset is een reeks kaarten in een vaste volgorde. Gebruik een set om een "
            "nieuwe collega in te werken, voor een intervisie of voor een vorming. Elke set heeft "
            "een vaste link en eigen pdf's."
        ),
        "set_count": "{n} kaarten",
        "set_for": "Voor",
        "set_path": "De kaarten in volgorde",
        "set_tick": "Gelezen",
        "set_progress": "{done} van {total} kaarten gelezen",
        "set_reset": "Alles terug uitvinken",
        "set_progress_note": (
            "Vink een kaart af als je ze gelezen hebt. Wat je afvinkt, onthoudt alleen deze "
            "browser op dit toestel. Niets gaat naar een server."
        ),
        "set_builder": "Open deze set in de kaartensamensteller (ander formaat of andere taal)",
        "set_pdf": "De set als pdf, recto-verso",
        "set_pdf_a4": "De set op A4-vellen om te knippen",
        "set_print": "Afdrukken",
        "builder_title": "Zelf kaarten samenstellen",
        "builder_intro": (
            "Kies kaarten met een filter, met zoeken of een voor een. Kies de taal en het formaat. "
            "Druk dan af vanuit je browser. Je keuze staat in het adres van deze pagina: "
            "bewaar of deel dat adres."
        ),
        "builder_nojs": (
            "Zelf kaarten samenstellen werkt alleen met JavaScript. Zet JavaScript aan in je "
            "browser. Of neem de kant-en-klare pdf's:"
        ),
        "builder_problem_title": "Let op",
        "builder_unknown_cards": (
            "Het adres noemt kaarten die niet bestaan: {ids}. Die kaarten zijn niet gekozen."
        ),
        "builder_unknown_format": (
            "Het adres vraagt een formaat dat niet bestaat: {value}. Je krijgt nu {chosen}."
        ),
        "builder_unknown_layout": (
            "Het adres vraagt een manier van afdrukken die niet bestaat: {value}. "
            "Je krijgt nu {chosen}."
        ),
        "builder_pick_title": "1. Kies kaarten",
        "builder_filter_legend": "Zoeken en filteren",
        "builder_search": "Zoek een woord in de titel of op de voorkant",
        "builder_select_shown": "Kies alle getoonde kaarten",
        "builder_clear": "Maak je keuze leeg",
        "builder_skip": "Klaar met kiezen? Ga naar je keuze en naar afdrukken.",
        "builder_chosen_title": "2. Je keuze",
        "builder_count": "Gekozen: {n} van {total} kaarten.",
        "builder_empty": "Je hebt nog geen kaarten gekozen. Vink kaarten aan in de lijst.",
        "builder_order": "De kaarten worden in deze volgorde afgedrukt.",
        "builder_up": "Hoger",
        "builder_down": "Lager",
        "builder_remove": "Weg",
        "builder_print_title": "3. Afdrukken",
        "builder_language": "Taal van de kaarten: Nederlands.",
        "builder_language_switch": "Dezelfde kaarten in het Engels",
        "builder_format_legend": "Formaat van een kaart",
        "builder_format_a6": "A6 (105 × 148 mm)",
        "builder_format_a7": "A7 (74 × 105 mm)",
        "builder_layout_legend": "Hoe druk je af?",
        "builder_layout_cards": "Losse kaarten: elke kant op een eigen blad, zo groot als de kaart",
        "builder_layout_sheets": (
            "A4-vellen om te knippen: 4 kaarten (A6) of 8 kaarten (A7) per kant"
        ),
        "builder_layout_cards_name": "losse kaarten",
        "builder_layout_sheets_name": "A4-vellen",
        "builder_summary_cards": (
            "Je afdruk: {pages} pagina's van {size}. Elke kaart heeft een voorkant en een "
            "achterkant."
        ),
        "builder_summary_sheets": (
            "Je afdruk: {pages} A4-pagina's, eerst de voorkanten en dan de achterkanten. "
            "Vellen papier als je dubbelzijdig afdrukt: {sheets}."
        ),
        "builder_summary_none": "Kies eerst kaarten. Dan kun je afdrukken.",
        "builder_print": "Afdrukken",
        "builder_print_hint": (
            "Kies in het afdrukvenster: ware grootte (100 %). Druk dubbelzijdig af en sla om langs "
            "de lange kant. Dan staat elke achterkant achter zijn voorkant. Losse kaarten vragen "
            "papier zo groot als de kaart. Heb je alleen A4-papier? Kies dan A4-vellen."
        ),
        "print_card_pdf": "Deze kaart als pdf",
        "print_card_hint": (
            "Of druk deze pagina af vanuit je browser: je krijgt dezelfde kaart in zakformaat, "
            "voorkant en achterkant."
        ),
        "print_page_title": "Kaarten afdrukken",
        "print_page_intro": (
            "Alle kaarten als pdf, klaar om af te drukken. Een kaart heeft zakformaat "
            "({format}: {size}). De voorkant heeft de kleur van het thema. De achterkant heeft "
            "de tips, een getuigenis, een reflectievraag en een QR-code naar de kaart op deze site."
        ),
        "print_whole_deck": "De hele kaartenset",
        "print_by_theme": "Per thema",
        "print_by_card": "Per kaart",
        "print_file": "Bestand",
        "print_what": "Wat",
        "print_pages": "Pagina's",
        "print_size": "Grootte",
        "print_pages_unit": "pagina's",
        "print_deck_what": "Alle {n} kaarten, voorkant en achterkant om en om. Druk recto-verso af.",
        "print_sheets_what": (
            "A4-vellen met {per} kaarten per kant en snijtekens. Druk recto-verso af en knip."
        ),
        "print_shop_what": (
            "Voor een drukkerij: elke kaart met 3 mm afloop rondom en een snijkader (TrimBox)."
        ),
        "print_how_title": "Zo druk je af",
        "print_how": (
            "Druk op ware grootte (100 %). Kies niet 'passend maken' of 'aanpassen aan pagina'.\n"
            "Recto-verso: kies 'dubbelzijdig, omslaan langs de lange kant'. Dan staat elke "
            "achterkant achter zijn voorkant.\n"
            "A4-vellen: leg het vel plat en snij langs de korte zwarte streepjes. Een snijmachine "
            "of een mes met een lat geeft de mooiste rand.\n"
            "Dik papier (160 tot 250 g/m²) maakt stevige kaarten. Kijk eerst of je printer het aankan.\n"
            "Een drukkerij krijgt het bestand 'voor de drukkerij'. Vraag om te snijden op het "
            "snijkader.\n"
            "Eén kaart nodig? Open de kaart op de site en druk de pagina af vanuit je browser."
        ),
    },
    "en": {
        "card": "Card",
        "cards": "cards",
        "overview_title": "All cards",
        "overview_intro": (
            "All cards, by theme. Choose a theme, an audience or a place to make the list "
            "shorter. Or draw a card and be surprised."
        ),
        "filter_legend": "Filter the cards",
        "filter_theme": "Theme",
        "filter_audience": "For whom",
        "filter_place": "Place",
        "filter_speaker": "Who speaks",
        "filter_all": "All",
        "filter_count": "{n} of {total} cards",
        "filter_count_testimonies": "{n} of {total} testimonies",
        "filter_none": "No cards for this choice. Choose another filter.",
        "draw": "Draw a card",
        "tips": "Tips",
        "testimonies": "Testimonies",
        "questions": "Reflection questions",
        "related": "Related cards",
        "sources": "Sources",
        "places": "Places",
        "life_domains": "Life domains",
        "audience": "For whom",
        "translation_note": "Translation by this project.",
        "original": "Original ({language})",
        "to_card": "Go to the card",
        "themes_title": "Themes",
        "themes_intro": "The cards are grouped in themes. Each theme has its own colour.",
        "theme_count": "{n} cards in this theme.",
        "theme_empty": "This theme has no cards yet.",
        "testimonies_title": "Testimonies",
        "testimonies_intro": (
            "What people with lived experience of poverty and social professionals say "
            "themselves. Each quotation is word for word from the source, translated from "
            "Dutch. Each one links to its card."
        ),
        "tips_title": "Tips",
        "tips_intro": "All tips from the cards, for the professional and for the organisation.",
        "all_cards": "All cards",
        "all_themes": "All themes",
        "coverage_none": "no card yet",
        "print_deck_name": "Outreach work — inspiration cards",
        "print_author": "Outreach work — inspiration cards",
        "print_description": "Cards about outreach work: practice, tips and testimonies.",
        "print_translation": "translation",
        "print_question": "Reflection question",
        "print_qr": "QR code to the card on the website: {url}",
        "print_duplex": "double-sided",
        "print_shop": "for the print shop, 3 mm bleed",
        "print_sheets_title": "A4 sheets to cut",
        "print_section": "Print",
        "offline_download": "Download the offline edition (zip file)",
        "offline_how": (
            "Unzip the file, on your computer, a USB stick or your phone. Then open the file "
            "index.html in the folder outreachend-werken. Everything works without internet, "
            "search too."
        ),
        "offline_here": "You are reading the offline edition. It works without internet, search too.",
        "print_off": (
            "This version of the site was built without the print step (extra.print.pdfs: "
            "false). So there are no PDFs and no print layouts. Build the site again with PDFs "
            "to print."
        ),
        "embed_section": "Embed this card",
        "embed_hint": (
            "Show this card on your own website or intranet. Copy the code below and paste it "
            "into your page. The card always stays the latest version."
        ),
        "embed_iframe_title": "Inspiration card: {title}",
        "embed_read_more": "Read the whole card",
        "embed_new_window": "(opens in a new window)",
        "embed_from": "From",
        "audio_section": "Listen",
        "audio_transcript": "What is said",
        "audio_no_player": "Your browser cannot play this sound. Download the file:",
        "print_listen": "Listen to the voice behind this card: scan the QR code.",
        "redirect_moved": "This card has a new address:",
        "sets_title": "Card sets",
        "sets_intro": (
            "A card set is a series of cards in a fixed order. Use a set to welcome a new "
            "colleague, for an intervision session or for a training. Each set has a stable "
            "link and its own PDFs."
        ),
        "set_count": "{n} cards",
        "set_for": "For",
        "set_path": "The cards in order",
        "set_tick": "Read",
        "set_progress": "{done} of {total} cards read",
        "set_reset": "Untick all",
        "set_progress_note": (
            "Tick a card off when you have read it. Only this browser on this device remembers "
            "what you tick. Nothing goes to a server."
        ),
        "set_builder": "Open this set in the deck builder (another format or language)",
        "set_pdf": "The set as a PDF, double-sided",
        "set_pdf_a4": "The set on A4 sheets to cut",
        "set_print": "Print",
        "builder_title": "Build your own deck",
        "builder_intro": (
            "Pick cards with a filter, by searching or one by one. Choose the language and the "
            "format. Then print from your browser. Your choice is in the address of this page: "
            "save or share that address."
        ),
        "builder_nojs": (
            "Building your own deck needs JavaScript. Turn on JavaScript in your browser. Or take "
            "the ready-made PDFs:"
        ),
        "builder_problem_title": "Note",
        "builder_unknown_cards": (
            "The address names cards that do not exist: {ids}. Those cards are not chosen."
        ),
        "builder_unknown_format": (
            "The address asks for a format that does not exist: {value}. You get {chosen} now."
        ),
        "builder_unknown_layout": (
            "The address asks for a way of printing that does not exist: {value}. "
            "You get {chosen} now."
        ),
        "builder_pick_title": "1. Pick cards",
        "builder_filter_legend": "Search and filter",
        "builder_search": "Search for a word in the title or on the front",
        "builder_select_shown": "Pick all cards shown",
        "builder_clear": "Clear your choice",
        "builder_skip": "Done picking? Go to your choice and to printing.",
        "builder_chosen_title": "2. Your choice",
        "builder_count": "Chosen: {n} of {total} cards.",
        "builder_empty": "You have not picked any cards yet. Tick cards in the list.",
        "builder_order": "The cards print in this order.",
        "builder_up": "Up",
        "builder_down": "Down",
        "builder_remove": "Remove",
        "builder_print_title": "3. Print",
        "builder_language": "Language of the cards: English.",
        "builder_language_switch": "The same cards in Dutch",
        "builder_format_legend": "Size of a card",
        "builder_format_a6": "A6 (105 × 148 mm)",
        "builder_format_a7": "A7 (74 × 105 mm)",
        "builder_layout_legend": "How do you print?",
        "builder_layout_cards": "Single cards: each side on its own page, the size of the card",
        "builder_layout_sheets": "A4 sheets to cut: 4 cards (A6) or 8 cards (A7) a side",
        "builder_layout_cards_name": "single cards",
        "builder_layout_sheets_name": "A4 sheets",
        "builder_summary_cards": (
            "Your printout: {pages} pages of {size}. Every card has a front and a back."
        ),
        "builder_summary_sheets": (
            "Your printout: {pages} A4 pages, first the fronts, then the backs. "
            "Sheets of paper when you print double-sided: {sheets}."
        ),
        "builder_summary_none": "Pick cards first. Then you can print.",
        "builder_print": "Print",
        "builder_print_hint": (
            "In the print window, choose actual size (100 %). Print double-sided and flip on the "
            "long edge. Then every back lands behind its front. Single cards need paper the size "
            "of the card. Only have A4 paper? Then choose A4 sheets."
        ),
        "print_card_pdf": "This card as a PDF",
        "print_card_hint": (
            "Or print this page from your browser: you get the same pocket card, front and back."
        ),
        "print_page_title": "Print the cards",
        "print_page_intro": (
            "All cards as PDFs, ready to print. A card is pocket size ({format}: {size}). The "
            "front has the colour of its theme. The back has the tips, a testimony, a reflection "
            "question and a QR code to the card on this site."
        ),
        "print_whole_deck": "The whole deck",
        "print_by_theme": "By theme",
        "print_by_card": "By card",
        "print_file": "File",
        "print_what": "What",
        "print_pages": "Pages",
        "print_size": "Size",
        "print_pages_unit": "pages",
        "print_deck_what": "All {n} cards, front and back in turn. Print double-sided.",
        "print_sheets_what": "A4 sheets with {per} cards a side and cut marks. Print double-sided, then cut.",
        "print_shop_what": "For a print shop: every card with 3 mm bleed all round and a trim box.",
        "print_how_title": "How to print",
        "print_how": (
            "Print at actual size (100 %). Do not choose 'fit to page'.\n"
            "Double-sided: choose 'flip on long edge'. Then every back lands behind its front.\n"
            "A4 sheets: lay the sheet flat and cut along the short black lines. A paper cutter, "
            "or a knife and a ruler, gives the cleanest edge.\n"
            "Thick paper (160 to 250 g/m²) makes sturdy cards. Check first that your printer "
            "takes it.\n"
            "Give a print shop the file 'for the print shop'. Ask them to cut on the trim box.\n"
            "Need one card? Open it on the site and print the page from your browser."
        ),
    },
}


def labels_for(language: str) -> dict[str, str]:
    """The interface labels of ``language``; raises KeyError naming the missing language."""
    try:
        return LABELS[language]
    except KeyError:
        raise KeyError(
            f"no interface labels for language '{language}': add them to "
            "hooks/outreach_cards/locales/__init__.py"
        ) from None
