"""Back of the envelope: estimates to peak QPS and storage, and the capacity table per kind.

Plain arithmetic and tables, no graph: spreading the traffic over a design is
:mod:`design.analysis.traffic`.

>>> from design.sizing import derive
>>> e = derive({"daily_users": 1e6, "requests_per_user": 10, "read_write_ratio": 9, "peak_factor": 2})
>>> round(e.peak_read_qps), round(e.peak_write_qps)
(208, 23)
"""

from design.sizing.capacity import CapacityError, CapacityTable, default_capacity, load_capacity
from design.sizing.estimates import INPUT_KEYS, OWN_FIGURES, Estimate, derive, human, peak_load

__all__ = [
    "INPUT_KEYS",
    "OWN_FIGURES",
    "CapacityError",
    "CapacityTable",
    "Estimate",
    "default_capacity",
    "derive",
    "human",
    "load_capacity",
    "peak_load",
]
