"""The personal cabinet at /account/: profile, saved and viewed listings, requests, bookings,
notification settings, data export and account deletion (152-ФЗ)."""
