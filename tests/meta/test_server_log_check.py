"""The browser suite's clean-log check can fail: fed a log with a traceback or a warning, it reports them."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.server import ALLOWED_LOG_LINES, AppServer, log_problems, log_report

CLEAN = """\
2026-12-03 21:37:49.719 Uvicorn server started on 127.0.0.1:46623
  Stopping...
"""

TRACEBACK = """\
2026-12-03 21:37:49.719 Uvicorn server started on 127.0.0.1:46623
2026-12-03 21:38:02.113 Uncaught app execution
Traceback (most recent call last):
  File "/work/app.py", line 12, in <module>
    page.run()
KeyError: 'design_id'
2026-12-03 21:38:05.000 a later, ordinary line
  Stopping...
"""

WARNING = """\
2026-12-03 21:37:49.719 Uvicorn server started on 127.0.0.1:46623
/work/ui/pages/present.py:31: UserWarning: The widget with key "exit_presenter" was created with a default value
  cols[1].button("Exit presenter")
"""


def test_a_clean_log_reports_nothing() -> None:
    assert log_problems(CLEAN) == []


def test_a_traceback_is_reported_with_its_body_and_nothing_after_it() -> None:
    lines = log_problems(TRACEBACK)
    assert lines[0] == "Traceback (most recent call last):"
    assert '  File "/work/app.py", line 12, in <module>' in lines
    assert "KeyError: 'design_id'" in lines
    assert not any("ordinary" in line or "Stopping" in line for line in lines)


def test_a_warning_is_reported() -> None:
    assert any("UserWarning" in line for line in log_problems(WARNING))
    # Streamlit's own warning says so only in its level name, which AppServer puts on every line.
    logged = "2026-12-03 21:38:00,001 INFO Uvicorn server started\n2026-12-03 21:38:00,002 WARNING Discarding rerun request\n"
    assert log_problems(logged) == ["2026-12-03 21:38:00,002 WARNING Discarding rerun request"]


def test_an_allowed_line_must_match_its_message_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    log = "2026-12-03 21:38:02.113 Some library warns: harmless\n" + TRACEBACK
    monkeypatch.setitem(ALLOWED_LOG_LINES, "Some library warns: harmless", "test entry")
    lines = log_problems(log)
    assert not any("harmless" in line for line in lines)
    assert "Traceback (most recent call last):" in lines  # the rest is still reported
    monkeypatch.delitem(ALLOWED_LOG_LINES, "Some library warns: harmless")
    monkeypatch.setitem(ALLOWED_LOG_LINES, "Some library warns", "a prefix is not the message")
    assert "2026-12-03 21:38:02.113 Some library warns: harmless" in log_problems(log)


def test_the_report_names_the_server_log_and_its_lines(tmp_path: Path) -> None:
    """What the browser tests' teardown fails with: a real server whose log holds a traceback."""
    server = AppServer.__new__(AppServer)  # the log alone: no process needed to read it
    server.log = tmp_path / "app.log"
    server.log.write_text(TRACEBACK)
    server._log_file = server.log.open("a")
    try:
        report = log_report([server])
    finally:
        server._log_file.close()
    assert str(server.log) in report and "KeyError: 'design_id'" in report
    server.log.write_text(CLEAN)
    assert log_report([server]) == ""


RACE = """\
Exception in thread ScriptRunner.scriptThread:
Traceback (most recent call last):
  File "/usr/lib/python3.11/threading.py", line 1045, in _bootstrap_inner
    self.run()
  File "/v/site-packages/streamlit/runtime/state/session_state.py", line 1394, in _reset_triggers
    for state_id in self._old_state:
RuntimeError: dictionary changed size during iteration
2026-12-03 21:38:05,000 INFO after
"""


def test_an_allowed_traceback_is_skipped_only_whole_and_only_inside_streamlit() -> None:
    assert log_problems(RACE) == []
    ours = RACE.replace("/v/site-packages/streamlit/runtime/state/session_state.py", "/work/ui/state.py")
    assert "RuntimeError: dictionary changed size during iteration" in log_problems(ours)
    other = RACE.replace("dictionary changed size", "set changed size")
    assert len(log_problems(other)) == 7


def test_the_page_console_check_reports_warnings_errors_and_uncaught_exceptions() -> None:
    from support.browser import console_problems

    messages = ["log: ready", "warning: WARN Infinite extent for field", "error: Failed to load resource: 404",
                "pageerror: TypeError: x is undefined", "debug: ok"]
    assert console_problems(messages) == messages[1:4]
    assert console_problems(["log: ready", "info: fine"]) == []


def test_an_allowed_uncaught_error_is_skipped_only_where_it_was_allowed() -> None:
    from support.browser import console_problems

    known = "pageerror: Cannot read properties of undefined (reading 'fire')"
    assert console_problems([f"{known} [at Xi.exitEditing]"]) == []
    assert console_problems([known, f"{known} [at Ab.render]"]) == [known, f"{known} [at Ab.render]"]
