"""The web editor in Chromium, against the local backend (decap-server, as `make edit` starts it)
on a git copy of the fixture deck: a card created through the form with both languages, a tip
for each audience, a testimony and a related card is saved as a YAML file that passes `check`
and builds into its page and PDF; a one-word edit is a one-line diff after `fix`; the live
preview shows what is typed; an empty title and a front text over its limit are refused at the
field; and a set is created through the form."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from .helpers import build, git, web_editor

QUOTE_NL = (
    "Ze kwam gewoon langs en vroeg hoe het ging. Dat had nog niemand gedaan. Een verzonnen zin "
    "voor de tests."
)
QUOTE_EN = (
    "She just came by and asked how I was. Nobody had done that before. An invented sentence "
    "for the tests."
)


def _cli(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "outreach_cards", *arguments],
        cwd=project,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def editor(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    """A git copy of the project with the fixture deck, decap-server on it, and its site built
    with the web editor's local backend, served on 127.0.0.1: (project, site URL)."""
    with web_editor(tmp_path_factory.mktemp("cms") / "project") as editing:
        yield editing


def _fields(page, label: str) -> list:
    """The form fields with this label, in the order the form made them."""
    found = page.eval_on_selector_all(
        "label",
        "(labels, text) => labels.filter(l => l.textContent.trim() === text).map(l => l.htmlFor)",
        label,
    )
    assert found, f"no field labelled {label!r}"
    return [page.locator(f"[id='{name}']") for name in found]


@pytest.fixture
def editor_page(browser):
    """A browser page wide enough for the form beside its preview."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    yield page
    page.close()


def _field(page, label: str):
    """The newest form field with this label (fields are numbered as the form makes them)."""
    return max(_fields(page, label), key=lambda field: int(_id(field).rsplit("-", 1)[1]))


def _id(field) -> str:
    return field.get_attribute("id")


def _choose(page, field, typed: str) -> None:
    """Choose in a select or relation field: type, then take the first option offered."""
    field.click()
    page.keyboard.type(typed)
    page.get_by_role("option").first.click()
    page.keyboard.press("Escape")


def _open_editor(page, url: str, path: str) -> None:
    page.goto(url + "admin/")
    login = page.get_by_role("button", name="Inloggen")
    collections = page.get_by_text("Kaarten").first
    login.or_(collections).first.wait_for()
    if login.is_visible():  # (once per browser page: the local backend asks no password)
        login.click()
    page.goto(url + "admin/#/" + path)
    page.wait_for_selector("label[for^='id-field']")


def _publish(page) -> None:
    page.get_by_role("button", name="Publiceer").click()
    page.get_by_text("Publiceer nu").click()


def _wait_for_file(path: Path, seconds: float = 30) -> None:
    started = time.perf_counter()
    while not path.is_file() and time.perf_counter() - started < seconds:
        time.sleep(0.2)
    assert path.is_file(), f"the web editor did not write {path}"


def _preview(page):
    return page.frame_locator("iframe").first


def _fill_language(page, index: int, language: str, title: str) -> None:
    _fields(page, "Titel")[index].fill(title)
    _fields(page, "Voorkant")[index].fill(
        f"Voorkant {language}: je gaat naar mensen toe en je luistert eerst."
    )
    _fields(page, "Uitleg")[index].fill(f"Uitleg {language}. Een tweede zin.\n\nEen tweede alinea.")
    for audience in ("professional", "organisation"):
        page.get_by_role("button", name="Voeg tip toe").nth(index).click()
        _choose(page, _field(page, "Tip voor"), audience)
        _field(page, "Tekst").fill(f"Tip {language} voor {audience}: neem de tijd.")
    page.get_by_role("button", name="Voeg vraag toe").nth(index).click()
    _field(page, "Vragen").fill(f"Vraag {language}: wat doe jij morgen anders?")


def test_a_card_made_in_the_web_editor_is_checked_built_and_edited(editor, editor_page) -> None:
    project, url = editor
    page = editor_page
    _open_editor(page, url, "collections/cards/new")
    _field(page, "Adres").fill("nieuwe-kaart")
    _field(page, "Nummer").fill("7")
    _choose(page, _field(page, "Thema"), "Hoe")
    _choose(page, _field(page, "Doelgroep"), "Voor de professional")
    _choose(page, _field(page, "Bronnen"), "Testbron handboek")
    _choose(page, _field(page, "Verwante kaarten (optioneel)"), "Blijf")
    page.get_by_role("button", name="Voeg deel van de bronnen toe").click()
    _field(page, "Delen van de bronnen").fill("fixture-handboek/basis")
    _fill_language(page, 0, "nl", "Luister eerst naar de mensen")
    # the live preview shows the typed title on the printed front, in its language
    front = _preview(page).locator(".oc-preview-language[lang='nl'] [data-preview='front-title']")
    assert front.inner_text() == "Luister eerst naar de mensen"
    _fill_language(page, 1, "en", "Listen to people first")
    english = _preview(page).locator(".oc-preview-language[lang='en'] [data-preview='page-title']")
    assert english.inner_text() == "Listen to people first"
    page.get_by_role("button", name="Voeg getuigenis toe").click()
    _field(page, "Nederlands").fill(QUOTE_NL)
    _field(page, "English").fill(QUOTE_EN)
    _field(page, "Originele taal").fill("nl")
    _choose(page, _field(page, "Wie spreekt"), "")
    _choose(page, _field(page, "Bron"), "gesprek")
    _choose(page, _field(page, "Herkomst"), "")
    _publish(page)

    path = project / "cards" / "nieuwe-kaart.yaml"
    _wait_for_file(path)
    card = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert card["related"] == ["blijf-aanklampen"] and card["theme"] == "hoe"
    assert [tip["for"] for tip in card["text"]["en"]["tips"]] == ["professional", "organisation"]
    assert card["testimonies"][0]["quote"]["nl"] == QUOTE_NL
    checked = _cli(project, "check", "cards", "--fix")
    assert checked.returncode == 0, checked.stderr
    assert f"Fixed {path}\n" in checked.stdout
    assert path.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=../hooks/outreach_cards/schemas/card.schema.json"
    )
    # (built beside the served site, which keeps its web editor)
    site = project / "site-with-pdfs"
    built = build(project, "-d", str(site), OUTREACH_CARDS_PDFS="true")
    assert built.returncode == 0, built.stderr
    page_html = (site / "kaarten" / "nieuwe-kaart" / "index.html").read_text()
    assert "Luister eerst naar de mensen" in page_html
    pdfs = sorted(p.relative_to(site).as_posix() for p in site.rglob("*nieuwe-kaart*.pdf"))
    assert pdfs and any(p.startswith("en/") for p in pdfs), pdfs
    git(project, "add", "cards", "docs")
    git(project, "commit", "-qm", "a card from the web editor")

    # one word of the Dutch title edited in the form: after fix, a one-line diff
    _open_editor(page, url, "collections/cards/entries/nieuwe-kaart")
    title = _fields(page, "Titel")[0]
    title.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("Luister eerst naar de anderen")
    _publish(page)
    started = time.perf_counter()
    while "anderen" not in path.read_text(encoding="utf-8"):
        assert time.perf_counter() - started < 30, "the edit was not saved"
        time.sleep(0.2)
    assert _cli(project, "fix", "--cards", "cards").returncode == 0
    assert git(project, "diff", "--numstat") == "1\t1\tcards/nieuwe-kaart.yaml\n"


def test_the_web_editor_refuses_an_empty_title_and_a_front_over_its_limit(
    editor, editor_page
) -> None:
    project, url = editor
    page = editor_page
    _open_editor(page, url, "collections/cards/new")
    _field(page, "Adres").fill("te-lange-kaart")
    front = _fields(page, "Voorkant")[0]
    front.fill("Een te lange voorkant. " * 13)  # 299 characters
    assert page.get_by_text("299 van de 280 tekens").is_visible()
    _publish(page)
    assert page.get_by_text(
        "Te lang: hoogstens 280 tekens, nu 299. Maak de tekst korter."
    ).first.is_visible()
    assert page.get_by_text("Titel is vereist.").first.is_visible()
    time.sleep(1)
    assert not (project / "cards" / "te-lange-kaart.yaml").exists()


def test_a_set_made_in_the_web_editor_passes_check(editor, editor_page) -> None:
    project, url = editor
    page = editor_page
    _open_editor(page, url, "collections/sets/new")
    _field(page, "Adres").fill("nieuwe-set")
    _field(page, "Volgorde").fill("9")
    for index, (title, intro) in enumerate(
        [
            ("Een set voor de eerste dag", "Lees deze kaarten op je eerste dag."),
            ("A set for the first day", "Read these cards on your first day."),
        ]
    ):
        _fields(page, "Titel")[index].fill(title)
        _fields(page, "Inleiding")[index].fill(intro)
    cards = _field(page, "Kaarten")
    for typed in ("Wat is outreach", "Blijf"):
        _choose(page, cards, typed)
    _publish(page)
    path = project / "cards" / "sets" / "nieuwe-set.yaml"
    _wait_for_file(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["cards"] == ["wat-is-outreach", "blijf-aanklampen"]
    checked = _cli(project, "check", "cards", "--fix")
    assert checked.returncode == 0, checked.stderr
    assert f"Fixed {path}\n" in checked.stdout
