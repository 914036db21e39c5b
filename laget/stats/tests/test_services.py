"""The import flow (preview → confirm/discard), idempotency, permissions and the selectors."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from laget.accounts.models import User
from laget.audit.models import AuditEntry
from laget.geography.models import Municipality
from laget.stats import demo as stats_demo
from laget.stats import selectors, services
from laget.stats.choices import ImportStatus, Level, RowOutcome
from laget.stats.models import (
    POPULATION_KEY,
    ImportBatch,
    MunicipalityGroupAssignment,
    Series,
    Value,
)

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"


@pytest.fixture
def dalarna_officer(demo: None) -> User:
    return User.objects.get(username="regional.dalarna")


def _bra(user: User, content: bytes | None = None, **options) -> ImportBatch:
    return services.batch_create(
        user=user,
        kind="bra",
        file_name="bra_2023.csv",
        content=content if content is not None else (FILES / "bra_2023.csv").read_bytes(),
        options=options,
    )


def _bra_values() -> int:
    return Value.objects.filter(series__key__startswith="bra-", year=2023).count()


def test_a_preview_stores_nothing_but_the_batch(dalarna_officer: User) -> None:
    before = _bra_values()
    series_before = Series.objects.count()
    batch = _bra(dalarna_officer)
    assert batch.status == ImportStatus.PREVIEW
    assert batch.uploaded_by == dalarna_officer
    assert len(batch.sha256) == 64
    assert _bra_values() == before
    assert Series.objects.count() == series_before
    assert batch.counts[RowOutcome.UNMATCHED] == 1
    assert batch.counts[RowOutcome.ERROR] >= 2
    assert batch.counts[RowOutcome.SKIPPED] >= 5
    assert any("Per 100 000" in note for note in batch.options["notes"])


def test_confirm_stores_the_values_with_source_year_and_import_date(
    dalarna_officer: User,
) -> None:
    batch = _bra(dalarna_officer)
    new = batch.counts[RowOutcome.NEW]
    confirmed = services.batch_confirm(user=dalarna_officer, batch=batch)
    assert confirmed.status == ImportStatus.CONFIRMED
    assert confirmed.counts[RowOutcome.NEW] == new
    fagersta = Value.objects.get(series__key="bra-anmalda-brott", region_code="1982", year=2023)
    assert fagersta.value == 1456
    assert fagersta.level == Level.MUNICIPALITY
    assert fagersta.municipality.name == "Fagersta"
    assert fagersta.batch == batch
    assert fagersta.imported_at is not None
    assert fagersta.series.source == "bra"
    county = Value.objects.get(series__key="bra-anmalda-brott", region_code="19", year=2023)
    assert county.level == Level.COUNTY and county.county.code == "19"
    assert Value.objects.get(
        series__key="bra-anmalda-brott", region_code="00", year=2023
    ).value == (1234567)
    assert AuditEntry.objects.filter(model_label="stats.Value", action="import").exists()
    with pytest.raises(ValidationError):
        services.batch_confirm(user=dalarna_officer, batch=batch)


def test_reimporting_is_idempotent_and_reports_unchanged_updated_new(
    dalarna_officer: User,
) -> None:
    services.batch_confirm(user=dalarna_officer, batch=_bra(dalarna_officer))
    stored = {
        (v.series_id, v.region_code, v.year): (v.value, v.pk)
        for v in Value.objects.filter(year=2023)
    }
    again = _bra(dalarna_officer)
    assert again.counts[RowOutcome.NEW] == 0
    assert again.counts[RowOutcome.UPDATED] == 0
    assert again.counts[RowOutcome.UNCHANGED] > 0
    services.batch_confirm(user=dalarna_officer, batch=again)
    assert {
        (v.series_id, v.region_code, v.year): (v.value, v.pk)
        for v in Value.objects.filter(year=2023)
    } == stored
    changed = (FILES / "bra_2023.csv").read_bytes().replace(
        "FAGERSTA;1\u202f456".encode(), b"FAGERSTA;1500"
    ) + b"Kiruna;300;..;20\n"
    third = _bra(dalarna_officer, changed)
    by_label = {(r["label"], r.get("series")): r for r in third.report}
    updated = by_label[("FAGERSTA", "bra-anmalda-brott")]
    assert updated["outcome"] == RowOutcome.UPDATED
    assert "1456" in updated["reason"]
    assert by_label[("Kiruna", "bra-anmalda-brott")]["outcome"] == RowOutcome.NEW
    assert by_label[("Falu kommun", "bra-anmalda-brott")]["outcome"] == RowOutcome.UNCHANGED
    services.batch_confirm(user=dalarna_officer, batch=third)
    fagersta = Value.objects.get(series__key="bra-anmalda-brott", region_code="1982", year=2023)
    assert fagersta.value == 1500
    assert fagersta.pk == stored[(fagersta.series_id, "1982", 2023)][1]  # updated in place
    assert fagersta.batch == third


def test_discard_stores_nothing(dalarna_officer: User) -> None:
    before = _bra_values()
    batch = services.batch_discard(user=dalarna_officer, batch=_bra(dalarna_officer))
    assert batch.status == ImportStatus.DISCARDED
    assert batch.rows == []
    assert _bra_values() == before
    with pytest.raises(ValidationError):
        services.batch_confirm(user=dalarna_officer, batch=batch)


def test_a_bad_file_stores_nothing_at_all(dalarna_officer: User) -> None:
    batches = ImportBatch.objects.count()
    with pytest.raises(ValidationError) as error:
        _bra(dalarna_officer, b"Kommun;Antal 2023\nFagersta;12abc\n")
    assert "file" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.batch_create(
            user=dalarna_officer, kind="bra", file_name="x.csv", content=b"", options={}
        )
    with pytest.raises(ValidationError):
        services.batch_create(
            user=dalarna_officer, kind="nonsense", file_name="x.csv", content=b"a;b", options={}
        )
    with pytest.raises(ValidationError) as error:
        _bra(dalarna_officer, year=1800)
    assert "year" in error.value.message_dict
    assert ImportBatch.objects.count() == batches


def test_only_regional_coordinators_and_superusers_import(
    demo: None, fagersta_coordinator: User, county_officer: User
) -> None:
    with pytest.raises(PermissionDenied):
        _bra(fagersta_coordinator)
    batch = _bra(county_officer)
    with pytest.raises(PermissionDenied):
        services.batch_confirm(user=fagersta_coordinator, batch=batch)
    superuser = User.objects.create_superuser("statistik.admin", "s@example.org", "x")
    assert _bra(superuser).uploaded_by == superuser


def test_population_kolada_generic_and_groups_are_stored(dalarna_officer: User) -> None:
    for kind, name, options in (
        ("scb_population", "scb_population.csv", {}),
        ("kolada", "kolada.csv", {}),
        ("generic", "skolenkat.csv", {"series_name": "Andel trygga", "unit": "%"}),
        ("groups", "kommungrupper.csv", {}),
    ):
        batch = services.batch_create(
            user=dalarna_officer,
            kind=kind,
            file_name=name,
            content=(FILES / name).read_bytes(),
            options=options,
        )
        services.batch_confirm(user=dalarna_officer, batch=batch)
    fagersta = Municipality.objects.get(code="1982")
    assert selectors.population_by_municipality(municipality_ids=[fagersta.pk], year=2023) == {
        fagersta.pk: 13300
    }
    assert Value.objects.get(series__key="kolada-n07403", region_code="1982").value == 98.5
    assert Value.objects.get(series__key="other-andel-trygga", region_code="1982").value == 81.5
    assert selectors.municipality_group_by_municipality()[fagersta.pk] == "C7"  # was C6 (demo)
    assignment = MunicipalityGroupAssignment.objects.get(municipality=fagersta)
    assert "kommungrupper.csv" in assignment.source


def test_population_selector_takes_the_latest_year_up_to_the_one_asked(demo: None) -> None:
    fagersta = Municipality.objects.get(code="1982")
    series = Series.objects.get(key=POPULATION_KEY)
    years = sorted(
        Value.objects.filter(series=series, municipality=fagersta).values_list("year", flat=True)
    )
    Value.objects.filter(series=series, municipality=fagersta, year=years[0]).update(value=1000)
    Value.objects.filter(series=series, municipality=fagersta, year=years[-1]).update(value=2000)
    assert selectors.population_by_municipality(municipality_ids=[fagersta.pk]) == {
        fagersta.pk: 2000
    }
    assert selectors.population_by_municipality(municipality_ids=[fagersta.pk], year=years[0]) == {
        fagersta.pk: 1000
    }
    assert selectors.population_by_municipality(municipality_ids=[fagersta.pk], year=1900) == {}
    assert len(selectors.population_by_municipality()) == 290


def test_the_demo_is_synthetic_complete_and_idempotent(demo: None) -> None:
    batch = ImportBatch.objects.get(file_name=stats_demo.DEMO_FILE)
    assert "yntetiska" in batch.options["notes"][0]
    count = Value.objects.count()
    stats_demo.demo_load()
    assert Value.objects.count() == count
    groups = selectors.municipality_group_by_municipality()
    dalarna = Municipality.objects.filter(county__code__in=["19", "20"])
    assert all(m.pk in groups for m in dalarna)
    total = Series.objects.get(key="bra-anmalda-brott")
    for m in dalarna:
        assert Value.objects.filter(series=total, municipality=m).count() == 11
    assert Value.objects.filter(series=total, region_code="00").count() == 11
    assert Value.objects.filter(series=total, region_code="20").count() == 11


def test_an_indicator_on_imported_statistics_gets_the_latest_official_figure(
    demo: None,
) -> None:
    from types import SimpleNamespace

    fagersta = Municipality.objects.get(code="1982")
    goal = SimpleNamespace(collaboration=SimpleNamespace(municipality_id=fagersta.pk))
    indicator = SimpleNamespace(source="statistics", source_reference="bra-skadegorelse", goal=goal)
    figure = selectors.official_figure_for_indicator(indicator=indicator)
    latest = Value.objects.filter(series__key="bra-skadegorelse", municipality=fagersta).latest(
        "year"
    )
    assert figure is not None
    assert (figure.year, figure.value) == (latest.year, latest.value)
    population = selectors.population_by_municipality(
        municipality_ids=[fagersta.pk], year=latest.year
    )[fagersta.pk]
    assert figure.rate_per_100k == pytest.approx(latest.value * 100_000 / population)
    by_name = SimpleNamespace(
        source="statistics", source_reference="Anmälda brott: skadegörelse", goal=goal
    )
    assert selectors.official_figure_for_indicator(indicator=by_name).series.key == (
        "bra-skadegorelse"
    )
    manual = SimpleNamespace(source="manual", source_reference="bra-skadegorelse", goal=goal)
    assert selectors.official_figure_for_indicator(indicator=manual) is None
    unknown = SimpleNamespace(source="statistics", source_reference="finns inte", goal=goal)
    assert selectors.official_figure_for_indicator(indicator=unknown) is None


def test_the_indicator_page_shows_the_latest_official_figure(demo: None) -> None:
    """A planning indicator on imported statistics shows the figure on its page (issue 7)."""
    from django.urls import reverse

    from laget.accounts.models import User
    from laget.conftest import verified_client
    from laget.planning.models import Indicator

    indicator = Indicator.objects.filter(goal__collaboration__slug="fagersta").first()
    indicator.source, indicator.source_reference = "statistics", "bra-skadegorelse"
    indicator.save(update_fields=["source", "source_reference"])
    client = verified_client(User.objects.get(username="samordnare.fagersta"))
    url = reverse(
        "planning:indicator_detail",
        kwargs={"collaboration_id": indicator.goal.collaboration_id, "indicator_id": indicator.pk},
    )
    html = client.get(url).content.decode()
    latest = Value.objects.filter(series__key="bra-skadegorelse", municipality__code="1982").latest(
        "year"
    )
    assert 'data-official-series="bra-skadegorelse"' in html
    assert f'data-official-year="{latest.year}"' in html
