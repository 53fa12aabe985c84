"""The editorial records in Django's admin: workflow assignments, opt-outs, sent story updates."""
from django.contrib import admin

from .models import PageTypeWorkflow, StoryUpdateDispatch, UpdateOptOut


@admin.register(PageTypeWorkflow)
class PageTypeWorkflowAdmin(admin.ModelAdmin):
    list_display = ["content_type", "workflow"]


@admin.register(UpdateOptOut)
class UpdateOptOutAdmin(admin.ModelAdmin):
    list_display = ["email", "campaign", "created_at"]
    search_fields = ["email"]
    raw_id_fields = ["campaign"]


@admin.register(StoryUpdateDispatch)
class StoryUpdateDispatchAdmin(admin.ModelAdmin):
    """A record of what was sent: read only."""

    list_display = ["story", "language", "recipients", "sent", "muted", "created_at", "finished_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
