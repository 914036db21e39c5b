"""The demo's regional layer (called from laget.demo.services.demo_load): the demo
municipalities (Ludvika in Dalarna, Fagersta in Västmanland) share their adopted lägesbilder
with their county, and Dalarna has an adopted regional lägesbild with the county's assessment."""

from __future__ import annotations

import datetime

from django.utils import timezone

from laget.accounts.models import User
from laget.analysis import regional as analysis
from laget.geography.models import County
from laget.regional import services
from laget.regional.models import RegionalPicture, SharedFigure
from laget.situation.choices import PictureStatus
from laget.situation.models import SituationPicture

DALARNA_ASSESSMENT = (
    "Länsstyrelsens bedömning: de kommuner som delat sina lägesbilder visar ett stabilt läge. "
    "Skadegörelse och klotter dominerar och ökar något jämfört med föregående kvartal, främst "
    "kring resecentrum och skolor. Länsstyrelsen föreslår att frågan tas upp i nätverket för "
    "brottsförebyggande samordnare och uppmuntrar fler kommuner att dela sin lägesbild."
)


def _share_history(municipality_code: str) -> None:
    """The year of weekly lägesbilder the municipality shared before the demo's adopted one:
    stored as shared figures (no picture of their own: the demo keeps one adopted version)."""
    from laget.organisations.models import Collaboration

    collaboration = Collaboration.objects.filter(municipality__code=municipality_code).first()
    if (
        collaboration is None
        or SharedFigure.objects.filter(
            municipality=collaboration.municipality, picture__isnull=True
        ).exists()
    ):
        return
    first_shared = (
        SharedFigure.objects.filter(municipality=collaboration.municipality)
        .order_by("week_start")
        .values_list("week_start", flat=True)
        .first()
    )
    end = (first_shared or timezone.localdate()) - datetime.timedelta(days=1)
    rows = services.weekly_figures(
        collaboration_id=collaboration.pk,
        municipality=collaboration.municipality,
        start=end - datetime.timedelta(weeks=60),
        end=end,
    )
    services.store_figures(municipality=collaboration.municipality, rows=rows)


def _share_adopted(coordinator: str, municipality_code: str) -> None:
    user = User.objects.filter(username=coordinator).first()
    if user is None:
        return
    pictures = SituationPicture.objects.filter(
        collaboration__municipality__code=municipality_code,
        status=PictureStatus.ADOPTED,
        shared_with_county_at__isnull=True,
    ).order_by("period_start", "version")
    latest: dict[tuple, SituationPicture] = {}
    for picture in pictures:  # the latest adopted version of each period
        latest[(picture.group_id, picture.period_kind, picture.period_start)] = picture
    for picture in latest.values():
        if picture.info_class in services.SHAREABLE_CLASSES:
            services.picture_share(user=user, picture=picture)


def demo_load() -> None:
    """Create (or find) the demo data of this app; idempotent."""
    _share_adopted("samordnare.ludvika", "2085")
    _share_adopted("samordnare.fagersta", "1982")
    _share_history("2085")
    _share_history("1982")
    dalarna = County.objects.filter(code="20").first()
    officer = User.objects.filter(username="regional.dalarna").first()
    if dalarna is None or officer is None:
        return
    period = analysis.last_complete_period(timezone.localdate(), analysis.QUARTER)
    if RegionalPicture.objects.filter(
        county=dalarna, period_kind=period.kind, period_start=period.start, status="adopted"
    ).exists():
        return
    picture = services.regional_compile(user=officer, county=dalarna, period=period)
    services.regional_write(user=officer, picture=picture, assessment=DALARNA_ASSESSMENT)
    services.regional_adopt(user=officer, picture=picture)
