package io.jenkins.plugins.pythonmirror.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Thread-safe request accounting of {@link FakePyPI}. */
final class Traffic {

    private final List<RecordedRequest> requests = new ArrayList<>();
    private int notModified;

    synchronized void record(RecordedRequest request) {
        requests.add(request);
    }

    synchronized void notModified() {
        notModified++;
    }

    synchronized int count(String pathPrefix) {
        return (int)
                requests.stream().filter(r -> r.path().startsWith(pathPrefix)).count();
    }

    synchronized int count(Predicate<RecordedRequest> filter) {
        return (int) requests.stream().filter(filter).count();
    }

    synchronized int conditional() {
        return (int) requests.stream().filter(RecordedRequest::conditional).count();
    }

    synchronized int notModifiedCount() {
        return notModified;
    }

    synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized void reset() {
        requests.clear();
        notModified = 0;
    }
}
