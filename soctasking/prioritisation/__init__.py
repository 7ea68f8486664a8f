"""Scored evaluations of threats for a prioritisation round."""
