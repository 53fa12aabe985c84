"""The petition type's running totals (``lokadaya.running_totals``): confirmed signatures per campaign
and ask, kept in ``SignatureTotal``; installed by migration ``0005_signaturetotal_triggers``."""
from lokadaya.running_totals import RunningTotal

SIGNATURES = RunningTotal(
    name="petition_total_signatures", source="petition_signature", target="petition_signaturetotal",
    key=("campaign_id", "ask_id"), sums={"signatures": "1"}, where="{row}.status = 'confirmed'",
)
