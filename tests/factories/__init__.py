from .home import (
    DocumentFactory,
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    UserFactory,
)

__all__ = [
    "DocumentFactory",
    "ImageFactory",
    "NewsIndexPageFactory",
    "NewsPageFactory",
    "StandardPageFactory",
    "UserFactory",
]
