"""Reading the packet's HTML back with the standard library's html.parser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


@dataclass
class Page:
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    open_sections: int = 0

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def with_attr(self, attr: str) -> list[tuple[str, dict[str, str]]]:
        return [(name, attrs) for name, attrs in self.tags if attr in attrs]

    @property
    def visible(self) -> str:
        return "".join(self.text)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.page.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("style", "script"):
            self._skip += 1
        if tag == "section":
            self.page.open_sections += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        if tag == "section":
            self.page.open_sections -= 1

    def handle_data(self, data):
        if not self._skip:
            self.page.text.append(data)


def parse(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page


def external_requests(html: str) -> list[str]:
    """Everything in the page that would make the browser fetch something from elsewhere."""
    page = parse(html)
    found = []
    for name, attrs in page.tags:
        for attr in ("src", "href", "srcset", "poster", "data", "action", "xlink:href"):
            value = attrs.get(attr, "")
            if value and EXTERNAL.match(value):
                found.append(f"<{name} {attr}={value!r}>")
        if name == "link":
            found.append(f"<link {attrs}>")
        if name == "script" and "src" in attrs:
            found.append(f"<script src={attrs['src']!r}>")
        if name == "iframe":
            found.append("<iframe>")
    for match in re.finditer(r"url\(\s*['\"]?(?!data:|#)([^)'\"]+)", html):
        found.append(f"url({match.group(1)})")
    if re.search(r"@import", html):
        found.append("@import")
    return found
