"""The form of staff's deactivation action: it validates input only."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model


class DeactivateForm(forms.Form):
    successor = forms.CharField(max_length=150, required=False, strip=True)

    def clean_successor(self):
        name = self.cleaned_data["successor"]
        if not name:
            return None
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(f"No active user is called {name!r}.")
        return user
