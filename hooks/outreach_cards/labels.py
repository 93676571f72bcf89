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
    },
}


def labels_for(language: str) -> dict[str, str]:
    """The interface labels of ``language``; raises KeyError naming the missing language."""
    try:
        return LABELS[language]
    except KeyError:
        raise KeyError(
            f"no interface labels for language '{language}': add them to "
            "hooks/outreach_cards/labels.py"
        ) from None
