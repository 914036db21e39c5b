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
