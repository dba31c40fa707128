/**
 * What both generated clients share: sending a bodiless request without stray headers, and completing a
 * generated client's result exactly once with a typed failure when no usable response arrived.
 */
package dev.membership.client.support;
