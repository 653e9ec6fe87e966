"""The notification kinds of leads (registered with the outbox in LeadsConfig.ready)."""
