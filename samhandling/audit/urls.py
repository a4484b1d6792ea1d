from django.urls import path

from samhandling.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.log_review, name="log_review"),
    path("export.csv", views.log_export, name="log_export"),
]
