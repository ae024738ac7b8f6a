"""Back-of-the-envelope arithmetic: from daily users to peak QPS, storage and bandwidth.

Pure arithmetic on the inputs a user writes down (:data:`design.model.estimates.INPUT_KEYS`), with every derived figure carrying the
steps that produced it, in words, so the app can show the working and the user
can check it against their own. Conventions, stated once:

- ``read_write_ratio`` is reads per write (``10`` means 10:1);
- ``peak_factor`` is peak ÷ average (at least 1);
- ``payload_bytes`` is the size of one request's payload, read or written;
- storage counts only writes (reads store nothing), per year and over
  ``retention_years``; sizes are decimal (1 GB = 10⁹ bytes);
- bandwidth is at peak, in megabits per second (×8 bits per byte).

A missing ratio or peak factor is taken as 1 and said so in the working,
because silently assuming is exactly the habit estimates exist to break.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from design.model.estimates import ESTIMATES, INPUT_KEYS

__all__ = ["INPUT_KEYS", "OWN_FIGURES", "SECONDS_PER_DAY", "STEP_NAMES", "Estimate", "Step", "derive", "human",
           "peak_load"]

SECONDS_PER_DAY = 86_400
#: The user's own derived figures (written before checking) → the :class:`Estimate` field each is checked against.
OWN_FIGURES: dict[str, str] = {e.key: e.derived for e in ESTIMATES if e.own and e.derived}

#: The lines of working :func:`derive` writes, in order; a problem's reference arithmetic names its steps with them.
STEP_NAMES = ("requests per day", "average load", "writes per day", "reads per day", "peak reads", "peak writes",
              "storage per year", "storage kept", "peak ingress", "peak egress", "peak bandwidth")


def human(value: float) -> str:
    """A rough number for people: ``1.2k``, ``35M``, ``0.42``.

    >>> human(1234), human(35_000_000), human(0.42), human(12), human(999_999)
    ('1.2k', '35M', '0.42', '12', '1M')
    """
    if not math.isfinite(value):
        return "∞" if value > 0 else "-∞" if value < 0 else "?"
    for limit, suffix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit * 0.9995:
            scaled = value / limit
            text = f"{scaled:.1f}" if scaled < 100 else f"{scaled:.0f}"
            return text.removesuffix(".0") + suffix
    if abs(value) >= 10 or value == int(value):
        return f"{value:.0f}"
    return f"{value:.2g}"


@dataclass(frozen=True, slots=True)
class Step:
    """One line of working: what is computed, how, and the result in its unit."""

    what: str
    how: str
    value: float
    unit: str

    def __str__(self) -> str:
        return f"{self.what}: {self.how} = {human(self.value)} {self.unit}".rstrip()


@dataclass(frozen=True, slots=True)
class Estimate:
    """Figures derived from the inputs, and the steps that produced them.

    ``storage_gb_per_year``/``storage_gb_total``/``bandwidth_mbps`` are
    ``None`` without a payload size; ``storage_gb_total`` also needs a
    retention. ``assumed`` lists the inputs that were missing and taken as 1.
    """

    requests_per_day: float
    average_qps: float
    peak_read_qps: float
    peak_write_qps: float
    storage_gb_per_year: float | None
    storage_gb_total: float | None
    ingress_mbps: float | None
    egress_mbps: float | None
    bandwidth_mbps: float | None
    steps: tuple[Step, ...]
    assumed: tuple[str, ...] = ()

    @property
    def peak_qps(self) -> float:
        return self.peak_read_qps + self.peak_write_qps

    def working(self) -> list[str]:
        """The steps as lines of text."""
        return [str(s) for s in self.steps]


def derive(estimates: Mapping[str, float]) -> Estimate | None:
    """Derive peak QPS, storage and bandwidth; ``None`` without daily users and requests per user.

    >>> e = derive({"daily_users": 1e6, "requests_per_user": 10, "read_write_ratio": 9, "peak_factor": 2})
    >>> round(e.peak_read_qps), round(e.peak_write_qps), e.storage_gb_per_year
    (208, 23, None)
    >>> e = derive({"daily_users": 1e8, "requests_per_user": 1, "read_write_ratio": 1, "payload_bytes": 1000,
    ...             "peak_factor": 1, "retention_years": 5})
    >>> round(e.storage_gb_per_year), round(e.storage_gb_total), round(e.bandwidth_mbps, 1)
    (18250, 91250, 9.3)
    """
    users = estimates.get("daily_users") or 0.0
    per_user = estimates.get("requests_per_user") or 0.0
    if users <= 0 or per_user <= 0:
        return None
    assumed: list[str] = []
    ratio = estimates.get("read_write_ratio")
    if ratio is None:
        assumed.append("read_write_ratio")
        ratio = 1.0
    peak = estimates.get("peak_factor")
    if not peak:
        assumed.append("peak_factor")
        peak = 1.0
    steps: list[Step] = []
    per_day = users * per_user
    steps.append(Step("requests per day", f"{human(users)} users × {human(per_user)} requests each", per_day, "requests/day"))
    average = per_day / SECONDS_PER_DAY
    steps.append(Step("average load", f"{human(per_day)} ÷ 86,400 s", average, "requests/s"))
    writes_day = per_day / (1 + ratio)
    reads_day = per_day - writes_day
    note = " (ratio not given: assumed 1:1)" if "read_write_ratio" in assumed else ""
    steps.append(Step("writes per day", f"{human(per_day)} ÷ (1 + {human(ratio)}) for a {human(ratio)}:1 read:write ratio{note}",
                      writes_day, "writes/day"))
    steps.append(Step("reads per day", f"{human(per_day)} − {human(writes_day)} writes", reads_day, "reads/day"))
    note = " (peak factor not given: assumed 1, but peaks are never average)" if "peak_factor" in assumed else ""
    read_qps = reads_day / SECONDS_PER_DAY * peak
    write_qps = writes_day / SECONDS_PER_DAY * peak
    steps.append(Step("peak reads", f"{human(reads_day)} ÷ 86,400 s × peak factor {human(peak)}{note}", read_qps, "reads/s"))
    steps.append(Step("peak writes", f"{human(writes_day)} ÷ 86,400 s × peak factor {human(peak)}", write_qps, "writes/s"))

    payload = estimates.get("payload_bytes") or 0.0
    per_year = total = ingress = egress = bandwidth = None
    if payload > 0:
        per_year = writes_day * payload * 365 / 1e9
        steps.append(Step("storage per year", f"{human(writes_day)} writes/day × {human(payload)} B × 365 days ÷ 10⁹",
                          per_year, "GB/year"))
        years = estimates.get("retention_years") or 0.0
        if years > 0:
            total = per_year * years
            steps.append(Step("storage kept", f"{human(per_year)} GB/year × {human(years)} years retention", total, "GB"))
        ingress = write_qps * payload * 8 / 1e6
        egress = read_qps * payload * 8 / 1e6
        bandwidth = ingress + egress
        steps.append(Step("peak ingress", f"{human(write_qps)} writes/s × {human(payload)} B × 8 bits ÷ 10⁶", ingress, "Mbit/s"))
        steps.append(Step("peak egress", f"{human(read_qps)} reads/s × {human(payload)} B × 8 bits ÷ 10⁶", egress, "Mbit/s"))
        steps.append(Step("peak bandwidth", f"{human(ingress)} in + {human(egress)} out", bandwidth, "Mbit/s"))
    return Estimate(per_day, average, read_qps, write_qps, per_year, total, ingress, egress, bandwidth, tuple(steps),
                    tuple(assumed))


def peak_load(estimates: Mapping[str, float]) -> tuple[float, float] | None:
    """Peak (reads/s, writes/s) for the capacity check: derived from the inputs, else the user's own figures."""
    derived = derive(estimates)
    if derived is not None:
        return derived.peak_read_qps, derived.peak_write_qps
    reads, writes = estimates.get("my_read_qps"), estimates.get("my_write_qps")
    if reads is None and writes is None:
        return None
    return float(reads or 0.0), float(writes or 0.0)
