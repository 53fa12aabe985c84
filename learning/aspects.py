"""The capacity aspects of Lokadaya.net's training, shared by courses, the library and events.

Six capacity aspects come from the seed concept; three more are the technical support every OMS is
promised. The keys are stored; the labels are translated.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Aspect(models.TextChoices):
    FINANCIAL_RESILIENCE = "financial_resilience", _("Financial resilience")
    ADAPTIVE_MANAGEMENT = "adaptive_management", _("Adaptive management")
    COMMUNICATION = "communication", _("Communication and social media management")
    SOCIAL_BUSINESS = "social_business", _("Marketing and social business")
    DIGITAL_TRANSFORMATION = "digital_transformation", _("Digital transformation")
    RESOURCE_RAISING = "resource_raising", _("Domestic resource raising")
    THEORY_OF_CHANGE = "theory_of_change", _("Theory of change and stories of change")
    DIGITAL_MARKETING = "digital_marketing", _("Digital social marketing")
    INITIATIVE_DESIGN = "initiative_design", _("Formulating a local service initiative")


#: The six capacity aspects (the rest are technical support topics).
CAPACITY_ASPECTS = [Aspect.FINANCIAL_RESILIENCE, Aspect.ADAPTIVE_MANAGEMENT, Aspect.COMMUNICATION,
                    Aspect.SOCIAL_BUSINESS, Aspect.DIGITAL_TRANSFORMATION, Aspect.RESOURCE_RAISING]
