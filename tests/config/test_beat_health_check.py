"""compose's beat health check passes only while beat is actually ticking."""

import signal
import time

from .beat_process import health_check, start_beat, stop, wait_for_fresh_heartbeat


def test_the_health_check_fails_before_beat_ever_ran(tmp_path):
    result = health_check(tmp_path, max_age=120)
    assert result.returncode == 1
    assert "no heartbeat" in result.stderr


def test_the_health_check_passes_while_beat_runs_and_fails_once_it_stopped(tmp_path):
    beat = start_beat(tmp_path)
    try:
        wait_for_fresh_heartbeat(beat, tmp_path, after=0)
        time.sleep(3)  # beat keeps ticking (every second here), not just starting
        assert health_check(tmp_path, max_age=2).returncode == 0
        beat.send_signal(signal.SIGKILL)
        beat.wait(timeout=30)
        time.sleep(3)
        result = health_check(tmp_path, max_age=2)
        assert result.returncode == 1
        assert "last heartbeat" in result.stderr
    finally:
        stop(beat)
