"""HTML fragments built from front matter: fact sheets, bibliographies, index lists.

Every value passes through Jinja2 with autoescaping on, so a contributor's text is
always printed as text, never as markup. Links are relative ``.html`` URLs because these
fragments are raw HTML that MkDocs does not rewrite.
"""

from __future__ import annotations

import html
import posixpath
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup

from . import localise


@cache
def environment(language: str) -> Environment:
    """The templates of one language: localisation comes as filters (``{{ 'sources' | t }}``,
    ``{{ p.country | country }}``), which compiled templates call directly, several times
    faster than functions passed in the context, which Jinja calls through its runtime."""
    env = Environment(
        loader=PackageLoader("casebook", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the package: no stat() before each render
    )
    env.filters.update(
        {
            "t": lambda key, **values: localise.t(language, key, **values),
            "vocab": lambda key, name: localise.vocabulary(name, key, language),
            "country": lambda code: localise.country_name(code, language),
            "date": lambda iso: localise.long_date(iso, language),
            "duration": lambda minutes: localise.duration(minutes, language),
            "number": lambda value: localise.number(value, language),
            "code": code_text,
        }
    )
    return env


def href(from_path: str, to_path: str) -> str:
    """Relative URL between two site paths (``cases/a`` → ``glossary/b``), ``.html`` URLs."""
    start = posixpath.dirname(from_path) or "."
    return posixpath.relpath(to_path + ".html", start)


def code_text(text: str) -> Markup:
    """Text for a ``<pre><code>`` block: only ``& < >`` escaped, so quotes in JSON and
    BibTeX stay readable in the page source and cost nothing to parse."""
    return Markup(html.escape(text, quote=False))


@cache
def _template(name: str, language: str) -> Template:
    """A compiled template, looked up once (Jinja checks its cache and globals on every
    ``get_template``, and a build renders thousands of fragments).

    Its globals become a plain dict: Jinja keeps them as a ``ChainMap`` over the
    environment's (so that globals added later show through) and copies them on every
    render, which for a ``ChainMap`` runs in Python, about 7 µs a render, as long as the
    rest of a short fragment's render. Nothing adds globals to these environments."""
    template = environment(language).get_template(name)
    template.globals = dict(template.globals)
    return template


def fragment(template: str, language: str, **context: Any) -> str:
    """Render a template to a single-block HTML fragment (no blank lines, so Markdown keeps it raw)."""
    html = _template(template, language).render(**context)
    return "\n".join(line for line in html.splitlines() if line.strip())


def lead(text: str, language: str, *, printable: bool = False, definition: bool = False) -> str:
    """A page's summary (or a term's definition), and its print button: what the page
    opens with, in the Markdown, so that the glossary links its terms."""
    return fragment("lead.html", language, text=text, printable=printable, definition=definition)


def case_facts(case: dict, language: str) -> str:
    sources = {s["id"]: s for s in case["sources"]}

    def source_label(source_id: str) -> str:
        source = sources[source_id]
        return source.get("publisher") or source.get("author") or source_id

    return fragment("case_facts.html", language, case=case, source_label=source_label)


def bibliography(data: dict, language: str) -> str:
    return fragment(
        "sources.html",
        language,
        sources=data["sources"],
        last_reviewed=data["last_reviewed"],
        authors=data.get("authors") or [],
    )
