"""The demo's citizen tips: moderated examples in both municipalities, loadable twice."""

import pytest

from laget.tips.choices import TipStatus
from laget.tips.demo import DEMO_TIPS, tips_demo_load
from laget.tips.models import Tip

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_status_in_fagersta_and_tips_in_ludvika(fagersta, ludvika):
    statuses = set(Tip.objects.filter(collaboration=fagersta).values_list("status", flat=True))
    assert statuses >= {s.value for s in TipStatus}
    assert Tip.objects.filter(collaboration=ludvika).count() >= 3
    closed = Tip.objects.filter(collaboration=fagersta, status=TipStatus.CLOSED).first()
    assert closed.public_response and closed.email == ""
    # Points inside the municipality, so the area lookup found the demo's areas.
    assert Tip.objects.filter(public_id="demofagersta2b2").get().area.name == "Västanfors"


def test_loading_the_demo_again_changes_nothing(demo):
    before = Tip.objects.count()
    tips_demo_load()
    assert Tip.objects.count() == before
    assert Tip.objects.filter(public_id__startswith="demo").count() == sum(
        len(tips) for tips in DEMO_TIPS.values()
    )
