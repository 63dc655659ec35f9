"""Accounts made before allauth (by staff, in the admin) keep signing in: the address staff
entered counts as verified. An address that several accounts share is left unverified, for
staff to sort out (verified addresses are unique)."""

from django.db import migrations


def verify_existing_addresses(apps, schema_editor):
    User = apps.get_model("auth", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    owners: dict[str, list] = {}
    for user in User.objects.exclude(email="").only("pk", "email"):
        owners.setdefault(user.email.strip().lower(), []).append(user)
    for address, users in owners.items():
        if EmailAddress.objects.filter(email__iexact=address).exists():
            continue
        shared = len(users) > 1
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=address, verified=not shared, primary=True)
            for user in users
        )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(verify_existing_addresses, migrations.RunPython.noop)]
