/**
 * The {@code membership} command line: removes members one by one or in bulk through {@code core}, against an
 * embedded sandbox unless a base URL is configured.
 */
package dev.membership.cli;
