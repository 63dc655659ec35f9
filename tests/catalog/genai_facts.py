# ruff: noqa: E501 (fact tables: one published title per line)
"""The structure of the Generative AI Lens, as the fact sheet records it.

Generated once from ../shared/spec/genai-lens-facts.md: section 1.1 (pillars), 1.2 (the six
lifecycle phases and Appendix A's placement of practices), 1.3 (design principles), section 2
(the 29 question groups, each with the risk its official rules give when a practice is
missing) and section 3 (the 51 best practices). Tests compare the shipped lens against this
data. The published question sentences are kept only to check that ours differ.
"""

from __future__ import annotations

from typing import NamedTuple

OPS = "Operational excellence"
SEC = "Security"
REL = "Reliability"
PERF = "Performance efficiency"
COST = "Cost optimization"
SUS = "Sustainability"
PILLARS = (OPS, SEC, REL, PERF, COST, SUS)

SCOPING = "Scoping"
MODEL_SELECTION = "Model selection"
MODEL_CUSTOMIZATION = "Model customization"
DEVELOPMENT_INTEGRATION = "Development and integration"
DEPLOYMENT = "Deployment"
CONTINUOUS_IMPROVEMENT = "Continuous improvement"
PHASES = (
    SCOPING,
    MODEL_SELECTION,
    MODEL_CUSTOMIZATION,
    DEVELOPMENT_INTEGRATION,
    DEPLOYMENT,
    CONTINUOUS_IMPROVEMENT,
)

# Titles as published; #4 to #6 are of medium confidence in the fact sheet (section 1.3).
DESIGN_PRINCIPLES = (
    "Design for controlled autonomy",
    "Implement comprehensive observability",
    "Optimize resource efficiency",
    "Establish distributed resilience",
    "Standardize resource management",
    "Secure interaction boundaries",
)

HIGH = "HIGH"
MEDIUM = "MEDIUM"


class QuestionGroup(NamedTuple):
    id: str
    pillar: str
    focus_area: str
    size: int
    # The risk the official rules give when at least one practice is not selected.
    if_any_missing: str
    published_question: str

    @property
    def best_practices(self) -> tuple[str, ...]:
        """BP01 to BPnn: the lens's numbering has no gaps."""
        return tuple(f"{self.id}-BP{n:02d}" for n in range(1, self.size + 1))


class BestPractice(NamedTuple):
    id: str
    pillar: str
    # Appendix A's phases; empty for the four practices it does not place.
    phases: tuple[str, ...]
    risk: str
    title: str


# fmt: off
QUESTION_GROUPS: tuple[QuestionGroup, ...] = (
    QuestionGroup("GENOPS01", OPS, "Model performance evaluation", 2, HIGH,
        "How do you achieve and verify consistent model output quality?"),
    QuestionGroup("GENOPS02", OPS, "Monitor and manage operational health", 3, HIGH,
        "How do you monitor and manage the operational health of your applications?"),
    QuestionGroup("GENOPS03", OPS, "Observability in workloads", 2, HIGH,
        "How do you maintain traceability for your models, prompts, and assets?"),
    QuestionGroup("GENOPS04", OPS, "Automate lifecycle management", 2, HIGH,
        "How do you automate the lifecycle management of your generative AI workloads?"),
    QuestionGroup("GENOPS05", OPS, "Model customization", 1, HIGH,
        "How do you determine when to execute Gen AI model customization?"),
    QuestionGroup("GENSEC01", SEC, "Endpoint security", 4, HIGH,
        "How do you manage access to generative AI endpoints?"),
    QuestionGroup("GENSEC02", SEC, "Response validation", 1, HIGH,
        "How do you stop generative AI applications from generating harmful, biased, or factually incorrect responses?"),
    QuestionGroup("GENSEC03", SEC, "Event monitoring", 1, HIGH,
        "How do you monitor and audit events associated with your generative AI workloads?"),
    QuestionGroup("GENSEC04", SEC, "Prompt security", 2, HIGH,
        "How do you secure system and user prompts?"),
    QuestionGroup("GENSEC05", SEC, "Excessive agency", 1, HIGH,
        "How do you avoid excessive agency for models?"),
    QuestionGroup("GENSEC06", SEC, "Data poisoning", 1, HIGH,
        "How do you detect and remediate data poisoning risks?"),
    QuestionGroup("GENREL01", REL, "Manage throughput quotas", 1, MEDIUM,
        "How do you determine throughput quotas (or needs) for foundation models?"),
    QuestionGroup("GENREL02", REL, "Network reliability", 1, MEDIUM,
        "How do you maintain reliable communication among different components of your generative AI architecture?"),
    QuestionGroup("GENREL03", REL, "Prompt remediation and recovery actions", 2, MEDIUM,
        "How do you implement remediation actions for generative AI workload loops, retries, and failures?"),
    QuestionGroup("GENREL04", REL, "Prompt management", 2, MEDIUM,
        "How do you maintain versions for prompts, model parameters, and foundation models?"),
    QuestionGroup("GENREL05", REL, "Distributed availability", 3, MEDIUM,
        "How do you distribute inference workloads over multiple regions of availability?"),
    QuestionGroup("GENREL06", REL, "Distributed compute tasks", 1, HIGH,
        "How do you design high-performance distributed computation tasks to maximize successful completion?"),
    QuestionGroup("GENPERF01", PERF, "Establish performance evaluation processes", 2, MEDIUM,
        "How do you capture and improve the performance of your generative AI models in production?"),
    QuestionGroup("GENPERF02", PERF, "Maintaining model performance", 3, MEDIUM,
        "How do you verify your generative AI workload maintains acceptable performance levels?"),
    QuestionGroup("GENPERF03", PERF, "Optimize consumption of high-performance compute", 1, MEDIUM,
        "How do you optimize computational resources required for high-performance distributed computation tasks?"),
    QuestionGroup("GENPERF04", PERF, "Vector store optimization", 2, MEDIUM,
        "How do you improve the performance of data retrieval systems?"),
    QuestionGroup("GENCOST01", COST, "Model selection and cost optimization", 1, MEDIUM,
        "How do you select the appropriate model to optimize costs?"),
    QuestionGroup("GENCOST02", COST, "Generative AI pricing model", 2, MEDIUM,
        "How do you select a cost-effective pricing model (for example, provisioned, on-demand, hosted, or batch)?"),
    QuestionGroup("GENCOST03", COST, "Cost-aware prompting", 4, MEDIUM,
        "How do you engineer prompts to optimize cost?"),
    QuestionGroup("GENCOST04", COST, "Cost-informed vector stores", 1, MEDIUM,
        "How do you optimize vector stores for cost?"),
    QuestionGroup("GENCOST05", COST, "Cost-informed agents", 1, HIGH,
        "How do you optimize agent workflows for cost?"),
    QuestionGroup("GENSUS01", SUS, "Energy-efficient infrastructure and services", 2, MEDIUM,
        "How do you minimize the computational resources needed for training, customizing, and hosting generative AI workloads?"),
    QuestionGroup("GENSUS02", SUS, "Consume sustainable data processing and storage services", 1, MEDIUM,
        "How can you optimize data processing and storage to minimize energy consumption and maximize efficiency?"),
    QuestionGroup("GENSUS03", SUS, "Consume energy efficient models", 1, MEDIUM,
        "How do you maintain model efficiency and resource optimization when working with large language models?"),
)

BEST_PRACTICES: tuple[BestPractice, ...] = (
    BestPractice("GENOPS01-BP01", OPS, (CONTINUOUS_IMPROVEMENT,), "High",
        "Periodically evaluate functional performance"),
    BestPractice("GENOPS01-BP02", OPS, (CONTINUOUS_IMPROVEMENT,), "High",
        "Collect and monitor user feedback"),
    BestPractice("GENOPS02-BP01", OPS, (DEPLOYMENT,), "High",
        "Monitor all application layers"),
    BestPractice("GENOPS02-BP02", OPS, (DEPLOYMENT,), "High",
        "Monitor foundation model metrics"),
    BestPractice("GENOPS02-BP03", OPS, (SCOPING,), "High",
        "Implement solutions to mitigate the risk of system overload"),
    BestPractice("GENOPS03-BP01", OPS, (MODEL_CUSTOMIZATION,), "High",
        "Implement prompt template management"),
    BestPractice("GENOPS03-BP02", OPS, (DEVELOPMENT_INTEGRATION,), "High",
        "Enable tracing for agents and RAG workflows"),
    BestPractice("GENOPS04-BP01", OPS, (CONTINUOUS_IMPROVEMENT,), "High",
        "Automate generative AI application lifecycle with infrastructure as code (IaC)"),
    BestPractice("GENOPS04-BP02", OPS, (CONTINUOUS_IMPROVEMENT,), "High",
        "Implement GenAIOps to optimize the application lifecycle"),
    BestPractice("GENOPS05-BP01", OPS, (MODEL_CUSTOMIZATION,), "High",
        "Learn when to customize models"),
    BestPractice("GENSEC01-BP01", SEC, (DEPLOYMENT,), "High",
        "Grant least privilege access to foundation model endpoints"),
    BestPractice("GENSEC01-BP02", SEC, (DEPLOYMENT,), "High",
        "Implement private network communication between foundation models and applications"),
    BestPractice("GENSEC01-BP03", SEC, (DEPLOYMENT,), "High",
        "Implement least privilege access permissions for foundation models accessing data stores"),
    BestPractice("GENSEC01-BP04", SEC, (DEPLOYMENT,), "High",
        "Implement access monitoring to generative AI services and foundation models"),
    BestPractice("GENSEC02-BP01", SEC, (DEVELOPMENT_INTEGRATION,), "High",
        "Implement guardrails to mitigate harmful or incorrect model responses"),
    BestPractice("GENSEC03-BP01", SEC, (DEPLOYMENT,), "High",
        "Implement control plane and data access monitoring to generative AI services and foundation models"),
    BestPractice("GENSEC04-BP01", SEC, (CONTINUOUS_IMPROVEMENT,), "Medium",
        "Implement a secure prompt catalog"),
    BestPractice("GENSEC04-BP02", SEC, (DEPLOYMENT,), "High",
        "Sanitize and validate user inputs to foundation models"),
    BestPractice("GENSEC05-BP01", SEC, (MODEL_CUSTOMIZATION,), "High",
        "Implement least privilege access and permissions boundaries for agentic workflows"),
    BestPractice("GENSEC06-BP01", SEC, (DEVELOPMENT_INTEGRATION, DEPLOYMENT,), "High",
        "Implement data purification filters for model training workflows"),
    BestPractice("GENREL01-BP01", REL, (MODEL_SELECTION,), "Medium",
        "Scale and balance foundation model throughput as a function of utilization"),
    BestPractice("GENREL02-BP01", REL, (DEVELOPMENT_INTEGRATION,), "Medium",
        "Implement redundant network connections among model endpoints and supporting infrastructure"),
    BestPractice("GENREL03-BP01", REL, (DEPLOYMENT,), "Medium",
        "Use logic to manage prompt flows and gracefully recover from failure"),
    BestPractice("GENREL03-BP02", REL, (DEVELOPMENT_INTEGRATION,), "High",
        "Implement timeout mechanisms on agentic workflows"),
    BestPractice("GENREL04-BP01", REL, (), "Medium",
        "Implement a prompt catalog"),
    BestPractice("GENREL04-BP02", REL, (DEVELOPMENT_INTEGRATION, CONTINUOUS_IMPROVEMENT,), "Low",
        "Implement a model catalog"),
    BestPractice("GENREL05-BP01", REL, (MODEL_SELECTION,), "Medium",
        "Load-balance inference requests across all regions of availability"),
    BestPractice("GENREL05-BP02", REL, (DEPLOYMENT,), "Medium",
        "Replicate embedding data across all regions of availability"),
    BestPractice("GENREL05-BP03", REL, (DEPLOYMENT,), "Medium",
        "Verify that agent capabilities are available across all regions of availability"),
    BestPractice("GENREL06-BP01", REL, (MODEL_CUSTOMIZATION, DEPLOYMENT,), "High",
        "Design for fault-tolerance for high-performance distributed computation tasks"),
    BestPractice("GENPERF01-BP01", PERF, (MODEL_CUSTOMIZATION,), "Medium",
        "Define a ground truth data set of prompts and responses"),
    BestPractice("GENPERF01-BP02", PERF, (SCOPING,), "Medium",
        "Collect performance metrics from generative AI workloads"),
    BestPractice("GENPERF02-BP01", PERF, (DEVELOPMENT_INTEGRATION,), "Medium",
        "Load test model endpoints"),
    BestPractice("GENPERF02-BP02", PERF, (DEVELOPMENT_INTEGRATION,), "Low",
        "Optimize inference parameters to improve response quality"),
    BestPractice("GENPERF02-BP03", PERF, (MODEL_SELECTION,), "Medium",
        "Select and customize the appropriate model for your use case"),
    BestPractice("GENPERF03-BP01", PERF, (MODEL_CUSTOMIZATION,), "Medium",
        "Use managed solutions for model hosting, customization, and data access where appropriate"),
    BestPractice("GENPERF04-BP01", PERF, (DEVELOPMENT_INTEGRATION, CONTINUOUS_IMPROVEMENT,), "Medium",
        "Test vector embeddings for latency and relevant performance"),
    BestPractice("GENPERF04-BP02", PERF, (), "Low",
        "Optimize vector sizes for your use case"),
    BestPractice("GENCOST01-BP01", COST, (MODEL_SELECTION,), "Medium",
        "Right-size model selection to optimize inference costs"),
    BestPractice("GENCOST02-BP01", COST, (SCOPING,), "Medium",
        "Balance cost and performance when selecting inference paradigms"),
    BestPractice("GENCOST02-BP02", COST, (DEVELOPMENT_INTEGRATION,), "Medium",
        "Optimize resource consumption to minimize hosting costs"),
    BestPractice("GENCOST03-BP01", COST, (CONTINUOUS_IMPROVEMENT,), "Medium",
        "Optimize prompt token length"),
    BestPractice("GENCOST03-BP02", COST, (DEVELOPMENT_INTEGRATION,), "Medium",
        "Control model response length"),
    BestPractice("GENCOST03-BP03", COST, (), "Medium",
        "Implement prompt caching to reduce token costs"),
    BestPractice("GENCOST03-BP04", COST, (), "Medium",
        "Annotate user input to enable cost-aware content filtering"),
    BestPractice("GENCOST04-BP01", COST, (DEPLOYMENT,), "Medium",
        "Reduce vector length on embedded tokens"),
    BestPractice("GENCOST05-BP01", COST, (DEPLOYMENT,), "High",
        "Create stopping conditions to control long-running workflows"),
    BestPractice("GENSUS01-BP01", SUS, (SCOPING,), "Medium",
        "Implement auto scaling and serverless architectures to optimize resource utilization"),
    BestPractice("GENSUS01-BP02", SUS, (SCOPING,), "Medium",
        "Use efficient model customization services"),
    BestPractice("GENSUS02-BP01", SUS, (MODEL_CUSTOMIZATION,), "Medium",
        "Optimize data processing and storage to minimize energy consumption"),
    BestPractice("GENSUS03-BP01", SUS, (DEVELOPMENT_INTEGRATION,), "Medium",
        "Leverage smaller models and optimized inference techniques to reduce carbon footprint"),
)
# fmt: on

# Section 4 and Appendix A: counts to cross-check.
GROUPS_PER_PILLAR = (5, 6, 6, 4, 5, 3)
PRACTICES_PER_PILLAR = (10, 10, 10, 8, 9, 4)
# Per phase, a practice placed in two phases counts in both.
PRACTICES_PER_PHASE = (5, 4, 7, 12, 15, 8)
# Pillar x phase (rows in PILLARS order, columns in PHASES order), then the unplaced ones.
PILLAR_PHASE_MATRIX = (
    (1, 0, 2, 1, 2, 4),
    (0, 0, 1, 2, 7, 1),
    (0, 2, 1, 3, 4, 1),
    (1, 1, 2, 3, 0, 1),
    (1, 1, 0, 2, 2, 1),
    (2, 0, 1, 1, 0, 0),
)
UNPLACED = ("GENCOST03-BP03", "GENCOST03-BP04", "GENPERF04-BP02", "GENREL04-BP01")
PLACED_TWICE = ("GENSEC06-BP01", "GENREL06-BP01", "GENREL04-BP02", "GENPERF04-BP01")
RISK_WORDS = {"High": 22, "Medium": 26, "Low": 3}
HIGH_RULE_GROUPS = 13
