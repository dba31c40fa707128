/** The command line a newcomer runs first. */
package dev.membership.demo;
