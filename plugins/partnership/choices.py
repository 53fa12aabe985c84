"""The kinds of partnership an OMS may seek and the sectors proposers come from."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    FUNDING = "funding", _("Funding")
    GOODS = "goods", _("Goods and equipment")
    EXPERTISE = "expertise", _("Expertise and skills")
    CSR = "csr", _("Corporate social responsibility (CSR)")
    GOVERNMENT = "government", _("Government programme")
    OMS = "oms", _("Collaboration between OMS")


class Sector(models.TextChoices):
    BUSINESS = "business", _("Business / company")
    UMKM = "umkm", _("Small business (UMKM)")
    GOVERNMENT = "government", _("Government")
    OMS = "oms", _("Civil-society organisation (OMS)")
    ACADEMIA = "academia", _("Academia / university")
    MEDIA = "media", _("Media")
