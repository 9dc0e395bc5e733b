"""What every concept of the communities' rules shares: the refusals they raise, and the
community in the default language (which holds the registrations) or in the person's."""

from home.services import default_language_version, live_translation


class RegistrationRefused(Exception):
    """A registration the community cannot take (closed window, no seat and no waitlist)."""


class LotteryRefused(Exception):
    """A draw that cannot run yet, or any more."""


class TransitionRefused(Exception):
    """A change of state the registration's current state does not allow."""


def source_community(*, community):
    """Registrations belong to the community in the default language, whatever page took them."""
    return default_language_version(page=community)


def localized_community(*, community, language):
    """The live community page in a language, for links sent to the person."""
    return live_translation(page=community, language=language)
