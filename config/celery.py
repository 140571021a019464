import os

# One BLAS thread per process, set before numpy loads. The worker runs one process per
# core (the prefork pool) and the web one per worker; OpenBLAS would start a thread per
# core in each of them, and on the scoring run's small matrix products (the norm build's
# pairwise moments, the style profile) those threads fight over the cores instead of
# helping: measured on the 2-core machine under load, the norm build's moments took 0.5 to
# 5.7 s with the default threads and a few hundredths with one. An operator's own
# setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from celery import Celery  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("talent")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
