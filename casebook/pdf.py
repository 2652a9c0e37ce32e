"""PDFs of the cases and cahiers, for trainers to hand out: made from the built site.

A page printed from the browser has no cover, no contents, no page numbers. ``python -m
casebook build --pdf`` (or ``python -m casebook pdf`` on a site so built) makes, beside
each case and cahier page of every language, its PDF, and for each cahier a course pack:
the cahier followed by the cases it studies.

A PDF is made from the built pages (their article: fact sheet, map, glossary links and
sources already rendered, the site's chrome left out) and from the checked casebook
(cover facts, a cahier's cases, the glossary's definitions), by WeasyPrint (see README:
why WeasyPrint). Links are rewritten: to a section of the same PDF, internal; to any
other page, its address on the site; every section heading carries a link back to the
same section online. Nothing is fetched from outside the site folder. Every problem (a
page missing from the build, a link to a missing anchor, a map symbol that cannot be
found, a resource WeasyPrint cannot load) is reported as ``path:line: field: …`` and
fails the command: a PDF is never published with a hole in it.

Reproducible: the same site gives the same bytes. A PDF's dates are its content's last
review, its identifier derives from its path, and fonts are embedded as subsets of the
DejaVu families that ``.ci/run`` installs.
"""

from __future__ import annotations

import hashlib
import logging
import os
import posixpath
import re
import sys
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ProcessPoolExecutor
from copy import deepcopy
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.resources import files
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import weasyprint
from bs4 import BeautifulSoup, Tag
from markupsafe import Markup

from . import checks, exports, localise, render, site
from .book import Casebook, Entry
from .pages import pdf_paths
from .problems import Problem

VARIANT = "pdf/ua-1"
"""Tagged (structure, reading order, alternative texts) and with the metadata PDF/UA-1
asks for, as far as WeasyPrint goes: its support is marked experimental."""
STYLESHEET = "assets/pdf.css"
SVG_STYLESHEET = "assets/pdf-map.css"
"""WeasyPrint styles an inline SVG with the ``<style>`` inside it only: the maps' colours
are copied into each one."""

CHROME = ", ".join(
    [
        "a.headerlink",  # the "¶" permalinks: each heading gets a link to the site instead
        ".cb-actions",  # print button
        ".cb-pdf-links",  # the links to the PDFs themselves
        "nav.md-tags",  # the theme tags, already in the fact sheet
        "details.cb-cite",  # the citation box: the cover says how to cite
        ".md-content__button",  # "edit this page", "view source"
        ".md-source-file",
        "script",
        "[hidden]",
    ]
)
"""What a page holds for a screen reader on the site, not for a reader of a handout."""

REFERENCE_LISTS = ("aria-labelledby", "aria-describedby", "aria-controls", "for", "headers")
"""Attributes holding ids: renamed with the ids they name."""
URL_REFERENCE = re.compile(r"url\(\s*#([^)\s]+)\s*\)")
"""An SVG paint or clip reference (``fill="url(#g)"``)."""
HREF = ("href", "xlink:href")


@dataclass(frozen=True)
class Part:
    """One built page in a PDF: a course pack has several, each its ids prefixed with its
    ``anchor`` so that two pages' ids never collide."""

    kind: str
    id: str
    page: str
    """Where it was built, under the site folder: ``en/cases/x.html``."""

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.id}"


@dataclass(frozen=True)
class Document:
    """One PDF: a case's, a cahier's, or a cahier's course pack (the cahier, then its cases)."""

    language: str
    kind: str
    id: str
    path: str
    """Where it is written, under the site folder: ``en/cahiers/x-pack.pdf``."""
    parts: tuple[Part, ...]

    @property
    def glossary(self) -> bool:
        """A cahier and its pack end with the glossary terms they use (a vocabulary handout)."""
        return self.kind != "case"


def documents(book: Casebook) -> list[Document]:
    """Every PDF of the site: each case and cahier in every language, and each cahier's pack."""
    found = []
    for language in book.site.languages:
        prefix = book.site.prefix(language)

        def part(entry: Entry, prefix: str = prefix) -> Part:
            return Part(entry.kind, entry.id, f"{prefix}{entry.site_path}.html")

        for entry in book.cases.values():
            path = prefix + pdf_paths(entry)["pdf"]
            found.append(Document(language, "case", entry.id, path, (part(entry),)))
        for entry in book.cahiers.values():
            paths = pdf_paths(entry)
            studied = [book.cases[i] for i in entry.data[language]["cases"] if i in book.cases]
            found.append(
                Document(language, "cahier", entry.id, prefix + paths["pdf"], (part(entry),))
            )
            found.append(
                Document(
                    language,
                    "pack",
                    entry.id,
                    prefix + paths["pack"],
                    (part(entry), *(part(case) for case in studied)),
                )
            )
    return found


# --- One PDF's HTML, from the built pages ----------------------------------------------------


@dataclass
class _Page:
    """A built page being turned into a part of a PDF."""

    part: Part
    article: Tag
    canonical: str
    """The page's address on the site: links out of the PDF are made absolute from it."""
    ids: set[str]
    shown: str
    """The built file as messages name it."""


@dataclass
class _Context:
    """What rewriting one document's parts needs and finds."""

    document: Document
    book: Casebook
    site_dir: Path
    pages: dict[str, _Page] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)
    """Glossary terms the document uses, in order of first use."""
    problems: list[Problem] = field(default_factory=list)


def source(document: Document, book: Casebook, site_dir: Path) -> tuple[str, list[Problem]]:
    """The HTML WeasyPrint lays out for ``document``, and every problem found making it."""
    context = _Context(document, book, site_dir)
    for part in document.parts:
        page = _read(part, site_dir, book.site.site_url, context.problems)
        if page is not None:
            context.pages[part.page] = page
    if context.problems:
        return "", context.problems
    for page in context.pages.values():
        for number, svg in enumerate(page.article.find_all("svg"), start=1):
            context.problems += inline_uses(
                svg, site_dir / page.part.page, site_dir, page.shown, prefix=f"cb-svg{number}-"
            )
            style = Tag(name="style")
            style.string = _svg_style()
            svg.insert(0, style)
        _resources(page, context)
        _links(page, context)
    cover = _cover(context)
    single = len(document.parts) == 1
    parts, contents = [], []
    for page in context.pages.values():
        title = page.article.find("h1")
        if single and title is not None:  # the cover holds the title
            title.decompose()
        contents += _headings(page, context, pack=not single)
        _prefix_ids(page.article, page.part.anchor)
        parts.append({"anchor": page.part.anchor, "html": Markup(page.article.decode_contents())})
    language = document.language
    terms = _glossary(context) if document.glossary else []
    if terms:
        contents.append({"level": 1, "label": localise.t(language, "glossary"), "id": "glossary"})
    html = (
        render.environment(language)
        .get_template("pdf.html")
        .render(
            language=language,
            document=document,
            cover=cover,
            contents=contents,
            parts=parts,
            terms=terms,
            site_name=book.site.site_names[language],
        )
    )
    return html, context.problems


def _shown(path: Path) -> str:
    """A path as messages show it: relative to the working folder when under it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _read(part: Part, site_dir: Path, site_url: str, problems: list[Problem]) -> _Page | None:
    """A built page's article without the site's chrome, and its address (the canonical
    one the page names, so that the PDF links where the page was built to live); ``None``
    (and a problem) when the page or its article is missing."""
    path = site_dir / part.page
    shown = _shown(path)
    if not path.is_file():
        problems.append(
            Problem(
                shown,
                1,
                "page",
                f"the {part.kind} {part.id!r} has no page in the built site",
                "the site built by `python -m casebook build --pdf`",
            )
        )
        return None
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    if article is None:
        problems.append(Problem(shown, 1, "page", "has no <article>", "a page of the built site"))
        return None
    for chrome in article.select(CHROME):
        chrome.decompose()
    canonical = soup.find("link", rel="canonical")
    address = (
        canonical["href"]
        if canonical is not None and canonical.get("href")
        else urljoin(site_url.rstrip("/") + "/", part.page)
    )
    ids = {element["id"] for element in article.find_all(id=True)}
    return _Page(part, article, address, ids, shown)


def _target(href: str, page: str) -> tuple[str, str] | None:
    """Where a link of ``page`` leads in the site (path under the site folder, fragment);
    ``None`` for an address outside the site (``https:``, ``mailto:``)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    return path, unquote(parts.fragment)


def _links(page: _Page, context: _Context) -> None:
    """Each link of a part, rewritten for the PDF: to a part of the same PDF, internal; to a
    glossary term (in a cahier or a pack), its entry at the end; to any other page of the
    site, that page's address. A link to nothing is a problem."""
    document, language = context.document, context.document.language
    glossary_folder = context.book.site.prefix(language) + "glossary/"
    for link in page.article.find_all("a"):
        attribute = next((name for name in HREF if link.get(name)), None)
        if attribute is None:
            continue
        href = link[attribute]
        target = _target(href, page.part.page)
        if target is None:
            continue
        path, fragment = target
        line = link.sourceline or 1
        inside = context.pages.get(path)
        if inside is not None:
            if fragment and fragment not in inside.ids:
                context.problems.append(
                    Problem(
                        page.shown,
                        line,
                        "link",
                        f"{href!r} leads to an anchor {inside.part.page} does not have",
                        "an id of the page",
                    )
                )
            link[attribute] = (
                f"#{inside.part.anchor}-{fragment}" if fragment else f"#{inside.part.anchor}"
            )
            continue
        term = path.removeprefix(glossary_folder).removesuffix(".html")
        if (
            document.glossary
            and path.startswith(glossary_folder)
            and term in context.book.terms
            and "cb-term" in (link.get("class") or [])
        ):
            if term not in context.terms:
                context.terms.append(term)
            link[attribute] = f"#glossary-{term}"
            continue
        if path.startswith("..") or not (
            (context.site_dir / path).is_file()
            or (context.site_dir / path / "index.html").is_file()
        ):
            context.problems.append(
                Problem(
                    page.shown,
                    line,
                    "link",
                    f"{href!r} leads to {path}, which the built site does not have",
                    "a page of the site",
                )
            )
            continue
        link[attribute] = urljoin(page.canonical, href)


def _resources(page: _Page, context: _Context) -> None:
    """Images as files of the site folder (a pack's parts come from different folders, so
    relative addresses would resolve against the wrong one)."""
    for image in page.article.find_all(["img", "image"]):
        attribute = "src" if image.name == "img" else next((n for n in HREF if image.get(n)), None)
        if attribute is None or not image.get(attribute):
            continue
        target = _target(image[attribute], page.part.page)
        file = None if target is None else (context.site_dir / target[0]).resolve()
        if (
            file is None
            or not file.is_file()
            or not file.is_relative_to(context.site_dir.resolve())
        ):
            context.problems.append(
                Problem(
                    page.shown,
                    image.sourceline or 1,
                    "image",
                    f"{image[attribute]!r} is not a file of the built site",
                    "an image under the site folder (a PDF fetches nothing from elsewhere)",
                )
            )
            continue
        image[attribute] = file.as_uri()


def _cover(context: _Context) -> dict:
    """What the cover shows: the first part's summary and facts (taken out of the body),
    the version, the licence and how to cite."""
    document, book, language = context.document, context.book, context.document.language
    first = context.pages[document.parts[0].page]
    table = book.cases if document.parts[0].kind == "case" else book.cahiers
    entry = table[document.id]
    data = entry.data[language]
    summary = first.article.find("p", class_="cb-summary")
    facts = first.article.find("section", class_="cb-facts")
    if document.parts[0].kind == "case" and facts is not None:
        facts = facts.find("dl")
    pieces = []
    for piece in (summary, facts):
        if piece is None:
            continue
        piece.extract()
        for heading in piece.find_all(["h2", "h3"]):
            if heading.name == "h2":
                heading.decompose()
            else:
                heading.name = "p"
                heading["class"] = ["cb-cover__label"]
                del heading["id"]
        if piece.get("aria-labelledby"):  # its heading is the cover's
            del piece["aria-labelledby"]
        _prefix_ids(piece, first.part.anchor)
        pieces.append(Markup(str(piece)))
    dates = [
        (book.cases if part.kind == "case" else book.cahiers)[part.id].data[language][
            "last_reviewed"
        ]
        for part in document.parts
    ]
    if document.kind == "case":
        kind, title = localise.t(language, "pdf_case"), data["title"]
    else:
        number = localise.t(language, "cahier_number", n=data["number"])
        kind, title = number, data["title"]
        if document.kind == "pack":
            kind = f"{localise.t(language, 'pdf_pack')} · {number}"
            title = localise.t(language, "pdf_pack_title", title=data["title"])
    version = max(dates)
    return {
        "kind": kind,
        "title": title,
        "pieces": pieces,
        "version": version,
        "version_label": localise.long_date(version, language),
        "language_name": localise.language_name(language, language),
        "licence_url": exports.LICENSE_URL,
        "cite": exports.citation(entry, language, book.site),
        "authors": data.get("authors") or [exports.PUBLISHER],
        "description": data["summary"],
    }


def _headings(page: _Page, context: _Context, *, pack: bool) -> list[dict]:
    """Each heading of a part labelled for the outline (``data-label``: its text alone) and
    given a link back to the same section on the site; the table of contents' entries:
    the sections (and, in a pack, each part's title)."""
    language = context.document.language
    entries = []
    for heading in page.article.find_all(["h1", "h2", "h3"]):
        label = " ".join(heading.get_text().split())
        heading["data-label"] = label
        if heading.name == "h1":
            url, target = page.canonical, page.part.anchor
        elif heading.get("id"):
            url, target = f"{page.canonical}#{heading['id']}", f"{page.part.anchor}-{heading['id']}"
        else:
            continue
        back = Tag(name="a", attrs={"class": "cb-web", "href": url})
        back.string = localise.t(language, "pdf_online")
        heading.append(" ")
        heading.append(back)
        if heading.name in ("h1", "h2"):
            level = 1 if heading.name == "h1" or not pack else 2
            entries.append({"level": level, "label": label, "id": target})
    return entries


def _prefix_ids(tree: Tag, anchor: str) -> None:
    """Every id in a part (or a piece of it), and every reference to one, prefixed with
    the part's anchor."""
    prefix = anchor + "-"
    for element in tree.find_all(True):
        if element.get("id"):
            element["id"] = prefix + element["id"]
        for name in REFERENCE_LISTS:
            if element.get(name):
                value = element[name]
                ids = value if isinstance(value, list) else value.split()
                element[name] = " ".join(prefix + i for i in ids)
        if element.name != "a":
            for name in HREF:
                if str(element.get(name, "")).startswith("#"):
                    element[name] = "#" + prefix + element[name][1:]
        for name, value in list(element.attrs.items()):
            if isinstance(value, str) and "url(#" in value:
                element[name] = URL_REFERENCE.sub(lambda m: f"url(#{prefix}{m[1]})", value)


def _glossary(context: _Context) -> list[dict[str, str]]:
    """The glossary terms the document uses, in the glossary's order, with their definitions."""
    language, site_ = context.document.language, context.book.site
    entries = [context.book.terms[term] for term in context.terms]
    entries.sort(key=lambda entry: localise.sort_key(entry.data[language]["term"]))
    return [
        {
            "id": entry.id,
            "term": entry.data[language]["term"],
            "short": entry.data[language]["short"],
            "url": site_.url(language, f"glossary/{entry.id}.html"),
        }
        for entry in entries
    ]


# --- Maps: symbols of a shared SVG file copied in ---------------------------------------------


def inline_uses(
    svg: Tag, page: Path, site_dir: Path, shown: str, *, prefix: str = "cb-svg-"
) -> list[Problem]:
    """Copy into ``svg`` each element that one of its ``<use>`` takes from another file
    (``<use href="../assets/world-0.svg#w"/>``), and point the ``<use>`` at the copy.

    WeasyPrint draws a ``<use>`` only when its target is in the same SVG, and draws nothing
    (silently) otherwise; a map whose land is a symbol of a shared file would print as
    dots on a blank sea. The copy goes into a ``<defs>`` of ``svg`` under a new id (its id
    after ``prefix`` and the file's name: give each SVG of a page its own ``prefix``), with
    the elements it refers to in its own file. A ``<use>`` within the SVG is left as is;
    ``shown`` names the page in the problems returned.
    """
    problems: list[Problem] = []
    copied: dict[tuple[Path, str], str] = {}
    defs = None
    for use in svg.find_all("use"):
        attribute = next((name for name in HREF if use.get(name)), None)
        if attribute is None or use[attribute].startswith("#"):
            continue
        href = use[attribute]
        parts = urlsplit(href)
        line = use.sourceline or 1
        file = (page.parent / unquote(parts.path)).resolve()
        if parts.scheme or parts.netloc or not file.is_relative_to(site_dir.resolve()):
            problems.append(
                Problem(
                    shown,
                    line,
                    "map",
                    f"<use> refers to {href!r}, outside the site",
                    "a file of the built site",
                )
            )
            continue
        tree = _svg_file(file)
        if tree is None:
            problems.append(
                Problem(
                    shown,
                    line,
                    "map",
                    f"<use> refers to {href!r}: the file is missing or is not SVG",
                    "an SVG file of the built site",
                )
            )
            continue
        if not parts.fragment or _element(tree, parts.fragment) is None:
            problems.append(
                Problem(
                    shown,
                    line,
                    "map",
                    f"<use> refers to {href!r}: {file.name} has no element with this id",
                    f"one of the ids of {file.name}",
                )
            )
            continue
        if defs is None:
            defs = svg.find("defs")
            if defs is None:
                defs = Tag(name="defs")
                svg.append(defs)
        del use[attribute]  # xlink:href becomes href (SVG 2), pointing at the copy
        use["href"] = "#" + _copy(tree, file, parts.fragment, defs, copied, prefix)
    return problems


@cache
def _svg_file(file: Path) -> ET.Element | None:
    try:
        return ET.parse(file).getroot()
    except (OSError, ET.ParseError):
        return None


def _element(tree: ET.Element, element_id: str) -> ET.Element | None:
    return next((e for e in tree.iter() if e.get("id") == element_id), None)


def _copy(
    tree: ET.Element,
    file: Path,
    element_id: str,
    defs: Tag,
    copied: dict[tuple[Path, str], str],
    prefix: str,
) -> str:
    """Copy an element of an SVG file (and those it refers to in that file) into ``defs``
    once; its new id."""
    if (file, element_id) in copied:
        return copied[(file, element_id)]
    new_id = copied[(file, element_id)] = f"{prefix}{file.stem}-{element_id}"
    element = deepcopy(_element(tree, element_id))
    element.tail = None
    for node in element.iter():
        node.tag = node.tag.rpartition("}")[2]
        for name in [n for n in node.attrib if n.startswith("{")]:
            node.attrib[name.rpartition("}")[2]] = node.attrib.pop(name)
    element.set("id", new_id)
    inner = {node.get("id") for node in element.iter() if node.get("id")}

    def renamed(reference: str) -> str:
        """Where a reference inside the copy leads: into the copy itself, or to another
        element of the file, copied in turn."""
        if reference in inner or _element(tree, reference) is None:
            return reference
        return _copy(tree, file, reference, defs, copied, prefix)

    for node in element.iter():
        for name, value in list(node.attrib.items()):
            if name == "href" and value.startswith("#"):
                node.set(name, "#" + renamed(value[1:]))
            elif "url(#" in value:
                node.set(name, URL_REFERENCE.sub(lambda m: f"url(#{renamed(m[1])})", value))
    fragment = BeautifulSoup(ET.tostring(element, encoding="unicode"), "html.parser")
    defs.append(fragment)
    return new_id


# --- Rendering -------------------------------------------------------------------------------


@cache
def _stylesheet() -> weasyprint.CSS:
    return weasyprint.CSS(string=files("casebook").joinpath(STYLESHEET).read_text(encoding="utf-8"))


@cache
def _svg_style() -> str:
    return files("casebook").joinpath(SVG_STYLESHEET).read_text(encoding="utf-8")


class _SiteFetcher(weasyprint.URLFetcher):
    """Fetches files of the site folder only: a PDF never depends on the network."""

    def __init__(self, site_dir: Path) -> None:
        super().__init__(allowed_protocols={"file"})
        self.site_dir = site_dir.resolve()

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file" or not Path(unquote(parts.path)).resolve().is_relative_to(
            self.site_dir
        ):
            raise ValueError(f"{url} is not a file of the site folder {self.site_dir}")
        return super().fetch(url, headers)


class _Messages(logging.Handler):
    """WeasyPrint's warnings and errors (a resource it could not load, CSS it ignored):
    each one a problem, never a line lost in a log."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.args, tuple):  # an exception without a message says what caused it
            record.args = tuple(_explained(argument) for argument in record.args)
        self.messages.append(" ".join(record.getMessage().split()))


def _explained(argument: object) -> object:
    if not isinstance(argument, BaseException) or str(argument):
        return argument
    cause = argument.__cause__ or argument.__context__
    return f"{type(argument).__name__}" + (f" ({type(cause).__name__}: {cause})" if cause else "")


def render_pdf(document: Document, html: str, site_dir: Path) -> tuple[bytes | None, list[Problem]]:
    """Lay out ``html`` and write it as a PDF: its bytes, or ``None`` and what went wrong."""
    logger = logging.getLogger("weasyprint")
    messages = _Messages()
    logger.addHandler(messages)
    level = logger.level
    logger.setLevel(logging.WARNING)
    shown = _shown(site_dir / document.path)
    try:
        data = weasyprint.HTML(
            string=html,
            base_url=(site_dir / document.path).as_uri(),
            url_fetcher=_SiteFetcher(site_dir),
        ).write_pdf(
            stylesheets=[_stylesheet()],
            pdf_variant=VARIANT,
            pdf_identifier=hashlib.sha256(document.path.encode()).hexdigest()[:32].encode(),
        )
    except Exception as error:  # WeasyPrint's own failure: reported like the rest
        return None, [Problem(shown, 1, "pdf", f"WeasyPrint failed: {error}", "a PDF")]
    finally:
        logger.removeHandler(messages)
        logger.setLevel(level)
    problems = [
        Problem(shown, 1, "pdf", f"WeasyPrint: {message}", "no warning while making the PDF")
        for message in messages.messages
    ]
    return (None if problems else data), problems


def make(document: Document, book: Casebook, site_dir: Path) -> tuple[bytes | None, list[Problem]]:
    """One PDF's bytes, or ``None`` and every problem found."""
    html, problems = source(document, book, site_dir)
    if problems:
        return None, problems
    return render_pdf(document, html, site_dir)


# --- Every PDF of the site, on every core ---------------------------------------------------------


_worker: tuple[Casebook, Path] | None = None
"""What each worker process makes PDFs from: the checked casebook and the site folder."""


def _start(book: Casebook, site_dir: Path) -> None:
    global _worker
    _worker = (book, site_dir)


def _write(document: Document) -> tuple[str, int, list[Problem]]:
    """Make and write one PDF in a worker: its path, size (0 if not written) and problems."""
    book, site_dir = _worker
    data, problems = make(document, book, site_dir)
    if data is None:
        return document.path, 0, problems
    target = site_dir / document.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return document.path, len(data), problems


def load(root: Path, site_dir: Path, config_file: str = "mkdocs.yml") -> Casebook:
    """The checked casebook, at the address the built site was built for (its home page's
    canonical address), whatever ``CASEBOOK_SITE_URL`` says now: the cover's citation and
    the glossary's links then lead where the pages' own links lead."""
    book = checks.load(site.read(root, config_file))
    home = site_dir / "index.html"
    if home.is_file():
        canonical = BeautifulSoup(home.read_text(encoding="utf-8"), "html.parser").find(
            "link", rel="canonical"
        )
        if canonical is not None and canonical.get("href", "").endswith("/index.html"):
            book.site = replace(book.site, site_url=canonical["href"].removesuffix("index.html"))
    return book


def make_all(root: Path, site_dir: Path, *, config_file: str = "mkdocs.yml", jobs: int = 0) -> int:
    """Make every PDF of the built site in ``site_dir``; print every problem. 0 when all
    were made."""
    started = time.monotonic()
    book = load(root, site_dir, config_file)
    wanted = sorted(documents(book), key=lambda d: -len(d.parts))  # the longest first
    workers = max(1, min(jobs or os.cpu_count() or 1, len(wanted)))
    if workers == 1:
        _start(book, site_dir)
        results = [_write(document) for document in wanted]
    else:
        with ProcessPoolExecutor(workers, initializer=_start, initargs=(book, site_dir)) as pool:
            results = list(pool.map(_write, wanted))
    problems = sorted(
        {problem for _, _, found in results for problem in found}
    )  # a page in two PDFs: once
    for problem in problems:
        print(problem)
    if problems:
        count = len(problems)
        print(
            f"{count} problem{'s' if count > 1 else ''} found: {sum(1 for r in results if not r[1])} "
            "PDF(s) not made.",
            file=sys.stderr,
        )
        return 1
    sizes = [size for _, size, _ in results]
    print(
        f"{len(sizes)} PDFs made in {time.monotonic() - started:.1f} s with {workers} process(es): "
        f"{sum(sizes) / 1e6:.1f} MB in all, {min(sizes) / 1e3:.0f} to {max(sizes) / 1e3:.0f} kB each",
        file=sys.stderr,
    )
    return 0
