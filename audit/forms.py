from django import forms
from django.utils.translation import gettext_lazy as _

from partybuild.forms import PortalFormMixin

from .policy import Purpose


class PurposeForm(PortalFormMixin, forms.Form):
    """Why the user needs to see personal data in full (required: the reveal is recorded)."""

    purpose = forms.ChoiceField(label=_("Purpose"), choices=[("", _("Choose a purpose")), *Purpose.choices])
    purpose_detail = forms.CharField(
        label=_("Purpose details"), max_length=200, min_length=2,
        help_text=_("For example the task or case number. This is recorded with your name and the time."),
    )



class RevealForm(PurposeForm):
    """One personal field of one record, and why."""

    field = forms.ChoiceField(label=_("Field"))
    field_order = ["field", "purpose", "purpose_detail"]

    def __init__(self, *args, fields: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = fields
