"""Twelve months of invented lägesrapporter and weekly checklists for the demo.

For every week, area and category the number of reports is drawn from a seeded RNG: a Poisson
count around a rate (``data.CATEGORY_RATES`` × ``data.AREA_FACTORS``) that follows the season
(summer, school holidays, dark months, nyår, valborg …) with some week-to-week overdispersion.
Each report gets a time from the category's weekday × hour pattern, a point near one of the
area's places (inside its polygon), a reporter whose unit covers the area, an assessment that
follows the week's count, a trend against the previous week and a short text. On top of that,
``data.HOTSPOTS`` add genuine emerging hotspots in the last weeks.

The reporting units that keep the weekly checklist answer every category of their areas for
every completed week, "inget att rapportera" included; a few pages are missing, and one unit
per collaboration skips whole weeks (``data.CHECKLIST_GAPS``, the last completed week among
them, so that "units that did not report" always shows it). The current week is not yet
answered: the checklist is sent when the week is over.

Rows are written with ``bulk_create`` (per-row services would take minutes), filling every
field the services fill, and one audit entry per collaboration records the bulk load. A
collaboration that already has reports (or checklist answers) is left alone, so running
``laget demo`` again never duplicates anything.
"""

from __future__ import annotations

import datetime
import functools
import math
import random
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import shapely
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Case, DateTimeField, F, OuterRef, Subquery, Value, When
from django.utils import timezone
from shapely.geometry import shape

from laget.accounts.models import User
from laget.audit.models import AuditAction
from laget.audit.recorder import record
from laget.core.choices import InformationClass
from laget.demo import data
from laget.geography.models import Area
from laget.organisations import services as org
from laget.organisations.choices import Role
from laget.organisations.models import Collaboration, Membership
from laget.reporting.choices import Assessment, ReportSource, Trend
from laget.reporting.models import Category, ChecklistAnswer, Report
from laget.reporting.selectors import reportable_categories
from laget.reporting.services import period_start_for

if TYPE_CHECKING:
    from laget.demo.services import DemoLogin

BATCH_SIZE = 500
#: Spread of points around a place, and around a hotspot's place (metres; cut off at 2.5 σ).
PLACE_SIGMA_M = 45.0
HOTSPOT_SIGMA_M = 110.0
#: Share of checklist pages (unit × area × week) that are simply not sent.
MISSING_PAGE_SHARE = 0.05
MISSING_PAGE_SHARE_HOLIDAY = 0.25
#: Minutes from an event to its report through the form (a few discrete delays, so that the
#: received times can be set with one UPDATE per delay).
LAG_MINUTES = (10, 30, 90, 240, 720)
LAG_WEIGHTS = (30, 30, 20, 12, 8)

# --- time patterns ------------------------------------------------------------------------------

#: Relative weight of Monday … Sunday.
WEEKDAYS = {
    "flat": (1, 1, 1, 1, 1, 1, 1),
    "weekend": (0.6, 0.6, 0.7, 0.9, 1.6, 2.0, 1.1),
    "weekday": (1.2, 1.2, 1.2, 1.2, 1.1, 0.4, 0.3),
    "after_weekend": (1.8, 1.1, 1, 1, 1, 0.6, 0.6),
}
#: Relative weight of the hours 0 … 23.
HOURS = {
    "night": (
        *(3, 2.5, 2, 1, 0.5, 0.2, 0.2, 0.2, 0.3, 0.3, 0.4, 0.5),
        *(0.6, 0.7, 0.8, 1, 1.3, 1.8, 2.5, 3, 3.5, 4, 4, 3.5),
    ),
    "evening": (
        *(1, 0.6, 0.3, 0.1, 0.1, 0.1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6),
        *(0.8, 0.9, 1, 1.3, 1.8, 2.5, 3, 3.3, 3.3, 3, 2.3, 1.5),
    ),
    # Damage done at night is mostly found in the morning rounds.
    "discovery": (
        *(1.2, 1, 0.6, 0.3, 0.2, 0.5, 1.5, 3, 3.5, 3, 2.2, 1.5),
        *(1, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.9, 1, 1.2, 1.4, 1.4),
    ),
    "day": (
        *(0, 0, 0, 0, 0, 0.1, 0.5, 1.5, 3, 3.5, 3.5, 3),
        *(2.5, 3, 3, 2.5, 1.5, 0.8, 0.5, 0.4, 0.3, 0.2, 0.1, 0),
    ),
    "office": (
        *(0, 0, 0, 0, 0, 0, 0, 0.5, 2, 3, 3, 2.5),
        *(2, 3, 3, 2.5, 1, 0.2, 0, 0, 0, 0, 0, 0),
    ),
    "afternoon": (
        *(0.3, 0.1, 0, 0, 0, 0, 0, 0, 0.2, 0.5, 1, 1.5),
        *(2, 2.5, 2.5, 2.5, 2.5, 3, 3, 3, 2.5, 2, 1.5, 0.8),
    ),
}
#: Category key → (weekday pattern, hour pattern).
PATTERNS = {
    "klotter": ("flat", "discovery"),
    "glaskross": ("weekend", "discovery"),
    "brand": ("weekend", "evening"),
    "samling": ("weekend", "night"),
    "brak_vald": ("weekend", "night"),
    "inbrott": ("flat", "night"),
    "droghantering": ("weekend", "evening"),
    "olovligt_boende": ("weekday", "day"),
    "belysning": ("weekday", "day"),
    "insyn": ("weekday", "day"),
    "nedskrapning": ("after_weekend", "day"),
    "handelser": ("weekend", "afternoon"),
    "narkotika": ("weekend", "evening"),
    "kriminella_natverk": ("weekday", "office"),
    "vbe": ("weekday", "day"),
    "ungdomar_risk": ("weekend", "night"),
    "hedersvald": ("weekday", "office"),
    "social_oro": ("weekend", "evening"),
    "otrygga_platser": ("flat", "evening"),
    "ovrigt": ("weekday", "office"),
}
DEFAULT_PATTERN = ("flat", "day")

# --- seasons ------------------------------------------------------------------------------------

#: Category key → season profile (see ``_season``).
SEASONS = {
    "klotter": "summer",
    "nedskrapning": "summer",
    "samling": "summer",
    "ungdomar_risk": "summer",
    "handelser": "summer",
    "social_oro": "mild_summer",
    "glaskross": "mild_summer",
    "droghantering": "mild_summer",
    "narkotika": "mild_summer",
    "otrygga_platser": "mild_dark",
    "inbrott": "mild_dark",
    "belysning": "dark",
    "insyn": "green",
}
#: Categories that rise when the schools are closed.
HOLIDAY_CATEGORIES = frozenset(
    {"klotter", "nedskrapning", "samling", "ungdomar_risk", "glaskross", "social_oro"}
)
#: Occasion → {category key: factor on that day}.
OCCASIONS = {
    "nyar": {"brand": 80, "handelser": 4, "brak_vald": 3, "samling": 2, "social_oro": 2},
    "valborg": {
        "brand": 30,
        "handelser": 6,
        "samling": 4,
        "nedskrapning": 3,
        "brak_vald": 3,
        "ungdomar_risk": 3,
    },
    "skolavslutning": {"handelser": 10, "samling": 3, "ungdomar_risk": 3},
    "midsommar": {"handelser": 8, "nedskrapning": 3, "brak_vald": 2},
}
#: Severity of a category when the reporter assesses the week (count × severity).
SEVERITY = {
    "brak_vald": 1.5,
    "brand": 1.3,
    "droghantering": 1.3,
    "narkotika": 1.3,
    "kriminella_natverk": 1.8,
    "vbe": 1.5,
    "hedersvald": 1.5,
}
#: Categories where one report often covers several occurrences (three new tags …).
SEVERAL_AT_ONCE = frozenset({"klotter", "nedskrapning", "glaskross"})
GENERIC_TEXTS = ["Iakttagelse vid {plats}.", "Händelse i området, bevakas."]


def _easter(year: int) -> datetime.date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def _friday_between(year: int, month: int, first: int, last: int) -> datetime.date:
    return next(
        datetime.date(year, month, d)
        for d in range(first, last + 1)
        if datetime.date(year, month, d).weekday() == 4
    )


@functools.cache
def _occasion(day: datetime.date) -> str | None:
    if (day.month, day.day) in {(12, 31), (1, 1)}:
        return "nyar"
    if (day.month, day.day) == (4, 30):
        return "valborg"
    if day.month == 6:
        if day == _friday_between(day.year, 6, 9, 15):
            return "skolavslutning"
        if day == _friday_between(day.year, 6, 19, 25):
            return "midsommar"
    return None


@functools.cache
def _school_holiday(day: datetime.date) -> bool:
    """Sommar-, höst-, jul-, sport- and påsklov (rough dates for Dalarna and Västmanland)."""
    week = day.isocalendar().week
    if _friday_between(day.year, 6, 9, 15) < day <= datetime.date(day.year, 8, 18):
        return True
    if (day.month == 12 and day.day >= 21) or (day.month == 1 and day.day <= 7):
        return True
    easter_monday = _easter(day.year) + datetime.timedelta(days=1)
    return week in {9, 44} or week == easter_monday.isocalendar().week


def _season(profile: str, day: datetime.date) -> float:
    doy = day.timetuple().tm_yday
    summer = (1 + math.cos(2 * math.pi * (doy - 196) / 365.25)) / 2  # 1 in mid-July
    dark = (1 + math.cos(2 * math.pi * (doy - 356) / 365.25)) / 2  # 1 at the winter solstice
    return {
        "summer": 0.55 + 1.0 * summer,
        "mild_summer": 0.8 + 0.45 * summer,
        "dark": 0.1 + 2.0 * dark,
        "mild_dark": 0.75 + 0.5 * dark,
        "green": 0.4 + 1.2 * summer,  # bushes grow over paths in summer
    }.get(profile, 1.0)


@functools.cache
def day_factor(key: str, day: datetime.date, occasions: bool = True) -> float:
    """How much more (or less) than usual a category is reported on ``day``.

    ``occasions=False`` leaves out the single days (nyår, valborg …).
    """
    factor = _season(SEASONS.get(key, ""), day)
    if key in HOLIDAY_CATEGORIES and _school_holiday(day):
        factor *= 1.4
    if key == "hedersvald" and (5, 15) <= (day.month, day.day) <= (6, 15):
        factor *= 2.5  # concern before the summer holiday
    if key == "inbrott" and day.month == 7:
        factor *= 1.3  # empty homes
    occasion = _occasion(day) if occasions else None
    if occasion is not None:
        factor *= OCCASIONS[occasion].get(key, 1)
    return factor


# --- generation ---------------------------------------------------------------------------------


@dataclass
class _Reporter:
    membership: Membership
    unit_name: str
    areas: frozenset[str] | None
    weights: dict[str, float]
    other: float

    checklist: frozenset[str]

    def covers(self, area: str) -> bool:
        return self.areas is None or area in self.areas

    def weight(self, area: str, key: str) -> float:
        return float(self.weights.get(key, self.other)) if self.covers(area) else 0.0


@dataclass
class _Place:
    name: str
    lon: float | None
    lat: float | None


@dataclass
class _Incident:
    ago: int
    period_start: datetime.date
    area: Area
    category: Category
    reporter: _Reporter
    membership: Membership
    occurred_at: datetime.datetime
    lon: float | None
    lat: float | None
    count: int
    text: str
    #: Time from the event to the report form; a checklist report is received with its page.
    lag: datetime.timedelta
    created_at: datetime.datetime
    assessment: str = ""
    trend: str = ""
    source: str = ReportSource.WEB
    report: Report | None = None


@dataclass
class _Answer:
    answer: ChecklistAnswer
    incident: _Incident | None
    sent_at: datetime.datetime


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


class _Generator:
    """One collaboration's year, in memory: incidents, their assessment, the checklist pages.

    Deterministic for a given collaboration, set of reporters and ``now`` (the weeks are counted
    back from the current one, in the project's time zone, Europe/Stockholm).
    """

    def __init__(self, collaboration: Collaboration, reporters: list[_Reporter], now: Any) -> None:
        slug = collaboration.slug
        self.collaboration = collaboration
        self.reporters = reporters
        self.now = now
        self.tz = timezone.get_default_timezone()
        self.today = timezone.localtime(now, self.tz).date()
        self.current = period_start_for(self.today)
        self.rng = random.Random(f"{data.REPORTS_SEED}:{slug}")  # noqa: S311 – invented data
        self.rates = data.CATEGORY_RATES.get(slug, {})
        self.area_factors = data.AREA_FACTORS.get(slug, {})
        self.places = data.PLACES.get(slug, {})
        template = (
            collaboration.report_templates.filter(is_active=True).order_by("pk").first()
            or collaboration.report_templates.order_by("pk").first()
        )
        self.categories = reportable_categories(template=template) if template else []
        self.areas = list(collaboration.areas.filter(is_active=True).order_by("pk"))
        self.polygons: dict[int, Any] = {}
        for area in self.areas:
            if area.boundary:
                polygon = shape(area.boundary)
                shapely.prepare(polygon)
                self.polygons[area.pk] = polygon
        self.hotspots = [h for h in data.HOTSPOTS if h["collaboration"] == slug]

    # --- when and where --------------------------------------------------------------------

    def _local(self, day: datetime.date, hour: int, minute: int) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=self.tz)

    def _when(self, key: str, start: datetime.date) -> datetime.datetime:
        weekday_profile, hour_profile = PATTERNS.get(key, DEFAULT_PATTERN)
        days = [start + datetime.timedelta(days=d) for d in range(7)]
        days = [d for d in days if d <= self.today]
        weights = [WEEKDAYS[weekday_profile][d.weekday()] * day_factor(key, d) for d in days]
        for _ in range(30):
            day = self.rng.choices(days, weights)[0]
            hour = self.rng.choices(range(24), HOURS[hour_profile])[0]
            moment = self._local(day, hour, self.rng.randrange(60))
            if moment <= self.now:
                return moment
        # Early in the current week: somewhere between Monday 00:00 and now.
        week_start = self._local(start, 0, 0)
        return week_start + (self.now - week_start) * self.rng.random()

    def _point(
        self, area: Area, place: _Place, sigma_m: float
    ) -> tuple[float | None, float | None]:
        polygon = self.polygons.get(area.pk)
        if polygon is None:
            return None, None
        if place.lon is not None and place.lat is not None:
            m_per_lon = 111_320 * math.cos(math.radians(place.lat))
            for _ in range(50):
                dx, dy = self.rng.gauss(0, sigma_m), self.rng.gauss(0, sigma_m)
                if math.hypot(dx, dy) > 2.5 * sigma_m:
                    continue
                lon, lat = place.lon + dx / m_per_lon, place.lat + dy / 110_540
                if shapely.contains_xy(polygon, lon, lat):
                    return round(lon, 6), round(lat, 6)
        # A place outside the polygon (an area redrawn since): anywhere inside it.
        west, south, east, north = polygon.bounds
        for _ in range(1000):
            lon, lat = self.rng.uniform(west, east), self.rng.uniform(south, north)
            if shapely.contains_xy(polygon, lon, lat):
                return round(lon, 6), round(lat, 6)
        point = polygon.representative_point()
        return round(point.x, 6), round(point.y, 6)

    def _places(self, area: Area) -> list[_Place]:
        places = [_Place(*p) for p in self.places.get(area.name, [])]
        return places or [_Place(area.name, None, None)]

    def _text(self, key: str, day: datetime.date, place: _Place, pool: list[str] | None) -> str:
        if pool is None:
            if self.rng.random() < 0.2:
                return ""  # a report without a description
            occasion = _occasion(day)
            if occasion and key in OCCASIONS[occasion] and self.rng.random() < 0.7:
                pool = data.OCCASION_TEXTS.get(occasion)
            pool = pool or data.REPORT_TEXTS.get(key) or GENERIC_TEXTS
        return self.rng.choice(pool).format(plats=place.name)

    def _reporter(self, area: Area, key: str) -> _Reporter | None:
        weights = [r.weight(area.name, key) for r in self.reporters]
        if not any(weights):
            return None
        return self.rng.choices(self.reporters, weights)[0]

    def _incident(
        self,
        ago: int,
        start: datetime.date,
        area: Area,
        category: Category,
        *,
        hotspot: dict[str, Any] | None = None,
    ) -> _Incident | None:
        key = category.key
        reporter = self._reporter(area, key)
        if reporter is None:
            return None
        occurred_at = self._when(key, start)
        places = self._places(area)
        if hotspot is not None:
            place = next((p for p in places if p.name == hotspot["place"]), places[0])
            lon, lat = self._point(area, place, HOTSPOT_SIGMA_M)
            count = 1
        else:
            place = self.rng.choice(places)
            lon, lat = self._point(area, place, PLACE_SIGMA_M)
            if key in SEVERAL_AT_ONCE:
                count = self.rng.choices((1, 2, 3, 4), (75, 15, 7, 3))[0]
            else:
                count = self.rng.choices((1, 2), (92, 8))[0]
        text = self._text(
            key, occurred_at.date(), place, hotspot["texts"] if hotspot is not None else None
        )
        lag = datetime.timedelta(minutes=self.rng.choices(LAG_MINUTES, LAG_WEIGHTS)[0])
        return _Incident(
            ago=ago,
            period_start=start,
            area=area,
            category=category,
            reporter=reporter,
            membership=reporter.membership,
            occurred_at=occurred_at,
            lon=lon,
            lat=lat,
            count=count,
            text=text,
            lag=lag,
            created_at=min(occurred_at + lag, self.now),
        )

    def incidents(self) -> list[_Incident]:
        week_start = self._local(self.current, 0, 0)
        elapsed = min(max((self.now - week_start) / datetime.timedelta(days=7), 0.0), 1.0)
        incidents: list[_Incident] = []
        for ago in range(data.REPORT_WEEKS, -1, -1):
            start = self.current - datetime.timedelta(weeks=ago)
            days = [start + datetime.timedelta(days=d) for d in range(7)]
            for area in self.areas:
                factors = self.area_factors.get(area.name, {})
                for category in self.categories:
                    key = category.key
                    rate = self.rates.get(key, 0.15) * factors.get(key, factors.get("*", 1.0))
                    # The ordinary level varies from week to week (overdispersion); the days of
                    # nyår, valborg … come on top, every year.
                    ordinary = sum(day_factor(key, d, False) for d in days) / 7
                    festive = sum(day_factor(key, d) for d in days) / 7 - ordinary
                    rate *= ordinary * self.rng.gammavariate(2.5, 1 / 2.5) + festive
                    if ago == 0:
                        rate *= elapsed
                    for _ in range(_poisson(self.rng, rate)):
                        incident = self._incident(ago, start, area, category)
                        if incident is not None:
                            incidents.append(incident)
            incidents.extend(self._hotspot_incidents(ago, start, elapsed))
        return incidents

    def _hotspot_incidents(self, ago: int, start: datetime.date, elapsed: float) -> list[_Incident]:
        found: list[_Incident] = []
        by_key = {c.key: c for c in self.categories}
        for spot in self.hotspots:
            area = next((a for a in self.areas if a.name == spot["area"]), None)
            if area is None:
                continue
            for key, weekly in spot["weekly"].items():
                if key not in by_key:
                    continue
                if ago == 0:
                    # The current week goes on at the last week's level; at least one report,
                    # so that the demo always reaches into the current week.
                    n = max(1, round(weekly[-1] * elapsed))
                elif ago <= len(weekly):
                    n = weekly[len(weekly) - ago]
                else:
                    continue
                for _ in range(n):
                    incident = self._incident(ago, start, area, by_key[key], hotspot=spot)
                    if incident is not None:
                        found.append(incident)
        return found

    # --- assessment, trend, checklist ------------------------------------------------------

    def assess(self, incidents: list[_Incident]) -> None:
        cells: dict[tuple[int, int, int], int] = defaultdict(int)
        for i in incidents:
            cells[(i.ago, i.area.pk, i.category.pk)] += 1
        for i in incidents:
            n = cells[(i.ago, i.area.pk, i.category.pk)]
            before = cells.get((i.ago + 1, i.area.pk, i.category.pk), 0)
            score = n * SEVERITY.get(i.category.key, 1.0) + self.rng.gauss(0, 0.6)
            if self.rng.random() < 0.05:
                i.assessment = ""  # not assessed
            elif score < 2.0:
                i.assessment = Assessment.GREEN
            elif score < 4.5:
                i.assessment = Assessment.YELLOW
            else:
                i.assessment = Assessment.RED
            # A single report after a quiet week is no trend; doubling (or two more) is.
            if self.rng.random() < 0.1 or i.ago == data.REPORT_WEEKS:
                i.trend = "" if self.rng.random() < 0.5 else Trend.UNCHANGED
            elif n >= before + 2 or (before >= 1 and n >= 2 * before):
                i.trend = Trend.INCREASED
            elif before >= n + 2 or before >= 2 * n:
                i.trend = Trend.DECREASED
            else:
                i.trend = Trend.UNCHANGED

    def checklist(self, incidents: list[_Incident]) -> list[_Answer]:
        """The weekly checklist pages of the completed weeks, one answer per category.

        A unit sends all its pages of a week at once, after the last thing it saw; the first
        thing it saw in an area and category becomes the answer's report, the rest were sent
        with the report form during the week.
        """
        slug = self.collaboration.slug
        units: dict[str, list[_Reporter]] = defaultdict(list)
        for r in self.reporters:
            if r.checklist:
                units[r.unit_name].append(r)
        seen: dict[tuple[str, int, int, int], list[_Incident]] = defaultdict(list)
        last_seen: dict[tuple[str, int], datetime.datetime] = {}
        for i in sorted(incidents, key=lambda i: i.occurred_at):
            seen[(i.reporter.unit_name, i.ago, i.area.pk, i.category.pk)].append(i)
            last_seen[(i.reporter.unit_name, i.ago)] = i.occurred_at
        gap_unit, gap_weeks = data.CHECKLIST_GAPS.get(slug, ("", []))
        answers: list[_Answer] = []
        for unit_name, members in units.items():
            for ago in range(data.REPORT_WEEKS, 0, -1):
                if unit_name == gap_unit and ago in gap_weeks:
                    continue  # the whole week missing
                start = self.current - datetime.timedelta(weeks=ago)
                holiday = _school_holiday(start + datetime.timedelta(days=3))
                share = MISSING_PAGE_SHARE_HOLIDAY if holiday else MISSING_PAGE_SHARE
                membership = self.rng.choice(members).membership
                sent_at = self._sent_at(start)
                if (unit_name, ago) in last_seen:
                    sent_at = max(
                        sent_at, last_seen[(unit_name, ago)] + datetime.timedelta(hours=1)
                    )
                sent_at = min(sent_at, self.now)
                for area in self.areas:
                    if area.name not in members[0].checklist:
                        continue
                    if self.rng.random() < share and ago > 1:
                        continue  # never sent (in the last week only the gap unit is missing)
                    for category in self.categories:
                        cell = seen.get((unit_name, ago, area.pk, category.pk))
                        first = cell[0] if cell else None
                        if first is not None:
                            first.source = ReportSource.CHECKLIST
                            first.membership = membership
                            first.created_at = sent_at
                        answer = ChecklistAnswer(
                            collaboration_id=self.collaboration.pk,
                            area_id=area.pk,
                            category_id=category.pk,
                            period_start=start,
                            owner_organisation_id=membership.organisation_id,
                            unit_id=membership.unit_id,
                            reporter_id=membership.user_id,
                        )
                        answers.append(_Answer(answer, first, sent_at))
        return answers

    def _sent_at(self, start: datetime.date) -> datetime.datetime:
        """Sunday evening, or Monday morning after the week."""
        if self.rng.random() < 0.6:
            day, hour = start + datetime.timedelta(days=6), self.rng.randint(16, 21)
        else:
            day, hour = start + datetime.timedelta(days=7), self.rng.randint(7, 10)
        return self._local(day, hour, self.rng.randrange(60))


def _report(collaboration: Collaboration, i: _Incident, labels: dict[int, str]) -> Report:
    membership = i.membership
    return Report(
        collaboration_id=collaboration.pk,
        category_id=i.category.pk,
        category_label=labels[i.category.pk],
        template_version=i.category.template.version,
        reporter_id=membership.user_id,
        owner_organisation_id=membership.organisation_id,
        unit_id=membership.unit_id,
        info_class=InformationClass.PARTNERS,
        period_start=i.period_start,
        occurred_at=i.occurred_at,
        area_id=i.area.pk,
        lon=i.lon,
        lat=i.lat,
        count=i.count,
        assessment=i.assessment,
        trend=i.trend,
        text=i.text,
        personal_data_reason="",
        source=i.source,
        idempotency_key=None,
    )


# --- reporters ----------------------------------------------------------------------------------


class _Password:
    """The demo password's hash, computed once (Argon2 is deliberately slow)."""

    value: str | None = None

    @classmethod
    def get(cls) -> str:
        if cls.value is None:
            cls.value = make_password(data.DEMO_PASSWORD)
        return cls.value


def _ensure_reporters(collaboration: Collaboration) -> list[Membership]:
    """Create the invented reporters of ``data.REPORTERS`` (once); return the new memberships."""
    organisations = list(collaboration.parties.order_by("pk"))
    spec = next((s for s in data.COLLABORATIONS if s["slug"] == collaboration.slug), None)
    if spec is not None:  # the order of data.COLLABORATIONS, whatever the primary keys
        order = [name for name, _kind, _units in spec["organisations"]]
        organisations.sort(key=lambda o: order.index(o.name) if o.name in order else len(order))
    created = []
    for prefix, first, last, org_index, unit_name in data.REPORTERS.get(collaboration.slug, []):
        username = f"{prefix}.{collaboration.slug}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.invalid",
                password=_Password.get(),
            )
            user.full_clean()
            user.save()
        if user.memberships.filter(collaboration=collaboration).exists():
            continue
        if org_index >= len(organisations):
            continue
        organisation = organisations[org_index]
        unit = organisation.units.filter(name=unit_name).first()
        created.append(
            org.membership_create(
                user=user,
                organisation=organisation,
                role=Role.REPORTER,
                collaboration=collaboration,
                unit=unit,
            )
        )
    return created


def _reporters(collaboration: Collaboration) -> list[_Reporter]:
    units = data.REPORTING_UNITS.get(collaboration.slug, {})
    memberships = (
        Membership.objects.filter(
            collaboration=collaboration,
            role=Role.REPORTER,
            is_active=True,
            unit__name__in=list(units),
        )
        .select_related("unit")
        .order_by("pk")
    )
    return [
        _Reporter(
            membership=m,
            unit_name=m.unit.name,
            areas=frozenset(units[m.unit.name]["areas"])
            if units[m.unit.name]["areas"] is not None
            else None,
            weights=units[m.unit.name]["weights"],
            other=units[m.unit.name]["other"],
            checklist=frozenset(units[m.unit.name]["checklist"]),
        )
        for m in memberships
    ]


def _add_login(logins: list[DemoLogin], membership: Membership, workspace: str) -> None:
    """Insert the login after the collaboration's others, where a second run lists it too."""
    from laget.demo.services import DemoLogin

    login = DemoLogin(
        membership.user.username,
        membership.user.get_full_name(),
        membership.get_role_display(),
        workspace,
    )
    last = max((n for n, x in enumerate(logins) if x.workspace == workspace), default=None)
    logins.insert(len(logins) if last is None else last + 1, login)


# --- the entry point ----------------------------------------------------------------------------


@transaction.atomic
def demo_reports_load(
    *, logins: list[DemoLogin] | None = None, now: datetime.datetime | None = None
) -> dict[str, int]:
    """Create the demo's reporters and a year of reports for each demo collaboration.

    Returns the number of reports created per collaboration slug (0 where it already had
    reports or checklist answers). New reporters' logins are added to ``logins``.
    """
    now = now or timezone.now()
    created: dict[str, int] = {}
    slugs = [spec["slug"] for spec in data.COLLABORATIONS]
    for collaboration in Collaboration.objects.filter(slug__in=slugs).order_by("pk"):
        for membership in _ensure_reporters(collaboration):
            if logins is not None:
                _add_login(logins, membership, collaboration.name)
        if collaboration.reports.exists() or collaboration.checklist_answers.exists():
            created[collaboration.slug] = 0
            continue
        created[collaboration.slug] = _generate(collaboration, now)
    return created


def _generate(collaboration: Collaboration, now: datetime.datetime) -> int:
    started = time.perf_counter()
    generator = _Generator(collaboration, _reporters(collaboration), now)
    if not generator.categories or not generator.reporters:
        return 0
    incidents = generator.incidents()
    generator.assess(incidents)
    pages = generator.checklist(incidents)
    incidents.sort(key=lambda i: (i.created_at, i.occurred_at))
    labels = {c.pk: str(c) for c in generator.categories}
    reports = [_report(collaboration, i, labels) for i in incidents]
    Report.objects.bulk_create(reports, batch_size=BATCH_SIZE)
    for report, incident in zip(reports, incidents, strict=True):
        incident.report = report
    answers = [page.answer for page in pages]
    for page in pages:
        if page.incident is not None and page.incident.report is not None:
            page.answer.report_id = page.incident.report.pk
    ChecklistAnswer.objects.bulk_create(answers, batch_size=BATCH_SIZE)
    _set_times(collaboration, incidents, pages, now)
    record(
        action=AuditAction.BULK,
        model_label="reporting.Report",
        object_repr=f"Demodata: {len(reports)} lägesrapporter för {collaboration.name}",
        collaboration_id=collaboration.pk,
        data={
            "reason": "demo data (laget demo), stored in bulk without an entry per row",
            "reports": len(reports),
            "checklist_answers": len(answers),
            "nothing_to_report_answers": sum(1 for a in answers if a.report_id is None),
            "weeks": data.REPORT_WEEKS + 1,
            "first_week": str(generator.current - datetime.timedelta(weeks=data.REPORT_WEEKS)),
            "last_week": str(generator.current),
            "seed": data.REPORTS_SEED,
            "seconds": round(time.perf_counter() - started, 3),
        },
    )
    return len(reports)


def _chunks(ids: list[int], size: int = BATCH_SIZE) -> Iterator[list[int]]:
    for n in range(0, len(ids), size):
        yield ids[n : n + size]


def _set_times(
    collaboration: Collaboration,
    incidents: list[_Incident],
    pages: list[_Answer],
    now: datetime.datetime,
) -> None:
    """Put back when each report was received and each checklist page sent.

    ``created_at`` (auto_now_add) and ``answered_at`` (auto_now) are stamped "now" by
    bulk_create; a few UPDATEs set the real times: one for the checklist answers (a unit sends
    its pages of a week together), one for the checklist's reports and one per report-form
    delay.
    """
    sent = {(p.answer.unit_id, p.answer.period_start): p.sent_at for p in pages}
    by_lag: dict[datetime.timedelta, list[int]] = defaultdict(list)
    for i in incidents:
        if i.source != ReportSource.CHECKLIST and i.report is not None:
            by_lag[i.lag].append(i.report.pk)
    if sent:
        ChecklistAnswer.objects.filter(collaboration=collaboration).update(
            answered_at=Case(
                *(
                    When(unit_id=unit, period_start=week, then=Value(moment))
                    for (unit, week), moment in sent.items()
                ),
                default=F("answered_at"),
                output_field=DateTimeField(),
            )
        )
    Report.objects.filter(collaboration=collaboration, source=ReportSource.CHECKLIST).update(
        created_at=Subquery(
            ChecklistAnswer.objects.filter(report=OuterRef("pk")).values("answered_at")[:1]
        )
    )
    for lag, ids in by_lag.items():
        for chunk in _chunks(ids):
            Report.objects.filter(pk__in=chunk).update(created_at=F("occurred_at") + lag)
    Report.objects.filter(collaboration=collaboration, created_at__gt=now).update(created_at=now)
