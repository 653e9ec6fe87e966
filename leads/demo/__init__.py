"""Demo data of the leads app, one module per part; home/management/commands/seed_demo.py calls their seed()."""
