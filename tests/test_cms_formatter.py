"""`outreach-cards fix` and `check --fix`: what the web editor writes goes back into the shape
of our files, so a one-word edit is a one-line diff and nothing of the edit is lost."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

from outreach_cards.cli import main
from outreach_cards.load.format import format_text

from .helpers import FIXTURE_DECK, REPO


def _editor_writes(path: Path, data: object) -> None:
    """What Decap CMS does to a file: the whole file written again from its data, without the
    comments, lists as block lists, strings in the writer's own styles."""
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=60))


def _repository(tmp_path: Path, deck: Path) -> Path:
    cards = tmp_path / "cards"
    shutil.copytree(deck, cards)
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "."],
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "deck"],
    ):
        subprocess.run(command, cwd=tmp_path, check=True)
    return cards


def _numstat(root: Path) -> str:
    return subprocess.run(
        ["git", "diff", "--numstat"], cwd=root, capture_output=True, text=True, check=True
    ).stdout


def test_the_editors_rewrite_of_every_real_file_is_undone(tmp_path, capsys) -> None:
    cards = _repository(tmp_path, REPO / "cards")
    files = sorted(cards.rglob("*.yaml"))
    for path in files:
        _editor_writes(path, yaml.safe_load(path.read_text()))
    assert _numstat(tmp_path) != ""
    assert main(["fix", "--cards", str(cards)]) == 0
    assert _numstat(tmp_path) == ""
    assert (
        capsys.readouterr().out.splitlines()[-1] == f"fix: {len(files)} files put back into shape."
    )


def test_a_one_word_edit_is_a_one_line_diff(tmp_path) -> None:
    cards = _repository(tmp_path, FIXTURE_DECK)
    path = cards / "huisbezoek-als-gast.yaml"
    committed = path.read_text()
    for field in ("title", "front", "body"):
        data = yaml.safe_load(committed)
        text = data["text"]["nl"]
        words = text[field].split(" ")
        middle = len(words) // 2
        words[middle] = "anders" if words[middle] != "anders" else "zo"
        text[field] = " ".join(words)
        _editor_writes(path, data)
        assert main(["fix", "--cards", str(cards)]) == 0
        assert _numstat(tmp_path) == "1\t1\tcards/huisbezoek-als-gast.yaml\n", field
        assert yaml.safe_load(path.read_text()) == data
        assert path.read_text().splitlines()[0] == committed.splitlines()[0]
        path.write_text(committed)


def test_a_new_card_gets_the_schema_line_and_the_house_style(tmp_path) -> None:
    cards = _repository(tmp_path, FIXTURE_DECK)
    data = yaml.safe_load((cards / "huisbezoek-als-gast.yaml").read_text())
    data["id"], data["number"] = "nieuwe-kaart", 99
    path = cards / "nieuwe-kaart.yaml"
    _editor_writes(path, data)
    assert main(["fix", str(path), "--cards", str(cards)]) == 0
    text = path.read_text()
    assert text.splitlines()[0] == (
        "# yaml-language-server: $schema=../hooks/outreach_cards/schemas/card.schema.json"
    )
    assert yaml.safe_load(text) == data
    assert f"sources: [{', '.join(data['sources'])}]" in text.splitlines()


def test_a_set_and_a_registry_get_their_own_schema_line() -> None:
    assert format_text("id: x\n", None, None) == "id: x\n"
    from outreach_cards.load.format import schema_line

    cards = REPO / "cards"
    assert schema_line(cards / "sets" / "a.yaml", cards) == (
        "# yaml-language-server: $schema=../../hooks/outreach_cards/schemas/set.schema.json"
    )
    assert schema_line(cards / "registries" / "glossary.yaml", cards) == (
        "# yaml-language-server: $schema=../../hooks/outreach_cards/schemas/glossary.schema.json"
    )


def test_a_file_that_is_not_yaml_is_named_and_left_alone(tmp_path, capsys) -> None:
    cards = _repository(tmp_path, FIXTURE_DECK)
    path = cards / "huisbezoek-als-gast.yaml"
    path.write_text("id: [unclosed\nnumber: 3\n")
    assert main(["fix", "--cards", str(cards)]) == 1
    error = capsys.readouterr().err
    assert error == (
        f"{path}:2: cannot be read as YAML (did not find expected ',' or ']'); left as it is\n"
    )
    assert path.read_text() == "id: [unclosed\nnumber: 3\n"


def test_check_fix_fixes_then_checks(tmp_path, capsys) -> None:
    cards = _repository(tmp_path, FIXTURE_DECK)
    path = cards / "wat-is-outreach.yaml"
    _editor_writes(path, yaml.safe_load(path.read_text()))
    assert main(["check", str(cards), "--fix"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Fixed {path}\nfix: 1 file put back into shape.\n")
    assert "no problems." in out
    assert _numstat(tmp_path) == ""
