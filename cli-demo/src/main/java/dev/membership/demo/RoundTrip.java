package dev.membership.demo;

import dev.membership.capillary.client.CapillaryApiClient;
import dev.membership.capillary.client.CapillaryPasswords;
import dev.membership.capillary.generated.api.UserGroupApiImpl;
import dev.membership.capillary.generated.model.IdentifierName;
import dev.membership.capillary.generated.model.LeaveGroupResponse;
import dev.membership.capillary.generated.model.Source;
import dev.membership.confluence.client.ConfluenceApiClient;
import dev.membership.confluence.generated.api.GroupApiImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * Removes one member through each generated client from a throw-away server on 127.0.0.1 that answers as the
 * providers document, and prints what each server saw and answered.
 */
public final class RoundTrip {

  private RoundTrip() {}

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
          .requestHandler(request -> {
            System.out.printf("server  <- %s %s?%s%n", request.method(), request.path(), request.query());
            if (request.path().startsWith("/v2/userGroup2/")) {
              request.response().putHeader("Content-Type", "application/json")
                  .end("{\"warnings\":[],\"errors\":[],\"success\":true}");
            } else if (request.path().equals("/wiki/rest/api/group/userByGroupId")) {
              request.response().setStatusCode(204).end();
            } else {
              request.response().setStatusCode(404).end();
            }
          });
      await(server.listen());
      String baseUrl = "http://127.0.0.1:" + server.actualPort();

      CapillaryApiClient capillary = new CapillaryApiClient(vertx, new JsonObject().put("basePath", baseUrl));
      capillary.setUsername("demo_user");
      capillary.setPassword(CapillaryPasswords.md5Hex("demo-password"));
      LeaveGroupResponse left = await(new UserGroupApiImpl(capillary)
          .leaveUserGroup(3962910L, Source.INSTORE, IdentifierName.MOBILE, "918095467895", null));
      System.out.println("capillary  -> success=" + left.getSuccess());

      ConfluenceApiClient confluence = new ConfluenceApiClient(vertx, new JsonObject().put("basePath", baseUrl));
      confluence.setUsername("admin@example.com");
      confluence.setPassword("demo-api-token");
      await(new GroupApiImpl(confluence).removeMemberFromGroupByGroupId("demo-group", "5b10ac8d82e05b22cc7d4ef5"));
      System.out.println("confluence -> 204 removed");
    } finally {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
