"""Governance groups, strategic action plans and the control strategy."""
