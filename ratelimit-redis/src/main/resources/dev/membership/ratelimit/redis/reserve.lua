-- One permit of a provider's lane, shared by every replica: GCRA (the generic cell rate algorithm) on Redis's own
-- clock, in one atomic step.
-- KEYS[1]: the lane's theoretical arrival time, microseconds since the epoch
-- KEYS[2]: the lane's closure: a hash of 'until' (microseconds since the epoch) and 'reason'
-- ARGV[1]: the emission interval, microseconds per permit (1,000,000 / rate)
-- ARGV[2]: the burst tolerance, microseconds ((burst - 1) * interval)
-- Returns {wait, remaining, reason}: while the lane is closed, {-1, microseconds it stays closed, reason} and
-- nothing is reserved; else {microseconds to wait before sending, 0, ''}. Durations, not instants: the caller's
-- clock need not agree with this one.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local closure = redis.call('HMGET', KEYS[2], 'until', 'reason')
local closedUntil = tonumber(closure[1]) or 0
if closedUntil > now then
  return {-1, closedUntil - now, closure[2] or ''}
end
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then
  tat = now
end
local wait = tat - tolerance - now
if wait < 0 then
  wait = 0
end
local nextTat = tat + interval
-- Kept only as long as it matters: once it has passed, a missing key means the same as a past one.
redis.call('SET', KEYS[1], nextTat, 'PX', math.floor((nextTat - now) / 1000) + 1000)
return {wait, 0, ''}
