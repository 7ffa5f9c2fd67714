"""One rate limit for every worker: Notify allows a service 3,000 requests a minute (a sliding
60-second window) and answers 429 beyond it.

A token bucket refilled at (limit - burst) per minute with room for `burst` tokens never lets more
than `limit` requests start in any 60-second window, and keeps the sustained rate within about 2% of
the limit. With REDIS_URL the bucket lives in Redis behind a Lua script (atomic across processes
and machines, timed by Redis's own clock); without it, in this process.

`acquire()` reserves the next token and returns how long to wait for it, so workers queue fairly
instead of polling.
"""

from __future__ import annotations

import threading
import time
from functools import lru_cache

import redis

# Aim a little under the limit: clocks and network jitter move a request by some milliseconds.
HEADROOM = 0.99
BUCKET_KEY = "planner:notify:bucket"

# KEYS[1] bucket; ARGV rate per second, capacity. Tokens may go negative: that is a reservation,
# and the caller sleeps the returned number of seconds before sending.
_LUA = """
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or t
tokens = math.min(capacity, tokens + math.max(0, t - ts) * rate) - 1
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(t))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate * 1000) + 60000)
if tokens >= 0 then return '0' end
return tostring(-tokens / rate)
"""


def bucket_shape(limit_per_minute: int) -> tuple[float, float]:
    """(refill per second, capacity) so that no 60-second window sees more than the limit."""
    capacity = max(1.0, limit_per_minute / 300)
    rate = max(limit_per_minute * HEADROOM - capacity, 1.0) / 60.0
    return rate, capacity


class LocalBucket:
    """The same bucket for one process (development, tests without Redis)."""

    def __init__(self, limit_per_minute: int) -> None:
        self.rate, self.capacity = bucket_shape(limit_per_minute)
        self.tokens = self.capacity
        self.stamp = time.monotonic()
        self.lock = threading.Lock()

    def acquire(self) -> float:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate) - 1
            self.stamp = now
            return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


class RedisBucket:
    """The bucket in Redis, shared by every worker process on every machine."""

    def __init__(self, url: str, limit_per_minute: int, key: str = BUCKET_KEY) -> None:
        self.rate, self.capacity = bucket_shape(limit_per_minute)
        self.key = f"{key}:{limit_per_minute}"
        self.client = redis.Redis.from_url(url)
        self.script = self.client.register_script(_LUA)

    def acquire(self) -> float:
        return float(self.script(keys=[self.key], args=[self.rate, self.capacity]))


@lru_cache(maxsize=8)
def bucket(redis_url: str | None, limit_per_minute: int) -> LocalBucket | RedisBucket:
    """One bucket object per process and configuration."""
    if redis_url:
        return RedisBucket(redis_url, limit_per_minute)
    return LocalBucket(limit_per_minute)


def wait_for_token(redis_url: str | None, limit_per_minute: int) -> float:
    """Block until this process may make one Notify request; returns the seconds waited."""
    delay = bucket(redis_url, limit_per_minute).acquire()
    if delay > 0:
        time.sleep(delay)
    return delay
