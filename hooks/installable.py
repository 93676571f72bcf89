"""MkDocs hook: the installable, offline-after-one-visit site (see
``outreach_cards.site.installable``).

On `mkdocs build` only: not under `mkdocs serve` (no worker, no registration script, no offline
page), and not in the offline edition (mkdocs-offline.yml, opened from files).
OUTREACH_CARDS_SERVICE_WORKER=false leaves out only sw.js (the tests' builds). Runs after the
whole two-language build and the search index split (priority -300): mkdocs-static-i18n builds
the other languages inside the first build's ``on_post_build``, while this one returns.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import yaml
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from outreach_cards.locales import labels_for
from outreach_cards.site.installable import (
    DEFAULT_PRIMARY,
    OFFLINE_PAGE,
    AppLanguage,
    InstallableError,
    build_worker,
    write_app_files,
)

log = logging.getLogger("mkdocs.hooks.installable")
_state: dict[str, object] = {"command": None}


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


# OUTREACH_CARDS_SERVICE_WORKER=false builds everything but sw.js itself (the tests' builds that
# do not look at it: Workbox takes a few seconds per build). The pages stay the same.
SWITCH = "OUTREACH_CARDS_SERVICE_WORKER"


def _enabled(config: MkDocsConfig) -> bool:
    offline_edition = bool(config.extra.get("offline")) or any(
        name.endswith("offline") for name in config.plugins
    )
    return _state["command"] in ("build", "gh-deploy") and not offline_edition


def _apps(config: MkDocsConfig) -> list[AppLanguage]:
    i18n = config.plugins.get("i18n")
    original = getattr(i18n, "original_configs", {}) if i18n is not None else {}
    name = original.get("site_name", config.site_name)
    description = original.get("site_description", config.site_description) or ""
    if i18n is None:
        return [AppLanguage(config.theme.language or "en", "", name, description)]
    return [
        AppLanguage(
            language.locale,
            "" if language.default else f"{language.locale}/",
            language.site_name or name,
            language.site_description or description,
        )
        for language in i18n.config.languages
        if language.build
    ]


def _primary(config: MkDocsConfig) -> str:
    return (config.extra.get("colours") or {}).get("primary") or DEFAULT_PRIMARY


def _language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return i18n.current_language if i18n is not None else (config.theme.language or "en")


@event_priority(50)  # before i18n (-100) sorts the pages per language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Without a worker there is no offline page."""
    if not _enabled(config):
        for file in list(files):
            if file.src_uri.startswith(f"{OFFLINE_PAGE}.") or file.src_uri.startswith(
                f"{OFFLINE_PAGE}/"
            ):
                files.remove(file)
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """What overrides/main.html needs for the manifest link and the registration script."""
    if not _enabled(config):
        env.globals.pop("installable", None)
        return env
    language = _language(config)
    app = next((app for app in _apps(config) if app.language == language), None)
    labels = labels_for(language)
    env.globals["installable"] = {
        "root": app.prefix if app else "",
        "theme_color": _primary(config),
        "updated": labels["installable_updated"],
        "close": labels["installable_close"],
    }
    return env


def _theme_colours(config: MkDocsConfig) -> list[str]:
    themes = Path(config.config_file_path).parent / "cards" / "registries" / "themes.yaml"
    try:
        data = yaml.safe_load(themes.read_text(encoding="utf-8")) or {}
    except OSError:
        return []
    return [str(theme["colour"]) for theme in data.get("themes", []) if "colour" in theme]


def _node_modules() -> Path:
    """Where `make` installs the npm packages: .venv/node/node_modules of the running venv."""
    folder = os.environ.get("OUTREACH_CARDS_NODE_MODULES")
    return Path(folder) if folder else Path(sys.prefix) / "node" / "node_modules"


@event_priority(-300)
def on_post_build(config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if not _enabled(config) or (i18n is not None and i18n.building):
        return
    site = Path(config.site_dir)
    apps = _apps(config)
    colours = _theme_colours(config)
    for app in apps:
        write_app_files(site / app.prefix, app, _primary(config), colours)
    if os.environ.get(SWITCH, "true").strip().lower() in ("false", "0", "no"):
        log.info(f"Service worker: not generated ({SWITCH}=false)")
        return
    try:
        report = build_worker(site, apps, _node_modules())
    except InstallableError as error:
        raise PluginError(str(error)) from None
    log.info(
        f"Service worker: sw.js precaches {report['count']} files "
        f"({int(report['size']) / 1_000_000:.1f} MB)"
    )
