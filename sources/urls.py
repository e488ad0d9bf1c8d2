app_name = "sources"
urlpatterns: list = []
