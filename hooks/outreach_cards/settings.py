"""An organisation's settings in mkdocs.yml's ``extra:``, checked before anything is built.

    extra:
      sets: [eerste-week, voor-teamverantwoordelijken]   # which sets to publish (default: all)
      colours: {primary: "#1d5b86", accent: "#a04000"}   # header and links, accent for hover/focus
      print: {format: A6, pdfs: true}

``schemas/settings.schema.json`` lists every setting and its type (Material's own settings
under ``extra:`` included, passed on unchecked), so a misspelt setting is an error with a
suggestion, not a setting silently ignored. The values are checked here.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .check.registries import MIN_CONTRAST, contrast_with_white
from .load.schema import TYPE_NAMES, load_schema
from .model import Deck
from .problems import did_you_mean

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
COLOUR_NAMES = ("primary", "accent")


class SettingsError(ValueError):
    """A setting in mkdocs.yml that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Brand:
    """The site's own name and description in each language (``site_name`` and
    ``site_description`` in mkdocs.yml, and under each language of the i18n plugin): what the
    PDFs, the embedded cards and the offline edition are called, so that an organisation's
    copy carries its own name everywhere."""

    names: dict[str, str]
    descriptions: dict[str, str]
    default_language: str

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names.get(self.default_language, "")

    def titled(self, text: str, language: str) -> str:
        """``text — <the site's name>``, e.g. a PDF's title (``text`` alone without a name)."""
        name = self.name(language)
        return f"{text} — {name}" if name else text

    def description(self, language: str) -> str:
        return self.descriptions.get(language) or self.descriptions.get(self.default_language, "")

    @property
    def slug(self) -> str:
        """The default language's name up to a dash or colon, as a file name:
        "Outreachend werken — inspiratiekaarten" → ``outreachend-werken``."""
        short = re.split(r"\s+[—–-]\s+|:", self.name(self.default_language))[0]
        ascii_text = unicodedata.normalize("NFKD", short).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "cards"


def brand_from_config_file(path: Path, default_language: str) -> Brand:
    """The brand as a mkdocs.yml declares it, read without MkDocs (for ``outreach-cards check
    --print``): ``site_name``, ``site_description`` and those of the i18n plugin's languages.
    Tags (``!ENV``, ``!!python/name``) are read as empty; a missing file gives no name."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader) if path.is_file() else None
    data = data if isinstance(data, dict) else {}
    name, description = data.get("site_name") or "", data.get("site_description") or ""
    names, descriptions = {default_language: name}, {default_language: description}
    plugins = data.get("plugins")
    i18n = plugins.get("i18n") if isinstance(plugins, dict) else None
    for language in (i18n or {}).get("languages") or ():
        if isinstance(language, dict) and isinstance(language.get("locale"), str):
            names[language["locale"]] = language.get("site_name") or name
            descriptions[language["locale"]] = language.get("site_description") or description
    return Brand(names, descriptions, default_language)


def check_settings(extra: Any, config_name: str = "mkdocs.yml") -> None:
    """Every setting under ``extra`` exists and has the right type; raises SettingsError
    listing each one that does not (the first line of each names the setting)."""
    from jsonschema import Draft202012Validator

    problems = []
    for error in sorted(
        Draft202012Validator(load_schema("settings")).iter_errors(extra or {}),
        key=lambda error: [str(part) for part in error.absolute_path],
    ):
        name = ".".join(["extra", *(str(part) for part in error.absolute_path)])
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = error.schema.get("properties", {})
            problems += [
                f"{config_name}: {name}.{key} is not a setting{did_you_mean(key, known)}"
                for key in error.instance
                if key not in known
            ]
        elif error.validator == "type":
            wanted = error.validator_value
            wanted = [wanted] if isinstance(wanted, str) else wanted
            if set(wanted) == {"boolean", "string"}:  # a yes/no that !ENV may give as text
                wanted = ["boolean"]
            problems.append(
                f"{config_name}: {name} should be "
                f"{' or '.join(TYPE_NAMES[kind] for kind in wanted)}, "
                f"not {error.instance!r}"
            )
        else:
            problems.append(f"{config_name}: {name}: {error.message}")
    if problems:
        raise SettingsError("\n".join(problems))


def select_sets(deck: Deck, wanted: Any) -> Deck:
    """The deck with only the sets named in ``extra.sets`` (all when the setting is absent)."""
    if wanted is None:
        return deck
    if not isinstance(wanted, list) or not all(isinstance(item, str) for item in wanted):
        raise SettingsError("mkdocs.yml: extra.sets must be a list of set ids, e.g. [eerste-week]")
    known = {card_set.id for card_set in deck.sets}
    for set_id in wanted:
        if set_id not in known:
            raise SettingsError(
                f"mkdocs.yml: extra.sets names '{set_id}', which is not a set in cards/sets/"
                f"{did_you_mean(set_id, known)}"
            )
    # A format keeps its cards; it no longer points at a set this copy does not publish.
    formats = tuple(
        dataclasses.replace(work_format, sets=tuple(s for s in work_format.sets if s in wanted))
        for work_format in deck.formats
    )
    return dataclasses.replace(
        deck, sets=tuple(s for s in deck.sets if s.id in wanted), formats=formats
    )


def check_colours(colours: Any) -> None:
    """``extra.colours``: #rrggbb values on which white text (the header) and which as text on
    white (links) reach the WCAG AA contrast of 4.5:1."""
    if colours is None:
        return
    if not isinstance(colours, dict):
        raise SettingsError("mkdocs.yml: extra.colours must be a group, e.g. {primary: '#1d5b86'}")
    for name, value in colours.items():
        if name not in COLOUR_NAMES:
            raise SettingsError(
                f"mkdocs.yml: extra.colours.{name} is not a setting"
                f"{did_you_mean(name, COLOUR_NAMES)}"
            )
        if not isinstance(value, str) or not COLOUR.fullmatch(value):
            raise SettingsError(
                f"mkdocs.yml: extra.colours.{name} must be a colour like '#1d5b86' "
                f"(in quotes), not {value!r}"
            )
        ratio = contrast_with_white(value)
        if ratio < MIN_CONTRAST:
            raise SettingsError(
                f"mkdocs.yml: extra.colours.{name} '{value}' has a contrast of {ratio:.2f}:1 with "
                f"white, it needs at least {MIN_CONTRAST}:1 (WCAG AA): choose a darker colour"
            )
