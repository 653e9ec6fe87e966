"""The demo of the platform: the portal and four brand sites, their catalogs, staff, bookings and sales work.

`manage.py seed_demo` builds the sites (`demo.sites`, the verticals in `demo.{realty,cars,partners,rentals}`,
prices in `demo.bookings`, staff in `demo.staff`); `seed_demo_bookings` and `seed_demo_sales` add stays and sales
work. Dev/test only: no other app imports this one."""
