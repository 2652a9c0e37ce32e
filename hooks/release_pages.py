"""MkDocs adapter: let each page's text go once its HTML file is written.

MkDocs keeps every page's Markdown and HTML until the build ends, though nothing reads
them after the page is written (anchor validation uses the anchors it recorded). At
1,000 cases per language that is over 100 MB; releasing them keeps the build's peak
memory flat as the casebook grows (see ``benchmarks/build.py``).

A page's title is worked out from its Markdown each time it is asked for (MkDocs 1.6
answers ``None`` once the Markdown is gone), and the pages written later still print it
in their navigation: it is kept, as the value it had, before the text goes.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page


@event_priority(-1000)  # after every other post_page handler
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    page.title = page.title  # an instance value now, no longer read from the Markdown
    page.markdown = None
    page.content = None
    return output
