"""Drafting, editing, approving and publishing the national control strategy."""
