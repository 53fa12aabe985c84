"""The proxy purge, in the task worker (an editor's publish never waits on the proxy)."""
from django_tasks import task

from lokadaya.site_url import site_root_url

from . import proxy


@task()
def purge_proxy(paths=(), everything=False):
    """PURGE ``paths`` (site-relative) at every configured proxy, or everything."""
    site_url = site_root_url().rstrip("/")
    for backend in proxy.backends():
        if everything and hasattr(backend, "purge_everything"):
            backend.purge_everything(site_url)
        elif paths:
            backend.purge_batch([site_url + path for path in paths])
