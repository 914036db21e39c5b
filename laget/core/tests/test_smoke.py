"""Render the main pages of the demo for each persona (content checks, not just status codes)."""

from django.urls import reverse


def test_it_shows_the_coordinator_start_page_with_tasks(client_for, fagersta_coordinator, fagersta):
    response = client_for(fagersta_coordinator).get(reverse("core:start"))
    assert response.status_code == 200
    assert "Tryggare Fagersta" in response.content.decode()


def test_it_renders_every_step_page(client_for, fagersta_coordinator, fagersta):
    client = client_for(fagersta_coordinator)
    for step in range(1, 6):
        response = client.get(
            reverse("core:step", kwargs={"collaboration_id": fagersta.pk, "step": step})
        )
        assert response.status_code == 200
        assert response.context["step"].number == step


def test_the_start_page_asks_the_coordinator_to_draw_missing_boundaries(
    client_for, fagersta_coordinator, fagersta
):
    missing = fagersta.areas.filter(is_active=True, boundary__isnull=True).count()
    assert missing >= 1  # Idrottsplatsen has no polygon in the demo
    response = client_for(fagersta_coordinator).get(reverse("core:start"))
    urls = [task.url for task in response.context["tasks"]]
    assert reverse("geography:area_list", kwargs={"collaboration_id": fagersta.pk}) in urls
    fagersta.areas.filter(boundary__isnull=True).update(is_active=False)
    response = client_for(fagersta_coordinator).get(reverse("core:start"))
    assert reverse("geography:area_list", kwargs={"collaboration_id": fagersta.pk}) not in [
        t.url for t in response.context["tasks"]
    ]


def test_step_two_links_reporting_and_the_situation_picture(
    client_for, fagersta_coordinator, fagersta_reporter, fagersta
):
    url = reverse("core:step", kwargs={"collaboration_id": fagersta.pk, "step": 2})
    cid = {"collaboration_id": fagersta.pk}
    reporter_links = [
        link.url for link in client_for(fagersta_reporter).get(url).context["status"].links
    ]
    assert reverse("reporting:checklist", kwargs=cid) in reporter_links
    assert reverse("situation:index", kwargs=cid) in reporter_links
    assert reverse("reporting:report_list", kwargs=cid) not in reporter_links  # managers only
    coordinator_links = [
        link.url for link in client_for(fagersta_coordinator).get(url).context["status"].links
    ]
    assert reverse("reporting:report_list", kwargs=cid) in coordinator_links


def test_a_public_page_in_english_leaves_the_thread_in_its_language(client, fagersta):
    """``?lang=en`` sets the language of that response only (``core.language``)."""
    from django.utils import translation

    with translation.override("sv"):
        page = client.get(
            reverse("public:municipality", kwargs={"municipality": fagersta.slug}) + "?lang=en"
        )
        assert page["Content-Language"] == "en"
        assert '<html lang="en"' in page.content.decode()
        assert translation.get_language() == "sv"
