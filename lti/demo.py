"""Demo content of this app, called by ``manage.py seed_demo``; safe to run again.

An example (inactive) Moodle registration for the NTT network, so its moderator sees the admin
screen filled in, and the tool's key, so ``/lti/jwks/`` answers at once.
"""


def seed(home, organisations):
    """Create the demo content; return lines to print."""
    from network.models import ProvincialNetwork

    from . import keys
    from .models import Platform

    key = keys.current_key()
    network = ProvincialNetwork.objects.filter(province__code="53").first()
    issuer = "https://moodle.contoh-ntt.example"
    platform, created = Platform.objects.get_or_create(issuer=issuer, client_id="contoh-lokadaya", defaults={
        "network": network, "name": "Moodle Jejaring NTT (contoh)", "deployment_ids": ["1"],
        "auth_login_url": issuer + "/mod/lti/auth.php", "access_token_url": issuer + "/mod/lti/token.php",
        "key_set_url": issuer + "/mod/lti/certs.php", "active": False,
    })
    return [f"LTI: tool key {key.kid}; example Moodle registration \"{platform.name}\" (inactive) "
            f"{'created' if created else 'kept'}: /admin/lti/"]
