/**
 * Hand-written parts of the Capillary client: the {@code ApiClient} subclass that fixes the stock generated
 * client's request and failure handling, and Capillary's password hashing. The generated API and models live in
 * {@code dev.membership.capillary.generated}.
 */
package dev.membership.capillary.client;
