"""People: how colleagues arrive, sign in and leave (issue 16).

Accounts are Django's users; sign-up, e-mail verification, password reset, single sign-on
and the second factor are django-allauth's flows, adapted in :mod:`people.adapters`. This app
adds what allauth does not know: profiles, invitations to workloads and teams, mails sent by
Celery, and the pages around them.
"""
