"""Links found in an e-mail: what a developer (or a test) clicks, e.g. the confirmation link."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Stops at whitespace, quotes and brackets; trailing punctuation is trimmed below.
_URL = re.compile(r"https?://[^\s<>\"'()\[\]]+")


class _AnchorParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href and href.startswith(("http://", "https://")):
                self.hrefs.append(href.strip())


def urls_in_text(text: str) -> list[str]:
    return [m.group(0).rstrip(".,;:!?") for m in _URL.finditer(text or "")]


def extract_links(html: str | None, text: str | None) -> list[str]:
    """http(s) links of the HTML anchors, then of the text body; de-duplicated, in order."""
    found: list[str] = []
    if html:
        parser = _AnchorParser()
        parser.feed(html)
        parser.close()
        found += parser.hrefs
    found += urls_in_text(text or "")
    return list(dict.fromkeys(found))
