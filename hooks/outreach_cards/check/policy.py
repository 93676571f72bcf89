"""The deck's content policy: plain language on the front of every card, and paths on from it.

The front of a pocket card is read in passing, by people for whom reading may be hard, so
its sentences are short and its score on the language's readability formula high. Both are
problems: the deck promises plain language. A card with fewer than two related cards is
advice only: nothing breaks, and a deck that is still growing cannot always link on yet.
(A title's length is the schema's ``maxLength``, checked with the schemas.)
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Card, CardText
from ..problems import Problem
from .common import listed
from .context import CheckContext
from .reading import formula_for, front_figures, sentences

LONGEST_SENTENCE = {"nl": 15, "en": 18}  # words; a language not listed has no bound
AVERAGE_SENTENCE = {"nl": 12}  # words per sentence on average, over the front text
MIN_READABILITY = 60.0  # on the language's formula; 60 and above reads as plain language
MIN_RELATED = 2


def front_plain_language(context: CheckContext) -> Iterator[Problem]:
    """Each front text keeps within the sentence bounds of its language and scores at least
    :data:`MIN_READABILITY` where the language has a readability formula."""
    for source, data in context.card_files():
        text = data.get("text")
        for language, block in text.items() if isinstance(text, dict) else ():
            front = block.get("front") if isinstance(block, dict) else None
            if not isinstance(front, str) or not sentences(front):
                continue
            figures = front_figures(_front_only(front, language), language)
            path = ("text", language, "front")
            longest = LONGEST_SENTENCE.get(language)
            if longest is not None and figures.longest_sentence > longest:
                yield source.problem(
                    path,
                    f"the longest sentence has {figures.longest_sentence} words; keep every "
                    f"sentence at {longest} words or fewer (split it)",
                )
            average = AVERAGE_SENTENCE.get(language)
            if average is not None and figures.words_per_sentence > average:
                yield source.problem(
                    path,
                    f"the sentences have {figures.words_per_sentence:.1f} words on average; "
                    f"keep the average at {average} or fewer (split the longer sentences)",
                )
            formula = formula_for(language)
            # None where the language has no formula: its sentences are still bounded above.
            if figures.readability is not None and figures.readability < MIN_READABILITY:
                name = formula.name if formula is not None else "readability"
                yield source.problem(
                    path,
                    f"scores {figures.readability:.1f} on {name}; plain language needs at "
                    f"least {MIN_READABILITY:.0f} (use shorter sentences and shorter words)",
                )


def _front_only(front: str, language: str) -> Card:
    """A card holding only ``front``: the reading figures are computed from a card, and the
    rules run on the files, before (and whether or not) the deck's model can be built."""
    text = CardText(title="", front=front.strip(), body="", tips=(), questions=())
    return Card(
        id="", number=0, theme="", audience="", sources=(), covers=(), text={language: text}
    )


def related_cards(context: CheckContext) -> Iterator[Problem]:
    """Advice: each card lists at least :data:`MIN_RELATED` related cards to read next."""
    for source, data in context.card_files():
        count = len(listed(data.get("related")))
        if count < MIN_RELATED:
            lists = "no related card" if count == 0 else f"{count} related card"
            yield source.problem(
                ("related",),
                f"lists {lists}; link every card to at least {MIN_RELATED} others "
                "so readers can go on (add their ids to related)",
            )


RULES = (front_plain_language,)
ADVICE = (related_cards,)
