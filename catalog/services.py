"""Writes to the catalogue: import, publish, delete, and loading the shipped lenses.

Every function takes keyword-only arguments and raises a typed error; none returns an
error string. A published ``LensVersion`` is never modified here: publishing turns the
one draft into a published version, and imports only ever replace the draft.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import slugify

from catalog import lensformat
from catalog.carryover import carry_over
from catalog.choices import RISK_FROM_FORMAT, VersionStatus
from catalog.lensformat.nonechoice import is_none_choice
from catalog.models import Choice, Lens, LensVersion, Phase, Pillar, Question, RiskRule
from catalog.permissions import ensure_can_manage
from catalog.selectors import latest_published
from mllens.errors import DomainError, ErrorDetail, invalid, problem

MAX_PUBLISHED_VERSIONS = 100
SHIPPED_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class ImportResult:
    lens: Lens
    draft: LensVersion
    warnings: list[lensformat.Problem]
    created: bool


def document_sha256(document: dict) -> str:
    """A stable digest of a canonical document (key order and spacing do not matter)."""
    encoded = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def lens_import(
    *, raw: bytes | str, user, strict: bool = False, lens: Lens | None = None
) -> ImportResult:
    """Validate a custom-lens file and store it as the DRAFT of a new or existing lens.

    Raises ``lensformat.LensFormatError`` (nothing is written) when the file is rejected.
    With ``lens``, the caller must be allowed to manage it (``permissions.can_manage``;
    ``user=None`` is the operator at the shell, who may change any lens); the lens's previous
    draft, if any, is replaced, and the ``mllens`` extensions the file lacks are carried over
    from the latest published version (or the draft), with warnings saying what was carried
    and what could not be matched.
    """
    if lens is not None and user is not None:
        # Before parsing: someone who may not change the lens learns nothing about the file.
        ensure_can_manage(user, lens)
    if lens is None and user is None:
        raise DomainError(code="VALIDATION_ERROR", message="A new lens needs an owner.")
    validated = lensformat.load(raw, strict=strict)
    document, warnings = validated.document, list(validated.warnings)
    with transaction.atomic():
        created = lens is None
        if lens is None:
            lens = _lens_create(document=document, owner=user)
        else:
            lens = Lens.objects.select_for_update().get(pk=lens.pk)
            document, carried = _carry_over(lens, document, strict=strict)
            warnings.extend(carried)
            lens.versions.filter(status=VersionStatus.DRAFT).delete()
        draft = lens_version_build(
            lens=lens,
            document=document,
            status=VersionStatus.DRAFT,
            user=user,
            warnings=[w.as_dict() for w in warnings],
        )
    return ImportResult(lens=lens, draft=draft, warnings=warnings, created=created)


def _carry_over(
    lens: Lens, document: dict, *, strict: bool
) -> tuple[dict, list[lensformat.Problem]]:
    """``document`` with the extensions it lacks taken from the lens's previous version."""
    previous = latest_published(lens) or lens.versions.filter(status=VersionStatus.DRAFT).first()
    if previous is None:
        return document, []
    source = f"version {previous.version}" if previous.version else "the previous draft"
    result = carry_over(document, previous.document, source=source)
    if not result.warnings:
        return document, []
    # Validated again: the carried items must fit the new file (phase ids, unique practice
    # ids), and validation puts the merged document back in canonical key order.
    merged = lensformat.validate(result.document, strict=strict)
    return merged.document, result.warnings


# Names the API and pages use for the newest published version and the draft.
RESERVED_LABELS = frozenset({"latest", "draft"})


def _label_problem(label: str) -> ErrorDetail | None:
    if not 1 <= len(label) <= 32:
        return problem("LENGTH", "1 to 32 characters.", "version")
    if any(unicodedata.category(char).startswith("C") for char in label):
        message = "No control or invisible characters."
        return problem("CHARSET", message, "version")
    if "/" in label:
        # A label is a path segment (`/versions/<label>/`); labels published before this rule
        # keep working there, new ones may not need escaping.
        message = "No '/': a label is one segment of the version's URL."
        return problem("CHARSET", message, "version")
    if label.casefold() in RESERVED_LABELS:
        message = "'latest' and 'draft' name the newest published version and the draft."
        return problem("RESERVED", message, "version")
    return None


def lens_publish(
    *, lens: Lens, version: str, is_major: bool, user, confirm: bool = False
) -> LensVersion:
    """Publish the lens's draft under the label ``version``.

    A label has 1-32 visible characters and no ``/``, is not ``latest`` or ``draft`` and is not
    yet used by a published version of the lens. ``user=None`` is the operator at the shell. A draft
    with choices that look like "None of these" but are not (their id does not end in ``_no``)
    is published only with ``confirm`` (CONFIRMATION_REQUIRED otherwise): the owner must know
    they count as best practices.
    """
    if user is not None:
        ensure_can_manage(user, lens)
    label = (version or "").strip()
    if wrong := _label_problem(label):
        raise invalid(wrong, message=f"Invalid version label: {wrong.message}")
    with transaction.atomic():
        lens = Lens.objects.select_for_update().get(pk=lens.pk)
        draft = lens.versions.filter(status=VersionStatus.DRAFT).first()
        if draft is None:
            raise DomainError(
                code="NO_DRAFT", message="This lens has no draft to publish.", status=409
            )
        if not confirm:
            _ensure_no_none_choice_suspects(draft)
        published = lens.versions.filter(status=VersionStatus.PUBLISHED)
        if published.filter(version=label).exists():
            raise DomainError(
                code="VERSION_EXISTS",
                message=f"Version {label!r} is already published.",
                errors=[problem("DUPLICATE", "Already published.", "version")],
                status=409,
            )
        if published.count() >= MAX_PUBLISHED_VERSIONS:
            raise DomainError(
                code="LIMIT",
                message=f"A lens keeps at most {MAX_PUBLISHED_VERSIONS} published versions.",
                status=409,
            )
        draft.status = VersionStatus.PUBLISHED
        draft.version = label
        draft.is_major = is_major
        draft.published_at = timezone.now()
        draft.save(update_fields=["status", "version", "is_major", "published_at"])
        lens.name = draft.name
        lens.description = draft.description
        lens.save(update_fields=["name", "description", "updated_at"])
    return draft


def _ensure_no_none_choice_suspects(draft: LensVersion) -> None:
    suspects = lensformat.none_choice_suspects(draft.document)
    if not suspects:
        return
    count = len(suspects)
    raise DomainError(
        code="CONFIRMATION_REQUIRED",
        message=f"Not published: {count} choice(s) look like 'None of these' but their id does "
        "not end in '_no', so they count as best practices (the AWS rule). Rename them and "
        'import again, or publish with "confirm": true.',
        errors=[ErrorDetail(p.code, p.message, pointer=p.pointer) for p in suspects],
        status=409,
    )


def lens_delete(*, lens: Lens, user) -> None:
    """Delete a custom lens and all its versions, unless a review still uses one of them."""
    # Checked first: nobody, staff included, may delete a shipped lens, and saying so is clearer
    # than a bare permission error.
    if lens.is_shipped:
        raise DomainError(
            code="SHIPPED_LENS", message="Lenses shipped with mllens cannot be deleted.", status=409
        )
    ensure_can_manage(user, lens)
    try:
        with transaction.atomic():
            lens.delete()
    except ProtectedError:
        raise DomainError(
            code="LENS_IN_USE",
            message="Reviews still use this lens; remove them from their workloads first.",
            status=409,
        ) from None


def lens_draft_discard(*, lens: Lens, user) -> None:
    """Throw the draft away (published versions stay)."""
    ensure_can_manage(user, lens)
    deleted, _ = lens.versions.filter(status=VersionStatus.DRAFT).delete()
    if not deleted:
        raise DomainError(code="NO_DRAFT", message="This lens has no draft.", status=404)


def lens_version_build(
    *,
    lens: Lens,
    document: dict,
    status: str,
    user=None,
    warnings: list | None = None,
    version: str = "",
    published_at=None,
) -> LensVersion:
    """Store a validated canonical document as a version with its whole question tree.

    Costs a constant number of queries whatever the size of the lens (one bulk insert
    per table).
    """
    extension = document.get("mllens", {})
    lens_version = LensVersion.objects.create(
        lens=lens,
        status=status,
        version=version,
        published_at=published_at,
        name=document["name"],
        description=document.get("description", ""),
        design_principles=extension.get("designPrinciples", []),
        document=document,
        document_sha256=document_sha256(document),
        import_warnings=_storable(warnings or []),
        created_by=user,
    )
    question_phases = {
        question.get("mllens", {}).get("phase")
        for pillar in document["pillars"]
        for question in pillar["questions"]
    }
    phases = Phase.objects.bulk_create(
        Phase(
            lens_version=lens_version,
            key=phase["id"],
            name=phase["name"],
            description=phase.get("description", ""),
            order=index,
            places_questions=phase["id"] in question_phases,
        )
        for index, phase in enumerate(extension.get("phases", []))
    )
    phase_by_key = {phase.key: phase for phase in phases}
    pillars = Pillar.objects.bulk_create(
        Pillar(
            lens_version=lens_version,
            key=pillar["id"],
            name=pillar["name"],
            description=pillar.get("description", ""),
            order=index,
        )
        for index, pillar in enumerate(document["pillars"])
    )
    question_rows, question_docs = [], []
    for pillar, pillar_doc in zip(pillars, document["pillars"], strict=True):
        for question_doc in pillar_doc["questions"]:
            helpful = question_doc.get("helpfulResource", {})
            phase_key = question_doc.get("mllens", {}).get("phase")
            question_rows.append(
                Question(
                    lens_version=lens_version,
                    pillar=pillar,
                    phase=phase_by_key.get(phase_key) if phase_key else None,
                    key=question_doc["id"],
                    title=question_doc["title"],
                    description=question_doc.get("description", ""),
                    helpful_resource_text=helpful.get("displayText", ""),
                    helpful_resource_url=helpful.get("url", ""),
                    order=len(question_rows),
                )
            )
            question_docs.append(question_doc)
    questions = Question.objects.bulk_create(question_rows)
    choices, rules = [], []
    for question, question_doc in zip(questions, question_docs, strict=True):
        for index, choice_doc in enumerate(question_doc["choices"]):
            choices.append(_choice_row(question, choice_doc, index))
        for index, rule in enumerate(question_doc["riskRules"]):
            rules.append(
                RiskRule(
                    question=question,
                    order=index,
                    condition=rule["condition"],
                    risk=RISK_FROM_FORMAT[rule["risk"]],
                )
            )
    Choice.objects.bulk_create(choices)
    RiskRule.objects.bulk_create(rules)
    return lens_version


# NUL and lone surrogates: PostgreSQL stores neither in text or jsonb, UTF-8 cannot encode the
# latter. A warning's pointer names the key it is about, and an unknown key may hold anything.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(value):
    """``value`` with NUL and lone surrogates written as ``\\uXXXX`` escapes."""
    if isinstance(value, str):
        return _UNSTORABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", value)
    if isinstance(value, list):
        return [_storable(item) for item in value]
    if isinstance(value, dict):
        return {key: _storable(item) for key, item in value.items()}
    return value


def _choice_row(question: Question, doc: dict, index: int) -> Choice:
    helpful = doc.get("helpfulResource", {})
    plan = doc.get("improvementPlan", {})
    extension = doc.get("mllens", {})
    return Choice(
        question=question,
        key=doc["id"],
        best_practice_id=extension.get("bestPracticeId", ""),
        aliases=extension.get("aliases", []),
        phases=extension.get("phases", []),
        title=doc["title"],
        description=doc.get("description", ""),
        helpful_resource_text=helpful.get("displayText", ""),
        helpful_resource_url=helpful.get("url", ""),
        improvement_plan_text=plan.get("displayText", ""),
        improvement_plan_url=plan.get("url", ""),
        additional_resources=doc.get("additionalResources", []),
        is_none=is_none_choice(doc["id"]),
        order=index,
    )


# Slugs a custom lens never gets: page paths under /lenses/ and the shipped lenses' own slugs
# (a shipped lens may be added to catalog/data after users imported lenses).
RESERVED_SLUGS = frozenset({"import"})


def _reserved_slugs() -> frozenset[str]:
    return RESERVED_SLUGS | {path.stem for path in SHIPPED_DIR.glob("*.json")}


SLUG_ATTEMPTS = 20


def _lens_create(*, document: dict, owner) -> Lens:
    """A new lens with a free slug. Parallel imports of one name race for the same slug:
    the loser's insert fails on the unique slug and it takes the next free one."""
    for _ in range(SLUG_ATTEMPTS):
        try:
            with transaction.atomic():
                return Lens.objects.create(
                    slug=_unique_slug(document["name"]),
                    name=document["name"],
                    description=document.get("description", ""),
                    owner=owner,
                )
        except IntegrityError:
            continue
    raise DomainError(
        code="BUSY", message="Too many lenses of this name at once; try again.", status=409
    )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:56].strip("-") or "lens"
    reserved = _reserved_slugs()
    slug, counter = base, 2
    while slug in reserved or Lens.objects.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


@dataclass(frozen=True)
class ShippedLoad:
    slug: str
    version: str
    created: bool


def shipped_lenses_load(*, directory: Path | None = None) -> list[ShippedLoad]:
    """Load every ``<slug>.json`` of ``directory`` (default: catalog/data) as a shipped lens.

    Idempotent: a file whose canonical document equals the published version of its
    edition changes nothing. Changed content must carry a new ``mllens.edition``, which becomes
    the new version's label (a published version is never rewritten). Raises ``DomainError``
    (INVALID_SHIPPED_LENS, EDITION_UNCHANGED, SLUG_TAKEN) naming the file at fault.
    """
    # Every file is checked before anything is written, and the writes are all or nothing:
    # a refused file leaves every shipped lens as it was.
    documents = [
        (path, _shipped_document(path))
        for path in sorted((directory or SHIPPED_DIR).glob("*.json"))
    ]
    results = []
    with transaction.atomic():
        for path, document in documents:
            slug = path.stem
            label = document.get("mllens", {}).get("edition") or "1"
            digest = document_sha256(document)
            lens, _ = Lens.objects.select_for_update().get_or_create(
                slug=slug,
                defaults={"name": document["name"], "description": document["description"]},
            )
            if not lens.is_shipped:
                raise DomainError(
                    code="SLUG_TAKEN",
                    message=f"{path.name}: the slug {slug!r} belongs to a custom lens of "
                    f"{lens.owner.get_username()}; rename that lens's slug first.",
                    status=409,
                )
            # By edition, not "the latest version": staff may have published a version of
            # their own since (AWS's wording, say), which must not make the file look new.
            same = lens.versions.filter(status=VersionStatus.PUBLISHED, version=label).first()
            if same is not None and same.document_sha256 == digest:
                results.append(ShippedLoad(slug, label, created=False))
                continue
            if same is not None:
                raise DomainError(
                    code="EDITION_UNCHANGED",
                    message=f"{path.name} changed but its mllens.edition {label!r} is already "
                    "published; give the new content a new edition.",
                )
            try:
                lens_version_build(
                    lens=lens,
                    document=document,
                    status=VersionStatus.PUBLISHED,
                    version=label,
                    published_at=timezone.now(),
                )
            except IntegrityError as error:  # a concurrent loader won the race
                raise DomainError(code="CONFLICT", message=str(error), status=409) from error
            lens.name, lens.description = document["name"], document["description"]
            lens.save(update_fields=["name", "description", "updated_at"])
            results.append(ShippedLoad(slug, label, created=True))
    return results


def _shipped_document(path: Path) -> dict:
    try:
        return lensformat.load(path.read_bytes(), strict=True).document
    except lensformat.LensFormatError as error:
        raise DomainError(
            code="INVALID_SHIPPED_LENS",
            message=f"{path.name} is not a valid lens: {error.message}",
            errors=[ErrorDetail(p.code, p.message, pointer=p.pointer) for p in error.problems],
        ) from error
