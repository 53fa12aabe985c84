"""Read-only views of what the gateways said, in Django's admin, for reconciling by hand.

Retrying a notification that failed is done in the Wagtail admin (``gateways.admin_views``),
where national finance works.
"""
from django.contrib import admin

from .models import GatewayTransaction, InboxItem


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GatewayTransaction)
class GatewayTransactionAdmin(ReadOnly):
    list_display = ["payment", "provider", "reference", "gateway_status", "refunded_amount", "updated_at"]
    list_filter = ["provider", "gateway_status"]
    search_fields = ["reference", "payment__token", "payment__transaction_id"]


@admin.register(InboxItem)
class InboxItemAdmin(ReadOnly):
    list_display = ["received_at", "provider", "order_id", "claimed_status", "status", "gateway_status", "attempts"]
    list_filter = ["provider", "status"]
    search_fields = ["delivery_id", "order_id"]
