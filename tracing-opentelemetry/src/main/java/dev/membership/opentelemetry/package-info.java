/**
 * OpenTelemetry spans of a {@link dev.membership.core.MembershipRemover}: {@link
 * dev.membership.opentelemetry.MembershipTracing}.
 */
package dev.membership.opentelemetry;
