"""The back-of-the-envelope vocabulary: every estimate a user may write down, in one table.

A document stores estimates by key; the sizing arithmetic reads the inputs,
the explain-first gate and the estimate check read the user's own figures,
the app's form and the Markdown report show the labels. They all derive from
:data:`ESTIMATES`, so a new estimate is one row here.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ESTIMATES", "ESTIMATE_KEYS", "INPUT_KEYS", "LABELS", "OWN_KEYS", "EstimateField"]


@dataclass(frozen=True, slots=True)
class EstimateField:
    """One estimate: its stored key, how it is named and measured, and whether it is the user's own figure.

    An *input* (``own=False``) is what the user writes down from the problem;
    an *own figure* is a result the user works out themselves before the
    check, and ``derived`` names the :class:`~design.sizing.estimates.Estimate`
    field it is checked against.
    """

    key: str
    label: str
    unit: str
    help: str
    own: bool = False
    derived: str | None = None


ESTIMATES: tuple[EstimateField, ...] = (
    EstimateField("daily_users", "Daily users", "users", "People who use the system on a typical day."),
    EstimateField("requests_per_user", "Requests per user per day", "requests/user/day", "Reads and writes together."),
    EstimateField("read_write_ratio", "Reads per write", "reads/write", "10 means a 10:1 read:write ratio."),
    EstimateField("payload_bytes", "Payload size (bytes)", "bytes", "What one request reads or writes."),
    EstimateField("peak_factor", "Peak factor", "×", "Busiest hour ÷ average: at least 1, often 2–10."),
    EstimateField("retention_years", "Retention (years)", "years", "How long written data is kept."),
    EstimateField("my_read_qps", "Your peak reads/s", "reads/s", "Your figure, written before revealing the derived one.", True,
                  "peak_read_qps"),
    EstimateField("my_write_qps", "Your peak writes/s", "writes/s", "Your figure, written before revealing the derived one.", True,
                  "peak_write_qps"),
    EstimateField("my_storage_per_year_gb", "Your storage/year (GB)", "GB/year", "Your figure, written before revealing the derived one.",
                  True, "storage_gb_per_year"),
    EstimateField("my_bandwidth_mbps", "Your peak bandwidth (Mbit/s)", "Mbit/s", "Your figure, written before revealing the derived one.",
                  True, "bandwidth_mbps"),
)

#: Every key a document may store, in the order forms and reports show them.
ESTIMATE_KEYS = tuple(e.key for e in ESTIMATES)
#: What the user writes down; everything else is derived from these.
INPUT_KEYS = tuple(e.key for e in ESTIMATES if not e.own)
#: The user's own derived figures, written before the check.
OWN_KEYS = tuple(e.key for e in ESTIMATES if e.own)
#: Key → the name forms and reports show.
LABELS = {e.key: e.label for e in ESTIMATES}
