from django.urls import path

from samhandling.places import api

urlpatterns = [
    path("places/", api.PlaceListView.as_view(), name="api-place-list"),
    path("places/collaborations/", api.CollaborationListView.as_view(), name="api-place-collaboration-list"),
    path(
        "places/collaborations/<int:pk>/",
        api.CollaborationDetailView.as_view(),
        name="api-place-collaboration-detail",
    ),
    path("places/events/", api.EventListView.as_view(), name="api-place-event-list"),
]
