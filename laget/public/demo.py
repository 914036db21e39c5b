"""The demo's public site (called from laget.demo.services.demo_load).

The planning demo adopts a recent week's lägesbild in each collaboration; here the coordinator
publishes its public summary, so the public pages have something to show.
"""

from __future__ import annotations

from laget.accounts.models import User
from laget.organisations.models import Collaboration
from laget.public.models import PublishedSummary
from laget.public.services import summary_publish
from laget.situation.choices import PictureStatus
from laget.situation.models import SituationPicture

PUBLIC_TEXTS = {
    "fagersta": (
        "Kommunen och polisen har tillsammans gått igenom veckans rapporter. Klotter och "
        "nedskräpning kring centrum och stationen är fortfarande det vanligaste. Arbetet "
        "fortsätter enligt medborgarlöftet."
    ),
    "ludvika": (
        "Veckans gemensamma lägesbild visar ett lugnt läge i stort. Skadegörelse i centrala "
        "Ludvika följs upp inom årets medborgarlöfte."
    ),
}


def public_demo_load() -> None:
    """Publish the latest adopted lägesbild summary of each demo collaboration; safe to run again."""
    for collaboration in Collaboration.objects.filter(slug__in=list(PUBLIC_TEXTS)):
        picture = (
            SituationPicture.objects.filter(
                collaboration=collaboration, status=PictureStatus.ADOPTED
            )
            .order_by("-period_start", "-version")
            .first()
        )
        if picture is None:
            continue
        if PublishedSummary.objects.filter(picture=picture).exists():
            continue
        coordinator = User.objects.filter(username=f"samordnare.{collaboration.slug}").first()
        if coordinator is None:
            continue
        summary_publish(
            user=coordinator, picture=picture, public_text=PUBLIC_TEXTS[collaboration.slug]
        )
