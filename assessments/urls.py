from django.urls import path

from .views import pairings, results, reviews, runs, schemes

app_name = "assessments"
urlpatterns = [
    path("", schemes.home_view, name="home"),
    path("schemes/new/", schemes.scheme_form_view, name="scheme-create"),
    path("schemes/<int:pk>/", schemes.scheme_detail_view, name="scheme-detail"),
    path("schemes/<int:pk>/edit/", schemes.scheme_form_view, name="scheme-edit"),
    path("schemes/<int:pk>/export/", schemes.scheme_export_view, name="scheme-export"),
    path("schemes/<int:pk>/import/", schemes.scheme_import_view, name="scheme-import"),
    path("schemes/<int:pk>/copy/", schemes.scheme_copy_view, name="scheme-copy"),
    path("schemes/<int:scheme_pk>/indicators/new/", schemes.indicator_form_view, name="indicator-create"),
    path("schemes/<int:scheme_pk>/indicators/<int:pk>/", schemes.indicator_form_view, name="indicator-edit"),
    path("schemes/<int:scheme_pk>/indicators/<int:pk>/delete/", schemes.indicator_delete_view,
         name="indicator-delete"),
    path("schemes/<int:pk>/run/", runs.run_start_view, name="run-start"),
    path("runs/<int:pk>/", runs.run_view, name="run"),
    path("runs/<int:pk>/progress/", runs.run_progress_view, name="run-progress"),
    path("schemes/<int:pk>/ranking/", results.ranking_view, name="ranking"),
    path("schemes/<int:pk>/ranking/export/", results.ranking_export_view, name="ranking-export"),
    path("results/<int:pk>/", results.result_detail_view, name="result-detail"),
    path("results/<int:pk>/approve/", results.result_decide_view, {"step": "approve"}, name="result-approve"),
    path("results/<int:pk>/send-back/", results.result_decide_view, {"step": "send_back"}, name="result-send-back"),
    path("results/<int:pk>/exception/", results.exception_grant_view, name="exception-grant"),
    path("results/<int:pk>/records/<int:indicator_pk>/", results.result_records_view, name="result-records"),
    path("results/<int:pk>/reviews/<int:indicator_pk>/", reviews.result_reviews_view, name="result-reviews"),
    path("reviews/", reviews.my_reviews_view, name="my-reviews"),
    path("reviews/<int:pk>/", reviews.sheet_view, name="review-sheet"),
    path("schemes/<int:pk>/reviewers/", reviews.assignments_view, name="review-assignments"),
    path("reviewers/<int:pk>/withdraw/", reviews.assignment_delete_view, name="review-assignment-delete"),
    path("pairings/", pairings.pairing_list_view, name="pairings"),
    path("pairings/<int:pk>/delete/", pairings.pairing_delete_view, name="pairing-delete"),
]
