from django.contrib.auth.decorators import login_not_required
from django.urls import path
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from samhandling.accounts import views

app_name = "accounts"

urlpatterns = [
    path("logga-in/", views.login_view, name="login"),
    path("tvastegsverifiering/", views.verify_view, name="verify"),
    path("logga-ut/", views.logout_view, name="logout"),
    path(
        "sso/",
        login_not_required(OIDCAuthenticationRequestView.as_view()),
        name="oidc_authenticate",
    ),
    path(
        "sso/callback/",
        login_not_required(views.CityOIDCCallbackView.as_view()),
        name="oidc_callback",
    ),
]
