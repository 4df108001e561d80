package org.opensafeguarding.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One component of the fault campaign in a JVM of its own, so that {@code kill -9} of it is real: the operating
 * system ends the process, nothing in it runs a hook or flushes a buffer. It runs a main class of this module's test
 * classpath with the given JVM options and arguments; its output goes to a log file that each restart appends to.
 */
final class ChildJvm {

    private final String name;
    private final String mainClass;
    private final List<String> jvmOptions;
    private final List<String> arguments;
    private final Path log;
    private Process process;

    ChildJvm(String name, String mainClass, List<String> jvmOptions, List<String> arguments, Path logFolder) {
        this.name = name;
        this.mainClass = mainClass;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.arguments = List.copyOf(arguments);
        this.log = logFolder.resolve(name + ".log");
    }

    String name() {
        return name;
    }

    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running already");
        }
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        command.addAll(arguments);
        Files.writeString(log, "\n===== start of " + name + " =====\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** SIGKILL to the JVM, then waits for the operating system to have ended it. */
    synchronized void kill9() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not die of SIGKILL within 30 s");
        }
    }

    /** SIGTERM: the JVM's shutdown hooks run (a graceful stop, as an orchestrator's rolling upgrade does). */
    synchronized void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Fails fast when the child died on its own while we wait for it to become ready. */
    void requireAlive() {
        if (!alive()) {
            throw new IllegalStateException(name + " exited (code " + process.exitValue() + "); see " + log);
        }
    }

    Path log() {
        return log;
    }

    /** Surefire's own copy of the test classpath: {@code java.class.path} may be a manifest-only booter jar. */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String cp = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return String.join(File.pathSeparator, cp.split(File.pathSeparator));
    }
}
