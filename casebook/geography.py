"""The world the maps are drawn on: Natural Earth's countries, projected at build time.

The outlines are Natural Earth's 1:110m countries (public domain) as the npm package
``world-atlas`` publishes them: ``data/countries-110m.json`` is that package's file, byte for
byte (a test compares it with the pinned package in ``tests/node``). They are projected
with PROJ's Equal Earth (through pyproj), an equal-area projection that keeps the shapes
of continents readable, onto a plane :data:`WIDTH` units wide, and written once as SVG
assets that every map of the site reuses (``<use href="…/world-0.svg#w-250">``): no tile,
no request to another host.

A map centred on Greenwich draws a partnership between Seoul and Mexico City across
Europe and Africa. So the world is projected around two central meridians (:data:`VIEWS`):
0°, and 180° for partners around the Pacific; :func:`best_view` picks, for a set of
places, the one where they lie closest together. Outlines that the view's edge cuts are
split there with shapely, so no country is smeared across the map.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pycountry
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.ops import unary_union

DATA = Path(__file__).parent / "data" / "countries-110m.json"
"""Natural Earth 1:110m countries, from the npm package world-atlas 2.0.2 (see module doc)."""
VIEWS = (0, 180)
"""Central meridians a map may be drawn around."""
WIDTH = 1000.0
"""The projected world's width, in SVG units."""
LEFT_OUT = {"010"}
"""Antarctica: no local government partners from it, and it would take a fifth of the map."""
DENSIFY = 2.0
"""Degrees: longer edges (those cut at a view's edge) get points, to follow the projection's curves."""

Point = tuple[float, float]


@dataclass(frozen=True)
class Country:
    """A country's outline in longitude and latitude; ``id`` is its ISO 3166-1 numeric code."""

    id: str
    name: str
    shape: MultiPolygon


def asset_name(view: int) -> str:
    """The file (under ``assets/``) holding the world drawn around ``view``."""
    return f"world-{view}.svg"


def country_id(alpha_2: str) -> str | None:
    """The numeric code Natural Earth's outline of a country carries, if it has one."""
    country = pycountry.countries.get(alpha_2=alpha_2)
    return country.numeric if country else None


@functools.cache
def countries() -> dict[str, Country]:
    """Every country's outline, decoded from the TopoJSON topology."""
    topology = json.loads(DATA.read_text(encoding="utf-8"))
    arcs = list(_decode_arcs(topology))
    out = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if code is None or code in LEFT_OUT:
            continue  # a few disputed areas have no ISO code; no partner can be in them
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


def _decode_arcs(topology: dict) -> Iterator[list[Point]]:
    """TopoJSON's quantized, delta-encoded arcs as longitude, latitude points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    for arc in topology["arcs"]:
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


@functools.cache
def _transformer() -> Transformer:
    """WGS 84 longitude, latitude → Equal Earth (EPSG:8857, centred on Greenwich)."""
    return Transformer.from_crs("EPSG:4326", "EPSG:8857", always_xy=True)


@functools.cache
def _extent() -> Point:
    """Half the projected world's width and height (the equator's end, the pole)."""
    transformer = _transformer()
    return transformer.transform(180, 0)[0], transformer.transform(0, 90)[1]


def scale() -> float:
    return WIDTH / (2 * _extent()[0])


def height() -> float:
    return 2 * _extent()[1] * scale()


def _shift(lon: float, view: int) -> float:
    """A longitude relative to the view's central meridian, in [-180, 180)."""
    return (lon - view + 180) % 360 - 180


def project(lon: float, lat: float, view: int) -> Point:
    """A place on the plane of ``view``: x from the left, y from the top, in SVG units."""
    x, y = _transformer().transform(_shift(lon, view), lat)
    half_width, half_height = _extent()
    return (x + half_width) * scale(), (half_height - y) * scale()


def best_view(places: Iterable[Point]) -> int:
    """The view where ``places`` (longitude, latitude) lie closest together east to west."""
    longitudes = [lon for lon, _ in places]

    def spread(view: int) -> float:
        shifted = [_shift(lon, view) for lon in longitudes]
        return max(shifted, default=0) - min(shifted, default=0)

    return min(VIEWS, key=spread)


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
    half_width, half_height = _extent()
    transformer, factor = _transformer(), scale()
    dense = shapely.segmentize(_recentred(shape, view), DENSIFY)
    for polygon in _polygons(dense):
        for ring in (polygon.exterior, *polygon.interiors):
            lons, lats = zip(*ring.coords, strict=True)
            xs, ys = transformer.transform(lons, lats)
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


@functools.cache
def _geod() -> Geod:
    return Geod(ellps="WGS84")


def great_circle(a: Point, b: Point, view: int, step_km: float = 400) -> list[list[Point]]:
    """The shortest way between two places (longitude, latitude) on ``view``'s plane, as
    polylines: split in two where it leaves the map on one side and comes back on the other."""
    distance = _geod().inv(a[0], a[1], b[0], b[1])[2] / 1000
    count = max(0, min(64, math.ceil(distance / step_km) - 1))
    between = _geod().npts(a[0], a[1], b[0], b[1], count) if count else []
    lines: list[list[Point]] = [[]]
    previous = None
    for lon, lat in [a, *between, b]:
        shifted = _shift(lon, view)
        if previous is not None and abs(shifted - previous) > 180:
            lines.append([])
        lines[-1].append(project(lon, lat, view))
        previous = shifted
    return [line for line in lines if len(line) > 1]
