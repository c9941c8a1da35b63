"""Two people editing the same report never silently overwrite each other."""

import re

from django.urls import reverse

from boards.papers.models import ReportSection, ReportVersion

from ..access import client_for
from .test_reports import edit_data, make_report


def _revision(response) -> str:
    return re.search(r'name="revision" value="(\d+)"', response.content.decode()).group(1)


def test_the_second_stale_save_is_refused_and_nothing_is_lost(world):
    report = make_report(world, author=world.officer)
    url = reverse("papers:report_edit", args=[report.pk])
    officer, administrator = client_for(world.officer), client_for(world.administrator)
    summary = report.template.sections.get(heading="Summary")

    # Both open the editor at the same revision.
    first_page, second_page = officer.get(url), administrator.get(url)
    assert _revision(first_page) == _revision(second_page)
    loaded = int(_revision(first_page))

    # The officer saves first.
    first = officer.post(
        url,
        edit_data(report, revision=loaded, sections={summary.pk: "<p>The officer's summary.</p>"}),
    )
    assert first.status_code == 302

    # The administrator's save, based on the same old revision, is refused.
    second = administrator.post(
        url,
        edit_data(
            report, revision=loaded, sections={summary.pk: "<p>The administrator's words.</p>"}
        ),
    )
    assert second.status_code == 409
    page = second.content.decode()
    assert "Someone else saved this report while you were editing" in page
    # Nothing of the first is lost ...
    saved = ReportSection.objects.get(report=report, section=summary)
    assert saved.html == "<p>The officer's summary.</p>"
    # ... both texts are shown side by side, and the second's text is still in the form.
    assert "The officer&#x27;s summary." in page or "The officer's summary." in page
    assert page.count("The administrator") >= 2  # in the comparison and in the editor
    assert "Reload their version" in page and "Save mine over theirs" in page
    new_revision = int(_revision(second))
    assert new_revision == loaded + 1

    # Saving again, knowingly, over the new revision works.
    third = administrator.post(
        url,
        edit_data(
            report,
            revision=new_revision,
            sections={summary.pk: "<p>The administrator's words.</p>"},
        ),
    )
    assert third.status_code == 302
    saved.refresh_from_db()
    assert saved.html == "<p>The administrator's words.</p>"


def test_every_save_keeps_a_version(world):
    report = make_report(world, author=world.officer)
    url = reverse("papers:report_edit", args=[report.pk])
    client = client_for(world.officer)
    summary = report.template.sections.get(heading="Summary")
    assert list(report.versions.values_list("number", flat=True)) == [1]

    for text in ["<p>First.</p>", "<p>Second.</p>"]:
        report.refresh_from_db()
        response = client.post(
            url, edit_data(report, revision=report.revision, sections={summary.pk: text})
        )
        assert response.status_code == 302

    versions = ReportVersion.objects.filter(report=report).order_by("number")
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions.last().saved_by == world.officer
    texts = [
        next(s["html"] for s in v.snapshot["sections"] if s["heading"] == "Summary")
        for v in versions
    ]
    assert texts[1:] == ["<p>First.</p>", "<p>Second.</p>"]
    assert versions.last().snapshot["header"]["title"] == report.title
