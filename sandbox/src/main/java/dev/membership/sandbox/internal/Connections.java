package dev.membership.sandbox.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/** Ends a connection the way a crashed peer or a middlebox does: no answer, and a TCP RST where possible. */
final class Connections {

  private Connections() {}

  /**
   * Closes the request's connection at once, unanswered. When Vert.x exposes the Netty channel (its internal
   * {@code ConnectionBase}), {@code SO_LINGER 0} turns the close into a TCP RST; otherwise it is a plain close (FIN),
   * which a client sees as the connection closed before an answer.
   */
  static void abort(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    if (connection instanceof ConnectionBase base) {
      Channel channel = base.channel();
      try {
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
      } catch (RuntimeException e) {
        // not a socket that lingers: a plain close is the best it can do
      }
      channel.close();
    } else {
      connection.close();
    }
  }
}
