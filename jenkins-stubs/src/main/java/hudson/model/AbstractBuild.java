package hudson.model;

import java.util.Calendar;

// stubcheck:consume-only
public abstract class AbstractBuild<P extends AbstractProject<P, R>, R extends AbstractBuild<P, R>> extends Run<P, R> {
    protected AbstractBuild(P job, Calendar timestamp) {
        super(job, timestamp);
        throw new UnsupportedOperationException();
    }
}
