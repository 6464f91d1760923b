#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        from tandem.lib.data_folders import data_folders_make

        # Before Django starts: the job queue opens its SQLite file when the apps load.
        data_folders_make()
    except ImproperlyConfigured:
        pass  # Django reports it to the command that needs the settings
    execute_from_command_line(sys.argv)
