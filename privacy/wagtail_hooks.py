"""The privacy app's admin: each part registers its own screens and menu items."""
from .accesslog import admin_hooks as accesslog_hooks  # noqa: F401
from .breaches import admin_hooks as breaches_hooks  # noqa: F401
from .centre import admin_hooks as centre_hooks  # noqa: F401
from .consent import admin_hooks as consent_hooks  # noqa: F401
from .retention import admin_hooks as retention_hooks  # noqa: F401
