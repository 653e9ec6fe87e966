from django.core.cache import cache

from core import ratelimit


def test_hits_are_counted_in_one_window_and_start_again_after_it(settings):
    cache.delete("test:ratelimit")
    assert ratelimit.hits("test:ratelimit") == 0
    assert [ratelimit.hit("test:ratelimit", 60) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.hits("test:ratelimit") == 3
    cache.delete("test:ratelimit")  # the window ends
    assert ratelimit.hit("test:ratelimit", 60) == 1
