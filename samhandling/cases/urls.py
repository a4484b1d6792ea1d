from django.urls import path

from samhandling.cases import person_views, views

app_name = "cases"

urlpatterns = [
    path("", views.workload, name="workload"),
    path("ko/", views.queue, name="queue"),
    path("anmalan/", views.concern_report_form, name="concern_report_form"),
    path("anmalan/mottagen/", views.report_received, name="report_received"),
    path("konsultation/", views.consultation_ask, name="consultation_ask"),
    path("konsultationer/", views.consultation_list, name="consultation_list"),
    path("nodatkomst/", views.emergency_access, name="emergency_access"),
    path("nodatkomst/granskning/", views.emergency_access_review, name="emergency_access_review"),
    path("<int:case_id>/", views.case_detail, name="case_detail"),
    path("<int:case_id>/person/", person_views.person_detail, name="person_detail"),
    path("<int:case_id>/person/<int:person_id>/andra/", person_views.person_edit, name="person_edit"),
    path("<int:case_id>/vardnadshavare/", person_views.guardian_add, name="guardian_add"),
    path(
        "<int:case_id>/vardnadshavare/<int:guardian_id>/ta-bort/",
        person_views.guardian_remove,
        name="guardian_remove",
    ),
    path("<int:case_id>/skyddad-identitet/", person_views.identity_grant, name="identity_grant"),
    path("<int:case_id>/insats/", views.intervention_decide, name="intervention_decide"),
    path("<int:case_id>/31-lul/", views.police_request, name="police_request"),
    path("anmalningar/<int:report_id>/skyddsbedomning/", views.protection_assessment, name="protection_assessment"),
    path("anmalningar/<int:report_id>/forhandsbedomning/", views.initial_assessment, name="initial_assessment"),
    path("anmalningar/<int:report_id>/bekrafta-anmalare/", views.reporter_confirm, name="reporter_confirm"),
    path("anmalningar/<int:report_id>/aterkoppling/", views.reporter_feedback, name="reporter_feedback"),
    path("utredningar/<int:investigation_id>/forlangning/", views.investigation_extend, name="investigation_extend"),
    path("utredningar/<int:investigation_id>/avsluta/", views.investigation_complete, name="investigation_complete"),
    path("utredningar/<int:investigation_id>/synpunkter/", views.child_views, name="child_views"),
    path(
        "utredningar/<int:investigation_id>/faktorer/<int:factor_id>/",
        views.factor_assessment,
        name="factor_assessment",
    ),
    path("utredningar/<int:investigation_id>/instrument/", views.instrument_use, name="instrument_use"),
    path("insatser/<int:intervention_id>/uppfoljning/", views.intervention_follow_up, name="intervention_follow_up"),
    path("31-lul/<int:request_id>/svar/", views.police_answer, name="police_answer"),
    path("personer/<int:person_id>/registerutdrag/", views.register_extract, name="register_extract"),
]
