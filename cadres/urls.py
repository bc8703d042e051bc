from django.urls import path

from .views import cadres, files, training

app_name = "cadres"
urlpatterns = [
    path("", cadres.cadre_list_view, name="cadre-list"),
    path("export/", cadres.cadre_export_view, name="cadre-export"),
    path("new/", cadres.cadre_form_view, name="cadre-create"),
    path("<int:pk>/", cadres.cadre_detail_view, name="cadre-detail"),
    path("<int:pk>/edit/", cadres.cadre_form_view, name="cadre-edit"),
    path("files/", files.file_list_view, name="file-list"),
    path("files/<int:pk>/", files.file_edit_view, name="file-edit"),
    path("files/<int:pk>/accept/", files.file_accept_view, name="file-accept"),
    path("training/", training.training_view, name="training"),
    path("training/courses/new/", training.course_create_view, name="course-create"),
    path("training/courses/<int:pk>/", training.course_detail_view, name="course-detail"),
]
