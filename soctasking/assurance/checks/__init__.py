"""The assurance checks, one module per family.

Importing this package registers every check. A new family is a new module
here, imported below; see docs/assurance.md.
"""

from soctasking.assurance.checks import operations, referrals, submissions, themes

__all__ = ["operations", "referrals", "submissions", "themes"]
