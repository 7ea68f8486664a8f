"""Requests from regions for national support or adoption."""
