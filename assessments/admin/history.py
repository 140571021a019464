"""django-simple-history's admin, with its revert form guarded.

SimpleHistoryAdmin's history form (`<id>/history/<history id>/`) saves whatever is
POSTed after checking only the *view* permission, and judges the object by its historical
copy (a version that was a draft then may be published now). Here a revert is a change
like any other: it needs the change permission on the object as it is now, and a write
the model layer refuses (a published bank version) is a refusal shown to the user, never
a server error. Every admin with history uses this class (a test walks the admin site).
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from ..models.banks import PublishedVersionLocked


class GuardedHistoryAdmin(SimpleHistoryAdmin):
    def revert_disabled(self, request, obj=None):
        current = self._current(request, obj)
        return (super().revert_disabled(request, obj)
                or not self.has_change_permission(request, current))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        current = self.get_object(request, unquote(object_id))
        if current is None:
            raise Http404
        if not self.has_change_permission(request):
            raise PermissionDenied
        if not self.has_change_permission(request, current):
            return self._refuse(request, current)
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id,
                                                 extra_context)
        except PublishedVersionLocked:
            return self._refuse(request, current)

    def _current(self, request, obj):
        """The stored object behind `obj` (which may be a copy rebuilt from history)."""
        if obj is None or obj.pk is None:
            return obj
        return self.get_queryset(request).filter(pk=obj.pk).first() or obj

    def _refuse(self, request, obj):
        self.message_user(
            request,
            _("%(object)s cannot be changed any more, so this earlier state cannot be "
              "restored. Nothing was changed.") % {"object": obj},
            messages.ERROR,
        )
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history",
                    args=[obj.pk])
        )
