from django.urls import path, re_path

from samhandling.plans import views, views_followup, views_import, views_report

app_name = "plans"

KINDS = "|".join(views.PARTS)

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("antagna/", views.public_plan_list, name="public_plan_list"),
    path("ny/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/andra/", views.plan_edit, name="plan_edit"),
    re_path(rf"^(?P<pk>[0-9]+)/(?P<kind>{KINDS})/ny/$", views.part_form, name="part_create"),
    path("<int:pk>/problem/<int:problem_id>/orsak/ny/", views.part_form, {"kind": "orsak"}, name="cause_create"),
    re_path(rf"^(?P<pk>[0-9]+)/(?P<kind>{KINDS})/(?P<part_id>[0-9]+)/$", views.part_form, name="part_edit"),
    re_path(rf"^(?P<pk>[0-9]+)/(?P<kind>{KINDS})/(?P<part_id>[0-9]+)/ta-bort/$", views.part_delete, name="part_delete"),
    path("<int:pk>/skicka-in/", views.plan_submit, name="plan_submit"),
    path("<int:pk>/godkann/", views.plan_approve, name="plan_approve"),
    path("<int:pk>/skicka-tillbaka/", views.plan_return, name="plan_return"),
    path("<int:pk>/plats/ny/", views.place_create, name="place_create"),
    path("<int:pk>/ny-version/", views.plan_new_version, name="plan_new_version"),
    path("<int:pk>/import/", views_import.import_upload, name="import_upload"),
    path("<int:pk>/import/<int:import_id>/", views_import.import_status, name="import_status"),
    path("<int:pk>/import/bekrafta/", views_import.import_confirm, name="import_confirm"),
    path("<int:pk>/uppfoljning/<int:round_id>/", views_followup.followup, name="followup"),
    path("uppfoljning/", views_followup.round_list, name="round_list"),
    path("uppfoljning/<int:round_id>/", views_followup.round_detail, name="round_detail"),
    path("oversikt/", views_report.overview, name="overview"),
    path("oversikt/export.<str:fmt>", views_report.overview_export, name="overview_export"),
    path("effektrapport/<int:year>/", views_report.report_edit, name="report_edit"),
    path("effektrapport/<int:year>/export.<str:fmt>", views_report.report_export, name="report_export"),
    path("enkat/<int:year>/", views_report.survey, name="survey"),
    path("enkat/<int:year>/svar/", views_report.survey_responses, name="survey_responses"),
]
