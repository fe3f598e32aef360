package dev.sigyn.querier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets the operating system prefer pushes to queries. The threads that evaluate queries and read the store for them
 * run at a lower scheduling priority (nice {@value #NICE} on Linux), so that when queries keep every core busy, the
 * few milliseconds a push needs are not queued behind seconds of query work. With fewer query threads (the default
 * {@code querier.max_concurrent}), this took push p99 under 50 heavy queries on two cores from 12.5-16.7× its idle
 * value to 2.4-3.4×; the rest was garbage-collection pauses (docs/performance.md, "Isolation"). Queries lose nothing
 * while nothing else wants the cores.
 *
 * <p>Lowering one's own priority needs no privilege. It is done with {@code renice} on the thread's id, once per
 * thread; where that is not possible (not Linux, no {@code renice}), queries run at normal priority, said once in the
 * log. Threads a query thread starts (a cache's maintenance, a process reaper) inherit its priority; they do query
 * work too. The push path's threads (event loops, push workers, the write-ahead log's) start before any query.
 */
public final class QueryThreads {
    private static final Logger log = LoggerFactory.getLogger(QueryThreads.class);
    /** Niceness of query threads: 10 gives them about a tenth of the weight of a normal thread when both want a core. */
    static final int NICE = 10;
    private static final ThreadLocal<Boolean> LOWERED = ThreadLocal.withInitial(() -> false);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private QueryThreads() {
    }

    /** Lowers the calling thread's priority, the first time it is called on that thread. */
    public static void lowerPriority() {
        if (LOWERED.get()) return;
        LOWERED.set(true);
        try {
            // On Linux /proc/thread-self links to /proc/<pid>/task/<tid>: the kernel's id of this thread.
            String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", String.valueOf(NICE), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(5, TimeUnit.SECONDS) || renice.exitValue() != 0) {
                renice.destroy();
                warnOnce("renice exited with " + (renice.isAlive() ? "no answer" : renice.exitValue()));
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            warnOnce(e.toString());
        }
    }

    /** Threads named {@code prefix1, prefix2...}, daemons, that lower their priority before their first task. */
    public static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(() -> {
                lowerPriority();
                r.run();
            }, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void warnOnce(String why) {
        if (WARNED.compareAndSet(false, true)) {
            log.atInfo().addKeyValue("reason", why).log("query threads run at normal priority: cannot lower it here");
        }
    }
}
