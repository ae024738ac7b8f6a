"""The practice loop around a design: the round's clock, pairing, the explain-first gate, presenter steps, diffs.

Nothing here reads a clock: ``now`` is always passed in, so a rerun, a reload
or a second browser agree.

>>> from datetime import UTC, datetime, timedelta
>>> from design.practice import session_status
>>> start = datetime(2026, 1, 1, 10, 0, tzinfo=UTC)
>>> session_status(start, timedelta(minutes=45), start + timedelta(minutes=7)).phase.value
'estimates'
"""

from design.practice.diff import ProbeRecord, VersionDiff, diff_versions, probe_records
from design.practice.gate import OWN_ESTIMATE_KEYS, critique_gate, explain_first, requirement_lines
from design.practice.pairing import DEFAULT_ROTATION, Pairing, PairingError, Roles, make_pairing, roles_at
from design.practice.presenter import presentation_steps
from design.practice.rounds import finish_message, round_title, starts_on_current_design
from design.practice.timer import DEFAULT_TIME_BOX, Alert, Phase, PracticeSession, format_clock, session_status

__all__ = [
    "DEFAULT_ROTATION",
    "DEFAULT_TIME_BOX",
    "OWN_ESTIMATE_KEYS",
    "Alert",
    "Pairing",
    "PairingError",
    "Phase",
    "PracticeSession",
    "ProbeRecord",
    "Roles",
    "VersionDiff",
    "critique_gate",
    "diff_versions",
    "explain_first",
    "finish_message",
    "format_clock",
    "make_pairing",
    "presentation_steps",
    "probe_records",
    "requirement_lines",
    "roles_at",
    "round_title",
    "session_status",
    "starts_on_current_design",
]
