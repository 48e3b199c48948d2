"""The project's URLs plus a trivial view: the floor every page's time is compared with."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok")


# The project's URLconf by name: this module is first imported while it is itself ROOT_URLCONF.
urlpatterns = [path("bench/trivial/", trivial), path("", include("npsportal.urls"))]
