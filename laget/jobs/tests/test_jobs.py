"""Background export jobs: made by a task, followed on a progress page, downloaded only by the
person who asked, failures shown as translated errors, expired jobs cleaned up."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from laget.analysis.compile import last_complete_period
from laget.jobs import exporters, services
from laget.jobs.choices import ExportKind, JobStatus
from laget.jobs.files import ExportFile
from laget.jobs.models import ExportJob
from laget.situation.services import situation_compile

EN = {"Accept-Language": "en"}


@pytest.fixture
def picture(fagersta, fagersta_coordinator):
    group = fagersta.groups.get(name="EST-gruppen")
    return situation_compile(
        user=fagersta_coordinator, group=group, period=last_complete_period(timezone.localdate())
    )


def job_url(job, name="detail"):
    return reverse(
        f"jobs:{name}", kwargs={"collaboration_id": job.collaboration_id, "job_id": job.pk}
    )


def make_job(user, collaboration, picture, kind=ExportKind.PICTURE_PDF, **fields):
    defaults = {"parameters": {"picture_id": picture.pk}}
    defaults.update(fields)
    return ExportJob.objects.create(
        collaboration=collaboration, requested_by=user, kind=kind, **defaults
    )


def test_the_pdf_button_makes_a_job_whose_file_has_the_maps_and_charts(
    picture, fagersta_coordinator, client_for, django_capture_on_commit_callbacks
):
    client = client_for(fagersta_coordinator)
    url = reverse(
        "situation_exports:pdf",
        kwargs={"collaboration_id": picture.collaboration_id, "picture_id": picture.pk},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, headers=EN)
    job = ExportJob.objects.get(requested_by=fagersta_coordinator)
    assert response.status_code == 302 and response["Location"] == job_url(job)
    assert (job.status, job.progress, job.step, job.error) == ("done", 100, "done", "")
    assert job.started_at and job.finished_at and job.expires_at > timezone.now()
    assert job.language == "en"

    page = client.get(job_url(job), headers=EN)
    html = page.content.decode()
    assert job_url(job, "download") in html and "The export is ready." in html
    assert "hx-trigger" not in html  # finished: the page no longer polls

    download = client.get(job_url(job, "download"))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    assert download.content.startswith(b"%PDF") and len(download.content) == job.size
    reader = PdfReader(io.BytesIO(download.content))
    assert sum(len(p.images) for p in reader.pages) >= 1
    assert "Situation picture: Week" in reader.pages[0].extract_text()


def test_a_running_job_shows_an_accessible_progress_bar_polled_by_htmx(
    picture, fagersta, fagersta_coordinator, client_for
):
    job = make_job(
        fagersta_coordinator,
        fagersta,
        picture,
        status=JobStatus.RUNNING,
        progress=60,
        step="document",
    )
    client = client_for(fagersta_coordinator)
    html = client.get(job_url(job), headers=EN).content.decode()
    assert '<progress id="job-progress" max="100" value="60">' in html
    assert '<label for="job-progress">Writing the document</label>' in html
    assert 'aria-live="polite"' in html
    assert f'hx-get="{job_url(job)}"' in html and 'hx-trigger="every 1s"' in html
    assert "htmx-2.min.js" in html  # the page loads htmx itself
    assert f'href="{job_url(job)}"' in html  # the refresh link, for a browser without scripts
    assert job_url(job, "download") not in html
    assert client.get(job_url(job, "download")).status_code == 404

    fragment = client.get(job_url(job), headers={**EN, "HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="job-status"') and "<html" not in fragment
    assert 'value="60"' in fragment


def test_only_the_person_who_asked_sees_or_downloads_the_job(
    picture,
    fagersta,
    fagersta_coordinator,
    fagersta_police,
    ludvika_coordinator,
    client_for,
    client,
):
    job = make_job(
        fagersta_coordinator,
        fagersta,
        picture,
        status=JobStatus.DONE,
        progress=100,
        content=b"%PDF-1.4 secret",
        size=15,
        filename="x.pdf",
        content_type="application/pdf",
    )
    assert client_for(fagersta_coordinator).get(job_url(job, "download")).content == (
        b"%PDF-1.4 secret"
    )
    for user in (fagersta_police, ludvika_coordinator):  # a partner in the same collaboration too
        other = client_for(user)
        assert other.get(job_url(job)).status_code == 404
        assert other.get(job_url(job, "download")).status_code == 404
    response = client.get(job_url(job, "download"))
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_a_failing_export_records_a_translated_error_not_a_500(
    picture, fagersta, fagersta_coordinator, client_for, monkeypatch
):
    def broken(job, progress):
        progress(30, "figures")
        raise RuntimeError("matplotlib exploded")

    monkeypatch.setitem(exporters.BUILDERS, ExportKind.PICTURE_PDF, broken)
    job = make_job(fagersta_coordinator, fagersta, picture, language="en")
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.error, job.progress) == ("failed", "failed", 30)
    response = client_for(fagersta_coordinator).get(job_url(job), headers=EN)
    assert response.status_code == 200
    assert "The export could not be made." in response.content.decode()
    assert "matplotlib exploded" not in response.content.decode()
    assert client_for(fagersta_coordinator).get(job_url(job, "download")).status_code == 404


def test_progress_is_saved_at_each_step_while_the_file_is_made(
    picture, fagersta, fagersta_coordinator, monkeypatch
):
    seen = []

    def builder(job, progress):
        for percent, step in ((20, "figures"), (60, "document")):
            progress(percent, step)
            stored = ExportJob.objects.get(pk=job.pk)
            seen.append((stored.status, stored.progress, stored.step))
        return ExportFile(b"data", "f.txt", "text/plain")

    monkeypatch.setitem(exporters.BUILDERS, ExportKind.PICTURE_PDF, builder)
    job = make_job(fagersta_coordinator, fagersta, picture)
    services.export_job_run(job_id=job.pk)
    assert seen == [("running", 20, "figures"), ("running", 60, "document")]
    assert services.export_job_run(job_id=job.pk) is None  # a finished job is never run again


def test_an_export_without_access_any_more_fails_with_no_access(
    picture, fagersta, fagersta_coordinator, ludvika
):
    ludvika_picture = make_job(fagersta_coordinator, fagersta, picture)  # a valid job first
    ludvika_picture.parameters = {"picture_id": 999_999}
    ludvika_picture.save()
    services.export_job_run(job_id=ludvika_picture.pk)
    ludvika_picture.refresh_from_db()
    assert (ludvika_picture.status, ludvika_picture.error) == ("failed", "no_access")


def test_a_file_over_the_size_cap_is_not_kept(picture, fagersta, fagersta_coordinator, monkeypatch):
    monkeypatch.setattr(services, "MAX_BYTES", 100)
    job = make_job(fagersta_coordinator, fagersta, picture)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.error, job.size) == ("failed", "too_large", 0)


def test_an_unknown_kind_is_refused_with_a_code(fagersta, fagersta_coordinator):
    with pytest.raises(ValidationError) as caught:
        services.export_job_create(
            user=fagersta_coordinator, collaboration=fagersta, kind="mp3", parameters={}
        )
    assert caught.value.error_dict["kind"][0].code == "unknown_kind"
    assert not ExportJob.objects.exists()


def test_expired_jobs_are_cleaned_up_by_the_command_and_by_a_new_job(
    picture, fagersta, fagersta_coordinator, client_for, django_capture_on_commit_callbacks
):
    past = timezone.now() - datetime.timedelta(minutes=1)
    expired = make_job(
        fagersta_coordinator,
        fagersta,
        picture,
        status=JobStatus.DONE,
        expires_at=past,
        content=b"old",
    )
    fresh = make_job(fagersta_coordinator, fagersta, picture)
    assert client_for(fagersta_coordinator).get(job_url(expired, "download")).status_code == 404
    call_command("jobs_cleanup", verbosity=0)
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [fresh.pk]

    ExportJob.objects.filter(pk=fresh.pk).update(expires_at=past)
    with django_capture_on_commit_callbacks(execute=False):
        services.export_job_create(
            user=fagersta_coordinator,
            collaboration=fagersta,
            kind=ExportKind.PICTURE_PDF,
            parameters={"picture_id": picture.pk},
        )
    assert not ExportJob.objects.filter(pk=fresh.pk).exists()
    assert ExportJob.objects.count() == 1
