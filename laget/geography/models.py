"""Sweden's administrative geography and the areas users draw inside a municipality.

Boundaries are stored as GeoJSON geometry (WGS 84, lon/lat) and evaluated with shapely in
``laget.geography.spatial``; this keeps SQLite as the embedded default (no GIS extension) while
still assigning thousands of points per second.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.geography.choices import AreaKind


class County(models.Model):
    """A län, identified by its two-digit SCB länskod (e.g. 20 Dalarna)."""

    code = models.CharField(_("county code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    boundary = models.JSONField(_("boundary"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return f"{self.name} län"


class Municipality(models.Model):
    """A kommun, identified by its four-digit SCB kommunkod (e.g. 2085 Ludvika)."""

    code = models.CharField(_("municipality code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    boundary = models.JSONField(_("boundary"), null=True, blank=True)
    label_lat = models.FloatField(_("label latitude"), null=True, blank=True)
    label_lon = models.FloatField(_("label longitude"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class PoliceRegion(models.Model):
    """One of the Police Authority's seven regions, covering whole counties."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    counties = models.ManyToManyField(
        County, related_name="police_regions", verbose_name=_("counties")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("police region")
        verbose_name_plural = _("police regions")

    def __str__(self) -> str:
        return f"Polisregion {self.name}"


class LocalPoliceArea(models.Model):
    """A lokalpolisområde (LPO). One LPO often covers several municipalities."""

    name = models.CharField(_("name"), max_length=100)
    police_region = models.ForeignKey(
        PoliceRegion,
        on_delete=models.PROTECT,
        related_name="local_police_areas",
        verbose_name=_("police region"),
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="local_police_areas", verbose_name=_("municipalities")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("local police area")
        verbose_name_plural = _("local police areas")
        constraints = [
            models.UniqueConstraint(fields=["police_region", "name"], name="unique_lpo_per_region")
        ]

    def __str__(self) -> str:
        return f"LPO {self.name}"


class Area(models.Model):
    """A user-defined område inside the collaboration's municipality (stadsdel, centrum …).

    The polygon is optional: an area without one can still be chosen by hand in a report, but
    points are only assigned automatically to areas that have a polygon.
    """

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="areas",
        verbose_name=_("collaboration"),
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=20, choices=AreaKind.choices, default=AreaKind.DISTRICT
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)
    boundary = models.JSONField(_("boundary"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "name"], name="unique_area_name")
        ]

    def __str__(self) -> str:
        return self.name
