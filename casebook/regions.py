"""World regions of countries (UN M49 sub-regions); their names are localised by
:func:`casebook.localise.region_name`.

The country → region table comes from ``country_converter`` (its data file, read with the
standard ``csv`` module so that building the site never imports pandas); region names
come from CLDR. The only table written here maps the UN's sub-region names,
as that package spells them, to their M49 codes.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib.util import find_spec
from pathlib import Path

M49 = {
    "Northern Africa": "015",
    "Eastern Africa": "014",
    "Middle Africa": "017",
    "Southern Africa": "018",
    "Western Africa": "011",
    "Caribbean": "029",
    "Central America": "013",
    "South America": "005",
    "Northern America": "021",
    "Central Asia": "143",
    "Eastern Asia": "030",
    "South-eastern Asia": "035",
    "Southern Asia": "034",
    "Western Asia": "145",
    "Eastern Europe": "151",
    "Northern Europe": "154",
    "Southern Europe": "039",
    "Western Europe": "155",
    "Australia and New Zealand": "053",
    "Melanesia": "054",
    "Micronesia": "057",
    "Polynesia": "061",
    "Antarctica": "AQ",
}


@cache
def _regions() -> dict[str, str]:
    # find_spec locates the package without importing it (its __init__ imports pandas).
    spec = find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("country_converter is required for world regions")
    data = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    with data.open(encoding="utf-8") as handle:
        return {
            row["ISO2"]: row["UNregion"]
            for row in csv.DictReader(handle, delimiter="\t")
            if row["ISO2"]
        }


def region_of(country: str) -> str:
    """M49 code of the country's sub-region (``"005"`` for Uruguay); ``"001"`` (World) if unknown."""
    return M49.get(_regions().get(country, ""), "001")
