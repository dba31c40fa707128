package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every input is checked before anything can be sent; each error names the field and the reason. */
class InputValidationTest {

  private static final CapillarySource IN = CapillarySource.INSTORE;
  private static final CapillaryIdentifier MOBILE = CapillaryIdentifier.MOBILE;

  static Stream<Arguments> invalidInputs() {
    return Stream.of(
        refused("capillary group id 0", "groupId", "must be at least 1",
            () -> new Membership.Capillary(0, IN, MOBILE, "918095467895")),
        refused("capillary negative group id", "groupId", "must be at least 1",
            () -> new Membership.Capillary(-5, IN, MOBILE, "918095467895")),
        refused("missing source", "source", "is required",
            () -> new Membership.Capillary(1, null, MOBILE, "918095467895")),
        refused("missing identifier name", "identifierName", "is required",
            () -> new Membership.Capillary(1, IN, null, "918095467895")),
        refused("missing identifier value", "identifierValue", "is required",
            () -> new Membership.Capillary(1, IN, CapillaryIdentifier.EXTERNAL_ID, null)),
        refused("blank identifier value", "identifierValue", "must not be blank",
            () -> new Membership.Capillary(1, IN, CapillaryIdentifier.EXTERNAL_ID, "   ")),
        refused("CR LF in identifier value", "identifierValue", "control characters",
            () -> new Membership.Capillary(1, IN, CapillaryIdentifier.EXTERNAL_ID, "ext\r\nX-Injected: 1")),
        refused("NUL in identifier value", "identifierValue", "control characters",
            () -> new Membership.Capillary(1, IN, CapillaryIdentifier.CARD_NUMBER, "12\u000034")),
        refused("oversized identifier value", "identifierValue", "at most 256 characters",
            () -> new Membership.Capillary(1, IN, CapillaryIdentifier.EXTERNAL_ID, "x".repeat(257))),
        refused("letters in mobile", "identifierValue", "not a mobile number",
            () -> new Membership.Capillary(1, IN, MOBILE, "91809ab67895")),
        refused("too short mobile", "identifierValue", "not a mobile number",
            () -> new Membership.Capillary(1, IN, MOBILE, "12345")),
        refused("too long mobile", "identifierValue", "not a mobile number",
            () -> new Membership.Capillary(1, IN, MOBILE, "1234567890123456")),
        refused("email without domain dot", "identifierValue", "not an email address",
            () -> new Membership.Capillary(1, IN, CapillaryIdentifier.EMAIL, "a@b")),
        refused("email without at", "identifierValue", "not an email address",
            () -> new Membership.Capillary(1, IN, CapillaryIdentifier.EMAIL, "someone.example.com")),
        refused("email with space", "identifierValue", "not an email address",
            () -> new Membership.Capillary(1, IN, CapillaryIdentifier.EMAIL, "some one@example.com")),
        refused("padded value", "identifierValue", "white space",
            () -> new Membership.Capillary(1, IN, CapillaryIdentifier.EXTERNAL_ID, " ext-1")),
        refused("account id with INSTORE", "accountId", "not applicable to source INSTORE",
            () -> new Membership.Capillary(1, IN, MOBILE, "918095467895", "acc-1")),
        refused("blank account id", "accountId", "must not be blank",
            () -> new Membership.Capillary(1, CapillarySource.WEBSITE, MOBILE, "918095467895", "")),
        refused("LF in account id", "accountId", "control characters",
            () -> new Membership.Capillary(1, CapillarySource.WEBSITE, MOBILE, "918095467895", "a\nb")),
        refused("unknown source", "source", "must be one of",
            () -> CapillarySource.fromWireName("POS")),
        refused("unknown identifier name", "identifierName", "must be one of",
            () -> CapillaryIdentifier.fromWireName("phone")),
        refused("blank confluence group id", "groupId", "must not be blank",
            () -> new Membership.Confluence(" ", "5b10ac8d82e05b22cc7d4ef5")),
        refused("missing confluence account id", "accountId", "is required",
            () -> new Membership.Confluence("g", null)),
        refused("CR in confluence account id", "accountId", "control characters",
            () -> new Membership.Confluence("g", "5b10\rac8d")),
        refused("line separator in confluence group id", "groupId", "control characters",
            () -> new Membership.Confluence("g\u2028h", "5b10ac8d")),
        refused("oversized confluence account id", "accountId", "at most 256 characters",
            () -> new Membership.Confluence("g", "a".repeat(300))),
        refused("colon in capillary username", "username", "must not contain ':'",
            () -> CapillaryCredentials.ofPassword("till:user", "pw")),
        refused("blank capillary password", "password", "must not be blank",
            () -> CapillaryCredentials.ofPassword("till_user", " ")),
        refused("md5 of wrong length", "passwordMd5", "32 hexadecimal",
            () -> CapillaryCredentials.ofPasswordMd5("till_user", "abc123")),
        refused("confluence email malformed", "email", "not an email address",
            () -> ConfluenceCredentials.basic("admin", "token")),
        refused("confluence token with LF", "apiToken", "control characters",
            () -> ConfluenceCredentials.basic("admin@example.com", "tok\nen")),
        refused("blank oauth token", "accessToken", "must not be blank",
            () -> ConfluenceCredentials.oauth("")),
        refused("plain http to a remote host", "baseUrl", "must use https",
            () -> CapillaryConfig.builder().baseUrl("http://eu.api.capillarytech.com")
                .credentials(CapillaryCredentials.ofPassword("u", "p")).build()),
        refused("plain http to a remote authorisation server", "authServerUrl", "must use https",
            () -> ConfluenceConfig.builder().cloudId("c-1").authServerUrl("http://auth.example.com")
                .credentials(ConfluenceCredentials.oauth("t0ken")).build()),
        refused("ftp base url", "baseUrl", "http or https",
            () -> CapillaryConfig.builder().baseUrl("ftp://example.com")),
        refused("credentials in url", "siteUrl", "user info",
            () -> ConfluenceConfig.builder().siteUrl("https://me:secret@acme.atlassian.net")),
        refused("query in url", "siteUrl", "query or fragment",
            () -> ConfluenceConfig.builder().siteUrl("https://acme.atlassian.net/?x=1")),
        refused("unknown cluster", "cluster", "must be one of eu, apac, apac2, us",
            () -> CapillaryConfig.builder().cluster("mars")),
        refused("cloud id with slash", "cloudId", "letters, digits and '-'",
            () -> ConfluenceConfig.builder().cloudId("abc/../x")),
        refused("config without credentials", "credentials", "is required",
            () -> CapillaryConfig.builder().baseUrl("https://eu.api.capillarytech.com").build()),
        refused("config without site", "siteUrl", "is required",
            () -> ConfluenceConfig.builder().credentials(ConfluenceCredentials.oauth("t0ken")).build()),
        refused("OAuth with a site URL", "cloudId", "only through Atlassian's gateway",
            () -> ConfluenceConfig.builder().siteUrl("https://example.atlassian.net")
                .credentials(ConfluenceCredentials.oauth("t0ken")).build()),
        refused("refreshing OAuth with a site URL", "cloudId", "is required with OAuth credentials",
            () -> ConfluenceConfig.builder().siteUrl("https://example.atlassian.net")
                .credentials(ConfluenceCredentials.oauth("id", "s3cret", "r3fresh", token -> { })).build()),
        refused("blank client secret", "clientSecret", "must not be blank",
            () -> CapillaryCredentials.oauth("key", " ")),
        refused("no rotation callback", "onRefreshTokenRotated", "is required",
            () -> ConfluenceCredentials.oauth("id", "s3cret", "r3fresh", null)),
        refused("no token source", "tokenSource", "is required",
            () -> CapillaryCredentials.oauth((TokenSource) null)),
        refused("token without lifetime", "lifetime", "must be positive",
            () -> AccessToken.of("t0ken", Duration.ZERO)),
        refused("half a character", "accountId", "is not valid Unicode text",
            () -> new Membership.Confluence("g", "acct\ud800")),
        refused("zero attempts", "maxAttempts", "between 1 and 100",
            () -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1))),
        refused("backoff cap below start", "maxBackoff", "at least initialBackoff",
            () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1))),
        refused("negative deadline", "deadline", "must be positive",
            () -> RemoverOptions.builder().deadline(Duration.ofSeconds(-1))),
        refused("zero rate", "permitsPerSecond", "must be positive", () -> new RateLimit(0, 1)),
        refused("zero burst", "burst", "at least 1", () -> new RateLimit(5, 0)),
        refused("zero concurrency", "maxConcurrency", "between 1 and 10000",
            () -> RemoverOptions.builder().maxConcurrency(0)));
  }

  private static Arguments refused(String name, String field, String reason, Executable input) {
    return Arguments.of(name, field, reason, input);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidInputs")
  void refusesNamingFieldAndReason(String name, String field, String reason, Executable input) {
    InvalidInputException error = catchThrowableOfType(InvalidInputException.class, input::execute);

    assertThat(error).as(name).isNotNull();
    assertThat(error.field()).isEqualTo(field);
    assertThat(error.getMessage()).startsWith(field + ": ").contains(reason);
  }

  @Test
  void neverRepeatsTheRefusedValue() {
    String value = "ext\r\nX-Injected: evil";

    assertThatThrownBy(() -> new Membership.Capillary(1, IN, CapillaryIdentifier.EXTERNAL_ID, value))
        .hasMessageNotContaining("X-Injected").hasMessageNotContaining("evil");
  }

  @Test
  void acceptsValidValues() {
    assertThat(new Membership.Capillary(9007199254740993L, CapillarySource.WEBSITE, CapillaryIdentifier.EMAIL,
        "a+b@x.com", "acc-1").identifierValue()).isEqualTo("a+b@x.com");
    assertThat(new Membership.Capillary(1, IN, MOBILE, "+918095467895").identifierValue())
        .isEqualTo("+918095467895");
    assertThat(new Membership.Confluence("ü € &=#?/", "384093:32b4d9w0").accountId()).isEqualTo("384093:32b4d9w0");
    assertThat(CapillaryIdentifier.fromWireName("cardExternalId")).isEqualTo(CapillaryIdentifier.CARD_EXTERNAL_ID);
    assertThat(CapillarySource.fromWireName("mobile_app")).isEqualTo(CapillarySource.MOBILE_APP);
  }

  @Test
  void hashesCapillaryPasswordToLowerCaseMd5Hex() {
    assertThat(CapillaryCredentials.ofPassword("till_user", "password").passwordMd5())
        .isEqualTo("5f4dcc3b5aa765d61d8327deb882cf99");
    assertThat(CapillaryCredentials.ofPassword("till_user", "pässwörd").passwordMd5())
        .as("UTF-8 bytes").isEqualTo("12841e4ba5e37d2fbfc78458c6714ade");
    assertThat(CapillaryCredentials.ofPasswordMd5("till_user", "5F4DCC3B5AA765D61D8327DEB882CF99").passwordMd5())
        .isEqualTo("5f4dcc3b5aa765d61d8327deb882cf99");
  }

  @Test
  void theOrderOfTheSettersNeverMatters() {
    CapillaryCredentials credentials = CapillaryCredentials.ofPassword("u", "p");

    assertThat(CapillaryConfig.builder().baseUrl("http://proxy.internal:3128").allowInsecureHttp(true)
        .credentials(credentials).build().baseUrl()).isEqualTo("http://proxy.internal:3128");
    assertThat(CapillaryConfig.builder().allowInsecureHttp(true).baseUrl("http://proxy.internal:3128")
        .credentials(credentials).build().baseUrl()).isEqualTo("http://proxy.internal:3128");
    assertThat(ConfluenceConfig.builder().credentials(ConfluenceCredentials.oauth("t0ken"))
        .siteUrl("http://proxy.internal:3128/ex/confluence/c-1").allowInsecureHttp(true).build().baseUrl())
        .isEqualTo("http://proxy.internal:3128/ex/confluence/c-1");
  }

  @Test
  void acceptsPlainHttpOnlyForLoopbackOrWithExplicitOptIn() {
    assertThat(CapillaryConfig.builder().baseUrl("http://127.0.0.1:8080/").credentials(
        CapillaryCredentials.ofPasswordMd5("u", "5F4DCC3B5AA765D61D8327DEB882CF99")).build().baseUrl())
        .isEqualTo("http://127.0.0.1:8080");
    assertThat(ConfluenceConfig.builder().siteUrl("http://localhost:9000/wiki")
        .credentials(ConfluenceCredentials.basic("a@b.example", "t0ken")).build().baseUrl())
        .isEqualTo("http://localhost:9000");
    assertThat(ConfluenceConfig.builder().siteUrl("http://[::1]:9000/ex/confluence/c-1")
        .credentials(ConfluenceCredentials.oauth("t0ken")).build().baseUrl())
        .isEqualTo("http://[::1]:9000/ex/confluence/c-1");
    assertThat(CapillaryConfig.builder().allowInsecureHttp(true).baseUrl("http://proxy.internal:3128")
        .credentials(CapillaryCredentials.ofPassword("u", "p")).build().baseUrl())
        .isEqualTo("http://proxy.internal:3128");
    assertThat(ConfluenceConfig.builder().cloudId("11223344-a1b2-3b33-c444-def123456789")
        .credentials(ConfluenceCredentials.oauth("t0ken")).build().baseUrl())
        .isEqualTo("https://api.atlassian.com/ex/confluence/11223344-a1b2-3b33-c444-def123456789");
    assertThat(CapillaryConfig.builder().cluster("apac2").credentials(CapillaryCredentials.ofPassword("u", "p"))
        .build().baseUrl()).isEqualTo("https://apac2.api.capillarytech.com");
  }
}
