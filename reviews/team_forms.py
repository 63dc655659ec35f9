"""The forms of the team pages: they validate input; the services do the writes."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from reviews.models import TeamRole


class TeamForm(forms.Form):
    name = forms.CharField(max_length=100, strip=True)
    description = forms.CharField(max_length=500, required=False, strip=True)


class TeamMemberForm(forms.Form):
    username = forms.CharField(max_length=150, strip=True)
    role = forms.ChoiceField(choices=TeamRole.choices, initial=TeamRole.MEMBER)

    def clean_username(self):
        name = self.cleaned_data["username"]
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(f"No active user is called {name!r}.")
        return user


class TeamRoleForm(forms.Form):
    role = forms.ChoiceField(choices=TeamRole.choices)
