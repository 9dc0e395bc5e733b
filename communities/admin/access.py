"""Who may do what with registrations in the admin: the model permissions the Animation
group holds (communities/migrations/0002_group_permissions.py)."""


def can_view(user):
    return user.is_active and (user.is_superuser or user.has_perm("communities.view_registration"))


def can_manage(user):
    return user.is_active and (
        user.is_superuser or user.has_perm("communities.change_registration")
    )


def can_add(user):
    return user.is_active and (user.is_superuser or user.has_perm("communities.add_registration"))


def can_draw(user):
    return user.is_active and (user.is_superuser or user.has_perm("communities.run_lottery"))
