"""What the public meeting pages show of papers, so that boards never imports papers: the
public meeting page and the meetings list load this library (tests/test_dependency_direction.py).
"""

from django import template

from boards.papers.services.public_papers import meetings_with_public_papers, public_downloads

register = template.Library()


@register.inclusion_tag("papers/_public_papers.html")
def public_papers(organisation, meeting_id):
    """Every published public pack, supplement and edition of the meeting (older editions
    marked superseded), each paper on its own and the minutes, with sizes and page counts."""
    return public_downloads(organisation=organisation, meeting_id=meeting_id)


@register.simple_tag
def meetings_with_papers(organisation):
    """Ids of the organisation's public meetings with papers to download."""
    return meetings_with_public_papers(organisation)
