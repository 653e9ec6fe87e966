"""People: a customer account, or a staff member in a role given the way the admin gives it (roles.set_role),
so their groups, permissions and staff flags are the real ones."""

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from accounts import roles
from agencies.models import Agency, AgencyFolderPage


class UserFactory(DjangoModelFactory):
    """A customer account with the password "pw"."""

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = factory.django.Password("pw")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True


def staff(role, *, agency=None, business=None, dealer=None, **fields):
    """A user holding `role` (a code from accounts.roles): UserFactory(**fields), then roles.set_role."""
    user = UserFactory(**fields)
    roles.set_role(user, role, agency=agency, business=business, dealer=dealer)
    return user


def agency(name, rentals_index):
    """An agency with its folder (published) in a rentals section; its groups and page permissions are made
    by Agency.save, as in the admin."""
    slug = f"agency-{rentals_index.get_children_count() + 1}"
    folder = rentals_index.add_child(instance=AgencyFolderPage(title=name, slug=slug))
    return Agency.objects.create(name=name, root_page=folder)
