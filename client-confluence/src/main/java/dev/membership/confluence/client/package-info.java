/**
 * Hand-written parts of the Confluence client: the {@code ApiClient} subclass that fixes the stock generated
 * client's request and failure handling. The generated API lives in {@code dev.membership.confluence.generated}.
 */
package dev.membership.confluence.client;
