"""Partnership maps: where a case's partners are, on the world of :mod:`casebook.geography`.

A map is three layers in one figure. The SVG draws the sea, the countries (used from the
shared world asset, the partners' countries marked) and the great-circle arcs between a
case's partners. Markers and city names are HTML laid over it at percentages of its
size: they keep the same size in pixels on a phone and on a desk, and none of it needs
JavaScript. The figure's caption lists the partners and their countries, for screen
readers and for paper.

On the explorer's map a marker or an arc is a link to its case, for a pointer: partners
a few kilometres apart share a spot there, too close to tell apart by touch or by
keyboard, so these links stay out of the tab order and of the accessibility tree, and
each case's card below the map is the link that meets WCAG's target size (criterion
2.5.8's "equivalent" exception). On a case's own page the markers link nowhere.

Each map frames its partners (a Pacific pair is drawn around the Pacific, see
:func:`casebook.geography.best_view`); labels are placed where they overlap no other label
or marker on a 360-pixel-wide screen, and so on any wider one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from . import geography, render

REFERENCE_WIDTH = 360
"""Pixels: a phone's width, where labels are placed (on a wider screen they only get room)."""
STROKE_WIDTH = 600
"""Pixels: the width at which borders and arcs are drawn 1 px wide (SVG strokes scale with
the map; on screens, arcs keep their width, see ``.cb-map__arc`` in the site's CSS)."""
LABEL_HEIGHT = 18
"""Pixels a label takes up (13 px text, CSS ``.cb-map__label``)."""
CHARACTER_WIDTH = 7.2
"""Pixels per character of a label: the average width of 13 px sans-serif text, a little generous."""
MARKER = 14
"""Pixels: a marker's diameter (CSS ``.cb-map__marker``)."""
ASPECT = 2.0
"""A map's width to height."""
SMALLEST = 110.0
"""SVG units (a world is 1,000 wide): the narrowest frame, about 40° of longitude, so a
one-city case still shows its region."""
SOUTHMOST = -58.0
"""Latitude where the world map stops: south of it, no city (and no Antarctica, see geography)."""


@dataclass(frozen=True)
class Partner:
    """A partner local government, named in the reader's language."""

    name: str
    country: str
    country_name: str
    lat: float
    lon: float


class Mapped(Protocol):
    """What a map needs of a case (:class:`casebook.finding.CaseRecord` has it)."""

    id: str
    title: str
    href: str
    kind: str
    partners: list[Partner]


@dataclass(frozen=True)
class Frame:
    """The part of a view's plane a map shows, in SVG units."""

    x: float
    y: float
    width: float
    height: float

    def percent(self, point: geography.Point) -> tuple[float, float]:
        return (
            round((point[0] - self.x) / self.width * 100, 2),
            round((point[1] - self.y) / self.height * 100, 2),
        )

    @property
    def view_box(self) -> str:
        return f"{self.x:.1f} {self.y:.1f} {self.width:.1f} {self.height:.1f}"


def world_frame() -> Frame:
    """The whole world but the far south."""
    bottom = geography.project(0, SOUTHMOST, 0)[1]
    return Frame(0, 0, geography.WIDTH, bottom)


def frame(points: Sequence[geography.Point]) -> Frame:
    """The frame around ``points``: a margin on every side, at least :data:`SMALLEST` wide,
    :data:`ASPECT` to one, inside the world (shifted rather than cut at its edges)."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    width = max((max(xs) - min(xs)) * 1.5, (max(ys) - min(ys)) * 1.5 * ASPECT, SMALLEST)
    height = width / ASPECT
    world_width, world_height = geography.WIDTH, geography.height()
    if width > world_width or height > world_height:
        return world_frame()
    centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x = min(max(centre_x - width / 2, 0), world_width - width)
    y = min(max(centre_y - height / 2, 0), world_height - height)
    return Frame(x, y, width, height)


@dataclass
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return not (
            self.right <= other.left
            or other.right <= self.left
            or self.bottom <= other.top
            or other.bottom <= self.top
        )


SIDES = (
    "right",
    "left",
    "above",
    "below",
    "above-right",
    "below-right",
    "above-left",
    "below-left",
)
"""Where a label may go around its marker, in order of preference (CSS ``.cb-map__label--…``)."""


def _label_box(x: float, y: float, text: str, side: str) -> Box:
    """The pixels a label takes on the reference screen, for a marker at ``x, y``."""
    width, height, gap = len(text) * CHARACTER_WIDTH + 6, LABEL_HEIGHT, MARKER / 2 + 2
    left = {"right": x + gap, "left": x - gap - width}.get(side.split("-")[-1], x - width / 2)
    if side.startswith("above"):
        top = y - gap - height
    elif side.startswith("below"):
        top = y + gap
    else:
        top = y - height / 2
    if side in ("above-right", "below-right"):
        left = x + MARKER / 4
    elif side in ("above-left", "below-left"):
        left = x - MARKER / 4 - width
    return Box(left, top, left + width, top + height)


def place_labels(
    places: Sequence[tuple[str, float, float]], height: float, *, every: bool
) -> dict[int, str]:
    """A side for each label (name, x, y in reference pixels) where it overlaps no marker,
    no other label and stays on the map, by index. With ``every``, a label that fits
    nowhere still goes where it overlaps least; otherwise it is left out (its markers keep
    the name for screen readers and in their tooltips). ``height``: the map's, in pixels
    when it is :data:`REFERENCE_WIDTH` wide."""
    half = MARKER / 2
    taken = [Box(x - half, y - half, x + half, y + half) for _, x, y in places]
    sides = {}
    for index, (name, x, y) in enumerate(places):
        candidates = [(side, _label_box(x, y, name, side)) for side in SIDES]
        inside = [
            (side, box)
            for side, box in candidates
            if box.left >= 0
            and box.top >= 0
            and box.right <= REFERENCE_WIDTH
            and box.bottom <= height
        ] or candidates
        free = [(side, box) for side, box in inside if not any(box.overlaps(t) for t in taken)]
        if free:
            side, box = free[0]
        elif every:
            side, box = min(inside, key=lambda c: sum(c[1].overlaps(t) for t in taken))
        else:
            continue
        taken.append(box)
        sides[index] = side
    return sides


def draw(
    cases: Sequence[Mapped],
    language: str,
    *,
    title: str,
    description: str,
    assets: str,
    map_id: str,
    whole_world: bool = False,
) -> str:
    """A map of ``cases``: the world framed around their partners (or ``whole_world``),
    ``assets`` the relative URL of the site's ``assets/`` folder."""
    places = [(p.lon, p.lat) for case in cases for p in case.partners]
    view = 0 if whole_world or not places else geography.best_view(places)
    points = {
        (case.id, index): geography.project(p.lon, p.lat, view)
        for case in cases
        for index, p in enumerate(case.partners)
    }
    shown = world_frame() if whole_world or not places else frame(list(points.values()))
    markers, cities = [], {}
    for case in cases:
        for index, partner in enumerate(case.partners):
            point = points[(case.id, index)]
            left, top = shown.percent(point)
            markers.append(
                {
                    "case": case.id,
                    "href": case.href,
                    "kind": case.kind,
                    "left": left,
                    "top": top,
                    "label": f"{partner.name} ({partner.country_name}) — {case.title}",
                }
            )
            key = (partner.name, left, top)
            cities.setdefault(key, []).append(case.id)
    to_pixels = REFERENCE_WIDTH / shown.width
    height = shown.height * to_pixels
    named = list(cities)
    sides = place_labels(
        [(name, left / 100 * REFERENCE_WIDTH, top / 100 * height) for name, left, top in named],
        height,
        every=not whole_world,
    )
    labels = [
        {
            "name": named[index][0],
            "left": named[index][1],
            "top": named[index][2],
            "side": side,
            "cases": " ".join(dict.fromkeys(cities[named[index]])),
        }
        for index, side in sorted(sides.items())
    ]
    return render.fragment(
        "map.html",
        language,
        map_id=map_id,
        title=title,
        description=description,
        frame=shown,
        world=f"{assets}{geography.asset_name(view)}",
        countries=_involved(cases),
        arcs=list(_arcs(cases, view)),
        markers=markers,
        labels=labels,
        stroke=round(shown.width / STROKE_WIDTH, 3),
        whole_world=whole_world,
        partners=[] if whole_world else _partner_list(cases),
    )


def _involved(cases: Sequence[Mapped]) -> list[dict[str, str]]:
    """The partners' countries that have an outline at this scale (small islands, such as
    Martinique, do not), with the cases involving each."""
    found: dict[str, list[str]] = {}
    for case in cases:
        for partner in case.partners:
            code = geography.country_id(partner.country)
            if code in geography.countries():
                found.setdefault(code, []).append(case.id)
    return [
        {"id": code, "cases": " ".join(dict.fromkeys(ids))} for code, ids in sorted(found.items())
    ]


def _arcs(cases: Sequence[Mapped], view: int):
    """Great-circle arcs from each case's first partner to each other one (a twinning is
    a pair; a network case links its members to the one that leads)."""
    for case in cases:
        first, *others = case.partners
        for other in others:
            lines = geography.great_circle((first.lon, first.lat), (other.lon, other.lat), view)
            if lines:
                yield {
                    "case": case.id,
                    "href": case.href,
                    "kind": case.kind,
                    "d": "".join(
                        "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in line) for line in lines
                    ),
                }


def _partner_list(cases: Sequence[Mapped]) -> list[tuple[str, str]]:
    """Each partner once, with its country, in the order the cases name them."""
    return list(dict.fromkeys((p.name, p.country_name) for case in cases for p in case.partners))
