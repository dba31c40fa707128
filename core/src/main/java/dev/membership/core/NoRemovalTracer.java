package dev.membership.core;

/** The one tracer that opens no span; see {@link RemovalTracer#none()}. */
final class NoRemovalTracer implements RemovalTracer, RemovalTracer.Parent, RemovalTracer.RemovalSpan,
    RemovalTracer.AttemptSpan {

  static final NoRemovalTracer INSTANCE = new NoRemovalTracer();

  private NoRemovalTracer() {}

  @Override
  public Parent parent() {
    return this;
  }

  @Override
  public RemovalSpan removal(Provider provider) {
    return this;
  }

  @Override
  public AttemptSpan attempt(int attempt, HttpRequestTarget request) {
    return this;
  }

  @Override
  public void succeeded(RemovalOutcome outcome, int attempts) {}

  @Override
  public void failed(RemovalException failure, int attempts) {}

  @Override
  public void answered(int status) {}

  @Override
  public void failed(String errorType) {}
}
