/**
 * The sandbox's implementation: the HTTP verticle, one handler per provider, the in-memory state, fault injection,
 * the rate limiter (token bucket, points quota, scheduled change), answer counters and the {@code /_sandbox/} admin
 * API. Nothing here is API.
 */
package dev.membership.sandbox.internal;
