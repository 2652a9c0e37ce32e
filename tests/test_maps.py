"""Maps that show the world: Natural Earth outlines, each map framed on its partners,
labelled, described, following the explorer's filters; and the explorer around them."""

from __future__ import annotations

import html as html_lib
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest

from casebook import geography, maps, world
from casebook.regions import region_of
from tests.conftest import PREFIXES, ROOT
from tests.conftest import load_book as load

BOOK = load(ROOT)
NPM_WORLD = ROOT / "tests" / "node" / "node_modules" / "world-atlas" / "countries-110m.json"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 320, "height": 740}}


def test_the_world_is_natural_earth_as_the_pinned_npm_package_publishes_it():
    """The outlines are not drawn or edited here: the file is world-atlas's, byte for byte."""
    assert NPM_WORLD.is_file(), "run: npm ci --prefix tests/node"
    assert geography.DATA.read_bytes() == NPM_WORLD.read_bytes()
    assert '"world-atlas": "2.0.2"' in (ROOT / "tests/node/package.json").read_text()


def test_a_pacific_pair_is_drawn_around_the_pacific():
    seoul, mexico, brest, qingdao = (127.0, 37.6), (-99.1, 19.4), (-4.5, 48.4), (120.4, 36.1)
    assert geography.best_view([seoul, mexico]) == 180
    assert geography.best_view([brest, qingdao]) == 0
    # On a map centred on Greenwich the shortest way leaves one side and comes back on the other.
    assert len(geography.great_circle(seoul, mexico, 0)) == 2
    (arc,) = geography.great_circle(seoul, mexico, 180)
    xs = [x for x, _ in arc]
    assert xs == sorted(xs)  # eastwards across the Pacific, in one stroke
    # A great circle from Seoul to Mexico City goes north of both (by the Aleutians).
    assert min(y for _, y in arc) < min(arc[0][1], arc[-1][1]) - 20


def test_projection_is_equal_earth_with_north_up():
    x0, y0 = geography.project(0, 0, 0)
    assert x0 == pytest.approx(geography.WIDTH / 2) and y0 == pytest.approx(geography.height() / 2)
    assert geography.project(0, 60, 0)[1] < y0 < geography.project(0, -60, 0)[1]
    # Equal Earth: a pole is a line, shorter than the equator (not a point, not as long)
    pole_width = geography.project(179.9, 90, 0)[0] - geography.project(-179.9, 90, 0)[0]
    assert 0.4 * geography.WIDTH < pole_width < 0.7 * geography.WIDTH


def test_world_assets_have_every_country_once_and_no_style():
    for view in geography.VIEWS:
        svg = world.world_svg(view)
        ids = re.findall(r'<path id="w-(\d{3})" d="m[^"]+"/>', svg)
        assert len(ids) == len(set(ids)) == len(world.countries()) > 170
        assert "fill=" not in svg and "stroke=" not in svg  # each map styles what it uses
        # The maps know which countries are outlined without drawing the world.
        assert set(ids) == geography.outlined() == set(world.countries())
    assert geography.country_id("MQ") not in geography.outlined()  # Martinique: a disc


def test_labels_never_overlap_and_stay_on_the_map():
    places = [("Paris", 180.0, 90.0), ("Suresnes", 178.0, 90.5), ("Chartres", 175.0, 97.0)]
    placed = maps.place_labels(places, 180.0, every=True)
    assert [shown for _, shown in placed] == [True, True, True]
    boxes = [
        maps._label_box(x, y, n, side) for (n, x, y), (side, _) in zip(places, placed, strict=True)
    ]
    for i, a in enumerate(boxes):
        assert a.left >= 0 and a.right <= maps.REFERENCE_WIDTH and a.top >= 0 and a.bottom <= 180
        assert not any(a.overlaps(b) for b in boxes[i + 1 :])
    # Without `every`, a label with no free side is left out, at a side inside the map.
    crowded = maps.place_labels([*places, ("Saint-Denis", 179.0, 92.0)], 180.0, every=False)
    side, shown = crowded[-1]
    box = maps._label_box(179.0, 92.0, "Saint-Denis", side)
    assert not shown and box.left >= 0 and box.right <= maps.REFERENCE_WIDTH


def _figure(html: str) -> str:
    return re.search(r'<figure class="cb-map[^"]*" id="cb-case-map">.*?</figure>', html, re.DOTALL)[
        0
    ]


@pytest.mark.parametrize("language", PREFIXES)
def test_every_case_map_frames_names_and_describes_its_partners(site, language):
    for entry in BOOK.cases.values():
        data = entry.data[language]
        html = (site / PREFIXES[language] / "cases" / f"{entry.id}.html").read_text(
            encoding="utf-8"
        )
        figure = _figure(html)
        partners = data["partners"]
        view_box = [float(v) for v in re.search(r'viewBox="([^"]+)"', figure)[1].split()]
        dots = re.search(r'<path class="cb-map__dot[^"]*" d="([^"]+)"', figure)[1]
        positions = [(float(x), float(y)) for x, y in re.findall(r"M([\d.]+) ([\d.]+)h0", dots)]
        assert len(positions) == len(partners), entry.id
        left, top, width, height = view_box
        for x, y in positions:  # framed: every partner inside, none on the edge
            assert left < x < left + width and top < y < top + height, entry.id
        labels = re.findall(r'<span class="cb-map__label[^>]*>([^<]+)</span>', figure)
        names = {p["name"] for p in partners}
        assert {n.replace("&#39;", "'") for n in labels} == names, (
            entry.id
        )  # every partner labelled
        description = re.search(r'<desc id="cb-case-map-desc">([^<]+)</desc>', figure)[1]
        caption = re.search(r"<figcaption.*?</figcaption>", figure, re.DOTALL)[0]
        for partner in partners:
            from casebook.localise import country_name

            country = country_name(partner["country"], language)
            assert country in description and country in caption, (entry.id, country)
        depth = "../" * (1 + PREFIXES[language].count("/"))
        assert f'href="{depth}assets/world-' in figure
        assert "http" not in figure.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_case_maps_mark_the_partners_countries_and_use_the_right_view(site):
    html = (site / "cases" / "seoul-mexico-city.html").read_text(encoding="utf-8")
    figure = _figure(html)
    assert "assets/world-180.svg#w" in figure  # around the Pacific
    marked = re.findall(r'class="cb-map__country" href="[^"]+#w-(\d+)"', figure)
    assert sorted(marked) == ["410", "484"]  # South Korea, Mexico
    brest = _figure((site / "en" / "cases" / "brest-qingdao.html").read_text(encoding="utf-8"))
    assert "assets/world-0.svg#w" in brest


def test_world_assets_are_published_once_and_pages_only_refer_to_them(site):
    for view in geography.VIEWS:
        asset = site / "assets" / geography.asset_name(view)
        assert asset.read_text(encoding="utf-8") == world.world_svg(view)
    page = (site / "cases" / "index.html").read_text(encoding="utf-8")
    assert 'id="w-250"' not in page and len(page) < 400_000


def test_explorer_map_has_a_link_per_partner_and_an_arc_per_pair(site):
    html = (site / "en" / "cases" / "index.html").read_text(encoding="utf-8")
    figure = re.search(
        r'<figure class="cb-map cb-map--world" id="cb-map">.*?</figure>', html, re.DOTALL
    )[0]
    groups = re.findall(
        r'<g class="cb-map__case" data-case="([a-z0-9-]+)"><a href="\1\.html" tabindex="-1" '
        r'aria-hidden="true"><title>([^<]+)</title>(.*?)</a></g>',
        figure,
    )
    assert {case_id for case_id, _, _ in groups} == set(BOOK.cases)
    for case_id, label, drawing in groups:
        partners = BOOK.cases[case_id].data["en"]["partners"]
        assert html_lib.unescape(label).startswith(BOOK.cases[case_id].data["en"]["title"])
        dots = re.search(r'class="cb-map__dot[^"]*" d="([^"]+)"', drawing)[1]
        assert dots.count("h0") == len(partners)
        assert ('class="cb-map__arc"' in drawing) == (len(partners) > 1)
    assert re.search(r'<title id="cb-map-title">[^<]+</title>', figure)


# --- In the browser ---------------------------------------------------------------------


def _pixels(png: bytes) -> list[tuple[int, int, int]]:
    from PIL import Image

    data = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    return [tuple(data[i : i + 3]) for i in range(0, len(data), 3)]


def _share(pixels, colour, tolerance=6) -> float:
    return sum(
        all(abs(a - b) <= tolerance for a, b in zip(p, colour, strict=True)) for p in pixels
    ) / len(pixels)


def _assert_apart_and_inside(labels, frame: dict, where: str) -> None:
    """City names on a map as the browser draws them: none covers another, none leaves
    the map (half a pixel of rounding allowed)."""
    boxes = [label.bounding_box() for label in labels.all()]
    for i, a in enumerate(boxes):
        inside = frame["x"] - 1 <= a["x"] and a["x"] + a["width"] <= frame["x"] + frame["width"] + 1
        assert inside, f"{where}: a name leaves the map"
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"] + 0.5
                or b["x"] + b["width"] <= a["x"] + 0.5
                or a["y"] + a["height"] <= b["y"] + 0.5
                or b["y"] + b["height"] <= a["y"] + 0.5
            )
            assert apart, f"{where}: names overlap"


def _on_screen(page, selector: str) -> tuple[float, float]:
    """Where the first point of an SVG path (a dot, a disc) is drawn, in page pixels."""
    return page.evaluate(
        """(selector) => {
        const path = document.querySelector(selector);
        const [, x, y] = path.getAttribute('d').match(/M([\\d.]+) ([\\d.]+)/);
        const point = new DOMPoint(+x, +y).matrixTransform(path.getScreenCTM());
        return [point.x, point.y];
    }""",
        selector,
    )


LAND_DRAWN = "document.querySelector('.cb-map__land').getBBox().width > 0"
"""The world asset, which the map's <use> fetches, is loaded and drawn."""
LAND, SEA, MARKED = (0xF3, 0xEF, 0xE6), (0xDC, 0xE9, 0xF5), (0xCF, 0xE0, 0xBD)


@pytest.mark.browser
@pytest.mark.parametrize(
    "language, viewport",
    [
        ("fr", "desktop"),
        *((language, "phone") for language in PREFIXES),
    ],  # labels are widest on a phone
)
def test_case_maps_show_land_and_labels_that_do_not_overlap(browser, served, viewport, language):
    page = browser.new_page(viewport=VIEWPORTS[viewport])
    for entry in BOOK.cases.values():
        page.goto(served + PREFIXES[language] + f"cases/{entry.id}.html")
        page.wait_for_function(LAND_DRAWN)
        canvas = page.locator("#cb-case-map .cb-map__canvas")
        pixels = _pixels(canvas.screenshot())
        assert _share(pixels, LAND) > 0.05, f"{entry.id}: no land drawn"
        assert _share(pixels, SEA) > 0.05, f"{entry.id}: no sea"
        labels = canvas.locator(".cb-map__label")
        names = {p["name"] for p in entry.data[language]["partners"]}
        assert {t.strip() for t in labels.all_inner_texts()} == names, entry.id
        size = page.evaluate("getComputedStyle(document.querySelector('.cb-map__label')).fontSize")
        assert float(size.removesuffix("px")) >= 12
        _assert_apart_and_inside(labels, canvas.bounding_box(), entry.id)
    # The partners' countries are marked (South Korea and Mexico: large enough to see).
    page.goto(served + PREFIXES[language] + "cases/seoul-mexico-city.html")
    page.wait_for_function(LAND_DRAWN)
    pixels = _pixels(page.locator("#cb-case-map .cb-map__canvas").screenshot())
    assert _share(pixels, MARKED) > 0.002
    # Martinique has no outline at 1:110m: a disc of the marked colour rings Le Lamentin.
    page.goto(served + PREFIXES[language] + "cases/lamentin-santiago-de-cuba.html")
    page.wait_for_function(LAND_DRAWN)
    page.locator("#cb-case-map").scroll_into_view_if_needed()
    x, y = _on_screen(page, "#cb-case-map .cb-map__island-fill")
    ring = _pixels(page.screenshot(clip={"x": x - 14, "y": y - 14, "width": 28, "height": 28}))
    assert _share(ring, MARKED) > 0.1
    page.close()


def _open(page, facet: str) -> None:
    details = page.locator(f'details[data-facet="{facet}"]')
    if details.get_attribute("open") is None:
        details.locator("summary").click()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_explorer_map_follows_the_filters_and_opens_cases(watched_page, served, viewport):
    page = watched_page
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(served + "es/cases/index.html")
    cases = page.locator("#cb-map .cb-map__case")
    assert cases.count() == len(BOOK.cases)
    _open(page, "country")
    page.locator('input[name="country"][value="KR"]').check()
    shown = page.locator("#cb-map .cb-map__case:not([hidden])")
    assert shown.count() == 1 and shown.get_attribute("data-case") == "seoul-mexico-city"
    assert page.locator("#cb-map .cb-map__country:not([hidden])").count() == 2
    assert page.locator("#cb-map .cb-map__label:not([hidden])").count() <= 2
    assert page.locator(".cb-card:visible").count() == 1
    # A partner's dot opens its case: click where Seoul is drawn.
    page.locator("#cb-map").scroll_into_view_if_needed()
    x, y = _on_screen(page, "#cb-map .cb-map__case:not([hidden]) .cb-map__dot")
    page.mouse.click(x, y)
    page.wait_for_url(served + "es/cases/seoul-mexico-city.html")
    assert page.problems == []


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_filter_names_the_cities_it_leaves_room_for(watched_page, served, site, viewport):
    """Where every case shows, a city whose name would cover another's is drawn without
    it (hidden in the page, for readers without JavaScript too); once a filter leaves
    room, its name appears, and no two names ever overlap or leave the map."""
    page_html = (site / "en" / "cases" / "index.html").read_text(encoding="utf-8")
    spares = re.findall(r'<span class="cb-map__label[^>]*data-spare="[^"]*" hidden>', page_html)
    assert spares, "every city is named on the whole map: nothing to test"
    page = watched_page
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(served + "en/cases/index.html?region=005")
    region = {
        c
        for c, e in BOOK.cases.items()
        if any(region_of(p["country"]) == "005" for p in e.data["en"]["partners"])
    }
    assert page.locator("#cb-map .cb-map__case:not([hidden])").count() == len(region)
    names = {p["name"] for c in region for p in BOOK.cases[c].data["en"]["partners"]}
    shown = page.locator("#cb-map .cb-map__label:not([hidden])")
    texts = {t.strip() for t in shown.all_inner_texts()}
    assert texts <= names
    if viewport == "desktop":
        assert texts == names
    _assert_apart_and_inside(shown, page.locator("#cb-map").bounding_box(), viewport)
    assert page.problems == []


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_facets_are_compact_groups_with_counts_and_chips(watched_page, served, viewport):
    page = watched_page
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(served + "en/cases/index.html")
    form = page.locator("form.cb-filters")
    # Collapsed, the filters leave the results near the top, even on a phone.
    assert form.bounding_box()["height"] < (420 if viewport == "phone" else 220)
    assert page.locator('input[name="theme"]').first.is_hidden()
    _open(page, "kind")
    page.locator('input[name="kind"][value="evaluation"]').check()
    _open(page, "country")
    page.locator('input[name="country"][value="FR"]').check()
    chips = page.locator(".cb-chip")
    assert chips.count() == 2
    assert page.locator('details[data-facet="kind"] summary').inner_text().endswith("(1)")
    chips.first.click()  # removes "Evaluation"
    assert not page.locator('input[name="kind"][value="evaluation"]').is_checked()
    assert parse_qs(urlparse(page.url).query) == {"country": ["FR"]}
    assert page.problems == []


def _theme_without_korea() -> str:
    """A theme of some cases, none of them Korean: with Korea, nothing matches."""
    korean = {
        t
        for e in BOOK.cases.values()
        if any(p["country"] == "KR" for p in e.data["fr"]["partners"])
        for t in e.data["fr"]["themes"]
    }
    return next(t for e in BOOK.cases.values() for t in e.data["fr"]["themes"] if t not in korean)


@pytest.mark.browser
def test_no_result_says_which_filter_to_loosen(watched_page, served):
    from casebook import localise

    page = watched_page
    theme = _theme_without_korea()
    page.goto(served + f"cases/index.html?country=KR&theme={theme}")
    assert page.locator(".cb-card:visible").count() == 0
    # Removing Korea shows the cases of the theme; removing the theme shows Seoul's one:
    # the hint names the removal that shows more (the theme's chip first on a tie).
    with_theme = sum(theme in e.data["fr"]["themes"] for e in BOOK.cases.values())
    if with_theme > 1:
        label, n = localise.country_name("KR", "fr"), with_theme
    else:
        label, n = localise.vocabulary("theme", theme, "fr"), 1
    status = page.locator(".cb-filters__count")
    expected = f"Aucun cas ne correspond à tous ces filtres. Retirez «\u00a0{label}\u00a0» pour en voir {n}."
    assert status.inner_text() == expected
    assert status.get_attribute("role") == "status"
    assert page.problems == []


@pytest.mark.browser
def test_cards_sort_by_title_start_and_review(watched_page, served):
    page = watched_page
    page.goto(served + "en/cases/index.html")
    select = page.locator('select[name="sort"]')

    def order() -> list[str]:
        return page.eval_on_selector_all(".cb-card", "cards => cards.map(c => c.dataset.case)")

    by_start = order()
    select.select_option("title")
    titles = [BOOK.cases[i].data["en"]["title"] for i in order()]
    assert titles == sorted(titles, key=str.casefold)
    assert parse_qs(urlparse(page.url).query) == {"sort": ["title"]}
    select.select_option("updated")
    reviewed = [BOOK.cases[i].data["en"]["last_reviewed"] for i in order()]
    assert reviewed == sorted(reviewed, reverse=True)
    page.reload()
    assert select.input_value() == "updated"
    select.select_option("start")
    assert order() == by_start
    assert page.problems == []


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_explorer_with_open_facets_passes_axe(page, served, axe, viewport):
    from tests.test_quality import WCAG_TAGS

    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(served + "es/cases/index.html?country=FR")
    for facet in ("kind", "country", "period"):
        _open(page, facet)
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
