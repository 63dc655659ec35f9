"""A small OpenID Connect provider for the single sign-on tests: a Django project of its own
(django-oauth-toolkit's OIDC support), run as a separate process with its own SQLite
database and port (``serve.py``). Never part of mllens itself."""
