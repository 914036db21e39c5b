"""The public pages: anonymous reach, nothing non-public, drafts 404, queries and caching."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from laget.accounts.models import User
from laget.core.choices import InformationClass
from laget.public import selectors
from laget.public.models import PublishedSummary
from laget.public.tests.factories import INTERNAL, make_follow_up, make_promise, sign
from laget.public.tests.test_services import adopted_picture, unpublished_adopted_picture

pytestmark = pytest.mark.django_db


def police_of(collaboration):
    return collaboration.parties.get(name__startswith="Polisen")


def url(name: str, **kwargs) -> str:
    return reverse(f"public:{name}", kwargs=kwargs)


@pytest.fixture
def promises(fagersta):
    """An earlier (completed) promise renewed by the current one, a draft and an unpublished
    active one, all Fagersta's."""
    today = timezone.localdate()
    earlier = make_promise(
        fagersta,
        title="Tryggt kring stationen 2025",
        status="completed",
        start=datetime.date(2025, 1, 1),
        days=89,
    )
    make_follow_up(earlier)
    current = make_promise(fagersta, title="Tryggt i centrum", previous=earlier, activities=4)
    draft = make_promise(fagersta, title="Utkastlöftet", status="draft", published=False)
    unpublished = make_promise(fagersta, title="Opublicerat löfte", published=False)
    withdrawn = make_promise(fagersta, title="Återkallat löfte", status="withdrawn")
    return {
        "earlier": earlier,
        "current": current,
        "draft": draft,
        "unpublished": unpublished,
        "withdrawn": withdrawn,
        "today": today,
    }


def test_the_index_lists_the_municipalities_and_may_be_cached(client, fagersta, ludvika):
    response = client.get(url("index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-municipality="{fagersta.slug}"' in html
    assert f'data-municipality="{ludvika.slug}"' in html
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert not response.cookies  # no session and no CSRF cookie for an anonymous visitor
    assert "Cookie" in response["Vary"]


def test_a_signed_in_visitor_gets_a_private_answer(client_for, fagersta_coordinator, fagersta):
    response = client_for(fagersta_coordinator).get(url("municipality", municipality="fagersta"))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_the_municipality_page_shows_current_promises_with_progress(client, promises):
    response = client.get(url("municipality", municipality="fagersta"))
    assert response.status_code == 200
    html = response.content.decode()
    current = promises["current"]
    assert f'data-promise="{current.pk}"' in html
    assert "Tryggt i centrum" in html
    # Statuses are written out (text, not colour alone), changed activities give their reason.
    assert 'data-status="done"' in html and 'data-status="changed"' in html
    assert "Offentlig uppdatering 2." in html
    # The archive shows the completed one; nothing non-public anywhere.
    assert "Tryggt kring stationen 2025" in html
    for hidden in ("Utkastlöftet", "Opublicerat löfte", "Återkallat löfte", INTERNAL):
        assert hidden not in html
    assert reverse("public_tips:form", kwargs={"municipality": "fagersta"}) in html
    assert url("map", municipality="fagersta") in html


def test_an_unknown_municipality_is_404(client, demo):
    assert client.get(url("municipality", municipality="ingenstans")).status_code == 404


def test_the_municipality_page_takes_few_queries(client, promises, django_assert_max_num_queries):
    # 4 per current promise (its activities and updates), 2 per page part besides.
    with django_assert_max_num_queries(16):
        assert client.get(url("municipality", municipality="fagersta")).status_code == 200


def test_the_promise_page_shows_the_six_sections_in_order(client, promises, fagersta):
    current = promises["current"]
    sign(current, police_of(fagersta), User.objects.get(username="polis.fagersta"))
    response = client.get(url("promise", municipality="fagersta", public_promise_id=current.pk))
    assert response.status_code == 200
    html = response.content.decode()
    sections = [int(n) for n in re.findall(r'data-section="(\d)"', html)]
    assert sections == [1, 2, 3, 4, 5, 6]
    order = [
        html.index(f"Inledning för {current.title}"),
        html.index(f"Lägesbild för {current.title}"),
        html.index("Aktivitet 1 i"),
        html.index(f"Effekter för {current.title}"),
        html.index(f"Följ {current.title}"),
        html.index("Kim Exempelsson"),
    ]
    assert order == sorted(order)
    assert "Lokalpolisområdeschef" in html
    assert INTERNAL not in html
    # The renewal chain: the earlier promise is linked.
    assert url("promise", municipality="fagersta", public_promise_id=promises["earlier"].pk) in html
    assert 'data-section="follow-up"' not in html


def test_a_completed_promise_shows_its_follow_up_and_the_next_one(client, promises):
    earlier = promises["earlier"]
    html = client.get(url("promise", municipality="fagersta", public_promise_id=earlier.pk)).content
    html = html.decode()
    assert "Klottret minskade tydligt." in html
    assert 'data-link="next"' in html
    assert INTERNAL not in html


@pytest.mark.parametrize("key", ["draft", "unpublished", "withdrawn"])
def test_a_non_public_promise_is_404_for_everyone(
    client, client_for, fagersta_coordinator, promises, key
):
    promise = promises[key]
    for name in ("promise", "promise_poster"):
        address = url(name, municipality="fagersta", public_promise_id=promise.pk)
        assert client.get(address).status_code == 404
        assert client_for(fagersta_coordinator).get(address).status_code == 404


def test_a_promise_under_another_municipality_is_404(client, promises, ludvika):
    address = url("promise", municipality="ludvika", public_promise_id=promises["current"].pk)
    assert client.get(address).status_code == 404


def test_the_promise_page_takes_few_queries(client, promises, django_assert_max_num_queries):
    address = url("promise", municipality="fagersta", public_promise_id=promises["current"].pk)
    with django_assert_max_num_queries(14):
        assert client.get(address).status_code == 200


def test_the_poster_is_a_pdf_with_the_promise_in_short(client, promises, fagersta):
    from pypdf import PdfReader

    current = promises["current"]
    sign(current, police_of(fagersta), User.objects.get(username="polis.fagersta"))
    response = client.get(
        url("promise_poster", municipality="fagersta", public_promise_id=current.pk)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "Tryggt i centrum" in flat
    assert "Aktivitet 1 i Tryggt i centrum" in flat
    assert "Lokalpolisområdeschef" in flat
    assert f"/offentligt/fagersta/medborgarloften/{current.pk}/" in flat
    assert INTERNAL not in flat


def test_the_archive_lists_completed_promises_and_searches(client, promises, fagersta):
    other = make_promise(
        fagersta,
        title="Lugnare sommarkvällar",
        status="completed",
        start=datetime.date(2024, 5, 1),
        days=100,
    )
    address = url("archive", municipality="fagersta")
    html = client.get(address).content.decode()
    assert html.index("Tryggt kring stationen 2025") < html.index("Lugnare sommarkvällar")
    assert "Klottret minskade tydligt." in html  # the outcome
    assert "Tryggt i centrum" not in html.split('data-list="archive"')[1]  # current, not archived
    found = client.get(address, {"q": "sommarkvällar"}).content.decode()
    assert "Lugnare sommarkvällar" in found and "Tryggt kring stationen 2025" not in found
    by_year = client.get(address, {"year": "2024"}).content.decode()
    assert f'data-promise="{other.pk}"' in by_year
    assert f'data-promise="{promises["earlier"].pk}"' not in by_year
    # A year the archive does not know is a form error, not a 500.
    assert client.get(address, {"year": "1066"}).status_code == 200


def test_published_summaries_are_listed_and_shown(client, fagersta):
    summary = selectors.published_summaries(collaboration=fagersta).first()
    html = client.get(url("summary_list", municipality="fagersta")).content.decode()
    assert f'data-summary="{summary.pk}"' in html
    detail = client.get(url("summary", municipality="fagersta", summary_id=summary.pk))
    assert detail.status_code == 200
    text = detail.content.decode()
    assert summary.public_text.split(".")[0] in text
    assert 'data-table="summary"' in text
    picture = adopted_picture(fagersta)
    if picture.assessment:
        assert picture.assessment not in text


def test_an_unpublished_or_foreign_summary_is_404(client, fagersta, fagersta_coordinator, ludvika):
    summary = selectors.published_summaries(collaboration=fagersta).first()
    assert (
        client.get(url("summary", municipality="ludvika", summary_id=summary.pk)).status_code == 404
    )
    unpublished_adopted_picture(fagersta, fagersta_coordinator)
    address = url("summary", municipality="fagersta", summary_id=summary.pk)
    assert client.get(address).status_code == 404


def test_public_pages_answer_get_only(client, fagersta):
    assert client.post(url("municipality", municipality="fagersta")).status_code == 405


def test_the_language_is_chosen_with_a_query_parameter(client, fagersta):
    english = client.get(url("municipality", municipality="fagersta"), {"lang": "en"})
    assert '<html lang="en">' in english.content.decode()
    assert "?lang=en" in english.content.decode()  # links keep the language
    swedish = client.get(url("municipality", municipality="fagersta"), {"lang": "sv"})
    assert '<html lang="sv">' in swedish.content.decode()


# --- the map ------------------------------------------------------------------------------------


def _report(user, fagersta, lat, lon, info_class=InformationClass.PARTNERS, n=0):
    from laget.reporting.models import Category
    from laget.reporting.services import ReportInput, report_submit

    report, _created = report_submit(
        user=user,
        collaboration=fagersta,
        data=ReportInput(
            category=Category.objects.get(template__collaboration=fagersta, key="klotter"),
            lat=lat,
            lon=lon,
            text=f"Klotter nummer {n}.",
            info_class=info_class,
            occurred_at=timezone.now() - datetime.timedelta(hours=n + 1),
        ),
    )
    return report


def test_the_map_counts_reports_per_square_and_hides_small_counts(
    client, fagersta, fagersta_coordinator
):
    from laget.public.grid import Cell

    today = timezone.localdate()
    # Two squares near Fagersta's centre that the demo leaves empty.
    a, b = Cell.holding(59.9885, 15.8151), Cell.holding(59.9785, 15.8351)
    before = {c.cell: c for c in selectors.map_data(collaboration=fagersta, today=today).cells}
    assert a not in before and b not in before
    for n in range(6):
        _report(fagersta_coordinator, fagersta, 59.9885, 15.8151, n=n)
    _report(fagersta_coordinator, fagersta, 59.9886, 15.8152, InformationClass.OWN_ORGANISATION, 7)
    for n in range(4):
        _report(fagersta_coordinator, fagersta, 59.9785, 15.8351, n=10 + n)
    data = selectors.map_data(collaboration=fagersta, today=today)
    cells = {c.cell: c for c in data.cells}
    assert cells[a].reports == 6  # the own-organisation report is not counted
    assert b not in cells  # 4 reports: not shown
    html = client.get(url("map", municipality="fagersta")).content.decode()
    assert f'data-cell="{a.row}:{a.col}"' in html and 'data-reports="6"' in html
    assert f'data-cell="{b.row}:{b.col}"' not in html
    assert 'data-table="grid"' in html  # the table alternative
    geojson = client.get(url("map_geojson", municipality="fagersta")).json()
    squares = [f for f in geojson["features"] if f["properties"]["reports"] == 6]
    assert squares and all(f["geometry"]["type"] == "Polygon" for f in geojson["features"])
    # Never an exact point: every coordinate is on the grid.
    for feature in geojson["features"]:
        for lon, lat in feature["geometry"]["coordinates"][0]:
            assert round(lat / 0.005, 6) == round(lat / 0.005) and round(lon / 0.01, 6) == round(
                lon / 0.01
            )


def test_the_map_page_takes_few_queries(client, fagersta, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(url("map", municipality="fagersta")).status_code == 200


def test_the_archive_takes_the_same_few_queries_for_more_promises(
    client, promises, fagersta, django_assert_max_num_queries
):
    for year in (2021, 2022, 2023):
        make_promise(
            fagersta, title=f"Löfte {year}", status="completed", start=datetime.date(year, 3, 1)
        )
    with django_assert_max_num_queries(6):
        assert client.get(url("archive", municipality="fagersta")).status_code == 200


# --- publishing from the picture's page ---------------------------------------------------------


def publish_url(picture) -> str:
    return reverse(
        "public:publishing:summary_publish",
        kwargs={"collaboration_id": picture.collaboration_id, "picture_id": picture.pk},
    )


def test_the_coordinator_publishes_from_the_picture_page(
    client_for, fagersta, fagersta_coordinator
):
    picture = unpublished_adopted_picture(fagersta, fagersta_coordinator)
    client = client_for(fagersta_coordinator)
    page = client.get(
        reverse(
            "situation:picture", kwargs={"collaboration_id": fagersta.pk, "picture_id": picture.pk}
        )
    )
    assert 'data-action="publish"' in page.content.decode()
    response = client.post(publish_url(picture), {"public_text": "Lugn vecka."})
    assert response.status_code == 302
    summary = PublishedSummary.objects.get(picture=picture, unpublished_at=None)
    assert summary.public_text == "Lugn vecka."
    page = client.get(response["Location"]).content.decode()
    assert f'data-published="{summary.pk}"' in page
    unpublish = reverse(
        "public:publishing:summary_unpublish",
        kwargs={"collaboration_id": fagersta.pk, "summary_id": summary.pk},
    )
    assert client.post(unpublish).status_code == 302
    summary.refresh_from_db()
    assert not summary.is_published


def test_personal_data_in_the_public_text_is_refused(client_for, fagersta, fagersta_coordinator):
    picture = unpublished_adopted_picture(fagersta, fagersta_coordinator)
    client = client_for(fagersta_coordinator)
    response = client.post(
        publish_url(picture), {"public_text": "Mejla anna@example.se"}, follow=True
    )
    assert response.status_code == 200
    assert not PublishedSummary.objects.filter(picture=picture, unpublished_at=None).exists()
    assert 'data-action="publish"' in response.content.decode()


@pytest.mark.parametrize("username", ["polis.fagersta", "samordnare.ludvika", "rapportor.fagersta"])
def test_others_cannot_publish(client_for, fagersta, fagersta_coordinator, username):
    picture = unpublished_adopted_picture(fagersta, fagersta_coordinator)
    client = client_for(User.objects.get(username=username))
    assert client.post(publish_url(picture)).status_code == 404
    assert not PublishedSummary.objects.filter(picture=picture, unpublished_at=None).exists()


def test_the_police_sees_the_block_without_a_button(client_for, fagersta, fagersta_police):
    picture = adopted_picture(fagersta)
    page = client_for(fagersta_police).get(
        reverse(
            "situation:picture", kwargs={"collaboration_id": fagersta.pk, "picture_id": picture.pk}
        )
    )
    html = page.content.decode()
    assert 'data-block="publish-summary"' in html
    assert 'data-action="publish"' not in html and 'data-action="unpublish"' not in html


def test_a_summary_outlives_its_picture_version(client, client_for, fagersta, fagersta_coordinator):
    summary = selectors.published_summaries(collaboration=fagersta).first()
    PublishedSummary.objects.filter(pk=summary.pk).update(picture=None)  # as after gallring
    address = url("summary", municipality="fagersta", summary_id=summary.pk)
    assert 'data-table="summary"' in client.get(address).content.decode()
    unpublish = reverse(
        "public:publishing:summary_unpublish",
        kwargs={"collaboration_id": fagersta.pk, "summary_id": summary.pk},
    )
    response = client_for(fagersta_coordinator).post(unpublish)
    assert response["Location"] == reverse(
        "organisations:overview", kwargs={"collaboration_id": fagersta.pk}
    )
    assert client.get(address).status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/offentligt/fagersta/medborgarloften/99999999999999999999999/",
        "/offentligt/fagersta/medborgarloften/99999999999999999999999/affisch.pdf",
        "/offentligt/fagersta/lagesbild/99999999999999999999999/",
        "/offentligt/ingen-kommun/karta/",
    ],
)
def test_odd_addresses_answer_404_not_500(client, demo, address):
    assert client.get(address).status_code == 404


def test_a_bad_archive_search_is_a_form_error(client, fagersta):
    response = client.get(url("archive", municipality="fagersta"), {"year": "abc", "q": "x" * 300})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"year", "q"}


def test_the_municipality_page_shows_public_safety_walk_outcomes_only(client, fagersta):
    from laget.dialogues.models import SafetyWalk

    walk = SafetyWalk.objects.get(collaboration=fagersta, walked_on__isnull=False)
    remarks = list(walk.remarks.all())
    url = reverse("public:municipality", kwargs={"municipality": fagersta.slug}) + "?lang=en"
    html = client.get(url).content.decode()
    fixed = sum(r.status == "fixed" for r in remarks)
    assert f'data-walk="{walk.pk}"' in html
    assert f"{fixed} of {len(remarks)} remarks fixed." in html
    assert not any(r.text in html for r in remarks)  # remark texts stay internal
    SafetyWalk.objects.filter(pk=walk.pk).update(info_class=InformationClass.PARTNERS)
    assert f'data-walk="{walk.pk}"' not in client.get(url).content.decode()
