"""The built site's ``admin/`` folder: the web editor's page, its configuration and Decap's code.

Decap CMS is copied from node_modules (no CDN). The page carries its own Content-Security-Policy,
looser than the site's (see ``POLICY``), and is kept out of search engines, the sitemap, the
search index (it is no MkDocs page) and the service worker's precache (installable.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from ..model import Deck
from .config import LOCAL_PORT, cms_config
from .preview import preview_css, preview_data

HERE = Path(__file__).resolve().parent
# The lead's preview templates and styles, copied when present.
OWN_FILES = ("preview.js", "admin.css")
GITHUB_API = "https://api.github.com"


def policy(local: bool, port: int = LOCAL_PORT) -> str:
    """Decap 3 inserts its styles at run time (emotion: <style> elements), so style-src needs
    'unsafe-inline'; its configuration check compiles validators (ajv: new Function), so
    script-src needs 'unsafe-eval'. It talks to GitHub's API (the github backend) and, under
    `make edit`, to the local decap-server."""
    connect = " ".join(["'self'", GITHUB_API, *([f"http://127.0.0.1:{port}"] if local else [])])
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "media-src 'self' blob:",
            f"connect-src {connect}",
            "frame-src 'self' blob:",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def index_html(
    local: bool,
    scripts: list[str],
    styles: list[str],
    preview: dict[str, Any] | None = None,
    port: int = LOCAL_PORT,
) -> str:
    """The admin page. ``preview``: the live preview's data (preview.py), as a JSON block the
    scripts read (not executable: the policy allows it without 'unsafe-inline')."""
    data = ""
    if preview is not None:
        # "<" escaped, so that no text in the deck can close the element
        text = json.dumps(preview, ensure_ascii=False).replace("<", "\\u003c")
        data = f'\n    <script type="application/json" id="oc-preview-data">{text}</script>'
    links = "".join(f'\n    <link rel="stylesheet" href="{name}">' for name in styles)
    tags = "".join(f'\n    <script src="{name}"></script>' for name in scripts)
    return f"""<!doctype html>
<html lang="nl">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta http-equiv="Content-Security-Policy" content="{policy(local, port)}">
    <meta name="robots" content="noindex">
    <title>Kaarten bewerken</title>{links}
  </head>
  <body>{data}{tags}
  </body>
</html>
"""


def write_admin(
    site: Path,
    cards: Path,
    node_modules: Path,
    repo: str,
    branch: str,
    local: bool,
    deck: Deck | None = None,
    port: int = LOCAL_PORT,
) -> Path:
    """Write ``site/admin/``; returns the folder. Decap's chunks are loaded from next to
    decap-cms.js, so they are copied along."""
    admin = site / "admin"
    admin.mkdir(parents=True, exist_ok=True)
    config = cms_config(cards, repo, branch, local=local, local_port=port)
    (admin / "config.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    dist = node_modules / "decap-cms" / "dist"
    if not (dist / "decap-cms.js").is_file():
        raise FileNotFoundError(f"{dist / 'decap-cms.js'} is missing: run `make build` (npm)")
    for path in dist.glob("*decap-cms.js"):
        shutil.copyfile(path, admin / path.name)
    scripts, styles = ["decap-cms.js"], []
    for name in OWN_FILES:
        if (HERE / name).is_file():
            shutil.copyfile(HERE / name, admin / name)
            (scripts if name.endswith(".js") else styles).append(name)
    preview = None
    if deck is not None and "preview.js" in scripts:
        (admin / "preview.css").write_text(preview_css(), encoding="utf-8")
        preview = preview_data(deck)
    (admin / "index.html").write_text(
        index_html(local, scripts, styles, preview, port), encoding="utf-8"
    )
    return admin
