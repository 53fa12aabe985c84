"""The shapes of the API's answers: what the OpenAPI schema says, and what renders each dict.

Views build plain dicts (``api/present.py``) and render them through these serializers, so the
schema and the answers cannot drift apart: a key the serializer does not declare is never sent.
Money is a string of whole rupiah (``MoneyField``), never a float; quantities are decimal strings.
"""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers as s


@extend_schema_field({"type": "string", "pattern": r"^-?\d+$", "example": "1250000"})
class MoneyField(s.CharField):
    """Whole rupiah as a string of digits."""


@extend_schema_field({"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "example": "12"})
class QuantityField(s.CharField):
    """A quantity (money, items, hours, people) as a decimal string."""


class RegionSerializer(s.Serializer):
    province_code = s.CharField()
    province_name = s.CharField()
    regency_code = s.CharField()
    regency_name = s.CharField()


class SDGSerializer(s.Serializer):
    number = s.IntegerField()
    slug = s.CharField()
    name = s.CharField()
    colour = s.CharField()


class LinkSerializer(s.Serializer):
    id = s.IntegerField()
    name = s.CharField()
    url = s.URLField()


class TitledLinkSerializer(s.Serializer):
    id = s.IntegerField()
    title = s.CharField()
    url = s.URLField()


class ProgressPartSerializer(s.Serializer):
    current = QuantityField()
    target = QuantityField()
    unit = s.CharField(allow_blank=True)
    is_money = s.BooleanField()
    percentage = s.IntegerField()
    supporters = s.IntegerField()
    money = MoneyField(allow_null=True)
    label = s.CharField(allow_blank=True)
    note = s.CharField(allow_blank=True)


class ProgressSerializer(ProgressPartSerializer):
    parts = ProgressPartSerializer(many=True)


class AskSerializer(s.Serializer):
    id = s.CharField()
    type = s.CharField(help_text="The support type's key (see /api/v1/support-types/).")
    type_name = s.CharField()
    title = s.CharField(allow_blank=True)
    description = s.CharField(allow_blank=True)
    progress = ProgressSerializer(allow_null=True)
    details = s.DictField(child=s.JSONField(), help_text="The support type's own public facts (its api_ask hook).")


class SupportStateSerializer(s.Serializer):
    open = s.BooleanField(help_text="Whether the campaign takes support now.")
    reason = s.CharField(allow_blank=True, help_text="Why not: closed, frozen, oms_unverified, upcoming, ended...")
    message = s.CharField(allow_blank=True)
    public_note = s.CharField(allow_blank=True, help_text="The moderators' public note, if any.")


class CampaignSerializer(s.Serializer):
    id = s.IntegerField(help_text="The campaign's id, the same in every language.")
    title = s.CharField()
    slug = s.CharField()
    url = s.URLField()
    summary = s.CharField(allow_blank=True)
    organisation = LinkSerializer(allow_null=True)
    region = RegionSerializer(allow_null=True)
    sdgs = SDGSerializer(many=True)
    status = s.ChoiceField(choices=["upcoming", "active", "ended"])
    status_label = s.CharField()
    start_date = s.DateField(allow_null=True)
    end_date = s.DateField(allow_null=True)
    closed_early = s.BooleanField()
    cover_image = s.URLField(allow_null=True)
    money_raised = MoneyField()
    supporters = s.IntegerField()
    support = SupportStateSerializer()
    asks = AskSerializer(many=True)


class SupportTypeSerializer(s.Serializer):
    key = s.CharField()
    name = s.CharField()
    description = s.CharField(allow_blank=True)
    raises_money = s.BooleanField()


class OrganisationSerializer(s.Serializer):
    id = s.IntegerField(help_text="The OMS's id, the same in every language.")
    name = s.CharField()
    slug = s.CharField()
    url = s.URLField()
    legal_form = s.CharField()
    legal_form_label = s.CharField()
    founded_year = s.IntegerField(allow_null=True)
    summary = s.CharField(allow_blank=True)
    about = s.CharField(allow_blank=True, help_text="HTML.")
    website = s.CharField(allow_blank=True)
    verified = s.BooleanField()
    region = RegionSerializer(allow_null=True)
    logo = s.URLField(allow_null=True)
    sdgs = SDGSerializer(many=True)
    campaign_count = s.IntegerField()
    story_count = s.IntegerField()
    money_raised = MoneyField()


class StorySerializer(s.Serializer):
    id = s.IntegerField()
    title = s.CharField()
    slug = s.CharField()
    url = s.URLField()
    date = s.DateField()
    summary = s.CharField(allow_blank=True)
    cover_image = s.URLField(allow_null=True)
    region = RegionSerializer(allow_null=True)
    sdgs = SDGSerializer(many=True)
    organisation = LinkSerializer(allow_null=True)
    campaigns = TitledLinkSerializer(many=True)


class ProgrammeSerializer(s.Serializer):
    id = s.IntegerField()
    title = s.CharField()
    slug = s.CharField()
    url = s.URLField()
    summary = s.CharField(allow_blank=True)
    cluster = s.CharField()
    cluster_label = s.CharField()
    sdg = SDGSerializer(allow_null=True)
    partner = s.CharField(allow_blank=True)


class ProvinceSerializer(s.Serializer):
    code = s.CharField()
    name = s.CharField()
    slug = s.CharField()


class RegencySerializer(s.Serializer):
    code = s.CharField()
    name = s.CharField()
    slug = s.CharField()
    kind = s.CharField()
    kind_label = s.CharField()
    province_code = s.CharField()
    province_name = s.CharField()


class FiguresSerializer(s.Serializer):
    money_gross = MoneyField(help_text="Money raised, before the management fee.")
    money_fee = MoneyField()
    money_net = MoneyField(help_text="Money raised for the OMS, after the fee.")
    money_disbursed = MoneyField()
    campaigns = s.IntegerField(help_text="Live public campaigns.")
    active_campaigns = s.IntegerField()
    supporters = s.IntegerField(help_text="Supporters counted by the campaigns' asks, every type together.")


class ProvinceFiguresSerializer(FiguresSerializer):
    province_code = s.CharField()
    province_name = s.CharField()


class TransparencySerializer(s.Serializer):
    national = FiguresSerializer()
    provinces = ProvinceFiguresSerializer(many=True)


class ErrorSerializer(s.Serializer):
    detail = s.CharField()
    code = s.CharField()
    errors = s.DictField(child=s.ListField(child=s.CharField()), required=False)


__all__ = [name for name in dir() if name.endswith("Serializer")] + ["MoneyField", "OpenApiTypes"]
