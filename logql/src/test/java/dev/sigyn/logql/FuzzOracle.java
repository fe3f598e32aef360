package dev.sigyn.logql;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * What every fuzz target checks besides its own outcomes: one input may allocate on the fuzzing thread (measured with
 * {@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()}) no more than a budget that grows with
 * the input, and must finish within a few seconds. Every finding is an {@link AssertionError} that shows the input and
 * the name libFuzzer saves it under. Shared with the other modules' fuzz targets through logql's test jar.
 *
 * <p>Measurements can mislead, so a run over its budget or slow is measured again before it counts: past its one-time
 * class loading, a cold JIT or a GC pause, and with Jazzer's hooks switched off (they allocate for each string
 * comparison they trace; the root pom sets {@code jazzer.conditional_hooks} so that they can be). While fuzzing,
 * Jazzer's instrumentation also allocates (an array for every {@code switch} it traces, which a lexer executes per
 * character) and slows the code down; there a run is suspect only past four times its budget or time, and is then
 * measured again in a child JVM that runs the same fuzz test method on the same input without Jazzer, which decides.
 * Inputs between one and four budgets are caught when the corpus is replayed without fuzzing ({@code -Dsigyn.fuzz=false},
 * or a fuzz test run from an IDE).
 */
public final class FuzzOracle {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final long SLOW_NANOS = 2_000_000_000L;
    private static final long CHILD_TIMEOUT_SECONDS = 45; // below libFuzzer's -timeout (root pom)
    /**
     * Under Jazzer's instrumentation a run is only suspect (and measured again without it) past this many times its
     * budget and time: runs within budget reached 2.3 times it under the instrumentation, and each suspect costs a JVM.
     */
    private static final int INSTRUMENTED_SLACK = 4;

    /** One run of the code under test: it returns for every clean outcome and throws for anything else. */
    public interface Run {
        void run() throws Exception;
    }

    private FuzzOracle() {}

    /** Runs {@code run} on {@code input}; fails when it throws, allocates more than {@code budget} bytes, or is slow. */
    public static void check(byte[] input, long budget, Run run) {
        String problem;
        Throwable cause = null;
        Watchdog.watch(input);
        try {
            boolean instrumented = jazzerInstruments();
            problem = problemOf(instrumented ? INSTRUMENTED_SLACK * budget : budget,
                    instrumented ? INSTRUMENTED_SLACK * SLOW_NANOS : SLOW_NANOS, run);
            if (problem != null && instrumented) {
                String suspicion = problem;
                problem = problemWithoutJazzer(input);
                if (problem == null) {
                    System.err.println("FuzzOracle: an input that " + suspicion + " under Jazzer's instrumentation is"
                            + " fine without it");
                }
            }
        } catch (Throwable t) {
            problem = "threw " + t;
            cause = t;
        } finally {
            Watchdog.unwatch();
        }
        if (problem != null) throw finding(input, problem, cause);
    }

    /** What is wrong with the run, or null. */
    private static String problemOf(long budget, long slowNanos, Run run) throws Exception {
        long start = System.nanoTime();
        long allocated = allocatedBy(run);
        long nanos = System.nanoTime() - start;
        if (allocated > budget) {
            boolean hooksWereOn = setJazzerHooks(false);
            try {
                allocated = allocatedBy(run);
            } finally {
                if (hooksWereOn) setJazzerHooks(true);
            }
            if (allocated > budget) return "allocated " + allocated + " bytes, over its budget of " + budget;
        }
        if (nanos > slowNanos) {
            start = System.nanoTime();
            run.run();
            nanos = System.nanoTime() - start;
            if (nanos > slowNanos) return "took " + nanos / 1_000_000 + " ms, twice";
        }
        return null;
    }

    private static long allocatedBy(Run run) throws Exception {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        run.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /** Sets Jazzer's global hook switch (honoured with jazzer.conditional_hooks); returns whether it was on. */
    private static boolean setJazzerHooks(boolean on) {
        try {
            Field f = Class.forName("com.code_intelligence.jazzer.runtime.JazzerInternal").getField("hooksEnabled");
            boolean was = f.getBoolean(null);
            f.setBoolean(null, on);
            return was;
        } catch (ReflectiveOperationException e) {
            return false; // not running under Jazzer's agent: there are no hooks
        }
    }

    /** True while Jazzer fuzzes (JAZZER_FUZZ, read as Jazzer reads it): only then is the code instrumented. */
    private static boolean jazzerInstruments() {
        for (String value : new String[] {System.getenv("JAZZER_FUZZ"), System.getProperty("JAZZER_FUZZ")}) {
            if (value != null && (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("yes"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the calling fuzz test method on {@code input} in a child JVM without Jazzer ({@link Replay}); returns its
     * finding, or null when it has none.
     */
    private static String problemWithoutJazzer(byte[] input) throws IOException, InterruptedException {
        StackWalker.StackFrame target = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(
                frames -> frames.filter(f -> f.getDeclaringClass() != FuzzOracle.class).findFirst().orElseThrow());
        Path file = Files.createTempFile("fuzz-input", null);
        Path output = Files.createTempFile("fuzz-replay", ".txt");
        try {
            Files.write(file, input);
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx2g", "-cp", System.getProperty("java.class.path"), Replay.class.getName(),
                    target.getClassName(), target.getMethodName(), file.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().remove("JAZZER_FUZZ");
            Process child = builder.start();
            if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                return "ran over " + CHILD_TIMEOUT_SECONDS + " s without Jazzer";
            }
            if (child.exitValue() == 0) return null;
            String replayed = Files.readString(output);
            int at = replayed.indexOf(Replay.PREFIX);
            return at < 0 ? "failed without Jazzer: " + replayed : replayed.substring(at + Replay.PREFIX.length()).strip();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(output);
        }
    }

    /**
     * Ends the JVM when one input runs for {@link #HANG_SECONDS}: an endless loop cannot be interrupted, and while
     * Jazzer replays the corpus through JUnit, before libFuzzer starts, nothing else would stop it. It first prints
     * the input and the stuck thread's stack to the process's standard error and saves the input as
     * {@code hang-<sha1>} beside libFuzzer's crash files.
     */
    private static final class Watchdog {
        /** Above libFuzzer's -timeout (root pom), which reports a hang while it fuzzes. */
        private static final long HANG_SECONDS = 90;
        private static volatile Watch current;

        static {
            Thread thread = new Thread(Watchdog::patrol, "fuzz-watchdog");
            thread.setDaemon(true);
            thread.start();
        }

        private record Watch(byte[] input, Thread thread, long startNanos) {
        }

        static void watch(byte[] input) {
            current = new Watch(input, Thread.currentThread(), System.nanoTime());
        }

        static void unwatch() {
            current = null;
        }

        private static void patrol() {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                Watch w = current;
                if (w != null && System.nanoTime() - w.startNanos() > TimeUnit.SECONDS.toNanos(HANG_SECONDS)) {
                    report(w);
                    Runtime.getRuntime().halt(70);
                }
            }
        }

        private static void report(Watch w) {
            String folder = System.getProperty("jazzer.internal.basedir");
            StringBuilder text = new StringBuilder("FuzzOracle: an input ran for ").append(HANG_SECONDS)
                    .append(" s (a hang); saved as ").append(folder).append("/hang-").append(sha1(w.input()))
                    .append(": ").append(preview(w.input()));
            for (StackTraceElement e : w.thread().getStackTrace()) text.append("\n\tat ").append(e);
            try (PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8)) {
                err.println(text);
                if (folder != null) Files.write(Path.of(folder, "hang-" + sha1(w.input())), w.input());
            } catch (IOException | RuntimeException e) {
                // the report on standard error is what matters
            }
        }
    }

    /** The child JVM: runs one fuzz test method (on a new instance of its class) on the input in a file. */
    public static final class Replay {
        static final String PREFIX = "finding without Jazzer: ";

        public static void main(String[] args) throws Exception {
            Class<?> testClass = Class.forName(args[0]);
            Method method = testClass.getDeclaredMethod(args[1], byte[].class);
            Constructor<?> constructor = testClass.getDeclaredConstructor();
            constructor.setAccessible(true);
            method.setAccessible(true);
            try {
                method.invoke(constructor.newInstance(), (Object) Files.readAllBytes(Path.of(args[2])));
            } catch (InvocationTargetException e) {
                String message = e.getCause().getMessage();
                int end = message == null ? -1 : message.indexOf(" - input of ");
                System.out.println(PREFIX + (end < 0 ? e.getCause() : message.substring(0, end)));
                System.exit(1);
            }
        }
    }

    private static AssertionError finding(byte[] input, String what, Throwable cause) {
        // Jazzer's JUnit integration sets this property to the folder where libFuzzer writes crashing inputs.
        String folder = System.getProperty("jazzer.internal.basedir", "the module's folder");
        return new AssertionError(what + " - input of " + input.length + " bytes (when fuzzing, libFuzzer saves it as "
                + folder + "/crash-" + sha1(input) + "; copied into the test's Inputs folder, every build replays it): "
                + preview(input), cause);
    }

    /** The input's first 300 bytes as text, on one line. */
    private static String preview(byte[] input) {
        String text = new String(input, 0, Math.min(input.length, 300), StandardCharsets.UTF_8);
        return text.replace("\n", "\\n").replace("\0", "\\0") + (input.length > 300 ? "..." : "");
    }

    private static String sha1(byte[] input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(input));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
