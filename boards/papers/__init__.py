"""Board papers: what a committee's reports, agenda and pack are called (issue 10).

The publishing layer: papers may read from boards, pledges, surveys and participation; none
of them reads from here (tests/test_dependency_direction.py). The meeting page shows its packs
through this app's template tag (templatetags/papers.py), so boards never imports papers.
"""
