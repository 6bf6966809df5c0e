package hudson.model.listeners;

import hudson.ExtensionPoint;
import hudson.model.Run;
import hudson.model.TaskListener;

@SuppressWarnings("rawtypes")
public abstract class RunListener<R extends Run> implements ExtensionPoint {
    protected RunListener(Class<R> targetType) {
        throw new UnsupportedOperationException();
    }

    protected RunListener() {
        throw new UnsupportedOperationException();
    }

    public void onCompleted(R r, TaskListener listener) {
        throw new UnsupportedOperationException();
    }
}
