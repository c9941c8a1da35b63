from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from corporate_parenting import demo

# The dependency direction: each demo module may use what the ones before it made.
DEMO_MODULES = [
    "pledges.demo",
    "surveys.demo",
    "surveys.demo_figures",
    "participation.demo",
    "boards.demo",
    "boards.papers.demo.reports",
    "boards.papers.demo.papers",
]
# With --with-pdfs (as `make run` loads it): the published PDFs the public would find.
PDF_MODULES = ["boards.papers.demo.pdfs"]


class Command(BaseCommand):
    help = "Load the demo council and one demo user per role (development installs only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load even though DEBUG is off (a demo server that is not production).",
        )
        parser.add_argument(
            "--with-pdfs",
            action="store_true",
            help="Also render the demo meeting's packs and the published minutes as PDFs "
            "(in-process, or by the worker when REDIS_URL is set).",
        )

    def handle(self, *args, allow_without_debug=False, with_pdfs=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "Refusing to load demo users with a published password while DEBUG is off. "
                "Use --allow-without-debug for a demo server that is not production."
            )
        organisation = demo.load()
        for module in DEMO_MODULES + (PDF_MODULES if with_pdfs else []):
            if find_spec(module) is not None:
                import_module(module).load(organisation)

        self.stdout.write(self.style.SUCCESS(f"Demo data loaded for {organisation}."))
        self.stdout.write(f"\nDemo users (password for all: {demo.DEMO_PASSWORD})\n")
        width = max(len(user.email) for user in demo.DEMO_USERS)
        for user in demo.DEMO_USERS:
            self.stdout.write(f"  {user.email.ljust(width)}  {user.role.label}")
        self.stdout.write("")
