from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        # Connects the receiver that keeps Activity.category_mask in step.
        from activities import category_masks  # noqa: F401
