"""MkDocs adapter: the generated pages of the language being built get their text.

``hooks/content.py`` declared every generated page, in every language, as a file of the
docs folder; mkdocs-static-i18n has since kept this build's language (and recreated the
``File`` objects). Each kept page now gets its Markdown through MkDocs' own
``File.content_string``: MkDocs reads it from memory, nothing is written to disk, and each
language's build renders only its own pages (the English one in its own process when the
languages are built side by side).

Once every page is converted and its glossary terms linked, and before any is written,
its fragments (fact sheet, map, citation, bibliography, lists: see
:class:`casebook.staging.Page`) take their markers' places.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from casebook import staging

_fragments: dict[str, dict[str, str]] = {}
"""This build's pages' fragments, by source path, until each page is converted."""
_generated: set[str] = set()
"""This build's generated pages, by source path."""


@event_priority(-110)  # after mkdocs-static-i18n (-100) has chosen this build's files
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    i18n = config.plugins["i18n"]
    staged = staging.staged(config.docs_dir)
    language = i18n.current_language
    pages = staged.pages(language)
    downloads = staged.downloads() if language == i18n.default_language else {}
    _fragments.clear()
    _generated.clear()
    for file in files:
        page = pages.get(file.src_uri)
        if page is not None:
            file.content_string = page.markdown
            _generated.add(file.src_uri)
            if page.fragments:
                _fragments[file.src_uri] = page.fragments
        elif file.src_uri in downloads:
            file.content_string = downloads[file.src_uri]
    staged.release(language)  # MkDocs holds the texts now
    return files


@event_priority(100)  # MkDocs has read the page: the file need not hold its text as well
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri in _generated:
        page.file.content_string = ""
    return markdown


@event_priority(0)  # after the glossary links (10), before any page is written
def on_env(env, *, config: MkDocsConfig, files: Files):
    for file in files.documentation_pages():
        fragments = _fragments.pop(file.src_uri, None)
        if fragments and file.page is not None and file.page.content is not None:
            try:
                file.page.content = staging.fill(file.page.content, fragments)
            except ValueError as error:
                raise PluginError(f"{file.src_uri}: {error}") from None
    return env
