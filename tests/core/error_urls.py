"""The project's URLs plus one view that fails, for the 500 page test."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("kapot/", broken), *project_urlpatterns]
