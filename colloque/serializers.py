"""API fields for the colloque pages."""

from rest_framework.fields import Field

from home.renditions import PARTNER_LOGO as PARTNER_LOGO_FILTER  # made ahead of requests


class PublicPartnersField(Field):
    """An edition's approved partners by tier: never a proposal or an unapproved change."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, edition):
        from .services import edition_partner_groups  # noqa: PLC0415 (colloque.services imports colloque.models, which imports this module)

        return [
            {
                "tier": group.tier.name,
                "partners": [
                    {
                        "name": partner.name,
                        "kind": partner.kind,
                        "website": partner.website,
                        "description": partner.description,
                        "logo": {
                            "url": partner.logo.get_rendition(PARTNER_LOGO_FILTER).url,
                            "alt": partner.logo_alt,
                        }
                        if partner.logo
                        else None,
                    }
                    for partner in group.partners
                ],
            }
            for group in edition_partner_groups(edition=edition)
        ]
