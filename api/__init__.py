"""The public read-only API: Lokadaya's open data for partners and developers (``/api/v1/``).

Invariants:

- **Read-only and anonymous.** Every endpoint answers GET/HEAD only; no authentication class runs,
  so cookies are never read and a signed-in editor gets exactly what everybody gets.
- **Public things only.** Only live, public pages (campaigns, stories, OMS profiles, programmes)
  in the requested language; never a draft, a private page or a frozen campaign's hidden parts.
- **No personal data.** Supporters appear only as counts and sums. No email, phone, address or
  name of a supporter reaches a response; a plugin's ``api_ask`` hook returns only public fields
  (``tests/test_api_privacy.py`` fetches every endpoint with the demo data and checks).
- **Aggregates for money.** The transparency figures are sums over the ledger, never single records.
"""
