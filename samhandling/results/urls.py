from django.urls import path

from samhandling.results import views, views_report

app_name = "results"

urlpatterns = [
    path("", views.goal_tree, name="goal_tree"),
    path("oppna-data.<str:fmt>", views.open_data, name="open_data"),
    path("dokument/ny/", views.document_create, name="document_create"),
    path("mal/ny/", views.goal_create, name="goal_create"),
    path("mal/<int:pk>/", views.goal_detail, name="goal_detail"),
    path("mal/<int:pk>/andra/", views.goal_edit, name="goal_edit"),
    path("mal/<int:pk>/malvarde/ny/", views.target_create, name="target_create"),
    path("malvarde/<int:pk>/andra/", views.target_edit, name="target_edit"),
    path("aktivitet/<int:pk>/", views.activity_logic, name="activity_logic"),
    path("rapportera-en-gang/<int:year>/", views.report_once, name="report_once"),
    path("effektrapport/<int:year>/", views_report.report, name="report"),
    path("effektrapport/<int:year>/export.<str:fmt>", views_report.report_export, name="report_export"),
]
