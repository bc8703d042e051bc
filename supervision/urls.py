from django.urls import path

from .views import committees, rectifications

app_name = "supervision"
urlpatterns = [
    path("", committees.home_view, name="home"),
    path("committees/new/", committees.committee_create_view, name="committee-create"),
    path("committees/<int:pk>/", committees.committee_detail_view, name="committee-detail"),
    path("committees/<int:pk>/clues/new/", committees.clue_create_view, name="clue-create"),
    path("seats/<int:pk>/end/", committees.seat_end_view, name="seat-end"),
    path("clues/", committees.clue_list_view, name="clue-list"),
    path("clues/<int:pk>/", committees.clue_detail_view, name="clue-detail"),
    path("rectifications/", rectifications.rectification_list_view, name="rectification-list"),
    path("rectifications/new/", rectifications.rectification_create_view, name="rectification-create"),
    path("rectifications/<int:pk>/", rectifications.rectification_detail_view, name="rectification-detail"),
    path("rectifications/<int:pk>/measures/", rectifications.measure_add_view, name="measure-add"),
    path("rectifications/<int:pk>/progress/", rectifications.progress_view, name="progress-add"),
    path("rectifications/<int:pk>/review/", rectifications.review_view, name="review"),
    path("measures/<int:pk>/done/", rectifications.measure_done_view, name="measure-done"),
]
