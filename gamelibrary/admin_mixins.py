"""What the admins of every app share: permission rules, curator-record actions, the URLs of their own forms."""

from django.contrib import admin, messages
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST


def post_path(model_admin, route: str, view, name: str):
    """The URL of an admin's own form: behind the admin site's login, and refusing any method but POST (the view
    changes something)."""
    return path(route, model_admin.admin_site.admin_view(require_POST(view)), name=name)


class ReadOnlyAdminMixin:
    """Rows written by a command, a rebuild or a run: viewed in the admin, never added or changed by hand (the next
    write would undo the edit). Deleting is refused too, unless ``deletable``: then the user's delete permission
    decides. Serves a ModelAdmin and an inline alike (an inline passes its parent object as ``obj``)."""

    deletable = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)


class CuratorRecordAdminMixin:
    """A curator's record (a decision, a correction, a mark): revoked, never deleted, so the record of who decided
    what stays. Added here only when ``added_here``; otherwise it is made on the page where the thing it decides is
    seen, which checks it there."""

    added_here = False

    def has_add_permission(self, request, obj=None):
        return self.added_here and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, record):
        return record.revoked_at is None

    def revoke_each(self, request, records, revoke, refused: type[Exception]) -> int:
        """Call ``revoke(record)`` on each record, a refusal (``refused``) shown as a warning; returns how many
        were revoked."""
        revoked = 0
        for record in records:
            try:
                revoke(record)
            except refused as error:
                self.message_user(request, str(error), messages.WARNING)
            else:
                revoked += 1
        return revoked
