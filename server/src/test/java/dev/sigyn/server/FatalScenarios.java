package dev.sigyn.server;

import io.vertx.core.Vertx;

import java.time.Duration;

/** The child JVMs of {@link ShutdownWatchdogTest}: Main's safety nets in the situations they are for. */
final class FatalScenarios {
    private FatalScenarios() {}

    public static void main(String[] args) throws Exception {
        FatalErrors.install();
        switch (args[0]) {
            case "hang-on-close" -> {
                BoundedShutdown.register(() -> Thread.sleep(Long.MAX_VALUE), Duration.ofSeconds(2));
                System.out.println("started");
                Thread.sleep(Long.MAX_VALUE);
            }
            case "internal-error" -> {
                Vertx vertx = Vertx.vertx();
                vertx.exceptionHandler(FatalErrors::unhandled);
                vertx.runOnContext(v -> {
                    throw new InternalError("a broken JVM");
                });
                Thread.sleep(Long.MAX_VALUE);
            }
            case "internal-error-thread" -> {
                Thread.ofPlatform().start(() -> {
                    throw new InternalError("a broken JVM");
                });
                Thread.sleep(Long.MAX_VALUE);
            }
            case "stack-overflow" -> {
                Vertx vertx = Vertx.vertx();
                vertx.exceptionHandler(FatalErrors::unhandled);
                vertx.runOnContext(v -> recurse(0));
                Thread.sleep(2000);
                vertx.runOnContext(v -> System.out.println("still alive"));
                Thread.sleep(Long.MAX_VALUE);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
