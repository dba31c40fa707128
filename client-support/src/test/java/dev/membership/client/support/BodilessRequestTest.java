package dev.membership.client.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Percent-encoding of path segments and query components. */
class BodilessRequestTest {

  @Test
  void leavesUnreservedCharactersAsTheyAre() {
    String unreserved = "AZaz09-._~5b10ac8d82e05b22cc7d4ef5";

    assertThat(BodilessRequest.encode(unreserved)).isSameAs(unreserved);
  }

  @Test
  void encodesEverythingElseAsUtf8BytesThatDecodeBackToTheValue() {
    String value = "a+b@x.com/ü €&=#?%😀 ";

    String encoded = BodilessRequest.encode(value);

    assertThat(encoded).isEqualTo("a%2Bb%40x.com%2F%C3%BC%20%E2%82%AC%26%3D%23%3F%25%F0%9F%98%80%20");
    assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(value);
  }

  @Test
  void buildsTheRequestTargetFromPrefixPathAndQuery() {
    String target = new BodilessRequest.Query("/prefix", "/v2/userGroup2/42/leave")
        .add("source", "INSTORE").add("skipped", null).add("identifierValue", "a+b c").toString();

    assertThat(target).isEqualTo("/prefix/v2/userGroup2/42/leave?source=INSTORE&identifierValue=a%2Bb%20c");
    assertThat(URI.create(target).getQuery()).isEqualTo("source=INSTORE&identifierValue=a+b c");
  }
}
