from django.urls import path

from . import views

app_name = "sources"
urlpatterns = [
    path("", views.source_list_view, name="list"),
]
