"""Interface words of the generated pages and PDFs, one YAML file per language, and the
formatting of numbers in a language (Babel).

Terms that cards refer to (audiences, places, speaker roles, ...) are labelled in the
vocabularies registry; the files here hold only the words of the page frame:
``locales/<language>.yaml``, checked against ``schemas/locale.schema.json``. The default
language's file (``nl.yaml``) is complete by definition; a key that another language lacks
falls back to the default language's text, with a warning.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal

from ..load.schema import schema_problems
from ..load.yamlsource import YamlSource, read_yaml
from ..problems import Problem, did_you_mean

LOCALE_DIR = Path(str(resources.files("outreach_cards") / "locales"))
DEFAULT_LANGUAGE = "nl"

# Under "mkdocs." so that MkDocs shows the warning and `mkdocs build --strict` counts it: an
# incomplete language then fails the build. Outside MkDocs it is an ordinary logger.
log = logging.getLogger("mkdocs.hooks.cards.locales")

# The folder that holds hooks/: messages name a locale file as it stands in the repository.
_PROJECT_ROOT = Path(str(resources.files("outreach_cards"))).parent.parent


class LocaleError(KeyError):
    """A language without a locale file, or a locale file with problems.

    A KeyError, as the labels of an unknown language always were: callers that catch it keep
    working. ``args[0]`` is the whole message.
    """

    def __str__(self) -> str:
        return str(self.args[0])


def shown(path: Path) -> str:
    """``path`` as a message names it: from the project root where it lies below it."""
    try:
        return path.resolve().relative_to(_PROJECT_ROOT.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class Locales:
    """The locale files of one folder, each read once, with the fallback to the default
    language.

    ``folder`` holds ``<language>.yaml`` files; ``default`` is the language whose file is
    complete by definition and that the others fall back to.
    """

    def __init__(self, folder: Path = LOCALE_DIR, default: str = DEFAULT_LANGUAGE) -> None:
        self.folder = folder
        self.default = default
        self._labels: dict[str, dict[str, str]] = {}

    def path(self, language: str) -> Path:
        """The locale file of ``language`` (which may not exist yet)."""
        return self.folder / f"{language}.yaml"

    def labels(self, language: str) -> dict[str, str]:
        """Key → text of ``language`` in the default language's key order, read on first use.

        A key missing in ``language`` gets the default language's text and a logged warning.
        Raises :class:`LocaleError` if the file is missing or has problems. The dict is shared
        by every caller: read it, never change it.
        """
        if language not in self._labels:
            source = self._read(language)
            if language == self.default:
                self._labels[language] = source.data
            else:
                self._labels[language] = self._complete(language, source)
        return self._labels[language]

    def _read(self, language: str) -> YamlSource:
        path = self.path(language)
        if not path.is_file():
            raise LocaleError(
                f"no interface labels for language '{language}': add them to {shown(path)}"
            )
        source, problems = read_yaml(path)
        if source is not None:
            problems = schema_problems(source, "locale")
        if problems:
            raise LocaleError(_report(problems))
        return source

    def _complete(self, language: str, source: YamlSource) -> dict[str, str]:
        """``language``'s texts in the default language's key order, its gaps filled from the
        default language; a warning for each gap and for each key the default does not know."""
        reference, own, path = self.labels(self.default), source.data, shown(source.path)
        for key, text in reference.items():
            if key not in own:
                log.warning(
                    f"{path}: no text for '{key}' in language '{language}': using the "
                    f"{self.default} text {text!r} until you add '{key}' there"
                )
        for key in own:
            if key not in reference:
                log.warning(
                    f"{path}:{source.line((key,))}: key '{key}' is not in "
                    f"{shown(self.path(self.default))}, so nothing shows it: remove it "
                    f"or rename it{did_you_mean(key, reference)}"
                )
        return {key: own.get(key, text) for key, text in reference.items()}


def _report(problems: list[Problem]) -> str:
    """The problems of a locale file, one a line: file, line, key and what to do."""
    return "\n".join(
        f"{shown(p.path)}:{p.line}: {f'key {p.field!r}' if p.field else 'file'}: {p.message}"
        for p in sorted(problems)
    )


@cache
def default_locales() -> Locales:
    """The package's own locale files (one per process: each file is read once)."""
    return Locales()


def labels_for(language: str) -> dict[str, str]:
    """The interface labels of ``language``; raises :class:`LocaleError` (a KeyError) naming
    the locale file to add or the problems in it."""
    return default_locales().labels(language)


def format_number(value: float, language: str, pattern: str) -> str:
    """``value`` written as ``language`` writes numbers, by a Babel/CLDR ``pattern``:
    ``format_number(1.2, "nl", "0.0")`` → ``1,2``; ``"en"`` → ``1.2``. Rounds as Python's own
    formatting does (``f"{1.05:.1f}"`` is ``1.1``)."""
    # Babel turns a float into a Decimal through str(): 1.05 would then round half-even to 1.0,
    # whereas the float's exact value (1.0500000000000000444...) rounds to 1.1, as Python does.
    exact = Decimal(value)
    return format_decimal(exact, format=pattern, locale=Locale.parse(language, sep="-"))
