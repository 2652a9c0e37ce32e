"""The PDFs trainers hand out: one per case and cahier in every language, and each cahier's
course pack, linked from their pages, read back with pypdf as a reader's viewer would."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from casebook import localise, pdf
from tests.conftest import ENV, LANGUAGES, PREFIXES, ROOT, make_project, mkdocs_build
from tests.conftest import load_book as load

BOOK = load(ROOT)
DOCUMENTS = pdf.documents(BOOK)
FIXTURES = Path(__file__).parent / "fixtures"
A4 = (595.28, 841.89)  # points


def words(text: str) -> str:
    """Text with its white space (line breaks, no-break spaces) made single spaces."""
    return " ".join(text.split())


@pytest.fixture(scope="session")
def book(site):
    """The casebook as the PDFs were made from it: at the address the site was built for."""
    return pdf.load(ROOT, site)


@pytest.fixture(scope="session")
def read(site):
    """Each PDF of the session's site, read once: its reader and each page's text."""

    @cache
    def reader(path: str) -> tuple[PdfReader, list[str]]:
        document = PdfReader(site / path)
        return document, [page.extract_text() for page in document.pages]

    return reader


def built_page(site: Path, document: pdf.Document, number: int = 0) -> BeautifulSoup:
    return BeautifulSoup(
        (site / document.parts[number].page).read_text(encoding="utf-8"), "html.parser"
    )


def sections(page: BeautifulSoup, *, first: bool) -> list[tuple[str, str]]:
    """The sections (h2 and h3) of a built page's article: anchor and text as a reader
    sees it (no "¶"). The first page's module facts are the cover's, not a section."""
    article = page.find("article")
    for permalink in article.select("a.headerlink"):
        permalink.decompose()
    if first and page.select_one("article section.cb-facts h2#cb-module"):
        article.select_one("section.cb-facts").decompose()
    return [(h["id"], words(h.get_text())) for h in article.find_all(["h2", "h3"]) if h.get("id")]


def outline(reader: PdfReader) -> list[tuple[int, str]]:
    def flat(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from flat(item, depth + 1)
            else:
                yield depth, item.title

    return list(flat(reader.outline))


def test_there_is_a_pdf_of_every_case_and_cahier_and_a_pack_of_every_cahier():
    expected = {
        f"{prefix}{folder}/{entry_id}{suffix}"
        for prefix in PREFIXES.values()
        for folder, ids, suffixes in (
            ("cases", BOOK.cases, [".pdf"]),
            ("cahiers", BOOK.cahiers, [".pdf", "-pack.pdf"]),
        )
        for entry_id in ids
        for suffix in suffixes
    }
    assert {document.path for document in DOCUMENTS} == expected
    assert len(expected) == len(LANGUAGES) * (len(BOOK.cases) + 2 * len(BOOK.cahiers))


@pytest.mark.parametrize("language, prefix", PREFIXES.items())
def test_every_case_and_cahier_page_links_to_its_pdfs(site, language, prefix):
    """A download button beside the print button, in the page's language, to a file that
    is there; a cahier's page also links to its course pack."""
    for folder, entries in (("cases", BOOK.cases), ("cahiers", BOOK.cahiers)):
        for entry_id in entries:
            page = site / prefix / folder / f"{entry_id}.html"
            links = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(
                ".cb-pdf-links a[href]"
            )
            wanted = [f"{entry_id}.pdf"] + ([f"{entry_id}-pack.pdf"] if folder == "cahiers" else [])
            assert [link["href"] for link in links] == wanted, page
            assert words(links[0].get_text()) == localise.t(language, "pdf_download")
            if folder == "cahiers":
                assert words(links[1].get_text()) == localise.t(language, "pdf_pack_download")
            for link in links:
                assert link["type"] == "application/pdf"
                assert (page.parent / link["href"]).read_bytes().startswith(b"%PDF-"), link


def test_pdfs_and_their_links_are_all_that_building_with_pdfs_adds(site, plain_site):
    """``build --pdf`` writes the site a plain build writes, plus the PDFs and, on the case
    and cahier pages, the links to them: a plain build never links to a missing file."""
    links = re.compile(r'<p class="cb-pdf-links">.*?</p>\n?')
    with_pdfs = {p.relative_to(site) for p in site.rglob("*") if p.is_file()}
    plain = {p.relative_to(plain_site) for p in plain_site.rglob("*") if p.is_file()}
    assert with_pdfs - plain == {Path(document.path) for document in DOCUMENTS}
    assert plain <= with_pdfs
    assert not [p for p in plain_site.rglob("*.html") if "cb-pdf-links" in p.read_text("utf-8")]
    differ = []
    for path in plain:
        ours, theirs = (site / path).read_bytes(), (plain_site / path).read_bytes()
        if ours != theirs and links.sub("", ours.decode("utf-8")) != theirs.decode("utf-8"):
            differ.append(str(path))
    assert differ == []


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.path)
def test_each_pdf_holds_its_title_sections_bookmarks_and_page_numbers(site, read, document):
    reader, texts = read(document.path)
    text = words("\n".join(texts))
    entry = (BOOK.cases if document.kind == "case" else BOOK.cahiers)[document.id]
    title = entry.data[document.language]["title"]
    assert words(title) in text
    assert words(title) in words(reader.metadata.title)
    marks = [label for _, label in outline(reader)]
    for number, part in enumerate(document.parts):
        for _, heading in sections(built_page(site, document, number), first=number == 0):
            assert heading in text, f"{part.page}: {heading!r}"
            assert heading in marks, f"{part.page}: {heading!r} has no bookmark"
    # Page numbers on every page but the cover, in the document's language.
    label = localise.t(document.language, "pdf_page")
    for number, page_text in enumerate(texts[1:], start=2):
        assert f"{label} {number} / {len(texts)}" in words(page_text), (document.path, number)
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width, 1), round(height, 1)) == (round(A4[0], 1), round(A4[1], 1))


@pytest.mark.parametrize(
    "document", [d for d in DOCUMENTS if d.kind == "pack"], ids=lambda d: d.path
)
def test_a_course_pack_is_the_cahier_then_each_case_it_studies(site, read, document):
    reader, texts = read(document.path)
    cahier = BOOK.cahiers[document.id].data[document.language]
    cases = [BOOK.cases[i].data[document.language]["title"] for i in cahier["cases"]]
    assert cases, "a cahier with no case makes a pack of one part"
    top = [words(label) for depth, label in outline(reader) if depth == 1]
    language = document.language
    parts = [cahier["title"], *cases]
    assert top == [
        localise.t(language, "pdf_contents"),
        *map(words, parts),
        localise.t(language, "glossary"),
    ]
    text = words("\n".join(texts))
    positions = [text.index(words(title)) for title in parts]
    assert positions == sorted(positions)


def _links(reader: PdfReader) -> tuple[list[str], list[str]]:
    """The internal destinations and the web addresses of a PDF's link annotations."""
    internal, web = [], []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            if action is not None and action.get("/S") == "/URI":
                web.append(str(action["/URI"]))
            else:
                destination = annotation.get("/Dest")
                if destination is None and action is not None:
                    destination = action.get("/D")
                internal.append(str(destination))
    return internal, web


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.path)
def test_links_inside_work_and_each_section_links_back_to_the_site(site, read, site_url, document):
    reader, _ = read(document.path)
    internal, web = _links(reader)
    destinations = set(reader.named_destinations)
    assert internal, "no internal link: the contents at least link to the sections"
    assert [name for name in internal if name not in destinations] == []
    prefix = PREFIXES[document.language]
    for number, part in enumerate(document.parts):
        for anchor, _ in sections(built_page(site, document, number), first=number == 0):
            assert f"{site_url}{part.page}#{anchor}" in web, f"{part.page}#{anchor}"
        assert part.page.startswith(prefix)
    # Nothing points at a file: every address is on the web.
    assert all(url.startswith(("http://", "https://", "mailto:")) for url in web)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.path)
def test_every_font_is_embedded_and_every_character_of_the_text_is_in_it(
    site, read, book, document
):
    """Each font carries its glyphs (FontFile2), and every character of the text the PDF
    is made from comes back out of it: nothing is missing, everything can be searched."""
    reader, texts = read(document.path)
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts
    for name, font in fonts.items():
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = described["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} not embedded"
        assert "DejaVu" in name, name
    html, problems = pdf.source(document, book, site)
    assert problems == []
    body = BeautifulSoup(html, "html.parser").body
    for hidden in body.find_all(["style", "title", "desc"]):  # an SVG's styles and labels
        hidden.decompose()
    characters = {c for c in body.get_text() if not c.isspace()}
    extracted = set("".join(texts))
    assert sorted(characters - extracted) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_cover_gives_version_licence_and_citation_and_a_cahier_ends_with_its_glossary(
    site, read, language
):
    document = next(
        d for d in DOCUMENTS if d.language == language and d.kind == "cahier" and d.id == "evaluer"
    )
    reader, texts = read(document.path)
    cahier = BOOK.cahiers["evaluer"].data[language]
    cover = words(texts[0])
    for expected in (
        localise.t(language, "cahier_number", n=cahier["number"]),
        localise.duration(cahier["duration_minutes"], language),
        localise.long_date(cahier["last_reviewed"], language),
        localise.language_name(language, language),
        "CC BY 4.0",
        localise.t(language, "pdf_cite"),
        *(BOOK.cases[i].data[language]["title"] for i in cahier["cases"]),
        *cahier["objectives"],
    ):
        assert words(expected) in cover, expected
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language and root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root  # tagged (PDF/UA-1, as far as WeasyPrint goes)
    day = cahier["last_reviewed"].replace("-", "")
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == f"D:{day}"
    tail = words("\n".join(texts[-3:]))
    assert localise.t(language, "glossary") in tail
    page = built_page(site, document)
    used = {a["href"].rsplit("/", 1)[-1][:-5] for a in page.select("article a.cb-term")}
    assert used
    for term_id in used:
        term = BOOK.terms[term_id].data[language]
        assert f"{words(term['term'])} {words(term['short'])}" in tail, term_id


def test_the_same_site_gives_the_same_pdf_bytes(site, book):
    """Made again, in this process, a PDF is the file the build's workers wrote."""
    for document in (DOCUMENTS[0], next(d for d in DOCUMENTS if d.kind == "pack")):
        data, problems = pdf.make(document, book, site)
        assert problems == []
        assert data == (site / document.path).read_bytes(), document.path


# --- Maps that take their land from a shared SVG file ----------------------------------------


def test_a_maps_external_symbols_are_copied_into_it(tmp_path):
    """``<use href="../assets/maps/world.svg#land"/>`` (``href`` or ``xlink:href``) draws
    nothing in WeasyPrint: the symbol, and what it refers to in its file, are copied in."""
    site_dir = tmp_path / "site"
    (site_dir / "assets" / "maps").mkdir(parents=True)
    shutil.copy(FIXTURES / "pdf" / "world.svg", site_dir / "assets" / "maps" / "world.svg")
    page = site_dir / "cases" / "x.html"
    page.parent.mkdir()
    markup = (FIXTURES / "pdf" / "map.html").read_text(encoding="utf-8")
    svg = BeautifulSoup(markup, "html.parser").find("svg")
    problems = pdf.inline_uses(svg, page, site_dir, "cases/x.html")
    assert problems == []
    uses = {use.get("data-test"): use["href"] for use in svg.find_all("use")}
    assert uses["local"] == "#dot"  # a symbol of the map itself is left alone
    copies = {element["id"]: element for element in svg.find("defs").find_all(id=True)}
    land = copies[uses["land"][1:]]
    assert land.name == "g" and land.find("path")["d"].startswith("M10 10")
    coast = copies[uses["coast"][1:]]  # given as xlink:href
    assert coast.name == "use" and coast["href"][1:] in copies  # and what it uses, copied too
    assert not [use for use in svg.find_all("use") if "world.svg" in use.get("href", "")]
    assert not svg.find_all(attrs={"xlink:href": True})
    # Laid out by WeasyPrint without a word.
    html = f'<html lang="fr"><body>{svg}</body></html>'
    document = pdf.Document("fr", "case", "x", "cases/x.pdf", ())
    data, problems = pdf.render_pdf(document, html, site_dir)
    assert problems == [] and data.startswith(b"%PDF-")


def test_a_map_symbol_that_cannot_be_found_is_a_problem(tmp_path):
    site_dir = tmp_path / "site"
    (site_dir / "assets").mkdir(parents=True)
    shutil.copy(FIXTURES / "pdf" / "world.svg", site_dir / "assets" / "world.svg")
    markup = (
        '<svg viewBox="0 0 10 10">\n<use href="../assets/world.svg#nowhere"/>\n'
        '<use href="../assets/missing.svg#land"/>\n<use href="https://example.org/w.svg#land"/>\n</svg>'
    )
    svg = BeautifulSoup(markup, "html.parser").find("svg")
    problems = pdf.inline_uses(svg, site_dir / "cases" / "x.html", site_dir, "cases/x.html")
    assert [str(p) for p in problems] == [
        "cases/x.html:2: map: <use> refers to '../assets/world.svg#nowhere': world.svg has no "
        "element with this id (expected one of the ids of world.svg)",
        "cases/x.html:3: map: <use> refers to '../assets/missing.svg#land': the file is missing "
        "or is not SVG (expected an SVG file of the built site)",
        "cases/x.html:4: map: <use> refers to 'https://example.org/w.svg#land', outside the "
        "site (expected a file of the built site)",
    ]


# --- The commands, on a fixture project ------------------------------------------------------


def test_a_broken_built_site_fails_with_every_problem(tmp_path):
    """``casebook build --pdf`` makes every PDF of a fresh project; ``casebook pdf`` on a
    built site with a page missing, a map symbol and an anchor that cannot be found, and
    an image WeasyPrint cannot read, names each problem and makes no PDF of those pages."""
    files = {
        p.relative_to(FIXTURES / "valid").as_posix(): p.read_text(encoding="utf-8")
        for p in (FIXTURES / "valid").rglob("*.md")
    }
    project = make_project(tmp_path, files)
    site_dir = tmp_path / "site"
    built = mkdocs_build(project, site_dir, pdf=True)
    assert built.returncode == 0, built.stdout + built.stderr
    made = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.pdf"))
    assert len(made) == len(LANGUAGES) * 3, made
    assert "PDFs made in" in built.stderr

    (site_dir / "en" / "cases" / "lyon-bamako.html").unlink()
    case = site_dir / "cases" / "lyon-bamako.html"
    html = case.read_text(encoding="utf-8")
    assert '<rect class="cb-map__sea"' in html and "</article>" in html
    html = html.replace(
        '<rect class="cb-map__sea"',
        '<use href="../assets/world.svg#land"/><rect class="cb-map__sea"',
        1,
    )
    html = html.replace("</article>", '<p><a href="#nowhere">?</a></p></article>', 1)
    case.write_text(html, encoding="utf-8")
    spanish = site_dir / "es" / "cases" / "lyon-bamako.html"
    text = spanish.read_text(encoding="utf-8").replace(
        "</article>", '<p><img src="../../robots.txt" alt="not an image"></p></article>', 1
    )
    spanish.write_text(text, encoding="utf-8")
    for made_pdf in site_dir.rglob("*.pdf"):
        made_pdf.unlink()

    result = subprocess.run(
        [sys.executable, "-m", "casebook", "pdf", "--site-dir", str(site_dir)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    shown = f"{site_dir}/"
    use_line, link_line = (
        html[: html.index(needle)].count("\n") + 1
        for needle in ('<use href="../assets/world.svg#land"/>', '<a href="#nowhere">')
    )
    expected = [
        f"{shown}en/cases/lyon-bamako.html:1: page: the case 'lyon-bamako' has no page in the "
        "built site (expected the site built by `python -m casebook build --pdf`)",
        f"{shown}cases/lyon-bamako.html:{use_line}: "
        "map: <use> refers to '../assets/world.svg#land': the file is missing or is not SVG "
        "(expected an SVG file of the built site)",
        f"{shown}cases/lyon-bamako.html:{link_line}: link: '#nowhere' "
        "leads to an anchor cases/lyon-bamako.html does not have (expected an id of the page)",
    ]
    for line in expected:
        assert line in lines, "\n".join(lines)
    assert any(
        line.startswith(f"{shown}es/cases/lyon-bamako.pdf:1: pdf: WeasyPrint: Failed to load image")
        for line in lines
    ), "\n".join(lines)
    assert "problems found" in result.stderr
    written = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.pdf")}
    assert (
        not {"cases/lyon-bamako.pdf", "en/cases/lyon-bamako.pdf", "es/cases/lyon-bamako.pdf"}
        & written
    )
    assert "es/cahiers/module.pdf" in written  # the others are made all the same
