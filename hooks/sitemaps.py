"""MkDocs adapter: per-folder sitemaps with hreflang alternates, and robots.txt.

Runs once, after the last language is built, from mkdocs-static-i18n's record of every
language's pages and their alternates.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from casebook.sitemaps import robots, sitemaps


@event_priority(-300)
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins["i18n"]
    if i18n.building:  # a nested language build: the outer one writes the sitemaps
        return
    pages: dict[str, dict[str, str]] = {}
    for files in i18n.i18n_files_per_language.values():
        for file in files:
            pages[file.url] = {
                language: alternate.url for language, alternate in file.alternates.items()
            }
    site = Path(config.site_dir)
    for path, xml in sitemaps(sorted(pages.items()), config.site_url).items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(xml, encoding="utf-8")
    # MkDocs also wrote sitemap.xml.gz from its own template: replace it, with no timestamp,
    # so that it matches sitemap.xml and two builds of one commit are byte-identical.
    for stale in site.glob("**/sitemap.xml.gz"):
        xml = (stale.parent / "sitemap.xml").read_bytes()
        stale.write_bytes(gzip.compress(xml, mtime=0))
    (site / "robots.txt").write_text(robots(config.site_url), encoding="utf-8")
