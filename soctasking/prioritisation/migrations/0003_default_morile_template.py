"""The default scoring template, modelled on MoRiLE's published structure, in every installation.

Its sources, and which of its numbers are this project's own choice, are in
docs/prioritisation.md. Reversing removes it unless a round has used it.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

TEMPLATE_ID = "morile-default"

HARM = [
    {"label": "None", "value": 0},
    {"label": "Low", "value": 1},
    {"label": "Moderate", "value": 2},
    {"label": "Substantial", "value": 3},
    {"label": "Severe", "value": 4},
]
GAP = [
    {"label": "No gap", "value": 0},
    {"label": "Some gap", "value": 1},
    {"label": "Significant gap", "value": 2},
    {"label": "Critical gap", "value": 3},
]


def _dimension(code: str, name: str, levels: list[dict[str, object]]) -> dict[str, object]:
    return {"code": code, "name": name, "weight": 1, "levels": levels}


GROUPS = [
    {
        "code": "harm_individuals",
        "name": "Harm to individuals",
        "dimensions": [
            _dimension("physical", "Physical harm", HARM),
            _dimension("psychological", "Psychological harm", HARM),
            _dimension("financial", "Financial harm", HARM),
        ],
    },
    {
        "code": "harm_communities",
        "name": "Harm to communities and the economy",
        "dimensions": [
            _dimension("community", "Harm to communities and the environment", HARM),
            _dimension("economy", "Harm to the economy and institutions", HARM),
        ],
    },
    {
        "code": "scale",
        "name": "Scale",
        "dimensions": [
            _dimension(
                "geographic_scope",
                "Geographic scope",
                [
                    {"label": "Local", "value": 1},
                    {"label": "Regional", "value": 2},
                    {"label": "National", "value": 3},
                    {"label": "International", "value": 4},
                ],
            ),
            _dimension(
                "victims",
                "Number of victims",
                [
                    {"label": "Few", "value": 1},
                    {"label": "Some", "value": 2},
                    {"label": "Many", "value": 3},
                    {"label": "Very many", "value": 4},
                ],
            ),
        ],
    },
    {
        "code": "likelihood",
        "name": "Likelihood",
        "dimensions": [
            _dimension(
                "likelihood",
                "Likelihood over the assessment's period",
                [
                    {"label": "Remote chance", "value": 0.05},
                    {"label": "Highly unlikely", "value": 0.15},
                    {"label": "Unlikely", "value": 0.3},
                    {"label": "Realistic possibility", "value": 0.45},
                    {"label": "Likely", "value": 0.65},
                    {"label": "Highly likely", "value": 0.85},
                    {"label": "Almost certain", "value": 0.975},
                ],
            )
        ],
    },
    {
        "code": "confidence",
        "name": "Confidence in the assessment",
        "dimensions": [
            _dimension(
                "confidence",
                "Confidence",
                [
                    {"label": "Low", "value": 1},
                    {"label": "Medium", "value": 2},
                    {"label": "High", "value": 3},
                ],
            )
        ],
    },
    {
        "code": "position",
        "name": "Organisational position",
        "dimensions": [
            _dimension("capacity", "Gap in capacity to respond", GAP),
            _dimension("capability", "Gap in capability to respond", GAP),
            _dimension(
                "public_expectation",
                "Public expectation",
                [
                    {"label": "Low", "value": 0},
                    {"label": "Moderate", "value": 1},
                    {"label": "High", "value": 2},
                    {"label": "Very high", "value": 3},
                ],
            ),
        ],
    },
    {
        "code": "intelligence_gap",
        "name": "Intelligence gap",
        "dimensions": [_dimension("intelligence_gap", "Gap in what is known", GAP)],
    },
]

FORMULA = (
    "(harm_individuals + harm_communities + scale) * likelihood + (position + intelligence_gap) / 2"
)
EXPLANATION = (
    "Risk is harm times likelihood: the weighted harms to individuals, to communities and the "
    "economy, and the scale, added, times the likelihood as a probability (the midpoint of its "
    "band on the probability yardstick). Half the organisational position and intelligence gap "
    "is added, so that where the response is weakest a threat rises without outweighing harm. "
    "Confidence is not in the formula: it is shown beside the score."
)


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("prioritisation", "ScoringTemplate").objects.update_or_create(
        id=TEMPLATE_ID,
        defaults={
            "family": TEMPLATE_ID,
            "version": 1,
            "name": "MoRiLE-modelled strategic scoring",
            "description": "Threat, risk and harm; likelihood and confidence; organisational "
            "position; modelled on the published structure of MoRiLE (Management of Risk in "
            "Law Enforcement). See docs/prioritisation.md for the source of each element.",
            "groups": GROUPS,
            "formula": FORMULA,
            "formula_explanation": EXPLANATION,
            "status": "approved",
        },
    )


def unseed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("prioritisation", "ScoringTemplate").objects.filter(
        id=TEMPLATE_ID, evaluations__isnull=True, next_versions__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("prioritisation", "0002_scoring_templates_and_round_fields")]
    operations = [migrations.RunPython(seed, unseed)]
