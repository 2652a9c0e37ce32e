"""MkDocs adapter: each language's build writes only its own outputs.

mkdocs-static-i18n builds every language into the same site folder, routing pages into
``en/``; but a theme's site-wide files would be written by every build, the last one
winning: the English build used to overwrite the French ``404.html``, Material's root
``sitemap.xml`` and the tags export. Here the default language keeps the site-wide
templates, and each language exports its tags into its own folder, so the languages can
be built in any order, or side by side (``hooks/parallel_languages.py``). Theme assets
(scripts, stylesheets) are the same bytes in every build and stay shared.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from casebook.vocabularies import language_prefix

SITE_WIDE_TEMPLATES = {"404.html", "sitemap.xml"}
"""Written by the default language's build only (hooks/sitemaps.py writes each language's)."""


def _language(config: MkDocsConfig) -> tuple[str, str]:
    i18n = config.plugins["i18n"]
    return i18n.current_language, i18n.default_language


@event_priority(-200)  # after mkdocs-static-i18n (-100) has set the build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    tags = config.plugins.get("material/tags")
    if tags is not None:
        tags.config.export_file = f"{language_prefix(*_language(config))}tags.json"
    return config


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """An empty output is not written (MkDocs logs "Template skipped")."""
    language, default = _language(config)
    if template_name in SITE_WIDE_TEMPLATES and language != default:
        return ""
    return output_content
