"""WAGTAIL_FINISH_WORKFLOW_ACTION: what happens when a workflow is approved. Wagtail publishes as the user who
made the last step, checking their permission; a trusted dealer's ad is approved by the system on submission,
so the last step is the dealer's, who may not publish: here the trust is that permission. Imports lazily:
Wagtail reads this setting while its models load."""


def publish_workflow_state(workflow_state, user=None):
    from wagtail.workflows import publish_workflow_state as publish_as_usual

    from dealers.models import DealerModerationTask

    state = workflow_state.current_task_state
    if state is not None and state.finished_by_id is None and isinstance(state.task.specific, DealerModerationTask):
        workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
        return
    publish_as_usual(workflow_state, user=user)
