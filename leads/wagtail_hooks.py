"""The CRM in the Wagtail admin: each part registers its viewsets from its module in leads/admin/."""
