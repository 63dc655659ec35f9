# ruff: noqa: E501 (fact tables: one published title per line)
"""The structure of the Responsible AI Lens, as the fact sheet records it.

Generated once from ../shared/spec/responsible-ai-lens-facts.md: section 1.1 (design
principles), 1.2 (the eight focus areas, which the lens uses as its pillars), section 2 (the
28 question groups, their best-practice numbers with the published gaps, and the risk the
official rules give when a practice is missing) and section 3 (the 99 best practices,
including RAISP01-BP02, which the AWS JSON carries). The lens defines no lifecycle phases.
The published question sentences are kept only to check that ours differ.
"""

from __future__ import annotations

from typing import NamedTuple

UC = "Use case"
BR = "Benefits and risks"
RC = "Release criteria"
DP = "Dataset planning"
SP = "System planning"
ER = "Evaluate and release"
GT = "User guidance"
MON = "Monitoring"
FOCUS_AREAS = (UC, BR, RC, DP, SP, ER, GT, MON)
# The pillar ids of the AWS custom-lens JSON, in the same order.
PILLAR_IDS = (
    "useCase",
    "benefitsAndRisks",
    "releaseCriteria",
    "datasetPlanning",
    "systemPlanning",
    "evaluateAndRelease",
    "userGuidance",
    "monitoring",
)

# "Scope use cases narrowly" is the launch blog's wording (section 1.1 marks the docs' as unsure).
DESIGN_PRINCIPLES = ("Responsible by design", "Scope use cases narrowly", "Follow the science")

HIGH = "HIGH"
MEDIUM = "MEDIUM"


class QuestionGroup(NamedTuple):
    id: str
    focus_area: str
    group_title: str
    numbers: tuple[int, ...]
    # The risk the official rules give when at least one practice is not selected.
    if_any_missing: str
    published_question: str

    @property
    def best_practices(self) -> tuple[str, ...]:
        """Its best-practice ids as published, gaps included (no RAIGT01-BP05, RAIRC03-BP06)."""
        return tuple(f"{self.id}-BP{n:02d}" for n in self.numbers)


class BestPractice(NamedTuple):
    id: str
    focus_area: str
    risk: str
    title: str


# fmt: off
QUESTION_GROUPS: tuple[QuestionGroup, ...] = (
    QuestionGroup("RAIUC01", UC, "Define your specific problem", (1, 2), HIGH,
        "How do you define the specific problem you are trying to solve?"),
    QuestionGroup("RAIUC02", UC, "Identify use case stakeholders", (1, 2), HIGH,
        "How will you identify the stakeholders of your use case?"),
    QuestionGroup("RAIUC03", UC, "Refine your use case", (1, 2, 3), HIGH,
        "How will you refine your use case understanding without detailing the technical solution?"),
    QuestionGroup("RAIUC04", UC, "AI workflow impact", (1, 2, 3), HIGH,
        "How will you anticipate the impact of your AI solution on the workflow in which it is deployed?"),
    QuestionGroup("RAIUC05", UC, "Identify requirements and approvals", (1,), HIGH,
        "How will you identify applicable organizational requirements and approvals?"),
    QuestionGroup("RAIBR01", BR, "Characterize benefits", (1,), HIGH,
        "How will you characterize intended benefits?"),
    QuestionGroup("RAIBR02", BR, "Harmful events", (1, 2, 3, 4, 5, 6, 7, 8, 9), HIGH,
        "How will you identify and categorize potential harmful events?"),
    QuestionGroup("RAIBR03", BR, "Assess risks", (1, 2, 3, 4), HIGH,
        "How will you assess the risks posed by the potential harmful events?"),
    QuestionGroup("RAIBR04", BR, "Mitigate risks", (1, 2, 3), MEDIUM,
        "How will you mitigate the risks you have identified?"),
    QuestionGroup("RAIRC01", RC, "Define release criteria", (1,), HIGH,
        "How will you define release criteria?"),
    QuestionGroup("RAIRC02", RC, "Measure test properties", (1, 2, 3), HIGH,
        "How will you measure the properties tested by your release criteria?"),
    QuestionGroup("RAIRC03", RC, "Select metrics", (1, 2, 3, 4, 5, 7, 8, 9, 10), HIGH,
        "How will you select metrics for the release criteria across each responsible AI dimension?"),
    QuestionGroup("RAIRC04", RC, "Release criteria thresholds", (1, 2, 3), HIGH,
        "How will you set your release criteria thresholds?"),
    QuestionGroup("RAIDP01", DP, "Identify datasets", (1, 2, 3, 4), HIGH,
        "How will you identify which datasets are needed to evaluate, train, and operate your AI system?"),
    QuestionGroup("RAIDP02", DP, "Dataset quality", (1, 2, 3, 4), HIGH,
        "How will you assess dataset quality?"),
    QuestionGroup("RAIDP03", DP, "Dataset issues", (1, 2, 3, 4, 5), HIGH,
        "How will you identify and mitigate potential responsible AI issues in the datasets?"),
    QuestionGroup("RAIDP04", DP, "Dataset access and versioning", (1, 2, 3, 4, 5), HIGH,
        "How will you manage dataset access and versioning?"),
    QuestionGroup("RAISP01", SP, "AI system architecture design", (1, 2, 3), HIGH,
        "How will you design the core AI system architecture to meet your release criteria?"),
    QuestionGroup("RAISP02", SP, "AI system baking", (1, 2, 3, 4, 5, 6, 7, 8, 9, 10), HIGH,
        "How will you design the core AI system to meet the release criteria (baking)?"),
    QuestionGroup("RAISP03", SP, "Filtering", (1, 2, 3, 4), HIGH,
        "How will you meet release criteria not fully addressed by the core AI system design (filtering)?"),
    QuestionGroup("RAISP04", SP, "Choosing a system configuration", (1,), MEDIUM,
        "How will you choose between different system configurations?"),
    QuestionGroup("RAIER01", ER, "System evaluation", (1, 2, 3), MEDIUM,
        "How will you evaluate the AI system against your release criteria?"),
    QuestionGroup("RAIER02", ER, "Aggregate results", (1, 2), HIGH,
        "How will you aggregate the release criteria results into a responsible release decision?"),
    QuestionGroup("RAIER03", ER, "Address unmet release criteria", (1, 2), HIGH,
        "How will you address release criteria that are not met?"),
    QuestionGroup("RAIGT01", GT, "Guiding", (1, 2, 3, 4, 6), HIGH,
        "How will downstream stakeholders learn how to responsibly use the AI system (guiding)?"),
    QuestionGroup("RAIMON01", MON, "Monitoring for deviations", (1, 2, 3, 4, 5), HIGH,
        "How will you monitor for unexpected deviations from release criteria in operation?"),
    QuestionGroup("RAIMON02", MON, "Responding to feedback", (1,), MEDIUM,
        "How will you respond to feedback from monitoring?"),
    QuestionGroup("RAIMON03", MON, "Decomissioning (sic)", (1,), HIGH,
        "How will you decommission your AI system?"),
)

BEST_PRACTICES: tuple[BestPractice, ...] = (
    BestPractice("RAIUC01-BP01", UC, "High",
        "Clarify the business problem"),
    BestPractice("RAIUC01-BP02", UC, "High",
        "Verify that AI is required to solve the problem"),
    BestPractice("RAIUC02-BP01", UC, "High",
        "Identify downstream stakeholders"),
    BestPractice("RAIUC02-BP02", UC, "High",
        "Identify contributing and other upstream stakeholders"),
    BestPractice("RAIUC03-BP01", UC, "High",
        "Identify the expected input and outputs for the AI system"),
    BestPractice("RAIUC03-BP02", UC, "High",
        "Identify how your expected inputs could vary in their content"),
    BestPractice("RAIUC03-BP03", UC, "High",
        "Identify the type of AI required by your AI use case"),
    BestPractice("RAIUC04-BP01", UC, "High",
        "Map the user journey to identify AI interaction requirements"),
    BestPractice("RAIUC04-BP02", UC, "High",
        "Identify human oversight opportunities"),
    BestPractice("RAIUC04-BP03", UC, "High",
        "Identify accessibility requirements for different user groups"),
    BestPractice("RAIUC05-BP01", UC, "High",
        "Engage your organization in approving your use case"),
    BestPractice("RAIBR01-BP01", BR, "High",
        "Aggregate beneficial events into intended benefits"),
    BestPractice("RAIBR02-BP01", BR, "High",
        "Identify potential harmful events impacting fairness"),
    BestPractice("RAIBR02-BP02", BR, "High",
        "Identify potential harmful events impacting veracity"),
    BestPractice("RAIBR02-BP03", BR, "High",
        "Identify potential harmful events impacting robustness"),
    BestPractice("RAIBR02-BP04", BR, "High",
        "Identify potential harmful events impacting privacy"),
    BestPractice("RAIBR02-BP05", BR, "High",
        "Identify potential harmful events impacting safety"),
    BestPractice("RAIBR02-BP06", BR, "High",
        "Identify potential harmful events impacting system and data security"),
    BestPractice("RAIBR02-BP07", BR, "High",
        "Identify potential harmful events impacting explainability"),
    BestPractice("RAIBR02-BP08", BR, "High",
        "Identify potential harmful events impacting transparency"),
    BestPractice("RAIBR02-BP09", BR, "High",
        "Choose multiple strategies to identify potential harmful events"),
    BestPractice("RAIBR03-BP01", BR, "High",
        "Identify the likelihood of each potential harm"),
    BestPractice("RAIBR03-BP02", BR, "High",
        "Identify the severity of each potential harm"),
    BestPractice("RAIBR03-BP03", BR, "High",
        "Assign an overall risk level to each potential harm"),
    BestPractice("RAIBR03-BP04", BR, "Medium",
        "Use a risk registry to track and calibrate potential harms and risks"),
    BestPractice("RAIBR04-BP01", BR, "Medium",
        "Narrow the use case"),
    BestPractice("RAIBR04-BP02", BR, "Medium",
        "Weigh trade-offs across competing use case objectives"),
    BestPractice("RAIBR04-BP03", BR, "High",
        "Assign your potential harm mitigations to implementation strategies"),
    BestPractice("RAIRC01-BP01", RC, "High",
        "Turn your expected benefits and potential harms into testable release criteria"),
    BestPractice("RAIRC02-BP01", RC, "High",
        "Select metrics to measure the properties tested by the release criteria"),
    BestPractice("RAIRC02-BP02", RC, "High",
        "Consider strength and limitation trade-offs when choosing metrics"),
    BestPractice("RAIRC02-BP03", RC, "High",
        "Design a custom metric if no suitable metric exists"),
    BestPractice("RAIRC03-BP01", RC, "High",
        "Measure safety harms and harmful outputs"),
    BestPractice("RAIRC03-BP02", RC, "High",
        "Measure fairness as unwanted bias across stakeholder groups"),
    BestPractice("RAIRC03-BP03", RC, "High",
        "Measure veracity of outputs"),
    BestPractice("RAIRC03-BP04", RC, "High",
        "Measure robustness of outputs to input variation"),
    BestPractice("RAIRC03-BP05", RC, "High",
        "Measure privacy protection"),
    BestPractice("RAIRC03-BP07", RC, "High",
        "Measure user controllability of system behavior"),
    BestPractice("RAIRC03-BP08", RC, "High",
        "Measure explainability of system behavior"),
    BestPractice("RAIRC03-BP09", RC, "High",
        "Measure security risks and threats"),
    BestPractice("RAIRC03-BP10", RC, "High",
        "Measure transparency quality"),
    BestPractice("RAIRC04-BP01", RC, "High",
        "Identify baseline performance targets"),
    BestPractice("RAIRC04-BP02", RC, "High",
        "Consider trade-offs between release criteria"),
    BestPractice("RAIRC04-BP03", RC, "High",
        "Set confidence requirements for your quantitative release criteria"),
    BestPractice("RAIDP01-BP01", DP, "High",
        "Identify evaluation datasets needed to measure system performance against release criteria"),
    BestPractice("RAIDP01-BP02", DP, "High",
        "Identify the datasets needed for training and customizing your system"),
    BestPractice("RAIDP01-BP03", DP, "High",
        "Identify auxiliary datasets needed to operate your system"),
    BestPractice("RAIDP01-BP04", DP, "High",
        "Identify potential overlaps between datasets"),
    BestPractice("RAIDP02-BP01", DP, "High",
        "Validate the representativeness of datasets for the use case"),
    BestPractice("RAIDP02-BP02", DP, "High",
        "Set dataset quality requirements based on your release criteria"),
    BestPractice("RAIDP02-BP03", DP, "High",
        "Validate the quality of human and generated labels and features in your dataset"),
    BestPractice("RAIDP02-BP04", DP, "High",
        "Validate the quality and reliability of augmented or synthetic datasets"),
    BestPractice("RAIDP03-BP01", DP, "High",
        "Address data that may be unsafe or inappropriate for your use case"),
    BestPractice("RAIDP03-BP02", DP, "High",
        "Minimize unwanted bias in your datasets"),
    BestPractice("RAIDP03-BP03", DP, "High",
        "Protect the privacy of individuals represented in your datasets"),
    BestPractice("RAIDP03-BP04", DP, "High",
        "Include both intrinsic and confounding variations in your datasets"),
    BestPractice("RAIDP03-BP05", DP, "High",
        "Review the correctness of the content of your datasets"),
    BestPractice("RAIDP04-BP01", DP, "High",
        "Create a dataset registry"),
    BestPractice("RAIDP04-BP02", DP, "Medium",
        "Periodically evaluate and update datasets in the registry"),
    BestPractice("RAIDP04-BP03", DP, "High",
        "Protect data from being manipulated or accessed for unintended purposes"),
    BestPractice("RAIDP04-BP04", DP, "High",
        "Establish governance procedures for managing your datasets"),
    BestPractice("RAIDP04-BP05", DP, "High",
        "Document the characteristics of each dataset using a datasheet"),
    BestPractice("RAISP01-BP01", SP, "High",
        "Detail your core AI system design in a system registry"),
    BestPractice("RAISP01-BP02", SP, "Medium",
        "Consider design trade-offs across competing objectives"),
    BestPractice("RAISP01-BP03", SP, "High",
        "Check if design choices have introduced new risks"),
    BestPractice("RAISP02-BP01", SP, "High",
        "Design the core AI system to directly address your release criteria"),
    BestPractice("RAISP02-BP02", SP, "High",
        "Privacy: Build privacy-preserving mechanisms into the core AI system"),
    BestPractice("RAISP02-BP03", SP, "High",
        "Mitigate unwanted bias directly in the core AI system design"),
    BestPractice("RAISP02-BP04", SP, "High",
        "Build security protections directly into the core AI system design"),
    BestPractice("RAISP02-BP05", SP, "High",
        "Embed provenance indicators into core AI system outputs"),
    BestPractice("RAISP02-BP06", SP, "High",
        "Enable users to customize core AI system behaviors"),
    BestPractice("RAISP02-BP07", SP, "High",
        "Incorporate explainability mechanisms into the core AI system"),
    BestPractice("RAISP02-BP08", SP, "High",
        "Consider core AI system designs that improve factual accuracy"),
    BestPractice("RAISP02-BP09", SP, "High",
        "Design your core AI system to handle input variations"),
    BestPractice("RAISP02-BP10", SP, "High",
        "Build safety protections into the core AI system"),
    BestPractice("RAISP03-BP01", SP, "High",
        "Add privacy-preserving filters"),
    BestPractice("RAISP03-BP02", SP, "High",
        "Add security filters"),
    BestPractice("RAISP03-BP03", SP, "High",
        "Implement output filtering to catch unsafe content before it reaches users"),
    BestPractice("RAISP03-BP04", SP, "High",
        "Implement output filtering to detect and block hallucinations"),
    BestPractice("RAISP04-BP01", SP, "Medium",
        "Use paired tests to choose from candidate designs"),
    BestPractice("RAIER01-BP01", ER, "Medium",
        "Validate that release criteria still align with current industry standards"),
    BestPractice("RAIER01-BP02", ER, "Medium",
        "Independently corroborate more critical and subjective evaluations"),
    BestPractice("RAIER01-BP03", ER, "High",
        "For each system update, re-run the evaluation and update the system registry"),
    BestPractice("RAIER02-BP01", ER, "High",
        "Add statistical confidence to your release decision"),
    BestPractice("RAIER02-BP02", ER, "High",
        "Summarize critical information and review with appropriate internal stakeholders"),
    BestPractice("RAIER03-BP01", ER, "High",
        "For each failed release criterion, re-assess the implementation strategy"),
    BestPractice("RAIER03-BP02", ER, "High",
        "Identify release criteria that cannot be met and narrow your use case"),
    BestPractice("RAIGT01-BP01", GT, "High",
        "Develop a transparency strategy"),
    BestPractice("RAIGT01-BP02", GT, "High",
        "Create a system card that communicates intended usage and limitations"),
    BestPractice("RAIGT01-BP03", GT, "Medium",
        "Create a plan for publishing and updating documentation"),
    BestPractice("RAIGT01-BP04", GT, "Medium",
        "Guide users on how to understand system outputs"),
    BestPractice("RAIGT01-BP06", GT, "Medium",
        "Guide users on how to responsibly change system behavior"),
    BestPractice("RAIMON01-BP01", MON, "High",
        "Obtain consent for monitoring production data"),
    BestPractice("RAIMON01-BP02", MON, "High",
        "Set operational performance baselines and apply methods for drift detection"),
    BestPractice("RAIMON01-BP03", MON, "High",
        "Preserve data privacy and set access controls on monitored data"),
    BestPractice("RAIMON01-BP04", MON, "High",
        "Create monitoring dashboards for operational visibility"),
    BestPractice("RAIMON01-BP05", MON, "High",
        "Design protocols that trigger human oversight of automated monitoring alerts"),
    BestPractice("RAIMON02-BP01", MON, "Medium",
        "Create feedback loops to apply monitoring results to system improvement"),
    BestPractice("RAIMON03-BP01", MON, "High",
        "Establish mechanisms for honoring stakeholder obligations"),
)
# fmt: on

# Section 4: counts to cross-check.
GROUPS_PER_AREA = (5, 4, 4, 4, 4, 3, 1, 3)
PRACTICES_PER_AREA = (11, 17, 16, 18, 18, 7, 5, 7)
RISK_WORDS = {"High": 87, "Medium": 12}
MEDIUM_RULE_GROUPS = ("RAIBR04", "RAISP04", "RAIER01", "RAIMON02")
NUMBERING_GAPS = ("RAIGT01-BP05", "RAIRC03-BP06")
