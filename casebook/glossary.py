"""Glossary cross-linking and exports.

Terms and their aliases become links to their entry, with the one-sentence definition as
a tooltip. The work is one pass per page: one compiled pattern per language (longest
alternatives first) runs over the text nodes of the page's HTML, skipping headings,
links, code and passages the author opted out of. Matching ignores case and accents
(``COOPERATION`` finds *coopération*), except for acronyms written in capitals (``CUF``,
``ODD``), which match only in capitals so that English "odd" never links to *ODD*.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .content import Casebook
from .vocabularies import LANGUAGES, language_prefix

BLOCKED_TAGS = {
    "a",
    "code",
    "pre",
    "kbd",
    "samp",
    "script",
    "style",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "button",
    "svg",
    "title",
    "textarea",
}
BLOCKED_CLASSES = {"no-glossary", "cb-facts", "cb-sources", "headerlink"}
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
OPT_OUT = re.compile(r"<!--\s*(/?)no-glossary\s*-->")
SECTION_TAGS = {"h2", "h3"}
TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(/?)\s*>", re.DOTALL)
CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9&-]{1,7}$")


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    return base if len(base) == 1 and len(decomposed) > 1 else char


FOLD = {
    code: _fold_char(chr(code)) for code in range(0xC0, 0x250) if _fold_char(chr(code)) != chr(code)
}
FOLD.update({ord("’"): "'"})


def fold(text: str) -> str:
    """Remove accents without changing the length, so match positions map back to the text."""
    return text.translate(FOLD)


@dataclass
class Term:
    id: str
    forms: list[str]
    definition: str


@dataclass
class Matcher:
    """All terms of one language, compiled into one pattern."""

    pattern: re.Pattern | None
    by_form: dict[str, str]
    terms: dict[str, Term]

    def term_of(self, matched: str) -> str | None:
        key = fold(matched)
        return self.by_form.get(key) or self.by_form.get(key.casefold())


def matcher(terms: Iterable[Term]) -> Matcher:
    """Compile every form of every term into one pattern, shaped as a trie.

    A plain alternation of N forms makes the regex engine try N alternatives at every
    position of every page; a trie-shaped pattern only follows the branches that match, so
    the cost barely grows with the size of the glossary. Optional branches are greedy, and
    the final word-boundary check makes the engine back off to a shorter form when a longer
    one does not end on a word boundary: the longest match always wins.
    """
    by_form: dict[str, str] = {}
    acronyms: set[str] = set()
    words: set[str] = set()
    table = {}
    for term in terms:
        table[term.id] = term
        for form in term.forms:
            form = " ".join(form.split())
            if not form:
                continue
            folded = fold(form)
            if ACRONYM.match(form):
                by_form.setdefault(folded, term.id)
                acronyms.add(folded)
            else:
                by_form.setdefault(folded.casefold(), term.id)
                words.add(folded.casefold())
    branches = []
    if acronyms:
        branches.append(f"(?-i:{_trie_pattern(acronyms)})")
    if words:
        branches.append(_trie_pattern(words))
    if not branches:
        return Matcher(None, by_form, table)
    pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(branches)})(?![\w-])", re.IGNORECASE)
    return Matcher(pattern, by_form, table)


def _trie_pattern(forms: Iterable[str]) -> str:
    root: dict = {}
    for form in forms:
        node = root
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(root)


def _node_pattern(node: dict) -> str:
    alternatives = [
        (r"\s+" if char == " " else re.escape(char)) + _node_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    return f"(?:{body})?" if "" in node else body


def matcher_for(book: Casebook, language: str) -> Matcher:
    terms = []
    for entry in book.terms.values():
        data = entry.data.get(language)
        if data:
            terms.append(Term(entry.id, [data["term"], *data.get("aliases", [])], data["short"]))
    return matcher(terms)


@dataclass
class LinkResult:
    html: str
    used: list[str] = field(default_factory=list)


def link_terms(
    page_html: str,
    terms: Matcher,
    href: Callable[[str], str],
    *,
    skip: str | None = None,
    per_section: bool = False,
) -> LinkResult:
    """Link the first occurrence of each term (per page, or per ``h2``/``h3`` section)."""
    result = LinkResult(page_html)
    if terms.pattern is None:
        return result
    out: list[str] = []
    stack: list[tuple[str, bool]] = []
    blocked = 0  # open elements in which nothing is linked
    linked: set[str] = set()
    opted_out = 0
    for token in TOKEN.split(page_html):
        if not token:
            continue
        if token[0] != "<":
            if opted_out or blocked or token.isspace():
                out.append(token)
            else:
                out.append(_link_text(token, terms, href, skip, linked, result.used))
            continue
        if token.startswith("<!--"):
            marker = OPT_OUT.fullmatch(token.strip())
            if marker:
                opted_out = max(0, opted_out + (-1 if marker[1] else 1))
            out.append(token)
            continue
        tag = TAG.match(token)
        if tag:
            closing, name, attrs, self_closing = tag[1], tag[2].lower(), tag[3], tag[4]
            if closing:
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth][0] == name:
                        blocked -= sum(block for _, block in stack[depth:])
                        del stack[depth:]
                        break
            elif name not in VOID_TAGS and not self_closing:
                block = name in BLOCKED_TAGS or (
                    "class" in attrs and not BLOCKED_CLASSES.isdisjoint(_classes(attrs))
                )
                stack.append((name, block))
                blocked += block
                if per_section and name in SECTION_TAGS:
                    linked.clear()
        out.append(token)
    result.html = "".join(out)
    return result


def _classes(attrs: str) -> list[str]:
    match = CLASS_ATTR.search(attrs)
    if not match:
        return []
    return (match[1] or match[2] or match[3] or "").split()


def _link_text(
    text: str,
    terms: Matcher,
    href: Callable[[str], str],
    skip: str | None,
    linked: set[str],
    used: list[str],
) -> str:
    # ``text`` is HTML-escaped character data; entities like &amp; never match a term.
    folded = fold(text)
    pieces: list[str] = []
    last = 0
    for match in terms.pattern.finditer(folded):  # type: ignore[union-attr]
        term_id = terms.term_of(match[0])
        if term_id is None or term_id == skip or term_id in linked:
            continue
        linked.add(term_id)
        if term_id not in used:
            used.append(term_id)
        original = text[match.start() : match.end()]
        definition = html.escape(terms.terms[term_id].definition, quote=True)
        pieces.append(text[last : match.start()])
        pieces.append(
            f'<a class="cb-term" href="{html.escape(href(term_id), quote=True)}" title="{definition}">{original}</a>'
        )
        last = match.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def backlinks_html(pages: list[tuple[str, str]], heading: str) -> str:
    """The "used in" list of a glossary page: (href, title) pairs, already sorted."""
    items = "".join(
        f'<li><a href="{html.escape(h, quote=True)}">{html.escape(t)}</a></li>' for h, t in pages
    )
    # Kept out of the search index: otherwise every glossary page would match the title of
    # every case that uses its term.
    return (
        '<section class="cb-backlinks" aria-labelledby="cb-used-in" data-search-exclude>'
        f'<h2 id="cb-used-in" data-search-exclude>{html.escape(heading)}</h2><ul>{items}</ul></section>'
    )


def skos(book: Casebook, site_url: str) -> dict:
    """The glossary as a SKOS concept scheme in JSON-LD."""
    site_url = site_url.rstrip("/") + "/"
    scheme = site_url + "glossary/index.html"

    def url(term_id: str, language: str) -> str:
        return f"{site_url}{language_prefix(language)}glossary/{term_id}.html"

    graph: list[dict] = [
        {
            "@id": scheme,
            "@type": "skos:ConceptScheme",
            "skos:prefLabel": [
                {
                    "@value": "Glossaire de l'action internationale des collectivités",
                    "@language": "fr",
                },
                {
                    "@value": "Glossary of local governments' international action",
                    "@language": "en",
                },
            ],
        }
    ]
    for entry in sorted(book.terms.values(), key=lambda e: e.id):
        pref, alt, definition = [], [], []
        for language in LANGUAGES:
            data = entry.data[language]
            pref.append({"@value": data["term"], "@language": language})
            alt += [{"@value": a, "@language": language} for a in data.get("aliases", [])]
            definition.append({"@value": data["short"], "@language": language})
        equivalents = entry.data[LANGUAGES[0]].get("equivalents") or {}
        pref += [
            {"@value": equivalents[c], "@language": c} for c in ("es", "pt") if equivalents.get(c)
        ]
        graph.append(
            {
                "@id": url(entry.id, LANGUAGES[0]),
                "@type": "skos:Concept",
                "skos:inScheme": {"@id": scheme},
                "skos:notation": entry.id,
                "skos:prefLabel": pref,
                "skos:altLabel": alt,
                "skos:definition": definition,
                "skos:related": [
                    {"@id": url(r, LANGUAGES[0])}
                    for r in entry.data[LANGUAGES[0]].get("related", [])
                ],
                "skos:exactMatch": [{"@id": url(entry.id, lang)} for lang in LANGUAGES[1:]],
            }
        )
    return {"@context": {"skos": "http://www.w3.org/2004/02/skos/core#"}, "@graph": graph}


CSV_COLUMNS = [
    "id",
    "term_fr",
    "term_en",
    "term_es",
    "term_pt",
    "aliases_fr",
    "aliases_en",
    "definition_fr",
    "definition_en",
    "related",
]


def glossary_csv(book: Casebook) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in sorted(book.terms.values(), key=lambda e: e.id):
        fr, en = entry.data["fr"], entry.data["en"]
        equivalents = fr.get("equivalents") or {}
        writer.writerow(
            {
                "id": entry.id,
                "term_fr": fr["term"],
                "term_en": en["term"],
                "term_es": equivalents.get("es") or "",
                "term_pt": equivalents.get("pt") or "",
                "aliases_fr": " | ".join(fr.get("aliases", [])),
                "aliases_en": " | ".join(en.get("aliases", [])),
                "definition_fr": fr["short"],
                "definition_en": en["short"],
                "related": " ".join(fr.get("related", [])),
            }
        )
    return buffer.getvalue()


def skos_json(book: Casebook, site_url: str) -> str:
    return json.dumps(skos(book, site_url), ensure_ascii=False, indent=1) + "\n"
