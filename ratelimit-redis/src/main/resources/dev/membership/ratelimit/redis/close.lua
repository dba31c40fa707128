-- Closes a provider's lane for every replica until Redis's clock plus ARGV[1] microseconds, or keeps it closed
-- until later if it already is.
-- KEYS[1]: the lane's closure: a hash of 'until' (microseconds since the epoch) and 'reason'
-- ARGV[1]: how long, in microseconds; ARGV[2]: why
-- Returns how long the lane stays closed from now, in microseconds.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local untilNow = now + tonumber(ARGV[1])
local current = tonumber(redis.call('HGET', KEYS[1], 'until')) or 0
if current >= untilNow then
  return current - now
end
redis.call('HSET', KEYS[1], 'until', untilNow, 'reason', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], math.floor(untilNow / 1000) + 1000)
return untilNow - now
