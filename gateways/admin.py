"""Read-only views of what the gateways said, in Django's admin, for reconciling by hand."""
from django.contrib import admin

from .models import GatewayTransaction, WebhookDelivery


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


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnly):
    list_display = ["received_at", "provider", "payment", "gateway_status", "outcome", "delivery_id"]
    list_filter = ["provider", "outcome"]
    search_fields = ["delivery_id", "payment__token"]
