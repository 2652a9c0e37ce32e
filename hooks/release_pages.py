"""MkDocs adapter: let each page's text go once its HTML file is written.

MkDocs keeps every page's Markdown and HTML until the build ends, though nothing reads
them after the page is written (anchor validation uses the anchors it recorded). At
1,000 cases per language that is over 100 MB; releasing them keeps the build's peak
memory flat as the casebook grows (see ``benchmarks/build.py``).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page


@event_priority(-1000)  # after every other post_page handler
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    page.markdown = None
    page.content = None
    return output
