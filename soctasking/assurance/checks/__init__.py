"""The assurance checks, one module per family.

Importing this package registers every check. A new family is a new module
here, imported below; see docs/assurance.md.
"""

from soctasking.assurance.checks import (
    control_strategy,
    governance,
    meetings,
    operations,
    prioritisation,
    referrals,
    submissions,
    themes,
)

__all__ = [
    "control_strategy",
    "governance",
    "meetings",
    "operations",
    "prioritisation",
    "referrals",
    "submissions",
    "themes",
]
