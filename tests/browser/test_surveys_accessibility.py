"""axe-core finds no WCAG 2.2 A/AA failure on any survey or performance figures page, in real
Chromium under the product's CSP, on a desktop and a phone. Signed in as the demo officer (who
is offered every link and button these pages have): the surveys, each instrument, each wave,
an indicator of each wave (with its charts), the figures list, each figures indicator (with
its trend chart), the figures import page (empty and with an error), a wave's import and
adding survey evidence. Then as a councillor (figures as published), the administrator's
disclosure rule, and signed out, the public survey pages."""

import re

import pytest
from playwright.sync_api import expect

from surveys.models import Indicator, Instrument, PerformanceIndicator, Wave

from .test_accessibility import violations, visit

pytestmark = pytest.mark.browser

DEMO = "hampshire-demo"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _survey_paths() -> list[str]:
    paths = ["/surveys/"]
    paths += [f"/surveys/instruments/{pk}/" for pk in _pks(Instrument)]
    for wave in Wave.objects.filter(organisation__slug=DEMO):
        paths.append(f"/surveys/waves/{wave.pk}/")
        indicators = Indicator.objects.filter(wave=wave)
        # Preferably one asked in an earlier wave too, so its page has both charts.
        asked_before = indicators.filter(
            key__in=Indicator.objects.filter(wave__period_start__lt=wave.period_start).values("key")
        )
        indicator = asked_before.first() or indicators.first()
        if indicator is not None:
            paths.append(f"/surveys/indicators/{indicator.pk}/")
    return paths


def _figures_paths() -> list[str]:
    paths = ["/surveys/figures/"]
    paths += [f"/surveys/figures/indicators/{pk}/" for pk in _pks(PerformanceIndicator)]
    return [*paths, "/surveys/figures/import/"]


def _pks(model) -> list[int]:
    return list(model.objects.filter(organisation__slug=DEMO).values_list("pk", flat=True))


def _officer_only_paths() -> list[str]:
    """The officer's own survey pages: a wave's import, and adding survey evidence to a draft
    progress update (if the demo has one)."""
    from pledges.models import ProgressUpdate

    wave = Wave.objects.filter(organisation__slug=DEMO).order_by("-period_end").first()
    paths = [f"/surveys/waves/{wave.pk}/import/"]
    draft = next(
        (u for u in ProgressUpdate.objects.filter(organisation__slug=DEMO) if u.is_editable),
        None,
    )
    if draft is not None:
        paths.append(f"/surveys/evidence/updates/{draft.pk}/add/")
    return paths


def _axe_each(page, live_server, paths, sizes=(DESKTOP, PHONE)) -> list:
    found = []
    for size in sizes:
        page.set_viewport_size(size)
        for path in paths:
            visit(page, live_server, path)
            found += [(path, size["width"], v) for v in violations(page)]
    return found


def test_every_survey_and_figures_page_passes_axe(demo, page, sign_in, live_server):
    surveys, figures = _survey_paths(), _figures_paths() + _officer_only_paths()
    # The demo has what this test means to check.
    assert sum("/surveys/indicators/" in p for p in surveys) >= 2
    assert sum("/figures/indicators/" in p for p in figures) >= 10
    sign_in("officer@example.org")
    found = _axe_each(page, live_server, surveys + figures)
    # The import page with its error: no file chosen.
    visit(page, live_server, "/surveys/figures/import/")
    page.get_by_role("button", name="Upload and read the file").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    found += [("import with an error", PHONE["width"], v) for v in violations(page)]
    assert found == []


def test_the_published_survey_pages_pass_axe(demo, page, sign_in, live_server):
    """What everyone else reads: a councillor's survey pages (small numbers hidden, as
    published), the administrator's disclosure rule, and the public survey pages."""
    surveys = _survey_paths()
    public_waves = [
        f"/p/{DEMO}/surveys/waves/{pk}/"
        for pk in Wave.objects.filter(organisation__slug=DEMO, public=True).values_list(
            "pk", flat=True
        )
    ]
    assert public_waves
    sign_in("councillor@example.org")
    found = _axe_each(page, live_server, [*surveys, "/surveys/figures/"])
    page.context.clear_cookies()
    sign_in("admin@example.org")
    found += _axe_each(page, live_server, ["/surveys/disclosure/"])
    page.context.clear_cookies()
    found += _axe_each(page, live_server, [f"/p/{DEMO}/surveys/", *public_waves])
    assert found == []


def test_the_chart_pages_show_their_charts(demo, page, sign_in, live_server):
    """The pages axe passed do have charts: each image loads under the CSP (its SVG decodes
    in the browser) and has its alt text and its table."""
    indicator = next(p for p in _survey_paths() if "/surveys/indicators/" in p)
    figures = next(p for p in _figures_paths() if "/figures/indicators/" in p)
    sign_in("officer@example.org")
    for path in (indicator, figures):
        visit(page, live_server, path)
        images = page.locator("img.cp-chart__image")
        assert images.count() >= 1, path
        for index in range(images.count()):
            image = images.nth(index)
            assert image.evaluate("img => img.complete && img.naturalWidth > 0"), path
            assert image.get_attribute("alt"), path
        assert page.locator("figure.cp-chart table caption").count() == images.count(), path


def test_on_a_phone_the_charts_fit_the_screen_and_their_tables_scroll(
    demo, page, sign_in, live_server
):
    """A trend's table is wider than a phone: it scrolls in its wrapper, and the chart beside
    it (above it, on a phone) is not widened past the screen, cutting off the lines' names."""
    indicator = next(p for p in _survey_paths() if "/surveys/indicators/" in p)
    figures = [p for p in _figures_paths() if "/figures/indicators/" in p]
    sign_in("officer@example.org")
    page.set_viewport_size(PHONE)
    for path in [indicator, *figures[:3]]:
        visit(page, live_server, path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        for image in page.locator("img.cp-chart__image").all():
            box = image.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], path
