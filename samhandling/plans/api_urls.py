from django.urls import path

from samhandling.plans import api

urlpatterns = [
    path("plans/", api.PlanListView.as_view(), name="api-plan-list"),
    path("plans/<int:pk>/", api.PlanDetailView.as_view(), name="api-plan-detail"),
]
