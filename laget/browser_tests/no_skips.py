"""A pytest plugin: a skipped test fails the run, because Läget's suite allows no skips.

Loaded with ``-p laget.browser_tests.no_skips`` from ``[tool.pytest.ini_options] addopts`` so it
is active in every process: in a plain run, and in pytest-xdist's controller, which decides the
exit status but never imports the conftest files under ``laget/`` (a hook in a conftest would
only see the workers, whose exit status xdist ignores). A run that collects no tests keeps
pytest's own exit status 5.
"""

from __future__ import annotations

from typing import Any

import pytest


class NoSkips:
    def __init__(self) -> None:
        self.skipped: list[str] = []

    def _record(self, report: pytest.CollectReport | pytest.TestReport) -> None:
        if not report.skipped or hasattr(report, "wasxfail"):
            return
        reason = ""
        if isinstance(report.longrepr, tuple) and len(report.longrepr) == 3:
            reason = str(report.longrepr[2])
        elif report.longrepr is not None:
            reason = str(report.longrepr).strip().splitlines()[-1]
        self.skipped.append(f"{report.nodeid or '<collection>'} – {reason}")

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self._record(report)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self._record(report)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.skipped and exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.skipped:
            terminalreporter.write_sep(
                "=", f"{len(self.skipped)} skipped – skipping is not allowed in Läget", red=True
            )
            for line in self.skipped:
                terminalreporter.write_line(f"SKIPPED {line}", red=True)


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("laget-no-skips"):
        config.pluginmanager.register(NoSkips(), "laget-no-skips")
