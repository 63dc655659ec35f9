"""The form of the API tokens page: it validates input only."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, strip=True)
    expires_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Expires on"
    )

    def clean_expires_on(self):
        day = self.cleaned_data.get("expires_on")
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError("Choose a day after today.")
        return day

    def expires_at(self) -> datetime.datetime | None:
        """The end of the chosen day, in the server's time zone (None: never)."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
