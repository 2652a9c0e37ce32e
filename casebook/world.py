"""The world under every map: Natural Earth's countries, drawn once per view as SVG.

:func:`assets` writes one SVG per view of :mod:`casebook.geography` (``world-0.svg``,
``world-180.svg``), one path per country, that every map of the site reuses
(``<use href="…/world-0.svg#w-250">``): no tile, no request to another host. Outlines
that a view's edge cuts are split there with shapely, so no country is smeared across the
map. Only the default language's build writes them, so only it loads shapely.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import shapely
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.ops import unary_union

from .geography import (
    VIEWS,
    WIDTH,
    Point,
    asset_name,
    extent,
    height,
    outlined,
    scale,
    topology,
    transformer,
)

DENSIFY = 2.0
"""Degrees: longer edges (those cut at a view's edge) get points, to follow the projection's curves."""


@dataclass(frozen=True)
class Country:
    """A country's outline in longitude and latitude; ``id`` is its ISO 3166-1 numeric code."""

    id: str
    name: str
    shape: MultiPolygon


@functools.cache
def countries() -> dict[str, Country]:
    """Every country's outline, decoded from the TopoJSON topology."""
    arcs = list(_decode_arcs(topology()))
    out = {}
    for geometry in topology()["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if code not in outlined():
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        drawn = MultiPolygon(
            [
                Polygon(_ring(rings[0], arcs), [_ring(r, arcs) for r in rings[1:]])
                for rings in polygons
            ]
        )
        # At 1:110m a few outlines touch themselves (Russia, Sudan…): made valid, so
        # that cutting them at a view's edge works.
        shape = MultiPolygon(list(_polygons(shapely.make_valid(drawn))))
        out[code] = Country(code, geometry["properties"]["name"], shape)
    return out


def _decode_arcs(data: dict) -> Iterator[list[Point]]:
    """TopoJSON's quantized, delta-encoded arcs as longitude, latitude points."""
    (sx, sy), (tx, ty) = data["transform"]["scale"], data["transform"]["translate"]
    for arc in data["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        yield points


def _ring(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    """A ring joined from arcs (a negative index ``~i`` is arc ``i`` reversed), unwrapped:
    where it crosses the antimeridian (Fiji, Chukotka) it goes on past ±180° rather than
    jump to the other side, so that :func:`_recentred` cuts it where a view's edge is."""
    ring: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])
    unwrapped, turn = ring[:1], 0.0
    for (lon_a, _), (lon_b, lat_b) in itertools.pairwise(ring):
        if abs(lon_b - lon_a) > 180:
            turn -= math.copysign(360, lon_b - lon_a)
        unwrapped.append((lon_b + turn, lat_b))
    return unwrapped


def _recentred(shape: MultiPolygon, view: int) -> MultiPolygon:
    """``shape`` with longitudes relative to ``view``, cut where the view's edge crosses it."""
    moved = shapely.affinity.translate(shape, xoff=-view)
    pieces = []
    for offset in (-360, 0, 360):  # the part that fell off one side comes back on the other
        window = box(-180 - offset, -90, 180 - offset, 90)
        part = moved.intersection(window)
        if not part.is_empty:
            pieces.append(shapely.affinity.translate(part, xoff=offset))
    return MultiPolygon(list(_polygons(unary_union(pieces))))


def _polygons(shape: shapely.Geometry) -> Iterator[Polygon]:
    """The polygons of a shape, whatever shapely made of it (a cut may leave lines)."""
    if isinstance(shape, Polygon):
        yield shape
    elif hasattr(shape, "geoms"):
        for part in shape.geoms:
            yield from _polygons(part)


def _projected_rings(shape: MultiPolygon, view: int) -> Iterator[list[Point]]:
    half_width, half_height = extent()
    to_plane, factor = transformer(), scale()
    dense = shapely.segmentize(_recentred(shape, view), DENSIFY)
    for polygon in _polygons(dense):
        for ring in (polygon.exterior, *polygon.interiors):
            lons, lats = zip(*ring.coords, strict=True)
            xs, ys = to_plane.transform(lons, lats)
            yield [
                ((x + half_width) * factor, (half_height - y) * factor)
                for x, y in zip(xs, ys, strict=True)
            ]


def path_data(rings: Iterable[list[Point]], precision: int = 1) -> str:
    """SVG path data in relative moves rounded to ``precision`` decimals (compact: the
    world is about 8,000 points). Each delta is taken between rounded positions, so that
    rounding errors never add up along a coast."""
    factor = 10**precision
    commands, last = [], (0, 0)
    for ring in rings:
        points = [(round(x * factor), round(y * factor)) for x, y in ring]
        points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if points[-1] == points[0]:
            points.pop()  # "z" closes the ring
        if len(points) < 3:
            continue
        start = points[0]
        deltas = [d for a, b in itertools.pairwise(points) for d in (b[0] - a[0], b[1] - a[1])]
        commands.append(
            f"m{_numbers((start[0] - last[0], start[1] - last[1]), precision)}"
            f"l{_numbers(deltas, precision)}z"
        )
        last = start  # after "z" the pen is back at the ring's start
    return "".join(commands)


def _numbers(values: Iterable[int], precision: int) -> str:
    """Numbers as SVG path data writes them: ``1.5-2 .3`` (a minus sign separates too)."""
    text = ""
    for value in values:
        number = f"{value / 10**precision:.{precision}f}".rstrip("0").rstrip(".") or "0"
        if number.startswith(("0.", "-0.")):
            number = number.replace("0.", ".", 1)
        text += number if not text or number.startswith("-") else f" {number}"
    return text


@functools.cache
def world_svg(view: int) -> str:
    """The asset of ``view``: one path per country, ``id="w-<ISO numeric>"``, grouped in
    ``id="w"``. No fill or stroke of its own, so that each map styles what it uses."""
    paths = "".join(
        f'<path id="w-{country.id}" d="{path_data(_projected_rings(country.shape, view))}"/>'
        for country in sorted(countries().values(), key=lambda c: c.id)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH:g} {height():.1f}">'
        "<title>Natural Earth 1:110m countries, Equal Earth projection</title>"
        f'<g id="w">{paths}</g></svg>\n'
    )


def assets() -> dict[str, str]:
    """Every view's world, by its path in the site."""
    return {f"assets/{asset_name(view)}": world_svg(view) for view in VIEWS}
