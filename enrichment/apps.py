from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrichmentConfig(AppConfig):
    name = "enrichment"
    verbose_name = _("Enrichment")

    def ready(self) -> None:
        # Connects the answers to the rebuild's hooks.
        from enrichment import receivers  # noqa: F401
