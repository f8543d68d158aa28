package org.portcullis.upnp.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs external programs (real peers, {@code ip}, {@code nft}) from tests, always with a time bound.
 *
 * <p>{@link #run} waits for a command and kills its whole process tree when the timeout passes;
 * {@link #start} starts a background process whose output is captured line by line, can be waited on with
 * {@link Background#waitForLine}, and is stopped with SIGTERM, then SIGKILL. {@link #runIn}/{@link #startIn} run
 * inside a network namespace through {@code ip netns exec}, which execs the command (same pid), so a signal sent
 * to the handle reaches the program itself.
 */
public final class Processes {
    /** Bound for small administrative commands ({@code ip}, {@code sysctl}, {@code kill}). */
    public static final Duration SHORT = Duration.ofSeconds(10);

    private Processes() {}

    /**
     * The outcome of a finished command.
     *
     * @param command  the command line
     * @param exitCode the exit code (-1 when killed on timeout)
     * @param out      captured standard output
     * @param err      captured standard error
     * @param timedOut true when the timeout passed and the process tree was killed
     */
    public record Result(List<String> command, int exitCode, String out, String err, boolean timedOut) {
        public Result {
            command = List.copyOf(command);
        }

        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /** Standard output followed by standard error. */
        public String output() {
            return out + err;
        }

        /** Throws unless the command exited 0 in time. */
        public Result requireOk() {
            if (!ok()) {
                throw new IllegalStateException("command failed: " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> " + (timedOut ? "TIMED OUT" : "exit " + exitCode)
                    + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    /** Runs {@code command} and waits at most {@code timeout} for it. */
    public static Result run(Duration timeout, List<String> command) {
        try (Background p = start(command)) {
            boolean done = p.waitFor(timeout);
            if (!done) {
                p.kill();
                p.awaitOutput(Duration.ofSeconds(2));
                return new Result(command, -1, p.stdout(), p.stderr(), true);
            }
            p.awaitOutput(Duration.ofSeconds(2));
            return new Result(command, p.process.exitValue(), p.stdout(), p.stderr(), false);
        }
    }

    public static Result run(Duration timeout, String... command) {
        return run(timeout, List.of(command));
    }

    /** Runs {@code command} in network namespace {@code ns}. */
    public static Result runIn(String ns, Duration timeout, String... command) {
        return run(timeout, inNamespace(ns, List.of(command)));
    }

    public static Result runIn(String ns, Duration timeout, List<String> command) {
        return run(timeout, inNamespace(ns, command));
    }

    /** {@code ip netns exec ns command...}. */
    public static List<String> inNamespace(String ns, List<String> command) {
        List<String> full = new ArrayList<>(command.size() + 4);
        full.add("ip");
        full.add("netns");
        full.add("exec");
        full.add(ns);
        full.addAll(command);
        return full;
    }

    /** Starts {@code command} in the background; close the handle to stop it. */
    public static Background start(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            return new Background(command, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    public static Background start(String... command) {
        return start(List.of(command));
    }

    /** Starts {@code command} in the background in network namespace {@code ns}. */
    public static Background startIn(String ns, String... command) {
        return start(inNamespace(ns, List.of(command)));
    }

    public static Background startIn(String ns, List<String> command) {
        return start(inNamespace(ns, command));
    }

    /** The path of the running JVM's {@code java} launcher. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(
                System.getProperty("java.home") + "/bin/java");
    }

    /** A background process with captured output. Thread-safe. */
    public static final class Background implements AutoCloseable {
        private final List<String> command;
        private final Process process;
        private final StringBuilder out = new StringBuilder();
        private final StringBuilder err = new StringBuilder();
        /** Lines of both streams, in arrival order, for {@link #waitForLine}. */
        private final List<String> lines = new ArrayList<>();
        private final Thread outReader;
        private final Thread errReader;

        private Background(List<String> command, Process process) {
            this.command = List.copyOf(command);
            this.process = process;
            this.outReader = reader(process.getInputStream(), out, "out");
            this.errReader = reader(process.getErrorStream(), err, "err");
        }

        private Thread reader(InputStream in, StringBuilder sink, String what) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (this) {
                            sink.append(line).append('\n');
                            lines.add(line);
                            notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process went away; what was read stays
                }
            }, "proc-" + what + "-" + process.pid());
            t.setDaemon(true);
            t.start();
            return t;
        }

        public long pid() {
            return process.pid();
        }

        public List<String> command() {
            return command;
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        public synchronized String stdout() {
            return out.toString();
        }

        public synchronized String stderr() {
            return err.toString();
        }

        /** All captured lines of both streams, in arrival order. */
        public synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        /**
         * Waits until a line of stdout or stderr matches {@code regex} (found anywhere in the line).
         *
         * @return the match, or empty when the time passes or the process exits (with its output read) first
         */
        public Optional<Matcher> waitForLine(Pattern regex, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            int seen = 0;
            synchronized (this) {
                while (true) {
                    for (; seen < lines.size(); seen++) {
                        Matcher m = regex.matcher(lines.get(seen));
                        if (m.find()) {
                            return Optional.of(m);
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return Optional.empty();
                    }
                    if (!process.isAlive() && !outReader.isAlive() && !errReader.isAlive()) {
                        return Optional.empty();
                    }
                    try {
                        // Bounded slices: the readers notify on each line, but not on process exit.
                        wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Optional.empty();
                    }
                }
            }
        }

        public Optional<Matcher> waitForLine(String regex, Duration timeout) {
            return waitForLine(Pattern.compile(regex), timeout);
        }

        /** Waits at most {@code timeout} for exit; true if the process has exited. */
        public boolean waitFor(Duration timeout) {
            try {
                return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** The exit code, once exited. */
        public Optional<Integer> exitCode() {
            return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
        }

        /**
         * Sends SIGTERM to the process only (not its children), as an init system would. Through the
         * {@link ProcessHandle}: {@link Process#destroy()} also closes our ends of the pipes, which would lose what
         * the process prints while it shuts down.
         */
        public void terminate() {
            process.toHandle().destroy();
        }

        /** Sends SIGKILL to the process tree: the process first, so that it cannot react to its children dying. */
        public void kill() {
            List<ProcessHandle> tree = process.descendants().toList();
            process.toHandle().destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
            waitFor(Duration.ofSeconds(5));
        }

        /**
         * SIGTERM, wait up to {@code grace}, then SIGKILL the tree.
         *
         * @return the exit code (137 or similar when it had to be killed)
         */
        public int destroy(Duration grace) {
            if (process.isAlive()) {
                terminate();
                if (!waitFor(grace)) {
                    kill();
                }
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            awaitOutput(Duration.ofSeconds(2));
            return process.isAlive() ? -1 : process.exitValue();
        }

        void awaitOutput(Duration timeout) {
            try {
                outReader.join(timeout.toMillis());
                errReader.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Stops the process: SIGTERM, then SIGKILL after 5 s. Idempotent. */
        @Override
        public void close() {
            destroy(Duration.ofSeconds(5));
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " (pid " + process.pid() + ", "
                    + (process.isAlive() ? "running" : "exit " + process.exitValue()) + ")\n--- stdout ---\n"
                    + stdout() + "\n--- stderr ---\n" + stderr();
        }
    }
}
