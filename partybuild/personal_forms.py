"""Edit forms that never put a stored personal value in the page.

An ``<input value="…">`` is as readable as a table cell: an edit form showed the full ID number
and phone to roles that may never reveal them. On an existing record, each personal field
(``personal_fields`` of the model) is replaced by :class:`KeepStoredField`: the input shows the
masked value, posting it back unchanged keeps what is stored, typing a new value replaces it, and
emptying an optional field clears it. Used by every portal edit form (``PersonalFieldsFormMixin``)
and by the admin (``partybuild.admin_personal``).
"""

from __future__ import annotations

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from partybuild.personal import masked, personal_fields

KEEP_HELP = _("Shown masked. Leave it as it is to keep the stored value, or type a new one.")


class KeepStoredField(forms.Field):
    """Wraps a form field: renders ``shown`` (the mask); posting the mask back yields ``stored``."""

    def __init__(self, inner: forms.Field, *, stored, shown: str):
        attrs = {k: v for k, v in inner.widget.attrs.items() if k not in ("type", "value")}
        super().__init__(
            required=inner.required, label=inner.label, initial=shown, disabled=inner.disabled,
            help_text=" ".join(str(t) for t in (inner.help_text, KEEP_HELP) if t),
            # A text input: a masked date (****-**-**) is no value for a date picker.
            widget=forms.TextInput(attrs={**attrs, "autocomplete": "off"}),
        )
        self.inner, self.stored, self.shown = inner, stored, shown

    def clean(self, value):
        if (value or "").strip() == self.shown:
            return self.stored
        return self.inner.clean(value)

    def has_changed(self, initial, data) -> bool:
        return (data or "").strip() != self.shown


def mask_personal_fields(form: forms.BaseForm, instance: Model | None) -> None:
    """Replace ``form``'s personal fields of an existing ``instance`` by masked, keep-stored ones."""
    if instance is None or instance.pk is None:
        return
    for name in personal_fields(instance):
        field = form.fields.get(name)
        stored = getattr(instance, name, None)
        if field is None or stored in (None, "") or isinstance(field, KeepStoredField):
            continue  # nothing stored, nothing to hide
        shown = masked(instance, name)
        form.fields[name] = KeepStoredField(field, stored=stored, shown=shown)
        form.initial[name] = shown


class PersonalFieldsFormMixin:
    """Mix into a ModelForm, before it: personal fields of the edited record show masked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mask_personal_fields(self, getattr(self, "instance", None))


def with_masked_personal_fields(form_class: type[forms.BaseForm]) -> type[forms.BaseForm]:
    """``form_class`` with :class:`PersonalFieldsFormMixin` mixed in (for forms built by the admin)."""
    if issubclass(form_class, PersonalFieldsFormMixin):
        return form_class
    return type(form_class.__name__, (PersonalFieldsFormMixin, form_class), {"__module__": form_class.__module__})
