/**
 * The toolkit's public face: {@link dev.membership.core.MembershipRemover} removes members from Capillary
 * customer groups and Confluence Cloud groups, one at a time or in bulk, with typed inputs, outcomes as values,
 * retries that honour {@code Retry-After}, client-side rate limiting and bounded concurrency.
 */
package dev.membership.core;
