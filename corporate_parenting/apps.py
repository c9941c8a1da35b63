from django.apps import AppConfig


class CorporateParentingConfig(AppConfig):
    name = "corporate_parenting"
    verbose_name = "Corporate Parenting (shared foundations)"

    def ready(self):
        from . import audit

        audit.connect_authentication_signals()
