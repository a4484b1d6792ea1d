from django.urls import path

from samhandling.defectors import api

urlpatterns = [
    path("defectors/", api.DefectorCaseListView.as_view(), name="api-defector-list"),
    path("defectors/<int:case_id>/", api.DefectorCaseDetailView.as_view(), name="api-defector-detail"),
]
