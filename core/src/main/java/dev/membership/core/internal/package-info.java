/**
 * Implementation of the removers: translation of each generated client's answers into outcomes, the retry loop,
 * the token bucket and the bulk pump. Nothing here is public API; it may change without notice.
 */
package dev.membership.core.internal;
