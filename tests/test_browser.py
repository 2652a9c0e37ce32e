"""The site in a real browser: per-language search, language switcher, no errors."""

from __future__ import annotations

import pytest

from tests.conftest import PREFIXES

pytestmark = pytest.mark.browser


def search(page, query: str) -> list[str]:
    """Type a query in Material's search and return the result links (absolute URLs)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)  # Material searches on keyup, which fill() does not send
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")


@pytest.mark.parametrize(
    "start, query, language",
    [
        ("index.html", "jumelage", "fr"),
        ("en/index.html", "twinning", "en"),
        ("cases/seoul-mexico-city.html", "Séoul", "fr"),
        ("en/cases/seoul-mexico-city.html", "Seoul", "en"),
        ("es/index.html", "hermanamiento", "es"),
        ("es/cases/seoul-mexico-city.html", "Seúl", "es"),
    ],
)
def test_search_returns_only_pages_of_the_page_language(
    watched_page, served, start, query, language
):
    watched_page.goto(served + start)
    results = search(watched_page, query)
    assert results
    prefix = served + PREFIXES[language]
    others = [served + p for lang, p in PREFIXES.items() if p and lang != language]
    assert all(url.startswith(prefix) and not url.startswith(tuple(others)) for url in results)
    assert watched_page.problems == []


@pytest.mark.parametrize(
    "query, expected",
    [
        ("cooperacion descentralizada", "cooperación descentralizada"),  # accents ignored
        ("hermanamientos", "hermanamiento"),  # the Spanish stemmer: plural finds singular
        ("evaluacion", "evaluación"),
    ],
)
def test_spanish_search_ignores_accents_and_stems(watched_page, served, query, expected):
    watched_page.goto(served + "es/index.html")
    results = search(watched_page, query)
    assert all(url.startswith(served + "es/") for url in results)
    text = watched_page.locator(".md-search-result").inner_text().lower()
    assert expected in text
    assert watched_page.problems == []


@pytest.mark.parametrize(
    "query, expected",
    [
        ("cooperation", "coopération"),  # accents ignored
        ("internationalisation", "internationalisation"),  # found behind « l'internationalisation »
    ],
)
def test_french_search_ignores_accents_and_elisions(watched_page, served, query, expected):
    watched_page.goto(served + "index.html")
    search(watched_page, query)
    text = watched_page.locator(".md-search-result").inner_text().lower()
    assert expected in text
    assert watched_page.problems == []


@pytest.mark.parametrize(
    "start, target, twin",
    [
        ("cases/seoul-mexico-city.html", "English", "en/cases/seoul-mexico-city.html"),
        ("en/cases/seoul-mexico-city.html", "Français", "cases/seoul-mexico-city.html"),
        ("index.html", "English", "en/index.html"),
        ("cases/seoul-mexico-city.html", "Español", "es/cases/seoul-mexico-city.html"),
        ("es/cahiers/evaluer.html", "English", "en/cahiers/evaluer.html"),
        ("es/glossary/jumelage.html", "Français", "glossary/jumelage.html"),
    ],
)
def test_language_switcher_lands_on_the_twin_page(watched_page, served, start, target, twin):
    watched_page.goto(served + start)
    names = watched_page.locator(".md-select__link").all_inner_texts()
    assert [name.strip() for name in names] == ["Français", "English", "Español"]
    watched_page.locator(".md-header__option .md-select").hover()
    watched_page.locator(".md-select__link", has_text=target).click()
    watched_page.wait_for_url(served + twin)
    assert watched_page.problems == []


@pytest.mark.parametrize("how", ["hover", "focus"])
@pytest.mark.parametrize("prefix", PREFIXES.values())
def test_glossary_tooltip_shows_on_hover_and_keyboard_focus(watched_page, served, how, prefix):
    watched_page.goto(served + prefix + "cases/suresnes-cap-haitien.html")
    term = watched_page.locator("article a.cb-term").first
    definition = term.get_attribute("title") or term.get_attribute("data-md-title") or ""
    if how == "hover":
        term.hover()
    else:
        term.focus()
    tooltip = (
        watched_page.locator(".md-tooltip2, .md-tooltip").filter(has_text=definition[:30]).first
    )
    tooltip.wait_for(state="visible", timeout=5000)
    assert watched_page.problems == []


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("prefix", PREFIXES.values())
def test_a_fact_sheet_puts_labels_beside_values_and_above_them_on_a_phone(
    watched_page, served, prefix, width
):
    watched_page.set_viewport_size({"width": width, "height": 800})
    watched_page.goto(served + prefix + "cahiers/evaluer.html")
    rows = watched_page.locator(".cb-facts__list > div").all()
    assert rows
    for row in rows:
        label = row.locator("dt").bounding_box()
        value = row.locator("dd").bounding_box()
        if width < 480:  # stacked: the value has the sheet's whole width
            assert value["y"] >= label["y"] + label["height"] - 1
            assert value["width"] > 0.9 * row.bounding_box()["width"]
        else:
            assert value["x"] >= label["x"] + label["width"] - 1
            assert abs(value["y"] - label["y"]) < 2
    assert watched_page.problems == []


@pytest.mark.parametrize("prefix", PREFIXES.values())
def test_pdf_links_and_the_print_button_look_alike(watched_page, served, prefix):
    watched_page.goto(served + prefix + "cahiers/evaluer.html")
    buttons = watched_page.locator(".cb-pdf-links .md-button, .cb-actions .md-button")
    assert buttons.count() == 3  # the cahier's PDF, its course pack, print
    heights = {round(button.bounding_box()["height"]) for button in buttons.all()}
    underlines = buttons.evaluate_all("els => els.map(e => getComputedStyle(e).textDecorationLine)")
    assert len(heights) == 1
    assert set(underlines) == {"none"}
    assert watched_page.problems == []


@pytest.mark.parametrize("prefix", PREFIXES.values())
def test_the_comparison_table_takes_the_page_width_and_keeps_cases_in_view(
    watched_page, served, prefix
):
    page = watched_page
    page.goto(served + prefix + "cases/compare.html")
    wrapper = page.locator(".cb-compare-wrapper")
    # On a desktop screen: no sidebars, the whole table without scrolling, titles not cut
    # letter by letter.
    assert wrapper.bounding_box()["width"] > 1100
    assert wrapper.evaluate("e => e.scrollWidth <= e.clientWidth")
    case_cells = page.locator(".cb-compare tbody th")
    assert min(cell.bounding_box()["width"] for cell in case_cells.all()) > 150
    # On a phone: the table scrolls sideways and the case column stays in view.
    page.set_viewport_size({"width": 390, "height": 800})
    assert wrapper.evaluate("e => e.scrollWidth > e.clientWidth")
    wrapper.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    left = wrapper.bounding_box()["x"]
    assert abs(case_cells.first.bounding_box()["x"] - left) < 2
    assert abs(page.locator(".cb-compare thead th").first.bounding_box()["x"] - left) < 2
    assert watched_page.problems == []
