"""One search index per language.

mkdocs-static-i18n merges every language into a single index, so a French reader gets
English results. The engine keeps, for each language, only the entries of that
language's pages, with locations relative to the language's root (where that language's
pages look for their index). It also folds accents, in the index and in queries alike,
so that "cooperation" finds "coopération".
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

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


# --- Sections of a page, as Material's search plugin cuts them -----------------------------
#
# Material's plugin splits each page with a subclass of Python's ``html.parser``, which is
# about a fifth of a whole build. The splitter below applies the same rules (kept tags,
# skipped elements, whitespace, headings nested in other elements, and the plugin's habit
# of comparing elements by tag name) over a single regular expression, several times
# faster. ``tests/test_build.py`` checks that both give the same sections on every page
# of the built site.

TOKEN = re.compile(
    r"<(?P<end>/)?(?P<tag>[a-zA-Z][^\t\n\r\f />\x00]*)"
    r"(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(?P<close>/)?>"
    r"|<!--.*?--\s*>|<![^>]*>|<\?[^>]*>",
    re.DOTALL,
)
ATTRIBUTE = re.compile(r"([^\s/>=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]*))?")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
ALWAYS_SKIPPED = frozenset({"object", "script", "style"})
RAW_TEXT = ("script", "style")
VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input",
        "link", "meta", "param", "source", "track", "wbr",
    }
)  # fmt: skip


@dataclass
class Section:
    """A heading and what follows it: the shape Material's ``create_entry_for_section`` reads."""

    tag: str
    depth: float = 0
    id: str | None = None
    excluded: bool = False
    title: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def is_excluded(self) -> bool:
        return self.excluded


def _attributes(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in ATTRIBUTE.findall(raw):
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        out.setdefault(name.lower(), html.unescape(value))
    return out


class _Splitter:
    def __init__(self) -> None:
        self.context: list[str] = []  # open elements, by tag name
        self.open: dict[str, int] = {}  # how many of each tag are open
        self.headerlink_stack: list[bool] = []
        self.headerlinks = 0  # open <a class="headerlink"> elements
        self.skip = set(ALWAYS_SKIPPED)  # by tag name, as in Material's plugin
        self.skipped = 0  # open elements whose tag is in ``skip``
        self.section: Section | None = None
        self.data: list[Section] = []

    def skipping(self) -> bool:
        return self.skipped > 0

    def ensure_section(self) -> Section:
        if self.section is None:
            self.section = Section("hx")
            self.data.append(self.section)
        return self.section

    def start(self, tag: str, raw: str) -> None:
        if tag in VOID:
            return
        self.context.append(tag)
        self.open[tag] = self.open.get(tag, 0) + 1
        self.skipped += tag in self.skip
        attrs = (
            _attributes(raw)
            if tag in HEADINGS or tag == "a" or "data-search-exclude" in raw or "linenodiv" in raw
            else {}
        )
        headerlink = tag == "a" and attrs.get("class") == "headerlink"
        self.headerlink_stack.append(headerlink)
        self.headerlinks += headerlink
        excluded = "data-search-exclude" in attrs
        if tag in HEADINGS:
            depth = len(self.context)
            if "id" in attrs:
                if tag != "h1" and not self.data:
                    self.data.append(Section("hx", depth))
                self.section = Section(tag, depth, excluded=excluded)
                if self.data:
                    self.section.id = attrs["id"]
                self.data.append(self.section)
        section = self.ensure_section()
        if excluded or attrs.get("class") == "linenodiv":
            if tag not in self.skip:  # every open element of that name is skipped from now on
                self.skip.add(tag)
                self.skipped += self.open[tag]
            return
        if tag in KEEP and not self.skipping():
            target = section.title if self.open.get(section.tag) else section.text
            target.append(f"<{tag}>")

    def end(self, tag: str) -> None:
        if not self.context or self.context[-1] != tag:
            return
        section = self.section
        if section is not None and section.depth > len(self.context):
            for candidate in reversed(self.data):
                if candidate.depth <= len(self.context):
                    section.depth = float("inf")
                    self.section = section = candidate
                    break
        self.context.pop()
        self.open[tag] -= 1
        self.headerlinks -= self.headerlink_stack.pop()
        if tag in self.skip:
            self.skipped -= 1
            if tag not in ALWAYS_SKIPPED:  # the other open elements of that name are not
                self.skip.discard(tag)
                self.skipped -= self.open[tag]
            return
        if tag in KEEP and not self.skipping():
            target = section.title if self.open.get(section.tag) else section.text
            index = target.index(f"<{tag}>")
            if any(not item.isspace() for item in target[index + 1 :]):
                target.append(f"</{tag}>")
            else:
                del target[index:]

    def text(self, data: str) -> None:
        if self.skipping():
            return
        in_pre = self.open.get("pre")
        if not in_pre:
            data = " " if data.isspace() else data.replace("\n", " ")
        section = self.ensure_section()
        if self.open.get(section.tag):
            if not self.headerlinks:
                section.title.append(html.escape(data, quote=False))
        elif data.isspace():
            if not section.text or not section.text[-1].isspace() or in_pre:
                section.text.append(data)
        else:
            section.text.append(html.escape(data, quote=False))


def sections(content: str) -> list[Section]:
    """A page's HTML cut into search sections, as Material's search plugin cuts it."""
    splitter = _Splitter()
    text, start, end = splitter.text, splitter.start, splitter.end
    position, length = 0, len(content)
    while position < length:
        match = TOKEN.search(content, position)
        stop = match.start() if match else length
        if stop > position:
            text(html.unescape(content[position:stop]))
        if match is None:
            break
        position = match.end()
        tag = match["tag"]
        if tag is None:  # comment, declaration, processing instruction
            continue
        tag = tag.lower()
        if match["end"]:
            end(tag)
            continue
        start(tag, match["attrs"])
        if match["close"]:
            end(tag)
        elif tag in RAW_TEXT:  # their content is text up to the closing tag, as for html.parser
            close = re.compile(rf"</\s*{tag}\s*>", re.IGNORECASE).search(content, position)
            stop = close.start() if close else length
            if stop > position:
                text(content[position:stop])
            position = stop
    return splitter.data
