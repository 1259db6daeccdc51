"""Maintenance scripts (sample data, templates, the rule catalogue, the demo); not shipped with perfcli."""
