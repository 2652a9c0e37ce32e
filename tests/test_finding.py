"""Finding cases: explorer, map, timeline, comparison, tags and search quality."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.conftest import ROOT
from tests.conftest import load_book as load

BOOK = load(ROOT)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_explorer_lists_every_case_as_a_card_without_javascript(site, prefix):
    html = (site / prefix / "cases" / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<li class="cb-card"[^>]*>', html)
    assert len(cards) == len(BOOK.cases)
    for case_id in BOOK.cases:
        assert f'href="{case_id}.html"' in html
    assert re.search(r'<form class="cb-filters"[^>]*hidden', html)  # shown by the script only


def test_cards_carry_facets(site):
    html = (site / "cases" / "index.html").read_text(encoding="utf-8")
    card = re.search(r'<li class="cb-card"([^>]*)>\s*<h2[^>]*id="case-suresnes-cap-haitien"', html)
    assert card, "Suresnes card not found"
    attributes = card[1]
    assert 'data-kind="decentralised-cooperation"' in attributes
    assert "HT" in re.search(r'data-country="([^"]*)"', attributes)[1]
    assert "029" in re.search(r'data-region="([^"]*)"', attributes)[1]  # Caribbean (UN M49)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_timeline_has_every_milestone_linked_to_its_case(site, prefix):
    html = (site / prefix / "cases" / "timeline.html").read_text(encoding="utf-8")
    items = re.findall(
        r'<li data-kind="[^"]+"[^>]*><time datetime="(\d{4})">\d{4}</time> <a href="([a-z0-9-]+)\.html">',
        html,
    )
    assert len(items) == sum(len(e.data["fr"]["milestones"]) for e in BOOK.cases.values())
    years = [int(year) for year, _ in items]
    assert years == sorted(years)


def test_comparison_table_has_one_row_per_case(site):
    html = (site / "en" / "cases" / "compare.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="cb-compare" data-cb-sortable>.*?</table>', html, re.DOTALL)[0]
    assert len(re.findall(r'<th scope="row">', table)) == len(BOOK.cases)
    for column in ("Case", "Kind", "Period", "Partners", "Instruments", "Indicators"):
        assert f">{column}</th>" in table
    assert ">First steps</th>" in table  # from each case's "Reproduce it" advice
    for case in BOOK.cases.values():
        first = case.data["en"]["reproduce"]["first_steps"][0]["text"]
        assert first in html_lib.unescape(table), case.id
        assert f'href="{case.id}.html#reproduce"' in table


@pytest.mark.parametrize(
    "prefix, label", [("", "Évaluation et indicateurs"), ("en/", "Evaluation and indicators")]
)
def test_themes_are_tags_with_an_index_per_language(site, prefix, label):
    page = (site / prefix / "cases" / "montevideo-evaluation.html").read_text(encoding="utf-8")
    assert f'class="md-tag">{label}' in page
    index = (site / prefix / "cases" / "themes.html").read_text(encoding="utf-8")
    assert label in index and "montevideo-evaluation.html" in index


FINDING_PAGES = {"cases/index.html", "cases/timeline.html", "cases/compare.html"}


def test_scripts_are_deferred_and_the_finding_script_is_only_where_it_is_used(site):
    """No script stands in the way of a page's first paint, Material's bundle included
    (overrides/main.html defers it); deferred scripts run in document order, and the
    bundle's still comes before casebook.js, which amends Material's markup (explorer.js,
    in the page's content, needs nothing of Material's). The filters and sorting script
    is fetched only by the pages that have filters or a sortable table."""
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        if rel.startswith("assets/"):
            continue
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r'<script src="([^"]*)"([^>]*)>', html)
        for src, attributes in scripts:
            assert "defer" in attributes.split(), f"{rel}: {src} is not deferred"
            target = site / src.lstrip("/") if src.startswith("/") else page.parent / src
            assert target.resolve().is_file(), f"{rel}: {src} does not exist"
        names = [src.rsplit("assets/", 1)[-1] for src, _ in scripts]
        bundles = [n for n in names if re.fullmatch(r"javascripts/bundle\.\w+\.min\.js", n)]
        assert len(bundles) == 1, f"{rel}: expected Material's bundle once, in {names}"
        if "casebook.js" in names:
            assert names.index(bundles[0]) < names.index("casebook.js"), f"{rel}: {names}"
        finding = re.sub(r"^(en|es)/", "", rel) in FINDING_PAGES
        assert ("explorer.js" in names) == finding, rel
        if rel != "404.html":
            assert "casebook.js" in names, rel


def test_navigation_does_not_list_cases(site):
    html = (site / "cases" / "index.html").read_text(encoding="utf-8")
    primary = html.split('class="md-nav md-nav--primary', 1)[1].split("</nav>", 1)[0]
    for case_id in BOOK.cases:
        assert f"{case_id}.html" not in primary


# --- In the browser ---------------------------------------------------------------------


def search_first(page, query: str) -> str:
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    page.wait_for_timeout(300)  # let the worker settle on the full query
    href = page.locator(".md-search-result__item > a").first.get_attribute("href")
    return urlparse(href).path


SEARCHES = [
    ("index.html", "bourses Séoul", "cases/seoul-mexico-city.html"),
    ("en/index.html", "Haiti cooperation", "en/cases/suresnes-cap-haitien.html"),
    ("en/index.html", "Seoul scholarships", "en/cases/seoul-mexico-city.html"),
    ("en/index.html", "evaluation twinning", "en/cases/montevideo-evaluation.html"),
    ("index.html", "Medellin agence", "cases/medellin-aci.html"),
    ("index.html", "Montevideo 240 accords", "cases/montevideo-evaluation.html"),
    ("en/index.html", "Qingdao milk powder", "en/cases/brest-qingdao.html"),
    ("index.html", "cooperation decentralisee", "cases/aude-evaluation.html"),
    ("index.html", "évaluation jumelage", "cases/montevideo-evaluation.html"),
]


@pytest.mark.browser
@pytest.mark.parametrize("start, query, expected", SEARCHES)
def test_search_quality_first_result(watched_page, served, start, query, expected):
    watched_page.goto(served + start)
    assert search_first(watched_page, query) == "/" + expected
    assert watched_page.problems == []


@pytest.mark.browser
def test_filters_counts_and_url_state(watched_page, served):
    page = watched_page
    page.goto(served + "cases/index.html")
    status = page.locator(".cb-filters__count")
    assert status.inner_text() == f"{len(BOOK.cases)} cas sur {len(BOOK.cases)}"
    page.locator('details[data-facet="kind"] summary').click()
    page.locator('input[name="kind"][value="evaluation"]').check()
    evaluation = [e for e in BOOK.cases.values() if e.data["fr"]["kind"] == "evaluation"]
    assert status.inner_text() == f"{len(evaluation)} cas sur {len(BOOK.cases)}"
    assert len(page.locator(".cb-card:visible").all()) == len(evaluation)
    assert parse_qs(urlparse(page.url).query) == {"kind": ["evaluation"]}
    # live counts: with "evaluation" chosen, the other kinds still show their own count
    assert page.locator('[data-count-for="kind:twinning"]').inner_text() == "(1)"
    page.locator('details[data-facet="country"] summary').click()
    page.locator('input[name="country"][value="FR"]').check()
    page.reload()
    page.locator('details[data-facet="kind"] summary').click()
    page.locator('details[data-facet="country"] summary').click()
    assert page.locator('input[name="kind"][value="evaluation"]').is_checked()
    assert page.locator('input[name="country"][value="FR"]').is_checked()
    assert [c.get_attribute("data-kind") for c in page.locator(".cb-card:visible").all()] == [
        "evaluation"
    ]
    page.locator(".cb-filters button[type=reset]").click()  # "clear filters"
    page.wait_for_function("document.querySelectorAll('.cb-card:not([hidden])').length > 1")
    assert urlparse(page.url).query == ""
    assert page.problems == []


@pytest.mark.browser
def test_free_text_and_period_filters(watched_page, served):
    page = watched_page
    page.goto(served + "en/cases/index.html?q=qingdao")
    visible = page.locator(".cb-card:visible").all()
    assert len(visible) == 1 and "brest-qingdao" in visible[0].inner_html()
    page.goto(served + "en/cases/index.html?from=2010")
    for card in page.locator(".cb-card:visible").all():
        assert int(card.get_attribute("data-end")) >= 2010
    assert page.problems == []


@pytest.mark.browser
def test_map_markers_are_for_pointers_and_cards_for_the_keyboard(watched_page, served):
    """Markers of nearby partners overlap: the keyboard goes through the cards, not them."""
    page = watched_page
    page.goto(served + "cases/index.html")
    link = page.locator("#cb-map .cb-map__case a").first
    assert link.get_attribute("tabindex") == "-1"
    assert link.get_attribute("aria-hidden") == "true"
    page.locator("input[name=q]").focus()
    for _ in range(40):  # the filters, then straight to the first card's link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.cb-card') !== null"):
            break
        assert page.evaluate("!document.activeElement.closest('.cb-map')")
    assert page.evaluate("document.activeElement.closest('.cb-card') !== null")
    assert page.problems == []


@pytest.mark.browser
def test_timeline_filters_and_links(watched_page, served):
    page = watched_page
    page.goto(served + "cases/timeline.html?country=KR")
    items = page.locator("#cb-milestones > li:visible").all()
    assert items and all("KR" in item.get_attribute("data-country") for item in items)
    items[0].locator("a").click()
    page.wait_for_url(served + "cases/seoul-mexico-city.html")
    assert page.problems == []


@pytest.mark.browser
def test_comparison_sorts_by_period(watched_page, served):
    page = watched_page
    page.goto(served + "en/cases/compare.html")
    page.locator("th button", has_text="Period").click()
    starts = [
        int(v)
        for v in page.eval_on_selector_all(
            "tbody tr td[data-value]:nth-of-type(3)", "els => els.map(e => e.dataset.value)"
        )
    ]
    assert starts == sorted(starts)
    page.locator("th button", has_text="Period").click()
    starts = [
        int(v)
        for v in page.eval_on_selector_all(
            "tbody tr td[data-value]:nth-of-type(3)", "els => els.map(e => e.dataset.value)"
        )
    ]
    assert starts == sorted(starts, reverse=True)
    assert page.locator("th[aria-sort=descending]").count() == 1
    assert page.problems == []
