"""Who may read and score candidatures in the admin (the model permissions the groups hold)."""


def can_review(user):
    return user.is_active and (
        user.is_superuser or user.has_perm("host_applications.review_hostapplication")
    )


def can_view(user):
    return user.is_active and (
        user.is_superuser
        or user.has_perm("host_applications.view_hostapplication")
        or user.has_perm("host_applications.change_hostapplication")
    )
