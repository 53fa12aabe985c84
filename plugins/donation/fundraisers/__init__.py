"""Supporters' own fundraisers (penggalangan oleh pendukung): a personal page for a campaign with
the supporter's own target and words; donations through it count for the campaign and for it.

``models.Fundraiser``; ``service`` (create, approve, hide, follow a donation's money); ``views``
(the public page, the form to start one, the owner's page by signed link); ``admin_views`` (the
OMS approves or hides).
"""
