"""The site's URLs plus ``/_bench/hello/``; used only by ``lokadaya.settings.benchmark``."""
from django.http import HttpResponse
from django.urls import path

from lokadaya.urls import urlpatterns as site_urlpatterns


def hello(request):
    """Django's hello world through the site's whole middleware stack: the benchmark's yardstick."""
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("_bench/hello/", hello, name="bench_hello"), *site_urlpatterns]
