from django.urls import path

from samhandling.indicators import api

urlpatterns = [
    path("indikatorer/", api.IndicatorListView.as_view(), name="api-indicators"),
    path("oppna-data/indikatorer/", api.PublicIndicatorListView.as_view(), name="api-public-indicators"),
    path("oppna-data/indikatorvarden/", api.PublicValueListView.as_view(), name="api-public-indicator-values"),
    path("oppna-data/indikatorvarden.csv", api.public_values_csv, name="api-public-indicator-values-csv"),
]
