"""The web editor's configuration: made from the schemas, every schema field has a form field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from outreach_cards.cms.config import (
    SCHEMAS,
    Builder,
    MissingFormField,
    cms_config,
    field_words,
    schema_field_paths,
)

from .helpers import REPO

CARDS = REPO / "cards"
COLLECTION_SCHEMAS = [
    "card.schema.json",
    "set.schema.json",
    "format.schema.json",
    "situations.schema.json",
    "glossary.schema.json",
]


def _collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def _field(fields: list[dict], *names: str) -> dict:
    for name in names:
        field = next(f for f in fields if f["name"] == name)
        fields = field.get("fields", [])
    return field


def test_schema_field_paths_include_nested_defs_and_arrays() -> None:
    paths = schema_field_paths(json.loads((SCHEMAS / "card.schema.json").read_text()))
    assert "text.*.tips[].for" in paths
    assert "testimonies[].quote" in paths
    assert "audio[].duration" in paths


def test_a_schema_field_without_form_field_is_named(tmp_path: Path, monkeypatch) -> None:
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, schemas)
    card = json.loads((schemas / "card.schema.json").read_text())
    card["$defs"]["tip"]["properties"]["level"] = {"type": "string"}
    (schemas / "card.schema.json").write_text(json.dumps(card))
    assert "text.*.tips[].level" in schema_field_paths(card)
    # The generator makes a form field of every schema field; one it would leave out (here: the
    # new one, dropped) must stop the configuration with the field's path.
    real = Builder.fields
    monkeypatch.setattr(
        Builder, "fields", lambda self, node: [f for f in real(self, node) if f["name"] != "level"]
    )
    with pytest.raises(MissingFormField) as error:
        cms_config(CARDS, "org/deck", schemas=schemas)
    assert str(error.value) == "card.schema.json: no form field for text.*.tips[].level"


def test_widget_choices() -> None:
    config = cms_config(CARDS, "org/deck")
    cards = _collection(config, "cards")
    assert cards["folder"] == "cards" and cards["extension"] == "yaml" and cards["create"] is True
    themes = yaml.safe_load((CARDS / "registries" / "themes.yaml").read_text())["themes"]
    theme = _field(cards["fields"], "theme")
    assert theme["widget"] == "select"
    assert [o["value"] for o in theme["options"]] == [t["key"] for t in themes]
    related = _field(cards["fields"], "related")
    assert related["widget"] == "relation" and related["collection"] == "cards"
    assert related["value_field"] == "id" and related["multiple"] is True
    text = _field(cards["fields"], "text")
    assert [f["name"] for f in text["fields"]] == ["nl", "en"]
    assert [f["collapsed"] for f in text["fields"]] == [False, False]
    tips = _field(cards["fields"], "text", "nl", "tips")
    assert tips["widget"] == "list" and tips["min"] == 1
    assert _field(tips["fields"], "for")["options"] == ["professional", "organisation"]
    front = _field(cards["fields"], "text", "nl", "front")
    assert (front["widget"], front["max"], front["min"]) == ("counted", 280, 10)
    number = _field(cards["fields"], "number")
    assert (number["widget"], number["min"], number["max"]) == ("number", 1, 9999)
    assert config["backend"] == {"name": "github", "repo": "org/deck", "branch": "main"}
    assert config["publish_mode"] == "editorial_workflow" and "local_backend" not in config
    assert "_languages" not in json.dumps(config)


def test_every_form_field_has_a_dutch_label_and_hint() -> None:
    """Each field name of the five collections' schemas has its Dutch label and hint in
    cms/fields.nl.yaml, which the form shows; languages are labelled with their names."""
    words = field_words()
    names = {
        path.rsplit(".", 1)[-1].removesuffix("[]")
        for schema in COLLECTION_SCHEMAS
        for path in schema_field_paths(json.loads((SCHEMAS / schema).read_text()))
    }
    assert sorted(names - set(words)) == []
    assert sorted(set(words) - names) == []
    config = cms_config(CARDS, "org/deck")
    cards = _collection(config, "cards")
    assert (
        _field(cards["fields"], "number")["label"],
        _field(cards["fields"], "number")["hint"],
    ) == (
        "Nummer",
        "Het nummer van de kaart in het gedrukte spel. Elke kaart heeft een eigen nummer.",
    )
    text = _field(cards["fields"], "text")
    assert [f["label"] for f in text["fields"]] == ["Nederlands", "English"]
    assert _field(cards["fields"], "text", "nl", "front")["label"] == "Voorkant"
    questions = _field(cards["fields"], "text", "nl", "questions")
    assert questions["label"] == questions["field"]["label"] == "Vragen"
    assert questions["label_singular"] == "vraag"
    # every list names one of its items, for its add button ("Voeg vraag toe"); only lists do,
    # and every such name in the file is used
    lists, others = [], []

    def walk(fields: list[dict]) -> None:
        for field in fields:
            (lists if field.get("widget") == "list" else others).append(field)
            walk(field.get("fields", []))

    for collection in config["collections"]:
        walk(collection.get("fields", []))
        for file in collection.get("files", []):
            walk(file["fields"])
    assert [field["name"] for field in lists if "label_singular" not in field] == []
    assert [field["name"] for field in others if "label_singular" in field] == []
    assert {field["label_singular"] for field in lists} == {
        entry["one"] for entry in words.values() if "one" in entry
    }
