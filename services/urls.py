"""Ledger pages (台账) under /ledgers/. Names are the contract between templates."""

from django.urls import path

from .views import demands, home, needy, pledges, visits

app_name = "services"

urlpatterns = [
    path("", home.home_view, name="home"),
    path("statistics/", home.stats_view, name="stats"),
    path("statistics/export/", home.stats_export_view, name="stats-export"),
    # Grid visits (走访).
    path("visits/", visits.visit_list_view, name="visit-list"),
    path("visits/new/", visits.visit_create_view, name="visit-create"),
    path("visits/export/", visits.visit_export_view, name="visit-export"),
    path("visits/<int:pk>/", visits.visit_detail_view, name="visit-detail"),
    # Member pledges (承诺), fulfilment (践诺) and evaluation (评诺).
    path("pledges/", pledges.pledge_list_view, name="pledge-list"),
    path("pledges/new/", pledges.pledge_create_view, name="pledge-create"),
    path("pledges/export/", pledges.pledge_export_view, name="pledge-export"),
    path("pledges/<int:pk>/", pledges.pledge_detail_view, name="pledge-detail"),
    path("pledges/<int:pk>/items/", pledges.pledge_item_add_view, name="pledge-item-add"),
    path("pledges/<int:pk>/evaluate/", pledges.pledge_evaluate_view, name="pledge-evaluate"),
    path("pledge-items/<int:pk>/fulfil/", pledges.fulfilment_create_view, name="fulfilment-create"),
    path("pledge-items/<int:pk>/edit/", pledges.pledge_item_edit_view, name="pledge-item-edit"),
    path("fulfilment/", pledges.fulfilment_list_view, name="fulfilment-list"),
    path("fulfilment/<int:pk>/evidence/", pledges.evidence_view, name="fulfilment-evidence"),
    path("fulfilment/export/", pledges.fulfilment_export_view, name="fulfilment-export"),
    # Needy households and assistance (困难群众).
    path("needy/", needy.needy_list_view, name="needy-list"),
    path("needy/new/", needy.needy_create_view, name="needy-create"),
    path("needy/export/", needy.needy_export_view, name="needy-export"),
    path("needy/<int:pk>/", needy.needy_detail_view, name="needy-detail"),
    path("needy/<int:pk>/edit/", needy.needy_edit_view, name="needy-edit"),
    path("needy/<int:pk>/assistance/", needy.assistance_create_view, name="assistance-create"),
    # Residents' opinions and demands (群众意见和诉求).
    path("demands/", demands.demand_list_view, name="demand-list"),
    path("demands/new/", demands.demand_create_view, name="demand-create"),
    path("demands/export/", demands.demand_export_view, name="demand-export"),
    path("demands/<int:pk>/", demands.demand_detail_view, name="demand-detail"),
    path("demands/<int:pk>/edit/", demands.demand_edit_view, name="demand-edit"),
    path("demands/<int:pk>/report/", demands.demand_report_view, name="demand-report"),
]
