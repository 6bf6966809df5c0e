package io.jenkins.plugins.pythonmirror.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the engine's java.util.logging records (everything under {@code io.jenkins.plugins.pythonmirror}). */
final class LogCapture extends Handler implements AutoCloseable {

    private static final String ROOT = "io.jenkins.plugins.pythonmirror";

    private final Logger logger = Logger.getLogger(ROOT); // held: JUL keeps loggers weakly
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogCapture() {
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    /** Records whose message contains {@code text}. */
    List<LogRecord> containing(String text) {
        return records.stream()
                .filter(r -> r.getMessage() != null && r.getMessage().contains(text))
                .toList();
    }

    List<LogRecord> all() {
        return List.copyOf(records);
    }

    /** Records that carry a stack trace. */
    List<LogRecord> withStackTraces() {
        return records.stream().filter(r -> r.getThrown() != null).toList();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
