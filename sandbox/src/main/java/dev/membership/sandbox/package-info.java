/**
 * A stateful local simulator of Capillary's and Confluence's remove-member endpoints: {@link
 * dev.membership.sandbox.Sandbox} to start one, {@link dev.membership.sandbox.SandboxOptions} to configure it, and
 * the value types its {@code /_sandbox/} admin API speaks ({@link dev.membership.sandbox.FaultSettings}, {@link
 * dev.membership.sandbox.SandboxRateLimit}, {@link dev.membership.sandbox.SeedSource}).
 */
package dev.membership.sandbox;
