"""The donation type's running totals (``lokadaya.running_totals``): confirmed donors, what they gave and
what sponsors matched per campaign and ask, kept in ``DonationTotal``; installed by migration
``0008_donationtotal_triggers``."""
from lokadaya.running_totals import RunningTotal

DONATIONS = RunningTotal(
    name="donation_total_donations", source="donation_donation", target="donation_donationtotal",
    key=("campaign_id", "ask_id"),
    sums={"donors": "1", "given": "{row}.received_amount - {row}.refunded_amount"},
    where="{row}.status = 'confirmed'",
)
MATCHES = RunningTotal(
    name="donation_total_matches", source="donation_match", target="donation_donationtotal",
    key=("campaign_id", "ask_id"), sums={"matched": "{row}.amount"},
)
