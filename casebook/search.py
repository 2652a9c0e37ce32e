"""One search index per language, accent-insensitive.

Material's search plugin indexes every page; mkdocs-static-i18n merges every language
into that one index, so a French reader would get English results. :func:`split` keeps,
for each language, only its own pages. A few lines appended to Material's search worker
fold accents in the index and in queries alike, so that "cooperation" finds
"coopération".
"""

from __future__ import annotations

from .site import Site

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


def split(document: dict, site: Site) -> dict[str, dict]:
    """Material's search index cut into one index per language (language → document).

    Each language's entries keep their locations relative to that language's root, where
    its pages look for their index, and its lunr language (stemmer and stop words)."""
    indexes = {}
    for language in site.languages:
        prefix = site.prefix(language)
        others = tuple(site.prefix(other) for other in site.others if other != language)
        docs = [
            {**entry, "location": entry["location"][len(prefix) :]}
            for entry in document["docs"]
            if entry["location"].startswith(prefix) and not entry["location"].startswith(others)
        ]
        if docs:
            indexes[language] = {"config": {**document["config"], "lang": [language]}, "docs": docs}
    return indexes
