"""An organisation's own copy: renamed, its own colours, cards and set, and no trace of the
project's name anywhere in what it publishes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pikepdf

from .helpers import FIXTURE_DECK, add_own_set, build, copy_project

PROJECT_NAMES = (
    "Outreachend werken — inspiratiekaarten",
    "Outreach work — inspiration cards",
    "outreachend-werken",
    "inspiratiekaart",
    "inspiration card",
)
NAME = {"nl": "Straatwerk Gent — onze kaarten", "en": "Street work Ghent — our cards"}
DESCRIPTION = {"nl": "De kaarten van ons straatwerk.", "en": "The cards of our street work."}


def traces(text: str) -> list[str]:
    return [name for name in PROJECT_NAMES if name.lower() in text.lower()]


def test_a_renamed_copy_with_its_own_cards_and_set_shows_only_its_own_name(tmp_path: Path) -> None:
    """Renamed (site_name and site_description in both languages), its own colours, its own
    cards (the fixture deck) and one set of its own, the only one published: the strict build
    passes, and neither the pages (embeds included), nor the PDFs' metadata, nor the offline
    zip (its name, its folder, its pages) carry the project's name."""
    project = copy_project(tmp_path / "copy", cards=FIXTURE_DECK)
    add_own_set(project / "cards")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for language, old_name in (
        ("nl", "Outreachend werken — inspiratiekaarten"),
        ("en", "Outreach work — inspiration cards"),
    ):
        text = text.replace(f"site_name: {old_name}", f"site_name: {NAME[language]}")
    text = re.sub(r"(?m)^site_description: .*$", f"site_description: {DESCRIPTION['nl']}", text)
    text = re.sub(
        r"(?m)^(\s+)site_description: Practice.*$",
        rf"\g<1>site_description: {DESCRIPTION['en']}",
        text,
    )
    text = text.replace(
        "extra:\n",
        'extra:\n  sets: [onze-start]\n  colours: {primary: "#5a2d82", accent: "#8a3b00"}\n',
        1,
    )
    config.write_text(text, encoding="utf-8")
    assert traces(config.read_text(encoding="utf-8")) == []

    result = build(project, OUTREACH_CARDS_OFFLINE="true")
    assert result.returncode == 0, result.stderr
    site = project / "site"

    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<h1 id="home">{NAME["nl"]}</h1>' in home
    assert 'href="sets/onze-start/"' in home
    assert sorted(path.name for path in (site / "sets").iterdir() if path.is_dir()) == [
        "onze-start"
    ]
    embed = (site / "en" / "embed" / "wat-is-outreach" / "index.html").read_text(encoding="utf-8")
    assert f"<em>{NAME['en']}</em>" in embed

    pages = [
        path
        for path in site.rglob("*")
        if path.suffix in (".html", ".json", ".xml", ".txt", ".js", ".css")
    ]
    assert len(pages) > 50
    assert [
        (path.relative_to(site).as_posix(), found)
        for path in pages
        for found in traces(path.read_text(encoding="utf-8"))
    ] == []

    pdfs = sorted(site.rglob("*.pdf"))
    # per language: 5 cards, 3 themes (each also to fold), 4 decks (cards, print shop, sheets,
    # to fold), the duplex test sheet, the set (cards, sheets, to fold, facilitator sheet), the
    # format's facilitator sheet, the redirected old id
    assert len(pdfs) == 2 * (5 + 3 * 2 + 4 + 1 + 4 + 1 + 1)
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            language = "en" if path.relative_to(site).parts[0] == "en" else "nl"
            info = {key: str(value) for key, value in pdf.docinfo.items()}
            assert NAME[language] in info["/Title"], (path, info)
            if "/Author" in info:  # the card PDFs; the assembled ones carry a title only
                assert (info["/Author"], info["/Subject"]) == (
                    NAME[language],
                    DESCRIPTION[language],
                )
            assert traces(" ".join(info.values())) == []
            assert traces(str(pdf.open_metadata())) == []

    archives = list((site / "offline").iterdir())
    assert [path.name for path in archives] == ["straatwerk-gent-offline.zip"]
    with zipfile.ZipFile(archives[0]) as archive:
        names = archive.namelist()
        assert names and all(name.startswith("straatwerk-gent/") for name in names)
        assert [
            (name, found)
            for name in names
            if name.endswith((".html", ".json", ".js"))
            for found in traces(archive.read(name).decode("utf-8"))
        ] == []
