"""Single-tier or multitier on the same components: what separate tiers buy in availability.

The book calls single-tier designs tightly coupled and prone to failure, multitier designs
decoupled and more reliable. Giving each tier a server of its own does not do that alone: it
puts more servers in the chain, and a longer chain is less available. What the separation
buys is what it makes possible, and each is a row of :func:`compare_tiers`:

- **replication per tier**: each tier runs as many copies as it needs;
- **independent failure**: a copy of one tier covers for that tier whatever the other tiers
  are doing, where a copy of a single-tier server must take over everything at once;
- **isolation of faults**: a heavy workload given a tier of its own (analytics on a replica of
  the data tier) cannot overload the machine the users depend on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from studylab.labs.qualities.availability import HOURS_PER_YEAR, parallel, readout, series

Design = Literal["single", "failover", "one_per_tier", "replicated"]


@dataclass(frozen=True)
class Tiers:
    """The same tiers, to run on one server or on servers of their own."""

    server: float
    """Availability of one server (the machine alone), between 0 and 1."""
    software: tuple[float, ...]
    """Availability of each tier's software on a working server, in tier order."""
    copies: tuple[int, ...]
    """Copies of each tier in the replicated multitier design, in tier order."""
    overload_hours: float = 0.0
    """Hours a year a heavy analytics workload overloads the machine it runs on."""

    @property
    def overload_share(self) -> float:
        """Share of the year the analytics workload overloads its machine."""
        return min(max(self.overload_hours, 0.0) / HOURS_PER_YEAR, 1.0)


def _availability(tiers: Tiers, design: Design) -> float:
    box = tiers.server * series(tiers.software)
    shared = 1 - tiers.overload_share  # analytics on the users' machine takes it down while it overloads
    if design == "single":
        return box * shared
    if design == "failover":
        # The copy takes over the whole server; the analytics load overloads whichever copy serves.
        return parallel([box, box]) * shared
    per_tier = [tiers.server * software for software in tiers.software]
    if design == "one_per_tier":
        return series(per_tier)
    return series(parallel([a] * k) for a, k in zip(per_tier, tiers.copies, strict=True))


def _servers(tiers: Tiers, design: Design) -> int:
    analytics = 1 if tiers.overload_hours > 0 else 0  # the replica the analytics tier reads in a multitier design
    return {
        "single": 1,
        "failover": 2,
        "one_per_tier": len(tiers.software) + analytics,
        "replicated": sum(tiers.copies) + analytics,
    }[design]


DESIGNS: tuple[Design, ...] = ("single", "failover", "one_per_tier", "replicated")
"""The designs compared, in the order the table shows them."""


def compare_tiers(tiers: Tiers) -> pd.DataFrame:
    """One row per design: ``design``, ``availability``, ``servers``, ``downtime_hours`` and the shown strings.

    ``percent``, ``nines`` and ``downtime`` are the strings a page shows (:func:`readout`).
    """
    rows = []
    for design in DESIGNS:
        value = _availability(tiers, design)
        shown = readout(value)
        rows.append(
            {
                "design": design,
                "availability": value,
                "servers": _servers(tiers, design),
                "downtime_hours": (1 - value) * HOURS_PER_YEAR,
                "percent": shown.percent,
                "nines": shown.nines,
                "downtime": shown.downtime_per_year,
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Verdict:
    """How the best multitier design compares with one server running everything."""

    multitier_ahead: bool
    """The replicated multitier design is more available than the single-tier one."""
    less_downtime: float
    """Single-tier downtime divided by the replicated multitier's (infinite if the latter has none)."""


def verdict(table: pd.DataFrame) -> Verdict:
    """Compare the ``replicated`` row of :func:`compare_tiers` with the ``single`` row."""
    by_design = table.set_index("design")["downtime_hours"]
    single, multi = float(by_design["single"]), float(by_design["replicated"])
    ratio = float("inf") if multi <= 0 else single / multi
    return Verdict(multi < single, ratio)
