"""Run every Python process that has this folder on PYTHONPATH without network access."""

import netguard

netguard.install()
