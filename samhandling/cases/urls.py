from django.urls import path

from samhandling.cases import emergency_views, extract_views, lifecycle_views, person_views, views

app_name = "cases"

urlpatterns = [
    path("", views.workload, name="workload"),
    path("ko/", views.queue, name="queue"),
    path("ko/bevakningar/<int:alert_id>/hanterad/", lifecycle_views.alert_handled, name="alert_handled"),
    path("avslutade/", lifecycle_views.closed_cases, name="closed_cases"),
    path("anmalan/", views.concern_report_form, name="concern_report_form"),
    path("anmalan/mottagen/", views.report_received, name="report_received"),
    path("konsultation/", views.consultation_ask, name="consultation_ask"),
    path("konsultationer/", views.consultation_list, name="consultation_list"),
    path("nodatkomst/", emergency_views.emergency_access, name="emergency_access"),
    path("nodatkomst/godkannande/", emergency_views.emergency_access_approvals, name="emergency_access_approvals"),
    path("nodatkomst/granskning/", emergency_views.emergency_access_review, name="emergency_access_review"),
    path(
        "nodatkomst/granskning/<int:access_id>/",
        emergency_views.emergency_access_review_detail,
        name="emergency_access_review_detail",
    ),
    path("registerutdrag/", extract_views.full_extract, name="full_extract"),
    path("<int:case_id>/", views.case_detail, name="case_detail"),
    path("<int:case_id>/person/", person_views.person_detail, name="person_detail"),
    path("<int:case_id>/person/<int:person_id>/andra/", person_views.person_edit, name="person_edit"),
    path("<int:case_id>/vardnadshavare/", person_views.guardian_add, name="guardian_add"),
    path(
        "<int:case_id>/vardnadshavare/<int:guardian_id>/ta-bort/",
        person_views.guardian_remove,
        name="guardian_remove",
    ),
    path("<int:case_id>/person/<int:person_id>/skydd/", person_views.person_protection, name="person_protection"),
    path("<int:case_id>/skyddad-identitet/", person_views.identity_grant, name="identity_grant"),
    path("<int:case_id>/avsluta/", lifecycle_views.case_close, name="case_close"),
    path("<int:case_id>/ateroppna/", lifecycle_views.case_reopen, name="case_reopen"),
    path(
        "<int:case_id>/skyddad-identitet/<int:grant_id>/aterkalla/",
        person_views.identity_grant_withdraw,
        name="identity_grant_withdraw",
    ),
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
    path("insatser/<int:intervention_id>/avsluta/", lifecycle_views.intervention_close, name="intervention_close"),
    path("anmalningar/<int:report_id>/aterkoppling/brev/", lifecycle_views.feedback_letter, name="feedback_letter"),
    path("insatser/<int:intervention_id>/uppfoljning/", views.intervention_follow_up, name="intervention_follow_up"),
    path("31-lul/<int:request_id>/svar/", views.police_answer, name="police_answer"),
    path("personer/<int:person_id>/registerutdrag/", extract_views.register_extract, name="register_extract"),
]
