"""Audit log of access changes: blocking, unblocking, roles and groups, with who and when.

Entries are Wagtail log entries (`wagtail.log_actions.log`), so they show in the admin's site history
report and in each user's history. Signals catch every way a change happens: our role and block views,
Wagtail's own user form, its "assign role" bulk action; the "set active state" bulk action updates rows in
bulk without signals, so `log_bulk_active_state` (an `after_bulk_action` hook) covers it.
The acting user comes from Wagtail's log context, which every admin view sets."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_init, post_save
from django.utils.translation import gettext, gettext_lazy
from wagtail.log_actions import LogFormatter, log

from accounts import roles

BLOCK = "accounts.user.block"
UNBLOCK = "accounts.user.unblock"
ROLE_ADD = "accounts.user.group_add"
ROLE_REMOVE = "accounts.user.group_remove"
ACCESS_ACTIONS = (BLOCK, UNBLOCK, ROLE_ADD, ROLE_REMOVE)


def register_log_actions(actions):
    """The `register_log_actions` hook: labels and messages of our actions, in the admin's language."""
    actions.register_action(BLOCK, gettext_lazy("Блокировка"), gettext_lazy("Пользователь заблокирован"))
    actions.register_action(UNBLOCK, gettext_lazy("Разблокировка"), gettext_lazy("Пользователь разблокирован"))

    @actions.register_action(ROLE_ADD)
    class GroupAdded(LogFormatter):
        label = gettext_lazy("Роль или группа назначена")

        def format_message(self, log_entry):
            return describe(log_entry.data, added=True)

    @actions.register_action(ROLE_REMOVE)
    class GroupRemoved(LogFormatter):
        label = gettext_lazy("Роль или группа снята")

        def format_message(self, log_entry):
            return describe(log_entry.data, added=False)


def describe(data, *, added):
    role = roles.ROLES.get(data.get("role") or "")
    if role is not None:
        template = gettext("Назначена роль «%(name)s»") if added else gettext("Снята роль «%(name)s»")
        return template % {"name": role.label}
    template = gettext("Добавлен в группу «%(name)s»") if added else gettext("Исключён из группы «%(name)s»")
    return template % {"name": data.get("group", "")}


def log_group_change(user, group_name, *, added):
    role = roles.ROLE_BY_GROUP_NAME.get(group_name)
    log(instance=user, action=ROLE_ADD if added else ROLE_REMOVE, data={"group": group_name, "role": role})


def log_active_change(user, *, active):
    log(instance=user, action=UNBLOCK if active else BLOCK)


# -- signal handlers -------------------------------------------------------------------------------------------------


def remember_state(sender, instance, **kwargs):
    instance._access_state = (instance.is_active, instance.is_superuser)


def log_state_change(sender, instance, created, **kwargs):
    before = getattr(instance, "_access_state", None)
    remember_state(sender, instance)
    if created or before is None:
        return
    was_active, was_superuser = before
    if instance.is_active != was_active:
        log_active_change(instance, active=instance.is_active)
    if instance.is_superuser != was_superuser:
        log(
            instance=instance,
            action=ROLE_ADD if instance.is_superuser else ROLE_REMOVE,
            data={"group": "", "role": roles.SUPERUSER},
        )


def log_group_membership(sender, instance, action, reverse, pk_set, **kwargs):
    User = get_user_model()
    if action == "pre_clear":
        # What is about to go; logged on post_clear.
        if reverse:
            instance._cleared_members = list(instance.user_set.all())
        else:
            instance._cleared_groups = list(instance.groups.all())
        return
    if action == "post_clear":
        if reverse:
            for user in getattr(instance, "_cleared_members", []):
                log_group_change(user, instance.name, added=False)
        else:
            for group in getattr(instance, "_cleared_groups", []):
                log_group_change(instance, group.name, added=False)
        return
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    added = action == "post_add"
    if reverse:  # group.user_set.add(users...)
        for user in User.objects.filter(pk__in=pk_set):
            log_group_change(user, instance.name, added=added)
    else:  # user.groups.add(groups...)
        for name in Group.objects.filter(pk__in=pk_set).values_list("name", flat=True):
            log_group_change(instance, name, added=added)


def register_signal_handlers():
    User = get_user_model()
    post_init.connect(remember_state, sender=User, dispatch_uid="accounts_remember_access_state")
    post_save.connect(log_state_change, sender=User, dispatch_uid="accounts_log_access_state")
    m2m_changed.connect(log_group_membership, sender=User.groups.through, dispatch_uid="accounts_log_groups")
