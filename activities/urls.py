from django.urls import path

from activities import api, views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("activity/<int:pk>/", views.activity_detail, name="detail"),
    path("activity/<int:pk>/print/", views.activity_print, name="print"),
    path("source/<int:pk>/download/", views.source_download, name="source-download"),
    path("plan/", views.session_plan, name="plan"),
    path("plan/print/", views.session_plan_print, name="plan-print"),
    path("api/plan/", api.session_plan, name="api-plan"),
    path("api/activities/", api.activity_list, name="api-list"),
    path("api/activities/<int:pk>/", api.activity_detail, name="api-detail"),
]
