"""Monthly donations (donasi rutin): a plan that makes one donation a month.

``models.RecurringDonation`` is the plan; every month's charge is an ordinary ``Donation`` with its
own payment, ledger lines and receipt (``Donation.recurring``, ``Donation.period``). ``service``
starts, charges, retries and stops plans; ``views`` is the donor's page reached by a signed link;
``admin_views`` is the OMS's list of its monthly donors.
"""
