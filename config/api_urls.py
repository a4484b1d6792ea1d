"""The API, version 1. Each app contributes its routes through its own api_urls module."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from samhandling.core import api as core_api

urlpatterns = [
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path("me/", core_api.MeView.as_view(), name="api-me"),
    path("", include("samhandling.catalogue.api_urls")),
    path("", include("samhandling.plans.api_urls")),
    path("", include("samhandling.indicators.api_urls")),
    path("", include("samhandling.cases.api_urls")),
    path("", include("samhandling.collaboration.api_urls")),
    path("", include("samhandling.places.api_urls")),
    path("", include("samhandling.defectors.api_urls")),
    path("", include("samhandling.welfare.api_urls")),
]
