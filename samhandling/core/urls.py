from django.urls import path

from samhandling.core import views

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.metrics_view, name="metrics"),
    path("drift/uppgifter/", views.task_list, name="task_list"),
    path("drift/uppgifter/<uuid:task_id>/kor-igen/", views.task_retry, name="task_retry"),
]
