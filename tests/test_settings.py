"""An organisation's settings in mkdocs.yml: which sets, its colours, a build without PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach_cards.model import Deck
from outreach_cards.settings import Brand, SettingsError, check_colours, check_settings, select_sets

from .helpers import FIXTURE_DECK, REPO, add_own_set, build, card_ids_built, copy_project, read_page


def test_select_sets_keeps_the_named_ones_in_deck_order(deck: Deck) -> None:
    chosen = select_sets(deck, ["voor-teamverantwoordelijken", "eerste-week"])
    assert [card_set.id for card_set in chosen.sets] == [
        "eerste-week",
        "voor-teamverantwoordelijken",
    ]
    assert select_sets(deck, None) is deck
    with pytest.raises(SettingsError) as error:
        select_sets(deck, ["eerste-weken"])
    assert str(error.value) == (
        "mkdocs.yml: extra.sets names 'eerste-weken', which is not a set in "
        "cards/sets/ — did you mean 'eerste-week'?"
    )


@pytest.mark.parametrize(
    "colours, message",
    [
        (
            {"primary": "#7fb3d5"},
            "mkdocs.yml: extra.colours.primary '#7fb3d5' has a contrast of "
            "2.26:1 with white, it needs at least 4.5:1 (WCAG AA): choose a "
            "darker colour",
        ),
        (
            {"primary": "blue"},
            "mkdocs.yml: extra.colours.primary must be a colour like '#1d5b86' "
            "(in quotes), not 'blue'",
        ),
        (
            {"accnt": "#a04000"},
            "mkdocs.yml: extra.colours.accnt is not a setting — did you mean 'accent'?",
        ),
    ],
)
def test_colours_that_cannot_be_used_are_refused(colours: dict, message: str) -> None:
    with pytest.raises(SettingsError) as error:
        check_colours(colours)
    assert str(error.value) == message


def test_organisation_settings_in_a_real_build(tmp_path: Path) -> None:
    """extra.sets publishes only the named set (page, PDFs, export); extra.colours colours the
    header; a wrong setting stops the build with its message (the fixture deck with a second
    set of its own)."""
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    add_own_set(project / "cards")
    config = project / "mkdocs.yml"
    original = config.read_text()
    config.write_text(
        original.replace(
            "extra:\n",
            'extra:\n  sets: [eerste-week]\n  colours: {primary: "#5a2d82", accent: "#8a3b00"}\n',
            1,
        )
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert sorted(path.name for path in (site / "sets").iterdir() if path.is_dir()) == [
        "eerste-week"
    ]
    assert sorted(path.name for path in (site / "en" / "pdf" / "sets").iterdir()) == [
        "eerste-week-a4.pdf",
        "eerste-week-begeleiding.pdf",
        "eerste-week-vouwen.pdf",
        "eerste-week.pdf",
    ]
    home = (site / "index.html").read_text()
    assert "--md-primary-fg-color: #5a2d82;" in home and "--md-accent-fg-color: #8a3b00;" in home

    config.write_text(original.replace("extra:\n", 'extra:\n  colours: {primary: "#7fb3d5"}\n', 1))
    result = build(project)
    assert result.returncode == 1
    assert (
        "mkdocs.yml: extra.colours.primary '#7fb3d5' has a contrast of 2.26:1 with white, it "
        "needs at least 4.5:1 (WCAG AA): choose a darker colour"
    ) in result.stderr


def test_a_build_without_pdfs_is_complete_but_says_where_the_pdfs_are(
    tmp_path: Path, fixture_deck: Deck
) -> None:
    """OUTREACH_CARDS_PDFS=false (a quick preview): every page is there, no PDF is, and the
    print page and deck builder say why."""
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    result = build(project, OUTREACH_CARDS_PDFS="false")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert not (site / "pdf").exists() and not (site / "offline").exists()
    # a page per card, and one per old id that leads to its card
    assert card_ids_built(site, "") == {card.id for card in fixture_deck.cards} | set(
        fixture_deck.redirects
    )
    for page in ("afdrukken", "samenstellen"):
        text = " ".join(read_page(site / page / "index.html").find("article")[0].text.split())
        assert "extra.print.pdfs: false" in text, page
    result = build(project, OUTREACH_CARDS_PDFS="perhaps")
    assert result.returncode == 1
    assert "mkdocs.yml: extra.print.pdfs must be true or false, not 'perhaps'" in result.stderr


def test_github_pages_workflow_builds_with_the_pages_address_and_publishes_site() -> None:
    """The deploy workflow runs the README's build with SITE_URL set to the Pages address and
    uploads site/; deployment needs the build."""
    import yaml

    from .conftest import REPO

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text())
    assert workflow[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}  # "on"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["build"]["steps"]
    build_step = next(step for step in steps if step.get("run") == "make build")
    assert build_step["env"] == {"SITE_URL": "${{ steps.pages.outputs.base_url }}/"}
    assert next(step for step in steps if step.get("id") == "pages")["uses"].startswith(
        "actions/configure-pages@"
    )
    upload = next(
        step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@")
    )
    assert upload["with"] == {"path": "site"}
    assert steps.index(build_step) < steps.index(upload)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    makefile = (REPO / "Makefile").read_text()
    # (the service worker is generated with npm's workbox-build and admin/ holds npm's
    # decap-cms, both of which `make build` installs)
    assert (
        "\nbuild: $(STAMP) print-libs $(WORKBOX) $(DECAP)\n\t$(BIN)/mkdocs build --strict\n"
        in makefile
    )


def test_a_language_without_interface_words_is_a_clear_error(tmp_path: Path) -> None:
    """The deck and mkdocs.yml agree on French instead of English, but the locales have no French
    words: the build stops and says where to add them."""
    import re

    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    for path in (project / "cards").rglob("*.yaml"):
        path.write_text(
            re.sub(r"\ben:", "fr:", path.read_text(encoding="utf-8"))
            .replace("- key: en\n", "- key: fr\n")
            .replace("original: en", "original: fr"),
            encoding="utf-8",
        )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("        - locale: en\n", "        - locale: fr\n")
    )
    result = build(project)
    assert result.returncode == 1
    assert (
        "no interface labels for language 'fr': add them to hooks/outreach_cards/locales/fr.yaml"
        in result.stderr
    )


@pytest.mark.parametrize(
    "extra, message",
    [
        (
            {"colors": {"primary": "#5a2d82"}},
            "mkdocs.yml: extra.colors is not a setting — did you mean 'colours'?",
        ),
        (
            {"print": {"formaat": "A7"}},
            "mkdocs.yml: extra.print.formaat is not a setting — did you mean 'format'?",
        ),
        (
            {"sets": "eerste-week"},
            "mkdocs.yml: extra.sets should be a list (lines starting with '- '), not 'eerste-week'",
        ),
        ({"print": {"pdfs": 3}}, "mkdocs.yml: extra.print.pdfs should be true or false, not 3"),
    ],
)
def test_a_setting_that_does_not_exist_or_has_the_wrong_type_is_refused(
    extra: dict, message: str
) -> None:
    """Every setting under extra: is in schemas/settings.schema.json: a misspelt one is an
    error with a suggestion, not a setting silently ignored."""
    with pytest.raises(SettingsError) as error:
        check_settings(extra)
    assert str(error.value) == message


def test_the_settings_in_both_configurations_pass() -> None:
    """mkdocs.yml's and mkdocs-offline.yml's extra: (Material's own settings included) pass,
    and the offline edition inherits the plugins, with Material's offline plugin after i18n."""
    from mkdocs.config import load_config

    for name in ("mkdocs.yml", "mkdocs-offline.yml"):
        config = load_config(str(REPO / name))
        check_settings(dict(config.extra))
    # (hooks are loaded as plugins after the configured ones)
    assert list(config.plugins) == [
        "material/search",
        "i18n",
        "material/offline",
        "hooks/cards.py",
        "hooks/search_index.py",
        "hooks/installable.py",
    ]


def test_a_misspelt_setting_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("extra:\n", 'extra:\n  colors: {primary: "#5a2d82"}\n', 1)
    )
    result = build(project, OUTREACH_CARDS_PDFS="false")
    assert result.returncode == 1
    assert "mkdocs.yml: extra.colors is not a setting — did you mean 'colours'?" in result.stderr


BRAND = Brand({"nl": "Kaarten"}, {}, "nl")


def test_example_links_in_hand_written_pages_follow_the_published_sets(
    deck: Deck, tmp_path: Path
) -> None:
    """The home and organisations pages name a set and a card through markers: the one named
    where the site has it, else the first published set (or card), so a copy that publishes
    other sets builds strictly without editing those pages."""
    from outreach_cards.site.pages import expand_markers

    marker = "<!-- outreach-cards:set eerste-week --> <!-- outreach-cards:card blijf-aanklampen -->"
    assert expand_markers(marker, deck, "en", brand=BRAND) == (
        "[Your first week as an outreach worker](sets/eerste-week.md) "
        "[Keep reaching out, without pushing](kaarten/blijf-aanklampen.md)"
    )
    others = select_sets(deck, ["voor-teamverantwoordelijken"])
    first = others.sets[0].title["nl"]
    assert expand_markers(marker, others, "nl", brand=BRAND).startswith(
        f"[{first}](sets/voor-teamverantwoordelijken.md) "
    )
    assert expand_markers(marker, select_sets(deck, []), "nl", brand=BRAND).startswith(
        "[Kaartensets](sets/index.md) "
    )

    # a build of the fixture deck with a second set, the only one published
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    add_own_set(project / "cards")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("extra:\n", "extra:\n  sets: [onze-start]\n", 1))
    result = build(project, OUTREACH_CARDS_PDFS="false")
    assert result.returncode == 0, result.stderr
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="sets/onze-start/"' in home
    assert "sets/eerste-week" not in home


def test_the_brand_comes_from_the_site_name() -> None:
    """PDFs, embeds and the offline zip are named after site_name: a copy called otherwise
    carries its own name; the zip takes the name's part before a dash."""
    brand = Brand(
        {"nl": "Outreachend werken — inspiratiekaarten", "en": "Outreach work"},
        {"nl": "Praktijk en tips."},
        "nl",
    )
    assert brand.slug == "outreachend-werken"
    assert (brand.name("en"), brand.name("fr")) == (
        "Outreach work",
        "Outreachend werken — inspiratiekaarten",
    )
    assert (brand.description("en"), brand.description("nl")) == (
        "Praktijk en tips.",
        "Praktijk en tips.",
    )
    assert Brand({"nl": "Straatwerk Gent: kaarten"}, {}, "nl").slug == "straatwerk-gent"
    assert Brand({"nl": "Één kaart van het CAW"}, {}, "nl").slug == "een-kaart-van-het-caw"
