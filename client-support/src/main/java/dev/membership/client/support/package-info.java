/**
 * What both generated clients share: building a bodiless request without stray headers, the typed failures of a
 * request that got no usable answer, and the handler through which a caller learns when its request went out.
 */
package dev.membership.client.support;
