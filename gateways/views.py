"""The gateways' notification endpoint: ``/payments/process/<variant>/`` for Midtrans and Xendit.

It answers the same URL and the same way as django-payments' static callback, without wrapping
the request in a transaction: storing a notification is one INSERT (``webhooks.accept``), so the
gateway's request costs two short queries and is answered in milliseconds. Variants of other
providers are handed to django-payments' own view.
"""
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from payments import PaymentError, get_payment_model
from payments.core import provider_factory
from payments.urls import static_callback

from .base import HostedProvider


@csrf_exempt
def notification(request, variant):
    """Verify, check and store a gateway's notification; the JSON answer (4xx when refused)."""
    try:
        provider = provider_factory(variant)
    except ValueError:
        return JsonResponse({"error": "Invalid payment provider", "variant": variant}, status=400)
    if not isinstance(provider, HostedProvider):
        return static_callback(request, variant)
    return _hosted(request, variant, provider)


@require_POST
def _hosted(request, variant, provider):
    try:
        token = provider.get_token_from_request(payment=None, request=request)
    except PaymentError as error:
        return JsonResponse({"error": str(error), "variant": variant, "error_code": error.code},
                            status=error.code or 400)
    payment = (get_payment_model().objects.only("id", "token", "variant", "status", "total", "transaction_id")
               .filter(token=token).first())
    if payment is None:
        return JsonResponse({"error": "Payment not found", "variant": variant}, status=404)
    return provider.process_data(payment, request)
