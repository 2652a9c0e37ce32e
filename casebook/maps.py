"""Partnership maps: where a case's partners are, on the world of :mod:`casebook.geography`.

A map is an SVG with the sea, the countries (used from the shared world asset, the
partners' countries marked) and, for each case, one group: the great-circle arcs between
its partners and a dot for each. City names are HTML laid over it at percentages of its
size, so they keep their size in pixels on a phone and on a desk; dots and arcs keep
theirs too (non-scaling strokes). None of it needs JavaScript. The figure's caption
lists the partners and their countries, for screen readers and for paper.

On the explorer's map a case's dots and arcs are a link to it, for a pointer: partners a
few kilometres apart share a spot there, too close to tell apart by touch or by
keyboard, so these links stay out of the tab order and of the accessibility tree, and
each case's card below the map is the link that meets WCAG's target size (criterion
2.5.8's "equivalent" exception). On a case's own page the dots link nowhere.

Each map frames its partners (a Pacific pair is drawn around the Pacific, see
:func:`casebook.geography.best_view`); labels are placed where they overlap no other label
or marker on a 320-pixel-wide screen, and so on any wider one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from . import geography, render

REFERENCE_WIDTH = 288
"""Pixels: a map's width on a 320-pixel screen, where labels are placed (wider, they only get room)."""
STROKE_WIDTH = 600
"""Pixels: the width at which borders and arcs are drawn 1 px wide (SVG strokes scale with
the map; on screens, arcs keep their width, see ``.cb-map__arc`` in the site's CSS)."""
LABEL_HEIGHT = 18
"""Pixels a label takes up (13 px text, CSS ``.cb-map__label``)."""
CHARACTER_WIDTH = 7.2
"""Pixels per character of a label: the average width of 13 px sans-serif text, a little generous."""
MARKER = 18
"""Pixels: a partner's dot, its white ring included (CSS ``.cb-map__halo``)."""
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
) -> list[tuple[str, bool]]:
    """For each label (name, x, y in reference pixels), in order, a side and whether it is
    shown: the first side where it overlaps no marker, no label shown and stays on the map.
    With ``every``, a label that fits nowhere still goes where it overlaps least; otherwise
    it is left out, at its first side on the map (hidden in the page: the explorer shows it
    when a filter leaves room; its markers keep the name in their tooltips). ``height``:
    the map's, in pixels when it is :data:`REFERENCE_WIDTH` wide."""
    half = MARKER / 2
    taken = [Box(x - half, y - half, x + half, y + half) for _, x, y in places]
    placed = []
    for name, x, y in places:
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
            placed.append((inside[0][0], False))
            continue
        taken.append(box)
        placed.append((side, True))
    return placed


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
        case.id: [geography.project(p.lon, p.lat, view) for p in case.partners] for case in cases
    }
    shown = world_frame() if whole_world or not places else frame(sum(points.values(), []))
    cities: dict[tuple[str, float, float], list[str]] = {}
    for case in cases:
        for partner, point in zip(case.partners, points[case.id], strict=True):
            cities.setdefault((partner.name, *shown.percent(point)), []).append(case.id)
    to_pixels = REFERENCE_WIDTH / shown.width
    height = shown.height * to_pixels
    named = list(cities)
    placed = place_labels(
        [(name, left / 100 * REFERENCE_WIDTH, top / 100 * height) for name, left, top in named],
        height,
        every=not whole_world,
    )
    labels = [
        {
            "name": name,
            "left": left,
            "top": top,
            "side": side,
            "spare": not visible,
            "cases": " ".join(dict.fromkeys(cities[(name, left, top)])),
        }
        for (name, left, top), (side, visible) in zip(named, placed, strict=True)
    ]
    unit = shown.width / STROKE_WIDTH  # SVG units per pixel, where strokes are drawn
    return render.fragment(
        "map.html",
        language,
        map_id=map_id,
        title=title,
        description=description,
        frame=shown,
        world=f"{assets}{geography.asset_name(view)}",
        countries=_involved(cases),
        islands=_islands(cases, points),
        drawn=[_drawn(case, points[case.id], view) for case in cases],
        labels=labels,
        unit=round(unit, 4),
        whole_world=whole_world,
        partners=[] if whole_world else _partner_list(cases),
    )


def _drawn(case: Mapped, points: list[geography.Point], view: int) -> dict[str, str]:
    """One case on a map, as one SVG group (filtering shows or hides one element per case):
    great-circle arcs from its first partner to each other one (a twinning is a pair; a
    network links its members to the one that leads), and a dot per partner, drawn as a
    zero-length line with round caps, so that, like the arcs, it keeps its size in pixels
    at any width (``vector-effect: non-scaling-stroke`` in the site's CSS)."""
    first, *others = case.partners
    arcs = []
    for other in others:
        for line in geography.great_circle((first.lon, first.lat), (other.lon, other.lat), view):
            arcs.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in line))
    partners = ", ".join(f"{p.name} ({p.country_name})" for p in case.partners)
    return {
        "id": case.id,
        "href": case.href,
        "kind": case.kind,
        "label": f"{case.title} — {partners}",
        "arcs": "".join(arcs),
        "dots": "".join(f"M{x:.1f} {y:.1f}h0" for x, y in points),
    }


def _involved(cases: Sequence[Mapped]) -> list[dict[str, str]]:
    """The partners' countries that have an outline at this scale (small islands, such as
    Martinique, do not), with the cases involving each."""
    found: dict[str, list[str]] = {}
    for case in cases:
        for partner in case.partners:
            code = geography.country_id(partner.country)
            if code in geography.outlined():
                found.setdefault(code, []).append(case.id)
    return [
        {"id": code, "cases": " ".join(dict.fromkeys(ids))} for code, ids in sorted(found.items())
    ]


def _islands(
    cases: Sequence[Mapped], points: dict[str, list[geography.Point]]
) -> list[dict[str, str]]:
    """The partners whose country is too small to have an outline at this scale (such as
    Martinique): their country is marked by a disc of its colour around the city."""
    found: dict[str, list[str]] = {}
    for case in cases:
        for partner, (x, y) in zip(case.partners, points[case.id], strict=True):
            if geography.country_id(partner.country) not in geography.outlined():
                found.setdefault(f"M{x:.1f} {y:.1f}h0", []).append(case.id)
    return [{"d": d, "cases": " ".join(dict.fromkeys(ids))} for d, ids in found.items()]


def _partner_list(cases: Sequence[Mapped]) -> list[tuple[str, str]]:
    """Each partner once, with its country, in the order the cases name them."""
    return list(dict.fromkeys((p.name, p.country_name) for case in cases for p in case.partners))
