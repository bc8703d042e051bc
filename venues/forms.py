"""Forms of the venue pages. They parse input; the writes happen in ``venues.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partybuild.forms import DateInput, PortalFormMixin, apply_errors

from . import selectors
from .models import STAFF_CHANNELS, ZONE_FIELDS, Booking, Channel, Venue

__all__ = ["AnswerForm", "BookingForm", "PhotoForm", "VenueForm", "apply_errors"]


class VenueForm(PortalFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Venue
        fields = ["owner", "kind", "name", "address", "area_m2", "capacity", "opening_hours", *ZONE_FIELDS,
                  "is_bookable", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.owner_choices(user=user)
        if self.instance.pk:
            self.fields["owner"].disabled = True
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("owner", "version")}


class PhotoForm(PortalFormMixin, forms.Form):
    image = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG or WebP, up to 5 MB."))
    caption = forms.CharField(label=_("Caption"), max_length=100, required=False)


class BookingForm(PortalFormMixin, forms.ModelForm):
    """A booking as a unit makes it on the web, or as the venue's staff record a call or a visit."""

    column_class = "col-md-6"
    venue = forms.ModelChoiceField(queryset=None, label=_("Venue"))
    booker_org = forms.ModelChoiceField(queryset=None, required=False, label=_("Booking organisation"))
    resident_unit = forms.ModelChoiceField(queryset=None, required=False, label=_("or resident unit"))

    class Meta:
        model = Booking
        fields = ["venue", "date", "slot", "group_size", "purpose", "booker_org", "resident_unit", "channel",
                  "contact_name", "contact_phone"]
        widgets = {"date": DateInput(), "contact_phone": forms.TextInput(attrs={"inputmode": "tel"})}

    def __init__(self, *args, user, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = selectors.bookable_venues(user=user)
        # The venue's staff record bookings for anyone they can see; a web booking is for one's own area.
        action = "view" if staff else "edit"
        self.fields["booker_org"].queryset = selectors.booker_org_choices(user=user, action=action)
        self.fields["resident_unit"].queryset = selectors.resident_unit_choices(user=user, action=action)
        if staff:
            self.fields["channel"].choices = [(c, c.label) for c in Channel]
        else:
            self.fields["channel"].choices = [(Channel.WEB, Channel.WEB.label)]
            self.fields["channel"].initial = Channel.WEB

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)


class AnswerForm(PortalFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


def staff_channel(value: str) -> bool:
    return value in STAFF_CHANNELS
