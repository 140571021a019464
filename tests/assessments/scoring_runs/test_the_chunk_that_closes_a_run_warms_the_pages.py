"""When a run's last chunk is counted, the campaign's dashboards and people pages are
warmed by a worker (tasks.warm_reports), once, after the run closed; chunks of a run
still going queue nothing."""

from django.core.cache import cache

from assessments import tasks


def test_closing_a_run_queues_one_warm_up_of_its_campaign(simulated_campaign, score_now,
                                                          monkeypatch, settings):
    settings.SCORING_CHUNK_SIZE = 5
    queued = []
    monkeypatch.setattr(tasks.warm_reports, "apply_async",
                        lambda args, countdown: queued.append(args))
    cache.clear()
    campaign = simulated_campaign("Warm 2026", submitted=12)
    run = score_now(campaign)
    assert run.status == "finished"
    assert queued == [(campaign.pk,)]
