from django.urls import path

from samhandling.welfare import api

urlpatterns = [
    path("welfare/suppliers/", api.SupplierListView.as_view(), name="api-welfare-supplier-list"),
    path("welfare/suppliers/<int:pk>/", api.SupplierDetailView.as_view(), name="api-welfare-supplier-detail"),
    path("welfare/checks/", api.CheckListView.as_view(), name="api-welfare-check-list"),
    path("welfare/flags/", api.FlagListView.as_view(), name="api-welfare-flag-list"),
]
