"""The lenses a user may see, as plain data for the mapper (loaded on first use)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Prefetch, When

from catalog.choices import VersionStatus
from catalog.models import Choice, LensVersion
from catalog.selectors import NEWEST_FIRST, lens_list_for_user

# Official AWS lens aliases and the slugs of the lenses mllens ships for them.
OFFICIAL_SLUGS = {
    "machinelearning": ("machine-learning",),
    "genai": ("generative-ai", "genai"),
    "responsibleai": ("responsible-ai", "responsibleai"),
}


@dataclass
class QuestionView:
    key: str
    pillar: str
    choices: set[str]
    # Its "None of these" choices.
    none: set[str] = field(default_factory=set)


@dataclass
class VersionView:
    label: str
    pillars: list[str]
    questions: dict[str, QuestionView]
    # Alias recorded in the lens (``MLOE-01``) -> (question key, choice key).
    aliases: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class LensView:
    slug: str
    name: str
    # Published versions, newest first.
    versions: list[VersionView]

    def version(self, label) -> VersionView | None:
        return next((v for v in self.versions if v.label == label), None)


class Catalog:
    """Lookups the mapper needs, restricted to what ``user`` may see."""

    def __init__(self, user) -> None:
        self.visible = lens_list_for_user(user).filter(published_count__gt=0)
        self.user = user
        self._views: dict[int, LensView] = {}

    def by_alias(self, alias: str) -> LensView | None:
        """An official alias's shipped lens; otherwise a lens whose slug is the alias (what
        ``format=aws-wa-tool`` exports write for custom lenses)."""
        for slug in OFFICIAL_SLUGS.get(alias.lower(), ()):
            lens = self.visible.filter(slug=slug, owner__isnull=True).first()
            if lens is not None:
                return self._view(lens)
        lens = self.visible.filter(slug=alias).first()
        return self._view(lens) if lens is not None else None

    def by_name(self, name: str) -> LensView | None:
        # Names are not unique across owners: the user's own lens first, then shipped ones.
        mine = Case(
            When(owner_id=self.user.pk, then=0), When(owner__isnull=True, then=1), default=2
        )
        lens = self.visible.filter(name__iexact=name.strip()).order_by(mine, "slug").first()
        return self._view(lens) if lens is not None else None

    def _view(self, lens) -> LensView:
        if lens.pk not in self._views:
            versions = (
                LensVersion.objects.filter(lens=lens, status=VersionStatus.PUBLISHED)
                .order_by(*NEWEST_FIRST)
                .prefetch_related(
                    "pillars",
                    "questions__pillar",
                    Prefetch("questions__choices", queryset=Choice.objects.order_by("order")),
                )
            )
            self._views[lens.pk] = LensView(
                slug=lens.slug, name=lens.name, versions=[_version(v) for v in versions]
            )
        return self._views[lens.pk]


def _version(version: LensVersion) -> VersionView:
    view = VersionView(
        label=version.version,
        pillars=[p.key for p in version.pillars.all()],
        questions={},
    )
    for question in version.questions.all():
        choices = list(question.choices.all())
        view.questions[question.key] = QuestionView(
            key=question.key,
            pillar=question.pillar.key,
            choices={c.key for c in choices},
            none={c.key for c in choices if c.is_none},
        )
        for choice in choices:
            for alias in choice.aliases or []:
                view.aliases[alias.upper()] = (question.key, choice.key)
    return view
