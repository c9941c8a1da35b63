"""The report sanitiser: an allow-list matching the editor, applied on the server."""

# ruff: noqa: E501 (the Word sample keeps Word's own long lines)

import pytest

from boards.papers.sanitise import clean_html

# What Word (desktop, Windows) puts on the clipboard for a heading, two paragraphs, a
# bulleted list, a numbered list and a small table: trimmed, but in its own words.
WORD_PASTE = """
<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta name=ProgId content=Word.Document><title>Report</title>
<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>Jane Stevens</o:Author>
</o:DocumentProperties></xml><![endif]-->
<style>p.MsoNormal {mso-style-parent:""; margin:0cm; font-family:"Arial",sans-serif;}</style>
</head>
<body lang=EN-GB style='tab-interval:36.0pt'>
<div class=WordSection1>
<h1 style='mso-list:none'><span style='font-family:Arial'>Performance<o:p></o:p></span></h1>
<p class=MsoNormal style='margin-bottom:6.0pt'><span style='font-size:12.0pt;
font-family:"Arial",sans-serif;mso-fareast-font-family:"Times New Roman"'>Children and young
people reported that they felt <b>safe</b> and <i>settled</i> in their homes.<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>&middot;<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span
style='font-family:"Arial",sans-serif'>improve the care experience<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>&middot;<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]><font face=Arial>give
children a voice</font><o:p></o:p></p>
<p class=MsoNormal>The three versions were:</p>
<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><!--[if !supportLists]--><span>1.<span
style='font:7.0pt "Times New Roman"'>&nbsp; </span></span><!--[endif]-->Children aged 4-7</p>
<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><!--[if !supportLists]--><span>2.<span
style='font:7.0pt "Times New Roman"'>&nbsp; </span></span><!--[endif]-->Children aged 8-11</p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0
 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
  <td width=200 valign=top style='width:150pt;border:solid windowtext 1.0pt'><p class=MsoNormal><b>Age<o:p></o:p></b></p></td>
  <td width=200 valign=top style='width:150pt'><p class=MsoNormal><b>Responses</b></p></td>
 </tr>
 <tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'>
  <td width=200 valign=top><p class=MsoNormal>4 &#8211; 7 years<o:p></o:p></p></td>
  <td width=200 valign=top><p class=MsoNormal><span class=SpellE>42</span></p></td>
 </tr>
</table>
</div>
</body>
</html>
"""


@pytest.mark.parametrize(
    "dirty",
    [
        "<p>Hello<script>alert('x')</script></p>",
        "<script src='https://evil.example/x.js'></script><p>Hello</p>",
        '<p onclick="alert(1)" onmouseover="alert(2)">Hello</p>',
        '<p>Hello <a href="javascript:alert(1)">click</a></p>',
        '<p>Hello <a href=" JaVaScRiPt:alert(1)">click</a></p>',
        '<style>p { display: none }</style><p style="color: red">Hello</p>',
        '<p>Hello</p><iframe src="https://evil.example/"></iframe>',
        '<p>Hello<img src="x" onerror="alert(1)"></p>',
    ],
)
def test_scripts_handlers_javascript_links_styles_iframes_and_images_are_removed(dirty):
    clean = clean_html(dirty)

    assert "Hello" in clean
    for banned in ("<script", "alert", "onclick", "onmouseover", "javascript", "style", "color"):
        assert banned not in clean.lower()
    for banned in ("<iframe", "<img", "evil.example", "display"):
        assert banned not in clean


def test_links_keep_http_https_and_mailto_addresses_and_open_safely():
    clean = clean_html(
        '<p><a href="https://example.gov.uk/a?b=1&amp;c=2" target="_blank">site</a> '
        '<a href="mailto:jane@example.gov.uk">email</a> <a href="ftp://x.example/">ftp</a> '
        '<a href="/relative">relative</a></p>'
    )

    assert (
        '<a href="https://example.gov.uk/a?b=1&amp;c=2" rel="noopener noreferrer">site</a>' in clean
    )
    assert '<a href="mailto:jane@example.gov.uk" rel="noopener noreferrer">email</a>' in clean
    assert "ftp:" not in clean and "/relative" not in clean and "target" not in clean
    assert "ftp</a>" not in clean  # a link that goes nowhere allowed keeps only its words
    assert "ftp" in clean and "relative" in clean


def test_word_paste_keeps_headings_paragraphs_lists_and_tables_and_loses_the_junk():
    clean = clean_html(WORD_PASTE)

    # Structure kept
    assert "<h2>Performance</h2>" in clean
    assert (
        "<p>Children and young\npeople reported that they felt <strong>safe</strong> and "
        "<em>settled</em> in their homes.</p>"
    ) in clean
    assert "<ul><li>improve the care experience</li><li>give\nchildren a voice</li></ul>" in clean
    assert "<ol><li>Children aged 4-7</li><li>Children aged 8-11</li></ol>" in clean
    assert "<table>" in clean and clean.count("<tr>") == 2 and clean.count("<td>") == 4
    assert "<td><p><strong>Age</strong></p></td>" in clean
    assert "4 \u2013 7 years" in clean
    # Junk gone
    for junk in (
        "mso",
        "Mso",
        "o:p",
        "<span",
        "<font",
        "style",
        "class",
        "width",
        "valign",
        "Jane Stevens",  # the document's properties, never shown
        "font-family",
        "supportLists",
        "·",
        "\u00b7",
        "&middot;",
        "<div",
        "<title",
        "Report</",
    ):
        assert junk not in clean, junk
    # No empty paragraphs left where Word had spacing paragraphs
    assert "<p></p>" not in clean and "<p>&nbsp;</p>" not in clean


def test_allowed_markup_passes_unchanged():
    allowed = (
        "<h2>Recommendation</h2>"
        "<p>That the board <strong>notes</strong> the <em>report</em>.<br>With thanks.</p>"
        "<h3>Detail</h3><h4>More detail</h4>"
        "<ul><li>one</li><li>two</li></ul>"
        '<ol start="3"><li>three</li></ol>'
        "<blockquote><p>No more broken promises.</p></blockquote>"
        '<p><a href="https://example.gov.uk/" rel="noopener noreferrer">Pledge</a></p>'
        "<table><thead><tr>"
        '<th scope="col">Age</th><th scope="col" colspan="2">Responses</th>'
        '</tr></thead><tbody><tr><td rowspan="2">4 to 7</td><td>42</td><td>18%</td></tr>'
        "</tbody></table>"
        '<div data-live-block="pledge-progress" data-theme="all"></div>'
    )

    assert clean_html(allowed) == allowed


def test_the_live_data_placeholder_keeps_only_its_data_attributes_and_no_content():
    clean = clean_html(
        '<div data-live-block="pledge-progress" data-theme="7" class="x" onclick="y()" '
        'style="color:red" data-other="z"><p>old figures</p></div>'
    )

    assert clean == '<div data-live-block="pledge-progress" data-theme="7"></div>'


def test_underline_is_not_kept_but_its_words_are():
    assert clean_html("<p><u>Important</u></p>") == "<p>Important</p>"


def test_nothing_gives_nothing():
    assert clean_html("") == ""
    assert clean_html(None) == ""
    assert clean_html("<p></p>") == ""
