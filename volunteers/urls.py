from django.urls import path

from .views import orders, people, registry, shops

app_name = "volunteers"
urlpatterns = [
    path("", people.home_view, name="home"),
    path("orders/", orders.order_list_view, name="order-list"),
    path("orders/new/", orders.order_create_view, name="order-create"),
    path("orders/<int:pk>/", orders.order_detail_view, name="order-detail"),
    path("orders/<int:pk>/dispatch/", orders.order_dispatch_view, name="order-dispatch"),
    path("orders/<int:pk>/take/", orders.order_take_view, name="order-take"),
    path("orders/<int:pk>/complete/", orders.order_complete_view, name="order-complete"),
    path("orders/<int:pk>/rate/", orders.order_rate_view, name="order-rate"),
    path("orders/<int:pk>/cancel/", orders.order_cancel_view, name="order-cancel"),
    path("teams/", people.team_list_view, name="team-list"),
    path("teams/new/", registry.team_create_view, name="team-create"),
    path("teams/<int:pk>/", people.team_detail_view, name="team-detail"),
    path("teams/<int:pk>/edit/", registry.team_edit_view, name="team-edit"),
    path("volunteers/", people.volunteer_list_view, name="volunteer-list"),
    path("volunteers/new/", registry.volunteer_create_view, name="volunteer-create"),
    path("volunteers/<int:pk>/", people.volunteer_ledger_view, name="volunteer-ledger"),
    path("volunteers/<int:pk>/edit/", registry.volunteer_edit_view, name="volunteer-edit"),
    path("volunteers/<int:pk>/redeem/", people.redemption_create_view, name="volunteer-redeem"),
    path("leaderboard/", people.leaderboard_view, name="leaderboard"),
    path("shops/", shops.shop_list_view, name="shop-list"),
    path("shops/new/", shops.shop_create_view, name="shop-create"),
    path("shops/<int:pk>/edit/", shops.shop_edit_view, name="shop-edit"),
    path("held-credits/<int:pk>/release/", people.hold_decide_view, {"decision": "release"}, name="hold-release"),
    path("held-credits/<int:pk>/reject/", people.hold_decide_view, {"decision": "reject"}, name="hold-reject"),
]
