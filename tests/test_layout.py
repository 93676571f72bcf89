"""The engine's layout: imports run one way (site → print → model), with no circle between
the package's parts, and every address of the site comes from urls.py."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .helpers import REPO

PACKAGE = REPO / "hooks" / "outreach_cards"


def part(module: Path) -> str:
    """The part of the package a file belongs to: its subpackage, or its own module name."""
    relative = module.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_parts(module: Path) -> set[str]:
    """The parts of the package that ``module`` imports (at any depth of its code)."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    package = module.relative_to(PACKAGE).parent.parts
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's own package
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = [*base, *(node.module.split(".") if node.module else [])]
                names = [] if node.module else [alias.name for alias in node.names]
            elif node.module and node.module.startswith("outreach_cards"):
                target, names = node.module.split(".")[1:], []
            else:
                continue
            if target:
                found.add(target[0])
            else:  # `from . import urls`
                found.update(names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("outreach_cards."):
                    found.add(alias.name.split(".")[1])
    return found


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for module in PACKAGE.rglob("*.py"):
        if module.name == "__main__.py":
            continue
        name = part(module)
        edges.setdefault(name, set()).update(imported_parts(module) - {name})
    return edges


def test_imports_run_one_way_with_no_circle() -> None:
    """site → print → model: the print step never imports the site, the model nothing of
    the package; and no two parts import each other, directly or round about."""
    edges = graph()
    assert {"load", "check", "site", "print", "locales", "model", "urls", "deck"} <= set(edges)
    assert "site" not in edges["print"]
    assert edges["model"] == set()
    assert edges["urls"] == set()

    def circle(start: str) -> list[str] | None:
        path, seen = [start], set()

        def visit(node: str) -> list[str] | None:
            for following in sorted(edges.get(node, ())):
                if following == start:
                    return [*path, start]
                if following not in seen:
                    seen.add(following)
                    path.append(following)
                    found = visit(following)
                    if found:
                        return found
                    path.pop()
            return None

        return visit(start)

    assert [found for name in sorted(edges) if (found := circle(name))] == []


def test_no_module_but_urls_writes_the_sites_folder_names() -> None:
    """The generated folders' names (kaarten/, themas/, sets/, embed/, mijn-kaarten/, …) are
    written in urls.py only; everything else asks it."""
    folders = re.compile(
        r"""["'/](kaarten|themas|getuigenissen|afdrukken|samenstellen|embed|mijn-kaarten)/"""
    )
    written = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted(
            [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.j2"), REPO / "hooks" / "cards.py"]
        )
        if path.name != "urls.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if folders.search(line) and not line.lstrip().startswith(("#", '"""'))
    ]
    assert written == []
