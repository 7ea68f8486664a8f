"""Backing up the database and the uploaded files as one archive, and restoring it."""
