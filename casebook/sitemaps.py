"""Sitemaps with hreflang alternates, one per folder that holds pages, and robots.txt.

Material's language selector fetches ``sitemap.xml`` next to each ``<link rel=alternate>``
of a page; pages live in a handful of folders (``cases/``, ``en/glossary/``…), so a
sitemap in each of those folders makes every such request succeed — and each is a valid
sitemap for its own folder. Each language's build writes the sitemaps of its own pages
(the language's root folder lists all of them), so languages can be built independently;
robots.txt names each language's root sitemap.
"""

from __future__ import annotations

import posixpath
from xml.sax.saxutils import escape

Page = tuple[str, dict[str, str]]
"""A page's URL (relative to the site root) and its alternates: language → URL."""


def folder_of(url: str) -> str:
    return posixpath.dirname(url)


def _inside(url: str, folder: str) -> bool:
    return not folder or url.startswith(folder + "/")


def sitemaps(pages: list[Page], site_url: str, root: str = "", default: str = "") -> dict[str, str]:
    """Site-relative path of each sitemap → its XML, for one language's pages under ``root``;
    ``default``: the language whose page is the ``x-default`` alternate."""
    site_url = site_url.rstrip("/") + "/"
    folders = {root} | {folder_of(url) for url, _ in pages}
    out = {}
    for folder in sorted(folders):
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
        ]
        for url, alternates in sorted(pages):
            if not _inside(url, folder):
                continue
            lines.append("  <url>")
            lines.append(f"    <loc>{escape(site_url + url)}</loc>")
            for language, alternate in sorted(alternates.items()):
                lines.append(
                    f'    <xhtml:link rel="alternate" hreflang="{language}" href="{escape(site_url + alternate)}"/>'
                )
            if default in alternates:
                lines.append(
                    f'    <xhtml:link rel="alternate" hreflang="x-default" href="{escape(site_url + alternates[default])}"/>'
                )
            lines.append("  </url>")
        lines.append("</urlset>")
        out[posixpath.join(folder, "sitemap.xml")] = "\n".join(lines) + "\n"
    return out


def robots(site_url: str, roots: list[str]) -> str:
    """robots.txt naming the root sitemap of each language (``""`` for the default one)."""
    base = site_url.rstrip("/") + "/"
    listed = "".join(f"Sitemap: {base}{posixpath.join(root, 'sitemap.xml')}\n" for root in roots)
    return f"User-agent: *\nAllow: /\n\n{listed}"
