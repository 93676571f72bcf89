"""Decap CMS's configuration, generated from the JSON Schemas and the registries (no drift).

The entry data keeps exactly the shape of our YAML files: languages are ``object`` widgets per
language code (the default language first, open), not Decap's i18n feature.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
# The form's Dutch label and hint per field name (the schemas' descriptions are for developers).
FIELD_WORDS = Path(__file__).resolve().parent / "fields.nl.yaml"

# Field names whose value is a key of a registry: (registry file, list name).
REGISTRY_KEYS = {
    "theme": ("themes.yaml", "themes"),
    "audience": ("vocabularies.yaml", "audiences"),
    "places": ("vocabularies.yaml", "places"),
    "life_domains": ("vocabularies.yaml", "life_domains"),
    "speaker": ("vocabularies.yaml", "speaker_roles"),
    "provenance": ("vocabularies.yaml", "provenances"),
    "source": ("sources.yaml", "sources"),
    "sources": ("sources.yaml", "sources"),
    "own_sources": ("sources.yaml", "sources"),
}
# Array fields holding card ids: a relation to the cards collection.
CARD_REFERENCES = {"related", "cards"}
LONG_TEXT = {"body", "own_explanation", "transcript", "description", "definition", "text"}
COUNTED_FROM = 100


class MissingFormField(Exception):
    """A schema field has no form field in the generated configuration."""


def load_schema(name: str, schemas: Path = SCHEMAS) -> dict:
    return json.loads((schemas / name).read_text(encoding="utf-8"))


def _resolve(node: dict, root: dict) -> dict:
    ref = node.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        return _resolve(root["$defs"][ref.removeprefix("#/$defs/")], root)
    return node


def _is_language_map(node: dict) -> bool:
    return (
        node.get("type") == "object" and "propertyNames" in node and "additionalProperties" in node
    )


def schema_field_paths(schema: dict) -> list[str]:
    """Every field path of a schema: ``text.*.tips[].for``, with ``*`` for a language code."""
    paths: list[str] = []

    def walk(node: dict, prefix: str) -> None:
        node = _resolve(node, schema)
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            walk(node["items"], prefix + "[]")
        elif _is_language_map(node) and isinstance(node["additionalProperties"], dict):
            walk(node["additionalProperties"], prefix + ".*")
        for name, child in node.get("properties", {}).items():
            path = f"{prefix}.{name}" if prefix else name
            paths.append(path)
            walk(child, path)

    walk(schema, "")
    return paths


def form_field_paths(fields: list[dict], languages: list[str]) -> list[str]:
    """Every field path of a Decap field list, in the notation of schema_field_paths."""
    paths: list[str] = []

    def walk(items: list[dict], prefix: str) -> None:
        for field in items:
            name = field["name"]
            if name in languages and field.get("widget") == "object":
                walk(field.get("fields", []), prefix.rsplit(".", 1)[0] + ".*" if prefix else "*")
                continue
            path = f"{prefix}.{name}" if prefix else name
            paths.append(path)
            if "field" in field:
                sub = field["field"]
                if sub.get("widget") == "object" and sub.get("name") in languages:
                    walk(sub["fields"], path + "[].*")
                elif "fields" in sub:
                    walk(sub["fields"], path + "[]")
            if "fields" in field:
                item = path + "[]" if field.get("widget") == "list" else path
                if field.get("_languages"):
                    for lang_field in field["fields"]:
                        walk(lang_field.get("fields", []), item + ".*")
                        break
                else:
                    walk(field["fields"], item)

    walk(fields, "")
    return paths


class Builder:
    """Turns one schema into Decap fields, with the registries' keys as select options."""

    def __init__(
        self,
        schema: dict,
        registries: Path,
        language_labels: dict[str, str],
        words: dict[str, dict[str, str]],
    ):
        self.schema = schema
        self.registries = registries
        self.language_labels = language_labels  # code → name, the default language first
        self.languages = list(language_labels)
        self.words = words

    def word(self, name: str, kind: str) -> str | None:
        """The field's ``label``, ``hint`` or ``one`` (one item's name) from fields.nl.yaml."""
        return self.words.get(name, {}).get(kind)

    def label(self, name: str) -> str:
        return self.word(name, "label") or name.replace("_", " ").capitalize()

    def options(self, name: str) -> list[dict] | None:
        if name not in REGISTRY_KEYS:
            return None
        file, key = REGISTRY_KEYS[name]
        data = yaml.safe_load((self.registries / file).read_text(encoding="utf-8")) or {}
        options = []
        for entry in data.get(key, []):
            label = entry.get("label") or entry.get("text", {}).get(self.languages[0], {})
            if isinstance(label, dict):
                label = label.get(self.languages[0]) or label.get("title") or entry["key"]
            options.append(
                {"label": str(entry.get("short") or label or entry["key"]), "value": entry["key"]}
            )
        return options

    def field(self, name: str, node: dict, required: bool) -> dict:
        node = _resolve(node, self.schema)
        out: dict = {"label": self.label(name), "name": name, "required": required}
        hint = self.word(name, "hint") or node.get("description")
        if hint:
            out["hint"] = hint
        out.update(self.widget(name, node))
        return out

    def widget(self, name: str, node: dict) -> dict:
        kind = node.get("type")
        if _is_language_map(node):
            value = _resolve(node["additionalProperties"], self.schema)
            return {
                "widget": "object",
                "_languages": True,
                "fields": [
                    dict(
                        self.field(name, value, True),
                        name=lang,
                        label=self.language_labels[lang],
                        collapsed=False,
                    )
                    if value.get("type") != "object"
                    else {
                        "label": self.language_labels[lang],
                        "name": lang,
                        "widget": "object",
                        "collapsed": False,
                        "fields": self.fields(value),
                    }
                    for lang in self.languages
                ],
            }
        if kind == "array":
            items = _resolve(node.get("items", {}), self.schema)
            out: dict = {"widget": "list"}
            if "minItems" in node:
                out["min"] = node["minItems"]
            if "maxItems" in node:
                out["max"] = node["maxItems"]
            if name in CARD_REFERENCES:
                return {
                    **out,
                    "widget": "relation",
                    "collection": "cards",
                    "value_field": "id",
                    "search_fields": [f"text.{self.languages[0]}.title", "id"],
                    "display_fields": [f"text.{self.languages[0]}.title"],
                    "multiple": True,
                }
            options = self.options(name)
            if options is not None:
                return {**out, "widget": "select", "options": options, "multiple": True}
            if items.get("type") == "object":
                out["fields"] = self.fields(items)
            else:
                out["field"] = dict(self.field("item", items, True), label=self.label(name))
            one = self.word(name, "one")
            if one:  # (Decap's add button and count: "Voeg tip toe", "1 tip")
                out["label_singular"] = one
            return out
        if kind == "object":
            return {"widget": "object", "fields": self.fields(node)}
        if "enum" in node:
            return {"widget": "select", "options": list(node["enum"])}
        options = self.options(name)
        if options is not None:
            return {"widget": "select", "options": options}
        if kind in ("integer", "number"):
            out = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
            if "minimum" in node:
                out["min"] = node["minimum"]
            if "maximum" in node:
                out["max"] = node["maximum"]
            return out
        if kind == "boolean":
            return {"widget": "boolean"}
        out = {"widget": "text" if name in LONG_TEXT else "string"}
        if node.get("maxLength", 0) >= COUNTED_FROM:
            out["widget"] = "counted"
        if "maxLength" in node:
            out["max"] = node["maxLength"]
        if "minLength" in node:
            out["min"] = node["minLength"]
        if "pattern" in node:
            out["pattern"] = [node["pattern"], "Gebruik alleen de toegestane vorm (zie de hint)."]
        return out

    def fields(self, node: dict) -> list[dict]:
        node = _resolve(node, self.schema)
        required = set(node.get("required", []))
        return [self.field(n, c, n in required) for n, c in node.get("properties", {}).items()]


def _strip(value):
    """Drop the private `_languages` marker before the configuration is written."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k != "_languages"}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def field_words(path: Path = FIELD_WORDS) -> dict[str, dict[str, str]]:
    """Field name → {label, hint} in Dutch, and ``one`` (one item's name) for lists."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def language_labels(registries: Path) -> dict[str, str]:
    """Language code → its name in the vocabularies ("Nederlands"), the code if it has none."""
    data = yaml.safe_load((registries / "vocabularies.yaml").read_text(encoding="utf-8"))
    return {entry["key"]: str(entry.get("label") or entry["key"]) for entry in data["languages"]}


def check_complete(schema: dict, fields: list[dict], languages: list[str], name: str) -> None:
    """Raise MissingFormField naming every schema field path that has no form field."""
    missing = [
        p for p in schema_field_paths(schema) if p not in set(form_field_paths(fields, languages))
    ]
    if missing:
        raise MissingFormField(f"{name}: no form field for " + ", ".join(missing))


def collection_fields(
    schema_name: str,
    registries: Path,
    language_labels: dict[str, str],
    words: dict[str, dict[str, str]],
    schemas: Path = SCHEMAS,
):
    schema = load_schema(schema_name, schemas)
    fields = Builder(schema, registries, language_labels, words).fields(schema)
    check_complete(schema, fields, list(language_labels), schema_name)
    return fields


LOCAL_PORT = 8081  # decap-server's port under `make edit` (CMS_PORT=… changes it)


def cms_config(
    cards: Path,
    repo: str,
    branch: str = "main",
    local: bool = False,
    schemas: Path = SCHEMAS,
    local_port: int = LOCAL_PORT,
) -> dict:
    """The whole Decap configuration for the cards folder `cards` (a dict, dumped as YAML);
    ``local``: with the local backend, decap-server on 127.0.0.1:``local_port``."""
    registries = cards / "registries"
    labels = language_labels(registries)
    languages = list(labels)
    words = field_words()

    def folder(name, label, path, schema):
        return {
            "name": name,
            "label": label,
            "folder": path,
            "extension": "yaml",
            "format": "yaml",
            "create": True,
            "slug": "{{fields.id}}",
            "identifier_field": "id",
            "fields": collection_fields(schema, registries, labels, words, schemas),
        }

    def single(name, label, file, schema):
        return {
            "name": name,
            "label": label,
            "files": [
                {
                    "name": name,
                    "label": label,
                    "file": f"cards/registries/{file}",
                    "format": "yaml",
                    "fields": collection_fields(schema, registries, labels, words, schemas),
                }
            ],
        }

    config = {
        "backend": {"name": "github", "repo": repo, "branch": branch},
        "publish_mode": "editorial_workflow",
        "media_folder": "cards/audio",
        "public_folder": "/audio",
        "locale": "nl",
        "collections": [
            dict(
                folder("cards", "Kaarten", "cards", "card.schema.json"),
                summary=f"{{{{number}}}}. {{{{text.{languages[0]}.title}}}}",
            ),
            folder("sets", "Sets", "cards/sets", "set.schema.json"),
            folder("formats", "Werkvormen", "cards/formats", "format.schema.json"),
            single("situations", "Situaties", "situations.yaml", "situations.schema.json"),
            single("glossary", "Woordenlijst", "glossary.yaml", "glossary.schema.json"),
        ],
    }
    if local:
        # (decap-server's fs mode writes files straight into the checkout: no pull requests)
        config["publish_mode"] = "simple"
        config["local_backend"] = {
            "url": f"http://127.0.0.1:{local_port}/api/v1",
            "allowed_hosts": ["127.0.0.1", "localhost"],
        }
    return _strip(config)
