from django.contrib.auth.forms import PasswordChangeForm

from .services import user_set_password


class PortalPasswordChangeForm(PasswordChangeForm):
    """Django's form (old password, new password twice, the validators); saved by the service,
    which also voids the user's API tokens."""

    def save(self, commit=True):
        return user_set_password(user=self.user, target=self.user, password=self.cleaned_data["new_password1"])
