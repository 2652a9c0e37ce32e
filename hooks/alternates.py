"""MkDocs adapter: absolute hreflang alternates.

mkdocs-static-i18n points each page's alternates (``<link rel="alternate" hreflang>`` and
the language switcher) at its twin, with site-relative URLs; search engines require
absolute ones. Runs after the plugin (priority 50) has set them for the page.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page


@event_priority(40)
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    site_url = config.site_url
    if site_url:
        # mkdocs-static-i18n assigns ``config.extra.alternate`` as an attribute, which is what
        # templates read first; the dict item may hold an older copy.
        for alternate in (
            getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
        ):
            alternate["link"] = _absolute(site_url, alternate["link"])
    return context


def _absolute(site_url: str, link: str) -> str:
    """``urljoin(site_url, link)``, without urljoin for the links the plugin writes (paths
    from the site's root, such as ``en/cases/x.html``): thousands of pages, two each."""
    if link.startswith(("https://", "http://")):  # made absolute for an earlier page
        return link
    simple = ":" not in link and "/." not in link and not link.startswith(".")
    if simple and link.startswith("/") and not link.startswith("//"):
        return _origin(site_url) + link
    if simple and not link.startswith("/") and site_url.endswith("/"):
        return site_url + link
    return urljoin(site_url, link)


@cache
def _origin(site_url: str) -> str:
    parts = urlsplit(site_url)
    return f"{parts.scheme}://{parts.netloc}"
