"""Unit tests for laget.analysis.rates, and the rule that laget.analysis stays free of Django.

Plain functions, no database (STYLE.md §11).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from laget.analysis.rates import poisson_ci, rate_per_100k, suppress_small

PACKAGE_DIR = Path(__file__).resolve().parents[1]


# --- rate_per_100k ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "population", "expected"),
    [
        (0, 13_000, 0.0),
        (13, 13_000, 100.0),
        (1, 100_000, 1.0),
        (26, 26_000, 100.0),
        (5, 1_000_000, 0.5),
        (984_000, 984_000, 100_000.0),
    ],
)
def test_rate_per_100k(count: int, population: int, expected: float) -> None:
    assert rate_per_100k(count, population) == pytest.approx(expected)


@pytest.mark.parametrize(("count", "population"), [(1, 0), (1, -5), (-1, 1000)])
def test_rate_per_100k_rejects_impossible_input(count: int, population: int) -> None:
    with pytest.raises(ValueError):
        rate_per_100k(count, population)


# --- suppress_small ---------------------------------------------------------------------------


def test_it_leaves_large_counts_alone() -> None:
    counts = {"Centrum": 12, "Västanfors": 7, "Brandbergen": 5}

    assert suppress_small(counts) == counts


def test_it_shows_zero() -> None:
    assert suppress_small({"a": 0, "b": 10, "c": 8}) == {"a": 0, "b": 10, "c": 8}


def test_it_hides_every_small_count_when_two_or_more_are_small() -> None:
    counts = {"a": 1, "b": 4, "c": 20, "d": 6}

    assert suppress_small(counts) == {"a": None, "b": None, "c": 20, "d": 6}


def test_a_single_hidden_cell_takes_the_next_smallest_with_it() -> None:
    counts = {"a": 30, "b": 3, "c": 9, "d": 12}

    result = suppress_small(counts)

    assert result == {"a": 30, "b": None, "c": None, "d": 12}


def test_a_single_hidden_cell_cannot_be_recovered_from_the_total() -> None:
    counts = {"a": 30, "b": 3, "c": 9, "d": 12}
    total = sum(counts.values())

    result = suppress_small(counts)

    shown = sum(value for value in result.values() if value is not None)
    hidden = [key for key, value in result.items() if value is None]
    assert len(hidden) >= 2
    assert total - shown == counts["b"] + counts["c"]


def test_secondary_suppression_prefers_a_non_zero_cell() -> None:
    counts = {"a": 0, "b": 2, "c": 0, "d": 40, "e": 15}

    assert suppress_small(counts) == {"a": 0, "b": None, "c": 0, "d": 40, "e": None}


def test_secondary_suppression_falls_back_to_a_zero() -> None:
    assert suppress_small({"a": 3, "b": 0}) == {"a": None, "b": None}


def test_secondary_suppression_breaks_ties_by_order() -> None:
    counts = {"a": 8, "b": 2, "c": 8, "d": 8}

    assert suppress_small(counts) == {"a": None, "b": None, "c": 8, "d": 8}
    assert list(suppress_small(counts)) == ["a", "b", "c", "d"]


def test_a_lone_cell_is_hidden_without_a_partner() -> None:
    assert suppress_small({"a": 2}) == {"a": None}


def test_it_handles_an_empty_mapping() -> None:
    assert suppress_small({}) == {}


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [
        (1, {"a": 1, "b": 4, "c": 9, "d": 10}),
        (2, {"a": None, "b": None, "c": 9, "d": 10}),
        (10, {"a": None, "b": None, "c": None, "d": 10}),
        (11, {"a": None, "b": None, "c": None, "d": None}),
    ],
)
def test_the_threshold_is_exclusive(threshold: int, expected: dict[str, int | None]) -> None:
    assert suppress_small({"a": 1, "b": 4, "c": 9, "d": 10}, threshold=threshold) == expected


def test_it_keeps_keys_of_any_hashable_type() -> None:
    counts = {("1982", 2026): 4, ("1982", 2025): 11, ("1982", 2024): 17}

    assert suppress_small(counts) == {
        ("1982", 2026): None,
        ("1982", 2025): None,
        ("1982", 2024): 17,
    }


def test_it_does_not_change_its_input() -> None:
    counts = {"a": 2, "b": 9}

    suppress_small(counts)

    assert counts == {"a": 2, "b": 9}


@pytest.mark.parametrize(
    ("counts", "threshold"), [({"a": -1, "b": 9}, 5), ({"a": 1}, 0), ({"a": 1}, -3)]
)
def test_suppress_small_rejects_impossible_input(counts: dict[str, int], threshold: int) -> None:
    with pytest.raises(ValueError):
        suppress_small(counts, threshold=threshold)


# --- poisson_ci -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "lower", "upper"),
    [
        # Garwood (1936) exact intervals, as tabulated e.g. by Ulm (1990).
        (0, 0.0, 3.689),
        (1, 0.0253, 5.572),
        (2, 0.242, 7.225),
        (5, 1.623, 11.668),
        (10, 4.795, 18.390),
        (20, 12.217, 30.888),
        (100, 81.364, 121.627),
    ],
)
def test_poisson_ci_matches_published_values(count: int, lower: float, upper: float) -> None:
    result = poisson_ci(count)

    assert result == pytest.approx((lower, upper), abs=1e-3)


def test_poisson_ci_at_90_percent() -> None:
    assert poisson_ci(10, level=0.90) == pytest.approx((5.425, 16.962), abs=1e-3)


def test_poisson_ci_at_99_percent_is_wider() -> None:
    low95, high95 = poisson_ci(10)
    low99, high99 = poisson_ci(10, level=0.99)

    assert low99 < low95
    assert high99 > high95


def test_poisson_ci_divides_by_the_exposure() -> None:
    # 10 incidents among 13 000 inhabitants: 76.9 per 100 000, interval 36.9–141.5.
    lower, upper = poisson_ci(10, exposure=13_000 / 100_000)

    assert lower == pytest.approx(4.795 / 0.13, abs=0.01)
    assert upper == pytest.approx(18.390 / 0.13, abs=0.01)
    assert lower < rate_per_100k(10, 13_000) < upper


def test_poisson_ci_always_contains_the_count() -> None:
    for count in range(0, 200, 7):
        lower, upper = poisson_ci(count)

        assert 0 <= lower <= count < upper


def test_poisson_ci_returns_plain_floats() -> None:
    lower, upper = poisson_ci(3)

    assert type(lower) is float
    assert type(upper) is float


def test_poisson_ci_accepts_a_whole_float() -> None:
    assert poisson_ci(10.0) == poisson_ci(10)


@pytest.mark.parametrize(
    ("count", "exposure", "level"),
    [
        (-1, 1.0, 0.95),
        (2.5, 1.0, 0.95),
        (True, 1.0, 0.95),
        (float("inf"), 1.0, 0.95),
        (float("nan"), 1.0, 0.95),
        ("10", 1.0, 0.95),
        (3, 0.0, 0.95),
        (3, -1.0, 0.95),
        (3, float("inf"), 0.95),
        (3, float("nan"), 0.95),
        (3, 1.0, 0.0),
        (3, 1.0, 1.0),
        (3, 1.0, 95),
    ],
)
def test_poisson_ci_rejects_impossible_input(count: float, exposure: float, level: float) -> None:
    with pytest.raises(ValueError):
        poisson_ci(count, exposure=exposure, level=level)  # type: ignore[arg-type]


# --- the package rule: no Django --------------------------------------------------------------


def package_of(path: Path) -> str:
    """The dotted package a source file belongs to (``laget.analysis`` for rates.py)."""
    return ".".join(path.relative_to(PACKAGE_DIR.parent.parent).parts[:-1])


def imported_modules(source: str, package: str) -> set[str]:
    """Absolute names of every module ``source`` imports, relative imports resolved."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            parts = package.split(".")[: len(package.split(".")) - node.level + 1]
            names.add(".".join([*parts, node.module] if node.module else parts))
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
    return names


def forbidden(names: set[str]) -> set[str]:
    """Django itself, and any part of Läget outside the analysis package (those use Django)."""
    return {
        name
        for name in names
        if name == "django"
        or name.startswith("django.")
        or (name.split(".")[0] == "laget" and name.split(".")[:2] != ["laget", "analysis"])
    }


def analysis_sources() -> list[Path]:
    return sorted(PACKAGE_DIR.rglob("*.py"))


def test_the_scan_finds_the_package_and_its_imports() -> None:
    rates = PACKAGE_DIR / "rates.py"

    assert rates in analysis_sources()
    assert Path(__file__).resolve() in analysis_sources()
    assert package_of(rates) == "laget.analysis"
    assert {"math", "scipy.stats"} <= imported_modules(rates.read_text(), "laget.analysis")


def test_the_scan_would_catch_django_and_the_rest_of_laget() -> None:
    source = (
        "import django\n"
        "from django.db import models\n"
        "def f():\n"
        "    import django.conf.settings\n"
        "from laget import access\n"
        "from ..geography import selectors\n"
        "from . import rates\n"
        "from .rates import poisson_ci\n"
        "import laget.analysis_extra\n"
    )

    names = imported_modules(source, "laget.analysis")

    assert forbidden(names) == {
        "django",
        "django.db",
        "django.conf.settings",
        "laget",
        "laget.geography",
        "laget.analysis_extra",
    }


@pytest.mark.parametrize("path", analysis_sources(), ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_no_module_in_the_analysis_package_imports_django(path: Path) -> None:
    source = path.read_text(encoding="utf-8")

    assert forbidden(imported_modules(source, package_of(path))) == set()


def test_importing_the_package_loads_no_django() -> None:
    modules = [
        ".".join(p.relative_to(PACKAGE_DIR.parent.parent).with_suffix("").parts)
        for p in analysis_sources()
        if p.name != "__init__.py" and "tests" not in p.parts
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )

    result = subprocess.run(  # noqa: S603 – runs this interpreter on fixed code
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE_DIR.parent.parent,
    )

    assert modules
    assert result.stdout.strip() == "[]"
