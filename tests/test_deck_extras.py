"""Sets, audio fragments and the redirect list are checked like cards: one exact message per
problem, naming file, line and field."""

from __future__ import annotations

from pathlib import Path

from outreach_cards.deck import load_deck
from outreach_cards.model import AudioFragment, CardSet

from .helpers import audio_yaml, problems, write_card, write_redirects, write_set, write_sound

AUDIO = audio_yaml("recht-op-2022", "published-anonymised")


def card_with_audio(deck_dir: Path, audio: str = AUDIO) -> None:
    path = write_card(deck_dir, "eerste", 1)
    path.write_text(path.read_text(encoding="utf-8") + audio, encoding="utf-8")


# -- sets -----------------------------------------------------------------------------------


def test_valid_set_loads_in_its_order(deck_dir: Path) -> None:
    """A set keeps its cards in the order written, with title and introduction per language."""
    write_set(deck_dir, "eerste-week", 1)
    deck = load_deck(deck_dir)
    assert deck.sets == (
        CardSet(
            id="eerste-week",
            order=1,
            title={"nl": "Een set voor de eerste week", "en": "A set for the first week"},
            intro={"nl": "Lees deze kaarten in volgorde.", "en": "Read these cards in order."},
            cards=("tweede", "eerste"),
            audience="professional",
        ),
    )
    assert [card.id for card in deck.cards_in_set("eerste-week")] == ["tweede", "eerste"]


def test_set_with_an_unknown_card_names_file_and_line(deck_dir: Path) -> None:
    write_set(deck_dir, "eerste-week", 1, ("  - eerste\n", "  - eerst\n"))
    assert problems(deck_dir) == [
        "cards/sets/eerste-week.yaml:14: field 'cards[1]': unknown card 'eerst' (not in cards/) "
        "— did you mean 'eerste'?"
    ]


def test_set_problems_are_all_reported(deck_dir: Path) -> None:
    """Id unlike its file name, a missing translation, a card listed twice, an unknown
    audience, and a second set with the same order."""
    path = write_set(
        deck_dir,
        "eerste-week",
        1,
        ("id: eerste-week", "id: week-een"),
        ("  en:\n    title: A set for the first week\n    intro: Read these cards in order.\n", ""),
        ("  - eerste\n", "  - tweede\n"),
        ("audience: professional", "audience: pros"),
    )
    write_set(deck_dir, "tweede-week", 1)
    assert path.name == "eerste-week.yaml"
    assert problems(deck_dir) == [
        "cards/sets/eerste-week.yaml:2: field 'id': id 'week-een' differs from the file name "
        "'eerste-week.yaml': the id is the set's permalink, so rename the file to week-een.yaml",
        "cards/sets/eerste-week.yaml:4: field 'audience': unknown audience 'pros' (not in "
        "vocabularies.yaml) — expected one of: 'both', 'organisation', 'professional'",
        "cards/sets/eerste-week.yaml:5: field 'text': missing the 'en' translation: add text.en",
        "cards/sets/eerste-week.yaml:9: field 'cards': lists the same value twice: keep each once",
        "cards/sets/tweede-week.yaml:3: field 'order': order 1 is already used by eerste-week.yaml "
        "(line 3): every set needs its own order",
    ]


# -- audio ----------------------------------------------------------------------------------


def test_card_with_audio_and_transcript_loads(deck_dir: Path) -> None:
    write_sound(deck_dir / "audio" / "stem.wav")
    card_with_audio(deck_dir)
    card = load_deck(deck_dir).card("eerste")
    assert card.audio == (
        AudioFragment(
            file="stem.wav",
            title={"nl": "Een stem uit de praktijk", "en": "A voice from practice"},
            transcript={
                "nl": "Dit is alles wat er gezegd wordt.",
                "en": "This is everything that is said.",
            },
            original="nl",
            speaker="person-in-poverty",
            source="recht-op-2022",
            provenance="published-anonymised",
            duration="0:01",
        ),
    )


def test_audio_without_transcript_is_rejected(deck_dir: Path) -> None:
    """The transcript is required: people who cannot hear the fragment read it."""
    write_sound(deck_dir / "audio" / "stem.wav")
    card_with_audio(
        deck_dir,
        AUDIO.replace(
            "    transcript:\n      nl: Dit is alles wat er gezegd wordt.\n"
            "      en: This is everything that is said.\n",
            "",
        ),
    )
    assert problems(deck_dir) == [
        "cards/eerste.yaml:38: field 'audio[0].transcript': missing required field "
        "'transcript': add it"
    ]


def test_audio_transcript_in_every_language_and_the_spoken_one(deck_dir: Path) -> None:
    write_sound(deck_dir / "audio" / "stem.wav")
    card_with_audio(
        deck_dir,
        AUDIO.replace("      en: This is everything that is said.\n", "").replace(
            "original: nl", "original: fr"
        ),
    )
    assert problems(deck_dir) == [
        "cards/eerste.yaml:42: field 'audio[0].transcript': missing the 'en' translation: add "
        "transcript.en",
        "cards/eerste.yaml:44: field 'audio[0].original': the spoken language 'fr' has no "
        "transcript: add transcript.fr with every word that is said",
    ]


def test_audio_file_must_exist_and_be_a_sound_file(deck_dir: Path) -> None:
    card_with_audio(deck_dir)
    assert problems(deck_dir) == [
        "cards/eerste.yaml:38: field 'audio[0].file': the sound file 'stem.wav' is not in "
        "cards/audio/: add it there, or correct the name"
    ]
    card_with_audio(deck_dir, AUDIO.replace("file: stem.wav", "file: stem.docx"))
    assert problems(deck_dir) == [
        "cards/eerste.yaml:38: field 'audio[0].file': 'stem.docx' is not a sound file name: use "
        "lowercase letters, digits, - or _, ending in .mp3, .m4a, .ogg, .opus, .webm or .wav"
    ]


# -- redirects ------------------------------------------------------------------------------


def test_redirects_load(deck_dir: Path) -> None:
    write_redirects(deck_dir, "  - from: oude-eerste\n    to: eerste\n")
    assert load_deck(deck_dir).redirects == {"oude-eerste": "eerste"}


def test_redirect_problems(deck_dir: Path) -> None:
    """An old id that leads nowhere, one that is still a card, and one listed twice."""
    write_redirects(
        deck_dir,
        "  - from: oud\n    to: eersten\n"
        "  - from: tweede\n    to: eerste\n"
        "  - from: oud\n    to: tweede\n",
    )
    assert problems(deck_dir) == [
        "cards/registries/redirects.yaml:4: field 'redirects[0].to': unknown card 'eersten' (not "
        "in cards/; point old ids at the card's current id) — did you mean 'eerste'?",
        "cards/registries/redirects.yaml:5: field 'redirects[1].from': 'tweede' is the id of a "
        "card now: an old id cannot lead elsewhere while a card still has it (remove this entry "
        "or rename that card)",
        "cards/registries/redirects.yaml:7: field 'redirects[2].from': 'oud' already leads to a "
        "card on line 3: keep one entry per old id",
    ]


def test_the_real_sets_validate_and_name_existing_cards() -> None:
    from .conftest import REPO

    deck = load_deck(REPO / "cards")
    assert [card_set.id for card_set in deck.sets] == [
        "eerste-week",
        "intervisie-aanklampen",
        "voor-teamverantwoordelijken",
    ]
    for card_set in deck.sets:
        assert len(deck.cards_in_set(card_set.id)) == len(card_set.cards) >= 5


def test_schemas_are_valid_and_read_the_same_by_both_checkers() -> None:
    """The quick check (fastjsonschema) reads the schemas as draft 7; they must keep to what
    both it and jsonschema's 2020-12 read alike: every schema is valid 2020-12, and no $ref has
    sibling keywords (draft 7 would ignore them)."""
    from jsonschema import Draft202012Validator

    from outreach_cards.load.schema import SCHEMA_DIR, load_schema

    def refs_with_siblings(node, path="") -> list[str]:
        found = []
        if isinstance(node, dict):
            if "$ref" in node and set(node) - {"$ref", "description"}:
                found.append(path)
            for key, value in node.items():
                found += refs_with_siblings(value, f"{path}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                found += refs_with_siblings(value, f"{path}/{index}")
        return found

    names = sorted(
        path.name.removesuffix(".schema.json") for path in SCHEMA_DIR.glob("*.schema.json")
    )
    assert names == [
        "card",
        "export",
        "format",
        "glossary",
        "locale",
        "redirects",
        "set",
        "settings",
        "situations",
        "sources",
        "themes",
        "vocabularies",
    ]
    for name in names:
        Draft202012Validator.check_schema(load_schema(name))
        assert refs_with_siblings(load_schema(name)) == [], name
