"""Read a built site back: pages, their ids, links and elements (stdlib HTML parser only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    ancestors: tuple["Element", ...] = ()

    def inside(self, css_class: str) -> bool:
        """Whether an enclosing element has ``css_class``."""
        return any(css_class in parent.attrs.get("class", "").split() for parent in self.ancestors)


@dataclass
class HtmlPage:
    """What a test needs of one built page."""

    path: Path
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (attribute, url)
    elements: list[Element] = field(default_factory=list)

    def find(self, tag: str, **attrs: str) -> list[Element]:
        """Elements with ``tag`` whose attributes include ``attrs`` (class matches one word)."""
        found = []
        for element in self.elements:
            if element.tag != tag:
                continue
            ok = True
            for name, value in attrs.items():
                name = name.rstrip("_").replace("_", "-")
                actual = element.attrs.get(name)
                if name == "class":
                    ok = actual is not None and value in actual.split()
                else:
                    ok = actual == value
                if not ok:
                    break
            if ok:
                found.append(element)
        return found


class _Parser(HTMLParser):
    def __init__(self, page: HtmlPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        element = Element(tag, values, ancestors=tuple(self.open))
        self.page.elements.append(element)
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        for name in ("href", "src"):
            if name in values:
                self.page.links.append((name, values[name]))
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source", "path", "wbr"):
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data


def read_page(path: Path) -> HtmlPage:
    page = HtmlPage(path)
    parser = _Parser(page)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return page


def resolve(site: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file a relative URL on ``page`` points to, and its fragment; None for external URLs."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("//"):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    base = site if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every relative href/src in ``site`` whose file or #fragment does not exist."""
    site = site.resolve()
    pages: dict[Path, HtmlPage] = {path.resolve(): read_page(path) for path in site.rglob("*.html")}
    broken = []
    for path, page in sorted(pages.items()):
        for attribute, url in page.links:
            target = resolve(site, path, url)
            if target is None:
                continue
            file, fragment = target
            where = f"{path.relative_to(site)}: {attribute}='{url}'"
            if not file.is_file():
                broken.append(f"{where} → missing file")
            elif fragment and file.suffix == ".html":
                ids = pages[file].ids if file in pages else read_page(file).ids
                if fragment not in ids:
                    broken.append(f"{where} → no id '{fragment}'")
    return broken
