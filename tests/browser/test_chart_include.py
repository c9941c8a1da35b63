"""A chart (surveys/_chart.html) in real Chromium, under the product's own Content Security
Policy: the SVG loads as an image from its data: URI, nothing is refused, and axe finds no
WCAG 2.2 A/AA failure. The indicator pages do not exist yet, so the include is served on its
own, with the product's stylesheet, through Playwright's routing."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from surveys.charts import Point, Series, indicator_chart, trend_chart

from .test_accessibility import violations

pytestmark = pytest.mark.browser

ORIGIN = "http://charts.test"


def _csp() -> str:
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _page(*charts) -> str:
    body = "".join(render_to_string("surveys/_chart.html", {"chart": chart}) for chart in charts)
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        '<title>Charts</title><link rel="stylesheet" href="/static/css/app.css"></head>'
        f'<body><main class="govuk-main-wrapper"><div class="govuk-width-container">'
        f'<h1 class="govuk-heading-l">Evidence</h1>{body}</div></main></body></html>'
    )


def test_charts_load_under_the_csp_and_pass_axe(page):
    council = Point("Hampshire", 91, note="significantly higher")
    charts = [
        indicator_chart(
            title="Children in care who feel safe <b>",
            council=council,
            comparators=[Point("16 other councils", 84), Point.suppressed("Demo", "fewer than 5")],
            higher_is_better=True,
        ),
        trend_chart(
            title="Three or more placements in a year",
            periods=["2016", "2017", "2018"],
            series=[
                Series(
                    "Hampshire", [Point("2016", 11), Point.suppressed("2017"), Point("2018", 9)]
                ),
                Series("England", [Point("2016", 10), Point("2017", 10), Point("2018", 10)]),
            ],
            target=9,
            higher_is_better=False,
            axis_top=25,
        ),
    ]
    html = _page(*charts)
    stylesheet = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_bytes()
    headers = {"Content-Security-Policy": _csp(), "Content-Type": "text/html; charset=utf-8"}

    def serve(route):
        if route.request.url.endswith("/static/css/app.css"):
            route.fulfill(body=stylesheet, headers={"Content-Type": "text/css"})
        else:
            route.fulfill(body=html, headers=headers)

    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Refused" in message.text else None,
    )
    page.route(f"{ORIGIN}/**", serve)
    page.goto(f"{ORIGIN}/")

    images = page.locator("img.cp-chart__image")
    assert images.count() == 2
    for index, chart in enumerate(charts):
        image = images.nth(index)
        assert image.get_attribute("alt") == chart.alt
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator("table caption").first.inner_text() == "Children in care who feel safe <b>"
    assert refused == []
    assert violations(page) == []
