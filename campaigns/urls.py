from django.urls import path

from .views import communities, grades

app_name = "campaigns"
urlpatterns = [
    path("grades/", grades.grade_list_view, name="grade-list"),
    path("grades/new/", grades.grade_create_view, name="grade-create"),
    path("grades/<int:pk>/", grades.grade_detail_view, name="grade-detail"),
    path("grades/<int:pk>/revise/", grades.grade_revise_view, name="grade-revise"),
    path("grades/<int:pk>/rate/", grades.grade_step_view, {"step": "rate"}, name="grade-rate"),
    path("grades/<int:pk>/review/", grades.grade_step_view, {"step": "review"}, name="grade-review"),
    path("grades/<int:pk>/send-back/", grades.grade_step_view, {"step": "send_back"}, name="grade-send-back"),
    path("designations/", communities.designation_list_view, name="designation-list"),
    path("designations/new/", communities.designation_create_view, name="designation-create"),
    path("designations/<int:pk>/delete/", communities.designation_delete_view, name="designation-delete"),
    path("brands/", communities.brand_list_view, name="brand-list"),
    path("brands/new/", communities.brand_form_view, name="brand-create"),
    path("brands/<int:pk>/", communities.brand_detail_view, name="brand-detail"),
    path("brands/<int:pk>/edit/", communities.brand_form_view, name="brand-edit"),
    path("brands/<int:pk>/photos/", communities.brand_photo_upload_view, name="brand-photo-upload"),
    path("brand-photos/<int:pk>/", communities.brand_photo_view, name="brand-photo"),
    path("board/", communities.board_view, name="board"),
    path("board/new/", communities.board_create_view, name="board-create"),
    path("board/<int:pk>/withdraw/", communities.board_withdraw_view, name="board-withdraw"),
]
