"""The sales demo of InBack and Avtofamily (`manage.py seed_demo_sales`), one module per part: intake, calendar,
CRM, deals."""
