from django.urls import path

from samhandling.collaboration import api

urlpatterns = [
    path("forums/", api.ForumListView.as_view(), name="api-forum-list"),
    path("forums/<int:forum_id>/", api.ForumDetailView.as_view(), name="api-forum-detail"),
]
