from django.urls import path

from .views import cadres, duties, files, imports, leaders, pairs, training

app_name = "cadres"
urlpatterns = [
    path("", cadres.cadre_list_view, name="cadre-list"),
    path("export/", cadres.cadre_export_view, name="cadre-export"),
    path("import/", imports.import_view, name="cadre-import"),
    path("import/template/", imports.import_template_view, name="cadre-import-template"),
    path("new/", cadres.cadre_form_view, name="cadre-create"),
    path("<int:pk>/", cadres.cadre_detail_view, name="cadre-detail"),
    path("<int:pk>/edit/", cadres.cadre_form_view, name="cadre-edit"),
    path("files/", files.file_list_view, name="file-list"),
    path("files/<int:pk>/", files.file_edit_view, name="file-edit"),
    path("files/<int:pk>/accept/", files.file_accept_view, name="file-accept"),
    path("training/", training.training_view, name="training"),
    path("training/courses/new/", training.course_create_view, name="course-create"),
    path("training/courses/<int:pk>/", training.course_detail_view, name="course-detail"),
    path("mentor-pairs/", pairs.pair_list_view, name="pair-list"),
    path("mentor-pairs/new/", pairs.pair_create_view, name="pair-create"),
    path("mentor-pairs/<int:pk>/end/", pairs.pair_end_view, name="pair-end"),
    path("leaders/", leaders.leader_list_view, name="leader-list"),
    path("leaders/new/", leaders.leader_create_view, name="leader-create"),
    path("leaders/<int:pk>/end/", leaders.leader_end_view, name="leader-end"),
    path("in-service/", duties.duty_list_view, name="duty-list"),
    path("in-service/new/", duties.duty_form_view, name="duty-create"),
    path("in-service/<int:pk>/", duties.duty_detail_view, name="duty-detail"),
    path("in-service/<int:pk>/edit/", duties.duty_form_view, name="duty-edit"),
    path("in-service/<int:pk>/assess/", duties.duty_assess_view, name="duty-assess"),
    path("in-service/<int:pk>/letter/", duties.letter_issue_view, name="letter-issue"),
    path("letters/<int:pk>/", duties.letter_view, name="letter"),
]
