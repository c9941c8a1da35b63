from django.apps import AppConfig


class PapersConfig(AppConfig):
    """Board papers: report templates, reports and their clearance, agenda packs."""

    name = "boards.papers"
    label = "papers"
