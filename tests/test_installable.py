"""The installable site (issue 19): a manifest per language, and a service worker that keeps
both languages readable offline after one visit (hooks/installable.py,
outreach_cards/site/installable.py)."""

from __future__ import annotations

import io
import json
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from outreach_cards.model import Deck
from outreach_cards.site import installable
from outreach_cards.site.installable import AppLanguage, build_worker, initials, short_name

from .helpers import (
    FIXTURE_DECK,
    MKDOCS,
    REPO,
    build,
    build_env,
    copy_project,
    free_port,
    read_page,
    replace_in,
    search,
    serve_folder,
    wait_for,
)

NAMES = {
    "": ("Outreachend werken — inspiratiekaarten", "Outreachend werken", "nl"),
    "en/": ("Outreach work — inspiration cards", "Outreach work", "en"),
}


def test_short_name_and_initials_come_from_the_site_name() -> None:
    assert short_name("Outreachend werken — inspiratiekaarten") == "Outreachend werken"
    assert short_name("Kaarten") == "Kaarten"
    assert initials("Outreach work — inspiration cards") == "OW"


def test_the_manifest_is_valid_and_linked_in_both_languages(built_site: Path) -> None:
    for prefix, (name, short, language) in NAMES.items():
        root = built_site / prefix
        manifest = json.loads((root / "manifest.webmanifest").read_text(encoding="utf-8"))
        assert manifest["name"] == name and manifest["short_name"] == short
        assert manifest["lang"] == language
        assert manifest["start_url"] == manifest["scope"] == "./"
        assert manifest["display"] == "standalone" and manifest["theme_color"] == "#1d5b86"
        sizes = set()
        for icon in manifest["icons"]:
            image = Image.open(io.BytesIO((root / icon["src"]).read_bytes()))
            assert image.format == "PNG" and icon["type"] == "image/png"
            assert f"{image.width}x{image.height}" == icon["sizes"]
            sizes.add((icon["sizes"], icon.get("purpose", "any")))
        assert sizes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
        page = read_page(root / "kaarten" / "index.html")
        links = [link.attrs["href"] for link in page.find("link", rel="manifest")]
        assert links == ["../manifest.webmanifest"]
    assert (built_site / "sw.js").is_file()


def test_after_one_visit_both_languages_and_search_work_offline(
    browser, built_site: Path, deck: Deck
) -> None:
    """One visit of the home page, then offline: a card never visited opens in Dutch and in
    English, search finds it, the presentation mode shows a theme's cards and moves on, and an
    unknown address shows the offline page of its language."""
    with serve_folder(built_site) as url:
        context = browser.new_context(base_url=url, service_workers="allow")
        try:
            page = context.new_page()
            page.goto(url)
            page.wait_for_function(
                "() => navigator.serviceWorker.ready.then(r => r.active.state === 'activated')"
            )
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            context.set_offline(True)
            page.goto(f"{url}kaarten/blijf-aanklampen/")
            assert page.locator("h1").first.inner_text() == "Blijf aanklampen, zonder te duwen"
            page.goto(f"{url}en/kaarten/blijf-aanklampen/")
            assert page.locator("h1").first.inner_text() == "Keep reaching out, without pushing"
            page.goto(url)
            assert "/kaarten/blijf-aanklampen/" in search(page, "aanklampen")
            # the presentation mode too, never opened before
            waar = len(deck.cards_in_theme("waar"))
            page.goto(f"{url}presenteren/?theme=waar")
            assert (
                page.locator("[data-oc-status]").text_content() == f"Kaart 1 van {waar}, voorkant"
            )
            page.keyboard.press("ArrowRight")
            assert (
                page.locator("[data-oc-status]").text_content() == f"Kaart 2 van {waar}, voorkant"
            )
            page.goto(f"{url}does-not-exist/")
            assert page.locator("h1").first.inner_text() == "Geen verbinding"
            page.goto(f"{url}en/nope/")
            assert page.locator("h1").first.inner_text() == "No connection"
        finally:
            context.close()


def test_under_mkdocs_serve_there_is_no_worker(browser, tmp_path: Path) -> None:
    """`mkdocs serve` pages carry no manifest link nor registration script, register no
    service worker and have no offline page."""
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    port = free_port()
    env = build_env(project, OUTREACH_CARDS_PDFS="false", OUTREACH_CARDS_SERVICE_WORKER="true")
    server = subprocess.Popen(
        [*MKDOCS, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        assert wait_for(url, "</html>", 300) is not None
        context = browser.new_context(service_workers="allow")
        try:
            page = context.new_page()
            page.goto(url)
            page.wait_for_load_state("load")
            assert page.locator('link[rel="manifest"], script[src*="installable"]').count() == 0
            registrations = "navigator.serviceWorker.getRegistrations().then(r => r.length)"
            assert page.evaluate(registrations) == 0
            assert page.goto(f"{url}niet-verbonden/").status == 404
        finally:
            context.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_new_version_takes_over_at_the_next_visit_with_a_notice(browser, tmp_path: Path) -> None:
    """Built twice with a changed card title: the visit that finds the new version still shows
    the old one whole; the next visit shows the new title and the notice, once. (The fixture
    deck: two builds of the real deck took most of this test's minute.)"""
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    assert (
        build(project, OUTREACH_CARDS_PDFS="false", OUTREACH_CARDS_SERVICE_WORKER="true").returncode
        == 0
    )
    card = project / "cards" / "blijf-aanklampen.yaml"
    with serve_folder(project / "site") as url:
        context = browser.new_context(service_workers="allow")
        try:
            page = context.new_page()
            page.goto(url)
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            replace_in(card, "title: Blijf aanklampen, een testkaart", "title: Blijf aanklampen")
            assert (
                build(
                    project, OUTREACH_CARDS_PDFS="false", OUTREACH_CARDS_SERVICE_WORKER="true"
                ).returncode
                == 0
            )
            page.close()
            page = context.new_page()
            page.goto(f"{url}kaarten/blijf-aanklampen/")
            assert page.locator("h1").first.inner_text() == "Blijf aanklampen, een testkaart"
            page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
            page.wait_for_function(
                "() => navigator.serviceWorker.getRegistration().then(r => !!r.waiting)"
            )
            page.close()
            # The next visit: the waiting version takes over once no page of the old one is
            # open, which Chromium notices a moment after the close. A page opened before
            # that still shows the old version, whole (never a mix); give it ten tries.
            for _ in range(10):
                page = context.new_page()
                page.goto(f"{url}kaarten/blijf-aanklampen/")
                title = page.locator("h1").first.inner_text()
                if title == "Blijf aanklampen":
                    break
                assert title == "Blijf aanklampen, een testkaart"
                assert page.locator(".oc-installable-notice").count() == 0
                page.close()
                time.sleep(0.5)
            assert title == "Blijf aanklampen"
            notice = page.locator(".oc-installable-notice[role=status] p")
            assert notice.inner_text() == "Deze site is bijgewerkt. Je leest nu de nieuwste versie."
            page.reload()
            page.wait_for_load_state("load")
            assert page.locator(".oc-installable-notice").count() == 0
        finally:
            context.close()


def test_large_pages_and_search_indexes_are_precached_and_a_file_too_large_is_named(
    tmp_path: Path, monkeypatch
) -> None:
    """At 1000 cards the presentation page is 3 MB and each search index 7 MB, over Workbox's
    own 2 MiB limit: the worker keeps them (a skipped file would be missing offline). A file
    over our own limit stops the build with its name."""
    site = tmp_path / "site"
    (site / "en" / "search").mkdir(parents=True)
    (site / "index.html").write_text("<p>Start</p>", encoding="utf-8")
    (site / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    (site / "en" / "search" / "search_index.json").write_text(
        json.dumps({"docs": ["x" * 1000] * 3000}), encoding="utf-8"
    )
    apps = [AppLanguage("nl", "", "Kaarten", ""), AppLanguage("en", "en/", "Cards", "")]
    modules = REPO / ".venv" / "node" / "node_modules"
    report = build_worker(site, apps, modules)
    assert report["count"] == 3
    assert '"en/search/search_index.json"' in (site / "sw.js").read_text(encoding="utf-8")
    monkeypatch.setattr(installable, "LARGEST_PRECACHED", 2 * 1024 * 1024)
    with pytest.raises(installable.InstallableError) as refused:
        build_worker(site, apps, modules)
    assert str(refused.value) == (
        "the service worker would leave files out: en/search/search_index.json is 3.01 MB, "
        "over the 2 MiB the worker keeps (it would be missing offline)"
    )
