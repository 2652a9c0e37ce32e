"""Open data, citation, translation status and the trainers' print view."""

from __future__ import annotations

import csv
import gzip
import html as html_lib
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PREFIXES, ROOT, make_project, mkdocs_build
from tests.conftest import load_book as load

BOOK = load(ROOT)
VALID = Path(__file__).parent / "fixtures" / "valid"


def test_frictionless_validates_the_data_package(site):
    result = subprocess.run(
        [
            shutil.which("frictionless") or "frictionless",
            "validate",
            str(site / "data" / "datapackage.json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_the_open_data_files_are_the_ones_the_checks_reserve(site):
    """casebook.book.DOWNLOADS (no hand-written file may take their paths) is what is published."""
    from casebook.book import DOWNLOADS
    from casebook.exports import downloads

    assert sorted(downloads(BOOK)) == sorted(DOWNLOADS)
    assert all((site / path).is_file() for path in DOWNLOADS)


def test_cases_json_and_csv_hold_every_case_in_every_language(site):
    data = json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))
    assert {c["id"] for c in data["cases"]} == set(BOOK.cases)
    for case in data["cases"]:
        for language in PREFIXES:
            assert case["title"][language] and case["summary"][language]
            assert all(p["name"][language] for p in case["partners"])
            assert all(a["text"][language] for a in case["reproduce"]["first_steps"])
        assert case["translated"] == list(PREFIXES)
        assert all(p["country"] and "lat" in p for p in case["partners"])
        assert len(case["sources"]) >= 2
    rows = list(
        csv.DictReader(io.StringIO((site / "data" / "cases.csv").read_text(encoding="utf-8")))
    )
    assert len(rows) == len(BOOK.cases)
    assert all(
        row["title_fr"]
        and row["title_en"]
        and row["title_es"]
        and row["summary_es"]
        and row["url_es"].endswith(".html")
        and row["first_steps"]
        for row in rows
    )


@pytest.mark.parametrize("lang, prefix", PREFIXES.items())
def test_case_pages_describe_themselves_in_json_ld(site, prefix, lang):
    html = (site / prefix / "cases" / "suresnes-cap-haitien.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)[1]
    data = json.loads(block)
    case = BOOK.cases["suresnes-cap-haitien"].data[lang]
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["headline"] == case["title"] and data["inLanguage"] == lang
    assert [p["name"] for p in data["spatialCoverage"]] == [p["name"] for p in case["partners"]]
    assert data["spatialCoverage"][0]["geo"]["latitude"] == case["partners"][0]["lat"]
    assert len(data["citation"]) == len(case["sources"])


def test_robots_and_sitemaps(site, site_url):
    """Each language's root sitemap lists all its pages, with every language's twin."""
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "".join(f"Sitemap: {site_url}{p}sitemap.xml\n" for p in PREFIXES.values()) in robots
    others = tuple(p.split("/")[0] for p in PREFIXES.values() if p)
    for prefix in PREFIXES.values():
        sitemap = (site / prefix / "sitemap.xml").read_text(encoding="utf-8")
        locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
        built = {
            f"{site_url}{page.relative_to(site).as_posix()}"
            for page in (site / prefix).glob("**/*.html")
            if page.name != "404.html"
            and "assets" not in page.parts
            and (prefix or page.relative_to(site).parts[0] not in others)
        }
        assert set(locations) == built, prefix
        assert f"<loc>{site_url}{prefix}cases/seoul-mexico-city.html</loc>" in sitemap
        for language, other in PREFIXES.items():
            assert (
                f'hreflang="{language}" href="{site_url}{other}cases/seoul-mexico-city.html"'
                in sitemap
            )
    packed = gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8")
    assert packed == (site / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix, data_prefix", [("", ""), ("en/", "../"), ("es/", "../")])
def test_download_page_links_to_files_that_exist(site, prefix, data_prefix):
    html = (site / prefix / "data.html").read_text(encoding="utf-8")
    for name in (
        "cases.csv",
        "cases.json",
        "glossary.csv",
        "datapackage.json",
        "glossary.skos.jsonld",
    ):
        assert f'href="{data_prefix}data/{name}"' in html
        assert (site / "data" / name).is_file()
    assert "CC BY 4.0" in html


@pytest.mark.parametrize(
    "prefix, lang, words",
    [("", "fr", "Citer ce cas"), ("en/", "en", "Cite this case"), ("es/", "es", "Citar este caso")],
)
def test_cite_this_case(site, site_url, prefix, lang, words):
    html = (site / prefix / "cases" / "montevideo-evaluation.html").read_text(encoding="utf-8")
    box = re.search(r'<details class="cb-cite".*?</details>', html, re.DOTALL)[0]
    assert words in box
    url = f"{site_url}{prefix}cases/montevideo-evaluation.html"
    assert url in box
    bibtex = re.search(r'<pre class="cb-cite__bibtex"><code>(.*?)</code></pre>', box, re.DOTALL)[1]
    assert (
        bibtex.startswith("@misc{casebook-montevideo-evaluation-" + lang)
        and f"url = {{{url}}}" in bibtex
    )
    csl = json.loads(
        html_lib.unescape(
            re.search(r'<pre class="cb-cite__csl"><code>(.*?)</code></pre>', box, re.DOTALL)[1]
        )
    )
    assert csl[0]["URL"] == url and csl[0]["language"] == lang and csl[0]["type"] == "webpage"


def test_citation_cff_describes_the_casebook():
    import yaml

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] and cff["title"] and cff["authors"]


@pytest.mark.parametrize(
    "prefix, word, intro",
    [
        ("", "à jour", "chacune de ses traductions"),
        ("en/", "up to date", "each translation"),
        ("es/", "al día", "cada traducción"),
    ],
)
def test_translation_status_page(site, prefix, word, intro):
    """A count per state and language, then one row per page with a column per translated
    language; the introduction speaks of every translation, not of one language."""
    html = (site / prefix / "translations.html").read_text(encoding="utf-8")
    assert intro in html
    total = len(BOOK.cases) + len(BOOK.cahiers) + len(BOOK.terms) + len(BOOK.pages)
    translated = len(PREFIXES) - 1
    summary, pages = re.findall(r"<table>.*?</table>", html, re.DOTALL)
    assert len(re.findall(r"<tr>", pages)) == total + 1  # and the header
    assert all(len(re.findall(r"<td>", row)) == 2 + translated for row in pages.split("<tr>")[2:])
    # Every translation is up to date at the commit under test: one state, each counted.
    counts = re.findall(r"<tr>\s*<td>([^<]+)</td>((?:\s*<td>\d+</td>)+)", summary)
    assert [(state, re.findall(r"\d+", numbers)) for state, numbers in counts] == [
        (word, [str(total)] * translated)
    ]


def _git(project: Path, *args: str, date: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def test_outdated_translation_gets_a_banner_and_its_status(tmp_path):
    files = {str(p.relative_to(VALID)): p.read_text(encoding="utf-8") for p in VALID.rglob("*.md")}
    project = make_project(tmp_path, files)
    _git(project, "init", "-q", date="2026-01-01T00:00:00")
    _git(project, "add", "-A", date="2026-01-01T00:00:00")
    _git(project, "commit", "-qm", "both languages", date="2026-01-01T00:00:00")
    source = project / "cases" / "lyon-bamako.fr.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("Un texte qui cite", "Un texte révisé qui cite"),
        encoding="utf-8",
    )
    _git(project, "commit", "-qam", "French only", date="2026-03-01T00:00:00")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (site / "en" / "cases" / "lyon-bamako.html").read_text(encoding="utf-8")
    assert "cb-outdated" in page and "2026-03-01" in page and "2026-01-01" in page
    assert "cb-outdated" not in (site / "cases" / "lyon-bamako.html").read_text(encoding="utf-8")
    status = (site / "en" / "translations.html").read_text(encoding="utf-8")
    row = re.search(r"<tr>\s*<td><a href=\"cases/lyon-bamako.html\">.*?</tr>", status, re.DOTALL)[0]
    assert "outdated" in row


@pytest.mark.parametrize("prefix", PREFIXES.values())
def test_trainers_page_exists_in_every_language(site, prefix):
    html = (site / prefix / "trainers.html").read_text(encoding="utf-8")
    assert "cahiers/evaluer.html#" in html
    assert "cahiers/evaluer.html#checklist" in html  # the printable checklist


def test_missing_translation_shows_the_french_text_under_a_banner_and_is_listed(tmp_path):
    files = {str(p.relative_to(VALID)): p.read_text(encoding="utf-8") for p in VALID.rglob("*.md")}
    del files["cases/lyon-bamako.es.md"]
    site = tmp_path / "site"
    result = mkdocs_build(make_project(tmp_path, files), site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "cases/lyon-bamako.es.md is missing" in result.stderr  # reported, not an error
    page = (site / "es" / "cases" / "lyon-bamako.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in page and "Ficha del caso" in page  # the interface in Spanish
    assert "Esta página aún no está traducida" in page
    assert '<div lang="fr">' in page and "Un texte qui cite" in page  # the body, marked French
    status = (site / "es" / "translations.html").read_text(encoding="utf-8")
    row = re.search(r'<tr>\s*<td><a href="cases/lyon-bamako.html">.*?</tr>', status, re.DOTALL)[0]
    cells = re.findall(r"<td>(.*?)</td>", row)
    header = re.findall(r"<th>(.*?)</th>", status.split("</table>")[1])
    assert cells[header.index("Español")] == "sin traducir"
    assert cells[header.index("Inglés")] == "sin determinar"  # no history in this project


@pytest.mark.browser
@pytest.mark.parametrize("rel", ["cahiers/evaluer.html", "en/cases/seoul-mexico-city.html"])
def test_print_view(watched_page, served, rel):
    page = watched_page
    page.goto(served + rel)
    button = page.locator("[data-cb-print]")
    assert button.is_visible()
    page.emulate_media(media="print")
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).display") == "none"
    assert (
        page.locator(".md-sidebar--primary").evaluate("e => getComputedStyle(e).display") == "none"
    )
    link = page.locator("article a[href^='http']:not(.headerlink)").first
    assert "http" in link.evaluate("e => getComputedStyle(e, '::after').content")
    h2 = page.locator("article h2[id]:not(.cb-facts__title)").nth(1)
    assert h2.evaluate("e => getComputedStyle(e).breakBefore") == "page"
    assert page.problems == []
