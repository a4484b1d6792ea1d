from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from samhandling.core import views as core_views

urlpatterns = [
    path("", include("samhandling.core.urls")),
    path("konto/", include("samhandling.accounts.urls")),
    path("granskning/", include("samhandling.audit.urls")),
    path("katalog/", include("samhandling.catalogue.urls")),
    path("planer/", include("samhandling.plans.urls")),
    path("indikatorer/", include("samhandling.indicators.urls")),
    path("arenden/", include("samhandling.cases.urls")),
    path("samverkan/", include("samhandling.collaboration.urls")),
    path("platser/", include("samhandling.places.urls")),
    path("valfard/", include("samhandling.welfare.urls")),
    path("resultat/", include("samhandling.results.urls")),
    path("avhoppare/", include("samhandling.defectors.urls")),
    path("administration/", include("samhandling.organisations.urls")),
    path("api/v1/", include("config.api_urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]

handler403 = core_views.error_403
handler404 = core_views.error_404
handler500 = core_views.error_500
