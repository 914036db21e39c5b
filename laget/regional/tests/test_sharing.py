"""Sharing a municipal lägesbild with the county, and THE regional isolation rule: only what a
municipality shared reaches the county level."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum

from laget.analysis import regional as analysis
from laget.core.choices import InformationClass
from laget.geography.models import County
from laget.regional import selectors, services
from laget.regional.models import SharedFigure
from laget.regional.tests.conftest import adopted_picture
from laget.reporting.models import Report
from laget.situation.choices import PictureStatus
from laget.situation.models import SituationPicture

pytestmark = pytest.mark.django_db


def _reports(picture, **filters):
    return Report.objects.filter(
        collaboration=picture.collaboration,
        duplicate_of__isnull=True,
        period_start__gte=picture.period_start,
        period_start__lte=picture.period_end,
        **filters,
    )


def _regional(user, picture):
    county = County.objects.get(code="19")
    period = analysis.period_containing(picture.period_start, analysis.MONTH)
    return services.regional_compile(user=user, county=county, period=period)


def _fagersta_row(snapshot):
    return next(m for m in snapshot["municipalities"] if m["code"] == "1982")


def test_unshared_figures_never_reach_the_county_and_shared_ones_do(
    unshared, fagersta, fagersta_coordinator, county_officer
):
    picture = adopted_picture(fagersta, fagersta_coordinator)
    expected = _reports(picture).aggregate(n=Sum("count"))["n"]
    assert expected  # the demo's Fagersta reports every week
    # adopted but not shared: nothing at the county level
    regional = _regional(county_officer, picture)
    row = _fagersta_row(regional.snapshot)
    assert row["has_figures"] is False and row["shared"] is False
    assert "Fagersta" in regional.snapshot["not_shared"]
    county = County.objects.get(code="19")
    overview = {
        r.municipality.code: r
        for r in selectors.county_overview(user=county_officer, county=county)
    }
    assert overview["1982"].shared_weeks == 0
    # shared: the counts per category and week arrive, and only those
    services.picture_share(user=fagersta_coordinator, picture=picture)
    figures = SharedFigure.objects.filter(municipality__code="1982")
    assert figures.aggregate(n=Sum("count"))["n"] == expected
    assert set(figures.values_list("week_start", flat=True)) == {picture.period_start}
    regional = _regional(county_officer, picture)
    assert _fagersta_row(regional.snapshot)["shared"] is True
    assert sum(c["count"] or 0 for c in regional.snapshot["categories"]) <= expected
    assert regional.snapshot["weekly"] == [
        {"week": picture.period_start.isoformat(), "count": expected}
    ]
    # withdrawn: gone again
    services.picture_unshare(user=fagersta_coordinator, picture=picture)
    assert not SharedFigure.objects.filter(municipality__code="1982").exists()
    regional = _regional(county_officer, picture)
    assert _fagersta_row(regional.snapshot)["has_figures"] is False


def test_reports_of_own_organisation_or_restricted_class_are_never_shared(
    unshared, fagersta, fagersta_coordinator
):
    picture = adopted_picture(fagersta, fagersta_coordinator)
    hidden = list(_reports(picture).values_list("pk", flat=True)[:2])
    Report.objects.filter(pk=hidden[0]).update(info_class=InformationClass.RESTRICTED)
    Report.objects.filter(pk=hidden[1]).update(info_class=InformationClass.OWN_ORGANISATION)
    readable = _reports(
        picture, info_class__in=[InformationClass.PUBLIC, InformationClass.PARTNERS]
    ).aggregate(n=Sum("count"))["n"]
    services.picture_share(user=fagersta_coordinator, picture=picture)
    shared = SharedFigure.objects.filter(picture=picture).aggregate(n=Sum("count"))["n"]
    assert shared == readable
    assert shared < _reports(picture).aggregate(n=Sum("count"))["n"]


def test_only_an_adopted_picture_of_an_open_class_can_be_shared(
    unshared, fagersta, fagersta_coordinator
):
    picture = adopted_picture(fagersta, fagersta_coordinator)
    SituationPicture.objects.filter(pk=picture.pk).update(status=PictureStatus.DRAFT)
    picture.refresh_from_db()
    with pytest.raises(ValidationError):
        services.picture_share(user=fagersta_coordinator, picture=picture)
    SituationPicture.objects.filter(pk=picture.pk).update(
        status=PictureStatus.ADOPTED, info_class=InformationClass.RESTRICTED
    )
    picture.refresh_from_db()
    with pytest.raises(ValidationError):
        services.picture_share(user=fagersta_coordinator, picture=picture)
    assert not SharedFigure.objects.exists()
    picture.refresh_from_db()
    assert picture.shared_with_county_at is None


def test_only_the_collaborations_managers_share(
    unshared, fagersta, fagersta_coordinator, fagersta_reporter, ludvika_coordinator, county_officer
):
    picture = adopted_picture(fagersta, fagersta_coordinator)
    for user in (fagersta_reporter, ludvika_coordinator, county_officer):
        with pytest.raises(PermissionDenied):
            services.picture_share(user=user, picture=picture)
    assert not SharedFigure.objects.exists()


def test_sharing_a_newer_version_replaces_the_older_one(unshared, fagersta, fagersta_coordinator):
    first = adopted_picture(fagersta, fagersta_coordinator)
    services.picture_share(user=fagersta_coordinator, picture=first)
    before = SharedFigure.objects.aggregate(n=Sum("count"))["n"]
    second = SituationPicture.objects.get(pk=first.pk)
    second.pk, second.version, second.shared_with_county_at = None, 2, None
    second.save()
    services.picture_share(user=fagersta_coordinator, picture=second)
    first.refresh_from_db()
    assert first.shared_with_county_at is None
    assert not SharedFigure.objects.filter(picture=first).exists()
    assert SharedFigure.objects.aggregate(n=Sum("count"))["n"] == before  # counted once


def test_unsharing_what_is_not_shared_is_refused(unshared, fagersta, fagersta_coordinator):
    picture = adopted_picture(fagersta, fagersta_coordinator)
    with pytest.raises(ValidationError):
        services.picture_unshare(user=fagersta_coordinator, picture=picture)


def test_another_county_reads_nothing_of_vastmanland(
    fagersta, fagersta_coordinator, ludvika_coordinator
):
    from laget.accounts.models import User

    dalarna_officer = User.objects.get(username="regional.dalarna")
    vastmanland = County.objects.get(code="19")
    assert SharedFigure.objects.filter(county=vastmanland).exists()  # the demo shared
    for user in (dalarna_officer, ludvika_coordinator, fagersta_coordinator):
        assert not selectors.shared_figures(user=user, county=vastmanland).exists()
        assert not selectors.regional_picture_list(user=user, county=vastmanland).exists()
        with pytest.raises(PermissionDenied):
            services.regional_compile(
                user=user,
                county=vastmanland,
                period=analysis.period_containing(fagersta.created_at.date(), "month"),
            )
