"""`make edit`: the web editor's local backend (decap-server) on 127.0.0.1 only, and the built
site's admin/ folder (its own policy, noindex, no external URL, the github backend)."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import yaml

from .helpers import (
    FIXTURE_DECK,
    REPO,
    build,
    copy_project,
    listening_addresses,
    make_dry_run,
    replace_in,
    start_cms_backend,
)


def test_make_edit_starts_decap_server_on_loopback_and_mkdocs_serve() -> None:
    shown = make_dry_run("edit")
    assert (
        f"BIND_HOST=127.0.0.1 PORT=8081 MODE=fs GIT_REPO_DIRECTORY={REPO} "
        ".venv/node/node_modules/.bin/decap-server & server=$!; "
        "trap 'kill $server 2>/dev/null' EXIT INT TERM; \\"
    ) in shown
    assert (
        "OUTREACH_CARDS_CMS_LOCAL=1 OUTREACH_CARDS_CMS_PORT=8081 "
        ".venv/bin/mkdocs serve -a 127.0.0.1:8000"
    ) in shown


def test_decap_server_listens_on_127_0_0_1_only_and_answers(tmp_path: Path) -> None:
    process, port = start_cms_backend(tmp_path)
    try:
        assert listening_addresses(process.pid) == {("127.0.0.1", port)}
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1",
            data=json.dumps({"action": "info"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            info = json.load(response)
        assert info == {"repo": tmp_path.name, "publish_modes": ["simple"], "type": "local_fs"}
    finally:
        process.terminate()
        process.wait(timeout=10)


def _admin(site: Path) -> tuple[str, dict]:
    html = (site / "admin" / "index.html").read_text(encoding="utf-8")
    return html, yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))


def test_built_admin_page_and_its_configuration(tmp_path: Path) -> None:
    """Built twice (the fixture deck: nothing here depends on the real cards): with the git
    host's backend, then with the local one."""
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    replace_in(
        project / "mkdocs.yml",
        "extra:\n",
        "extra:\n  cms:\n    repo: organisatie/kaarten\n",
    )
    done = build(project, OUTREACH_CARDS_PDFS="false", OUTREACH_CARDS_SERVICE_WORKER="true")
    assert done.returncode == 0, done.stderr
    site = project / "site"
    html, config = _admin(site)
    assert '<html lang="nl">' in html and "<title>Kaarten bewerken</title>" in html
    assert '<meta name="robots" content="noindex">' in html
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
    assert "default-src 'none'" in policy and "connect-src 'self' https://api.github.com;" in policy
    assert re.findall(r"<script src=\"([^\"]+)\"", html) == ["decap-cms.js", "preview.js"]
    assert re.findall(r"<link rel=\"stylesheet\" href=\"([^\"]+)\"", html) == ["admin.css"]
    assert '<script type="application/json" id="oc-preview-data">' in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert (site / "admin" / "decap-cms.js").is_file()
    assert config["backend"] == {"name": "github", "repo": "organisatie/kaarten", "branch": "main"}
    assert config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config
    assert "admin/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "admin/" not in (site / "sw.js").read_text(encoding="utf-8")

    done = build(project, OUTREACH_CARDS_PDFS="false", OUTREACH_CARDS_CMS_LOCAL="1")
    assert done.returncode == 0, done.stderr
    html, config = _admin(site)
    assert config["local_backend"] == {
        "url": "http://127.0.0.1:8081/api/v1",
        "allowed_hosts": ["127.0.0.1", "localhost"],
    }
    assert "connect-src 'self' https://api.github.com http://127.0.0.1:8081;" in html
