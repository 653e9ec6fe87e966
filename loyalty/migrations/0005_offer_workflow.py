"""The workflow a partner's offer goes through: one approval task whose group nobody is put in, so only the
superuser (who may act on every task) approves or rejects."""

from django.db import migrations

GROUP = "Модераторы предложений клуба"
WORKFLOW = "Одобрение предложений клуба"


def create_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    group, _created = Group.objects.get_or_create(name=GROUP)
    task_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.create(name="Одобрение суперпользователем", content_type=task_type)
    task.groups.set([group])
    workflow = Workflow.objects.create(name=WORKFLOW)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    offer_type, _created = ContentType.objects.get_or_create(app_label="loyalty", model="offer")
    WorkflowContentType.objects.create(content_type=offer_type, workflow=workflow)


def delete_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    for workflow in Workflow.objects.filter(name=WORKFLOW):
        for link in workflow.workflow_tasks.all():
            link.task.delete()
        workflow.delete()
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("loyalty", "0004_offers")]

    operations = [migrations.RunPython(create_workflow, delete_workflow)]
