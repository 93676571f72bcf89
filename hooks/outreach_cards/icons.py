"""Material for MkDocs' icons, as the site and the printed cards show them."""

from __future__ import annotations

from functools import cache
from importlib import resources


def _icon_file(icon: str):
    return resources.files("material") / "templates" / ".icons" / f"{icon}.svg"


def icon_exists(icon: str) -> bool:
    """Whether Material for MkDocs ships ``icon`` (e.g. ``material/map-marker``)."""
    return _icon_file(icon).is_file()


@cache
def icon_svg(icon: str) -> str:
    """Material's SVG for ``icon`` (e.g. ``material/map-marker``)."""
    return _icon_file(icon).read_text().strip()
