from django.urls import path

from .views import bookings, venues

app_name = "venues"
urlpatterns = [
    path("", venues.venue_list_view, name="venue-list"),
    path("new/", venues.venue_create_view, name="venue-create"),
    path("visits/", venues.visits_view, name="visits"),
    path("<int:pk>/", venues.venue_detail_view, name="venue-detail"),
    path("<int:pk>/edit/", venues.venue_edit_view, name="venue-edit"),
    path("<int:pk>/photos/", venues.photo_upload_view, name="photo-upload"),
    path("photos/<int:pk>/", venues.photo_view, name="photo"),
    path("photos/<int:pk>/delete/", venues.photo_delete_view, name="photo-delete"),
    path("bookings/", bookings.booking_list_view, name="booking-list"),
    path("bookings/new/", bookings.booking_create_view, name="booking-create"),
    path("bookings/<int:pk>/", bookings.booking_detail_view, name="booking-detail"),
    path("bookings/<int:pk>/confirm/", bookings.booking_step_view, {"step": "confirm"}, name="booking-confirm"),
    path("bookings/<int:pk>/decline/", bookings.booking_step_view, {"step": "decline"}, name="booking-decline"),
    path("bookings/<int:pk>/cancel/", bookings.booking_step_view, {"step": "cancel"}, name="booking-cancel"),
]
