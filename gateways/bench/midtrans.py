"""Midtrans' messages as its documentation describes them, for the benchmark's stand-in and client.

Written from the documentation rather than imported from ``gateways.midtrans``: the benchmark
must keep speaking Midtrans' format even when the code it measures changes. Standard library only,
so that the stand-in and the load client start fast and stay small.
"""
import hashlib
import uuid
from decimal import Decimal

#: A sandbox-looking key; the benchmark passes it to the site as MIDTRANS_SERVER_KEY.
SERVER_KEY = "SB-Mid-server-BENCHMARK-KEY"
MERCHANT_ID = "G141532850"
TRANSACTION_TIME = "2026-11-30 10:00:00"
SETTLEMENT_TIME = "2026-11-30 10:05:00"


def gross_amount(amount):
    """Midtrans writes amounts as strings with two decimals: 150000 -> "150000.00"."""
    return f"{Decimal(str(amount)):.2f}"


def signature(order_id, status_code, gross, server_key):
    """``signature_key``: SHA-512 hex of order_id + status_code + gross_amount + server key."""
    return hashlib.sha512(f"{order_id}{status_code}{gross}{server_key}".encode()).hexdigest()


def transaction_id(order_id):
    """A stable transaction id per order, so that repeated answers agree with each other."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"midtrans-bench:{order_id}"))


def status_answer(order_id, amount, transaction_status="settlement", server_key=SERVER_KEY):
    """The status API's answer (GET /v2/<order_id>/status) for a paid bank transfer."""
    gross = gross_amount(amount)
    data = {
        "status_code": "200",
        "status_message": "Success, transaction is found",
        "transaction_id": transaction_id(order_id),
        "order_id": order_id,
        "gross_amount": gross,
        "currency": "IDR",
        "payment_type": "bank_transfer",
        "transaction_time": TRANSACTION_TIME,
        "transaction_status": transaction_status,
        "fraud_status": "accept",
        "va_numbers": [{"bank": "bca", "va_number": "12345678901"}],
        "merchant_id": MERCHANT_ID,
    }
    if transaction_status == "settlement":
        data["settlement_time"] = SETTLEMENT_TIME
    # The status API signs its answers the same way as the notifications.
    data["signature_key"] = signature(order_id, data["status_code"], gross, server_key)
    return data


def not_found_answer(order_id):
    """What the status API says about an order it does not know."""
    return {"status_code": "404", "status_message": "Transaction doesn't exist.", "id": order_id}


def notification(order_id, amount, transaction_status="settlement", server_key=SERVER_KEY):
    """An HTTP notification as Midtrans posts it, signed with ``server_key``."""
    data = status_answer(order_id, amount, transaction_status, server_key)
    data["status_message"] = "midtrans payment notification"
    return data
