"""Matching funds: a sponsor doubles (or otherwise multiplies) donations on a programme's, a
province's or an SDG's campaigns, up to a cap and between dates.

``models.MatchFund`` is the sponsor's pledge; ``models.Match`` is the part of one donation it
matched, a money record of its own in the ledger (``donation.match``). ``service.follow`` keeps a
donation's match in step with what the donation counts, under the fund's row lock.
"""
