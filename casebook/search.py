"""One search index per language.

mkdocs-static-i18n merges every language into a single index, so a French reader gets
English results. The engine keeps, for each language, only the entries of that
language's pages, with locations relative to the language's root (where that language's
pages look for their index). It also folds accents, in the index and in queries alike,
so that "cooperation" finds "coopération".
"""

from __future__ import annotations

from collections.abc import Iterable

from .vocabularies import language_prefix

ACCENT_FOLDING_MARK = "/* casebook: accent folding */"
ACCENT_FOLDING_JS = (
    ACCENT_FOLDING_MARK
    + "(function(){if(typeof lunr==='undefined')return;"
    + "var fold=function(s){return s.normalize('NFD').replace(/[\\u0300-\\u036f]/g,'')"
    + ".replace(/\\u0153/g,'oe').replace(/\\u00e6/g,'ae')};"
    + "var run=lunr.Pipeline.prototype.run;"
    + "lunr.Pipeline.prototype.run=function(tokens){for(var i=0;i<tokens.length;i++){tokens[i].update(fold)}"
    + "return run.call(this,tokens)};"
    + "var parse=lunr.QueryParser.prototype.parse;"
    + "lunr.QueryParser.prototype.parse=function(){this.lexer.str=fold(this.lexer.str);return parse.call(this)}"
    + "})();\n"
)
"""Appended to Material's search worker: every token (indexed or queried) loses its accents."""


def entries_for(
    entries: Iterable[dict], language: str, default: str, languages: Iterable[str]
) -> list[dict]:
    """The entries of ``language``'s pages, with locations relative to that language's root."""
    prefix = language_prefix(language, default)
    others = tuple(f"{code}/" for code in languages if code != default)
    out = []
    for entry in entries:
        location = entry["location"]
        if prefix:
            if not location.startswith(prefix):
                continue
            out.append({**entry, "location": location[len(prefix) :]})
        elif not location.startswith(others):
            out.append(dict(entry))
    return out


def index_document(entries: list[dict], language: str, settings: dict) -> dict:
    """The JSON document Material's search worker reads, restricted to one language."""
    config = {**settings, "lang": [language]}
    return {"config": config, "docs": entries}
