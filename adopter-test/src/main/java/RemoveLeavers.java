import dev.membership.core.ConfluenceConfig;
import dev.membership.core.ConfluenceCredentials;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.RateLimit;
import dev.membership.core.RemovalListener;
import dev.membership.core.RemoverOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;

public class RemoveLeavers {
  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    MembershipRemover remover = MembershipRemover.builder(vertx)
        .confluence(ConfluenceConfig.builder().siteUrl("https://acme.atlassian.net")
            .credentials(ConfluenceCredentials.basic(System.getenv("CONFLUENCE_EMAIL"),
                System.getenv("CONFLUENCE_API_TOKEN")))
            .build())
        .options(RemoverOptions.builder()
            .rateLimit(RateLimit.perSecond(10))
            .listener(new RemovalListener() {
              @Override
              public void onRetry(Membership membership, int attempt, int status, Duration delay) {
                System.err.println("attempt " + attempt + " answered " + status + "; again in " + delay);
              }
            })
            .build())
        .build();
    List<Membership> leavers = List.of(new Membership.Confluence("<groupId>", "<accountId>"));
    remover.removeAll(leavers.iterator(), result -> System.out.println(result.failed()
            ? "failed: " + result.failure().getMessage() : result.outcome()))
        .completion()
        .onComplete(done -> remover.close().onComplete(closed -> vertx.close()));
  }
}
