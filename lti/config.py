"""pylti1p3's tool configuration, read from the registered platforms (``lti.models.Platform``).

Only active platforms are found; their public keys come from the stored copy (``Platform.jwks``),
never from their URL: a platform without a stored key set is refused rather than fetched in a
visitor's request (the worker fetches it, ``lti.tasks.refresh_platform_keys``).
"""
from pylti1p3.deployment import Deployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract

from . import keys
from .models import Platform


class PlatformToolConf(ToolConfAbstract):
    """Registrations and deployments from the database; one issuer may have several client ids."""

    def __init__(self):
        self.platform = None

    def check_iss_has_one_client(self, iss):
        return False

    def check_iss_has_many_clients(self, iss):
        return True

    def _platform(self, iss, client_id):
        platform = Platform.objects.filter(issuer=iss, client_id=client_id, active=True).first()
        if platform is None and client_id is None:
            # The login initiation may omit client_id: only unambiguous when the issuer has one client.
            found = list(Platform.objects.filter(issuer=iss, active=True)[:2])
            platform = found[0] if len(found) == 1 else None
        self.platform = platform
        return platform

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        return self.find_registration_by_params(iss, None)

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        platform = self._platform(iss, client_id)
        if platform is None:
            return None
        key = keys.current_key()
        registration = Registration()
        registration.set_issuer(platform.issuer).set_client_id(platform.client_id)
        registration.set_auth_login_url(platform.auth_login_url).set_auth_token_url(platform.access_token_url)
        registration.set_key_set_url("stored:")  # never fetched: see the module docstring
        registration.set_key_set(platform.jwks if platform.jwks.get("keys") else {"keys": []})
        # No private key here: launches only verify; signing happens in passback/deep linking.
        registration.set_tool_public_key(key.public_key_pem)
        return registration

    def find_deployment(self, iss, deployment_id):
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        platform = self._platform(iss, client_id)
        if platform is None or str(deployment_id) not in [str(d) for d in platform.deployment_ids]:
            return None
        return Deployment().set_deployment_id(deployment_id)
