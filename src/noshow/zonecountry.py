"""The country an IANA zone belongs to, from tzdata's own zone tables.

The ``tzdata`` package (a dependency: it is also where zoneinfo's rules come from) ships
``zoneinfo/zone.tab``: one line per zone, ``CC<TAB>coordinates<TAB>Zone``, giving the country
each zone is for (America/New_York US, Europe/Berlin DE, Asia/Kolkata IN, America/Sao_Paulo BR,
Asia/Tokyo JP). ``zone1970.tab`` lists several countries for zones shared since 1970
("CH,DE,LI Europe/Zurich"); it is the fallback, taking its first country. Links (US/Eastern,
Asia/Calcutta) are resolved through ``tzdata.zi``'s link lines. Read once through
``importlib.resources``; noshow ships no copy of its own, so the table is as new as the rules.
"""

from __future__ import annotations

import functools
from importlib import resources

from noshow.zones import canonical_iana


def _table(name: str) -> dict[str, str]:
    """``zone -> first country code`` from one of tzdata's ``.tab`` files (empty if absent)."""
    try:
        text = (resources.files("tzdata") / "zoneinfo" / name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return {}
    table = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) >= 3:
            table[fields[2]] = fields[0].split(",")[0].upper()
    return table


@functools.cache
def _zones() -> dict[str, str]:
    return {**_table("zone1970.tab"), **_table("zone.tab")}  # zone.tab wins: one country each


@functools.cache
def _links() -> dict[str, str]:
    """``link -> target`` from tzdata.zi's ``L TARGET LINK`` lines (US/Eastern, Asia/Calcutta)."""
    try:
        text = (resources.files("tzdata") / "zoneinfo" / "tzdata.zi").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return {}
    links = {}
    for line in text.splitlines():
        if line.startswith("L "):
            fields = line.split()
            if len(fields) == 3:
                links[fields[2]] = fields[1]
    return links


def country_of_zone(name: str | None) -> str | None:
    """The ISO 3166 country code of an IANA zone (``Europe/Berlin`` -> ``DE``), or None for
    zones of no country (``UTC``, ``Etc/GMT+5``) and unknown names."""
    if not name:
        return None
    table = _zones()
    if name in table:
        return table[name]
    canonical = canonical_iana(name)
    for _ in range(3):  # a link may point to another link
        if canonical is None or canonical in table:
            break
        canonical = _links().get(canonical)
    return table.get(canonical) if canonical else None
