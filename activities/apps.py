from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        # Connects the receiver that keeps Activity.category_mask in step.
        # Connects the receivers that give the library a new version when it changes.
        from activities import (
            category_masks,  # noqa: F401
            library_version,  # noqa: F401
        )
        from activities.search.checks import fts5_missing

        checks.register(fts5_missing)
