"""The project's URLs plus a view that fails, for testing the 500 page."""

from django.urls import path

from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns


def failing_view(request):
    raise RuntimeError("Testfel med personnummer 19121212-1212 som aldrig får synas")


urlpatterns = [*project_urlpatterns, path("testfel/", failing_view)]
