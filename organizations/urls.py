"""Pages of the organisation tree and its members. Names are the contract between templates."""

from django.urls import path

from .views import members, tree

app_name = "organizations"

urlpatterns = [
    # The tree: browse, search, one organisation, coverage statistics.
    path("", tree.tree_browser, name="tree"),
    path("<int:pk>/children/", tree.tree_children, name="tree-children"),
    path("<int:pk>/", tree.organization_detail, name="detail"),
    path("<int:pk>/coverage/", tree.coverage_page, name="coverage"),
    path("<int:pk>/coverage/export/", tree.coverage_export_view, name="coverage-export"),
    path("<int:pk>/add/", tree.organization_create_view, name="create-child"),
    path("<int:pk>/edit/", tree.organization_edit_view, name="edit"),
    path("<int:pk>/move/", tree.organization_move_view, name="move"),
    path("<int:pk>/dissolve/", tree.organization_dissolve_view, name="dissolve"),
    path("<int:pk>/merge/", tree.organization_merge_view, name="merge"),
    path("<int:pk>/split/", tree.organization_split_view, name="split"),
    # Members and transfers.
    path("members/", members.member_list_view, name="member-list"),
    path("members/historical/", members.member_historical_view, name="member-historical"),
    path("members/<int:pk>/", members.member_detail_view, name="member-detail"),
    path("<int:pk>/members/add/", members.member_create_view, name="member-create"),
    path("members/<int:pk>/edit/", members.member_edit_view, name="member-edit"),
    path("members/<int:pk>/status/", members.member_status_view, name="member-status"),
    path("members/<int:pk>/transfer/", members.member_transfer_view, name="member-transfer"),
    path("transfers/", members.transfer_list_view, name="transfer-list"),
    path("transfers/<int:pk>/receive/", members.transfer_receive_view, name="transfer-receive"),
    path("transfers/<int:pk>/cancel/", members.transfer_cancel_view, name="transfer-cancel"),
]
