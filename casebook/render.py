"""HTML fragments built from front matter: fact sheets, bibliographies, lists, maps.

Every value passes through Jinja2 with autoescaping on, so a contributor's text is always
printed as text, never as markup. Links are relative ``.html`` URLs because fragments go
into the written pages, where MkDocs does not rewrite links.
"""

from __future__ import annotations

import html
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import localise


@cache
def environment(language: str) -> Environment:
    """The templates of one language: localisation comes as filters
    (``{{ 'sources' | t }}``, ``{{ p.country | country }}``; ``template`` keeps a string's
    ``{placeholders}`` for the browser to fill)."""
    env = Environment(
        loader=PackageLoader("casebook", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates are the package's own: not looked at again for every fragment.
        auto_reload=False,
    )
    env.filters.update(
        {
            "t": lambda key, **values: localise.t(language, key, **values),
            "template": lambda key: localise.template(language, key),
            "vocab": lambda key, name: localise.vocabulary(name, key, language),
            "country": lambda code: localise.country_name(code, language),
            "language_name": lambda code: localise.language_name(code, language),
            "date": lambda iso: localise.long_date(iso, language),
            "duration": lambda minutes: localise.duration(minutes, language),
            "number": lambda value: localise.number(value, language),
            "names": lambda names: localise.conjoined(names, language),
            "code": code_text,
        }
    )
    return env


def code_text(text: str) -> Markup:
    """Text for a ``<pre><code>`` block: only ``& < >`` escaped, so quotes in JSON and
    BibTeX stay readable in the page source."""
    return Markup(html.escape(text, quote=False))


def fragment(template: str, language: str, **context: Any) -> str:
    """Render a template to an HTML fragment, without blank lines."""
    rendered = environment(language).get_template(template).render(**context)
    return "\n".join(line for line in rendered.splitlines() if line.strip())


def source_label(source: dict, language: str) -> str:
    """How a figure or an advice names its source: the publisher, else the authors."""
    return source.get("publisher") or localise.conjoined(source.get("author") or [], language)


def case_facts(case: dict, language: str) -> str:
    sources = {s["id"]: s for s in case["sources"]}
    return fragment(
        "case_facts.html",
        language,
        case=case,
        source_label=lambda source_id: source_label(sources[source_id], language),
    )


def bibliography(data: dict, language: str) -> str:
    return fragment(
        "sources.html",
        language,
        sources=data["sources"],
        last_reviewed=data["last_reviewed"],
        authors=data.get("authors") or [],
    )
