from django.urls import path

from .views import screen

app_name = "screens"
urlpatterns = [
    path("", screen.home_view, name="home"),
    path("<int:pk>/", screen.screen_view, name="screen"),
    path("<int:pk>/data/", screen.data_view, name="data"),
]
