"""MkDocs adapter: per-folder sitemaps with hreflang alternates, and robots.txt.

Each language's build writes the sitemaps of its own pages into its own folder, from
mkdocs-static-i18n's record of that build's pages and their alternates, so the languages
can be built one after the other or side by side (``hooks/parallel_languages.py``).
"""

from __future__ import annotations

import gzip
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from casebook.sitemaps import robots, sitemaps
from casebook.vocabularies import language_prefix


@event_priority(-50)  # before mkdocs-static-i18n's post_build (-100) starts another language
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins["i18n"]
    language, default = i18n.current_language, i18n.default_language
    pages = [
        (file.url, {lang: alternate.url for lang, alternate in file.alternates.items()})
        for file in i18n.i18n_files_per_language.get(language, [])
    ]
    root = language_prefix(language, default).rstrip("/")
    site = Path(config.site_dir)  # every language shares it; pages go under their prefix
    for path, xml in sitemaps(pages, config.site_url, root).items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(xml, encoding="utf-8")
        # MkDocs also wrote sitemap.xml.gz from its own template: replace it, with no
        # timestamp, so that it matches sitemap.xml and two builds are byte-identical.
        packed = target.with_name("sitemap.xml.gz")
        if packed.is_file():
            packed.write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))
    if language == default:
        roots = [language_prefix(lang, default).rstrip("/") for lang in i18n.build_languages]
        (site / "robots.txt").write_text(robots(config.site_url, roots), encoding="utf-8")
