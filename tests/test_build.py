"""Build the real site and fixture sites, and check what a reader would get."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest

from casebook.localise import t
from casebook.pages import INDEXES
from tests.conftest import PREFIXES, ROOT, make_project, mkdocs_build
from tests.conftest import load_book as load

BOOK = load(ROOT)
VALID = Path(__file__).parent / "fixtures" / "valid"


def pages_of(book) -> list[str]:
    paths = [f"cases/{i}" for i in book.cases] + [f"cahiers/{i}" for i in book.cahiers]
    paths += [f"glossary/{i}" for i in book.terms]
    return paths + ["index", "cases/index", "cahiers/index", "glossary/index"]


@pytest.mark.parametrize("language, prefix", PREFIXES.items())
def test_every_page_exists_in_every_language_with_its_lang(site, language, prefix):
    for path in pages_of(BOOK):
        html = (site / f"{prefix}{path}.html").read_text(encoding="utf-8")
        assert f'<html lang="{language}"' in html, path


@pytest.mark.parametrize("language, prefix", PREFIXES.items())
def test_the_footer_speaks_the_page_language(site, language, prefix):
    """Material writes its credit in English ("Made with"); each language's copyright
    line gives it instead, in that language."""
    credit = {"fr": "fait avec", "en": "made with", "es": "hecho con"}[language]
    for path in ("index", "cases/seoul-mexico-city", "glossary/index"):
        html = (site / f"{prefix}{path}.html").read_text(encoding="utf-8")
        footer = html[html.index('<div class="md-copyright">') :]
        assert "Made with" not in footer, path
        assert f"{credit} <a href=" in footer, path


def test_hreflang_alternates_are_absolute_and_exist_with_their_sitemaps(site, site_url):
    for page in [*site.glob("**/*.html")]:
        if page.name == "404.html" or "assets" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        alternates = re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="(\w+)">', html)
        assert {lang for _, lang in alternates} == set(PREFIXES), page
        for href, _ in alternates:
            assert href.startswith(site_url), f"{page}: {href} is not absolute"
            target = site / href[len(site_url) :]
            assert target.is_file(), f"{page}: {href}"
            assert (target.parent / "sitemap.xml").is_file(), f"{page}: no sitemap next to {href}"


def test_alternates_point_to_the_twin_page(site, site_url):
    html = (site / "cases" / "seoul-mexico-city.html").read_text(encoding="utf-8")
    assert (
        f'<link rel="alternate" href="{site_url}en/cases/seoul-mexico-city.html" hreflang="en">'
        in html
    )


@pytest.mark.parametrize("language, prefix", PREFIXES.items())
def test_search_index_per_language(site, language, prefix):
    index = json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [language]
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for location in locations:
        assert (site / prefix / location).is_file(), (
            location
        )  # resolves inside this language's tree
        assert not location.startswith(tuple(p for p in PREFIXES.values() if p)), location
    for path in pages_of(BOOK):
        assert f"{path}.html" in locations, path
    # The "cite this case" box (BibTeX, CSL-JSON) is the same boilerplate on every case, and
    # a glossary page's "used in" list would make it match the title of every case listed.
    assert not [doc["location"] for doc in index["docs"] if "@misc{" in doc["text"]]
    assert not [doc["location"] for doc in index["docs"] if "#cb-used-in" in doc["location"]]
    glossary_texts = [d["text"] for d in index["docs"] if d["location"].startswith("glossary/")]
    for case in BOOK.cases.values():
        assert not [text for text in glossary_texts if case.data[language]["title"] in text]
    # A case's "reproduce it" advice is found like the rest of its text, section by section.
    sections = {doc["location"]: doc["text"] for doc in index["docs"]}
    for case in BOOK.cases.values():
        step = case.data[language]["reproduce"]["first_steps"][0]["text"]
        found = sections.get(f"cases/{case.id}.html#reproduce-first-steps", "")
        assert step[:40] in found, case.id


@pytest.mark.parametrize("language", PREFIXES)
@pytest.mark.parametrize("path", INDEXES)
def test_list_pages_say_their_introduction_once_then_list(site, language, path):
    """Each list page opens with its introduction, once, and lists what it is for: the
    cahiers index showed the representation of a Python object, the glossary index its
    introduction twice."""
    page = (site / PREFIXES[language] / f"{path}.html").read_text(encoding="utf-8")
    article = unescape(page[page.index("<article") : page.index("</article>")])
    intro = t(language, INDEXES[path][1])
    assert article.count(intro) == 1, path  # Python internals: test_no_page_shows_python_internals
    if path == "cahiers/index":
        for cahier in BOOK.cahiers.values():
            assert article.count(f'href="{cahier.id}.html"') == 1


PYTHON_INTERNALS = re.compile(r"<class '|<function |object at 0x[0-9a-f]+|\b[A-Z]\w*\(\w+=")
"""How a Python value that reached a page by mistake reads (``Page(markdown=…)``)."""


def test_no_page_shows_python_internals(site):
    shown = [
        page.relative_to(site).as_posix()
        for page in site.rglob("*.html")
        if PYTHON_INTERNALS.search(unescape(page.read_text(encoding="utf-8")))
    ]
    assert shown == []


def test_case_fact_sheet_is_localised(site):
    fr = (site / "cases" / "seoul-mexico-city.html").read_text(encoding="utf-8")
    en = (site / "en" / "cases" / "seoul-mexico-city.html").read_text(encoding="utf-8")
    es = (site / "es" / "cases" / "seoul-mexico-city.html").read_text(encoding="utf-8")
    assert "Corée du Sud" in fr and "Mexique" in fr
    assert "South Korea" in en and "Mexico" in en
    assert "Corea del Sur" in es and "México" in es
    assert "Fiche du cas" in fr and "Case facts" in en and "Ficha del caso" in es
    assert "depuis 1992" in fr and "since 1992" in en and "desde 1992" in es
    assert "Hermanamiento" in es  # the vocabulary's Spanish label
    for html in (fr, en, es):
        assert 'id="sources"' in html and 'id="reproduce"' in html


def test_every_page_names_the_x_default_alternate(site, site_url):
    """Readers whose language the site lacks are sent to the French page."""
    html = (site / "es" / "cases" / "cordoba.html").read_text(encoding="utf-8")
    assert (
        f'<link rel="alternate" href="{site_url}cases/cordoba.html" hreflang="x-default">' in html
    )
    sitemap = (site / "es" / "sitemap.xml").read_text(encoding="utf-8")
    assert f'hreflang="x-default" href="{site_url}cases/cordoba.html"' in sitemap


def test_the_404_page_speaks_every_language(site, site_url):
    html = (site / "404.html").read_text(encoding="utf-8")
    for language, prefix in PREFIXES.items():
        assert f'<p lang="{language}">' in html
        assert f'href="{site_url}{prefix}index.html"' in html
    assert "La página que busca no existe." in html
    spanish = (site / "es" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in spanish


def test_navigation_does_not_list_every_case(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    nav = html.split('class="md-nav md-nav--primary', 1)[1].split("</nav>", 1)[0]
    assert "seoul-mexico-city.html" not in nav


def test_home_page_macros_rendered(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert f"{len(BOOK.cases)} cas" in html
    assert "{{" not in html


CONTRIBUTING_GUIDES = {
    "fr": "CONTRIBUTING.md",
    "en": "CONTRIBUTING.en.md",
    "es": "CONTRIBUTING.es.md",
}


@pytest.mark.parametrize("language, prefix", PREFIXES.items())
def test_home_page_leads_each_reader_to_their_page(site, language, prefix):
    """Four cards (cases, cahiers, glossary, comparison) and, for each kind of reader, a
    link: the explorer, the trainers' page, the contributing guide in their language."""
    html = (site / prefix / "index.html").read_text(encoding="utf-8")
    cards, after = html.split('class="grid cards"', 1)[1].split("</div>", 1)
    targets = re.findall(r'<strong><a href="([^"]+)"', cards)
    assert targets == [
        "cases/index.html",
        "cahiers/index.html",
        "glossary/index.html",
        "cases/compare.html",
    ]
    readers = after.split("<ul>", 1)[1].split("</ul>", 1)[0]  # "who is it for?"
    for target in ("cases/index.html", "trainers.html", CONTRIBUTING_GUIDES[language]):
        assert re.search(rf'href="[^"]*{re.escape(target)}"', readers), target
    assert (ROOT / CONTRIBUTING_GUIDES[language]).is_file()


@pytest.mark.parametrize(
    "prefix, date", [("", "5 juillet 2018"), ("en/", "5 July 2018"), ("es/", "5 de julio de 2018")]
)
def test_dates_are_written_as_each_language_writes_them(site, prefix, date):
    """English dates the British way, as the English texts write them (not "July 5, 2018")."""
    html = unescape((site / prefix / "cases" / "cordoba.html").read_text(encoding="utf-8"))
    sources = html.split('id="sources"', 1)[1].replace("\u00a0", " ")
    assert f"{date}." in sources


def test_no_request_leaves_the_site_for_fonts(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def _fixture_project(tmp_path: Path) -> Path:
    files = {str(p.relative_to(VALID)): p.read_text(encoding="utf-8") for p in VALID.rglob("*.md")}
    return make_project(tmp_path, files)


def test_template_syntax_in_a_case_is_printed_literally(tmp_path):
    fr = (VALID / "cases/lyon-bamako.fr.md").read_text(encoding="utf-8")
    fr += "\nLe code {{ config.site_name }} et {% include 'base.html' %} restent du texte.\n"
    project = _fixture_project(tmp_path)
    (project / "cases/lyon-bamako.fr.md").write_text(fr, encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    html = (site / "cases" / "lyon-bamako.html").read_text(encoding="utf-8")
    assert "{{ config.site_name }}" in html
    assert "{% include 'base.html' %}" in html or "{% include &#39;base.html&#39; %}" in html


def test_titles_are_escaped_in_templates(tmp_path):
    project = _fixture_project(tmp_path)
    path = project / "cases/lyon-bamako.fr.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("un cas d'essai", "Lyon & Bamako"),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    html = (site / "cases" / "lyon-bamako.html").read_text(encoding="utf-8")
    assert "<title>Lyon – Bamako\u00a0: Lyon &amp; Bamako - Villes en coopération</title>" in html


def test_bad_content_stops_the_build_with_every_problem(tmp_path):
    project = _fixture_project(tmp_path)
    path = project / "cases/lyon-bamako.fr.md"
    text = (
        path.read_text(encoding="utf-8")
        .replace("country: ML", "country: XX")
        .replace("end: null", "end: 1999")
    )
    path.write_text(text, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "cases/lyon-bamako.fr.md:12: partners[1].country: 'XX' is not an ISO 3166-1 alpha-2 country code"
        in result.stderr
    )
    assert (
        "cases/lyon-bamako.fr.md:15: period: ends (1999) before it starts (2001)" in result.stderr
    )
    assert not (tmp_path / "site" / "cases" / "lyon-bamako.html").exists()


def test_broken_yaml_is_not_silently_ignored(tmp_path):
    project = _fixture_project(tmp_path)
    path = project / "cases/lyon-bamako.en.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace('title: "Lyon', 'title: ["Lyon'), encoding="utf-8"
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "cases/lyon-bamako.en.md:2: front matter: YAML syntax error" in result.stderr


def test_generated_pages_are_never_written_to_disk(tmp_path):
    """Generated pages go to MkDocs from memory (hooks/casebook.py): the project holds no
    staging folder after a build, and the docs folder only what its authors wrote."""
    project = _fixture_project(tmp_path)
    docs_before = sorted(p.relative_to(project) for p in (project / "docs").rglob("*"))
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "cahiers" / "module.html").is_file()
    assert (tmp_path / "site" / "en" / "cahiers" / "module.html").is_file()
    assert (tmp_path / "site" / "data" / "cases.csv").is_file()
    assert sorted(p.relative_to(project) for p in (project / "docs").rglob("*")) == docs_before
    assert not (project / ".cache").exists()


def test_a_docs_page_with_a_generated_page_path_is_refused(tmp_path):
    project = _fixture_project(tmp_path)
    (project / "docs" / "cases").mkdir()
    for language in PREFIXES:
        (project / "docs" / "cases" / f"index.{language}.md").write_text(
            "---\ntitle: Mine\n---\n\nMine.\n", encoding="utf-8"
        )
    (project / "docs" / "data").mkdir()
    (project / "docs" / "data" / "cases.csv").write_text("id\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    for language in PREFIXES:
        assert (
            f"docs/cases/index.{language}.md:1: file: has the path of a page the engine generates"
            in result.stderr
        )
    assert not (tmp_path / "site" / "cases" / "index.html").exists()
    for language in PREFIXES:
        (project / "docs" / "cases" / f"index.{language}.md").unlink()
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "docs/data/cases.csv:1: file: has the path of a page the engine generates" in result.stderr
    )


def test_generated_paths_are_the_pages_rendered(tmp_path):
    """MkDocs is told of every page before any is rendered (pages.paths): the list must be
    exactly the pages each language renders, and each renders."""
    from casebook import pages

    book = load(_fixture_project(tmp_path))
    rendered = []
    for language in book.site.languages:
        generated = pages.LanguagePages(book, language, states=[])
        rendered += generated.pages
        for page in generated.pages.values():
            assert page.markdown() and page.meta()["title"]
            page.parts()
    assert sorted(rendered) == sorted(pages.paths(book))


def test_fragments_take_their_markers_places_or_the_page_fails():
    from casebook.pages import fill, marker

    html = f"<p>Intro</p>\n{marker('facts')}\n<p>Body</p>\n{marker('cite')}"
    assert fill(html, {"facts": "<section>F</section>", "cite": "<details>C</details>"}) == (
        "<p>Intro</p>\n<section>F</section>\n<p>Body</p>\n<details>C</details>"
    )
    with pytest.raises(ValueError, match="casebook:cite --> is in the page 0 times"):
        fill(f"<p>{marker('facts')}</p>", {"facts": "F", "cite": "C"})
    with pytest.raises(ValueError, match="casebook:facts --> is in the page 2 times"):
        fill(marker("facts") * 2, {"facts": "F"})


def test_fact_sheets_and_citations_are_in_the_built_page_once(site):
    """They are put in the written page (pages.fill): each in its place, none left out."""
    html = (site / "cases" / "seoul-mexico-city.html").read_text(encoding="utf-8")
    for part in (
        '<section class="cb-facts"',
        '<figure class="cb-map',
        '<section class="cb-sources"',
    ):
        assert html.count(part) == 1, part
    assert html.count('<details class="cb-cite"') == 1
    assert "casebook:" not in html
    order = [
        html.index(p)
        for p in (
            'class="cb-summary"',
            "cb-facts",
            "cb-map",
            'id="context"',
            "cb-sources",
            "cb-cite",
        )
    ]
    assert order == sorted(order)


def test_link_targets_in_generated_pages_resolve(site):
    for page in site.glob("**/*.html"):
        if "assets" in page.parts or page.name == "404.html":  # 404 uses absolute URLs by design
            continue
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#:]+\.html)(?:#[^"]*)?"', html):
            target = Path(urljoin(str(page), href))
            assert target.is_file(), f"{page.relative_to(site)} → {href}"


@pytest.mark.parametrize(
    "language, prefix, authors",
    [
        ("fr", "", "Gunther Hellmann et Reinhard Wolf"),
        ("en", "en/", "Gunther Hellmann and Reinhard Wolf"),
        ("es", "es/", "Gunther Hellmann y Reinhard Wolf"),
    ],
)
def test_a_source_with_several_authors_names_them_in_the_page_language(
    site, language, prefix, authors
):
    """Names are facts, written once as a list; the "and" between them is the page's."""
    html = (site / prefix / "cases" / "seoul-mexico-city.html").read_text(encoding="utf-8")
    bibliography = html[html.index('class="cb-bibliography"') :]
    assert f'id="source-hellmann-wolf">{authors} (Security Studies' in bibliography


@pytest.mark.parametrize(
    "language, expected",
    [
        ("fr", ["P, n°\u00a049", "janvier 2007.", "s. d.", "Rédaction\u00a0: Ana Lima et Ben Odé"]),
        ("en", ["P, no. 49", "January 2007.", "n.d.", "Written by Ana Lima and Ben Odé"]),
        ("es", ["P, núm. 49", "enero de 2007.", "s. f.", "Redacción: Ana Lima y Ben Odé"]),
    ],
)
def test_a_bibliography_reads_as_its_language_writes(language, expected):
    """A journal's issue is numbered, a month is named, "undated" takes no second full
    stop, a page's writers are joined and introduced as the language does."""
    from casebook.model import Source
    from casebook.render import bibliography

    html = bibliography(
        {
            "sources": [
                Source(id="a", title="A", publisher="P", issue=49, date="2007-01").model_dump(),
                Source(id="b", title="B", publisher="Q", year=None).model_dump(),
            ],
            "last_reviewed": "2026-11-23",
            "authors": ["Ana Lima", "Ben Odé"],
        },
        language,
    )
    for text in expected:
        assert text in html
    assert ".." not in html


ADVICE = ("preconditions", "first_steps", "involve", "pitfalls", "indicators")


@pytest.mark.parametrize("language, prefix", PREFIXES.items())
def test_every_case_page_shows_how_to_reproduce_it(site, language, prefix):
    """Each piece of advice says what backs it: a link to its source in the page's
    bibliography, or the casebook's reading; the section points to the cahiers to read."""
    from casebook.localise import t

    for case in BOOK.cases.values():
        html = (site / prefix / "cases" / f"{case.id}.html").read_text(encoding="utf-8")
        section = html[html.index('id="reproduce"') : html.index('class="cb-sources"')]
        advice = case.data[language]["reproduce"]
        for group in ADVICE:
            assert f'id="reproduce-{group.replace("_", "-")}"' in section, (case.id, group)
        pieces = [item for group in ADVICE for item in advice[group]]
        assert section.count("<li>") == len(pieces), case.id
        cited = re.findall(r'href="#source-([\w-]+)"', section)
        assert len(cited) == sum(1 for item in pieces if item["source"]), case.id
        assert all(f'id="source-{source}"' in html for source in cited), case.id
        readings = sum(item["reading"] for item in pieces)
        assert section.count(f"<em>{t(language, 'advice_reading')}</em>") == readings
        for cahier in advice["cahiers"]:
            assert f'href="../cahiers/{cahier}.html"' in section, (case.id, cahier)
