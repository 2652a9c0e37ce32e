"""Finding cases: the explorer (cards and facets), the map, the timeline and the comparison.

Everything is generated at build time as HTML that reads well without JavaScript (a full
list, a plain table, an SVG map with links); ``docs/assets/explorer.js`` adds the facet
filters, live counts, URL state and table sorting on top. The map is an SVG drawn from
the partners' coordinates: no tile server, no request to another site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup

from . import localise, render
from .book import Casebook
from .regions import region_of

MAP_WIDTH, MAP_HEIGHT = 1000, 500


@dataclass
class Partner:
    name: str
    country: str
    country_name: str
    lat: float
    lon: float


@dataclass
class CaseRecord:
    """What the finding tools need to know of a case, in one language."""

    id: str
    title: str
    summary: str
    kind: str
    kind_label: str
    themes: list[tuple[str, str]]
    instruments: list[str]
    partners: list[Partner]
    regions: list[tuple[str, str]]
    start: int
    end: int | None
    milestones: list[tuple[int, str]]
    indicators: list[str] = field(default_factory=list)
    first_steps: list[str] = field(default_factory=list)
    """The first steps of its "reproduce it" advice, for the comparison."""

    @property
    def href(self) -> str:
        """URL relative to the ``cases/`` folder, where every finding page lives."""
        return f"{self.id}.html"

    @cached_property
    def countries(self) -> list[tuple[str, str]]:
        return list(dict.fromkeys((p.country, p.country_name) for p in self.partners))

    @property
    def end_year(self) -> int:
        """The period's end for explorer.js's period filter: a case still running ends
        in :data:`ONGOING`."""
        return self.end if self.end is not None else ONGOING

    @cached_property
    def facets(self) -> dict[str, str]:
        """The values explorer.js filters on (``data-*`` attributes), the period aside:
        a card carries the case's, a timeline item its milestone's year."""
        return {
            "kind": self.kind,
            "theme": " ".join(key for key, _ in self.themes),
            "country": " ".join(code for code, _ in self.countries),
            "region": " ".join(code for code, _ in self.regions),
        }

    @cached_property
    def facet_attributes(self) -> Markup:
        """The facets as ``data-*`` attributes, escaped once: a card shows them, and so does
        each of the case's milestones on the timeline."""
        return Markup("").join(
            Markup(' data-{}="{}"').format(key, value) for key, value in self.facets.items()
        )


ONGOING = 9999
"""The end year given to a case with no end, so that every period filter includes it."""


def records(book: Casebook, language: str) -> list[CaseRecord]:
    out = []
    for entry in book.cases.values():
        data = entry.data[language]
        partners = [
            Partner(
                p["name"],
                p["country"],
                localise.country_name(p["country"], language),
                p["lat"],
                p["lon"],
            )
            for p in data["partners"]
        ]
        regions = list(dict.fromkeys(region_of(p.country) for p in partners))
        indicators = []
        for indicator in data["indicators"]:
            value = indicator.get("value")
            figure = f"{localise.number(value, language)} — " if value is not None else ""
            indicators.append(f"{figure}{indicator['label']} ({indicator['year']})")
        out.append(
            CaseRecord(
                id=entry.id,
                title=data["title"],
                summary=data["summary"],
                kind=data["kind"],
                kind_label=localise.vocabulary("kind", data["kind"], language),
                themes=[
                    (key, localise.vocabulary("theme", key, language)) for key in data["themes"]
                ],
                instruments=[
                    localise.vocabulary("instrument", key, language) for key in data["instruments"]
                ],
                partners=partners,
                regions=[(code, localise.region_name(code, language)) for code in regions],
                start=data["period"]["start"],
                end=data["period"]["end"],
                milestones=[(m["year"], m["label"]) for m in data["milestones"]],
                indicators=indicators,
                first_steps=[a["text"] for a in (data["reproduce"] or {}).get("first_steps", [])],
            )
        )
    return sorted(out, key=lambda r: (r.start, r.title))


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection onto the map's viewBox."""
    return round((lon + 180) / 360 * MAP_WIDTH, 1), round((90 - lat) / 180 * MAP_HEIGHT, 1)


GRATICULE = " ".join(
    [f"M0 {project(lat, 0)[1]}H{MAP_WIDTH}" for lat in range(-60, 90, 30)]
    + [f"M{project(0, lon)[0]} 0V{MAP_HEIGHT}" for lon in range(-150, 180, 30)]
)
"""Parallels every 30° and meridians every 30°, as one SVG path (one element, not 16)."""


def world_map(
    cases: list[CaseRecord],
    language: str,
    *,
    title: str,
    small: bool = False,
    map_id: str = "cb-map",
) -> str:
    """An accessible SVG map: a title and description, each partner a focusable link to its case."""
    lines, points = [], []
    for case in cases:
        coords = [project(p.lat, p.lon) for p in case.partners]
        for (x1, y1), (x2, y2) in zip(coords, coords[1:], strict=False):
            lines.append({"x1": x1, "y1": y1, "x2": x2, "y2": y2, "kind": case.kind})
        for partner, (x, y) in zip(case.partners, coords, strict=True):
            label = f"{partner.name} ({partner.country_name}) — {case.title}"
            points.append({"x": x, "y": y, "href": case.href, "label": label, "kind": case.kind})
    return render.fragment(
        "world_map.html",
        language,
        map_id=map_id,
        title=title,
        lines=lines,
        points=points,
        small=small,
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        graticule=GRATICULE,
    )


def facet_options(cases: list[CaseRecord]) -> dict[str, list[tuple[str, str]]]:
    """Every value each facet takes, labelled, in a stable order."""
    kinds = dict((c.kind, c.kind_label) for c in cases)
    themes = dict(t for c in cases for t in c.themes)
    countries = dict(p for c in cases for p in c.countries)
    regions = dict(r for c in cases for r in c.regions)

    def by_label(items: dict[str, str]) -> list[tuple[str, str]]:
        return sorted(items.items(), key=lambda item: localise.sort_key(item[1]))

    return {
        "kind": by_label(kinds),
        "theme": by_label(themes),
        "country": by_label(countries),
        "region": by_label(regions),
    }


def explorer_html(cases: list[CaseRecord], language: str) -> str:
    """The explorer: filters, the map of every case, and a card per case."""
    return render.fragment(
        "explorer.html",
        language,
        cases=cases,
        options=facet_options(cases),
        years=(
            min((c.start for c in cases), default=1900),
            max((c.end or c.start for c in cases), default=2100),
        ),
        count_template=localise.template(language, "shown_count"),
        world_map=world_map(cases, language, title=localise.t(language, "map_title")),
    )


def timeline_html(cases: list[CaseRecord], language: str) -> str:
    """Every milestone of every case, year by year, with the explorer's filters."""
    milestones = sorted(
        ((year, label, case) for case in cases for year, label in case.milestones),
        key=lambda m: (m[0], m[2].title),
    )
    return render.fragment(
        "timeline.html",
        language,
        milestones=milestones,
        options=facet_options(cases),
        years=(
            min((m[0] for m in milestones), default=1900),
            max((m[0] for m in milestones), default=2100),
        ),
        count_template=localise.template(language, "shown_count_timeline"),
    )


def compare_html(cases: list[CaseRecord], language: str) -> str:
    """The cases side by side, in a table that sorts by column."""
    return render.fragment("compare.html", language, cases=cases)


def case_map(case: CaseRecord, language: str) -> str:
    return world_map(
        [case],
        language,
        title=localise.t(language, "map_case_title", title=case.title),
        small=True,
        map_id="cb-case-map",
    )
