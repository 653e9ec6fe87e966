"""Leads (requests) and the sales CRM: intake from page forms, assignment to managers, the pipeline,
scoring, tasks and appointments, deals and cashback (seed 000: 1.2, 1.3, 2.1–2.3; seed 001: 3.3)."""
