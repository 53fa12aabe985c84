"""Donation (donasi): public money donations through django-payments."""
