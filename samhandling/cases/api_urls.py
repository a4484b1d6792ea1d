from django.urls import path

from samhandling.cases import api

urlpatterns = [
    path("cases/mine/", api.WorkloadView.as_view(), name="api-case-workload"),
    path("cases/<int:case_id>/", api.CaseSummaryView.as_view(), name="api-case-summary"),
]
