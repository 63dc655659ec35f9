"""AWS review data -> mllens's own workload document, with every problem and difference.

Pure: it reads the structure from ``shapes`` and a catalog (``catalog.Catalog`` or any
object with ``by_alias`` and ``by_name``) and returns plain data. The document it builds is
the one ``/workloads/<id>/export`` writes, so the one workload import service writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reviews.choices import NotApplicableReason
from reviews.services.awswa import ml2023
from reviews.services.awswa.checks import ANSWER_TYPES, REVIEW_TYPES, checked
from reviews.services.awswa.shapes import AwsFile, AwsLens, AwsState, Problem, is_custom
from reviews.services.awswa.timestamps import parse_timestamp

# AWS workload key -> mllens workload field.
WORKLOAD_FIELDS = {
    "WorkloadName": "name",
    "Description": "description",
    "Environment": "environment",
    "ReviewOwner": "review_owner",
    "IndustryType": "industry_type",
    "Industry": "industry",
    "AwsRegions": "aws_regions",
    "NonAwsRegions": "non_aws_regions",
    "AccountIds": "account_ids",
    "ArchitecturalDesign": "architectural_design",
    "Notes": "notes",
    "PillarPriorities": "pillar_priorities",
    "ImprovementStatus": "improvement_status",
    "Tags": "tags",
}
# Workload settings of the AWS account that mllens has no place for.
NOT_KEPT = ("Applications", "Profiles", "DiscoveryConfig", "JiraConfiguration")
REASONS = set(NotApplicableReason.values)
# The AWS API documents "Automobile"; mllens's industry list spells it "Automotive".
INDUSTRY_ALIASES = {"Automobile": "Automotive"}


@dataclass
class Mapped:
    document: dict
    # Items that cannot be mapped: a real import refuses them unless told to skip them.
    problems: list[Problem] = field(default_factory=list)
    # What differs or is not kept, for the user to see; never blocks.
    notices: list[Problem] = field(default_factory=list)
    # AWS's stored risk per question and the mllens questions it maps to.
    risks: list[dict] = field(default_factory=list)
    # mllens workload field -> pointer of the AWS value it came from.
    pointers: dict[str, str] = field(default_factory=dict)
    # Pointer in the mllens document -> pointer of what it came from in the AWS file.
    sources: dict[str, str] = field(default_factory=dict)
    # What will be created, in AWS's terms next to ours.
    summary: dict = field(default_factory=dict)


@dataclass
class _Target:
    # The question's practices (choices other than "None of these").
    practices: set[str] = field(default_factory=set)
    selected: list[str] = field(default_factory=list)
    statuses: dict[str, dict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # IsApplicable and Reason of answers given with this question's own id.
    applicable: list[bool] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    # Choices of 2023 questions marked not applicable: the question is not applicable when
    # they are all its practices, otherwise these choices are.
    na_choices: dict[str, dict] = field(default_factory=dict)
    # Pointers of the AWS answers it came from.
    sources: list[str] = field(default_factory=list)


def map_file(aws: AwsFile, catalog) -> Mapped:
    """Map a read file onto the lenses ``catalog`` holds."""
    out = Mapped(document={}, problems=list(aws.problems))
    workload = _workload_fields(aws.state, out, out.pointers)
    reviews, lenses = _reviews(aws.state, catalog, out, risks=True)
    milestones, milestone_summary = [], []
    for milestone in aws.milestones:
        own: dict[str, str] = {}
        fields = {**workload, **_workload_fields(milestone.state, None, own)}
        index = len(milestones)
        out.sources.update({f"/milestones/{index}/workload/{k}": v for k, v in own.items()})
        recorded = parse_timestamp(milestone.recorded_at)
        if milestone.recorded_at is not None and recorded is None:
            out.problems.append(
                Problem(
                    "INVALID_TIMESTAMP",
                    f"{milestone.recorded_at!r} is not a date and time.",
                    milestone.pointer + "/RecordedAt",
                )
            )
        name = milestone.name.strip() if isinstance(milestone.name, str) else ""
        name = name or f"Milestone {milestone.number}"
        entries, milestone_lenses = [], []
        # Lenses named only by the milestone's workload would read as "all unanswered".
        if any(lens.answers or lens.review for lens in milestone.state.lenses.values()):
            entries, milestone_lenses = _reviews(
                milestone.state, catalog, out, risks=False, base=f"/milestones/{index}"
            )
            out.sources[f"/milestones/{index}"] = milestone.pointer
        else:
            out.notices.append(
                Problem(
                    "MILESTONE_WITHOUT_ANSWERS",
                    f"The file holds no answers of milestone {milestone.number}; it is "
                    "recorded with its workload fields only.",
                    milestone.pointer,
                )
            )
        milestones.append(
            {
                "name": name,
                "recorded_in_aws_at": recorded.isoformat() if recorded else None,
                "workload": fields,
                "reviews": entries,
            }
        )
        milestone_summary.append(
            {
                "aws_milestone_number": milestone.number,
                "name": name,
                "recorded_in_aws_at": milestones[-1]["recorded_in_aws_at"],
                "lenses": milestone_lenses,
            }
        )
    out.document = {
        "format": "mllens-workload",
        "format_version": 1,
        "workload": workload,
        "members": [],
        "reviews": reviews,
        "milestones": milestones,
    }
    updated = parse_timestamp(aws.state.workload.get("UpdatedAt"))
    out.summary = {
        "shape": aws.shape,
        "workload": {
            "name": workload.get("name"),
            "updated_in_aws_at": updated.isoformat() if updated else None,
        },
        "lenses": lenses,
        "milestones": milestone_summary,
    }
    return out


def _workload_fields(state: AwsState, out: Mapped | None, pointers: dict) -> dict:
    """The workload's mllens fields; ``pointers`` learns where each came from, and ``out``
    (for the current workload only) what is not kept."""
    fields = {}
    for key, name in WORKLOAD_FIELDS.items():
        if key in state.workload and state.workload[key] is not None:
            fields[name] = state.workload[key]
            pointers[name] = f"{state.workload_pointer}/{key}"
    if fields.get("industry_type") in INDUSTRY_ALIASES:
        fields["industry_type"] = INDUSTRY_ALIASES[fields["industry_type"]]
    if out is not None:
        for key in NOT_KEPT:
            if state.workload.get(key):
                out.notices.append(
                    Problem("NOT_KEPT", f"{key} is AWS account setup; not kept.", _at(state, key))
                )
        updated = state.workload.get("UpdatedAt")
        if updated is not None and parse_timestamp(updated) is None:
            out.notices.append(
                Problem("INVALID_TIMESTAMP", f"{updated!r} is not a date.", _at(state, "UpdatedAt"))
            )
    return fields


def _at(state: AwsState, key: str) -> str:
    return f"{state.workload_pointer}/{key}"


def _reviews(
    state: AwsState, catalog, out: Mapped, *, risks: bool, base: str = ""
) -> tuple[list, list]:
    """Review entries of the mllens document (at ``base``/reviews), and what each came from."""
    entries, lenses = [], []
    for lens in state.lenses.values():
        found = _review(lens, catalog, out, risks)
        entry, sources = found if found else (None, [])
        if entry is not None and any(e["lens"] == entry["lens"] for e in entries):
            out.problems.append(
                Problem(
                    "DUPLICATE_LENS",
                    f"Another lens of the file maps to {entry['lens']} already.",
                    lens.review_pointer or lens.pointer,
                )
            )
        elif entry is not None:
            where = f"{base}/reviews/{len(entries)}"
            out.sources[where] = lens.review_pointer or lens.pointer
            for index, pointer in enumerate(sources):
                out.sources[f"{where}/answers/{index}"] = pointer
            entries.append(entry)
            lenses.append(
                {
                    "aws_lens": lens.key,
                    "aws_lens_version": lens.review.get("LensVersion"),
                    "lens": entry["lens"],
                    "lens_version": entry["lens_version"],
                    "answers": len(entry["answers"]),
                }
            )
    return entries, lenses


def _review(lens: AwsLens, catalog, out: Mapped, risks: bool) -> tuple[dict, list] | None:
    """The review entry and, for each of its answers, the pointer of its AWS answer."""
    where = lens.review_pointer or lens.pointer
    name = lens.review.get("LensName")
    if is_custom(lens.key):
        view = catalog.by_name(name) if isinstance(name, str) and name.strip() else None
    else:
        view = catalog.by_alias(lens.key)
    if view is None or not view.versions:
        shown = f"{lens.key} ({name})" if isinstance(name, str) else lens.key
        if _has_content(lens):
            out.problems.append(Problem("UNKNOWN_LENS", f"No lens here matches {shown}.", where))
        else:
            # Applied but never answered (AWS applies its Framework lens by default).
            out.notices.append(
                Problem(
                    "UNKNOWN_LENS_EMPTY",
                    f"No lens here matches {shown}; it holds no answers or notes, so it is "
                    "left out and nothing is lost.",
                    where,
                )
            )
        return None
    file_version = lens.review.get("LensVersion")
    version = view.version(file_version) or view.versions[0]
    before = len(out.problems)
    targets: dict[str, _Target] = {}
    lens.review = checked(lens.review, lens.review_pointer, REVIEW_TYPES, out.problems)
    for question_id, (answer, pointer) in lens.answers.items():
        answer = checked(answer, pointer, ANSWER_TYPES, out.problems)
        if question_id in version.questions:
            _direct(answer, pointer, version.questions[question_id], targets, out)
        elif view.slug == ml2023.LENS_SLUG and ml2023.question_of(question_id):
            _from_2023(ml2023.question_of(question_id), answer, pointer, version, targets, out)
        else:
            out.problems.append(
                Problem(
                    "UNKNOWN_QUESTION",
                    f"{question_id!r} is not a question of {view.slug} {version.label}.",
                    pointer + "/QuestionId",
                )
            )
            continue
        if risks and isinstance(answer.get("Risk"), str):
            out.risks.append(
                {
                    "lens": view.slug,
                    "question_id": question_id,
                    "pointer": pointer + "/Risk",
                    "aws_risk": answer["Risk"],
                    "question_keys": _keys_of(question_id, version),
                }
            )
    if file_version and file_version != version.label:
        finding = Problem(
            "LENS_VERSION_MISMATCH",
            f"{view.slug} has no version {file_version!r}; answers were mapped onto "
            f"{version.label} by question and choice id.",
            lens.review_pointer + "/LensVersion",
        )
        # A real mismatch when answers do not fit; otherwise only a difference to show.
        (out.problems if len(out.problems) > before else out.notices).append(finding)
    answers = [
        (answer, target.sources[0])
        for answer, target in ((_answer(key, target), target) for key, target in targets.items())
        if answer["selected_choices"]
        or answer["choice_statuses"]
        or answer["notes"]
        or not answer["is_applicable"]
    ]
    pillar_notes = {}
    for index, pillar in enumerate(lens.review.get("PillarReviewSummaries") or []):
        if not isinstance(pillar, dict) or not pillar.get("Notes"):
            continue
        if pillar.get("PillarId") in version.pillars:
            pillar_notes[pillar["PillarId"]] = pillar["Notes"]
        else:
            out.problems.append(
                Problem(
                    "UNKNOWN_PILLAR",
                    f"{pillar.get('PillarId')!r} is not a pillar of {view.slug}.",
                    f"{lens.review_pointer}/PillarReviewSummaries/{index}/PillarId",
                )
            )
    return {
        "lens": view.slug,
        "lens_version": version.label,
        "notes": lens.review.get("Notes") or "",
        "pillar_notes": pillar_notes,
        "answers": [answer for answer, _ in answers],
        "improvement_items": [],
    }, [pointer for _, pointer in answers]


def _has_content(lens: AwsLens) -> bool:
    """Whether a lens review holds anything a person entered."""
    review = lens.review
    if _filled(review.get("Notes")) or any(
        isinstance(p, dict) and _filled(p.get("Notes"))
        for p in review.get("PillarReviewSummaries") or []
        if isinstance(review.get("PillarReviewSummaries"), list)
    ):
        return True
    for answer, _ in lens.answers.values():
        if answer.get("SelectedChoices") or _filled(answer.get("Notes")):
            return True
        if answer.get("IsApplicable") is False:
            return True
        for key in ("ChoiceAnswers", "ChoiceAnswerSummaries"):
            items = answer.get(key) if isinstance(answer.get(key), list) else []
            if any(
                isinstance(i, dict)
                and (i.get("Status") not in (None, "UNSELECTED") or i.get("Notes"))
                for i in items
            ):
                return True
    return False


def _filled(value) -> bool:
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def _keys_of(question_id: str, version) -> list[str]:
    if question_id in version.questions:
        return [question_id]
    found = (version.aliases.get(a) for a in ml2023.QUESTIONS[ml2023.question_of(question_id)])
    return list(dict.fromkeys(hit[0] for hit in found if hit))


def _choice_answers(answer: dict, pointer: str):
    for key in ("ChoiceAnswers", "ChoiceAnswerSummaries"):
        for index, item in enumerate(answer.get(key) or []):
            if isinstance(item, dict):
                yield item, f"{pointer}/{key}/{index}"


def _reason(value) -> str:
    return value if value in REASONS else NotApplicableReason.NONE.value


def _direct(answer: dict, pointer: str, question, targets: dict, out: Mapped) -> None:
    target = _target(targets, question)
    target.sources.append(pointer)
    for index, choice in enumerate(answer.get("SelectedChoices") or []):
        if choice is None:
            continue
        if choice in question.choices:
            _select(target, choice)
        else:
            out.problems.append(
                _unknown_choice(choice, question.key, f"{pointer}/SelectedChoices/{index}")
            )
    for item, where in _choice_answers(answer, pointer):
        choice = item.get("ChoiceId")
        if choice not in question.choices:
            out.problems.append(_unknown_choice(choice, question.key, where + "/ChoiceId"))
            continue
        _choice_state(target, choice, item, where, out)
    _question_state(target, answer)


def _from_2023(question_id: str, answer: dict, pointer: str, version, targets: dict, out) -> None:
    def resolve(choice, where):
        alias = ml2023.choice_alias(question_id, str(choice))
        hit = version.aliases.get(alias) if alias else None
        if hit is None:
            out.problems.append(_unknown_choice(choice, question_id, where))
        return hit

    mapped = [version.aliases.get(alias) for alias in ml2023.QUESTIONS[question_id]]
    touched = list(dict.fromkeys(hit[0] for hit in mapped if hit))
    for index, choice in enumerate(answer.get("SelectedChoices") or []):
        if choice is None:
            continue
        hit = resolve(choice, f"{pointer}/SelectedChoices/{index}")
        if hit:
            _select(_target(targets, version.questions[hit[0]]), hit[1])
    for item, where in _choice_answers(answer, pointer):
        hit = resolve(item.get("ChoiceId"), where + "/ChoiceId")
        if hit:
            _choice_state(_target(targets, version.questions[hit[0]]), hit[1], item, where, out)
    for key in touched:
        _target(targets, version.questions[key]).sources.append(pointer)
        notes = answer.get("Notes")
        if isinstance(notes, str) and notes.strip():
            _target(targets, version.questions[key]).notes.append(
                f"{question_id} (AWS tool): {notes}"
            )
    if answer.get("IsApplicable") is False:
        note = f"{question_id} was not applicable in the AWS tool."
        for hit in mapped:
            if hit:
                _target(targets, version.questions[hit[0]]).na_choices[hit[1]] = {
                    "reason": _reason(answer.get("Reason")),
                    "notes": note,
                }


def _target(targets: dict, question) -> _Target:
    if question.key not in targets:
        targets[question.key] = _Target(practices=question.choices - question.none)
    return targets[question.key]


def _select(target: _Target, choice: str) -> None:
    if choice not in target.selected and choice not in target.statuses:
        target.selected.append(choice)


def _choice_state(target: _Target, choice: str, item: dict, where: str, out: Mapped) -> None:
    status, notes = item.get("Status"), item.get("Notes") or ""
    if status == "SELECTED":
        _select(target, choice)
    elif status == "NOT_APPLICABLE":
        if choice in target.selected:
            target.selected.remove(choice)
        target.statuses[choice] = {"reason": _reason(item.get("Reason")), "notes": notes}
        return
    elif status not in (None, "UNSELECTED"):
        out.problems.append(Problem("UNKNOWN_STATUS", f"Unknown status {status!r}.", where))
    if notes:
        # mllens keeps notes on not-applicable choices only; the others join the question's.
        target.notes.append(f"{choice}: {notes}")
        out.notices.append(
            Problem("CHOICE_NOTES_MOVED", "Choice notes kept in the question's notes.", where)
        )


def _question_state(target: _Target, answer: dict) -> None:
    applicable = answer.get("IsApplicable")
    target.applicable.append(applicable is not False)
    if applicable is False:
        target.reasons.append(_reason(answer.get("Reason")))
    if isinstance(answer.get("Notes"), str) and answer["Notes"].strip():
        target.notes.append(answer["Notes"])


def _answer(key: str, target: _Target) -> dict:
    if target.applicable:
        is_applicable = any(target.applicable)
    else:
        is_applicable = not (target.na_choices and target.practices <= set(target.na_choices))
        if not is_applicable:
            target.reasons.append(next(iter(target.na_choices.values()))["reason"])
    statuses = dict(target.statuses)
    if is_applicable:
        for choice, status in target.na_choices.items():
            if choice not in target.selected:
                statuses.setdefault(choice, status)
    return {
        "question_key": key,
        "selected_choices": [c for c in target.selected if c not in statuses],
        "choice_statuses": statuses,
        "is_applicable": is_applicable,
        "reason": "" if is_applicable else target.reasons[0],
        "notes": "\n\n".join(target.notes),
    }


def _unknown_choice(choice, question: str, where: str) -> Problem:
    return Problem("UNKNOWN_CHOICE", f"{choice!r} is not a choice of {question}.", where)
