"""django-axes' lockout check, for the logins that come through a web request.

Axes' backend refuses to work without a request. Authentication without one (``manage.py``
commands, the test client's ``login()``) is not a login form anyone can hammer, so it is passed on
to the next backend unchecked instead of failing.
"""
from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
