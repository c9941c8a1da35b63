from django.apps import AppConfig


class PapersConfig(AppConfig):
    """Board papers: report templates, reports and their clearance, agenda packs."""

    name = "boards.papers"
    label = "papers"

    def ready(self):
        # Boards says when minutes change; papers makes their public PDF (decision 0019).
        from boards.signals import minutes_changed

        minutes_changed.connect(_minutes_changed, dispatch_uid="papers-minutes-pdf")


def _minutes_changed(sender, meeting, **kwargs):
    from boards.papers.services.public_papers import minutes_pdf_request

    minutes_pdf_request(meeting=meeting)
