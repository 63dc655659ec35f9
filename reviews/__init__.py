"""Workloads, sharing, lens reviews, answers, risk, improvement plans, milestones and reports."""
