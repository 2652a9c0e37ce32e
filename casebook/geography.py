"""The plane the maps are drawn on: places projected, and the great circles between them.

Places are projected with PROJ's Equal Earth (through pyproj), an equal-area projection
that keeps the shapes of continents readable, onto a plane :data:`WIDTH` units wide. The
countries drawn on that plane (:mod:`casebook.world`) are Natural Earth's 1:110m outlines
(public domain) as the npm package ``world-atlas`` publishes them: ``data/countries-110m.json``
is that package's file, byte for byte (a test compares it with the pinned package in
``tests/node``).

A map centred on Greenwich draws a partnership between Seoul and Mexico City across
Europe and Africa. So the world is projected around two central meridians (:data:`VIEWS`):
0°, and 180° for partners around the Pacific; :func:`best_view` picks, for a set of
places, the one where they lie closest together.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from pathlib import Path

import pycountry
from pyproj import Geod, Transformer

DATA = Path(__file__).parent / "data" / "countries-110m.json"
"""Natural Earth 1:110m countries, from the npm package world-atlas 2.0.2 (see module doc)."""
VIEWS = (0, 180)
"""Central meridians a map may be drawn around."""
WIDTH = 1000.0
"""The projected world's width, in SVG units."""
LEFT_OUT = {"010"}
"""Antarctica: no local government partners from it, and it would take a fifth of the map."""

Point = tuple[float, float]


def asset_name(view: int) -> str:
    """The file (under ``assets/``) holding the world drawn around ``view``."""
    return f"world-{view}.svg"


@functools.cache
def topology() -> dict:
    """Natural Earth's countries as the TopoJSON file gives them."""
    return json.loads(DATA.read_text(encoding="utf-8"))


@functools.cache
def outlined() -> frozenset[str]:
    """The countries (numeric codes) the maps draw: Natural Earth's 1:110m outlines but
    Antarctica's and those of disputed areas without an ISO code (no partner can be in
    them). A smaller country, such as Martinique, is marked around its city instead."""
    geometries = topology()["objects"]["countries"]["geometries"]
    return frozenset(g["id"] for g in geometries if g.get("id") and g["id"] not in LEFT_OUT)


def country_id(alpha_2: str) -> str | None:
    """The numeric code Natural Earth's outline of a country carries, if it has one."""
    country = pycountry.countries.get(alpha_2=alpha_2)
    return country.numeric if country else None


@functools.cache
def transformer() -> Transformer:
    """WGS 84 longitude, latitude → Equal Earth (EPSG:8857, centred on Greenwich)."""
    return Transformer.from_crs("EPSG:4326", "EPSG:8857", always_xy=True)


@functools.cache
def extent() -> Point:
    """Half the projected world's width and height (the equator's end, the pole)."""
    to_plane = transformer()
    return to_plane.transform(180, 0)[0], to_plane.transform(0, 90)[1]


def scale() -> float:
    return WIDTH / (2 * extent()[0])


def height() -> float:
    return 2 * extent()[1] * scale()


def _shift(lon: float, view: int) -> float:
    """A longitude relative to the view's central meridian, in [-180, 180)."""
    return (lon - view + 180) % 360 - 180


def project(lon: float, lat: float, view: int) -> Point:
    """A place on the plane of ``view``: x from the left, y from the top, in SVG units."""
    x, y = transformer().transform(_shift(lon, view), lat)
    half_width, half_height = extent()
    return (x + half_width) * scale(), (half_height - y) * scale()


def best_view(places: Iterable[Point]) -> int:
    """The view where ``places`` (longitude, latitude) lie closest together east to west."""
    longitudes = [lon for lon, _ in places]

    def spread(view: int) -> float:
        shifted = [_shift(lon, view) for lon in longitudes]
        return max(shifted, default=0) - min(shifted, default=0)

    return min(VIEWS, key=spread)


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
