from django.urls import path

from samhandling.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("anvandare/ny/", views.user_create, name="user_create"),
    path("anvandare/<int:user_id>/", views.user_detail, name="user_detail"),
    path("anvandare/<int:user_id>/avaktivera/", views.user_deactivate, name="user_deactivate"),
    path("medlemskap/ny/", views.membership_give, name="membership_give"),
    path("medlemskap/<int:membership_id>/avsluta/", views.membership_end, name="membership_end"),
    path("roller/", views.role_overview, name="role_overview"),
    path("namnder/", views.committee_problems, name="committee_problems"),
]
