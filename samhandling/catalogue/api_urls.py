from django.urls import path

from samhandling.catalogue import api

urlpatterns = [
    path("methods/", api.method_list, name="api-methods"),
    path("methods/<slug:slug>/", api.method_detail, name="api-method"),
    path("factors/", api.factor_list, name="api-factors"),
]
